//! args: --verbose --resolve multi.test:{PORT}:127.0.0.2,[::1] --resolve dead.test:{PORT}:127.0.0.2,127.0.0.3
//! stderr: http://dead.test:{PORT}/bytes/1: connection refused
// Every address a name resolves to is tried in turn: nothing listens on 127.0.0.2, so the
// connection falls back to [::1]; when every address refuses, it is a network error.
var port = location.port;
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = function () { then(xhr.status ? xhr.status + ' ' + xhr.responseText : 'network error'); };
    xhr.send();
}
get('http://multi.test:' + port + '/cors?allow_origin=*', function (first) {
    console.log('first address refused, second used: ' + (first.indexOf('200') === 0 ? '200' : first));
    get('http://dead.test:' + port + '/bytes/1', function (dead) { console.log('every address refused: ' + dead); });
});
