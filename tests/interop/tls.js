//! args: --ca-file {CA} --resolve interop.test:{TLS}:127.0.0.1
// HTTPS with certificate verification against a test CA: by name, by IP address, and by a
// name resolved with --resolve.
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = function () { then(xhr); };
    xhr.send();
}
var urls = ['https://localhost:' + INTEROP.TLS + '/hello.txt', 'https://127.0.0.1:' + INTEROP.TLS + '/hello.txt',
            'https://interop.test:' + INTEROP.TLS + '/hello.txt'];
function next(i) {
    if (i === urls.length) return;
    get(urls[i], function (xhr) {
        console.log(urls[i].replace(/:\d+/, ':PORT') + ' -> ' + xhr.status + ' ' + JSON.stringify(xhr.responseText));
        next(i + 1);
    });
}
next(0);
