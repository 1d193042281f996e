// The network thread reads while script is busy: the body takes ~500 ms to arrive, the script
// spins for 1500 ms, and `load` follows the end of the spin at once (nothing was left to read).
var xhr = new XMLHttpRequest();
var spinEnd;
xhr.onload = function () {
    var lag = Date.now() - spinEnd;
    console.log('load after the busy loop: ' + (lag < 250 ? 'promptly' : 'late by ' + lag + ' ms'));
    console.log('body length ' + xhr.responseText.length);
};
xhr.open('GET', '/drip?chunks=5&interval=100&size=1000');
xhr.send();
var spinUntil = Date.now() + 1500;
while (Date.now() < spinUntil) { }
spinEnd = Date.now();
console.log('busy loop done');
