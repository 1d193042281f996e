// Redirects as XHR observes them: responseURL, the method and body rewrite of 301/302/303, the
// method and body kept by 307/308, at most 20 redirects, and only to HTTP(S).
function request(method, url, body, then) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('Content-Type', 'text/plain');
    xhr.onload = function () { then(xhr); };
    xhr.onerror = function () { then(xhr); };
    xhr.send(body);
}
function describe(xhr) {
    if (xhr.status === 0) return 'network error';
    var echo = JSON.parse(xhr.responseText);
    var contentType = echo.headers.filter(function (h) { return h[0].toLowerCase() === 'content-type'; });
    return echo.method + ' body="' + echo.body + '" content-type=' + (contentType.length ? contentType[0][1] : 'none')
        + ' url=' + xhr.responseURL.replace(location.origin, '');
}
var cases = [
    ['POST', '/redirect/301?to=/echo'],
    ['POST', '/redirect/302?to=/echo'],
    ['PUT', '/redirect/302?to=/echo'],
    ['POST', '/redirect/303?to=/echo'],
    ['PUT', '/redirect/303?to=/echo'],
    ['POST', '/redirect/307?to=/echo'],
    ['POST', '/redirect/308?to=/echo%23kept'],
    ['GET', '/redirect/302?to=data:text/plain,hi'],
    ['GET', '/redirect/302?to=http://%5B::1%5D:1/'],
];
function next(index) {
    if (index === cases.length) return chains();
    request(cases[index][0], cases[index][1], 'payload', function (xhr) {
        console.log(cases[index][0] + ' ' + cases[index][1] + ' -> ' + describe(xhr));
        next(index + 1);
    });
}
function chains() {
    var twenty = new XMLHttpRequest();
    twenty.open('GET', '/redirect-chain/20');
    twenty.onload = function () {
        console.log('20 redirects: ' + twenty.status + ' ' + twenty.responseText + ' ' + twenty.responseURL.replace(location.origin, ''));
        var more = new XMLHttpRequest();
        more.open('GET', '/redirect-chain/21');
        more.onload = function () { console.log('21 redirects: load (wrong)'); };
        more.onerror = function () { console.log('21 redirects: network error, status ' + more.status); charsetFixup(); };
        more.send();
    };
    twenty.send();
}
next(0);
// The XHR Standard's charset fix-up: a string body is UTF-8, whatever charset the script said.
function charsetFixup() {
var fixup = new XMLHttpRequest();
fixup.open('POST', '/echo');
fixup.setRequestHeader('Content-Type', 'text/plain; charset=ISO-8859-1; format=flowed');
fixup.onload = function () {
    var echo = JSON.parse(fixup.responseText);
    console.log('charset fix-up: ' + echo.headers.filter(function (h) { return h[0] === 'Content-Type'; })[0][1]
        + ' bytes=' + echo.bodyLength);
};
fixup.send('\u00e9');
}
