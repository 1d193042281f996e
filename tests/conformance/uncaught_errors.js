//! exit: 1
//! stderr: Uncaught TypeError: not handled
//! stderr: Uncaught (in promise) Error: rejected and not handled
// Uncaught exceptions fire `error` at the global object, and are reported unless canceled;
// unhandled rejections fire `unhandledrejection`. Either one reported makes the exit status 1.
var seen = [];
self.addEventListener('error', function (event) {
    console.log('error event: ' + event.message + ' | ' + (event.error instanceof Error) + ' | ' + (event instanceof ErrorEvent)
        + ' | lineno>0 ' + (event.lineno > 0) + ' | trusted ' + event.isTrusted);
    if (event.error && event.error.message === 'handled') event.preventDefault();
});
onerror = function (message, source, lineno, colno, error) {
    console.log('onerror: ' + message + ' (' + typeof lineno + ')');
    return error && error.message === 'handled by onerror';
};
setTimeout(function () { throw new Error('handled'); }, 0);
setTimeout(function () { throw new Error('handled by onerror'); }, 1);
setTimeout(function () { throw new TypeError('not handled'); }, 2);
setTimeout(function () {
    self.addEventListener('unhandledrejection', function (event) {
        console.log('unhandledrejection: ' + event.reason.message + ' ' + (event.promise instanceof Promise) + ' ' + event.cancelable);
        if (event.reason.message === 'rejected, handled by the event') event.preventDefault();
    });
    self.addEventListener('rejectionhandled', function (event) {
        console.log('rejectionhandled: ' + event.reason.message);
    });
    Promise.reject(new Error('rejected, handled by the event'));
    Promise.reject(new Error('rejected and not handled'));
    var late = Promise.reject(new Error('handled late'));
    setTimeout(function () { late.catch(function () { console.log('caught late'); }); }, 20);
    Promise.reject(new Error('handled in time')).catch(function (e) { console.log('caught in time: ' + e.message); });
}, 10);
