// responseText decodes with the final charset (overrideMimeType's, else Content-Type's), a BOM
// wins over both, UTF-8 is the default, and invalid bytes become U+FFFD.
var cases = [
    ['windows-1252', '80e9', null],
    ['iso-8859-1', '80', null],
    ['shift_jis', '82a0', null],
    ['euc-jp', 'a4a2', null],
    ['gbk', 'c4e3', null],
    ['big5', 'a4a4', null],
    ['koi8-r', 'c1', null],
    ['iso-8859-2', 'a1', null],
    [null, 'e282ac', null],
    [null, 'c3', null],
    ['utf-8', 'efbbbf61', null],
    ['windows-1252', 'fffe6100', null],
    ['utf-16be', '00610062', null],
    ['bogus-label', 'e282ac', null],
    [null, 'b0a1', 'text/plain;charset=euc-kr'],
    ['windows-1252', 'e282ac', 'text/plain'],
];
function hexToCodes(text) {
    var codes = [];
    for (var i = 0; i < text.length; ++i) codes.push('U+' + ('000' + text.charCodeAt(i).toString(16).toUpperCase()).slice(-4));
    return codes.join(' ');
}
function next(index) {
    if (index === cases.length) return json();
    var c = cases[index];
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/text?hex=' + c[1] + (c[0] ? '&charset=' + c[0] : ''));
    if (c[2]) xhr.overrideMimeType(c[2]);
    xhr.onload = function () {
        console.log((c[0] || 'no charset') + (c[2] ? ' overridden by ' + c[2] : '') + ': ' + c[1] + ' -> ' + hexToCodes(xhr.responseText));
        next(index + 1);
    };
    xhr.send();
}
function json() {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/text?charset=windows-1252&hex=efbbbf7b2261223a22e282ac227d');
    xhr.responseType = 'json';
    xhr.onload = function () {
        console.log('json (UTF-8 whatever the charset, BOM skipped): ' + hexToCodes(xhr.response.a));
        var bad = new XMLHttpRequest();
        bad.open('GET', '/text?hex=7b');
        bad.responseType = 'json';
        bad.onload = function () { console.log('invalid json: ' + bad.response); data(); };
        bad.send();
    };
    xhr.send();
}
function data() {
    var urls = ['data:,Hello%2C%20World!', 'data:text/plain;base64,SGVsbG8=', 'data:text/html;charset=windows-1252,%80',
                'data:;base64,!!!'];
    (function step(i) {
        if (i === urls.length) return;
        var xhr = new XMLHttpRequest();
        xhr.open('GET', urls[i]);
        xhr.onload = function () {
            console.log(urls[i] + ' -> ' + xhr.status + ' ' + xhr.statusText + ' [' + xhr.getResponseHeader('Content-Type') + '] ' + JSON.stringify(xhr.responseText));
            step(i + 1);
        };
        xhr.onerror = function () { console.log(urls[i] + ' -> network error'); step(i + 1); };
        xhr.send();
    })(0);
}
next(0);
