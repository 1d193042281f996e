// The part of the global object that is most naturally written in script: DOMException, the
// tracking of unhandled promise rejections, the console's formatting, and the event subclasses
// that carry script values.
// It runs once per Duktape heap, before any user script, as a function of (internal, global):
// `internal` holds the native hooks this file needs; it is not reachable from user scripts.
(function (internal, global) {
'use strict';
// Duktape looks `undefined` up by name through every enclosing scope to the global object on
// each use; this binding ends the walk one scope sooner.
var undefined;

function defineHidden(object, key, value) {
    Object.defineProperty(object, key, { value: value, writable: true, configurable: true, enumerable: false });
}
function defineMethods(object, methods) {
    Object.keys(methods).forEach(function (name) {
        Object.defineProperty(object, name, { value: methods[name], writable: true, configurable: true, enumerable: false });
    });
}
function defineGetters(object, getters) {
    Object.keys(getters).forEach(function (name) {
        Object.defineProperty(object, name, { get: getters[name], configurable: true, enumerable: true });
    });
}
function defineGlobal(name, value) {
    Object.defineProperty(global, name, { value: value, writable: true, configurable: true, enumerable: false });
}
function isCallable(value) { return typeof value === 'function'; }
function isObject(value) { return (typeof value === 'object' && value !== null) || typeof value === 'function'; }
// For the other built-in scripts (fetch.js): the same helpers, and the original built-ins.
internal.util = {
    defineHidden: defineHidden, defineMethods: defineMethods, defineGetters: defineGetters,
    defineGlobal: defineGlobal, isCallable: isCallable, isObject: isObject
};

// ---------------------------------------------------------------------------------------------
// DOMException (https://webidl.spec.whatwg.org/#idl-DOMException)
var legacyCodes = {
    IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
    NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InUseAttributeError: 10,
    InvalidStateError: 11, SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14,
    InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20,
    URLMismatchError: 21, QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25
};
var legacyCodeNames = {
    INDEX_SIZE_ERR: 1, DOMSTRING_SIZE_ERR: 2, HIERARCHY_REQUEST_ERR: 3, WRONG_DOCUMENT_ERR: 4,
    INVALID_CHARACTER_ERR: 5, NO_DATA_ALLOWED_ERR: 6, NO_MODIFICATION_ALLOWED_ERR: 7, NOT_FOUND_ERR: 8,
    NOT_SUPPORTED_ERR: 9, INUSE_ATTRIBUTE_ERR: 10, INVALID_STATE_ERR: 11, SYNTAX_ERR: 12,
    INVALID_MODIFICATION_ERR: 13, NAMESPACE_ERR: 14, INVALID_ACCESS_ERR: 15, VALIDATION_ERR: 16,
    TYPE_MISMATCH_ERR: 17, SECURITY_ERR: 18, NETWORK_ERR: 19, ABORT_ERR: 20, URL_MISMATCH_ERR: 21,
    QUOTA_EXCEEDED_ERR: 22, TIMEOUT_ERR: 23, INVALID_NODE_TYPE_ERR: 24, DATA_CLONE_ERR: 25
};
var exceptionName = Symbol('name'), exceptionMessage = Symbol('message');
function DOMException(message, name) {
    if (!(this instanceof DOMException))
        throw new TypeError("Failed to construct 'DOMException': Please use the 'new' operator");
    defineHidden(this, exceptionMessage, message === undefined ? '' : String(message));
    defineHidden(this, exceptionName, name === undefined ? 'Error' : String(name));
    // Script-visible stack, as engines give their own errors.
    var stack = new Error(this[exceptionMessage]).stack;
    if (stack !== undefined)
        defineHidden(this, 'stack', stack);
}
DOMException.prototype = Object.create(Error.prototype);
defineHidden(DOMException.prototype, 'constructor', DOMException);
function thisException(self) {
    if (!isObject(self) || !(exceptionName in self))
        throw new TypeError('Illegal invocation');
    return self;
}
defineGetters(DOMException.prototype, {
    name: function () { return thisException(this)[exceptionName]; },
    message: function () { return thisException(this)[exceptionMessage]; },
    code: function () { return legacyCodes[thisException(this)[exceptionName]] || 0; }
});
defineMethods(DOMException.prototype, {
    toString: function () {
        var message = this.message;
        return message ? this.name + ': ' + message : this.name;
    }
});
Object.keys(legacyCodeNames).forEach(function (constant) {
    var descriptor = { value: legacyCodeNames[constant], enumerable: true };
    Object.defineProperty(DOMException, constant, descriptor);
    Object.defineProperty(DOMException.prototype, constant, descriptor);
});
Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { value: 'DOMException', configurable: true });
defineGlobal('DOMException', DOMException);

// Error stacks as engines show them: Duktape marks some frames with flags of its own
// ("preventsyield", "strict"...), which mean nothing to script.
var stackDescriptor = Object.getOwnPropertyDescriptor(Error.prototype, 'stack');
if (stackDescriptor && isCallable(stackDescriptor.get)) {
    Object.defineProperty(Error.prototype, 'stack', {
        get: function () {
            var stack = stackDescriptor.get.call(this);
            return typeof stack === 'string' ? stack.replace(/\)(?: [a-z]+)+$/gm, ')') : stack;
        },
        set: stackDescriptor.set,
        configurable: true
    });
}

