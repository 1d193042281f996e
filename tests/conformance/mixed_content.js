//! args: --verbose --resolve plain.test:{PORT}:127.0.0.1 --base-url https://secure.test/page?port={PORT}
//! stderr: http://plain.test:{PORT}/cors?allow_origin=*: blocked as mixed content
// An https: document may not fetch http: URLs (mixed content), unless the URL is potentially
// trustworthy, as loopback is. (The scenario server's port comes in the document's query.)
var port = location.search.slice('?port='.length);
function get(url, then) {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.onloadend = function () { then(xhr.status === 0 ? 'blocked (network error)' : 'allowed ' + xhr.status); };
    xhr.send();
}
get('http://plain.test:' + port + '/cors?allow_origin=*', function (plain) {
    console.log('http://plain.test: ' + plain);
    get('http://127.0.0.1:' + port + '/cors?allow_origin=*', function (loopback) {
        console.log('http://127.0.0.1 (loopback): ' + loopback);
        fetch('http://plain.test:' + port + '/cors?allow_origin=*').then(function () { console.log('fetch: allowed (wrong)'); },
            function (e) { console.log('fetch http://plain.test: ' + e.name); });
    });
});
