// open() from a listener replaces the request: nothing from the old one reaches script.
var xhr = new XMLHttpRequest();
var reopened = false;
xhr.onreadystatechange = function () {
    console.log('readystatechange ' + xhr.readyState + ' ' + xhr.responseURL.replace(location.origin, ''));
    if (xhr.readyState === 3 && !reopened) {
        reopened = true;
        xhr.open('GET', '/bytes/3');
        xhr.send();
    }
};
xhr.onload = function () { console.log('load ' + xhr.responseText); };
xhr.open('GET', '/drip?chunks=3&interval=100&size=2');
xhr.send();
