// Fetch Standard details: Request's referrerPolicy/integrity/keepalive, Request.body and clone(),
// bytes(), the "unusable body" error, Response.json(), the request-no-cors guard, and Set-Cookie
// being hidden from scripts.
var log = [];
function check(label, fn) {
    try { log.push(label + ': ' + fn()); } catch (e) { log.push(label + ': threw ' + e.name); }
}

check('defaults', function () {
    var r = new Request('/x');
    return JSON.stringify([r.referrerPolicy, r.integrity, r.keepalive, r.body, r.bodyUsed, r.duplex]);
});
var posted = new Request('/x', { method: 'POST', body: 'abc', referrerPolicy: 'no-referrer', integrity: 'sha256-abc', keepalive: true });
check('from init', function () {
    return JSON.stringify([posted.referrerPolicy, posted.integrity, posted.keepalive])
        + ' body is a ReadableStream ' + (posted.body instanceof ReadableStream) + ', same object each time ' + (posted.body === posted.body)
        + ', bodyUsed ' + posted.bodyUsed;
});
check('every referrer policy', function () {
    return ['', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin', 'origin-when-cross-origin',
            'strict-origin-when-cross-origin', 'unsafe-url'].map(function (policy) {
        return new Request('/x', { referrerPolicy: policy }).referrerPolicy === policy;
    }).join(',');
});
check('unknown referrer policy', function () { return new Request('/x', { referrerPolicy: 'sometimes' }); });
check('a Request as input keeps the members', function () {
    var source = new Request('/x', { method: 'POST', body: 'abc', referrerPolicy: 'origin', integrity: 'sha512-z', keepalive: true });
    var copy = new Request(source);
    return JSON.stringify([copy.referrerPolicy, copy.integrity, copy.keepalive, copy.method]) + ', the input body is taken: bodyUsed '
        + source.bodyUsed;
});
check('init overrides the input Request', function () {
    var copy = new Request(new Request('/x', { keepalive: true, integrity: 'sha384-x' }), { keepalive: false, integrity: '' });
    return JSON.stringify([copy.keepalive, copy.integrity]);
});
check('keepalive with a stream body', function () {
    return new Request('/x', { method: 'POST', keepalive: true, body: new ReadableStream(), duplex: 'half' });
});
check('a missing init is empty; an object init reads inherited members', function () {
    Object.prototype.method = 'PUT';
    try {
        return [new Request('/x').method, new Request('/x', undefined).method, new Request('/x', {}).method,
            new Request('/x', Object.create(null)).method].join(' ');
    } finally {
        delete Object.prototype.method;
    }
});
check('no argument', function () { return new Request(); });
check('RequestInit members are read once, in order', function () {
    var reads = [], init = {}, values = {
        window: null, signal: null, referrerPolicy: 'origin', referrer: '', redirect: 'follow', priority: 'auto', mode: 'cors',
        method: 'POST', keepalive: false, integrity: '', headers: [['X-A', 'b']], duplex: 'half', credentials: 'omit', cache: 'default',
        body: 'text'
    };
    Object.keys(values).forEach(function (name) {
        Object.defineProperty(init, name, { get: function () { reads.push(name); return values[name]; }, enumerable: true });
    });
    var request = new Request('/x', init);
    return reads.join(',') + ' -> ' + request.method + ' ' + request.referrerPolicy + ' ' + request.headers.get('x-a');
});
check('input is converted before init, and init before the URL is parsed', function () {
    try {
        new Request({ toString: function () { throw new RangeError('input'); } }, { get method() { throw new SyntaxError('init'); } });
    } catch (e) {
        return e.name + ', then ' + (function () {
            try { new Request('http://[bad', { get method() { throw new RangeError('init'); } }); } catch (e2) { return e2.name; }
        })();
    }
});
check('an unknown priority', function () { return new Request('/x', { priority: 'urgent' }); });
check('a method that is no ByteString', function () { return new Request('/x', { method: 'P\u0100ST' }); });
check('a signal that is no AbortSignal', function () { return new Request('/x', { signal: {} }); });
check('a Request-like object is a URL to parse', function () { return new Request(Object.create(Request.prototype)).url.split('/').pop(); });
check('a non-empty init resets the referrer and its policy', function () {
    var source = new Request('/x', { referrerPolicy: 'no-referrer', referrer: '' });
    return JSON.stringify([new Request(source).referrerPolicy, new Request(source).referrer, new Request(source, {}).referrerPolicy,
        new Request(source, { foo: 1 }).referrerPolicy, new Request(source, { method: undefined }).referrerPolicy,
        new Request(source, { method: 'POST' }).referrerPolicy, new Request(source, { method: 'POST' }).referrer,
        new Request(source, { priority: 'low' }).referrerPolicy]);
});