// ---------------------------------------------------------------------------------------------
// AggregateError (ECMAScript 2021), which Promise.any needs and Duktape lacks.
function AggregateError(errors, message) {
    if (!(this instanceof AggregateError))
        return new AggregateError(errors, message);
    if (message !== undefined)
        defineHidden(this, 'message', String(message));
    defineHidden(this, 'errors', Array.prototype.slice.call(errors));
}
AggregateError.prototype = Object.create(Error.prototype);
defineHidden(AggregateError.prototype, 'constructor', AggregateError);
defineHidden(AggregateError.prototype, 'name', 'AggregateError');
defineHidden(AggregateError.prototype, 'message', '');
if (typeof global.AggregateError !== 'function')
    defineGlobal('AggregateError', AggregateError);

// ---------------------------------------------------------------------------------------------
// Promise is native (promise.cpp); the built-in scripts use the original.
internal.util.Promise = internal.Promise;

// ---------------------------------------------------------------------------------------------
// Unhandled rejections (https://html.spec.whatwg.org/#unhandled-promise-rejections)
var aboutToBeNotifiedRejectedPromises = [];
var outstandingRejectedPromises = [];

// https://html.spec.whatwg.org/#the-hostpromiserejectiontracker-implementation, which the native
// Promise calls.
internal.hostPromiseRejectionTracker = function (promise, operation) {
    if (operation === 'reject') {
        // 1. Append promise to the about-to-be-notified rejected promises list.
        aboutToBeNotifiedRejectedPromises.push(promise);
        internal.rejectionsPending();
        return;
    }
    // 2.1. If the about-to-be-notified list contains promise, remove it and return.
    var index = aboutToBeNotifiedRejectedPromises.indexOf(promise);
    if (index >= 0) {
        aboutToBeNotifiedRejectedPromises.splice(index, 1);
        return;
    }
    // 2.2. If the outstanding rejected promises weak set does not contain promise, return.
    index = outstandingRejectedPromises.indexOf(promise);
    if (index < 0) return;
    // 2.3. Remove promise from the outstanding rejected promises weak set.
    outstandingRejectedPromises.splice(index, 1);
    // 2.4. Queue a global task on the DOM manipulation task source to fire rejectionhandled.
    internal.queueTask(function () {
        internal.fireEvent(global, new PromiseRejectionEvent('rejectionhandled',
            { promise: promise, reason: internal.promiseResult(promise) }));
    });
};

// https://html.spec.whatwg.org/#notify-about-rejected-promises
internal.notifyAboutRejectedPromises = function () {
    // 1-2. Let list be a clone of the list; if empty, return.
    var list = aboutToBeNotifiedRejectedPromises;
    if (list.length === 0) return;
    // 3. Clear the list.
    aboutToBeNotifiedRejectedPromises = [];
    // 4. Queue a global task on the DOM manipulation task source to run the following:
    internal.queueTask(function () {
        list.forEach(function (promise) {
            // 4.1.1. If p.[[PromiseIsHandled]] is true, continue.
            if (internal.promiseIsHandled(promise)) return;
            // 4.1.2. Let notCanceled be the result of firing unhandledrejection.
            var event = new PromiseRejectionEvent('unhandledrejection',
                { cancelable: true, promise: promise, reason: internal.promiseResult(promise) });
            var notCanceled = internal.fireEvent(global, event);
            // 4.1.3. If notCanceled is true, the user agent may report p.[[PromiseResult]].
            if (notCanceled)
                internal.reportUncaught('Uncaught (in promise) ', internal.promiseResult(promise));
            // 4.1.4. If p.[[PromiseIsHandled]] is false, append p to the outstanding set.
            if (!internal.promiseIsHandled(promise))
                outstandingRejectedPromises.push(promise);
        });
    });
};

