// Upload listeners when a request with a body ends early: abort() during the upload, a timeout
// and a network error while the body has not gone out (a cross-origin request whose CORS
// preflight hangs or is reset, so the body never leaves), and the same after the body went out
// (same origin: the server reads the whole body, then hangs or resets). The request error
// steps fire the upload object's event and loadend (0/0) only while the upload is not complete.
var other = 'http://localhost:' + location.port;
var steps = [];
function step(fn) { steps.push(fn); }
function next() { if (steps.length) steps.shift()(); }

function run(label, options) {
    step(function () {
        var xhr = new XMLHttpRequest();
        var log = [], uploadProgress = 0;
        function describe(e) { return e.loaded + '/' + e.total + ' ' + e.lengthComputable; }
        ['loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend'].forEach(function (type) {
            xhr.upload.addEventListener(type, function (e) {
                if (type === 'progress') {
                    // Only the first: their number depends on how the body goes out.
                    if (uploadProgress++ === 0) {
                        log.push('upload progress (first) ' + (options.onUploadProgress ? 'before the end ' + (e.loaded < e.total) : describe(e)));
                        if (options.onUploadProgress) options.onUploadProgress(xhr);
                    }
                    return;
                }
                log.push('upload ' + type + ' ' + describe(e) + ' readyState=' + xhr.readyState);
            });
        });
        xhr.onreadystatechange = function () { log.push('readystatechange ' + xhr.readyState); };
        ['loadstart', 'load', 'error', 'abort', 'timeout', 'loadend'].forEach(function (type) {
            xhr.addEventListener(type, function (e) {
                log.push('xhr ' + type + ' ' + describe(e));
                if (type === 'loadend') {
                    setTimeout(function () {
                        console.log(label + ':\n  ' + log.join('\n  ') + '\n  status ' + xhr.status + ', readyState ' + xhr.readyState);
                        next();
                    }, 200);
                }
            });
        });
        xhr.open('POST', options.url);
        if (options.timeout) xhr.timeout = options.timeout;
        xhr.send(options.body);
        if (options.afterSend) options.afterSend(xhr);
    });
}

run('abort() at the first upload progress of 8 MB', {
    url: '/echo/body', body: new Uint8Array(8 * 1024 * 1024),
    onUploadProgress: function (xhr) { xhr.abort(); }
});
run('abort() right after send()', {
    url: '/echo/body', body: 'abc',
    afterSend: function (xhr) { xhr.abort(); }
});
run('timeout while the preflight hangs (body not sent)', {
    url: other + '/hang', body: 'abc', timeout: 300
});
run('network error while the preflight is reset (body not sent)', {
    url: other + '/reset', body: 'abc'
});
run('timeout after the server read the body', {
    url: '/hang', body: 'abc', timeout: 300
});
run('network error after the server read the body', {
    url: '/reset', body: 'abc'
});
next();
