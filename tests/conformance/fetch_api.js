// The Fetch API's objects without the network: Headers, Request, Response, bodies.
var log = [];
function check(label, fn) {
    try { log.push(label + ': ' + fn()); } catch (e) { log.push(label + ': threw ' + e.name); }
}
var h = new Headers({ 'X-B': ' two ', 'x-a': 'one' });
h.append('X-B', 'three');
h.append('Set-Cookie', 'a=1');
h.append('set-cookie', 'b=2');
check('headers get', function () { return h.get('x-b') + ' | ' + h.get('missing'); });
check('headers iteration is sorted, lowercased, combined, set-cookie apart', function () {
    var pairs = [];
    h.forEach(function (value, name) { pairs.push(name + '=' + value); });
    return pairs.join('; ');
});
check('getSetCookie', function () { return JSON.stringify(h.getSetCookie()); });
check('invalid name', function () { return new Headers([['bad name', 'x']]); });
check('invalid value', function () { return new Headers({ 'x': 'a\nb' }); });
check('pair of three', function () { return new Headers([['a', 'b', 'c']]); });
check('request guard drops forbidden headers', function () {
    var r = new Request('/x', { headers: { 'Cookie': 'no', 'Accept-Charset': 'no', 'X-Ok': 'yes' } });
    return [r.headers.has('cookie'), r.headers.has('accept-charset'), r.headers.get('x-ok')].join(',');
});
check('no-cors guard keeps safelisted only', function () {
    var r = new Request('/x', { mode: 'no-cors', headers: { 'Accept': 'text/html', 'X-Custom': '1' } });
    return r.headers.get('accept') + ',' + r.headers.get('x-custom');
});
check('response guard drops Set-Cookie', function () {
    return new Response('x', { headers: { 'Set-Cookie': 'a=b', 'X-Y': 'z' } }).headers.has('set-cookie');
});
check('immutable headers', function () { Response.error().headers.set('x', 'y'); return 'set'; });

var request = new Request('/path?q=1#frag', { method: 'post', body: 'hello' });
check('request members', function () {
    return [request.method, request.url.replace(location.origin, ''), request.mode, request.credentials, request.cache,
            request.redirect, request.referrer, request.destination, request.headers.get('content-type'),
            request.signal.aborted].join(' | ');
});
check('GET with a body', function () { return new Request('/x', { body: 'x' }); });
check('forbidden method', function () { return new Request('/x', { method: 'TRACE' }); });
check('invalid method', function () { return new Request('/x', { method: 'bad method' }); });
check('navigate mode', function () { return new Request('/x', { mode: 'navigate' }); });
check('no-cors with PUT', function () { return new Request('/x', { mode: 'no-cors', method: 'PUT' }); });
check('credentials in URL', function () { return new Request('http://user:pass@example.test/'); });
check('bad enum', function () { return new Request('/x', { redirect: 'sometimes' }); });
check('without new', function () { return Request('/x'); });

var response = new Response('{"a":[1,2]}', { status: 201, statusText: 'Made', headers: { 'X-Made': 'yes' } });
check('response members', function () {
    return [response.status, response.ok, response.statusText, response.type, JSON.stringify(response.url), response.redirected,
            response.headers.get('content-type'), response.headers.get('x-made'), response.bodyUsed].join(' | ');
});
check('status out of range', function () { return new Response('', { status: 600 }); });
check('null body status with a body', function () { return new Response('x', { status: 204 }); });
check('Response.error()', function () { var e = Response.error(); return e.type + ' ' + e.status + ' ' + e.body; });
check('Response.redirect()', function () {
    var r = Response.redirect('/elsewhere', 301);
    return r.status + ' ' + r.headers.get('location').replace(location.origin, '');
});
check('Response.redirect() with 200', function () { return Response.redirect('/x', 200); });
check('Response.json()', function () {
    var r = Response.json({ ok: true }, { status: 202 });
    return r.status + ' ' + r.headers.get('content-type');
});

var consumed = new Response('once');
consumed.text().then(function (text) {
    log.push('text: ' + text + ', bodyUsed ' + consumed.bodyUsed);
    return consumed.text();
}).catch(function (e) { log.push('second read: ' + e.name); })
.then(function () { return response.clone().json(); })
.then(function (json) { log.push('clone().json(): ' + JSON.stringify(json)); return response.text(); })
.then(function (text) { log.push('original after clone: ' + text); return new Response(new Uint8Array([104, 105])).arrayBuffer(); })
.then(function (buffer) { log.push('arrayBuffer: ' + buffer.byteLength + ' ' + (buffer instanceof ArrayBuffer)); return new Response('a=1&b=%C3%A9').formData(); })
.catch(function (e) { log.push('formData without a type: ' + e.name); })
.then(function () { return new Response('a=1&b=%C3%A9', { headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }).formData(); })
.then(function (form) { log.push('urlencoded formData: ' + form.get('a') + ' ' + form.get('b')); return new Response(new Blob(['blob body'], { type: 'text/x-thing' })).blob(); })
.then(function (blob) { log.push('blob: ' + blob.size + ' ' + blob.type); return request.text(); })
.then(function (text) { log.push('request body: ' + text); return new Response(null).text(); })
.then(function (text) { log.push('null body text: "' + text + '"'); streams(); });

function streams() {
    var pulls = 0;
    var stream = new ReadableStream({
        start: function (controller) { controller.enqueue('a'); },
        pull: function (controller) {
            if (++pulls === 3) controller.close();
            else controller.enqueue('p' + pulls);
        }
    }, { highWaterMark: 1 });
    var reader = stream.getReader();
    var seen = [];
    function read() {
        return reader.read().then(function (result) {
            if (result.done) return;
            seen.push(result.value);
            return read();
        });
    }
    read().then(function () {
        log.push('stream read: ' + seen.join(',') + ' locked ' + stream.locked);
        reader.releaseLock();
        log.push('released: locked ' + stream.locked);
        var teed = new ReadableStream({ start: function (c) { c.enqueue(1); c.enqueue(2); c.close(); } }).tee();
        return Promise.all([readAll(teed[0]), readAll(teed[1])]);
    }).then(function (branches) {
        log.push('tee: ' + JSON.stringify(branches));
        var cancelled = new ReadableStream({ cancel: function (reason) { log.push('cancel reason: ' + reason); } });
        return cancelled.cancel('enough');
    }).then(function () {
        try { new ReadableStream().getReader({ mode: 'byob' }); } catch (e) { log.push('byob: ' + e.name); }
        console.log(log.join('\n'));
    });
}
function readAll(stream) {
    var reader = stream.getReader(), values = [];
    return (function next() {
        return reader.read().then(function (r) { if (r.done) return values; values.push(r.value); return next(); });
    })();
}
