// Request bodies of every kind, with the Content-Type "extract a body" gives them, and every
// response type.
function echo(body, then, contentType) {
    var xhr = new XMLHttpRequest();
    xhr.open('POST', '/echo');
    if (contentType) xhr.setRequestHeader('Content-Type', contentType);
    xhr.onload = function () { then(JSON.parse(xhr.responseText)); };
    xhr.send(body);
}
function contentType(echoed) {
    var found = echoed.headers.filter(function (h) { return h[0] === 'Content-Type'; });
    return found.length ? found[0][1] : '(none)';
}
var buffer = new Uint8Array([104, 105, 33, 0, 255]).buffer;
var form = new FormData();
form.append('name', 'value');
form.append('upload', new Blob(['file body'], { type: 'text/plain' }), 'notes.txt');
var bodies = [
    ['string', 'h\u00e9llo'],
    ['ArrayBuffer', buffer],
    ['Uint8Array view', new Uint8Array(buffer, 1, 2)],
    ['DataView', new DataView(buffer, 0, 2)],
    ['Blob with a type', new Blob(['blob'], { type: 'application/x-thing' })],
    ['Blob without a type', new Blob(['blob'])],
    ['URLSearchParams', new URLSearchParams({ q: 'a b', r: '\u00e9' })],
    ['FormData', form],
];
function next(index) {
    if (index === bodies.length) return responseTypes();
    echo(bodies[index][1], function (echoed) {
        var body = echoed.body;
        if (bodies[index][0] === 'FormData')
            body = (/Content-Disposition: form-data; name="upload"; filename="notes.txt"\r\nContent-Type: text\/plain\r\n\r\nfile body/.test(body) ? 'multipart with the file part' : body);
        console.log(bodies[index][0] + ': ' + contentType(echoed).replace(/boundary=.*/, 'boundary=...') + ' | ' + JSON.stringify(body) + ' (' + echoed.bodyLength + ' bytes)');
        next(index + 1);
    });
}
function responseTypes() {
    var types = ['', 'text', 'json', 'arraybuffer', 'blob', 'document'];
    (function step(i) {
        if (i === types.length) return;
        var xhr = new XMLHttpRequest();
        xhr.open('GET', '/json?body=' + encodeURIComponent('{"answer":42}'));
        xhr.responseType = types[i];
        xhr.onload = function () {
            var r = xhr.response, description;
            if (types[i] === 'json') description = 'object answer=' + r.answer;
            else if (types[i] === 'arraybuffer') description = 'ArrayBuffer ' + r.byteLength + ' same object ' + (r === xhr.response);
            else if (types[i] === 'blob') description = 'Blob ' + r.size + ' ' + r.type;
            else description = JSON.stringify(r);
            var text;
            try { text = xhr.responseText.length; } catch (e) { text = e.name; }
            console.log('responseType "' + types[i] + '": ' + description + ', responseText: ' + text + ', responseXML: ' + (function () {
                try { return xhr.responseXML; } catch (e) { return e.name; }
            })());
            if (types[i] === 'blob') r.text().then(function (t) { console.log('blob text: ' + t); step(i + 1); });
            else if (types[i] === 'arraybuffer') reusedArrayBuffer(xhr, r, function () { step(i + 1); });
            else step(i + 1);
        };
        xhr.send();
    })(0);
}
// A body of many chunks, then the same object sent again: the first ArrayBuffer keeps its bytes.
function reusedArrayBuffer(xhr, first, then) {
    var length = 3 * 1024 * 1024 + 7;
    xhr.open('GET', '/bytes/' + length);
    xhr.onload = function () {
        var big = new Uint8Array(xhr.response), letters = 'abcdefghijklmnopqrstuvwxyz', wrong = 0;
        for (var i = 0; i < big.length; i += 4093)
            if (big[i] !== letters.charCodeAt(i % 26)) ++wrong;
        console.log('arraybuffer of ' + big.length + ' bytes, ' + wrong + ' wrong; the first response still ' +
            first.byteLength + ' bytes: ' + String.fromCharCode.apply(null, new Uint8Array(first)));
        then();
    };
    xhr.send();
}
next(0);
