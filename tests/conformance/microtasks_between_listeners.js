// Microtasks run after each listener when the user agent dispatches (the script stack is then
// empty), but only after the whole dispatch when script calls dispatchEvent().
var log = [];
function listeners(target, type) {
    target.addEventListener(type, function () {
        log.push('listener 1');
        Promise.resolve().then(function () { log.push('microtask'); });
    });
    target.addEventListener(type, function () { log.push('listener 2'); });
}
var xhr = new XMLHttpRequest();
listeners(xhr, 'load');
xhr.onloadend = function () {
    console.log('native dispatch: ' + log.join(', '));
    log = [];
    var target = new EventTarget();
    listeners(target, 'ping');
    target.dispatchEvent(new Event('ping'));
    log.push('after dispatchEvent');
    Promise.resolve().then(function () { console.log('script dispatch: ' + log.join(', ')); });
};
xhr.open('GET', '/bytes/1');
xhr.send();
