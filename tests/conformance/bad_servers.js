// Servers that stray from the happy path: interim responses, bodiless responses, HTTP/1.0,
// Connection: close, partial heads and bodies, NUL and obs-fold in headers, conflicting lengths.
function raw(text) { return '/raw?b64=' + encodeURIComponent(btoa(text)); }
var cases = [
    ['103 before the final response', 'GET', raw('HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')],
    ['HEAD', 'HEAD', '/bytes/10'],
    ['204', 'GET', '/status/204'],
    ['304', 'GET', '/status/304'],
    ['HTTP/1.0 read to close', 'GET', raw('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nbody of an old server')],
    ['head cut short', 'GET', raw('HTTP/1.1 200 OK\r\nContent-Le')],
    ['body cut short', 'GET', raw('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')],
    ['NUL in a header', 'GET', '/malformed?kind=nul'],
    ['obs-fold', 'GET', raw('HTTP/1.1 200 OK\r\nX-Folded: a\r\n b\r\nContent-Length: 2\r\n\r\nok')],
    ['conflicting Content-Length', 'GET', raw('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!')],
    ['Content-Length and chunked', 'GET', raw('HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n')],
    // RFC 9112 section 6.3: a response whose final transfer coding is not chunked is read to the close.
    ['unknown transfer coding', 'GET', raw('HTTP/1.1 200 OK\r\nTransfer-Encoding: zip\r\n\r\nok')],
    ['invalid status code', 'GET', raw('HTTP/1.1 1000 Huge\r\nContent-Length: 0\r\n\r\n')],
    ['a byte a second', 'GET', '/drip?chunks=3&interval=1000&size=1'],
    ['body longer than Content-Length', 'GET', raw('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok and more')],
    ['200 KiB of headers (under the 256 KiB limit)', 'GET', '/big-head?count=200&size=1000'],
    ['300 KiB of headers (over the limit)', 'GET', '/big-head?count=300&size=1000'],
    ['1000 small headers', 'GET', '/big-head?count=1000&size=10'],
];
function next(index) {
    if (index === cases.length) return closing();
    var xhr = new XMLHttpRequest();
    xhr.onloadend = function () {
        console.log(cases[index][0] + ': ' + (xhr.status === 0 ? 'network error'
            : xhr.status + ' ' + JSON.stringify(xhr.responseText) + (cases[index][0] === 'obs-fold' ? ' x-folded=' + xhr.getResponseHeader('X-Folded') : '')
              + (/headers/.test(cases[index][0]) ? ' ' + xhr.getAllResponseHeaders().split('\r\n').length + ' header lines' : '')));
        next(index + 1);
    };
    xhr.open(cases[index][1], cases[index][2]);
    xhr.send();
}
function closing() {
    var first = new XMLHttpRequest();
    first.open('GET', '/bytes/3?close=1');
    first.onload = function () {
        var second = new XMLHttpRequest();
        second.open('GET', '/bytes/3');
        second.onload = function () {
            console.log('Connection: close honoured: ' + (first.getResponseHeader('Connection') === 'close'
                && first.getResponseHeader('X-Connection-Id') !== second.getResponseHeader('X-Connection-Id')));
        };
        second.send();
    };
    first.send();
}
next(0);
