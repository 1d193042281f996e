// Timers: ordering, arguments, string handlers, clearing, intervals and the nesting clamp.
var log = [];
setTimeout(function () { log.push('b'); }, 10);
setTimeout(function () { log.push('a'); }, 5);
setTimeout(function () { log.push('c'); }, 10);
setTimeout(function (x, y) { log.push('args ' + x + y); }, 1, 'x', 'y');
var cleared = setTimeout(function () { log.push('cleared (wrong)'); }, 1);
clearTimeout(cleared);
setTimeout("log.push('string handler')", 2);
console.log('handles are positive and distinct: ' + (cleared > 0 && setTimeout(function () {}) !== cleared));
var count = 0;
var interval = setInterval(function () {
    if (++count === 3) {
        clearInterval(interval);
        log.push('interval x3');
    }
}, 5);
// Nested timers are clamped to 4 ms from the sixth level on.
var depth = 0, times = [];
function nest() {
    times.push(Date.now());
    if (++depth < 12) setTimeout(nest, 0);
    else {
        var late = times.slice(7).map(function (t, i) { return t - times[6 + i]; });
        var allClamped = late.every(function (gap) { return gap >= 4; });
        log.push('nested timers clamped: ' + allClamped);
    }
}
setTimeout(nest, 0);
setTimeout(function () { console.log(log.join('\n')); }, 200);
