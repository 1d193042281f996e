// The second seed article: the 0 ms timer fires first, the 5000 ms one not earlier than 5 s.
var start = Date.now();
console.log('start');
setTimeout(function () {
    console.log('understand asynchronous javascript 2');
    var elapsed = Date.now() - start;
    console.log(elapsed >= 5000 ? 'not earlier than 5000 ms' : 'too early: ' + elapsed + ' ms');
}, 5000);
setTimeout(function () {
    console.log('understand asynchronous javascript 1');
}, 0);
console.log('end');
