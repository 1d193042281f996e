// The first seed article: the request is made after step 1, the script goes on to step 2, and
// the response handler runs afterwards as a task: step 1, step 2, step 3.
var xhr = new XMLHttpRequest();
xhr.open('GET', '/delay/50', true);
xhr.onload = function () {
    console.log('step 3', xhr.status, xhr.responseText);
};
xhr.send();
console.log('step 1');
console.log('step 2');
