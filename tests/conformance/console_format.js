//! stderr: to stderr: warn 1
//! stderr: to stderr: error {a: 1}
//! stderr: missing-label
//! stderr: Assertion failed: failed here
//! stderr: Assertion failed
//! stderr: Assertion failed {a: 1}
// The console (Console Standard): log/info/debug print on stdout, warn/error/assert on stderr; the
// formatter's %s %d %i %f %o %O %c; count, countReset, group, assert, time. How values print is
// implementation-defined: this pins duknet's own format.
console.log(1, 1.5, -0, 0, NaN, Infinity, -Infinity, 1e21, 0.1 + 0.2);
console.log(true, false, null, undefined, 'a string', '');
console.log([1, 'two', [3, [4, [5, [6]]]]], [], [undefined, null]);
console.log({ a: 1, 'b-c': 'x', nested: { deep: { deeper: { deepest: 1 } } } }, {});
var circular = { name: 'loop' };
circular.self = circular;
console.log(circular);
console.log(function named() {}, function () {});
console.log(['a\nb', "it's"], 'top-level strings print as they are: it\'s');
console.log(new Date(0), /re/g);

// An Error prints its stack; give it a known one.
var error = new Error('boom');
Object.defineProperty(error, 'stack', { value: 'Error: boom\n    at somewhere (x.js:1:1)' });
console.log(error);
console.log([error], { error: error });
console.log(new DOMException('no such thing', 'NotFoundError'));
// A real stack names functions and locations only, no engine-internal flags.
function thrower() { throw new RangeError('deep'); }
try { thrower(); } catch (e) {
    var lines = e.stack.split('\n');
    console.log('stack: first line ' + JSON.stringify(lines[0]) + ', more than one line ' + (lines.length > 1)
        + ', no engine flags ' + lines.every(function (line) { return !/preventsyield|\)\s+\S+$/.test(line); }));
}

// Format specifiers (https://console.spec.whatwg.org/#formatter).
console.log('%s|%s|%s|%s|%s|', 'str', 42, true, null, undefined);
console.log('%d|%i|%f|%d|%i|%f|%d|', 42.9, '7px', '2.5e1x', 'abc', -3.9, Symbol('q'), Symbol('r'));
console.log('%o|%O|', { a: [1] }, { b: 'c' });
console.log('%cstyled%c text', 'color: red', 'font-weight: bold');
console.log('%s and %s', 'only one');
console.log('%s', 'x', 'extra', 3, { k: 1 });
console.log('no specifiers', 'x');
console.log('100%', 'x');
console.log('%x is not a specifier', 1);
console.log('%s', 'alone first');

// Levels.
console.info('info to stdout');
console.debug('debug to stdout');
console.warn('to stderr: warn', 1);
console.error('to stderr: error', { a: 1 });

// Counting.
console.count();
console.count();
console.count('x');
console.count(undefined);
console.countReset();
console.count();
console.count({ toString: function () { return 'x'; } });
console.countReset('missing-label');

// Grouping.
console.group('Group %s', 'one');
console.log('inside');
console.groupCollapsed('Collapsed');
console.info('deeper');
console.groupEnd();
console.log('back in one');
console.groupEnd();
console.groupEnd(); // the group stack is already empty
console.log('outside');

// Assertions.
console.assert(true, 'not printed');
console.assert(1, 'not printed');
console.assert(false, 'failed %s', 'here');
console.assert(false);
console.assert(0, { a: 1 });

// Timing: the duration's format is implementation-defined, so only what prints nothing is run.
console.time('t');
console.time('t');
console.timeEnd('never started');
var members = ['log', 'info', 'debug', 'warn', 'error', 'trace', 'dir', 'dirxml', 'table', 'assert', 'clear',
               'count', 'countReset', 'group', 'groupCollapsed', 'groupEnd', 'time', 'timeLog', 'timeEnd'];
console.log('missing members: ' + JSON.stringify(members.filter(function (name) { return typeof console[name] !== 'function'; })));
console.log('done');
