//! args: --resolve app.example.co.uk:{PORT}:127.0.0.1 --resolve other.example.co.uk:{PORT}:127.0.0.1 --base-url http://app.example.co.uk:{PORT}/
// Domain cookies and the public suffix list: no cookie for co.uk, a domain cookie for
// example.co.uk reaches its other subdomains, a host-only cookie does not.
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.withCredentials = true;
    xhr.onloadend = function () { then(xhr); };
    xhr.send();
}
function setCookie(value) { return '/headers?set=' + encodeURIComponent('Set-Cookie:' + value); }
function cookie(xhr) {
    var found = JSON.parse(xhr.responseText).headers.filter(function (h) { return h[0] === 'Cookie'; });
    return found.length ? found[0][1] : '(none)';
}
get(setCookie('suffix=1; Domain=co.uk'), function () {
    get(setCookie('domain=1; Domain=example.co.uk'), function () {
        get(setCookie('hostonly=1'), function () {
            get('/echo', function (here) {
                console.log('app.example.co.uk gets: ' + cookie(here));
                var port = location.port;
                get('http://other.example.co.uk:' + port + '/cors?allow_origin=echo&credentials=1', function (there) {
                    console.log('other.example.co.uk gets: ' + JSON.parse(there.responseText).cookie);
                });
            });
        });
    });
});
