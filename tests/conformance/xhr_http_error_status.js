// An HTTP error status is not a network error: load fires, with the status and body.
var xhr = new XMLHttpRequest();
['readystatechange', 'load', 'error', 'loadend'].forEach(function (type) {
    xhr.addEventListener(type, function () { console.log(type + ' ' + xhr.readyState + ' ' + xhr.status); });
});
xhr.open('GET', '/status/404?text=Gone%20Fishing&body=nothing%20here');
xhr.onload = function () { console.log(xhr.statusText + ': ' + xhr.responseText); };
xhr.send();
