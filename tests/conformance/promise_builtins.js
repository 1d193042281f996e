// The Promise built-ins' details: properties, TypeErrors, what iterables the combinators take
// (closing an iterator they stop early), frozen promises and resolving functions, and thenables
// whose `then` throws.
var out = [];
function log(line) { out.push(line); }
function attempt(name, f) { try { f(); log(name + ': no exception'); } catch (e) { log(name + ': ' + e.name + ': ' + e.message); } }

log('Promise.length ' + Promise.length + ', name ' + Promise.name + ', tag ' + Object.prototype.toString.call(Promise.resolve()));
log('enumerable: ' + JSON.stringify(Object.keys(Promise)) + ' ' + JSON.stringify(Object.keys(Promise.prototype)));
log('lengths: then ' + Promise.prototype.then.length + ', catch ' + Promise.prototype['catch'].length + ', all ' + Promise.all.length);
var resolveFunction;
new Promise(function (resolve) { resolveFunction = resolve; });
log('resolve function: length ' + resolveFunction.length + ', name "' + resolveFunction.name + '"');
attempt('then on a plain object', function () { Promise.prototype.then.call({}); });
attempt('then on an object inheriting from a promise', function () { Promise.prototype.then.call(Object.create(Promise.resolve())); });
attempt('no executor', function () { new Promise(); });
attempt('symbol executor', function () { new Promise(Symbol('s')); });
attempt('Promise.resolve on a primitive', function () { Promise.resolve.call(1); });
attempt('Promise.reject on a primitive', function () { Promise.reject.call(1); });
attempt('finally on a primitive', function () { Promise.prototype['finally'].call(1); });

Promise.all(null)['catch'](function (e) { log('all(null): ' + e.name + ': ' + e.message); });
Promise.all(5)['catch'](function (e) { log('all(5): ' + e.name + ': ' + e.message); });
Promise.all('ab').then(function (v) { log('all(string): ' + JSON.stringify(v)); });
Promise.all({ length: 2, 0: 'x', 1: Promise.resolve('y') }).then(function (v) { log('all(array-like): ' + JSON.stringify(v)); });
function counting(limit) {
    var iterable = {};
    iterable[Symbol.iterator] = function () {
        var i = 0;
        return {
            next: function () { i++; return i > limit ? { done: true } : { value: i, done: false }; },
            'return': function () { log('iterator closed'); return {}; }
        };
    };
    return iterable;
}
Promise.all(counting(3)).then(function (v) { log('all(iterator): ' + JSON.stringify(v)); });
function Thrower(executor) { return new Promise(executor); }
Thrower.resolve = function () { throw new Error('resolve threw'); };
Promise.all.call(Thrower, counting(3)).then(null, function (e) { log('all with a throwing resolve: ' + e.message); });
var frozen = Promise.resolve(1);
Object.freeze(frozen);
frozen.then(function (v) { log('frozen settled promise: ' + v); });
var frozenPending = new Promise(function (resolve) { setTimeout(resolve, 0, 2); });
Object.freeze(frozenPending);
frozenPending.then(function (v) { log('frozen pending promise: ' + v); });
var frozenResolve;
var byFrozenResolve = new Promise(function (resolve) { frozenResolve = resolve; });
Object.freeze(frozenResolve);
frozenResolve(3);
frozenResolve(4);
byFrozenResolve.then(function (v) { log('frozen resolve function: ' + v); });
var badThenable = {};
Object.defineProperty(badThenable, 'then', { get: function () { throw new Error('then getter threw'); } });
Promise.resolve(badThenable)['catch'](function (e) { log('thenable: ' + e.message); });
new Promise(function (resolve) { resolve(1); throw new Error('ignored'); }).then(function (v) { log('executor threw after resolving: ' + v); });
Promise.resolve(1)['finally'](function () { return Promise.reject(new Error('from onFinally')); })['catch'](function (e) { log('finally: ' + e.message); });
Promise.any([])['catch'](function (e) { log('any([]): ' + e.name + ': ' + e.message + ' ' + e.errors.length); });
// Adopting a promise (resolving with one) calls its then(), which reads .constructor once.
var adopted = Promise.resolve('adopted value'), constructorReads = 0;
Object.defineProperty(adopted, 'constructor', { get: function () { constructorReads++; return Promise; } });
new Promise(function (resolve) { resolve(adopted); }).then(function (v) { log('adopted: ' + v + ', constructor read ' + constructorReads + ' time(s)'); });
var badConstructor = Promise.resolve(1);
Object.defineProperty(badConstructor, 'constructor', { get: function () { throw new Error('constructor getter threw'); } });
new Promise(function (resolve) { resolve(badConstructor); })['catch'](function (e) { log('adopting, then threw: ' + e.message); });
new Promise(function (resolve) { resolve(Promise.reject(new Error('inner'))); })['catch'](function (e) { log('adopted rejection: ' + e.message); });
// A replaced then() is what adoption calls.
var patchedThen = Promise.prototype.then, patchedCalls = 0;
Promise.prototype.then = function (f, r) { patchedCalls++; return patchedThen.call(this, f, r); };
new Promise(function (resolve) { resolve(Promise.resolve('patched')); });
Promise.prototype.then = patchedThen;
setTimeout(function () { log('adoption through a replaced then: ' + patchedCalls + ' call(s)'); }, 0);
setTimeout(function () { console.log(out.join('\n')); }, 20);
