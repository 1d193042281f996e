// No hidden deadlines: a response that takes longer than the usual 30 s defaults still arrives,
// for XMLHttpRequest and fetch alike; only the script's own timeout or signal ends a request.
var started = Date.now();
var xhrDone = new Promise(function (resolve) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/delay/31000');
    xhr.onloadend = function () {
        resolve(xhr.status ? xhr.responseText + ' after ' + (Date.now() - started >= 31000 ? '31 s or more' : 'too little time') : 'network error');
    };
    xhr.send();
});
var fetchDone = fetch('/delay/31000').then(function (r) { return r.text(); }, function (e) { return e.name; });
Promise.all([xhrDone, fetchDone]).then(function (results) {
    console.log('xhr: ' + results[0]);
    console.log('fetch: ' + results[1]);
});
