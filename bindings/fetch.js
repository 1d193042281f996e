// The Fetch Standard's script API (https://fetch.spec.whatwg.org/#fetch-api) with the parts of the
// DOM and Streams Standards it stands on: AbortController/AbortSignal, ReadableStream (default
// streams), Headers, Request, Response and fetch(). The network side is the loader's, reached
// through `internal.startFetch`; bodies cross as Uint8Arrays.
// Runs once per heap after prelude.js, as a function of (internal, global).
(function (internal, global) {
'use strict';
// Duktape looks `undefined` up by name through every enclosing scope to the global object on
// each use; this binding ends the walk one scope sooner (2.6% of a small fetch's instructions).
var undefined;

var util = internal.util;
var hiddenSymbol = internal.hiddenSymbol;
var defineHidden = util.defineHidden, defineMethods = util.defineMethods, defineGetters = util.defineGetters;
var defineGlobal = util.defineGlobal, isCallable = util.isCallable, isObject = util.isObject;
var Promise = util.Promise;
var DOMException = global.DOMException;
var setTimeout = global.setTimeout;

function requireNew(self, Constructor, name) {
    if (!(self instanceof Constructor) || self[brand] !== undefined)
        throw new TypeError("Failed to construct '" + name + "': Please use the 'new' operator");
}
var brand = hiddenSymbol('brand');
function checkBrand(self, name) {
    if (!isObject(self) || self[brand] !== name)
        throw new TypeError('Illegal invocation');
    return self;
}
function illegalConstructor() { throw new TypeError('Illegal constructor'); }
function rejected(reason) { return Promise.reject(reason); }
function resolved(value) { return Promise.resolve(value); }
// A promise and the means to settle it, without closures: the native Promise settles it.
function Capability() { this.promise = internal.newPromise(); }
Capability.prototype.resolve = function (value) { internal.resolvePromise(this.promise, value); };
Capability.prototype.reject = function (reason) { internal.rejectPromise(this.promise, reason); };
function newCapability() { return new Capability(); }
// https://fetch.spec.whatwg.org/#concept-body-consume: its promise, and its success steps, which
// convert the bytes into the promise's value (or its rejection). Taking the bytes of a body from
// the network runs them as the bytes are complete, with no promise in between.
function BodyConsumer(convert) { this.promise = internal.newPromise(); this.convert = convert; }
BodyConsumer.prototype.succeed = function (bytes) {
    var value;
    try {
        value = this.convert(bytes);
    } catch (error) {
        internal.rejectPromise(this.promise, error);
        return;
    }
    internal.resolvePromise(this.promise, value);
};
BodyConsumer.prototype.reject = Capability.prototype.reject;
// Marks a promise handled, for promises the standard says are never reported.
function markHandled(promise) { promise.then(undefined, function () {}); return promise; }

// ---------------------------------------------------------------------------------------------
// AbortController and AbortSignal (https://dom.spec.whatwg.org/#aborting-ongoing-activities)
var signalState = hiddenSymbol('AbortSignal');

function AbortSignal() { illegalConstructor(); }
AbortSignal.prototype = Object.create(global.EventTarget.prototype);
defineHidden(AbortSignal.prototype, 'constructor', AbortSignal);
Object.setPrototypeOf(AbortSignal, global.EventTarget);

function createAbortSignal() {
    var signal = Object.create(AbortSignal.prototype);
    internal.constructEventTarget(signal);
    signal[brand] = 'AbortSignal';
    signal[signalState] = {
        aborted: false, reason: undefined, algorithms: [], dependent: false, sources: [], dependents: []
    };
    return signal;
}
function state(signal) { return checkBrand(signal, 'AbortSignal')[signalState]; }

// https://dom.spec.whatwg.org/#abortsignal-add
function addAbortAlgorithm(signal, algorithm) {
    var s = signal[signalState];
    if (!s.aborted) s.algorithms.push(algorithm);
}
function removeAbortAlgorithm(signal, algorithm) {
    var list = signal[signalState].algorithms;
    var index = list.indexOf(algorithm);
    if (index >= 0) list.splice(index, 1);
}

// https://dom.spec.whatwg.org/#abortsignal-signal-abort
function signalAbort(signal, reason) {
    var s = signal[signalState];
    // 1. If signal is aborted, then return.
    if (s.aborted) return;
    // 2. Set signal's abort reason to reason if it is given; otherwise to a new "AbortError" DOMException.
    s.aborted = true;
    s.reason = reason !== undefined ? reason : new DOMException('signal is aborted without reason', 'AbortError');
    // 3-4. Let dependentSignalsToAbort be the dependents not yet aborted; mark them aborted too.
    var dependentsToAbort = s.dependents.filter(function (dependent) {
        var ds = dependent[signalState];
        if (ds.aborted) return false;
        ds.aborted = true;
        ds.reason = s.reason;
        return true;
    });
    // 5. Run the abort steps for signal.
    runAbortSteps(signal);
    // 6. For each dependentSignal of dependentSignalsToAbort, run the abort steps for dependentSignal.
    dependentsToAbort.forEach(runAbortSteps);
}
// https://dom.spec.whatwg.org/#run-the-abort-steps
function runAbortSteps(signal) {
    var s = signal[signalState];
    // 1-2. For each algorithm of signal's abort algorithms: run algorithm; then empty the list.
    var algorithms = s.algorithms;
    s.algorithms = [];
    algorithms.forEach(function (algorithm) { algorithm(); });
    // 3. Fire an event named abort at signal.
    internal.fireEvent(signal, new global.Event('abort'));
}
// https://dom.spec.whatwg.org/#create-a-dependent-abort-signal
function createDependentAbortSignal(signals) {
    var result = createAbortSignal();
    var rs = result[signalState];
    // 2. For each signal of signals: if signal is aborted, set resultSignal's abort reason to it and return.
    for (var i = 0; i < signals.length; ++i) {
        if (signals[i][signalState].aborted) {
            rs.aborted = true;
            rs.reason = signals[i][signalState].reason;
            return result;
        }
    }
    // 3-4. Otherwise it depends on each source signal (a dependent's sources, for a dependent).
    rs.dependent = true;
    signals.forEach(function (signal) {
        var sources = signal[signalState].dependent ? signal[signalState].sources : [signal];
        sources.forEach(function (source) {
            if (rs.sources.indexOf(source) >= 0) return;
            rs.sources.push(source);
            source[signalState].dependents.push(result);
        });
    });
    return result;
}

defineGetters(AbortSignal.prototype, {
    aborted: function () { return state(this).aborted; },
    reason: function () { return state(this).reason; }
});
defineMethods(AbortSignal.prototype, {
    throwIfAborted: function () {
        var s = state(this);
        if (s.aborted) throw s.reason;
    }
});
internal.defineEventHandler(AbortSignal.prototype, 'abort');
defineMethods(AbortSignal, {
    abort: function (reason) {
        var signal = createAbortSignal();
        signalAbort(signal, reason);
        return signal;
    },
    timeout: function (milliseconds) {
        var delay = Number(milliseconds);
        if (!isFinite(delay) || delay < 0)
            throw new TypeError("Failed to execute 'timeout' on 'AbortSignal': Value is outside the 'unsigned long long' value range.");
        var signal = createAbortSignal();
        // Queue a global task on the timer task source to signal abort with a "TimeoutError".
        setTimeout(function () { signalAbort(signal, new DOMException('signal timed out', 'TimeoutError')); }, delay);
        return signal;
    },
    any: function (signals) {
        signals = Array.prototype.slice.call(signals);
        signals.forEach(function (signal) { checkBrand(signal, 'AbortSignal'); });
        return createDependentAbortSignal(signals);
    }
});
Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: 'AbortSignal', configurable: true });
defineGlobal('AbortSignal', AbortSignal);

