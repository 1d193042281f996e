// XMLHttpRequest misuse: open()'s method and URL checks (forbidden methods, invalid tokens,
// unparsable URLs) and method normalisation; the InvalidStateError checks of setRequestHeader,
// send, withCredentials, overrideMimeType, responseType and responseText; abort() in each state;
// open() from inside onreadystatechange of a loading request.
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }
function attempt(label, fn) {
    try { fn(); console.log(label + ': no exception'); }
    catch (e) { console.log(label + ': ' + e.name + ' ' + e.code); }
}

step(function () {
    ['CONNECT', 'connect', 'TRACE', 'trace', 'TRACK', 'tRaCk'].forEach(function (method) {
        var xhr = new XMLHttpRequest();
        attempt('open ' + method, function () { xhr.open(method, '/echo'); });
        if (xhr.readyState !== 0) console.log('  readyState ' + xhr.readyState + ' (wrong)');
    });
    ['GE T', '', '(GET)', 'GET\n', '\u00c9T'].forEach(function (method) {
        attempt('open ' + JSON.stringify(method), function () { new XMLHttpRequest().open(method, '/echo'); });
    });
    // The method is checked before the URL, and a token before the forbidden list.
    attempt('open CONNECT http://[', function () { new XMLHttpRequest().open('CONNECT', 'http://['); });
    attempt('open "TRACE X"', function () { new XMLHttpRequest().open('TRACE X', '/echo'); });
    ['http://[', 'http://a b/', 'http://example.test:99999/'].forEach(function (url) {
        var xhr = new XMLHttpRequest();
        attempt('open GET ' + url, function () { xhr.open('GET', url); });
        if (xhr.readyState !== 0) console.log('  readyState ' + xhr.readyState + ' (wrong)');
    });
    next();
});

// Method normalisation: only DELETE, GET, HEAD, OPTIONS, POST and PUT are uppercased.
['get', 'pOsT', 'delete', 'options', 'put', 'patch', 'Custom'].forEach(function (method) {
    step(function () {
        var xhr = new XMLHttpRequest();
        xhr.open(method, '/echo');
        xhr.onload = function () {
            console.log('open(' + JSON.stringify(method) + '): the server sees ' + JSON.parse(xhr.responseText).method);
            next();
        };
        xhr.send(method.toLowerCase() === 'get' ? null : 'x');
    });
});

step(function () {
    var xhr = new XMLHttpRequest();
    attempt('setRequestHeader before open', function () { xhr.setRequestHeader('X-A', '1'); });
    attempt('send before open', function () { xhr.send(); });
    xhr.withCredentials = true;
    console.log('withCredentials when UNSENT: ' + xhr.withCredentials);
    xhr.open('GET', '/drip?chunks=3&interval=100&size=2');
    xhr.withCredentials = false;
    console.log('withCredentials when OPENED: ' + xhr.withCredentials);
    xhr.overrideMimeType('text/plain');
    console.log('overrideMimeType when OPENED: ok');
    xhr.send();
    attempt('send twice', function () { xhr.send(); });
    attempt('withCredentials after send', function () { xhr.withCredentials = true; });
    console.log('withCredentials still ' + xhr.withCredentials);
    attempt('setRequestHeader after send', function () { xhr.setRequestHeader('X-A', '1'); });
    var loadingChecked = false;
    xhr.onreadystatechange = function () {
        if (xhr.readyState === 2) {
            xhr.overrideMimeType('text/plain');
            console.log('overrideMimeType when HEADERS_RECEIVED: ok');
        }
        if (xhr.readyState === 3 && !loadingChecked) {
            loadingChecked = true;
            attempt('overrideMimeType when LOADING', function () { xhr.overrideMimeType('text/plain'); });
            attempt('responseType when LOADING', function () { xhr.responseType = 'json'; });
            attempt('withCredentials when LOADING', function () { xhr.withCredentials = true; });
        }
        if (xhr.readyState === 4) {
            attempt('overrideMimeType when DONE', function () { xhr.overrideMimeType('text/plain'); });
            attempt('responseType when DONE', function () { xhr.responseType = 'json'; });
            attempt('send when DONE', function () { xhr.send(); });
            console.log('responseType still ' + JSON.stringify(xhr.responseType) + ', text ' + xhr.responseText);
            setTimeout(next, 0);
        }
    };
});

step(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/json?body=' + encodeURIComponent('{"a":1}'));
    xhr.responseType = 'json';
    attempt('responseText with responseType json (OPENED)', function () { return xhr.responseText; });
    attempt('responseXML with responseType json', function () { return xhr.responseXML; });
    xhr.onload = function () {
        attempt('responseText with responseType json (DONE)', function () { return xhr.responseText; });
        console.log('response.a = ' + xhr.response.a);
        next();
    };
    xhr.send();
});

