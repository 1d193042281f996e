// TextEncoder and TextDecoder (https://encoding.spec.whatwg.org/#api): encode() and encodeInto()
// (read in UTF-16 code units, never a part of a scalar value's bytes), labels, BOM handling, fatal
// errors and streaming decodes that split multibyte sequences.
function hex(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; ++i) out += ('0' + bytes[i].toString(16)).slice(-2);
    return out || '-';
}
function esc(text) {
    return text.replace(/[^\x20-\x7e]/g, function (c) { return '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4); });
}
function error(f) {
    try { return 'no exception: ' + esc(String(f())); } catch (e) { return e.name + ': ' + e.message; }
}
function bytes(list) { return new Uint8Array(list); }
// Decoded pieces, each in brackets.
function show(pieces) { return pieces.map(function (piece) { return '[' + esc(piece) + ']'; }).join(''); }

// TextEncoder.
var encoder = new TextEncoder();
console.log('encoder: ' + encoder.encoding + ' ' + Object.prototype.toString.call(encoder));
[undefined, '', 'a\u00e9\u20ac\ud83d\ude00', '\ud800', 'x\udc00\ud83d', null, 42].forEach(function (input) {
    var result = encoder.encode(input);
    console.log('encode ' + esc(String(input)) + ': ' + Object.prototype.toString.call(result) + ' ' + hex(result));
});
console.log('encode(): ' + encoder.encode().length);

function encodeInto(source, destination) {
    var result = encoder.encodeInto(source, destination);
    return 'read ' + result.read + ' written ' + result.written + ' ' + hex(destination);
}
console.log('encodeInto abc/2: ' + encodeInto('abc', new Uint8Array(2)));
console.log('encodeInto pair/4: ' + encodeInto('a\ud83d\ude00b', new Uint8Array(4)));
console.log('encodeInto pair/5: ' + encodeInto('a\ud83d\ude00b', new Uint8Array(5)));
console.log('encodeInto pair/6: ' + encodeInto('a\ud83d\ude00b', new Uint8Array(6)));
console.log('encodeInto two-byte/3: ' + encodeInto('\u00e9\u00e9', new Uint8Array(3)));
console.log('encodeInto lone surrogate/4: ' + encodeInto('\ud800x', new Uint8Array(4)));
console.log('encodeInto empty destination: ' + encodeInto('abc', new Uint8Array(0)));
console.log('encodeInto empty source: ' + encodeInto('', new Uint8Array(1)));
var big = new Uint8Array(6);
var window3 = big.subarray(2, 3);
console.log('encodeInto subarray: ' + encodeInto('xy', window3) + ' whole ' + hex(big));
console.log('encodeInto Uint16Array: ' + error(function () { return encoder.encodeInto('a', new Uint16Array(2)); }));
console.log('encodeInto ArrayBuffer: ' + error(function () { return encoder.encodeInto('a', new ArrayBuffer(2)); }));
console.log('encodeInto DataView: ' + error(function () { return encoder.encodeInto('a', new DataView(new ArrayBuffer(2))); }));
console.log('encodeInto one argument: ' + error(function () { return encoder.encodeInto('a'); }));
console.log('encode on no encoder: ' + error(function () { return TextEncoder.prototype.encode.call({}, 'a'); }));

// TextDecoder: labels.
var decoder = new TextDecoder();
console.log('default: ' + decoder.encoding + ' ' + decoder.fatal + ' ' + decoder.ignoreBOM + ' ' + Object.prototype.toString.call(decoder));
['UTF8', ' unicode-1-1-utf-8\n', 'latin1', 'ascii', 'sjis', 'utf-16', 'UTF-16BE', 'x-user-defined', 'iso-8859-8-i',
 'gb2312', 'cseuckr', 'koi', 'iso-2022-jp', undefined].forEach(function (label) {
    console.log('label ' + esc(String(label)) + ': ' + new TextDecoder(label).encoding);
});
['bogus', 'replacement', 'iso-2022-kr', 'hz-gb-2312', 'utf-7', null, ''].forEach(function (label) {
    console.log('label ' + String(label) + ': ' + error(function () { return new TextDecoder(label); }));
});
var options = new TextDecoder('utf-8', { fatal: 1, ignoreBOM: 'yes' });
console.log('options: ' + options.fatal + ' ' + options.ignoreBOM);
console.log('options not an object: ' + error(function () { return new TextDecoder('utf-8', 5); }));
console.log('without new: ' + error(function () { return TextDecoder(); }));

// decode(): inputs.
console.log('decode(): "' + decoder.decode() + '" "' + decoder.decode(undefined) + '"');
var buffer = new Uint8Array([0x78, 0xe2, 0x82, 0xac, 0x79]).buffer;
console.log('ArrayBuffer: ' + esc(decoder.decode(buffer)));
console.log('DataView window: ' + esc(decoder.decode(new DataView(buffer, 1, 3))));
console.log('Uint16Array: ' + esc(new TextDecoder('utf-16le').decode(new Uint16Array([0x61, 0x20ac]))));
console.log('string input: ' + error(function () { return decoder.decode('abc'); }));
console.log('null input: ' + error(function () { return decoder.decode(null); }));
console.log('array input: ' + error(function () { return decoder.decode([97]); }));
console.log('options not an object: ' + error(function () { return decoder.decode(bytes([97]), 5); }));
console.log('decode on no decoder: ' + error(function () { return TextDecoder.prototype.decode.call({}); }));

// BOMs.
console.log('utf-8 BOM: ' + esc(decoder.decode(bytes([0xef, 0xbb, 0xbf, 0x61]))));
console.log('utf-8 BOM ignored: ' + esc(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes([0xef, 0xbb, 0xbf, 0x61]))));
console.log('utf-16le BOM: ' + esc(new TextDecoder('utf-16le').decode(bytes([0xff, 0xfe, 0x61, 0x00]))));
console.log('utf-16le BOM ignored: ' + esc(new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes([0xff, 0xfe, 0x61, 0x00]))));
console.log('utf-16be BOM: ' + esc(new TextDecoder('utf-16be').decode(bytes([0xfe, 0xff, 0x00, 0x61]))));
console.log('utf-16le BOM in utf-8: ' + esc(decoder.decode(bytes([0xff, 0xfe, 0x61]))));
console.log('utf-8 BOM in windows-1252: ' + esc(new TextDecoder('latin1').decode(bytes([0xef, 0xbb, 0xbf]))));
var streaming = new TextDecoder();
console.log('BOM once per stream: ' + show([
    streaming.decode(bytes([0xef, 0xbb, 0xbf]), { stream: true }),
    streaming.decode(bytes([0xef, 0xbb, 0xbf, 0x62]), { stream: true }),
    streaming.decode(),
    streaming.decode(bytes([0xef, 0xbb, 0xbf, 0x63]))
]));
console.log('BOM split: ' + show([
    streaming.decode(bytes([0xef]), { stream: true }),
    streaming.decode(bytes([0xbb]), { stream: true }),
    streaming.decode(bytes([0xbf, 0x61]))
]));

