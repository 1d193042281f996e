// What a CORS preflight carries: Access-Control-Request-Method, the CORS-unsafe header names
// lowercased, sorted and joined by "," in Access-Control-Request-Headers, and never cookies.
var other = 'http://localhost:' + location.port;
function send(method, headers, credentials, key, then) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, other + '/cors?allow_origin=echo&credentials=1&methods=' + method + '&headers=*,X-B,x-a,Content-Type&key=' + key);
    xhr.withCredentials = credentials;
    headers.forEach(function (h) { xhr.setRequestHeader(h[0], h[1]); });
    xhr.onloadend = function () {
        var detail = new XMLHttpRequest();
        detail.open('GET', other + '/cors/preflights?detail=1&key=' + key);
        detail.onload = function () { then(xhr.status, detail.responseText); };
        detail.send();
    };
    xhr.send(method === 'GET' ? null : 'body');
}
var cookieSetter = new XMLHttpRequest();
cookieSetter.open('GET', other + '/cors?allow_origin=echo&credentials=1&set_cookie=' + encodeURIComponent('pre=1; SameSite=None; Secure'));
cookieSetter.withCredentials = true;
cookieSetter.onloadend = function () {
    send('PUT', [['X-B', '2'], ['x-a', '1'], ['Content-Type', 'application/json']], true, 'carried', function (status, detail) {
        console.log('PUT with headers: ' + status + ', preflight: ' + detail + '(no cookie)');
        send('DELETE', [], false, 'bare', function (status, detail) {
            console.log('DELETE without headers: ' + status + ', preflight: ' + detail + '(no cookie)');
        });
    });
};
cookieSetter.send();