var controllerSignal = hiddenSymbol('signal');
function AbortController() {
    requireNew(this, AbortController, 'AbortController');
    this[brand] = 'AbortController';
    this[controllerSignal] = createAbortSignal();
}
defineGetters(AbortController.prototype, {
    signal: function () { return checkBrand(this, 'AbortController')[controllerSignal]; }
});
defineMethods(AbortController.prototype, {
    abort: function (reason) { signalAbort(checkBrand(this, 'AbortController')[controllerSignal], reason); }
});
Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: 'AbortController', configurable: true });
defineGlobal('AbortController', AbortController);

// ---------------------------------------------------------------------------------------------
// ReadableStream (https://streams.spec.whatwg.org/#rs-class), default (not byte) streams.
var streamState = hiddenSymbol('ReadableStream');
var readerState = hiddenSymbol('ReadableStreamDefaultReader');
var controllerState = hiddenSymbol('ReadableStreamDefaultController');

function ReadableStream(underlyingSource, strategy) {
    requireNew(this, ReadableStream, 'ReadableStream');
    if (underlyingSource === undefined) underlyingSource = null;
    strategy = strategy || {};
    if (underlyingSource !== null && underlyingSource.type !== undefined)
        throw new RangeError("Failed to construct 'ReadableStream': byte streams are not supported");
    initializeReadableStream(this);
    var highWaterMark = strategy.highWaterMark === undefined ? 1 : Number(strategy.highWaterMark);
    if (isNaN(highWaterMark) || highWaterMark < 0)
        throw new RangeError("Failed to construct 'ReadableStream': invalid highWaterMark");
    var size = strategy.size === undefined ? function () { return 1; } : strategy.size;
    var source = underlyingSource || {};
    setUpReadableStreamDefaultController(this,
        function (controller) { return isCallable(source.start) ? source.start.call(source, controller) : undefined; },
        function (controller) { return isCallable(source.pull) ? resolved(source.pull.call(source, controller)) : resolved(); },
        function (reason) { return isCallable(source.cancel) ? resolved(source.cancel.call(source, reason)) : resolved(); },
        highWaterMark, function (chunk) { return size(chunk); });
}
function initializeReadableStream(stream) {
    stream[brand] = 'ReadableStream';
    stream[streamState] = { state: 'readable', reader: undefined, storedError: undefined, disturbed: false, controller: undefined };
}
// https://streams.spec.whatwg.org/#create-readable-stream
function createReadableStream(startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
    var stream = Object.create(ReadableStream.prototype);
    initializeReadableStream(stream);
    setUpReadableStreamDefaultController(stream, startAlgorithm, pullAlgorithm, cancelAlgorithm,
        highWaterMark === undefined ? 1 : highWaterMark, sizeAlgorithm || function () { return 1; });
    return stream;
}
function isReadableStreamLocked(stream) { return stream[streamState].reader !== undefined; }

// https://streams.spec.whatwg.org/#set-up-readable-stream-default-controller
function setUpReadableStreamDefaultController(stream, startAlgorithm, pullAlgorithm, cancelAlgorithm, highWaterMark, sizeAlgorithm) {
    var controller = Object.create(ReadableStreamDefaultController.prototype);
    controller[brand] = 'ReadableStreamDefaultController';
    var c = {
        stream: stream, queue: [], queueTotalSize: 0, started: false, closeRequested: false,
        pullAgain: false, pulling: false, strategySizeAlgorithm: sizeAlgorithm, strategyHWM: highWaterMark,
        pullAlgorithm: pullAlgorithm, cancelAlgorithm: cancelAlgorithm
    };
    controller[controllerState] = c;
    stream[streamState].controller = controller;
    var startResult = startAlgorithm(controller);
    resolved(startResult).then(function () {
        c.started = true;
        callPullIfNeeded(controller);
    }, function (error) {
        controllerError(controller, error);
    });
}

function ReadableStreamDefaultController() { illegalConstructor(); }
function controllerOf(self) { return checkBrand(self, 'ReadableStreamDefaultController')[controllerState]; }
// https://streams.spec.whatwg.org/#readable-stream-default-controller-get-desired-size
function desiredSize(controller) {
    var c = controller[controllerState];
    var s = c.stream[streamState].state;
    if (s === 'errored') return null;
    if (s === 'closed') return 0;
    return c.strategyHWM - c.queueTotalSize;
}
// https://streams.spec.whatwg.org/#readable-stream-default-controller-can-close-or-enqueue
function canCloseOrEnqueue(controller) {
    var c = controller[controllerState];
    return !c.closeRequested && c.stream[streamState].state === 'readable';
}
// https://streams.spec.whatwg.org/#readable-stream-default-controller-should-call-pull
function shouldCallPull(controller) {
    var c = controller[controllerState];
    var stream = c.stream;
    if (!canCloseOrEnqueue(controller) || !c.started) return false;
    if (isReadableStreamLocked(stream) && stream[streamState].reader[readerState].readRequests.length > 0) return true;
    return desiredSize(controller) > 0;
}
// https://streams.spec.whatwg.org/#readable-stream-default-controller-call-pull-if-needed
function callPullIfNeeded(controller) {
    var c = controller[controllerState];
    if (!shouldCallPull(controller)) return;
    if (c.pulling) {
        c.pullAgain = true;
        return;
    }
    c.pulling = true;
    c.pullAlgorithm(controller).then(function () {
        c.pulling = false;
        if (c.pullAgain) {
            c.pullAgain = false;
            callPullIfNeeded(controller);
        }
    }, function (error) {
        controllerError(controller, error);
    });
}
function clearAlgorithms(c) {
    c.pullAlgorithm = undefined;
    c.cancelAlgorithm = undefined;
    c.strategySizeAlgorithm = undefined;
}
// https://streams.spec.whatwg.org/#readable-stream-default-controller-close
function controllerClose(controller) {
    var c = controller[controllerState];
    if (!canCloseOrEnqueue(controller)) return;
    c.closeRequested = true;
    if (c.queue.length === 0) {
        clearAlgorithms(c);
        readableStreamClose(c.stream);
    }
}
// https://streams.spec.whatwg.org/#readable-stream-default-controller-enqueue
function controllerEnqueue(controller, chunk) {
    var c = controller[controllerState];
    if (!canCloseOrEnqueue(controller)) return;
    var stream = c.stream;
    var reader = stream[streamState].reader;
    if (reader && reader[readerState].readRequests.length > 0) {
        readableStreamFulfillReadRequest(stream, chunk, false);
    } else {
        var size;
        try {
            size = c.strategySizeAlgorithm(chunk);
        } catch (error) {
            controllerError(controller, error);
            throw error;
        }
        if (typeof size !== 'number' || !isFinite(size) || size < 0) {
            var rangeError = new RangeError('invalid chunk size');
            controllerError(controller, rangeError);
            throw rangeError;
        }
        c.queue.push({ value: chunk, size: size });
        c.queueTotalSize += size;
    }
    callPullIfNeeded(controller);
}
// https://streams.spec.whatwg.org/#readable-stream-default-controller-error
function controllerError(controller, error) {
    var c = controller[controllerState];
    if (c.stream[streamState].state !== 'readable') return;
    c.queue = [];
    c.queueTotalSize = 0;
    clearAlgorithms(c);
    readableStreamError(c.stream, error);
}
defineGetters(ReadableStreamDefaultController.prototype, {
    desiredSize: function () { controllerOf(this); return desiredSize(this); }
});
defineMethods(ReadableStreamDefaultController.prototype, {
    close: function () {
        controllerOf(this);
        if (!canCloseOrEnqueue(this)) throw new TypeError('The stream is not in a state that permits close');
        controllerClose(this);
    },
    enqueue: function (chunk) {
        controllerOf(this);
        if (!canCloseOrEnqueue(this)) throw new TypeError('The stream is not in a state that permits enqueue');
        controllerEnqueue(this, chunk);
    },
    error: function (error) { controllerOf(this); controllerError(this, error); }
});
Object.defineProperty(ReadableStreamDefaultController.prototype, Symbol.toStringTag, { value: 'ReadableStreamDefaultController', configurable: true });
defineGlobal('ReadableStreamDefaultController', ReadableStreamDefaultController);

