// A request that outlives its timeout fails with the timeout sequence; a quick one does not.
var slow = new XMLHttpRequest();
['readystatechange', 'loadstart', 'load', 'error', 'timeout', 'loadend'].forEach(function (type) {
    slow.addEventListener(type, function (event) { console.log('slow: ' + type + ' ' + slow.readyState); });
});
slow.open('GET', '/hang');
slow.timeout = 200;
var started = Date.now();
slow.ontimeout = function () {
    var elapsed = Date.now() - started;
    console.log('slow: timed out ' + (elapsed >= 190 && elapsed < 2000 ? 'after about 200 ms' : 'after ' + elapsed + ' ms'));
};
slow.send();

var quick = new XMLHttpRequest();
quick.open('GET', '/delay/10');
quick.timeout = 5000;
quick.onload = function () { console.log('quick: load ' + quick.status); };
quick.ontimeout = function () { console.log('quick: timeout (wrong)'); };
quick.send();