var original = new Request('/x', { method: 'PUT', body: 'cloned body' });
var copy = original.clone();
var lockedResponse = new Response('locked');
var reader = lockedResponse.body.getReader();
log.push('clone: body is another stream ' + (copy.body !== original.body) + ', members ' + copy.method + ' ' + (copy.url === original.url));
copy.text().then(function (text) {
    log.push('clone text: ' + text + ', clone bodyUsed ' + copy.bodyUsed + ', original bodyUsed ' + original.bodyUsed);
    return original.text();
}).then(function (text) {
    log.push('original text: ' + text + ', bodyUsed ' + original.bodyUsed);
    check('clone of a used Request', function () { return original.clone(); });
    return posted.bytes();
}).then(function (bytes) {
    log.push('Request.bytes(): ' + (bytes instanceof Uint8Array) + ' ' + Array.prototype.join.call(bytes, ','));
    return new Response('h\u00e9').bytes();
}).then(function (bytes) {
    log.push('Response.bytes(): ' + (bytes instanceof Uint8Array) + ' ' + Array.prototype.join.call(bytes, ','));
    log.push('locked body: locked ' + lockedResponse.body.locked + ', bodyUsed ' + lockedResponse.bodyUsed);
    return lockedResponse.text();
}).then(function () { log.push('text() of a locked body resolved (wrong)'); }, function (e) {
    log.push('text() of a locked body: ' + e.name);
    return lockedResponse.arrayBuffer();
}).then(function () { log.push('arrayBuffer() of a locked body resolved (wrong)'); }, function (e) {
    log.push('arrayBuffer() of a locked body: ' + e.name);
    check('clone of a locked Response', function () { return lockedResponse.clone(); });
    reader.releaseLock();
    return lockedResponse.text();
}).then(function (text) {
    log.push('after releaseLock: ' + text);
    var json = Response.json({ a: [1, 'two'], b: null, c: 'h\u00e9' });
    log.push('Response.json(): status ' + json.status + ', type ' + json.headers.get('content-type'));
    return json.text();
}).then(function (text) {
    log.push('Response.json() body: ' + text);
    check('Response.json() keeps a given Content-Type', function () {
        return Response.json(1, { headers: { 'Content-Type': 'text/x-json' } }).headers.get('content-type');
    });
    check('Response.json(undefined)', function () { return Response.json(undefined); });
    check('Response.json() of a cycle', function () { var o = {}; o.o = o; return Response.json(o); });
    check('Response.json() with a null body status', function () { return Response.json({}, { status: 204 }); });
    return Response.json('just a string').json();
}).then(function (value) {
    log.push('Response.json(string).json(): ' + JSON.stringify(value));
    noCors();
    return fetch('/headers?set=Set-Cookie:a=1&set=Set-Cookie2:b=2&set=X-Ok:1');
}).then(function (response) {
    var names = [];
    response.headers.forEach(function (value, name) { names.push(name); });
    log.push('network response: set-cookie ' + response.headers.get('set-cookie') + ', set-cookie2 ' + response.headers.get('set-cookie2')
        + ', getSetCookie() ' + JSON.stringify(response.headers.getSetCookie()) + ', has x-ok ' + response.headers.has('x-ok')
        + ', names ' + names.filter(function (name) { return name.indexOf('x-connection') < 0 && name.indexOf('x-request') < 0; }).join(' '));
    return new Promise(function (resolve) {
        var xhr = new XMLHttpRequest();
        xhr.open('GET', '/headers?set=Set-Cookie:c=3&set=Set-Cookie2:d=4&set=X-Ok:1');
        xhr.onload = function () {
            log.push('xhr: getResponseHeader(set-cookie) ' + xhr.getResponseHeader('set-cookie')
                + ', in getAllResponseHeaders ' + /set-cookie/i.test(xhr.getAllResponseHeaders()) + ', x-ok ' + xhr.getResponseHeader('x-ok'));
            resolve();
        };
        xhr.send();
    });
}).then(function () {
    // fetch() without its argument rejects (it does not fetch "undefined"); fetch.length is 1.
    check('new fetch()', function () { return new fetch('/x'); });
    return fetch().then(function () { log.push('fetch(): fulfilled'); }, function (e) {
        log.push('fetch(): rejected with ' + e.name + ', fetch.length ' + fetch.length + ', fetch.name ' + fetch.name);
    });
}).catch(function (e) {
    log.push('unexpected: ' + e);
}).then(function () {
    console.log(log.join('\n'));
});

// The request-no-cors guard (https://fetch.spec.whatwg.org/#concept-headers-append): headers that
// are not no-CORS-safelisted are dropped silently, for a combined value too.
function noCors() {
    var request = new Request('/x', { mode: 'no-cors' });
    var h = request.headers;
    h.append('X-Custom', '1');
    h.set('X-Custom', '2');
    h.append('Content-Type', 'application/json');
    h.set('Content-Language', 'en-US');
    h.append('Accept', 'text/html');
    h.append('Accept', new Array(121).join('a')); // "text/html, aaa..." is over 128 bytes: dropped
    h.append('Accept-Language', 'fr;q=0.5');
    h.append('Accept-Language', 'de"'); // '"' is not allowed in Accept-Language
    h.set('Content-Type', 'text/plain;charset=utf-8');
    h.append('Range', 'bytes=0-1');
    h.delete('X-Custom');
    var pairs = [];
    h.forEach(function (value, name) { pairs.push(name + '=' + value); });
    log.push('request-no-cors guard: ' + pairs.join('; '));
    check('Accept of exactly 128 bytes', function () {
        var r = new Request('/x', { mode: 'no-cors' });
        r.headers.set('Accept', new Array(129).join('b'));
        return r.headers.has('accept');
    });
    check('a value set replaces, so the combined length does not count', function () {
        var r = new Request('/x', { mode: 'no-cors', headers: { Accept: new Array(100).join('c') } });
        r.headers.set('Accept', new Array(100).join('d'));
        return r.headers.get('accept').charAt(0) + ' ' + r.headers.get('accept').length;
    });
    check('Content-Type with a CORS-unsafe byte', function () {
        var r = new Request('/x', { mode: 'no-cors' });
        r.headers.set('Content-Type', 'text/plain; a="{"');
        return r.headers.has('content-type');
    });
    check('init headers go through the guard', function () {
        var r = new Request('/x', { mode: 'no-cors', headers: [['Content-Type', 'application/xml'], ['Accept-Language', 'en'], ['X-A', 'b']] });
        var names = [];
        r.headers.forEach(function (value, name) { names.push(name); });
        return names.join(',');
    });
}