// https://streams.spec.whatwg.org/#readable-stream-close
function readableStreamClose(stream) {
    var s = stream[streamState];
    s.state = 'closed';
    var reader = s.reader;
    if (!reader) return;
    var r = reader[readerState];
    r.closed.resolve();
    var requests = r.readRequests;
    r.readRequests = [];
    requests.forEach(function (request) { request.resolve({ value: undefined, done: true }); });
}
// https://streams.spec.whatwg.org/#readable-stream-error
function readableStreamError(stream, error) {
    var s = stream[streamState];
    s.state = 'errored';
    s.storedError = error;
    var reader = s.reader;
    if (!reader) return;
    var r = reader[readerState];
    r.closed.reject(error);
    markHandled(r.closed.promise);
    var requests = r.readRequests;
    r.readRequests = [];
    requests.forEach(function (request) { request.reject(error); });
}
function readableStreamFulfillReadRequest(stream, chunk, done) {
    var r = stream[streamState].reader[readerState];
    var request = r.readRequests.shift();
    request.resolve({ value: done ? undefined : chunk, done: done });
}
// https://streams.spec.whatwg.org/#readable-stream-cancel
function readableStreamCancel(stream, reason) {
    var s = stream[streamState];
    s.disturbed = true;
    if (s.state === 'closed') return resolved();
    if (s.state === 'errored') return rejected(s.storedError);
    readableStreamClose(stream);
    var c = s.controller[controllerState];
    c.queue = [];
    c.queueTotalSize = 0;
    var cancelAlgorithm = c.cancelAlgorithm;
    clearAlgorithms(c);
    return cancelAlgorithm(reason).then(function () {});
}

function ReadableStreamDefaultReader(stream) {
    requireNew(this, ReadableStreamDefaultReader, 'ReadableStreamDefaultReader');
    setUpReader(this, checkBrand(stream, 'ReadableStream'));
}
// https://streams.spec.whatwg.org/#set-up-readable-stream-default-reader
function setUpReader(reader, stream) {
    if (isReadableStreamLocked(stream)) throw new TypeError('ReadableStream is locked');
    reader[brand] = 'ReadableStreamDefaultReader';
    var closed = newCapability();
    reader[readerState] = { stream: stream, closed: closed, readRequests: [] };
    var s = stream[streamState];
    s.reader = reader;
    if (s.state === 'closed') closed.resolve();
    if (s.state === 'errored') {
        closed.reject(s.storedError);
        markHandled(closed.promise);
    }
}
function readerOf(self) { return checkBrand(self, 'ReadableStreamDefaultReader')[readerState]; }
// https://streams.spec.whatwg.org/#readable-stream-default-reader-read
function readerRead(reader) {
    var r = reader[readerState];
    var stream = r.stream;
    var s = stream[streamState];
    s.disturbed = true;
    if (s.state === 'closed') return resolved({ value: undefined, done: true });
    if (s.state === 'errored') return rejected(s.storedError);
    var controller = s.controller;
    var c = controller[controllerState];
    if (c.queue.length > 0) {
        var entry = c.queue.shift();
        c.queueTotalSize = Math.max(0, c.queueTotalSize - entry.size);
        if (c.closeRequested && c.queue.length === 0) {
            clearAlgorithms(c);
            readableStreamClose(stream);
        } else {
            callPullIfNeeded(controller);
        }
        return resolved({ value: entry.value, done: false });
    }
    var request = newCapability();
    r.readRequests.push(request);
    callPullIfNeeded(controller);
    return request.promise;
}
// https://streams.spec.whatwg.org/#readable-stream-reader-generic-release
function readerRelease(reader) {
    var r = reader[readerState];
    var stream = r.stream;
    var error = new TypeError('Reader was released');
    if (stream[streamState].state === 'readable') r.closed.reject(error);
    else r.closed = { promise: rejected(error) };
    markHandled(r.closed.promise);
    var requests = r.readRequests;
    r.readRequests = [];
    requests.forEach(function (request) { request.reject(error); });
    stream[streamState].reader = undefined;
    r.stream = undefined;
}
defineGetters(ReadableStreamDefaultReader.prototype, {
    closed: function () { return readerOf(this).closed.promise; }
});
defineMethods(ReadableStreamDefaultReader.prototype, {
    read: function () {
        var r;
        try { r = readerOf(this); } catch (error) { return rejected(error); }
        if (!r.stream) return rejected(new TypeError('The reader has no stream'));
        return readerRead(this);
    },
    releaseLock: function () {
        var r = readerOf(this);
        if (r.stream) readerRelease(this);
    },
    cancel: function (reason) {
        var r;
        try { r = readerOf(this); } catch (error) { return rejected(error); }
        if (!r.stream) return rejected(new TypeError('The reader has no stream'));
        return readableStreamCancel(r.stream, reason);
    }
});
Object.defineProperty(ReadableStreamDefaultReader.prototype, Symbol.toStringTag, { value: 'ReadableStreamDefaultReader', configurable: true });
defineGlobal('ReadableStreamDefaultReader', ReadableStreamDefaultReader);

// https://streams.spec.whatwg.org/#readable-stream-default-tee (cloneForBranch2 false)
function readableStreamTee(stream) {
    var reader = Object.create(ReadableStreamDefaultReader.prototype);
    setUpReader(reader, stream);
    var reading = false, readAgain = false, canceled1 = false, canceled2 = false, reason1, reason2;
    var branch1, branch2;
    var cancelPromise = newCapability();
    function pullAlgorithm() {
        if (reading) {
            readAgain = true;
            return resolved();
        }
        reading = true;
        readerRead(reader).then(function (result) {
            if (result.done) {
                reading = false;
                if (!canceled1) controllerClose(branch1[streamState].controller);
                if (!canceled2) controllerClose(branch2[streamState].controller);
                if (!canceled1 || !canceled2) cancelPromise.resolve();
                return;
            }
            // The chunk goes to both branches in a microtask, so a read in progress on either
            // branch cannot reorder them.
            internal.enqueueJob(function () {
                readAgain = false;
                if (!canceled1) controllerEnqueue(branch1[streamState].controller, result.value);
                if (!canceled2) controllerEnqueue(branch2[streamState].controller, result.value);
                reading = false;
                if (readAgain) pullAlgorithm();
            });
        }, function () {
            reading = false;
        });
        return resolved();
    }
    function cancelAlgorithm(branch) {
        return function (reason) {
            if (branch === 1) { canceled1 = true; reason1 = reason; } else { canceled2 = true; reason2 = reason; }
            if (canceled1 && canceled2)
                cancelPromise.resolve(readableStreamCancel(stream, [reason1, reason2]));
            return cancelPromise.promise;
        };
    }
    branch1 = createReadableStream(function () {}, pullAlgorithm, cancelAlgorithm(1));
    branch2 = createReadableStream(function () {}, pullAlgorithm, cancelAlgorithm(2));
    reader[readerState].closed.promise.then(undefined, function (error) {
        controllerError(branch1[streamState].controller, error);
        controllerError(branch2[streamState].controller, error);
        if (!canceled1 || !canceled2) cancelPromise.resolve();
    });
    return [branch1, branch2];
}

