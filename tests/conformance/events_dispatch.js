// EventTarget as the DOM Standard defines it, from script.
var target = new EventTarget();
var log = [];
function listener(name) { return function (event) { log.push(name + '@' + event.eventPhase); }; }

target.addEventListener('ping', listener('first'));
target.onping = null; // not an event handler attribute of EventTarget: a plain property
var handlerObject = { handleEvent: function (event) { log.push('handleEvent this=' + (this === handlerObject)); } };
target.addEventListener('ping', handlerObject);
target.addEventListener('ping', listener('once'), { once: true });
var duplicate = listener('duplicate');
target.addEventListener('ping', duplicate);
target.addEventListener('ping', duplicate); // ignored: same callback, same capture
target.addEventListener('ping', duplicate, true); // a capture listener is a different one
target.dispatchEvent(new Event('ping'));
console.log(log.join(', '));

log = [];
target.removeEventListener('ping', duplicate);
target.dispatchEvent(new Event('ping'));
console.log('after remove and once: ' + log.join(', '));

// stopImmediatePropagation, preventDefault, passive.
var stopper = new EventTarget();
stopper.addEventListener('go', function (e) { e.preventDefault(); log.push('passive canceled=' + e.defaultPrevented); }, { passive: true });
stopper.addEventListener('go', function (e) { e.preventDefault(); e.stopImmediatePropagation(); log.push('stopper'); });
stopper.addEventListener('go', function () { log.push('never'); });
log = [];
var notCanceled = stopper.dispatchEvent(new Event('go', { cancelable: true }));
console.log(log.join(', ') + '; dispatch returned ' + notCanceled);

// A listener added during dispatch does not run in it; one removed during it does not run.
var changing = new EventTarget();
var late = function () { log.push('late'); };
var removed = function () { log.push('removed (wrong)'); };
changing.addEventListener('x', function () { changing.addEventListener('x', late); changing.removeEventListener('x', removed); log.push('adder'); });
changing.addEventListener('x', removed);
log = [];
changing.dispatchEvent(new Event('x'));
changing.dispatchEvent(new Event('x'));
console.log(log.join(', '));

// Event state during and after dispatch, and re-dispatch errors.
var event = new Event('state', { bubbles: true, cancelable: false });
changing.addEventListener('state', function (e) {
    console.log('during: target is changing ' + (e.target === changing) + ', currentTarget ' + (e.currentTarget === changing)
        + ', phase ' + e.eventPhase + ', trusted ' + e.isTrusted + ', path ' + e.composedPath().length);
    try { changing.dispatchEvent(e); } catch (err) { console.log('re-dispatch: ' + err.name); }
});
changing.dispatchEvent(event);
console.log('after: target kept ' + (event.target === changing) + ', currentTarget ' + event.currentTarget + ', phase ' + event.eventPhase);
try { changing.dispatchEvent({}); } catch (err) { console.log('non-event: ' + err.name); }
try { Event('x'); } catch (err) { console.log('Event without new: ' + err.name); }
var progress = new ProgressEvent('progress', { lengthComputable: true, loaded: 5, total: 10 });
console.log(progress instanceof Event, progress.loaded, progress.total, progress.lengthComputable, Event.AT_TARGET, event.BUBBLING_PHASE);
var custom = new CustomEvent('c', { detail: { answer: 42 } });
console.log('CustomEvent detail ' + custom.detail.answer + ' ' + (custom instanceof Event));