// Errors: U+FFFD, or a TypeError in fatal mode.
console.log('replacement: ' + esc(decoder.decode(bytes([0x61, 0xff, 0x62, 0xe2, 0x82]))));
console.log('truncated sequence: ' + esc(decoder.decode(bytes([0xf0, 0x9f, 0x98, 0x41]))));
console.log('surrogate in utf-8: ' + esc(decoder.decode(bytes([0xed, 0xa0, 0x80]))));
var fatal = new TextDecoder('utf-8', { fatal: true });
console.log('fatal invalid: ' + error(function () { return fatal.decode(bytes([0x61, 0xff])); }));
console.log('fatal truncated at end: ' + error(function () { return fatal.decode(bytes([0xe2, 0x82])); }));
console.log('fatal starts afresh: ' + esc(fatal.decode(bytes([0x61]))));
console.log('fatal streamed: ' + show([
    fatal.decode(bytes([0xe2, 0x82]), { stream: true }),
    fatal.decode(bytes([0xac]))
]));
console.log('fatal shift_jis: ' + error(function () { return new TextDecoder('shift_jis', { fatal: true }).decode(bytes([0x82])); }));

// Streaming decodes split inside multibyte sequences.
function streamBytes(label, list) {
    var streamDecoder = new TextDecoder(label);
    var pieces = list.map(function (chunk) { return streamDecoder.decode(bytes(chunk), { stream: true }); });
    pieces.push(streamDecoder.decode());
    return show(pieces);
}
console.log('utf-8 byte by byte: ' + streamBytes('utf-8', [[0xe2], [0x82], [0xac], [0xf0], [0x9f], [0x98], [0x80], [0x7a]]));
console.log('utf-8 cut at the end: ' + streamBytes('utf-8', [[0x61, 0xf0, 0x9f]]));
console.log('shift_jis split: ' + streamBytes('shift_jis', [[0x82], [0xa0, 0x8a], [0xbf, 0xb1, 0x5c, 0x7e, 0x80]]));
console.log('shift_jis cut at the end: ' + streamBytes('shift_jis', [[0x61, 0x82]]));
console.log('utf-16le split pair: ' + streamBytes('utf-16le', [[0x61], [0x00, 0x3d], [0xd8, 0x00], [0xde]]));
console.log('utf-16le odd length: ' + esc(new TextDecoder('utf-16le').decode(bytes([0x61, 0x00, 0x62]))));
console.log('windows-1252: ' + esc(new TextDecoder('windows-1252').decode(bytes([0x80, 0xe9, 0x81]))));
console.log('x-user-defined: ' + esc(new TextDecoder('x-user-defined').decode(bytes([0x61, 0x80, 0xff]))));