function streamOf(self) { return checkBrand(self, 'ReadableStream')[streamState]; }
defineGetters(ReadableStream.prototype, {
    locked: function () { streamOf(this); return isReadableStreamLocked(this); }
});
defineMethods(ReadableStream.prototype, {
    cancel: function (reason) {
        try { streamOf(this); } catch (error) { return rejected(error); }
        if (isReadableStreamLocked(this)) return rejected(new TypeError('Cannot cancel a locked stream'));
        return readableStreamCancel(this, reason);
    },
    getReader: function (options) {
        streamOf(this);
        if (options && options.mode !== undefined) {
            if (String(options.mode) === 'byob') throw new TypeError('BYOB readers need a byte stream');
            throw new TypeError("Failed to execute 'getReader': invalid mode");
        }
        var reader = Object.create(ReadableStreamDefaultReader.prototype);
        setUpReader(reader, this);
        return reader;
    },
    tee: function () { streamOf(this); return readableStreamTee(this); }
});
Object.defineProperty(ReadableStream.prototype, Symbol.toStringTag, { value: 'ReadableStream', configurable: true });
defineGlobal('ReadableStream', ReadableStream);

// Reads a stream to its end (https://streams.spec.whatwg.org/#readablestreamdefaultreader-read-all-bytes):
// the promise of all its Uint8Array chunks joined.
function readAllBytes(stream) {
    var reader = Object.create(ReadableStreamDefaultReader.prototype);
    setUpReader(reader, stream);
    var chunks = [], length = 0;
    function step() {
        return readerRead(reader).then(function (result) {
            if (result.done) return internal.concatBytes(chunks, length);
            if (!(result.value instanceof Uint8Array)) throw new TypeError('Body chunks must be Uint8Arrays');
            chunks.push(result.value);
            length += result.value.byteLength;
            return step();
        });
    }
    return step();
}
// A stream of one Uint8Array (https://fetch.spec.whatwg.org/#concept-bodyinit-extract step 8+).
function streamOfBytes(bytes) {
    return createReadableStream(function (controller) {
        if (bytes.byteLength > 0) controllerEnqueue(controller, bytes);
        controllerClose(controller);
    }, function () { return resolved(); }, function () { return resolved(); });
}

// ---------------------------------------------------------------------------------------------
// Headers (https://fetch.spec.whatwg.org/#headers-class)
var headersList = hiddenSymbol('headerList'), headersGuard = hiddenSymbol('guard');
var tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// https://fetch.spec.whatwg.org/#concept-header-value-normalize
function normalizeValue(value) { return String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, ''); }
// https://webidl.spec.whatwg.org/#es-ByteString; `operation` names what failed for the message.
function toByteString(value, operation) {
    value = String(value);
    if (/[^\x00-\xff]/.test(value))
        throw new TypeError((operation || "Failed to execute on 'Headers'") + ': String contains non ISO-8859-1 code point.');
    return value;
}
function validateHeader(name, value) {
    if (!tokenPattern.test(name)) throw new TypeError("Failed to execute on 'Headers': Invalid name '" + name + "'");
    if (/[\0\r\n]/.test(value)) throw new TypeError("Failed to execute on 'Headers': Invalid value");
}
function lower(name) { return name.toLowerCase(); }
function listGet(list, name) {
    var key = lower(name), values = [];
    list.forEach(function (header) { if (lower(header[0]) === key) values.push(header[1]); });
    return values.length ? values.join(', ') : null;
}
function listContains(list, name) {
    var key = lower(name);
    return list.some(function (header) { return lower(header[0]) === key; });
}
function listDelete(list, name) {
    var key = lower(name);
    for (var i = list.length - 1; i >= 0; --i)
        if (lower(list[i][0]) === key) list.splice(i, 1);
}
// https://fetch.spec.whatwg.org/#headers-validate: false if the guard drops the header quietly.
function headersValidate(headers, name, value) {
    validateHeader(name, value);
    var guard = headers[headersGuard];
    if (guard === 'immutable') throw new TypeError("Failed to execute on 'Headers': Headers are immutable");
    if (guard === 'request' && internal.isForbiddenRequestHeader(name, value)) return false;
    if (guard === 'response' && internal.isForbiddenResponseHeaderName(name)) return false;
    return true;
}
// https://fetch.spec.whatwg.org/#concept-headers-append
function headersAppend(headers, name, value) {
    name = toByteString(name);
    value = normalizeValue(toByteString(value));
    if (!headersValidate(headers, name, value)) return;
    var list = listOf(headers);
    if (headers[headersGuard] === 'request-no-cors') {
        var existing = listGet(list, name);
        var temporary = existing === null ? value : existing + ', ' + value;
        if (!internal.isNoCorsSafelistedRequestHeader(name, temporary)) return;
    }
    list.push([name, value]);
    if (headers[headersGuard] === 'request-no-cors') removePrivilegedNoCorsHeaders(list);
}
function removePrivilegedNoCorsHeaders(list) { listDelete(list, 'range'); }
// A HeadersInit converted as WebIDL does (a sequence of pairs, or a record) into a list of
// [name, value] ByteString pairs; a Headers object gives a copy of its list. (Loops, not
// closures: each closure is a cycle only a mark-and-sweep frees, and every Request fills its
// headers.)
function convertHeadersInit(init) {
    if (!isObject(init)) throw new TypeError("Failed to construct 'Headers': The provided value is not of type '(record<ByteString, ByteString> or sequence<sequence<ByteString>>)'.");
    if (init[brand] === 'Headers') return copyHeaderList(listOf(init));
    var pairs = [], i;
    if (Array.isArray(init) || typeof Symbol.iterator === 'symbol' && isCallable(init[Symbol.iterator])) {
        var items = Array.isArray(init) ? init : iterate(init);
        for (i = 0; i < items.length; ++i) {
            var header = items[i];
            if (!isObject(header)) throw new TypeError("Failed to construct 'Headers': header is not a sequence");
            header = Array.isArray(header) ? header : iterate(header);
            if (header.length !== 2) throw new TypeError("Failed to construct 'Headers': Invalid value");
            pairs.push([toByteString(header[0]), toByteString(header[1])]);
        }
    } else {
        var keys = Object.keys(init);
        for (i = 0; i < keys.length; ++i) pairs.push([toByteString(keys[i]), toByteString(init[keys[i]])]);
    }
    return pairs;
}
// A header list's pairs, copied (a loop, not map(): see above).
function copyHeaderList(list) {
    var copy = [];
    for (var i = 0; i < list.length; ++i) copy.push([list[i][0], list[i][1]]);
    return copy;
}
// https://fetch.spec.whatwg.org/#concept-headers-fill, with the object converted already.
function headersFill(headers, pairs) {
    for (var i = 0; i < pairs.length; ++i) headersAppend(headers, pairs[i][0], pairs[i][1]);
}
function iterate(iterable) {
    var values = [], iterator = iterable[Symbol.iterator](), step;
    while (!(step = iterator.next()).done) values.push(step.value);
    return values;
}
function createHeaders(list, guard) {
    var headers = Object.create(Headers.prototype);
    headers[brand] = 'Headers';
    headers[headersList] = list;
    headers[headersGuard] = guard;
    return headers;
}
// A response from the network leaves its header list with the fetch's handle until script first
// looks at it: most responses are read without their headers, and building the list of pairs
// was 7% of a small fetch's instructions.
var headersSource = hiddenSymbol('headersSource');
function createNetworkHeaders(handle) {
    var headers = createHeaders(null, 'immutable');
    headers[headersSource] = handle;
    return headers;
}
function listOf(headers) {
    var list = headers[headersList];
    if (list === null) {
        list = headers[headersList] = headers[headersSource].headerList();
        headers[headersSource] = undefined;
    }
    return list;
}
// https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine
function sortAndCombine(list) {
    var names = [];
    list.forEach(function (header) {
        var name = lower(header[0]);
        if (names.indexOf(name) < 0) names.push(name);
    });
    names.sort();
    var result = [];
    names.forEach(function (name) {
        if (name === 'set-cookie') {
            list.forEach(function (header) { if (lower(header[0]) === name) result.push([name, header[1]]); });
        } else {
            result.push([name, listGet(list, name)]);
        }
    });
    return result;
}

