// CORS preflights in detail: the cache is keyed by URL and credentials (a credentialed entry
// also serves requests without credentials, not the reverse); `*` in -Allow-Methods and
// -Allow-Headers is a wildcard only without credentials; without Access-Control-Max-Age an
// entry lives 5 seconds.
var other = 'http://localhost:' + location.port;
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }
function request(options, then) {
    var xhr = new XMLHttpRequest();
    xhr.open(options.method || 'PUT', options.url);
    if (options.credentials) xhr.withCredentials = true;
    (options.headers || []).forEach(function (h) { xhr.setRequestHeader(h[0], h[1]); });
    xhr.onloadend = function () { then(xhr.status === 0 ? 'network error' : xhr.status + ' ' + JSON.parse(xhr.responseText).method); };
    xhr.send();
}
function put(label, query, options) {
    step(function () {
        options = options || {};
        options.url = other + '/cors?' + query;
        request(options, function (result) { console.log(label + ': ' + result); next(); });
    });
}
function preflights(key) {
    step(function () {
        var xhr = new XMLHttpRequest();
        xhr.open('GET', other + '/cors/preflights?key=' + key);
        xhr.onload = function () { console.log('  preflights under ' + key + ': ' + xhr.responseText); next(); };
        xhr.send();
    });
}
function wait(ms) { step(function () { setTimeout(next, ms); }); }

// Keyed by URL: another query is another entry.
var a = 'allow_origin=*&methods=PUT&max_age=60&key=url';
put('URL A', a);
put('URL A again', a);
preflights('url');
put('URL B (another query)', a + '&b=1');
put('URL B again', a + '&b=1');
preflights('url');

// Keyed by credentials: an entry made without credentials does not serve a credentialed request;
// one made with credentials serves both.
var c = 'allow_origin=echo&credentials=1&methods=PUT&max_age=60&key=cred';
put('without credentials', c);
put('with credentials', c, { credentials: true });
preflights('cred');
put('with credentials again', c, { credentials: true });
put('without credentials again', c);
preflights('cred');
var d = 'allow_origin=echo&credentials=1&methods=PUT&max_age=60&key=cred2';
put('with credentials first', d, { credentials: true });
put('then without credentials', d);
preflights('cred2');

// `*` is a wildcard only for requests without credentials.
put('-Allow-Methods: *, PUT without credentials', 'allow_origin=echo&credentials=1&methods=*&key=sm');
put('-Allow-Methods: *, PUT with credentials', 'allow_origin=echo&credentials=1&methods=*&key=smc', { credentials: true });
put('-Allow-Methods: *, PUT, with credentials', 'allow_origin=echo&credentials=1&methods=*,PUT&key=smc2', { credentials: true });
put('-Allow-Headers: *, X-Custom without credentials', 'allow_origin=echo&credentials=1&headers=*&key=sh',
    { method: 'GET', headers: [['X-Custom', '1']] });
put('-Allow-Headers: *, X-Custom with credentials', 'allow_origin=echo&credentials=1&headers=*&key=shc',
    { method: 'GET', headers: [['X-Custom', '1']], credentials: true });
put('-Allow-Headers: *, Authorization without credentials', 'allow_origin=*&headers=*&key=sha',
    { method: 'GET', headers: [['Authorization', 'x']] });
put('-Allow-Headers: *, Authorization, Authorization without credentials', 'allow_origin=*&headers=*,Authorization&key=sha2',
    { method: 'GET', headers: [['Authorization', 'x']] });

// No Access-Control-Max-Age: the entry lives 5 seconds.
var e = 'allow_origin=*&methods=PUT&key=default';
put('default lifetime, first PUT', e);
wait(1000);
put('1 s later', e);
preflights('default');
wait(5500);
put('5.5 s after that', e);
preflights('default');
next();
