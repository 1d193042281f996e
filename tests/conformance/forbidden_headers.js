// Forbidden request headers are silently dropped by setRequestHeader() and by the Headers of a
// Request (guard "request"): every name of the Fetch Standard's list, the Proxy- and Sec-
// prefixes, and the method-override headers when a listed method is forbidden (each call or
// append judged on its own value). Set-Cookie and Set-Cookie2 response headers are never
// visible, to XMLHttpRequest or fetch.
var forbiddenNames = ['Accept-Charset', 'Accept-Encoding', 'Access-Control-Request-Headers',
    'Access-Control-Request-Method', 'Connection', 'Content-Length', 'Cookie', 'Cookie2', 'Date', 'DNT',
    'Expect', 'Host', 'Keep-Alive', 'Origin', 'Referer', 'Set-Cookie', 'TE', 'Trailer',
    'Transfer-Encoding', 'Upgrade', 'Via', 'proxy-authorization', 'Proxy-Foo', 'PROXY-', 'Sec-Fetch-Site',
    'sec-ch-ua', 'SEC-Custom'];
var overrides = [
    ['X-HTTP-Method-Override', 'TRACE'], ['X-HTTP-Method', 'connect'], ['X-Method-Override', 'GET, TRACK'],
    ['x-http-method-override', ' Track '], ['X-HTTP-Method', 'PUT,connect,GET'],
    ['X-HTTP-Method-Override', 'PATCH'], ['X-HTTP-Method', 'GET, PUT'], ['X-Method-Override', 'DELETE'],
    ['X-Method-Override', 'TRACEY'], ['X-HTTP-Method-Override', '"TRACE"']
];
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }

// The marker value tells what the script set from what duknet sends itself.
function sent(body, label) {
    var seen = JSON.parse(body).headers;
    var leaked = seen.filter(function (h) { return h[1] === 'sneaky'; }).map(function (h) { return h[0]; });
    console.log(label + ', forbidden names that reached the server: ' + (leaked.length ? leaked.join(', ') : 'none'));
    // Combined by name and sorted: neither how lines of one name go out nor their order matters.
    var kept = {};
    seen.forEach(function (h) {
        var name = h[0].toLowerCase();
        if (/^x-/.test(name)) kept[name] = name in kept ? kept[name] + ', ' + h[1] : h[1];
    });
    console.log(label + ', X- headers sent: ' + Object.keys(kept).sort().map(function (name) { return name + ': ' + kept[name]; }).join(' | '));
}

step(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/echo');
    forbiddenNames.forEach(function (name) { xhr.setRequestHeader(name, 'sneaky'); });
    overrides.forEach(function (h) { xhr.setRequestHeader(h[0], h[1]); });
    xhr.setRequestHeader('X-Allowed', 'yes');
    // Judged per call: a forbidden value after an allowed one leaves the allowed one alone.
    xhr.setRequestHeader('X-Combined', 'a');
    xhr.setRequestHeader('X-Method-Override', 'TRACE');
    xhr.onload = function () { sent(xhr.responseText, 'XHR'); next(); };
    xhr.send('body');
});

step(function () {
    var init = new Headers();
    forbiddenNames.forEach(function (name) { init.append(name, 'sneaky'); });
    overrides.forEach(function (h) { init.append(h[0], h[1]); });
    init.append('X-Allowed', 'yes');
    console.log('Headers with guard "none" keeps them: ' + init.has('Cookie') + ' ' + init.has('Sec-Fetch-Site')
        + ' ' + init.get('X-HTTP-Method-Override'));
    var request = new Request('/echo', { method: 'POST', headers: init, body: 'body' });
    var listed = [];
    request.headers.forEach(function (value, name) { listed.push(name + ': ' + value); });
    console.log('Request headers: ' + listed.join(' | '));
    request.headers.append('Cookie', 'sneaky');
    request.headers.set('Sec-Later', 'sneaky');
    request.headers.append('X-Method-Override', 'trace');
    request.headers.append('X-Later', 'yes');
    console.log('after append/set on request.headers: Cookie ' + request.headers.get('Cookie') + ', Sec-Later '
        + request.headers.get('Sec-Later') + ', X-Later ' + request.headers.get('X-Later'));
    fetch(request).then(function (response) { return response.text(); }).then(function (text) {
        sent(text, 'Request');
        var literal = {};
        forbiddenNames.forEach(function (name) { literal[name] = 'sneaky'; });
        literal['X-HTTP-Method-Override'] = 'GET, TRACK';
        literal['X-Literal'] = 'yes';
        return fetch('/echo', { headers: literal });
    }).then(function (response) { return response.text(); }).then(function (text) {
        sent(text, 'fetch init');
        next();
    });
});

// Set-Cookie and Set-Cookie2 never reach script.
var cookies = '/headers?set=Set-Cookie:a=b&set=SET-COOKIE2:c=d&set=set-cookie:e=f&set=X-After:1';
step(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', cookies);
    xhr.onload = function () {
        console.log('XHR: Set-Cookie ' + xhr.getResponseHeader('Set-Cookie') + ', set-cookie2 ' + xhr.getResponseHeader('set-cookie2')
            + ', X-After ' + xhr.getResponseHeader('X-After'));
        console.log('XHR: listing mentions a cookie: ' + /cookie/i.test(xhr.getAllResponseHeaders()));
        next();
    };
    xhr.send();
});
step(function () {
    var other = 'http://localhost:' + location.port;
    var xhr = new XMLHttpRequest();
    xhr.open('GET', other + '/cors?allow_origin=*&expose=Set-Cookie,Set-Cookie2,X-Exposed&set_cookie=a%3Db');
    xhr.onload = function () {
        console.log('XHR cross-origin, exposed: Set-Cookie ' + xhr.getResponseHeader('Set-Cookie') + ', X-Exposed '
            + xhr.getResponseHeader('X-Exposed') + ', listing mentions a cookie: ' + /cookie/i.test(xhr.getAllResponseHeaders()));
        next();
    };
    xhr.send();
});
step(function () {
    fetch(cookies).then(function (response) {
        var names = [];
        response.headers.forEach(function (value, name) { names.push(name); });
        console.log('fetch: get ' + response.headers.get('Set-Cookie') + ', has ' + response.headers.has('set-cookie2')
            + ', getSetCookie ' + JSON.stringify(response.headers.getSetCookie()) + ', X-After ' + response.headers.get('X-After'));
        console.log('fetch: names mention a cookie: ' + /cookie/.test(names.join(' ')));
        var copy = new Headers(response.headers);
        console.log('fetch: a copy of the headers: ' + copy.get('Set-Cookie'));
        next();
    });
});
next();