function Headers(init) {
    requireNew(this, Headers, 'Headers');
    this[brand] = 'Headers';
    this[headersList] = [];
    this[headersGuard] = 'none';
    if (init !== undefined) headersFill(this, convertHeadersInit(init));
}
function headersOf(self) { checkBrand(self, 'Headers'); return self; }
function makeIterator(headers, kind) {
    var index = 0;
    var iterator = {
        next: function () {
            // The pairs to iterate over are recomputed, so the iteration sees changes.
            var pairs = sortAndCombine(listOf(headers));
            if (index >= pairs.length) return { value: undefined, done: true };
            var pair = pairs[index++];
            return { value: kind === 'key' ? pair[0] : kind === 'value' ? pair[1] : pair, done: false };
        }
    };
    iterator[Symbol.iterator] = function () { return this; };
    return iterator;
}
defineMethods(Headers.prototype, {
    append: function (name, value) { headersAppend(headersOf(this), name, value); },
    'delete': function (name) {
        var headers = headersOf(this);
        name = toByteString(name);
        if (!tokenPattern.test(name)) throw new TypeError("Failed to execute 'delete' on 'Headers': Invalid name");
        if (!headersValidate(headers, name, '')) return;
        if (headers[headersGuard] === 'request-no-cors' && !internal.isNoCorsSafelistedRequestHeaderName(name)) return;
        listDelete(listOf(headers), name);
        if (headers[headersGuard] === 'request-no-cors') removePrivilegedNoCorsHeaders(listOf(headers));
    },
    get: function (name) {
        var headers = headersOf(this);
        name = toByteString(name);
        if (!tokenPattern.test(name)) throw new TypeError("Failed to execute 'get' on 'Headers': Invalid name");
        return listGet(listOf(headers), name);
    },
    getSetCookie: function () {
        var values = [];
        listOf(headersOf(this)).forEach(function (header) {
            if (lower(header[0]) === 'set-cookie') values.push(header[1]);
        });
        return values;
    },
    has: function (name) {
        var headers = headersOf(this);
        name = toByteString(name);
        if (!tokenPattern.test(name)) throw new TypeError("Failed to execute 'has' on 'Headers': Invalid name");
        return listContains(listOf(headers), name);
    },
    set: function (name, value) {
        var headers = headersOf(this);
        name = toByteString(name);
        value = normalizeValue(toByteString(value));
        if (!headersValidate(headers, name, value)) return;
        if (headers[headersGuard] === 'request-no-cors' && !internal.isNoCorsSafelistedRequestHeader(name, value)) return;
        // https://fetch.spec.whatwg.org/#concept-header-list-set: the first keeps its place.
        var list = listOf(headers), key = lower(name), replaced = false;
        for (var i = 0; i < list.length; ++i) {
            if (lower(list[i][0]) !== key) continue;
            if (!replaced) {
                list[i] = [list[i][0], value];
                replaced = true;
            } else {
                list.splice(i--, 1);
            }
        }
        if (!replaced) list.push([name, value]);
        if (headers[headersGuard] === 'request-no-cors') removePrivilegedNoCorsHeaders(list);
    },
    forEach: function (callback, thisArg) {
        var headers = headersOf(this);
        if (!isCallable(callback)) throw new TypeError("Failed to execute 'forEach' on 'Headers': parameter 1 is not a function");
        for (var iterator = makeIterator(headers, 'key+value'), step; !(step = iterator.next()).done;)
            callback.call(thisArg, step.value[1], step.value[0], headers);
    },
    keys: function () { return makeIterator(headersOf(this), 'key'); },
    values: function () { return makeIterator(headersOf(this), 'value'); },
    entries: function () { return makeIterator(headersOf(this), 'key+value'); }
});
Object.defineProperty(Headers.prototype, Symbol.iterator, { value: Headers.prototype.entries, writable: true, configurable: true });
Object.defineProperty(Headers.prototype, Symbol.toStringTag, { value: 'Headers', configurable: true });
defineGlobal('Headers', Headers);

// ---------------------------------------------------------------------------------------------
// Bodies (https://fetch.spec.whatwg.org/#body-mixin)
var bodyState = hiddenSymbol('body');

// https://fetch.spec.whatwg.org/#concept-bodyinit-extract: { bytes (Uint8Array) or stream, type }.
function extractBody(object) {
    if (object instanceof ReadableStream) {
        if (object[streamState].disturbed || isReadableStreamLocked(object))
            throw new TypeError('The body stream is disturbed or locked');
        return { stream: object, bytes: null, type: null };
    }
    var extracted = internal.extractBody(object);
    return { stream: null, bytes: extracted.bytes, type: extracted.type };
}
// A body record: { source bytes (or null), stream (made on demand), type, and for a response
// from the network its source (see fetch()) and whether a reader took it without a stream }.
function makeBody(extracted) {
    return { bytes: extracted.bytes, stream: extracted.stream, type: extracted.type, network: null, collected: false };
}
function bodyStream(body) {
    if (!body.stream) body.stream = body.network ? networkStream(body) : streamOfBytes(body.bytes);
    return body.stream;
}
// https://fetch.spec.whatwg.org/#body-unusable
function isUnusable(body) {
    if (!body) return false;
    if (body.collected) return true;
    if (!body.stream) return false;
    return body.stream[streamState].disturbed || isReadableStreamLocked(body.stream);
}
// https://fetch.spec.whatwg.org/#concept-body-consume
function consumeBody(object, convert) {
    var body = object[bodyState].body;
    if (isUnusable(body)) return rejected(new TypeError('Body is unusable: body has already been read'));
    if (!body) return resolved().then(function () { return convert(new Uint8Array(0)); });
    if (body.network && !body.stream) return collectNetworkBody(body, new BodyConsumer(convert));
    return readAllBytes(bodyStream(body)).then(convert);
}
function bodyMimeType(object) {
    var headers = object[bodyState].headers;
    return internal.extractMimeType(listOf(headers));
}
var bodyMixin = {
    text: function () { checkBody(this); return consumeBody(this, internal.utf8Decode); },
    json: function () { checkBody(this); return consumeBody(this, function (bytes) { return JSON.parse(internal.utf8Decode(bytes)); }); },
    arrayBuffer: function () {
        checkBody(this);
        // The bytes are the reader's own (joined or collected for it): their buffer is handed
        // over when they fill it.
        return consumeBody(this, function (bytes) {
            var buffer = bytes.buffer;
            if (bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) return buffer;
            return buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
        });
    },
    bytes: function () { checkBody(this); return consumeBody(this, function (bytes) { return bytes; }); },
    blob: function () {
        var self = checkBody(this);
        return consumeBody(this, function (bytes) { return new global.Blob([bytes], { type: bodyMimeType(self) }); });
    },
    formData: function () {
        var self = checkBody(this);
        return consumeBody(this, function (bytes) {
            var form = internal.bodyToFormData(bytes, bodyMimeType(self));
            if (!form) throw new TypeError("Failed to execute 'formData': the body could not be parsed as FormData");
            return form;
        });
    }
};
function checkBody(self) {
    if (!isObject(self) || !self[bodyState]) throw new TypeError('Illegal invocation');
    return self;
}
var bodyGetters = {
    body: function () {
        var body = checkBody(this)[bodyState].body;
        return body ? bodyStream(body) : null;
    },
    bodyUsed: function () {
        var body = checkBody(this)[bodyState].body;
        return !!(body && (body.collected || (body.stream && body.stream[streamState].disturbed)));
    }
};

