// An endless body can be aborted: events stop, and the server sees the connection go.
var xhr = new XMLHttpRequest();
var aborted = false;
xhr.onprogress = function (e) {
    if (aborted || e.loaded < 1000000) return;
    aborted = true;
    xhr.abort();
    console.log('aborted after a megabyte: readyState ' + xhr.readyState + ', status ' + xhr.status);
    setTimeout(check, 300);
};
xhr.onload = function () { console.log('load (wrong)'); };
xhr.onabort = function () { console.log('abort event'); };
xhr.open('GET', '/endless');
xhr.send();
function check() {
    var stats = new XMLHttpRequest();
    stats.open('GET', '/endless/stats');
    stats.onload = function () {
        console.log('endless bodies still being written: ' + stats.responseText);
        unresolvable();
    };
    stats.send();
}
// A name that does not resolve fails promptly.
function unresolvable() {
    var dns = new XMLHttpRequest();
    var started = Date.now();
    dns.open('GET', 'http://name-that-does-not-resolve.invalid/');
    dns.onerror = function () { console.log('unresolvable name: network error ' + (Date.now() - started < 5000 ? 'promptly' : 'slowly')); };
    dns.send();
}
