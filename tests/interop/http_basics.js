// Plain HTTP against nginx: keep-alive reuse, a redirect, a 404.
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = function () { then(xhr); };
    xhr.send();
}
get('/hello.txt', function (first) {
    console.log(first.status + ' ' + JSON.stringify(first.responseText) + ' ' + first.getResponseHeader('content-type'));
    get('/hello.txt', function (second) {
        console.log('keep-alive: same connection ' + (first.getResponseHeader('X-Connection') === second.getResponseHeader('X-Connection'))
            + ', request ' + second.getResponseHeader('X-Connection-Requests') + ' on it');
        get('/redirect', function (redirected) {
            console.log('redirect: ' + redirected.status + ' ' + redirected.responseURL.replace(location.origin, ''));
            get('/missing', function (missing) {
                console.log('missing: ' + missing.status + ' ' + missing.statusText + ' html=' + /<html>/.test(missing.responseText));
            });
        });
    });
});
