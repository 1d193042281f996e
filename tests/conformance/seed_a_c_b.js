// The third seed article: a 0 ms timeout still waits for the synchronous code: A, C, B.
console.log('A');
setTimeout(function () { console.log('B'); }, 0);
console.log('C');
