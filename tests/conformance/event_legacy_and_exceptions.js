// Event's legacy members (DOM Standard), DOMException (WebIDL) and atob()/btoa() (HTML).
function check(label, fn) {
    var result;
    try { result = fn(); } catch (e) { result = 'threw ' + e.name + (e instanceof DOMException ? ' code ' + e.code : ''); }
    console.log(label + ': ' + result);
}

// cancelBubble: reading it gives the stop propagation flag; setting it to true sets the flag, which
// does not stop the other listeners of the same target; setting it to false does nothing.
var target = new EventTarget();
var seen = [];
target.addEventListener('a', function (e) {
    seen.push('first ' + e.cancelBubble);
    e.cancelBubble = true;
    seen.push('set ' + e.cancelBubble);
    e.cancelBubble = false;
    seen.push('unset ignored ' + e.cancelBubble);
});
target.addEventListener('a', function (e) { seen.push('second ' + e.cancelBubble); });
var ev = new Event('a');
target.dispatchEvent(ev);
console.log('cancelBubble: ' + seen.join(', ') + '; after dispatch ' + ev.cancelBubble);
check('cancelBubble after stopPropagation', function () { var e = new Event('x'); e.stopPropagation(); return e.cancelBubble; });

// returnValue: true unless the canceled flag is set; setting false cancels a cancelable event
// (outside a passive listener), setting true does nothing.
check('returnValue of a cancelable event', function () {
    var e = new Event('x', { cancelable: true });
    var before = e.returnValue;
    e.returnValue = false;
    var afterFalse = e.returnValue + ' ' + e.defaultPrevented;
    e.returnValue = true;
    return before + ' | ' + afterFalse + ' | ' + e.returnValue + ' ' + e.defaultPrevented;
});
check('returnValue of a non-cancelable event', function () {
    var e = new Event('x');
    e.returnValue = false;
    return e.returnValue + ' ' + e.defaultPrevented;
});
check('returnValue=false in a listener', function () {
    var t = new EventTarget();
    t.addEventListener('x', function (e) { e.returnValue = false; });
    var result = t.dispatchEvent(new Event('x', { cancelable: true }));
    return 'dispatch returned ' + result;
});

// srcElement is the target.
check('srcElement', function () {
    var t = new EventTarget(), inside;
    t.addEventListener('x', function (e) { inside = e.srcElement === t && e.srcElement === e.target; });
    var e = new Event('x');
    var before = e.srcElement;
    t.dispatchEvent(e);
    return before + ' ' + inside + ' ' + (e.srcElement === t);
});

// initEvent re-initializes type, bubbles and cancelable, and clears the flags; while the event is
// being dispatched it does nothing.
check('initEvent', function () {
    var e = new Event('old', { bubbles: false, cancelable: false });
    e.stopPropagation();
    e.initEvent('new', true, true);
    var after = [e.type, e.bubbles, e.cancelable, e.cancelBubble, e.defaultPrevented, e.isTrusted].join(' ');
    e.initEvent('defaults');
    return after + ' | ' + [e.type, e.bubbles, e.cancelable].join(' ');
});
check('initEvent without a type', function () { new Event('x').initEvent(); return 'no throw'; });
check('initEvent during dispatch', function () {
    var t = new EventTarget(), inside;
    t.addEventListener('during', function (e) {
        e.initEvent('changed', true, true);
        inside = [e.type, e.bubbles, e.cancelable].join(' ');
    });
    t.dispatchEvent(new Event('during'));
    return inside;
});
check('initEvent after dispatch', function () {
    var t = new EventTarget(), calls = 0;
    t.addEventListener('again', function () { calls++; });
    var e = new Event('first');
    t.dispatchEvent(e);
    var kept = e.target === t;
    e.initEvent('again');
    var cleared = e.target === null;
    t.dispatchEvent(e);
    return 'target kept ' + kept + ', cleared by initEvent ' + cleared + ', listener calls ' + calls;
});