// abort() in each state, and the readyState after it.
function traced(label) {
    var xhr = new XMLHttpRequest();
    ['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'loadend'].forEach(function (type) {
        xhr.addEventListener(type, function () { console.log('  ' + label + ': ' + type + ' ' + xhr.readyState); });
    });
    return xhr;
}
step(function () {
    var xhr = traced('UNSENT');
    xhr.abort();
    console.log('abort when UNSENT: readyState ' + xhr.readyState);
    xhr = traced('OPENED');
    xhr.open('GET', '/echo');
    xhr.abort();
    console.log('abort when OPENED: readyState ' + xhr.readyState);
    xhr = traced('OPENED, sent');
    xhr.open('GET', '/delay/100');
    xhr.send();
    xhr.abort();
    console.log('abort when OPENED and sent: readyState ' + xhr.readyState);
    next();
});
function abortAt(state, label) {
    // Aborts from the listener that ends the step (readystatechange 2, the first progress when
    // LOADING), so that nothing of the step is left to run after abort().
    step(function () {
        var xhr = new XMLHttpRequest();
        var done = false;
        function stop() {
            if (done) return;
            done = true;
            xhr.abort();
            console.log('abort when ' + label + ': readyState ' + xhr.readyState + ' status ' + xhr.status
                + ' responseText ' + JSON.stringify(xhr.responseText));
            setTimeout(next, 500);
        }
        xhr.onreadystatechange = function () {
            console.log('  ' + label + ': readystatechange ' + xhr.readyState);
            if (xhr.readyState === 2 && state === 2) stop();
        };
        ['loadstart', 'progress', 'load', 'error', 'abort', 'loadend'].forEach(function (type) {
            xhr.addEventListener(type, function () {
                console.log('  ' + label + ': ' + type + ' ' + xhr.readyState);
                if (type === 'progress' && state === 3) stop();
            });
        });
        xhr.open('GET', '/drip?chunks=3&interval=100&size=2');
        xhr.send();
    });
}
abortAt(2, 'HEADERS_RECEIVED');
abortAt(3, 'LOADING');
step(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/bytes/3');
    xhr.onloadend = function () {
        setTimeout(function () {
            ['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'loadend'].forEach(function (type) {
                xhr.addEventListener(type, function () { console.log('  DONE: ' + type + ' (wrong)'); });
            });
            console.log('DONE: readyState ' + xhr.readyState + ' status ' + xhr.status + ' responseText ' + JSON.stringify(xhr.responseText));
            xhr.abort();
            console.log('abort when DONE: readyState ' + xhr.readyState + ' status ' + xhr.status
                + ' responseText ' + JSON.stringify(xhr.responseText));
            setTimeout(next, 100);
        }, 0);
    };
    xhr.send();
});

// open() from a listener of a request in flight (readystatechange 2; the first progress when
// LOADING): the old request's events stop and the object is OPENED for the new one.
function reopenAt(state, label) {
    step(function () {
        var xhr = new XMLHttpRequest();
        var reopened = false;
        function reopen() {
            if (reopened) return;
            reopened = true;
            xhr.open('GET', '/bytes/4');
            console.log(label + ': after open readyState ' + xhr.readyState + ' status ' + xhr.status
                + ' responseText ' + JSON.stringify(xhr.responseText));
            setTimeout(function () {
                console.log(label + ': nothing more from the old request; sending the new one');
                xhr.send();
            }, 500);
        }
        xhr.onreadystatechange = function () {
            console.log(label + ': readystatechange ' + xhr.readyState + (reopened ? ' (new)' : ''));
            if (xhr.readyState === 2 && state === 2) reopen();
        };
        ['loadstart', 'progress', 'load', 'error', 'abort', 'loadend'].forEach(function (type) {
            xhr.addEventListener(type, function () {
                if (type === 'progress' && reopened) return;
                console.log(label + ': ' + type + ' ' + xhr.readyState + (reopened ? ' (new)' : ''));
                if (type === 'progress' && state === 3) reopen();
                if (type === 'loadend' && reopened) {
                    console.log(label + ': new response ' + xhr.responseText);
                    next();
                }
            });
        });
        xhr.open('GET', '/drip?chunks=4&interval=100&size=2');
        xhr.send();
    });
}
reopenAt(2, 'reopen when HEADERS_RECEIVED');
reopenAt(3, 'reopen when LOADING');
next();
