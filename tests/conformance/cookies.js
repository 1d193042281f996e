//! copy: fixtures/cookies.txt
//! args: --cookie-jar {TMPDIR}/cookies.txt
//! file: cookies.txt: 127.0.0.1	FALSE	/	FALSE	0	session	one
//! file: cookies.txt: from_the_jar	loaded
// Cookies as a browser keeps them: stored from same-origin responses, sent back per path and
// credentials mode, never shown to script; cross-site only with credentials and SameSite=None;
// loaded from and saved to --cookie-jar.
var other = 'http://localhost:' + location.port;
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }
function get(url, credentials, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    if (credentials) xhr.withCredentials = true;
    xhr.onloadend = function () { then(xhr); };
    xhr.send();
}
function cookieSent(xhr) {
    if (xhr.status === 0) return 'network error';
    var body = JSON.parse(xhr.responseText);
    if (body.cookie !== undefined) return JSON.stringify(body.cookie);
    var cookie = body.headers.filter(function (h) { return h[0] === 'Cookie'; });
    return cookie.length ? JSON.stringify(cookie[0][1]) : 'none';
}
function setCookie(value) { return '/headers?set=' + encodeURIComponent('Set-Cookie:' + value); }

step(function () { get('/echo', false, function (xhr) { console.log('loaded from the jar: ' + cookieSent(xhr)); next(); }); });
step(function () {
    get(setCookie('session=one'), false, function (xhr) {
        console.log('Set-Cookie hidden: ' + xhr.getResponseHeader('Set-Cookie') + ' ' + /set-cookie/.test(xhr.getAllResponseHeaders()));
        next();
    });
});
step(function () { get(setCookie('scoped=yes; Path=/echo'), false, function () { next(); }); });
step(function () { get(setCookie('hidden=yes; HttpOnly'), false, function () { next(); }); });
step(function () { get(setCookie('gone=soon'), false, function () { next(); }); });
step(function () { get(setCookie('gone=now; Max-Age=0'), false, function () { next(); }); });
step(function () { get('/echo', false, function (xhr) { console.log('same origin, /echo: ' + cookieSent(xhr)); next(); }); });
step(function () { get('/echo/body', false, function (xhr) { console.log('same origin, other path: ' + (xhr.getResponseHeader('X-Request-Method') ? 'ok' : '?')); next(); }); });
step(function () {
    get(other + '/cors?allow_origin=*&set_cookie=' + encodeURIComponent('lax=1'), false, function () {
        get(other + '/cors?allow_origin=echo&credentials=1&set_cookie=' + encodeURIComponent('laxcred=1'), true, function () {
            get(other + '/cors?allow_origin=echo&credentials=1&set_cookie=' + encodeURIComponent('cross=1; SameSite=None; Secure'), true, function () {
                next();
            });
        });
    });
});
step(function () {
    get(other + '/cors?allow_origin=echo&credentials=1', true, function (xhr) {
        console.log('cross-site with credentials: ' + cookieSent(xhr));
        get(other + '/cors?allow_origin=*', false, function (plain) {
            console.log('cross-site without credentials: ' + cookieSent(plain));
            next();
        });
    });
});
next();
