//! args: --resolve dual.test:{PORT}:[::1]
// IPv6 literal hosts, a --resolve override to an IPv6 address, and the "localhost" names (which
// resolve to loopback without asking DNS). Hosts other than 127.0.0.1 are cross-origin to the
// document, so the last requests go to /cors.
var port = location.port;
var steps = [
    { label: 'IPv6 literal', url: 'http://[::1]:' + port + '/bytes/3' },
    { label: 'IPv6 literal, expanded form', url: 'http://[0:0:0:0:0:0:0:1]:' + port + '/bytes/4' },
    { label: '--resolve to [::1]', url: 'http://dual.test:' + port + '/bytes/2' },
    { label: 'localhost', url: 'http://localhost:' + port + '/cors?allow_origin=*' },
    { label: 'sub.localhost', url: 'http://sub.localhost:' + port + '/cors?allow_origin=*' },
    { label: 'LOCALHOST. (uppercase, trailing dot)', url: 'http://LOCALHOST.:' + port + '/cors?allow_origin=*' }
];
function show(url) { return url.split(port).join('PORT'); }
function next(index) {
    if (index === steps.length) return fetchStep();
    var step = steps[index];
    var xhr = new XMLHttpRequest();
    xhr.onload = function () {
        var body = xhr.responseText;
        if (body.charAt(0) === '{') body = 'origin ' + JSON.parse(body).origin;
        console.log(step.label + ': ' + xhr.status + ' ' + show(body) + ' | ' + show(xhr.responseURL));
        next(index + 1);
    };
    xhr.onerror = function () { console.log(step.label + ': network error'); next(index + 1); };
    xhr.open('GET', step.url);
    xhr.send();
}
function fetchStep() {
    fetch('http://[::1]:' + port + '/cors?allow_origin=*').then(function (response) {
        console.log('fetch over IPv6: ' + response.status + ' ' + response.type + ' | ' + show(response.url));
        return response.json();
    }).then(function (json) {
        console.log('  origin sent ' + show(json.origin));
        var url = new URL('http://[0:0::1]:' + port + '/x');
        console.log('URL host ' + show(url.host) + ', hostname ' + url.hostname);
    }).catch(function (e) { console.log('fetch over IPv6: ' + e.name); });
}
next(0);
