//! args: --verbose
//! stderr: network error: GET http://no-such-host.invalid/: name resolution failed
//! stderr: network error: GET http://127.0.0.1:{PORT}/reset: connection reset
//! stderr: network error: POST http://127.0.0.1:{PORT}/reset?fetch=1: connection reset
// With --verbose, each network error's real cause is printed on stderr with the method and URL;
// scripts still only see a generic network error.
function xhr(url, next) {
    var request = new XMLHttpRequest();
    request.onerror = function (e) { console.log('xhr ' + url + ': error event, status ' + request.status + ', loaded ' + e.loaded); };
    request.onloadend = next;
    request.open('GET', url);
    request.send();
}
xhr('http://no-such-host.invalid/', function () {
    xhr('/reset', function () {
        fetch('/reset?fetch=1', { method: 'POST', body: 'x' }).then(function () {
            console.log('fetch resolved (wrong)');
        }, function (e) {
            console.log('fetch /reset?fetch=1: ' + e.name + ' ' + (e instanceof TypeError));
        });
    });
});