// ---------------------------------------------------------------------------------------------
// Event subclasses that carry script values
// (https://html.spec.whatwg.org/#errorevent, #promiserejectionevent, https://dom.spec.whatwg.org/#customevent).
function defineEventSubclass(name, members, requiredMembers) {
    var slots = {};
    members.forEach(function (member) { slots[member.name] = Symbol(member.name); });
    function EventSubclass(type, init) {
        if (!(this instanceof EventSubclass) || internal.isEvent(this))
            throw new TypeError("Failed to construct '" + name + "': Please use the 'new' operator");
        if (arguments.length < 1)
            throw new TypeError("Failed to construct '" + name + "': 1 argument required, but only 0 present.");
        if (init !== undefined && init !== null && !isObject(init))
            throw new TypeError("Failed to construct '" + name + "': parameter 2 is not an object.");
        init = init || {};
        requiredMembers.forEach(function (member) {
            if (!(member in init))
                throw new TypeError("Failed to construct '" + name + "': required member " + member + ' is undefined.');
        });
        internal.constructEvent(this, type, init);
        var self = this;
        members.forEach(function (member) {
            var value = init[member.name];
            defineHidden(self, slots[member.name], value === undefined ? member.defaultValue : member.convert(value));
        });
    }
    EventSubclass.prototype = Object.create(global.Event.prototype);
    defineHidden(EventSubclass.prototype, 'constructor', EventSubclass);
    var getters = {};
    members.forEach(function (member) {
        getters[member.name] = function () {
            if (!(this instanceof EventSubclass)) throw new TypeError('Illegal invocation');
            return this[slots[member.name]];
        };
    });
    defineGetters(EventSubclass.prototype, getters);
    Object.defineProperty(EventSubclass.prototype, Symbol.toStringTag, { value: name, configurable: true });
    Object.setPrototypeOf(EventSubclass, global.Event);
    defineGlobal(name, EventSubclass);
    return EventSubclass;
}
function identity(value) { return value; }
function unsignedLong(value) { return Number(value) >>> 0; }
defineEventSubclass('ErrorEvent', [
    { name: 'message', defaultValue: '', convert: String },
    { name: 'filename', defaultValue: '', convert: String },
    { name: 'lineno', defaultValue: 0, convert: unsignedLong },
    { name: 'colno', defaultValue: 0, convert: unsignedLong },
    { name: 'error', defaultValue: undefined, convert: identity }
], []);
var PromiseRejectionEvent = defineEventSubclass('PromiseRejectionEvent', [
    { name: 'promise', defaultValue: undefined, convert: function (value) {
        if (!isObject(value)) throw new TypeError("Failed to construct 'PromiseRejectionEvent': member promise is not an object.");
        return value;
    } },
    { name: 'reason', defaultValue: undefined, convert: identity }
], ['promise']);
defineEventSubclass('CustomEvent', [
    { name: 'detail', defaultValue: null, convert: identity }
], []);

