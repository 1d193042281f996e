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
setTimeout(function () { console.log(log.join('\n')); }, 10);
