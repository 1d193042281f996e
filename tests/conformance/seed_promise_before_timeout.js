// The second seed article: a promise reaction (a microtask) runs before a 0 ms timer (a task).
setTimeout(function () {
    console.log('setTimeout function executed');
}, 0);
new Promise(function (resolve, reject) {
    resolve('Promise resolved');
}).then(function (res) { console.log(res); })
  .catch(function (err) { console.log(err); });