// ---------------------------------------------------------------------------------------------
// The console (https://console.spec.whatwg.org/), formatted as browsers' consoles print values.
function quote(string) {
    return "'" + string.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
}
function formatError(error) {
    var stack = error.stack;
    if (typeof stack === 'string' && stack.indexOf(String(error.name)) === 0)
        return stack;
    return String(error.name) + (error.message ? ': ' + error.message : '');
}
function formatValue(value, depth, seen) {
    switch (typeof value) {
    case 'string': return depth === 0 ? value : quote(value);
    case 'number': return value === 0 && 1 / value < 0 ? '-0' : String(value);
    case 'undefined': return 'undefined';
    case 'boolean': return String(value);
    case 'symbol': return value.toString();
    case 'function': return '[Function: ' + (value.name || '(anonymous)') + ']';
    }
    if (value === null) return 'null';
    if (value instanceof Error || value instanceof DOMException)
        return depth === 0 ? formatError(value) : '[' + formatError(value).split('\n')[0] + ']';
    if (seen.indexOf(value) >= 0) return '[Circular]';
    if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
    seen.push(value);
    var parts;
    try {
        if (Array.isArray(value)) {
            parts = value.map(function (item) { return formatValue(item, depth + 1, seen); });
            return '[' + parts.join(', ') + ']';
        }
        if (value instanceof Date) return value.toISOString();
        if (value instanceof RegExp) return String(value);
        var keys = Object.keys(value);
        parts = keys.map(function (key) {
            var name = /^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key);
            var item;
            try { item = value[key]; } catch (error) { return name + ': [Exception]'; }
            return name + ': ' + formatValue(item, depth + 1, seen);
        });
        var prototype = Object.getPrototypeOf(value);
        var constructor = prototype && prototype.constructor;
        var prefix = constructor && constructor !== Object && constructor.name ? constructor.name + ' ' : '';
        return prefix + '{' + parts.join(', ') + '}';
    } finally {
        seen.pop();
    }
}
// https://console.spec.whatwg.org/#formatter
function formatArguments(args) {
    args = Array.prototype.slice.call(args);
    var first = args[0];
    if (typeof first === 'string' && args.length > 1 && first.indexOf('%') >= 0) {
        var rest = args.slice(1);
        var formatted = first.replace(/%([sdifoOc%])/g, function (match, specifier) {
            if (specifier === '%') return '%';
            if (rest.length === 0) return match;
            var argument = rest.shift();
            switch (specifier) {
            case 's': return typeof argument === 'string' ? argument : formatValue(argument, 1, []);
            case 'd': case 'i': return typeof argument === 'symbol' ? 'NaN' : String(parseInt(argument, 10));
            case 'f': return typeof argument === 'symbol' ? 'NaN' : String(parseFloat(argument));
            case 'o': case 'O': return formatValue(argument, 1, []);
            case 'c': return '';
            }
        });
        args = [formatted].concat(rest);
    }
    return args.map(function (arg) { return formatValue(arg, 0, []); }).join(' ');
}
internal.formatValue = function (value) { return formatValue(value, 0, []); };

var console = {};
var counts = {}, timers = {}, groupIndent = '';
function logger(level) {
    return function () { internal.print(level, groupIndent + formatArguments(arguments)); };
}
defineMethods(console, {
    log: logger('log'), info: logger('info'), debug: logger('debug'),
    warn: logger('warn'), error: logger('error'), trace: logger('error'),
    assert: function (condition) {
        if (condition) return;
        var rest = Array.prototype.slice.call(arguments, 1);
        if (typeof rest[0] === 'string') rest[0] = 'Assertion failed: ' + rest[0];
        else rest.unshift('Assertion failed');
        internal.print('error', groupIndent + formatArguments(rest));
    },
    count: function (label) {
        label = label === undefined ? 'default' : String(label);
        counts[label] = (counts[label] || 0) + 1;
        internal.print('info', groupIndent + label + ': ' + counts[label]);
    },
    countReset: function (label) {
        label = label === undefined ? 'default' : String(label);
        if (label in counts) counts[label] = 0;
        else internal.print('warn', groupIndent + "Count for '" + label + "' does not exist");
    },
    dir: function (item) { internal.print('log', groupIndent + formatValue(item, 1, [])); },
    dirxml: logger('log'), table: logger('log'), clear: function () {},
    timeLog: function (label) {
        label = label === undefined ? 'default' : String(label);
        if (!(label in timers)) {
            internal.print('warn', groupIndent + "Timer '" + label + "' does not exist");
            return;
        }
        var rest = Array.prototype.slice.call(arguments, 1);
        internal.print('log', groupIndent + label + ': ' + (internal.now() - timers[label]) + ' ms' + (rest.length ? ' ' + formatArguments(rest) : ''));
    },
    group: function () {
        if (arguments.length) internal.print('log', groupIndent + formatArguments(arguments));
        groupIndent += '  ';
    },
    groupEnd: function () { groupIndent = groupIndent.slice(2); },
    time: function (label) { timers[label === undefined ? 'default' : String(label)] = internal.now(); },
    timeEnd: function (label) {
        label = label === undefined ? 'default' : String(label);
        if (!(label in timers)) return;
        internal.print('info', groupIndent + label + ': ' + (internal.now() - timers[label]) + ' ms');
        delete timers[label];
    }
});
defineHidden(console, 'groupCollapsed', console.group);
defineGlobal('console', console);
})