// ---------------------------------------------------------------------------------------------
// Request (https://fetch.spec.whatwg.org/#request-class)
var requestState = hiddenSymbol('request');
// The RequestInit members of enumeration types: the type's name and values. The table has no
// prototype: what script adds to Object.prototype is no enumeration.
var enums = Object.create(null);
enums.cache = ['RequestCache', 'default', 'no-store', 'reload', 'no-cache', 'force-cache', 'only-if-cached'];
enums.credentials = ['RequestCredentials', 'omit', 'same-origin', 'include'];
enums.duplex = ['RequestDuplex', 'half'];
enums.mode = ['RequestMode', 'navigate', 'same-origin', 'no-cors', 'cors'];
enums.priority = ['RequestPriority', 'high', 'low', 'auto'];
enums.redirect = ['RequestRedirect', 'follow', 'error', 'manual'];
enums.referrerPolicy = ['ReferrerPolicy', '', 'no-referrer', 'no-referrer-when-downgrade', 'same-origin', 'origin', 'strict-origin',
                        'origin-when-cross-origin', 'strict-origin-when-cross-origin', 'unsafe-url'];
// The members of a RequestInit (https://fetch.spec.whatwg.org/#requestinit), in the order
// WebIDL reads them.
var requestInitMembers = ['body', 'cache', 'credentials', 'duplex', 'headers', 'integrity', 'keepalive', 'method', 'mode',
                          'priority', 'redirect', 'referrer', 'referrerPolicy', 'signal', 'window'];
// A missing (or null) RequestInit is the empty dictionary: none of its members is read.
var noInit = Object.freeze(Object.create(null));
// https://webidl.spec.whatwg.org/#js-dictionary for RequestInit: each member read once, in
// lexicographic order, and converted to its type, before the constructor's steps. (A body is
// converted as the steps take it.) Returns the present members, in an object
// without a prototype, so that only they are ever read.
function convertRequestInit(init) {
    if (init === undefined || init === null) return noInit;
    if (!isObject(init)) throw new TypeError("Failed to construct 'Request': The provided value is not of type 'RequestInit'.");
    var dictionary = Object.create(null);
    for (var i = 0; i < requestInitMembers.length; ++i) {
        var member = requestInitMembers[i], value = init[member];
        if (value === undefined) continue;
        var values = enums[member];
        if (values) {
            value = String(value);
            if (values.indexOf(value, 1) < 0)
                throw new TypeError("Failed to construct 'Request': The provided value '" + value + "' is not a valid enum value of type " + values[0] + '.');
        } else if (member === 'integrity' || member === 'referrer') {
            value = String(value);
        } else if (member === 'keepalive') {
            value = !!value;
        } else if (member === 'headers') {
            value = convertHeadersInit(value);
        } else if (member === 'method') {
            value = toByteString(value, "Failed to construct 'Request': member method");
        } else if (member === 'signal' && value !== null && !(isObject(value) && value[brand] === 'AbortSignal')) {
            throw new TypeError("Failed to construct 'Request': member signal is not of type AbortSignal.");
        }
        dictionary[member] = value;
    }
    return dictionary;
}

function Request(input, init) {
    requireNew(this, Request, 'Request');
    if (arguments.length < 1) throw new TypeError("Failed to construct 'Request': 1 argument required, but only 0 present.");
    var state = newRequestState(input, init);
    this[brand] = 'Request';
    // A Request's state is its body's state too (the body mixin reads body and headers).
    this[requestState] = this[bodyState] = state;
}
// The members of a request made from a URL (https://fetch.spec.whatwg.org/#concept-request).
// A request record inherits them and owns only those set since: Duktape takes about as long to
// add a property to an object as to call a function.
var requestDefaults = {
    method: 'GET', url: null, mode: 'cors', credentials: 'same-origin', cache: 'default', redirect: 'follow',
    referrer: 'about:client', referrerPolicy: '', integrity: '', keepalive: false
};
function copyRequestRecord(record) {
    var copy = Object.create(requestDefaults);
    Object.keys(record).forEach(function (key) { copy[key] = record[key]; });
    return copy;
}
// The Request constructor's steps (https://fetch.spec.whatwg.org/#dom-request), returning the
// new object's state. fetch() runs them without making the object, which no one sees, nor
// calling the constructor, whose use of `arguments` makes Duktape build an arguments object on
// every call (that alone was 6% of a small fetch's instructions).
function newRequestState(input, init) {
    // The arguments, as WebIDL converts them: input a Request or a string, then init.
    var inputURL = isObject(input) && input[brand] === 'Request' ? null : String(input);
    init = convertRequestInit(init);
    var request, inputHeaderList, fallbackMode = null, sources = [];
    // 5. If input is a string: parse it relative to the document; a failure or a URL with
    //    credentials throws a TypeError; fallback mode "cors".
    if (inputURL !== null) {
        request = Object.create(requestDefaults);
        request.url = internal.parseRequestURL(inputURL);
        inputHeaderList = [];
        fallbackMode = 'cors';
    } else {
        // 6. Otherwise input is a Request: its request, and its signal.
        var source = input[requestState];
        request = copyRequestRecord(source.request);
        inputHeaderList = listOf(source.headers); // only read: filling copies each pair
        sources = signalSources(source);
    }
    if (init !== noInit) sources = applyRequestInit(request, init, fallbackMode, sources);
    // 31-32. Headers: the guard is "request" ("request-no-cors" for no-cors mode).
    var headers = createHeaders([], 'request');
    if (request.mode === 'no-cors') {
        // 32.1. If this's request's method is not a CORS-safelisted method, then throw a TypeError.
        if (['GET', 'HEAD', 'POST'].indexOf(request.method) < 0)
            throw new TypeError("Failed to construct 'Request': '" + request.method + "' is unsupported in no-cors mode.");
        headers[headersGuard] = 'request-no-cors';
    }
    headersFill(headers, init.headers !== undefined ? init.headers : inputHeaderList);
    // 34-35. A body with GET or HEAD throws; the body extracted from init becomes the body, and
    //        its type the Content-Type unless one was given.
    var inputBody = inputURL === null ? source.body : null;
    if ((init.body !== undefined && init.body !== null || inputBody) && (request.method === 'GET' || request.method === 'HEAD'))
        throw new TypeError("Failed to construct 'Request': Request with GET/HEAD method cannot have body.");
    var body = inputBody;
    if (init.body !== undefined && init.body !== null) {
        body = makeBody(extractBody(init.body));
        if (body.type !== null && !listContains(listOf(headers), 'Content-Type'))
            headersAppend(headers, 'Content-Type', body.type);
    }
    if (body && body.stream && !body.bytes)
        throw new TypeError("Failed to construct 'Request': ReadableStream request bodies are not supported yet");
    // 40-42. A Request input's body moves to this one, and the input's is used up.
    if (inputBody && body === inputBody) {
        if (isUnusable(inputBody)) throw new TypeError("Failed to construct 'Request': Cannot construct a Request with a Request object that has already been used.");
        body = { bytes: inputBody.bytes, stream: null, type: inputBody.type };
        bodyStream(inputBody)[streamState].disturbed = true;
    }
    // 29-30. This's signal follows the input's signal (a dependent signal of it), made when asked for.
    return { request: request, headers: headers, body: body, signal: null, sources: sources };
}
// Steps 12-30 of the constructor with a non-missing init (a converted dictionary): its members
// set on the request; returns the signals this request's signal follows.
function applyRequestInit(request, init, fallbackMode, sources) {
    // 12-13. (The window member must be null.)
    if (init.window !== undefined && init.window !== null) throw new TypeError("Failed to construct 'Request': 'window' must be null");
    // 14. If init is not empty: the referrer becomes "client" and the referrer policy the empty
    //     string. (A navigate mode would become same-origin; no request here has one.)
    if (Object.keys(init).length) {
        request.referrer = 'about:client';
        request.referrerPolicy = '';
    }
    var mode = init.mode;
    // 23. If mode is "navigate", then throw a TypeError.
    if (mode === 'navigate') throw new TypeError("Failed to construct 'Request': Cannot construct a Request with a RequestInit whose mode member is set as 'navigate'.");
    if (init.referrer !== undefined) {
        var referrer = init.referrer;
        if (referrer === '') request.referrer = 'no-referrer';
        else if (internal.parseURL(referrer) === null) throw new TypeError("Failed to construct 'Request': Invalid referrer URL");
        else request.referrer = 'about:client';
    }
    if (init.referrerPolicy !== undefined) request.referrerPolicy = init.referrerPolicy;
    // 24-25. mode, or the fallback mode.
    if (mode !== undefined) request.mode = mode;
    else if (fallbackMode !== null) request.mode = fallbackMode;
    if (init.credentials !== undefined) request.credentials = init.credentials;
    if (init.cache !== undefined) request.cache = init.cache;
    // 30. If request's cache mode is "only-if-cached" and its mode is not "same-origin", throw.
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin')
        throw new TypeError("Failed to construct 'Request': 'only-if-cached' can be set only with 'same-origin' mode");
    if (init.redirect !== undefined) request.redirect = init.redirect;
    if (init.integrity !== undefined) request.integrity = init.integrity;
    if (init.keepalive !== undefined) request.keepalive = init.keepalive;
    // If init["method"] exists: a method, not forbidden, normalized.
    if (init.method !== undefined) {
        var method = init.method;
        if (!tokenPattern.test(method)) throw new TypeError("Failed to construct 'Request': '" + method + "' is not a valid HTTP method.");
        if (internal.isForbiddenMethod(method)) throw new TypeError("Failed to construct 'Request': '" + method + "' HTTP method is unsupported.");
        request.method = internal.normalizeMethod(method);
    }
    // If init["signal"] exists, then set signal to it.
    if (init.signal !== undefined) sources = init.signal ? [init.signal] : [];
    return sources;
}
function requestOf(self) { return checkBrand(self, 'Request')[requestState]; }
// A request's signal is a dependent signal of its sources, made the first time it is needed:
// fetch(url) makes none, since a signal without sources never aborts and nothing else sees it.
function requestSignal(state) {
    if (!state.signal) state.signal = createDependentAbortSignal(state.sources);
    return state.signal;
}
// What a signal following this request's signal follows (a dependent signal's own sources).
function signalSources(state) { return state.signal ? [state.signal] : state.sources; }
defineGetters(Request.prototype, {
    method: function () { return requestOf(this).request.method; },
    url: function () { return internal.serializeURL(requestOf(this).request.url); },
    headers: function () { return requestOf(this).headers; },
    destination: function () { requestOf(this); return ''; },
    referrer: function () {
        var referrer = requestOf(this).request.referrer;
        return referrer === 'no-referrer' ? '' : referrer;
    },
    referrerPolicy: function () { return requestOf(this).request.referrerPolicy; },
    mode: function () { return requestOf(this).request.mode; },
    credentials: function () { return requestOf(this).request.credentials; },
    cache: function () { return requestOf(this).request.cache; },
    redirect: function () { return requestOf(this).request.redirect; },
    integrity: function () { return requestOf(this).request.integrity; },
    keepalive: function () { return requestOf(this).request.keepalive; },
    isReloadNavigation: function () { requestOf(this); return false; },
    isHistoryNavigation: function () { requestOf(this); return false; },
    signal: function () { return requestSignal(requestOf(this)); },
    duplex: function () { requestOf(this); return 'half'; },
    body: bodyGetters.body,
    bodyUsed: bodyGetters.bodyUsed
});
defineMethods(Request.prototype, bodyMixin);
defineMethods(Request.prototype, {
    clone: function () {
        var state = requestOf(this);
        // 1. If this is unusable, then throw a TypeError.
        if (isUnusable(state.body)) throw new TypeError("Failed to execute 'clone' on 'Request': Request body is already used");
        var clone = Object.create(Request.prototype);
        var body = cloneBody(state.body);
        var headers = createHeaders(copyHeaderList(listOf(state.headers)), state.headers[headersGuard]);
        clone[brand] = 'Request';
        clone[requestState] = clone[bodyState] = {
            request: copyRequestRecord(state.request), headers: headers, body: body, signal: null, sources: signalSources(state)
        };
        return clone;
    }
});
Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: 'Request', configurable: true });
defineGlobal('Request', Request);

