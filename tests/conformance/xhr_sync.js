// Synchronous XMLHttpRequest blocks only this thread: events fire as the standard says for
// synchronous requests, no other task runs meanwhile, and errors throw.
var log = [];
setTimeout(function () { log.push('timer (after the sync request)'); }, 0);
var xhr = new XMLHttpRequest();
['readystatechange', 'loadstart', 'progress', 'load', 'loadend', 'error'].forEach(function (type) {
    xhr.addEventListener(type, function () { log.push(type + ' ' + xhr.readyState); });
});
xhr.open('GET', '/drip?chunks=3&interval=50&size=2', false);
log.push('before send');
xhr.send();
log.push('after send: ' + xhr.status + ' ' + JSON.stringify(xhr.responseText));
try { xhr.timeout = 10; } catch (e) { log.push('timeout on a sync request: ' + e.name); }
try { xhr.responseType = 'json'; } catch (e) { log.push('responseType once done: ' + e.name); }
var opened = new XMLHttpRequest();
opened.open('GET', '/bytes/1', false);
try { opened.responseType = 'json'; } catch (e) { log.push('responseType on a sync request: ' + e.name); }
var timed = new XMLHttpRequest();
timed.timeout = 10;
try { timed.open('GET', '/bytes/1', false); } catch (e) { log.push('open(sync) with a timeout set: ' + e.name); }
var failing = new XMLHttpRequest();
failing.open('GET', '/close-before-headers', false);
try { failing.send(); } catch (e) { log.push('sync network error throws ' + e.name + ', readyState ' + failing.readyState + ', status ' + failing.status); }
var redirected = new XMLHttpRequest();
redirected.open('POST', '/redirect/303?to=/echo', false);
redirected.send('data');
log.push('sync redirect: ' + JSON.parse(redirected.responseText).method + ' ' + redirected.responseURL.replace(location.origin, ''));
// Six downloads hold this origin's six connections; while this thread is blocked they cannot
// hand their bodies up, so they stop reading and keep their connections. A synchronous request
// gets a connection of its own beyond the limit (Chromium's LOAD_IGNORE_LIMITS) instead of
// waiting for theirs forever.
var downloads = [], downloaded = 0;
for (var i = 0; i < 6; ++i) {
    var download = new XMLHttpRequest();
    download.open('GET', '/bytes/16000000');
    download.onload = function () { if (++downloaded === 6) log.push('six downloads done after it'); };
    download.send();
    downloads.push(download);
}
var beside = new XMLHttpRequest();
beside.open('GET', '/bytes/3', false);
beside.send();
log.push('sync request beside six downloads: ' + beside.responseText);
setTimeout(function report() {
    if (downloaded < 6) return setTimeout(report, 10);
    console.log(log.join('\n'));
}, 10);
