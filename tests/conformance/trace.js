//! trace: task: networking, task: timer, connect, request, headers, body
// --trace writes the main thread's tasks and each request's network phases.
var xhr = new XMLHttpRequest();
xhr.open('GET', '/bytes/100');
xhr.onload = function () { setTimeout(function () { console.log('done ' + xhr.responseText.length); }, 1); };
xhr.send();
