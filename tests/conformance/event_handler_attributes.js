// Event handler attributes keep their place in listener order: set first, replaced in place,
// and re-appended only after being cleared (HTML Standard, "event handlers").
var xhr = new XMLHttpRequest();
var log = [];
xhr.addEventListener('readystatechange', function () { log.push('listener 1'); });
xhr.onreadystatechange = function () { log.push('handler A'); };
xhr.addEventListener('readystatechange', function () { log.push('listener 2'); });
xhr.onreadystatechange = function () { log.push('handler B (same place)'); };
xhr.open('GET', '/bytes/1');
console.log(log.join(', '));
log = [];
xhr.onreadystatechange = null;
console.log('cleared: ' + xhr.onreadystatechange);
xhr.onreadystatechange = function () { log.push('handler C (appended)'); };
xhr.dispatchEvent(new Event('readystatechange'));
console.log(log.join(', '));
// A handler returning false cancels the event.
var other = new XMLHttpRequest();
other.onload = function () { return false; };
var e = new Event('load', { cancelable: true });
console.log('returned false cancels: ' + (other.dispatchEvent(e) === false && e.defaultPrevented));
// Non-objects become null.
other.onload = 5;
console.log('non-object: ' + other.onload);
