//! args: --ca-file {CA} --resolve api.example.test:{HTTP}:127.0.0.1
//! env: http_proxy=http://127.0.0.1:{PROXY}
//! env: HTTPS_PROXY=127.0.0.1:{PROXY}
//! env: no_proxy=example.test, .nowhere.test
// Proxies from the environment: plain http through the proxy (absolute-form request), https
// through a CONNECT tunnel (the certificate is still the origin's, verified), and the proxy's
// own log of what it was asked.
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = function () { then(xhr); };
    xhr.send();
}
get('http://127.0.0.1:' + INTEROP.HTTP + '/hello.txt', function (plain) {
    console.log('http via the proxy: ' + plain.status + ' ' + JSON.stringify(plain.responseText));
    fetch('https://localhost:' + INTEROP.TLS + '/hello.txt').then(function (r) { return r.text(); }).then(function (text) {
        console.log('https through a tunnel: ' + JSON.stringify(text));
        return new Promise(function (resolve) {
            get('http://api.example.test:' + INTEROP.HTTP + '/hello.txt', function (direct) {
                console.log('no_proxy host, reached directly: ' + direct.status);
                resolve();
            });
        });
    }).then(function () {
        get('http://proxy.log/', function (log) {
            console.log('the proxy saw:\n' + log.responseText.replace(/:\d+/g, ':PORT'));
        });
    });
});
