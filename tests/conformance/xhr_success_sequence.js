// The XHR Standard's event sequence for a successful request with a known length.
var xhr = new XMLHttpRequest();
function log(event) {
    var line = event.type + ' readyState=' + xhr.readyState;
    if (event instanceof ProgressEvent)
        line += ' loaded=' + event.loaded + ' total=' + event.total + ' lengthComputable=' + event.lengthComputable;
    console.log(line + ' status=' + xhr.status + ' trusted=' + event.isTrusted);
}
['readystatechange', 'loadstart', 'progress', 'load', 'error', 'abort', 'timeout', 'loadend'].forEach(function (type) {
    xhr.addEventListener(type, log);
});
console.log('readyState before open: ' + xhr.readyState);
xhr.open('GET', '/bytes/10');
xhr.send();
xhr.onloadend = function () {
    console.log('statusText=' + xhr.statusText + ' body=' + xhr.responseText + ' response=' + xhr.response);
    console.log('responseURL=' + xhr.responseURL.replace(location.origin, ''));
    console.log('content-length=' + xhr.getResponseHeader('CONTENT-LENGTH') + ' missing=' + xhr.getResponseHeader('x-missing'));
};
