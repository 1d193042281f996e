// A response's body is read without a stream until script asks for one: these check that every
// way of reading it still behaves as the Fetch and Streams Standards say.
function report(label, promise) {
    return promise.then(function (value) { console.log(label + ': ' + value); },
                        function (error) { console.log(label + ': rejected ' + error.name + ' ' + error.message); });
}
function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }
var letters = 'abcdefghijklmnopqrstuvwxyz';
function checkLetters(bytes) {
    for (var i = 0; i < bytes.length; i += 997)
        if (bytes[i] !== letters.charCodeAt(i % 26)) return 'wrong at ' + i;
    return 'right';
}

var steps = [
    // arrayBuffer() of a body of many chunks hands over the collected buffer.
    function () {
        return report('arrayBuffer of 300000 bytes', fetch('/bytes/300000').then(function (r) { return r.arrayBuffer(); }).then(function (b) {
            return b.byteLength + ' bytes, ' + checkLetters(new Uint8Array(b)) + ', an ArrayBuffer: ' + (b instanceof ArrayBuffer);
        }));
    },
    // Reading once, then again, then asking for the stream.
    function () {
        return report('text, then used', fetch('/bytes/10').then(function (r) {
            var first = r.text();
            var used = r.bodyUsed;
            return first.then(function (text) {
                var stream = r.body;
                return r.text().then(function () { return 'read twice'; }, function (error) {
                    return text + ' used ' + used + ', body locked ' + stream.locked + ', second read ' + error.name;
                });
            });
        }));
    },
    // An unread body pauses the network at the high-water mark; its stream then starts with
    // what arrived, and goes on.
    function () {
        return report('unread endless body', fetch('/endless?key=unread&size=16384').then(function (r) {
            return wait(400).then(function () {
                return fetch('/endless/stats?key=unread').then(function (s) { return s.text(); });
            }).then(function (written) {
                var reader = r.body.getReader(), first;
                return reader.read().then(function (chunk) {
                    first = chunk.value.byteLength;
                    return reader.read();
                }).then(function (second) {
                    reader.cancel();
                    return 'server wrote ' + (Number(written) < 8 * 1048576 ? 'a bounded amount' : written + ' bytes') +
                        ' while unread; first chunk ' + (first >= 256 * 1024 ? 'holds what gathered' : first + ' bytes') +
                        ', then more: ' + (second.value.byteLength > 0);
                });
            });
        }));
    },
    // The same with a body whose length is known, gathered into one buffer made at that length:
    // the stream's first chunk is a buffer of its own, not a view of the rest.
    function () {
        return report('unread body of known length', fetch('/drip?chunked=0&chunks=40&size=100000&interval=10').then(function (r) {
            return wait(200).then(function () {
                var reader = r.body.getReader(), total = 0, whole = true, first;
                return (function read() {
                    return reader.read().then(function (chunk) {
                        if (chunk.done)
                            return 'first chunk ' + (first >= 256 * 1024 && first < 4000000 ? 'holds what gathered' : first + ' bytes') +
                                ', each chunk its own buffer: ' + whole + ', ' + total + ' bytes in all';
                        if (first === undefined) first = chunk.value.byteLength;
                        whole = whole && chunk.value.buffer.byteLength === chunk.value.byteLength;
                        total += chunk.value.byteLength;
                        return read();
                    });
                })();
            });
        }));
    },
    // A body that arrived whole before anyone asked for its stream.
    function () {
        return report('stream after the end', fetch('/bytes/5').then(function (r) {
            return wait(100).then(function () {
                var reader = r.body.getReader();
                return reader.read().then(function (a) {
                    return reader.read().then(function (b) {
                        return String.fromCharCode.apply(null, a.value) + ' then done ' + b.done;
                    });
                });
            });
        }));
    },
    // clone() before reading: both get the whole body.
    function () {
        return report('clone', fetch('/bytes/70000').then(function (r) {
            var c = r.clone();
            return Promise.all([r.arrayBuffer(), c.text()]).then(function (both) {
                // The header list is taken from the handle when first read: after the body, and
                // the clone's from the original's.
                return both[0].byteLength + ' and ' + both[1].length + ', ' + checkLetters(new Uint8Array(both[0])) +
                    ', Content-Length ' + c.headers.get('Content-Length') + ' and ' + r.headers.get('content-length');
            });
        }));
    },
    // Aborting while text() collects an endless body rejects it with the abort reason.
    function () {
        var controller = new AbortController();
        return report('abort while collecting', fetch('/endless?key=abort', { signal: controller.signal }).then(function (r) {
            var text = r.text();
            setTimeout(function () { controller.abort(); }, 100);
            return text;
        }));
    },
    // The network failing while text() collects: a TypeError.
    function () {
        return report('close with bytes owed', fetch('/close-early?send=10&claim=100').then(function (r) { return r.text(); }));
    },
    // Lengths claimed that never come: memory follows the bytes that arrive, and the largest
    // claims cannot be one buffer at all.
    function () {
        return report('close with 2 GB owed', fetch('/close-early?send=100000&claim=2000000000').then(function (r) { return r.arrayBuffer(); }));
    },
    function () {
        return report('close with 1 TB owed', fetch('/close-early?send=100000&claim=1000000000000').then(function (r) { return r.arrayBuffer(); }));
    },
    function () {
        return report('json', fetch('/json?body=' + encodeURIComponent('{"a":[1,2]}')).then(function (r) { return r.json(); }).then(function (v) { return JSON.stringify(v); }));
    }
];
(function next(i) {
    if (i < steps.length) steps[i]().then(function () { next(i + 1); });
})(0);
