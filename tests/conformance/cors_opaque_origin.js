//! args: --base-url file:///doc.html?port={PORT}
// A document whose origin is opaque (a file: URL): every http: request is cross-origin, its
// Origin header is `null`, and `Access-Control-Allow-Origin: null` or `*` lets it through.
var port = location.search.slice('?port='.length);
var server = 'http://127.0.0.1:' + port;
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }
function get(label, url, options) {
    step(function () {
        var xhr = new XMLHttpRequest();
        xhr.open((options && options.method) || 'GET', url);
        if (options && options.credentials) xhr.withCredentials = true;
        xhr.onloadend = function () {
            if (xhr.status === 0) console.log(label + ': network error');
            else {
                var body = JSON.parse(xhr.responseText);
                console.log(label + ': ' + xhr.status + ' ' + body.method + ' Origin: ' + JSON.stringify(body.origin));
            }
            next();
        };
        xhr.send();
    });
}

console.log('location.origin: ' + location.origin);
get('Access-Control-Allow-Origin: null', server + '/cors?allow_origin=null');
get('Access-Control-Allow-Origin: *', server + '/cors?allow_origin=*');
get('Access-Control-Allow-Origin echoing the Origin', server + '/cors?allow_origin=echo');
get('no Access-Control-Allow-Origin', server + '/cors');
get('another origin allowed', server + '/cors?allow_origin=' + encodeURIComponent('file://'));
get('credentials, null and -Allow-Credentials', server + '/cors?allow_origin=null&credentials=1', { credentials: true });
get('credentials and *', server + '/cors?allow_origin=*&credentials=1', { credentials: true });
get('PUT after a preflight allowing null', server + '/cors?allow_origin=null&methods=PUT&key=opaque', { method: 'PUT' });
step(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', server + '/cors/preflights?key=opaque');
    xhr.onload = function () { console.log('preflights: ' + xhr.responseText); next(); };
    xhr.send();
});
step(function () {
    fetch(server + '/cors?allow_origin=null').then(function (response) {
        console.log('fetch: ' + response.status + ' ' + response.type);
        return fetch(server + '/cors');
    }).then(function () { console.log('fetch without -Allow-Origin: allowed (wrong)'); },
            function (e) { console.log('fetch without -Allow-Origin: ' + e.name); })
      .then(function () {
        return fetch(server + '/cors', { mode: 'no-cors' }).then(function (response) {
            console.log('fetch no-cors: ' + response.type + ' ' + response.status);
        });
    }).then(next);
});
next();
