//! args: --verbose
//! stderr: certificate verification failed: unable to get local issuer certificate
// Without --ca-file only the system's trust store counts: the test CA is not in it.
var xhr = new XMLHttpRequest();
xhr.open('GET', 'https://localhost:' + INTEROP.TLS + '/hello.txt');
xhr.onload = function () { console.log('loaded (wrong)'); };
xhr.onerror = function () { console.log('network error'); };
xhr.send();
