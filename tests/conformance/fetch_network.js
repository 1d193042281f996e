// fetch() through the loader: statuses, bodies as they arrive, redirect and request modes,
// credentials, aborts, and network errors.
var other = 'http://localhost:' + location.port;
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }
function outcome(label, promise, describe) {
    step(function () {
        promise().then(function (value) { console.log(label + ': ' + describe(value)); },
                       function (error) { console.log(label + ': rejected ' + error.name + (error.message ? ' (' + error.message + ')' : '')); })
            .then(next);
    });
}
function countHeaders(headers) { var n = 0; headers.forEach(function () { n++; }); return n; }
function summary(r) { return r.status + ' ' + r.type + ' ' + r.url.replace(location.origin, '').replace(other, 'OTHER') + ' redirected=' + r.redirected; }

outcome('GET', function () { return fetch('/bytes/5'); }, summary);
outcome('404 is not an error', function () { return fetch('/status/404'); }, function (r) { return r.status + ' ok=' + r.ok; });
outcome('network error', function () { return fetch('/close-before-headers'); }, summary);
outcome('POST echo', function () {
    return fetch('/echo', { method: 'POST', body: new URLSearchParams('a=1&b=2') }).then(function (r) { return r.json(); });
}, function (echo) {
    return echo.method + ' ' + echo.body + ' ' + echo.headers.filter(function (h) { return h[0] === 'Content-Type'; })[0][1];
});
outcome('FormData body', function () {
    var form = new FormData();
    form.append('field', 'value');
    form.append('file', new Blob(['content'], { type: 'text/plain' }), 'name.txt');
    return fetch('/echo/body', { method: 'POST', body: form }).then(function (r) { return r.formData(); });
}, function (form) { return form.get('field') + ' ' + form.get('file').name + ' ' + form.get('file').size; });
outcome('redirect followed', function () { return fetch('/redirect/302?to=/bytes/1'); }, summary);
outcome('redirect: error', function () { return fetch('/redirect/302?to=/bytes/1', { redirect: 'error' }); }, summary);
outcome('redirect: manual', function () { return fetch('/redirect/302?to=/bytes/1', { redirect: 'manual' }); }, function (r) {
    return r.type + ' ' + r.status + ' ' + r.body;
});
outcome('same-origin mode, cross-origin URL', function () { return fetch(other + '/cors?allow_origin=*', { mode: 'same-origin' }); }, summary);
outcome('no-cors, cross-origin', function () {
    return fetch(other + '/cors', { mode: 'no-cors' }).then(function (r) { return r.text().then(function (t) { return [r, t]; }); });
}, function (pair) { return pair[0].type + ' ' + pair[0].status + ' headers=' + countHeaders(pair[0].headers) + ' body="' + pair[1] + '"'; });
outcome('cors, cross-origin without CORS headers', function () { return fetch(other + '/cors'); }, summary);
outcome('cors, cross-origin allowed', function () {
    return fetch(other + '/cors?allow_origin=*&expose=X-Exposed');
}, function (r) { return r.type + ' ' + r.headers.get('X-Exposed') + ' ' + r.headers.get('X-Secret'); });
outcome('credentials: include, cross-origin', function () {
    return fetch(other + '/cors?allow_origin=echo&credentials=1&set_cookie=' + encodeURIComponent('f=1; SameSite=None; Secure'), { credentials: 'include' })
        .then(function () { return fetch(other + '/cors?allow_origin=echo&credentials=1', { credentials: 'include' }); })
        .then(function (r) { return r.json(); });
}, function (echo) { return 'cookie sent: ' + echo.cookie; });
outcome('credentials: omit, same origin', function () {
    return fetch('/headers?set=' + encodeURIComponent('Set-Cookie:omitted=1'), { credentials: 'omit' })
        .then(function () { return fetch('/echo'); }).then(function (r) { return r.json(); });
}, function (echo) { return 'cookie: ' + (echo.headers.filter(function (h) { return h[0] === 'Cookie'; }).length ? 'sent' : 'none'); });
outcome('data: URL', function () { return fetch('data:text/plain,hi%21').then(function (r) { return r.text(); }); }, function (t) { return t; });
outcome('body arrives chunk by chunk', function () {
    return fetch('/drip?chunks=3&interval=100&size=4').then(function (r) {
        var reader = r.body.getReader(), sizes = [];
        return (function read() {
            return reader.read().then(function (result) {
                if (result.done) return sizes;
                sizes.push(result.value.byteLength + (result.value instanceof Uint8Array ? 'B' : '?'));
                return read();
            });
        })();
    });
}, function (sizes) { return sizes.join(' '); });
outcome('abort before the response', function () {
    var controller = new AbortController();
    var promise = fetch('/delay/1000', { signal: controller.signal });
    setTimeout(function () { controller.abort(); }, 50);
    return promise;
}, summary);
outcome('abort with a reason', function () {
    var controller = new AbortController();
    controller.abort(new RangeError('my reason'));
    return fetch('/bytes/1', { signal: controller.signal });
}, summary);
outcome('abort while reading the body', function () {
    var controller = new AbortController();
    return fetch('/drip?chunks=10&interval=100&size=1', { signal: controller.signal }).then(function (r) {
        var reader = r.body.getReader();
        return reader.read().then(function () {
            controller.abort();
            return reader.read();
        });
    });
}, function (x) { return 'read after abort: ' + JSON.stringify(x); });
outcome('abort through a Request made from a Request', function () {
    var controller = new AbortController();
    var first = new Request('/delay/1000', { signal: controller.signal });
    var second = new Request(first), third = second.clone();
    var promise = fetch(third);
    setTimeout(function () { controller.abort(); }, 50);
    return promise.then(undefined, function (error) {
        throw new TypeError(error.name + ', signals aborted: ' + [first.signal.aborted, second.signal.aborted, third.signal.aborted, new Request('/x').signal.aborted]);
    });
}, summary);
outcome('AbortSignal.timeout', function () { return fetch('/delay/1000', { signal: AbortSignal.timeout(50) }); }, summary);
outcome('AbortSignal.any', function () {
    var a = new AbortController(), b = new AbortController();
    var signal = AbortSignal.any([a.signal, b.signal]);
    var events = 0;
    signal.onabort = function () { events++; };
    b.abort('b went');
    return Promise.resolve([signal.aborted, signal.reason, events, a.signal.aborted]);
}, function (v) { return JSON.stringify(v); });
outcome('cancel the body: the connection is not kept', function () {
    return fetch('/endless?key=cancelled').then(function (r) {
        var reader = r.body.getReader();
        return reader.read().then(function () { return reader.cancel(); }).then(function () {
            return new Promise(function (resolve) { setTimeout(resolve, 200); });
        }).then(function () { return fetch('/endless/stats'); }).then(function (stats) { return stats.text(); });
    });
}, function (count) { return 'endless bodies still written: ' + count; });
next();