// https://fetch.spec.whatwg.org/#concept-body-clone: tee the stream; this keeps one branch.
function cloneBody(body) {
    if (!body) return null;
    if (!body.stream && !body.network) return makeBody({ bytes: body.bytes, stream: null, type: body.type });
    var branches = readableStreamTee(bodyStream(body));
    body.stream = branches[0];
    return makeBody({ bytes: body.bytes, stream: branches[1], type: body.type });
}

// ---------------------------------------------------------------------------------------------
// Response (https://fetch.spec.whatwg.org/#response-class)
var responseState = hiddenSymbol('response');
var nullBodyStatuses = [101, 103, 204, 205, 304];
var redirectStatuses = [301, 302, 303, 307, 308];

// A Response's state is its body's state too (the body mixin reads body and headers).
function makeResponseObject(response, headers, body) {
    var object = Object.create(Response.prototype);
    object[brand] = 'Response';
    object[responseState] = object[bodyState] = { response: response, headers: headers, body: body };
    return object;
}
// https://fetch.spec.whatwg.org/#initialize-a-response
function initializeResponse(object, init, body) {
    var status = init.status === undefined ? 200 : Number(init.status) & 0xffff;
    // 1. If init["status"] is not in the range 200 to 599, inclusive, then throw a RangeError.
    if (status < 200 || status > 599)
        throw new RangeError("Failed to construct 'Response': The status provided (" + status + ') is outside the range [200, 599].');
    // 2. If init["statusText"] does not match the reason-phrase token production, throw a TypeError.
    var statusText = init.statusText === undefined ? '' : toByteString(init.statusText);
    if (/[^\t\x20-\x7e\x80-\xff]/.test(statusText)) throw new TypeError("Failed to construct 'Response': Invalid statusText");
    var state = object[responseState];
    state.response.status = status;
    state.response.statusText = statusText;
    // 5. If init["headers"] exists, then fill this's headers with init["headers"].
    if (init.headers !== undefined) headersFill(state.headers, convertHeadersInit(init.headers));
    // 6. If body was given: a null body status throws; the body's type becomes the Content-Type.
    if (body) {
        if (nullBodyStatuses.indexOf(status) >= 0) throw new TypeError("Failed to construct 'Response': Response with null body status cannot have body");
        object[bodyState].body = body;
        if (body.type !== null && !listContains(listOf(state.headers), 'Content-Type'))
            listOf(state.headers).push(['Content-Type', body.type]);
    }
}
function Response(body, init) {
    requireNew(this, Response, 'Response');
    if (init === undefined || init === null) init = {};
    this[brand] = 'Response';
    var headers = createHeaders([], 'response');
    this[responseState] = this[bodyState] = {
        response: { type: 'default', status: 200, statusText: '', urlList: [] }, headers: headers, body: null
    };
    var extracted = body === undefined || body === null ? null : makeBody(extractBody(body));
    initializeResponse(this, init, extracted);
}
function responseOf(self) { return checkBrand(self, 'Response')[responseState]; }
defineMethods(Response, {
    error: function () {
        return makeResponseObject({ type: 'error', status: 0, statusText: '', urlList: [] }, createHeaders([], 'immutable'), null);
    },
    redirect: function (url, status) {
        var parsed = internal.parseURL(String(url));
        if (parsed === null) throw new TypeError("Failed to execute 'redirect' on 'Response': Invalid URL");
        status = status === undefined ? 302 : Number(status);
        if (redirectStatuses.indexOf(status) < 0) throw new RangeError("Failed to execute 'redirect' on 'Response': Invalid status code");
        var headers = createHeaders([['Location', internal.serializeURL(parsed)]], 'immutable');
        return makeResponseObject({ type: 'default', status: status, statusText: '', urlList: [] }, headers, null);
    },
    json: function (data, init) {
        var text = JSON.stringify(data);
        if (text === undefined) throw new TypeError("Failed to execute 'json' on 'Response': The data is not JSON serializable");
        var object = makeResponseObject({ type: 'default', status: 200, statusText: '', urlList: [] }, createHeaders([], 'response'), null);
        initializeResponse(object, init || {}, { bytes: internal.extractBody(text).bytes, stream: null, type: 'application/json' });
        return object;
    }
});
defineGetters(Response.prototype, {
    type: function () { return responseOf(this).response.type; },
    url: function () {
        var list = responseOf(this).response.urlList;
        return list.length ? internal.serializeURL(list[list.length - 1], true) : '';
    },
    redirected: function () { return responseOf(this).response.urlList.length > 1; },
    status: function () { return responseOf(this).response.status; },
    ok: function () { var status = responseOf(this).response.status; return status >= 200 && status <= 299; },
    statusText: function () { return responseOf(this).response.statusText; },
    headers: function () { return responseOf(this).headers; },
    body: bodyGetters.body,
    bodyUsed: bodyGetters.bodyUsed
});
defineMethods(Response.prototype, bodyMixin);
defineMethods(Response.prototype, {
    clone: function () {
        var state = responseOf(this);
        if (isUnusable(this[bodyState].body)) throw new TypeError("Failed to execute 'clone' on 'Response': Response body is already used");
        var response = {};
        Object.keys(state.response).forEach(function (key) { response[key] = state.response[key]; });
        var headers = createHeaders(copyHeaderList(listOf(state.headers)), state.headers[headersGuard]);
        return makeResponseObject(response, headers, cloneBody(this[bodyState].body));
    }
});
Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: 'Response', configurable: true });
defineGlobal('Response', Response);

