// XHR's processBodyChunk fires readystatechange and progress only when roughly 50 ms have passed
// since it last did: a fast drip (40 chunks, 10 ms apart) gets far fewer progress events than
// chunks. The end of the body always fires one more progress event with the full length.
function drip(query, done) {
    var xhr = new XMLHttpRequest();
    var loaded = [], totals = [], computable = [], states = [], sequence = [];
    xhr.onreadystatechange = function () { states.push(xhr.readyState); sequence.push('rsc' + xhr.readyState); };
    xhr.onprogress = function (e) {
        loaded.push(e.loaded);
        totals.push(e.total);
        computable.push(e.lengthComputable);
        sequence.push('progress');
    };
    xhr.onloadend = function () {
        var count = loaded.length;
        var nonDecreasing = true, increasingBeforeLast = true;
        for (var i = 1; i < count; i++) {
            if (loaded[i] < loaded[i - 1]) nonDecreasing = false;
            // Only the end-of-body event may repeat the length of the last throttled one.
            if (i < count - 1 && loaded[i] <= loaded[i - 1]) increasingBeforeLast = false;
        }
        // Each throttled progress follows a readystatechange (state 3); the end-of-body one comes
        // right before the readystatechange to 4.
        var paired = true;
        for (var j = 0; j < sequence.length; j++) {
            if (sequence[j] !== 'progress') continue;
            var last = loaded.length && j === sequence.lastIndexOf('progress');
            if (last ? sequence[j + 1] !== 'rsc4' : sequence[j - 1] !== 'rsc3') paired = false;
        }
        console.log(query + ':');
        console.log('  progress events: ' + (count >= 3 && count <= 15 ? 'between 3 and 15' : count + ' (expected between 3 and 15)'));
        console.log('  loaded never decreases: ' + nonDecreasing + ', strictly increases before the last: ' + increasingBeforeLast);
        console.log('  last: loaded ' + loaded[count - 1] + ', total ' + totals[count - 1] + ', lengthComputable ' + computable[count - 1]);
        console.log('  every event has the same total: ' + totals.every(function (t) { return t === totals[0]; }));
        console.log('  readystatechange before each throttled progress: ' + paired);
        console.log('  states: 1, 2, 3 (' + (states.filter(function (s) { return s === 3; }).length === count - 1 ? 'once per throttled progress' : 'other') + '), 4: '
            + (states[0] === 1 && states[1] === 2 && states[states.length - 1] === 4));
        console.log('  response length ' + xhr.responseText.length + ', status ' + xhr.status);
        done();
    };
    xhr.open('GET', '/drip?' + query);
    xhr.send();
}
drip('chunks=40&interval=10&size=5', function () {
    drip('chunks=40&interval=10&size=5&chunked=0', function () {});
});
