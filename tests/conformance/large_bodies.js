// Bodies of 1 MiB and more with a Content-Length are read whole into one block on the network
// thread, which then becomes the script's buffer: every way script reads such a body gets the
// bytes the server sent, while it loads and after, and a body cut short is a network error.
function report(label, promise) {
    return promise.then(function (value) { console.log(label + ': ' + value); },
                        function (error) { console.log(label + ': rejected ' + error.name + ' ' + error.message); });
}
var letters = 'abcdefghijklmnopqrstuvwxyz';
// The bytes /bytes/N sends: the alphabet over and over.
function checkLetters(bytes, offset) {
    for (var i = 0; i < bytes.length; i += 997)
        if (bytes[i] !== letters.charCodeAt((offset + i) % 26)) return 'wrong at ' + (offset + i);
    if (bytes.length && bytes[bytes.length - 1] !== letters.charCodeAt((offset + bytes.length - 1) % 26)) return 'wrong at the end';
    return 'right';
}
function checkText(text) {
    for (var i = 0; i < text.length; i += 997)
        if (text.charAt(i) !== letters.charAt(i % 26)) return 'wrong at ' + i;
    return 'right';
}
function xhr(url, type, setup) {
    return new Promise(function (resolve, reject) {
        var request = new XMLHttpRequest();
        request.open('GET', url);
        request.responseType = type;
        request.onload = function () { resolve(request); };
        request.onerror = function () { reject(new TypeError('network error')); };
        if (setup) setup(request);
        request.send();
    });
}

var steps = [
    function () {
        var loaded = [], total;
        return report('XHR arraybuffer of 3000000 bytes', xhr('/bytes/3000000', 'arraybuffer', function (request) {
            request.onprogress = function (e) { loaded.push(e.loaded); total = e.total; };
        }).then(function (request) {
            var buffer = request.response;
            var increasing = loaded.every(function (v, i) { return i === 0 || v >= loaded[i - 1]; });
            // A collection between reads must leave the buffer's memory alone.
            Duktape.gc();
            return buffer.byteLength + ' bytes, ' + checkLetters(new Uint8Array(buffer), 0) +
                ', the same object again: ' + (request.response === buffer) +
                ', progress increasing to ' + loaded[loaded.length - 1] + ' of ' + total + ': ' + increasing +
                ', a slice: ' + checkLetters(new Uint8Array(buffer.slice(1000001, 1001001)), 1000001);
        }));
    },
    function () {
        return report('XHR text of 2000000 bytes', xhr('/bytes/2000000', '').then(function (request) {
            return request.responseText.length + ' characters, ' + checkText(request.responseText);
        }));
    },
    // Known length, arriving in four pieces: responseText grows while LOADING.
    function () {
        var lengths = [];
        return report('XHR text while loading', xhr('/drip?chunked=0&chunks=4&size=300000&interval=100', '', function (request) {
            request.onprogress = function () { lengths.push(request.responseText.length); };
        }).then(function (request) {
            var text = request.responseText;
            return 'grew: ' + (lengths.length >= 2 && lengths[0] < 1200000) + ', to ' + text.length +
                ', pieces ' + text.charAt(0) + text.charAt(300000) + text.charAt(600000) + text.charAt(1199999);
        }));
    },
    function () {
        return report('XHR blob of 1500000 bytes', xhr('/bytes/1500000', 'blob').then(function (request) {
            return request.response.arrayBuffer().then(function (buffer) {
                return request.response.size + ' bytes, ' + checkLetters(new Uint8Array(buffer), 0);
            });
        }));
    },
    // Aborted while loading, the same object then loads another large body.
    function () {
        var request = new XMLHttpRequest(), events = [];
        return report('XHR aborted, then reused', new Promise(function (resolve) {
            request.open('GET', '/drip?chunked=0&chunks=10&size=200000&interval=50');
            request.responseType = 'arraybuffer';
            request.onprogress = function () { request.onprogress = null; request.abort(); };
            request.onabort = function () {
                events.push('abort');
                request.onabort = null;
                request.open('GET', '/bytes/1100000');
                request.onload = function () { resolve(events.join(',') + ', then ' + request.response.byteLength + ' bytes, ' + checkLetters(new Uint8Array(request.response), 0)); };
                request.send();
            };
            request.send();
        }));
    },
    function () {
        return report('XHR with bytes owed', xhr('/close-early?send=2000000&claim=3000000', 'arraybuffer').then(function (request) {
            return 'loaded ' + request.response.byteLength;
        }));
    },
    function () {
        return report('fetch arrayBuffer of 3000000 bytes', fetch('/bytes/3000000').then(function (r) { return r.arrayBuffer(); }).then(function (buffer) {
            Duktape.gc();
            return buffer.byteLength + ' bytes, ' + checkLetters(new Uint8Array(buffer), 0);
        }));
    },
    function () {
        return report('fetch text of 1048576 bytes', fetch('/bytes/1048576').then(function (r) { return r.text(); }).then(function (text) {
            return text.length + ' characters, ' + checkText(text);
        }));
    },
    // Read as a stream: the chunks follow each other, each a buffer of its own.
    function () {
        return report('fetch stream of 2500000 bytes', fetch('/bytes/2500000').then(function (r) {
            var reader = r.body.getReader(), offset = 0, outcome = 'right', own = true;
            return (function read() {
                return reader.read().then(function (chunk) {
                    if (chunk.done)
                        return offset + ' bytes, ' + outcome + ', each chunk its own buffer: ' + own;
                    if (outcome === 'right')
                        outcome = checkLetters(chunk.value, offset);
                    own = own && chunk.value.buffer.byteLength === chunk.value.byteLength;
                    offset += chunk.value.byteLength;
                    return read();
                });
            })();
        }));
    },
    function () {
        return report('fetch clone of 2000000 bytes', fetch('/bytes/2000000').then(function (r) {
            var c = r.clone();
            return Promise.all([r.arrayBuffer(), c.arrayBuffer()]).then(function (both) {
                return both[0].byteLength + ' and ' + both[1].byteLength + ', ' + checkLetters(new Uint8Array(both[0]), 0) +
                    ' and ' + checkLetters(new Uint8Array(both[1]), 0);
            });
        }));
    },
    function () {
        return report('fetch with bytes owed', fetch('/close-early?send=1500000&claim=2000000').then(function (r) { return r.arrayBuffer(); }));
    },
    // A length claimed that never comes: the block is only address space until bytes arrive.
    function () {
        return report('fetch with 600 MB owed', fetch('/close-early?send=100000&claim=600000000').then(function (r) { return r.arrayBuffer(); }));
    }
];
(function next(i) {
    if (i < steps.length) steps[i]().then(function () { next(i + 1); });
})(0);
