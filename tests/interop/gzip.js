// nginx compresses on the fly (`gzip on`: a chunked gzip body) and serves precompressed files
// (`gzip_static`: a gzip body with Content-Length); both arrive decoded.
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = function () { then(xhr); };
    xhr.send();
}
var expected = '';
for (var i = 0; i < 3000; ++i) expected += 'line ' + ('0000' + i).slice(-5) + ' of a compressible text file\n';
get('/big.txt', function (dynamic) {
    console.log('gzip on: ' + dynamic.getResponseHeader('Content-Encoding') + ', ' + dynamic.getResponseHeader('Transfer-Encoding')
        + ', decoded ' + (dynamic.responseText === expected));
    get('/static/big.txt', function (precompressed) {
        var length = Number(precompressed.getResponseHeader('Content-Length'));
        console.log('gzip_static: ' + precompressed.getResponseHeader('Content-Encoding') + ', Content-Length smaller '
            + (length > 0 && length < expected.length) + ', decoded ' + (precompressed.responseText === expected));
    });
});
