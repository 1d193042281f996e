// Where promise reactions fall relative to tasks: an XHR event and a fetch response arrive as
// networking tasks; reactions queued by one task run before the next task (or timer).
var log = [];
var xhr = new XMLHttpRequest();
xhr.open('GET', '/bytes/1');
xhr.onload = function () {
    log.push('xhr load (task)');
    Promise.resolve().then(function () { log.push('microtask from the xhr load'); });
    setTimeout(function () { log.push('timer set in xhr load'); }, 0);
    fetch('/bytes/1').then(function (response) {
        log.push('fetch resolved');
        return response.text();
    }).then(function () {
        log.push('body read');
        setTimeout(function () { console.log(log.join('\n')); }, 20);
    });
    log.push('xhr load ends');
};
xhr.send();
Promise.resolve().then(function () { log.push('microtask from the script'); });
log.push('script ends');
