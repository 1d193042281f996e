// abort() before send, after send, and while loading.
function trace(xhr, label) {
    ['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'loadend'].forEach(function (type) {
        xhr.addEventListener(type, function (event) {
            console.log(label + ': ' + type + ' readyState=' + xhr.readyState
                + (event.loaded !== undefined ? ' loaded=' + event.loaded : ''));
        });
    });
}

var before = new XMLHttpRequest();
trace(before, 'before send');
before.open('GET', '/bytes/5');
before.abort();
console.log('before send: after abort readyState=' + before.readyState);

var after = new XMLHttpRequest();
trace(after, 'after send');
after.open('GET', '/delay/200');
after.send();
after.abort();
console.log('after send: after abort readyState=' + after.readyState + ' status=' + after.status);

var loading = new XMLHttpRequest();
var aborted = false;
loading.onprogress = function () {
    if (aborted) return;
    aborted = true;
    loading.abort();
    console.log('while loading: after abort readyState=' + loading.readyState + ' text="' + loading.responseText + '"');
    // Nothing more arrives from the aborted request.
    setTimeout(function () { console.log('while loading: still ' + loading.readyState + ' later'); }, 400);
};
loading.onreadystatechange = function () { console.log('while loading: readystatechange ' + loading.readyState); };
loading.onabort = function (e) { console.log('while loading: abort loaded=' + e.loaded); };
loading.onloadend = function () { console.log('while loading: loadend'); };
loading.onload = function () { console.log('while loading: load (wrong)'); };
setTimeout(function () {
    loading.open('GET', '/drip?chunks=4&interval=100&size=3');
    loading.send();
}, 300);

// Sent again from its abort listener, a request that script holds nowhere else still completes.
setTimeout(function () {
    var again = new XMLHttpRequest();
    again.onabort = function () {
        again.onabort = null;
        again.open('GET', '/bytes/3');
        again.onload = function () { console.log('sent again from onabort: ' + this.responseText); };
        again.send();
        again = null;
    };
    again.open('GET', '/delay/200');
    again.send();
    again.abort();
    Duktape.gc();
    setTimeout(function () { Duktape.gc(); }, 20);
}, 900);
