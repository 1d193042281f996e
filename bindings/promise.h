// ECMAScript's Promise (https://tc39.es/ecma262/#sec-promise-objects), native: the constructor,
// its prototype and statics, the resolving functions, the jobs, and the calls to the HTML
// Standard's HostPromiseRejectionTracker (whose lists prelude.js keeps). Jobs run as microtasks of
// the Runtime's event loop. A promise's internal slots are hidden properties of the promise, out
// of script's reach.
//
// The functions below are for the other bindings: they make and settle promises of the original
// Promise (%Promise%), whatever script did to the global `Promise`.
// Thread: everything here runs on the Runtime's thread (the thread that owns the duk_context).
#pragma once

#include <duktape.h>

namespace duknet::bindings {

class Runtime;

// Defines the global Promise and puts the original Promise and Promise.resolve in the global
// stash, with the natives prelude.js's rejection tracking reads promises with. Runs before
// prelude.js, which must define `hostPromiseRejectionTracker` in the stash.
void install_promise(Runtime&);

// IsPromise(value): true for a promise of this heap (not for an object inheriting from one).
bool is_promise(duk_context*, duk_idx_t value);

// A promise capability settled from C++: push_new_promise() pushes a new pending promise;
// resolve_promise() and reject_promise() act as its resolve and reject functions would (a
// thenable is adopted, a rejection nobody handles is reported), the first call only. They do not
// throw, and run no script synchronously except a `then` getter of the resolution.
void push_new_promise(duk_context*);
void resolve_promise(duk_context*, duk_idx_t promise, duk_idx_t value);
void reject_promise(duk_context*, duk_idx_t promise, duk_idx_t reason);

// https://webidl.spec.whatwg.org/#a-promise-resolved-with and #a-promise-rejected-with: push a
// new promise resolved (possibly adopting a thenable) or rejected with the value at `index`.
void push_resolved_promise(duk_context*, duk_idx_t value);
void push_rejected_promise(duk_context*, duk_idx_t reason);

// https://webidl.spec.whatwg.org/#mark-a-promise-as-handled: its rejection is never reported.
void mark_promise_handled(duk_context*, duk_idx_t promise);

} // namespace duknet::bindings
