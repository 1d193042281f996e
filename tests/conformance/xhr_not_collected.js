// An XMLHttpRequest with a request in flight is not collected, even with no reference left.
(function () {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/delay/200');
    xhr.onload = function () { console.log('load ' + this.status + ' ' + this.responseText); };
    xhr.send();
})();
Duktape.gc();
setTimeout(function () { Duktape.gc(); }, 50);
