// Blob and File (https://w3c.github.io/FileAPI/): blob parts of every kind (USVStrings as UTF-8
// with lone surrogates as U+FFFD, BufferSources through their views' offsets, nested Blobs),
// line endings, type normalization, slice()'s clamping, the reading methods' promises, and
// File's name and lastModified.
function hex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; ++i) out += ('0' + bytes[i].toString(16)).slice(-2);
    return out || '-';
}
function esc(text) {
    return text.replace(/[^\x20-\x7e]/g, function (c) { return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4); });
}
function error(f) {
    try { f(); return 'no exception'; } catch (e) { return e.name + ': ' + e.message; }
}

// Each check reads its blob with bytes(), one after the other.
var checks = [];
function check(label, blob) { checks.push([label, blob]); }
function runChecks(index) {
    if (index === checks.length) return Promise.resolve();
    var label = checks[index][0], blob = checks[index][1];
    return blob.bytes().then(function (bytes) {
        console.log(label + ': ' + blob.size + ' ' + JSON.stringify(blob.type) + ' ' + hex(bytes));
        return runChecks(index + 1);
    });
}

// Parts.
check('strings', new Blob(['a', '\u00e9', '\u20ac', '\ud83d\ude00']));
check('lone surrogates', new Blob(['\ud800', 'x\udc00y', '\udc00\ud800', '\ud83d', '\ude00']));
var buffer = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]).buffer;
check('buffer sources', new Blob([buffer, new Uint8Array(buffer, 2, 3), new DataView(buffer, 5, 2), new Uint16Array(buffer, 6, 1)]));
var inner = new Blob(['ab', new Blob(['cd'])]);
check('nested blobs', new Blob([inner, inner.slice(1, 3), 'e', new File(['f'], 'f.txt')]));
check('other values', new Blob([1, null, undefined, { toString: function () { return 'o'; } }, true]));
var iterable = {};
iterable[Symbol.iterator] = function () {
    var items = ['x', new Uint8Array([0x79])], i = 0;
    return { next: function () { return i < items.length ? { value: items[i++], done: false } : { done: true }; } };
};
check('iterable', new Blob(iterable));
check('no arguments', new Blob());
check('undefined parts', new Blob(undefined, undefined));
check('native endings', new Blob(['a\r\nb\rc\nd\r', new Uint8Array([13, 10])], { endings: 'native' }));
check('transparent endings', new Blob(['a\r\nb\rc\n'], { endings: 'transparent' }));

// Types.
[['Text/HTML;Charset=UTF-8'], ['a\u00e9'], ['tab\t'], ['\x7f'], ['x y'], [5], [undefined]].forEach(function (t) {
    console.log('type ' + esc(String(t[0])) + ' -> ' + JSON.stringify(new Blob([], { type: t[0] }).type));
});
console.log('null options: ' + new Blob(['z'], null).size);

// Errors.
console.log('string parts: ' + error(function () { return new Blob('abc'); }));
console.log('null parts: ' + error(function () { return new Blob(null); }));
console.log('bad endings: ' + error(function () { return new Blob([], { endings: 'bogus' }); }));
console.log('bad options: ' + error(function () { return new Blob([], 5); }));
console.log('without new: ' + error(function () { return Blob([]); }));
console.log('size of no blob: ' + error(function () { return Object.getOwnPropertyDescriptor(Blob.prototype, 'size').get.call({}); }));
console.log('inheriting object: ' + error(function () { return Object.create(new Blob(['a'])).size; }));
console.log('throwing iterator: ' + error(function () {
    var bad = {};
    bad[Symbol.iterator] = function () { return { next: function () { throw new RangeError('from next'); } }; };
    return new Blob(bad);
}));

// slice().
var digits = new Blob(['0123456789'], { type: 'text/plain' });
check('slice()', digits.slice());
check('slice(2)', digits.slice(2));
check('slice(-3)', digits.slice(-3));
check('slice(-20)', digits.slice(-20));
check('slice(2, -2)', digits.slice(2, -2));
check('slice(5, 2)', digits.slice(5, 2));
check('slice(8, 100)', digits.slice(8, 100));
check('slice(20)', digits.slice(20));
check('slice(1.5, 4.5)', digits.slice(1.5, 4.5));
check('slice(2.5, 3.5)', digits.slice(2.5, 3.5));
check('slice(NaN, Infinity)', digits.slice(NaN, Infinity));
check('slice(-Infinity, -0.5)', digits.slice(-Infinity, -0.5));
check('slice("3", "5")', digits.slice('3', '5'));
check('slice(0, 5, "A/B")', digits.slice(0, 5, 'A/B'));
check('slice(0, 1, "\\u00e9")', digits.slice(0, 1, '\u00e9'));
check('slice of slice', digits.slice(2, 8).slice(1, -1));
var file = new File(['file bytes'], 'a.txt', { type: 'text/plain', lastModified: 1 });
var fileSlice = file.slice(5);
console.log('file slice: ' + (fileSlice instanceof File) + ' ' + (fileSlice instanceof Blob) + ' ' + fileSlice.name);

// File.
var before = Date.now();
var now = new File(['ab'], 'name.txt');
var after = Date.now();
console.log('file: ' + now.name + ' ' + now.size + ' ' + JSON.stringify(now.type) + ' ' + (now.lastModified >= before && now.lastModified <= after));
[1234.9, -5, NaN, '77', 1e21].forEach(function (value) {
    console.log('lastModified ' + value + ' -> ' + new File([], 'x', { lastModified: value }).lastModified);
});
console.log('file name: ' + esc(new File([], 'n\ud800/\u00e9').name));
console.log('file type: ' + new File([], 'x', { type: 'IMAGE/PNG' }).type);
check('file with endings', new File(['a\nb\r\n'], 'e.txt', { endings: 'native' }));
check('file of file', new File([file], 'copy.txt'));
console.log('file arguments: ' + error(function () { return new File(['a']); }));
console.log('file without new: ' + error(function () { return File([], 'x'); }));
console.log('name of a blob: ' + error(function () { return Object.getOwnPropertyDescriptor(File.prototype, 'name').get.call(digits); }));
console.log('classes: ' + Object.prototype.toString.call(digits) + ' ' + Object.prototype.toString.call(file) + ' '
    + (Object.getPrototypeOf(File) === Blob) + ' ' + Blob.length + ' ' + File.length);

// Reading: a promise each, resolved in call order after the script.
var order = [];
var reading = new Blob(['\ufeffr\u00e9', new Uint8Array([0xff])]);
var textPromise = reading.text();
textPromise.then(function (text) { order.push('text ' + esc(text)); });
reading.arrayBuffer().then(function (result) {
    order.push('arrayBuffer ' + Object.prototype.toString.call(result) + ' ' + result.byteLength);
});
reading.bytes().then(function (result) {
    order.push('bytes ' + Object.prototype.toString.call(result) + ' ' + hex(result));
});
order.push('sync');
console.log('promise: ' + (textPromise instanceof Promise));
var copies = [];
reading.arrayBuffer().then(function (a) { copies.push(a); });
reading.arrayBuffer().then(function (b) {
    copies.push(b);
    new Uint8Array(copies[0])[0] = 0;
});

setTimeout(function () {
    console.log(order.join(' | '));
    console.log('fresh buffers: ' + (copies[0] !== copies[1]) + ' ' + new Uint8Array(copies[1])[0]);
    runChecks(0).then(function () { console.log('done'); });
}, 0);
