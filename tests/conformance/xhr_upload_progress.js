// Upload progress comes from bytes the network thread actually wrote: a 4 MB body against a
// server that reads it as it comes; the upload events precede the response's.
var size = 4 * 1024 * 1024;
var body = new Uint8Array(size);
var xhr = new XMLHttpRequest();
var log = [], progress = [];
['loadstart', 'progress', 'load', 'loadend', 'error', 'abort', 'timeout'].forEach(function (type) {
    xhr.upload.addEventListener(type, function (e) {
        if (type === 'progress') { progress.push(e.loaded); return; }
        log.push('upload ' + type + ' ' + e.loaded + '/' + e.total + ' ' + e.lengthComputable);
    });
});
['loadstart', 'load', 'loadend'].forEach(function (type) {
    xhr.addEventListener(type, function (e) { log.push('xhr ' + type + ' ' + e.loaded); });
});
xhr.onloadend = function () {
    var increasing = progress.every(function (v, i) { return i === 0 || v > progress[i - 1]; });
    log.push('upload progress events: ' + (progress.length >= 2 ? 'several' : progress.length) + ', increasing ' + increasing
        + ', last ' + progress[progress.length - 1] + ', before the end ' + (progress[0] < size));
    log.push('echoed ' + xhr.responseText.length + ' bytes');
    console.log(log.join('\n'));
    without();
};
xhr.open('POST', '/echo/body');
xhr.send(body);

// Without upload listeners no upload event fires (and no preflight would be forced).
function without() {
    var plain = new XMLHttpRequest();
    var upload = plain.upload;
    var fired = 0;
    plain.open('POST', '/echo/body');
    plain.onload = function () { console.log('listener added after send(): upload events ' + fired); };
    plain.send('x');
    upload.onprogress = function () { fired++; };
}
