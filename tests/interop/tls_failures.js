//! args: --verbose --ca-file {CA}
//! stderr: https://localhost:{WRONG_HOST}/hello.txt: TLS failure: certificate verification failed: hostname mismatch
//! stderr: https://localhost:{EXPIRED}/hello.txt: TLS failure: certificate verification failed: certificate has expired
//! stderr: https://localhost:{UNTRUSTED}/hello.txt: TLS failure: certificate verification failed: self-signed certificate
//! stderr: https://localhost:{HTTP}/hello.txt: TLS failure
// Every TLS failure is a network error to script (never a silent downgrade); --verbose says why.
var ports = [INTEROP.WRONG_HOST, INTEROP.EXPIRED, INTEROP.UNTRUSTED, INTEROP.HTTP];
var names = ['wrong host', 'expired', 'untrusted', 'not TLS at all'];
function next(i) {
    if (i === ports.length) return;
    var xhr = new XMLHttpRequest();
    xhr.open('GET', 'https://localhost:' + ports[i] + '/hello.txt');
    xhr.onload = function () { console.log(names[i] + ': loaded (wrong)'); next(i + 1); };
    xhr.onerror = function () { console.log(names[i] + ': network error, status ' + xhr.status); next(i + 1); };
    xhr.send();
}
next(0);
