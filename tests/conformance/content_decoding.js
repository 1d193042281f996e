//! args: --verbose
//! stderr: /encoded?size=200&codings=gzip&corrupt=1: content decoding failed: corrupt encoded body
//! stderr: /encoded?size=200&codings=br&truncate=30: content decoding failed: truncated encoded body
// gzip, deflate (zlib and raw), br and stacked codings are decoded on the network thread; a
// corrupt or truncated encoded body is a network error; an unknown coding passes through.
var expected = '';
for (var i = 0; i < 200; ++i) expected += 'line ' + i + ' of an encoded body\n';
var cases = ['gzip', 'deflate', 'raw-deflate&header=deflate', 'br', 'gzip,br', 'deflate,gzip', 'gzip&header=x-gzip',
             'gzip&corrupt=1', 'br&truncate=30', 'gzip&header=x-unknown'];
function next(index) {
    if (index === cases.length) return acceptEncoding();
    var xhr = new XMLHttpRequest();
    var progress = [];
    xhr.onprogress = function (e) { progress.push(e.lengthComputable + '/' + (e.total === Number(xhr.getResponseHeader('Content-Length')) ? 'Content-Length' : e.total)); };
    xhr.onloadend = function () {
        var result = xhr.status === 0 ? 'network error'
            : xhr.responseText === expected ? 'decoded' : 'passed through undecoded';
        console.log(cases[index] + ': ' + result + (xhr.status ? ' (progress lengthComputable/total ' + progress[progress.length - 1] + ')' : ''));
        next(index + 1);
    };
    xhr.open('GET', '/encoded?size=200&codings=' + cases[index]);
    xhr.send();
}
next(0);
function acceptEncoding() {
    var echo = new XMLHttpRequest();
    echo.open('GET', '/echo');
    echo.onload = function () {
        console.log('Accept-Encoding sent: ' + JSON.parse(echo.responseText).headers.filter(function (h) {
            return h[0] === 'Accept-Encoding';
        })[0][1]);
    };
    echo.send();
}
