// An endless body read slowly: once the stream's queue reaches its high-water mark, the network
// thread stops reading the socket, so what the server manages to write stays bounded (socket
// buffers plus the queue) instead of growing at loopback speed.
fetch('/endless?key=slow&size=65536').then(function (response) {
    var reader = response.body.getReader();
    var reads = 0, received = 0;
    function slowRead() {
        return reader.read().then(function (result) {
            received += result.value.byteLength;
            if (++reads === 20) return;
            return new Promise(function (resolve) { setTimeout(resolve, 50); }).then(slowRead);
        });
    }
    return slowRead().then(function () {
        return fetch('/endless/stats?key=slow');
    }).then(function (stats) { return stats.text(); }).then(function (written) {
        var megabytes = Number(written) / 1048576;
        console.log('read ' + reads + ' chunks slowly; the server could write ' + (megabytes < 64 ? 'a bounded amount' : megabytes + ' MB'));
        return reader.cancel();
    });
}).then(function () {
    console.log('cancelled');
    return busyScript();
});

// The same bound holds while the script is too busy to take anything: the network thread stops
// once a few MiB wait for the script thread (before, the server wrote over a gigabyte in 2 s).
function busyScript() {
    return fetch('/endless?key=busy&size=65536').then(function (response) {
        var end = Date.now() + 1000;
        while (Date.now() < end) {}
        return fetch('/endless/stats?key=busy').then(function (stats) { return stats.text(); }).then(function (written) {
            var megabytes = Number(written) / 1048576;
            console.log('script busy for a second; the server could write ' + (megabytes < 64 ? 'a bounded amount' : megabytes + ' MB'));
            return response.body.cancel();
        });
    });
}
