// Twenty requests to an endpoint that answers after 500 ms run in parallel: far less than the
// 10 s a serial design would take.
var started = Date.now();
var remaining = 20;
for (var i = 0; i < 20; ++i) {
    (function (i) {
        var xhr = new XMLHttpRequest();
        xhr.open('GET', '/delay/500?n=' + i);
        xhr.onload = function () {
            if (xhr.responseText !== 'delayed 500') console.log('request ' + i + ': ' + xhr.responseText);
            if (--remaining === 0) {
                var elapsed = Date.now() - started;
                console.log('20 requests done ' + (elapsed < 4000 ? 'in parallel' : 'serially: ' + elapsed + ' ms'));
            }
        };
        xhr.send();
    })(i);
}
