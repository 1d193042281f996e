// Promise jobs are microtasks: they run after the current script, before any task, and in
// the order ECMAScript gives (thenable adoption takes extra jobs).
var log = [];
setTimeout(function () { log.push('timeout'); console.log(log.join(' ')); combinators(); }, 0);
Promise.resolve().then(function () { log.push('p1'); }).then(function () { log.push('p1b'); });
queueMicrotask(function () { log.push('qm'); });
Promise.resolve().then(function () { log.push('p2'); });
new Promise(function (resolve) { log.push('executor'); resolve(Promise.resolve('adopted')); })
    .then(function (value) { log.push(value); });
var thenable = { then: function (resolve) { log.push('thenable.then'); resolve('thenable'); } };
Promise.resolve(thenable).then(function (value) { log.push(value); });
log.push('sync');

function combinators() {
    var results = [];
    function record(name) { return function (value) { results.push(name + '=' + JSON.stringify(value)); }; }
    function failure(name) { return function (error) { results.push(name + '!' + (error && error.name) + ':' + (error && error.message)); }; }
    Promise.all([1, Promise.resolve(2), { then: function (r) { r(3); } }]).then(record('all'));
    Promise.all([Promise.reject(new Error('no')), 1]).catch(failure('all-reject'));
    Promise.allSettled([Promise.resolve(1), Promise.reject(new Error('x'))]).then(function (r) {
        results.push('allSettled=' + r.map(function (s) { return s.status + ':' + (s.value || s.reason.message); }).join(','));
    });
    Promise.race([new Promise(function (r) { setTimeout(r, 50, 'slow'); }), Promise.resolve('fast')]).then(record('race'));
    Promise.any([Promise.reject(new Error('a')), Promise.resolve('b')]).then(record('any'));
    Promise.any([Promise.reject(new Error('a'))]).catch(function (e) {
        results.push('any-all-rejected!' + e.name + ':' + e.errors.length);
    });
    Promise.all([]).then(record('all-empty'));
    Promise.resolve(7).finally(function () { results.push('finally ran'); return 'ignored'; }).then(record('after-finally'));
    Promise.reject(new Error('kept')).finally(function () {}).catch(failure('finally-reject'));
    var p = Promise.resolve();
    var cycle = p.then(function () { return cycle; });
    cycle.catch(failure('cycle'));
    try { Promise(function () {}); } catch (e) { results.push('no-new!' + e.name); }
    try { new Promise(5); } catch (e) { results.push('bad-executor!' + e.name); }
    results.push('resolve-identity=' + (Promise.resolve(p) === p));
    setTimeout(function () { console.log(results.sort().join('\n')); }, 100);
}
