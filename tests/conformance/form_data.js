// FormData (https://xhr.spec.whatwg.org/#interface-formdata): the constructor without a form,
// every method, entry order, set() replacing the first entry of a name and removing the others,
// Blobs becoming Files (named "blob" or as the filename says), and live iterators and forEach.
function esc(text) {
    return text.replace(/[^\x20-\x7e]/g, function (c) { return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4); });
}
function error(f) {
    try { f(); return 'no exception'; } catch (e) { return e.name + ': ' + e.message; }
}
function describe(value) {
    if (typeof value === 'string') return esc(value);
    if (value instanceof File) return 'File(' + esc(value.name) + ', ' + value.size + ', ' + JSON.stringify(value.type) + ')';
    return String(value);
}
// The entry list, through entries().
function dump(form) {
    var out = [], iterator = form.entries(), step;
    while (!(step = iterator.next()).done) out.push(esc(step.value[0]) + '=' + describe(step.value[1]));
    return '[' + out.join(', ') + ']';
}

// The constructor.
var form = new FormData();
console.log('empty: ' + dump(form) + ' ' + Object.prototype.toString.call(form));
console.log('undefined form: ' + dump(new FormData(undefined)) + ' ' + dump(new FormData(undefined, null)));
console.log('null form: ' + error(function () { return new FormData(null); }));
console.log('object form: ' + error(function () { return new FormData({}); }));
console.log('submitter: ' + error(function () { return new FormData(undefined, {}); }));
console.log('without new: ' + error(function () { return FormData(); }));
console.log('lengths: ' + ['append', 'delete', 'get', 'getAll', 'has', 'set', 'forEach', 'entries', 'keys', 'values'].map(function (name) {
    return name + '=' + FormData.prototype[name].length;
}).join(' '));

// append, get, getAll, has.
form.append('a', '1');
form.append('b', 2);
form.append('a', '3');
form.append('\ud800', 'x\udc00');
form.append(1, 'one');
form.append('nl', 'a\nb\r\nc\r');
console.log('appended: ' + dump(form));
console.log('get: ' + form.get('a') + ' ' + form.get('zz') + ' ' + form.get(1) + ' ' + esc(form.get('\ufffd')));
console.log('getAll: ' + JSON.stringify(form.getAll('a')) + ' ' + JSON.stringify(form.getAll('zz')));
console.log('has: ' + form.has('a') + ' ' + form.has('zz') + ' ' + form.has('\ud800'));
console.log('one argument: ' + error(function () { form.append('a'); }));
console.log('no argument: ' + error(function () { form.get(); }));
console.log('get on no FormData: ' + error(function () { FormData.prototype.get.call({}, 'a'); }));

// set and delete.
form.set('a', '9');
console.log('set existing: ' + dump(form));
form.set('c', 'new');
console.log('set new: ' + dump(form));
var many = new FormData();
['x=1', 'a=2', 'x=3', 'b=4', 'x=5'].forEach(function (pair) { many.append(pair.split('=')[0], pair.split('=')[1]); });
many.set('x', 'z');
console.log('set many: ' + dump(many));
many.append('x', 'again');
many.delete('x');
many.delete('nonexistent');
console.log('delete: ' + dump(many));

// Blobs and Files.
var files = new FormData();
var blob = new Blob(['abc'], { type: 'text/plain' });
var file = new File(['xy'], 'orig.txt', { type: 'image/png', lastModified: 5 });
files.append('blob', blob);
files.append('named', blob, 'name.txt');
files.append('undefined filename', blob, undefined);
files.append('file', file);
files.append('renamed', file, 'renamed.txt');
files.append('string', 'text');
console.log('files: ' + dump(files));
console.log('blob became a File: ' + (files.get('blob') instanceof File) + ' ' + (files.get('blob') !== blob)
    + ' same each time: ' + (files.get('blob') === files.get('blob')) + ' ' + (files.getAll('blob')[0] === files.get('blob')));
console.log('file kept: ' + (files.get('file') === file));
var renamed = files.get('renamed');
console.log('renamed: ' + (renamed !== file) + ' ' + renamed.name + ' ' + renamed.lastModified + ' ' + renamed.type);
console.log('filename with a string: ' + error(function () { files.append('s', 'text', 'name.txt'); }));
console.log('set with filename: ' + error(function () { files.set('s', 'text', 'name.txt'); }));
files.set('blob', file, 'replaced.bin');
files.set('file', 'now a string');
console.log('set files: ' + dump(files));

// Iterators: live, over the entry list as it is at each next().
var live = new FormData();
live.append('k1', 'v1');
live.append('k2', 'v2');
var keys = live.keys(), values = live.values(), entries = live[Symbol.iterator]();
console.log('iterator: ' + Object.prototype.toString.call(keys) + ' ' + (keys[Symbol.iterator]() === keys)
    + ' ' + (FormData.prototype[Symbol.iterator] === FormData.prototype.entries)
    + ' ' + (Object.getPrototypeOf(keys) === Object.getPrototypeOf(live.entries())));
console.log('first: ' + JSON.stringify(keys.next()) + ' ' + JSON.stringify(values.next()) + ' ' + JSON.stringify(entries.next()));
live.append('k3', 'v3');
live.delete('k1');
console.log('after changes: ' + JSON.stringify(keys.next()) + ' ' + JSON.stringify(values.next()) + ' ' + JSON.stringify(entries.next()));
console.log('done: ' + JSON.stringify(keys.next()) + ' ' + JSON.stringify(keys.next()));
console.log('next on no iterator: ' + error(function () { keys.next.call({}); }));

// forEach: (value, key, form) with thisArg, live too; exceptions reach the caller.
var visited = [];
var thisArg = { name: 'thisArg' };
live.forEach(function (value, key, target) {
    visited.push(key + '=' + value + (target === live) + this.name);
    if (key === 'k2') live.append('k4', 'v4');
}, thisArg);
console.log('forEach: ' + visited.join(' '));
console.log('forEach not callable: ' + error(function () { live.forEach({}); }));
console.log('forEach throws: ' + error(function () { live.forEach(function () { throw new RangeError('from callback'); }); }));

files.get('blob').text().then(function (text) {
    console.log('file contents: ' + text + ' ' + files.get('named').size);
});