// ---------------------------------------------------------------------------------------------
// fetch() (https://fetch.spec.whatwg.org/#fetch-method)
// Bodies from the network queue up to this many bytes before the network thread stops reading.
var networkHighWaterMark = internal.networkHighWaterMark;

// The stream of a body from the network, made when script first asks for it: what arrived
// before is its first chunk. A body a reader already took gets a stream that is disturbed and
// locked, as that reader would have left it.
function networkStream(body) {
    var network = body.network, handle = network.handle;
    var stream = createReadableStream(function (c) { network.controller = c; }, function () {
        handle.setPaused(false);
        return resolved();
    }, function () {
        handle.cancel();
        return resolved();
    }, networkHighWaterMark, function (chunk) { return chunk.byteLength; });
    if (body.collected) {
        network.controller = null;
        setUpReader(Object.create(ReadableStreamDefaultReader.prototype), stream);
        stream[streamState].disturbed = true;
        return stream;
    }
    var controller = network.controller;
    var received = handle.stream();
    if (received) controllerEnqueue(controller, received);
    if (network.state === 'done') controllerClose(controller);
    else if (network.state === 'errored') controllerError(controller, network.storedError);
    return stream;
}
// A reader takes the whole body from the network without a stream.
function collectNetworkBody(body, consumer) {
    var network = body.network;
    body.collected = true;
    if (network.state === 'done' || network.state === 'errored') {
        // Already complete: the steps still run after this call, as fully reading a body does.
        var bytes = network.state === 'done' ? network.handle.takeBytes() : null, error = network.storedError;
        resolved().then(function () {
            if (bytes) consumer.succeed(bytes);
            else consumer.reject(error);
        });
    } else {
        network.collecting = consumer;
        network.handle.collect();
    }
    return consumer.promise;
}
function networkBodyError(network, error) {
    if (network.state !== 'receiving') return;
    network.state = 'errored';
    network.storedError = error;
    if (network.controller) controllerError(network.controller, error);
    else if (network.collecting) network.collecting.reject(error);
}

// One fetch() call (https://fetch.spec.whatwg.org/#fetch-method) and its response body's source:
// the native handle gathers the body's bytes until script makes the stream (controller) or a
// reader collects them (collecting). The handle reports to the methods below with the record as
// `this`, so that a fetch makes no closures: in Duktape each one is a reference cycle (through
// its .prototype) that only a mark-and-sweep frees.
function FetchRecord(p, signal) {
    this.p = p;
    this.signal = signal;
}
// The other fields start as these defaults, and a fetch writes only those it changes: Duktape
// takes about as long to add a property to an object as to call a function.
FetchRecord.prototype.abortSteps = null;
FetchRecord.prototype.locallyAborted = false;
FetchRecord.prototype.responseObject = null;
FetchRecord.prototype.handle = undefined;
FetchRecord.prototype.state = 'receiving';
FetchRecord.prototype.storedError = undefined;
FetchRecord.prototype.controller = null;
FetchRecord.prototype.collecting = null;
// 12. processResponse: a network error rejects p with a TypeError; otherwise p resolves with a
//     new Response object. `response` is the response record, made for it.
FetchRecord.prototype.response = function (response, bodyExpected) {
    if (this.locallyAborted) return;
    var body = bodyExpected ? { bytes: null, stream: null, type: null, network: this, collected: false } : null;
    this.responseObject = makeResponseObject(response, createNetworkHeaders(this.handle), body);
    internal.resolvePromise(this.p, this.responseObject);
};
// Only once the body's stream exists.
FetchRecord.prototype.data = function (chunk) {
    var controller = this.controller;
    if (this.locallyAborted) return;
    controllerEnqueue(controller, chunk);
    // Backpressure: past the high-water mark the network thread stops reading the socket.
    if (desiredSize(controller) <= 0) this.handle.setPaused(true);
};
FetchRecord.prototype.done = function () {
    if (this.signal) removeAbortAlgorithm(this.signal, this.abortSteps);
    this.state = 'done';
    if (this.controller) controllerClose(this.controller);
    else if (this.collecting) this.collecting.succeed(this.handle.takeBytes());
};
FetchRecord.prototype.error = function () {
    if (this.signal) removeAbortAlgorithm(this.signal, this.abortSteps);
    var error = new TypeError('Failed to fetch');
    if (!this.responseObject) internal.rejectPromise(this.p, error);
    else networkBodyError(this, error);
};
// 11. The abort steps: abort the fetch, rejecting p (or erroring the body) with the signal's
//     abort reason.
FetchRecord.prototype.abort = function () {
    this.locallyAborted = true;
    var reason = this.signal[signalState].reason;
    this.handle.cancel();
    internal.rejectPromise(this.p, reason);
    networkBodyError(this, reason);
};

function fetch(input, init) {
    // 1. Let p be a new promise.
    var p = internal.newPromise();
    var state;
    // 2. Let requestObject be the result of invoking the initial value of Request as constructor
    //    with input and init as arguments. If this throws an exception, reject p with it.
    try {
        state = newRequestState(input, init);
    } catch (error) {
        internal.rejectPromise(p, error);
        return p;
    }
    var request = state.request;
    // 4. If requestObject's signal is aborted: abort the fetch() call and return p. (Without
    //    sources it can never abort.)
    var signal = state.sources.length ? requestSignal(state) : null;
    if (signal && signal[signalState].aborted) {
        internal.rejectPromise(p, signal[signalState].reason);
        return p;
    }
    var record = new FetchRecord(p, signal);
    var body = state.body;
    record.handle = internal.startFetch(request, listOf(state.headers), body ? body.bytes : null, record);
    if (signal) {
        record.abortSteps = function () { record.abort(); };
        addAbortAlgorithm(signal, record.abortSteps);
    }
    return p;
}
defineGlobal('fetch', internal.fetchMethod(fetch));
})
