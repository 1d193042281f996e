// duknet's demo: one thread runs this script; the network thread does the I/O meanwhile.
// Run it with the README's first command (it starts a local scenario server for it).
var start = Date.now();
function at() { return ('    ' + (Date.now() - start)).slice(-5) + ' ms  '; }

console.log(at() + 'script starts (synchronous code)');

setTimeout(function () { console.log(at() + 'setTimeout(0) callback: a task'); }, 0);
Promise.resolve().then(function () { console.log(at() + 'promise reaction: a microtask, before any task'); });

var xhr = new XMLHttpRequest();
['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend'].forEach(function (type) {
    xhr.addEventListener(type, function (event) {
        var detail = type === 'readystatechange' ? 'readyState=' + xhr.readyState
            : 'loaded=' + event.loaded + ' total=' + event.total + ' lengthComputable=' + event.lengthComputable;
        console.log(at() + 'xhr ' + type + ' (' + detail + ', status=' + xhr.status + ')');
    });
});
xhr.onloadend = function () {
    console.log(at() + 'response body: ' + JSON.stringify(xhr.responseText));
    xhr.getAllResponseHeaders().split('\r\n').forEach(function (line) {
        if (line) console.log(at() + 'response header  ' + line);
    });
};
// Three 4-byte chunks, 150 ms apart, as a chunked body.
xhr.open('GET', '/drip?chunks=3&interval=150&size=4');
xhr.send();

console.log(at() + 'request sent; busy for 200 ms while the network thread reads');
var busyUntil = Date.now() + 200;
while (Date.now() < busyUntil) { }
console.log(at() + 'script ends: callbacks run only now');
