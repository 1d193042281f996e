// Requests one after another to the same origin reuse the idle connection.
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onload = function () { then(xhr); };
    xhr.send();
}
get('/bytes/3', function (first) {
    get('/drip?chunks=2&interval=10&size=2', function (second) {
        get('/status/204', function (third) {
            var id = first.getResponseHeader('X-Connection-Id');
            console.log('same connection: ' + (second.getResponseHeader('X-Connection-Id') === id
                && third.getResponseHeader('X-Connection-Id') === id));
            console.log('requests on it: ' + [first, second, third].map(function (x) {
                return x.getResponseHeader('X-Request-Number');
            }).join(','));
            // A connection the server closes is not reused, and the next request still works.
            get('/close-after?n=4', function () {
                get('/bytes/2', function (last) {
                    console.log('after a close: new connection ' + (last.getResponseHeader('X-Connection-Id') !== id) + ' ' + last.responseText);
                });
            });
        });
    });
});