// timeStamp: milliseconds relative to the time origin, a number >= 0, not decreasing.
var stamps = [new Event('t').timeStamp];
var busyUntil = Date.now() + 5;
while (Date.now() < busyUntil) { /* let time pass */ }
stamps.push(new Event('t').timeStamp);
console.log('timeStamp: number ' + (typeof stamps[0] === 'number') + ', >= 0 ' + (stamps[0] >= 0)
    + ', later one larger ' + (stamps[1] > stamps[0]) + ', relative to the time origin ' + (stamps[1] < 60000));

// DOMException.
check('DOMException()', function () {
    var e = new DOMException();
    return JSON.stringify([e.message, e.name, e.code]) + ' ' + (e instanceof Error) + ' ' + String(e);
});
check('DOMException(message)', function () {
    var e = new DOMException('gone');
    return JSON.stringify([e.message, e.name, e.code]) + ' ' + String(e);
});
check('DOMException(message, legacy name)', function () {
    var e = new DOMException('no such thing', 'NotFoundError');
    return JSON.stringify([e.message, e.name, e.code]) + ' ' + String(e) + ' ' + (e instanceof Error) + ' ' + (e instanceof DOMException);
});
check('DOMException with newer names', function () {
    return [new DOMException('', 'AbortError').code, new DOMException('', 'TimeoutError').code,
            new DOMException('', 'EncodingError').code, new DOMException('', 'MadeUpError').code].join(' ');
});
check('legacy code constants', function () {
    return [DOMException.INDEX_SIZE_ERR, DOMException.NOT_FOUND_ERR, DOMException.INVALID_STATE_ERR,
            DOMException.SYNTAX_ERR, DOMException.INVALID_CHARACTER_ERR, DOMException.NETWORK_ERR, DOMException.ABORT_ERR,
            DOMException.TIMEOUT_ERR, DOMException.DATA_CLONE_ERR, DOMException.prototype.NOT_FOUND_ERR,
            new DOMException().SECURITY_ERR].join(' ');
});
check('class strings', function () {
    return [new DOMException(), new EventTarget(), new Event('x')].map(function (o) { return Object.prototype.toString.call(o); }).join(' ');
});
check('DOMException without new', function () { return DOMException('x'); });

// btoa/atob: forgiving-base64 (HTML and Infra Standards).
check('btoa', function () { return [btoa(''), btoa('f'), btoa('fo'), btoa('foo'), btoa('\u00ff\u00fe\u0000')].join(' '); });
check('round trip of every byte', function () {
    var all = '';
    for (var i = 0; i < 256; i++) all += String.fromCharCode(i);
    return atob(btoa(all)) === all;
});
check('btoa of a code point above 0xFF', function () { return btoa('\u0100'); });
check('btoa() without an argument', function () { return btoa(); });
check('atob() without an argument', function () { return atob(); });
check('btoa of a non-string', function () { return btoa(12) + ' ' + btoa(null) + ' ' + btoa(undefined); });
check('atob', function () { return JSON.stringify([atob(''), atob('Zg=='), atob('Zm8='), atob('Zm9v')]); });
check('atob without padding', function () { return JSON.stringify([atob('Zg'), atob('Zm8')]); });
check('atob ignores ASCII whitespace', function () { return JSON.stringify(atob(' Zm\t9v\nYm\fF y\r')); });
check('atob with a length of 1 mod 4', function () { return atob('Zm9vY'); });
check('atob with too much padding', function () { return atob('Zg==='); });
check('atob with padding in the middle', function () { return atob('Zg==Zg=='); });
check('atob with one = after two chars', function () { return atob('Zg='); });
check('atob with a character outside the alphabet', function () { return atob('Zm9v!'); });
check('atob of URL-safe characters', function () { return atob('-_-_'); });
check('atob with non-zero trailing bits', function () { return JSON.stringify(atob('Zh==')); });
check('atob of a non-breaking space', function () { return atob('Zm9v\u00a0'); });
check('atob(undefined)', function () { return atob(undefined); });
check('atob(null) decodes "null"', function () {
    var bytes = atob(null), codes = [];
    for (var i = 0; i < bytes.length; i++) codes.push(bytes.charCodeAt(i).toString(16));
    return codes.join(' ');
});
