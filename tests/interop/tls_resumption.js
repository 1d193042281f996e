//! args: --ca-file {CA}
//! trace: tls, tls (resumed)
// A second connection to the same origin resumes the first one's TLS session (the server
// closes each connection after one request, so the second request needs a new handshake).
var url = 'https://localhost:' + INTEROP.ONE_REQUEST_TLS + '/hello.txt';
function get(then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = function () { then(xhr); };
    xhr.send();
}
get(function (first) {
    get(function (second) { console.log(first.status + ' ' + second.status); });
});
