//! args: --timeout 1
//! exit: 124
//! stderr: duknet: timed out after 1 s
// `--timeout SECONDS` ends a run that is still going at the deadline with exit status 124, keeping
// what the script printed before (the last --timeout given wins over the harness's own).
console.log('started');
Promise.resolve().then(function () { console.log('microtask ran'); });
setTimeout(function () { console.log('short timer ran'); }, 10);
setTimeout(function () { console.log('the 10 s timer ran (wrong)'); }, 10000);
