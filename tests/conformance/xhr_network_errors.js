//! args: --verbose
//! stderr: network error: GET http://127.0.0.1:{PORT}/close-early?send=3&claim=10: connection closed
//! stderr: network error: GET http://127.0.0.1:{PORT}/malformed?kind=garbage: malformed response
//! stderr: network error: GET http://127.0.0.1:1/: connection refused
// Every network error gives status 0, no headers, no body, and the error event sequence; the
// real cause is only on stderr with --verbose.
var urls = [
    '/close-early?send=3&claim=10',
    '/malformed?kind=garbage',
    'http://127.0.0.1:1/',
    '/close-before-headers',
    '/reset',
    '/malformed?kind=badstatus',
    '/malformed?kind=badchunk',
    '/malformed?kind=badheader',
];
function next(index) {
    if (index === urls.length) return;
    var xhr = new XMLHttpRequest();
    var events = [];
    ['readystatechange', 'progress', 'load', 'error', 'loadend'].forEach(function (type) {
        xhr.addEventListener(type, function (event) {
            events.push(type === 'readystatechange' ? 'rsc' + xhr.readyState : type + '(' + event.loaded + ',' + event.total + ')');
        });
    });
    xhr.onloadend = function () {
        // Drop what came before the failure (it depends on how far the response got).
        var tail = events.slice(events.lastIndexOf('rsc4'));
        console.log(urls[index] + ': ' + tail.join(' ') + ' status=' + xhr.status + ' statusText="' + xhr.statusText
            + '" headers="' + xhr.getAllResponseHeaders() + '" text="' + xhr.responseText + '" url="' + xhr.responseURL + '"');
        next(index + 1);
    };
    xhr.open('GET', urls[index]);
    xhr.send();
}
next(0);
