// CORS for XMLHttpRequest: the document is http://127.0.0.1:PORT/, and http://localhost:PORT/
// is another origin on the same server.
var other = 'http://localhost:' + location.port;
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }
function request(options, then) {
    var xhr = new XMLHttpRequest();
    xhr.open(options.method || 'GET', options.url);
    if (options.credentials) xhr.withCredentials = true;
    (options.headers || []).forEach(function (h) { xhr.setRequestHeader(h[0], h[1]); });
    if (options.upload) xhr.upload.onprogress = function () {};
    xhr.onloadend = function () { then(xhr); };
    xhr.send(options.body === undefined ? null : options.body);
}
function describe(xhr) {
    if (xhr.status === 0) return 'network error';
    var body = JSON.parse(xhr.responseText);
    return xhr.status + ' ' + body.method + ' Origin: ' + body.origin;
}
function preflights(key, then) {
    request({ url: other + '/cors/preflights?key=' + key }, function (xhr) { then(xhr.responseText); });
}
function simple(label, query, extra) {
    step(function () {
        var options = extra || {};
        options.url = other + '/cors?' + query;
        request(options, function (xhr) { console.log(label + ': ' + describe(xhr)); next(); });
    });
}

simple('allowed by *', 'allow_origin=*');
simple('no Access-Control-Allow-Origin', '');
simple('another origin allowed', 'allow_origin=http://example.test');
simple('credentials with *', 'allow_origin=*&credentials=1', { credentials: true });
simple('credentials, origin echoed, no -Allow-Credentials', 'allow_origin=echo', { credentials: true });
simple('credentials allowed', 'allow_origin=echo&credentials=1', { credentials: true });
step(function () {
    request({ url: other + '/cors?allow_origin=*&set_cookie=a%3Db' }, function (xhr) {
        console.log('safelisted only: ' + xhr.getAllResponseHeaders().split('\r\n').filter(String).map(function (line) { return line.split(':')[0]; }).join(', '));
        next();
    });
});
step(function () {
    request({ url: other + '/cors?allow_origin=*&expose=X-Exposed,Set-Cookie&set_cookie=a%3Db' }, function (xhr) {
        console.log('exposed: X-Exposed=' + xhr.getResponseHeader('X-Exposed') + ' X-Secret=' + xhr.getResponseHeader('X-Secret')
            + ' Set-Cookie=' + xhr.getResponseHeader('Set-Cookie'));
        next();
    });
});
step(function () {
    request({ url: other + '/cors?allow_origin=*&expose=*' }, function (xhr) {
        console.log('exposed *: X-Secret=' + xhr.getResponseHeader('X-Secret'));
        next();
    });
});
step(function () {
    request({ url: other + '/cors?allow_origin=echo&credentials=1&expose=*', credentials: true }, function (xhr) {
        console.log('exposed * with credentials: X-Secret=' + xhr.getResponseHeader('X-Secret'));
        next();
    });
});

// Preflights.
simple('PUT allowed by preflight', 'allow_origin=*&methods=PUT&key=put&max_age=60', { method: 'PUT' });
simple('PUT again (preflight cached)', 'allow_origin=*&methods=PUT&key=put&max_age=60', { method: 'PUT' });
step(function () { preflights('put', function (count) { console.log('preflights for PUT: ' + count); next(); }); });
simple('PUT without max-age, twice', 'allow_origin=*&methods=PUT&key=short&max_age=0', { method: 'PUT' });
simple('PUT without max-age, twice', 'allow_origin=*&methods=PUT&key=short&max_age=0', { method: 'PUT' });
step(function () { preflights('short', function (count) { console.log('preflights with max-age 0: ' + count); next(); }); });
simple('DELETE not in -Allow-Methods', 'allow_origin=*&methods=PUT&key=del', { method: 'DELETE' });
simple('DELETE allowed by *', 'allow_origin=*&methods=*&key=star', { method: 'DELETE' });
simple('custom header allowed', 'allow_origin=*&headers=X-Custom&key=h', { headers: [['X-Custom', '1']] });
simple('custom header not allowed', 'allow_origin=*&headers=X-Other&key=h2', { headers: [['X-Custom', '1']] });
simple('preflight answering 500', 'allow_origin=*&methods=PUT&preflight_status=500&key=e', { method: 'PUT' });
simple('safelisted Content-Type, no preflight', 'allow_origin=*&key=ct',
       { method: 'POST', body: 'x', headers: [['Content-Type', 'text/plain']] });
simple('JSON Content-Type needs a preflight', 'allow_origin=*&key=json',
       { method: 'POST', body: '{}', headers: [['Content-Type', 'application/json']] });
simple('upload listener forces a preflight', 'allow_origin=*&methods=POST&key=upload', { method: 'POST', body: 'x', upload: true });
step(function () {
    preflights('ct', function (ct) {
        preflights('upload', function (upload) {
            console.log('preflights: safelisted POST ' + ct + ', upload listener ' + upload);
            next();
        });
    });
});

// Redirects across origins.
step(function () {
    request({ url: '/redirect/302?to=' + encodeURIComponent(other + '/cors?allow_origin=*') }, function (xhr) {
        console.log('same-origin redirect to a CORS resource: ' + describe(xhr));
        next();
    });
});
step(function () {
    var back = 'http://127.0.0.1:' + location.port + '/cors?allow_origin=null';
    request({ url: other + '/redirect/302?to=' + encodeURIComponent(back) }, function (xhr) {
        console.log('cross-origin redirect back: ' + describe(xhr));
        next();
    });
});
step(function () {
    request({ url: other + '/redirect/302?to=/cors&cors=0' }, function (xhr) {
        console.log('redirect without CORS headers: ' + describe(xhr));
        next();
    });
});
next();
