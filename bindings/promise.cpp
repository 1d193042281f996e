#include "bindings/promise.h"

#include "bindings/js.h"
#include "bindings/runtime.h"

#include <cstdint>
#include <string>

namespace duknet::bindings {

namespace {

// Internal slots (https://tc39.es/ecma262/#sec-properties-of-promise-instances), as hidden
// properties of the promise, all made when it is:
// - Brand: a pointer to the promise itself, so that an object inheriting these properties from
//   a promise is no promise;
// - State: [[PromiseState]] and [[PromiseIsHandled]] (the State enum below);
// - Result: [[PromiseResult]] once settled; while pending, [[PromiseFulfillReactions]] and
//   [[PromiseRejectReactions]] together: undefined, or an array of (capability's promise,
//   onFulfilled, onRejected) triples in the order they were added. A handler is a function,
//   undefined (empty), or `true`: a settling reaction of adopt_promise, whose "capability's
//   promise" is the promise it settles.
// They are written with DUK_DEFPROP_FORCE once made: Object.freeze() reaches hidden properties,
// not internal slots.
#define PROMISE_BRAND DUKNET_HIDDEN("PromiseBrand")
#define PROMISE_STATE DUKNET_HIDDEN("PromiseState")
#define PROMISE_RESULT DUKNET_HIDDEN("PromiseResult")

enum State : int {
    Pending = 0,
    Fulfilled = 1,
    Rejected = 2,
    StateMask = 3,
    IsHandled = 4,
    // Resolved through resolve_promise() or reject_promise(): their [[AlreadyResolved]].
    AlreadyResolvedFromNative = 8,
};

// Hidden properties of the built-in functions made for one promise.
#define FUNCTION_PROMISE DUKNET_HIDDEN("promise")       // resolving functions: their promise
#define FUNCTION_PARTNER DUKNET_HIDDEN("partner")       // the function holding [[AlreadyResolved]]
#define FUNCTION_ON_FINALLY DUKNET_HIDDEN("onFinally")  // finally's functions
#define FUNCTION_CONSTRUCTOR DUKNET_HIDDEN("C")
#define FUNCTION_VALUE DUKNET_HIDDEN("value")
#define FUNCTION_CAPABILITY DUKNET_HIDDEN("capability") // GetCapabilitiesExecutor, element functions
#define FUNCTION_INDEX DUKNET_HIDDEN("index")
// Records only natives reach: a capability, a combinator's shared state.
#define RECORD_PROMISE DUKNET_HIDDEN("promise")
#define RECORD_RESOLVE DUKNET_HIDDEN("resolve")
#define RECORD_REJECT DUKNET_HIDDEN("reject")
#define RECORD_VALUES DUKNET_HIDDEN("values")
#define RECORD_REMAINING DUKNET_HIDDEN("remaining")

// Flags in a function's magic, which script cannot freeze: [[AlreadyResolved]] of a pair of
// resolving functions (kept by the resolve function), [[AlreadyCalled]] of an element function.
constexpr duk_int_t magic_already_done = 0x100;

// The original Promise, its prototype and then(): reachable from the global stash, which keeps
// them.
struct Intrinsics {
    void* promise = nullptr;
    void* prototype = nullptr;
    void* then = nullptr; // %Promise.prototype.then%
};
thread_local Intrinsics t_intrinsics;

bool is_object(duk_context* ctx, duk_idx_t index)
{
    // typeof is "object" (not null) or "function": plain buffers and lightfuncs too.
    return duk_check_type_mask(ctx, index, DUK_TYPE_MASK_OBJECT | DUK_TYPE_MASK_BUFFER | DUK_TYPE_MASK_LIGHTFUNC);
}

bool is_intrinsic_promise_constructor(duk_context* ctx, duk_idx_t index)
{
    return duk_is_object(ctx, index) && duk_get_heapptr(ctx, index) == t_intrinsics.promise;
}

// Slots ---------------------------------------------------------------------------------------

int state_of(duk_context* ctx, duk_idx_t promise)
{
    duk_get_prop_literal(ctx, promise, PROMISE_STATE);
    int state = duk_get_int(ctx, -1);
    duk_pop(ctx);
    return state;
}

// Writes the value on the stack top (popped) to the slot `key` of the promise at the
// non-negative index `promise`.
#define WRITE_SLOT(ctx, promise, key) \
    do { \
        duk_push_literal((ctx), key); \
        duk_swap_top((ctx), -2); \
        duk_def_prop((ctx), (promise), DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_FORCE); \
    } while (0)

void write_state(duk_context* ctx, duk_idx_t promise, int state)
{
    promise = duk_normalize_index(ctx, promise);
    duk_push_int(ctx, state);
    WRITE_SLOT(ctx, promise, PROMISE_STATE);
}

// Pushes a new pending promise with the prototype on the stack top (replaced).
void make_promise_with_prototype(duk_context* ctx)
{
    duk_push_object(ctx);
    duk_swap_top(ctx, -2);
    duk_set_prototype(ctx, -2);
}

// Gives the new object at `promise` its slots (https://tc39.es/ecma262/#sec-promise-executor
// steps 4-7): [[PromiseState]] pending, no reactions, [[PromiseIsHandled]] false.
void initialize_promise(duk_context* ctx, duk_idx_t promise)
{
    promise = duk_normalize_index(ctx, promise);
    duk_push_pointer(ctx, duk_get_heapptr(ctx, promise));
    duk_put_prop_literal(ctx, promise, PROMISE_BRAND);
    duk_push_int(ctx, Pending);
    duk_put_prop_literal(ctx, promise, PROMISE_STATE);
    duk_push_undefined(ctx);
    duk_put_prop_literal(ctx, promise, PROMISE_RESULT);
}

// https://html.spec.whatwg.org/#the-hostpromiserejectiontracker-implementation, which
// prelude.js keeps with the lists it works on.
void host_promise_rejection_tracker(duk_context* ctx, duk_idx_t promise, const char* operation)
{
    promise = duk_normalize_index(ctx, promise);
    duk_push_global_stash(ctx);
    duk_get_prop_literal(ctx, -1, "hostPromiseRejectionTracker");
    duk_push_undefined(ctx);
    duk_dup(ctx, promise);
    duk_push_string(ctx, operation);
    // Only script of ours runs: nothing to report but running out of memory.
    duk_pcall_method(ctx, 2);
    duk_pop_2(ctx);
}

// Jobs ------------------------------------------------------------------------------------------

// Queues `run` with the values on the stack top (`count` of them, popped) as its job's data:
// https://html.spec.whatwg.org/#hostenqueuepromisejob queues a microtask. The data is retained
// until the job runs; if the event loop goes first, it goes with the heap.
template<void (*run)(duk_context*, duk_idx_t data, bool flag)>
void enqueue_job(duk_context* ctx, duk_idx_t count, bool flag)
{
    Runtime& runtime = Runtime::from(ctx);
    duk_push_bare_array(ctx);
    for (duk_idx_t i = 0; i < count; ++i) {
        duk_swap_top(ctx, -2);
        duk_put_prop_index(ctx, -2, duk_uarridx_t(count - 1 - i));
    }
    uint32_t id = runtime.retain(-1);
    duk_pop(ctx);
    runtime.event_loop().queue_microtask([&runtime, id, flag] {
        duk_context* ctx = runtime.context();
        runtime.push_retained(id);
        runtime.forget(id);
        run(ctx, duk_get_top_index(ctx), flag);
        duk_pop(ctx);
    });
}

void fulfill(duk_context*, duk_idx_t promise, duk_idx_t value);
void reject(duk_context*, duk_idx_t promise, duk_idx_t reason);
void resolve(duk_context*, duk_idx_t promise, duk_idx_t resolution);

// https://tc39.es/ecma262/#sec-newpromisereactionjob; data: [capability's promise, handler,
// argument] (a reaction's, see the slots above), `rejected` is the reaction's [[Type]].
void run_reaction_job(duk_context* ctx, duk_idx_t data, bool rejected)
{
    duk_get_prop_index(ctx, data, 0); // the capability's promise
    duk_idx_t promise = duk_get_top_index(ctx);
    duk_get_prop_index(ctx, data, 1);
    if (duk_is_boolean(ctx, -1)) {
        // A settling reaction (see adopt_promise): what the resolving function would do.
        duk_pop(ctx);
        duk_get_prop_index(ctx, data, 2);
        if (rejected)
            reject(ctx, promise, -1);
        else
            resolve(ctx, promise, -1);
        duk_pop_2(ctx);
        return;
    }
    bool threw;
    // 1.c. If handler is empty, then: fulfilled: NormalCompletion(argument), rejected:
    //      ThrowCompletion(argument).
    if (duk_is_undefined(ctx, -1)) {
        duk_pop(ctx);
        duk_get_prop_index(ctx, data, 2);
        threw = rejected;
    } else {
        // 1.d. Else, let handlerResult be Completion(HostCallJobCallback(handler, undefined,
        //      « argument »)).
        duk_push_undefined(ctx);
        duk_get_prop_index(ctx, data, 2);
        threw = !Runtime::from(ctx).try_call(1);
    }
    // 1.e. If promiseCapability is undefined, then return.
    // 1.f-g. If handlerResult is an abrupt completion, Call(promiseCapability.[[Reject]], ...);
    //        else Call(promiseCapability.[[Resolve]], ...). The capability is %Promise%'s, whose
    //        resolving functions nobody else has: they are called by what they do.
    if (threw)
        reject(ctx, promise, -1);
    else
        resolve(ctx, promise, -1);
    duk_pop_2(ctx);
}

// https://tc39.es/ecma262/#sec-triggerpromisereactions: `reactions` is the triples array (or
// undefined).
void trigger_reactions(duk_context* ctx, duk_idx_t reactions, duk_idx_t argument, bool rejected)
{
    if (duk_is_undefined(ctx, reactions))
        return;
    reactions = duk_normalize_index(ctx, reactions);
    argument = duk_normalize_index(ctx, argument);
    duk_uarridx_t length = duk_uarridx_t(duk_get_length(ctx, reactions));
    // 1. For each element reaction of reactions, do: NewPromiseReactionJob, HostEnqueuePromiseJob.
    for (duk_uarridx_t i = 0; i + 2 < length; i += 3) {
        duk_get_prop_index(ctx, reactions, i);
        duk_get_prop_index(ctx, reactions, i + (rejected ? 2 : 1));
        duk_dup(ctx, argument);
        enqueue_job<run_reaction_job>(ctx, 3, rejected);
    }
}

// https://tc39.es/ecma262/#sec-fulfillpromise and #sec-rejectpromise.
void settle(duk_context* ctx, duk_idx_t promise, duk_idx_t value, State outcome)
{
    promise = duk_normalize_index(ctx, promise);
    value = duk_normalize_index(ctx, value);
    int state = state_of(ctx, promise);
    // 1. Assert: The value of promise.[[PromiseState]] is pending.
    if ((state & StateMask) != Pending)
        return;
    // 2. Let reactions be promise.[[PromiseFulfillReactions]] (or [[PromiseRejectReactions]]).
    duk_get_prop_literal(ctx, promise, PROMISE_RESULT);
    // 3-6. Set promise.[[PromiseResult]] to value, the reactions to undefined, and
    //      promise.[[PromiseState]] to fulfilled (rejected).
    duk_dup(ctx, value);
    WRITE_SLOT(ctx, promise, PROMISE_RESULT);
    write_state(ctx, promise, (state & ~StateMask) | outcome);
    // RejectPromise 7. If promise.[[PromiseIsHandled]] is false, perform
    //                  HostPromiseRejectionTracker(promise, "reject").
    if (outcome == Rejected && !(state & IsHandled))
        host_promise_rejection_tracker(ctx, promise, "reject");
    // 7 (8). Perform TriggerPromiseReactions(reactions, value).
    trigger_reactions(ctx, -1, value, outcome == Rejected);
    duk_pop(ctx);
}

void fulfill(duk_context* ctx, duk_idx_t promise, duk_idx_t value)
{
    settle(ctx, promise, value, Fulfilled);
}

void reject(duk_context* ctx, duk_idx_t promise, duk_idx_t reason)
{
    settle(ctx, promise, reason, Rejected);
}

duk_ret_t get_then(duk_context* ctx, void*)
{
    duk_get_prop_literal(ctx, -1, "then");
    return 1;
}

// https://tc39.es/ecma262/#sec-newpromiseresolvethenablejob; data: [promiseToResolve, thenable,
// then].
void run_thenable_job(duk_context*, duk_idx_t data, bool);

void push_resolving_functions(duk_context*, duk_idx_t promise);

// https://tc39.es/ecma262/#sec-promise-resolve-functions steps 7-16: what a resolve function
// does once it is not already resolved.
void resolve(duk_context* ctx, duk_idx_t promise, duk_idx_t resolution)
{
    promise = duk_normalize_index(ctx, promise);
    resolution = duk_normalize_index(ctx, resolution);
    // 7. If SameValue(resolution, promise) is true, then let selfResolutionError be a newly
    //    created TypeError object and return RejectPromise(promise, selfResolutionError).
    if (duk_samevalue(ctx, resolution, promise)) {
        duk_push_error_object(ctx, DUK_ERR_TYPE_ERROR, "Chaining cycle detected for promise");
        reject(ctx, promise, -1);
        duk_pop(ctx);
        return;
    }
    // 8. If resolution is not an Object, then return FulfillPromise(promise, resolution).
    if (!is_object(ctx, resolution))
        return fulfill(ctx, promise, resolution);
    // 9. Let then be Completion(Get(resolution, "then")).
    duk_dup(ctx, resolution);
    if (duk_safe_call(ctx, get_then, nullptr, 1, 1) != DUK_EXEC_SUCCESS) {
        // 10. If then is an abrupt completion, then return RejectPromise(promise, then.[[Value]]).
        reject(ctx, promise, -1);
    } else if (!duk_is_callable(ctx, -1)) {
        // 12. If IsCallable(thenAction) is false, then return FulfillPromise(promise, resolution).
        fulfill(ctx, promise, resolution);
    } else {
        // 13-15. Let job be NewPromiseResolveThenableJob(promise, resolution, thenJobCallback);
        //        perform HostEnqueuePromiseJob(job.[[Job]], job.[[Realm]]).
        duk_dup(ctx, promise);
        duk_dup(ctx, resolution);
        duk_dup(ctx, -3);
        enqueue_job<run_thenable_job>(ctx, 3, false);
    }
    duk_pop(ctx);
}

void adopt_promise(duk_context* ctx, duk_idx_t promise_to_resolve, duk_idx_t thenable);

void run_thenable_job(duk_context* ctx, duk_idx_t data, bool)
{
    duk_get_prop_index(ctx, data, 2);
    bool then_is_intrinsic = duk_get_heapptr(ctx, -1) == t_intrinsics.then;
    duk_pop(ctx);
    if (then_is_intrinsic) {
        duk_get_prop_index(ctx, data, 0);
        duk_get_prop_index(ctx, data, 1);
        if (is_promise(ctx, -1)) {
            adopt_promise(ctx, -2, -1);
            duk_pop_2(ctx);
            return;
        }
        duk_pop_2(ctx);
    }
    // 1.a. Let resolvingFunctions be CreateResolvingFunctions(promiseToResolve).
    duk_get_prop_index(ctx, data, 0);
    push_resolving_functions(ctx, -1);
    // 1.b. Let thenCallResult be Completion(HostCallJobCallback(then, thenable,
    //      « resolvingFunctions.[[Resolve]], resolvingFunctions.[[Reject]] »)).
    duk_get_prop_index(ctx, data, 2);
    duk_get_prop_index(ctx, data, 1);
    duk_dup(ctx, -4);
    duk_dup(ctx, -4);
    if (!Runtime::from(ctx).try_call(2)) {
        // 1.c. If thenCallResult is an abrupt completion, then return
        //      ? Call(resolvingFunctions.[[Reject]], undefined, « thenCallResult.[[Value]] »).
        duk_dup(ctx, -2);
        duk_push_undefined(ctx);
        duk_dup(ctx, -3);
        duk_pcall_method(ctx, 1);
        duk_pop(ctx);
    }
    duk_pop_n(ctx, 4);
}

// Resolving functions (https://tc39.es/ecma262/#sec-createresolvingfunctions) ------------------
// The magic tells them apart; the resolve function keeps [[AlreadyResolved]] for both.
enum ResolvingFunction : duk_int_t { ResolveFunction = 0, RejectFunction = 1 };

duk_ret_t resolving_function(duk_context* ctx)
{
    duk_push_current_function(ctx);
    // 1-3. Let F be the active function object, promise be F.[[Promise]], alreadyResolved be
    //      F.[[AlreadyResolved]].
    bool is_reject = (duk_get_magic(ctx, -1) & 0xFF) == RejectFunction;
    if (is_reject) {
        duk_get_prop_literal(ctx, -1, FUNCTION_PARTNER);
        duk_remove(ctx, -2);
    }
    duk_idx_t holder = duk_get_top_index(ctx);
    duk_int_t magic = duk_get_magic(ctx, holder);
    // 4. If alreadyResolved.[[Value]] is true, return undefined.
    if (magic & magic_already_done)
        return 0;
    // 5. Set alreadyResolved.[[Value]] to true.
    duk_set_magic(ctx, holder, magic | magic_already_done);
    duk_get_prop_literal(ctx, holder, FUNCTION_PROMISE);
    if (is_reject)
        // Reject 6. Perform RejectPromise(promise, reason).
        reject(ctx, -1, 0);
    else
        resolve(ctx, -1, 0);
    return 0;
}

// Pushes the resolve and reject functions of the promise at `promise`.
void push_resolving_functions(duk_context* ctx, duk_idx_t promise)
{
    promise = duk_normalize_index(ctx, promise);
    // 1. Let alreadyResolved be the Record { [[Value]]: false }.
    // 3-4. Let resolve be CreateBuiltinFunction(...); set resolve.[[Promise]] to promise.
    duk_push_c_function(ctx, resolving_function, 1);
    duk_set_magic(ctx, -1, ResolveFunction);
    duk_dup(ctx, promise);
    duk_put_prop_literal(ctx, -2, FUNCTION_PROMISE);
    // 5-9. Let reject be CreateBuiltinFunction(...), with the same promise and alreadyResolved.
    duk_push_c_function(ctx, resolving_function, 1);
    duk_set_magic(ctx, -1, RejectFunction);
    duk_dup(ctx, -2);
    duk_put_prop_literal(ctx, -2, FUNCTION_PARTNER);
}

// Promise capabilities ---------------------------------------------------------------------------

// https://tc39.es/ecma262/#sec-getcapabilitiesexecutor-functions
duk_ret_t get_capabilities_executor(duk_context* ctx)
{
    duk_push_current_function(ctx);
    duk_get_prop_literal(ctx, -1, FUNCTION_CAPABILITY);
    // 4. If promiseCapability.[[Resolve]] is not undefined, throw a TypeError exception.
    // 5. If promiseCapability.[[Reject]] is not undefined, throw a TypeError exception.
    duk_get_prop_literal(ctx, -1, RECORD_RESOLVE);
    duk_get_prop_literal(ctx, -2, RECORD_REJECT);
    if (!duk_is_undefined(ctx, -1) || !duk_is_undefined(ctx, -2))
        throw_type_error(ctx, "Promise executor has already been invoked");
    duk_pop_2(ctx);
    // 6-7. Set promiseCapability.[[Resolve]] to resolve, [[Reject]] to reject.
    duk_dup(ctx, 0);
    duk_put_prop_literal(ctx, -2, RECORD_RESOLVE);
    duk_dup(ctx, 1);
    duk_put_prop_literal(ctx, -2, RECORD_REJECT);
    return 0;
}

// https://tc39.es/ecma262/#sec-newpromisecapability: pushes the capability's promise, resolve
// and reject.
void push_promise_capability(duk_context* ctx, duk_idx_t constructor)
{
    // For %Promise% nothing of the steps below is observable: they amount to this.
    if (is_intrinsic_promise_constructor(ctx, constructor)) {
        push_new_promise(ctx);
        push_resolving_functions(ctx, -1);
        return;
    }
    constructor = duk_normalize_index(ctx, constructor);
    // 1. If IsConstructor(C) is false, throw a TypeError exception.
    if (!duk_is_function(ctx, constructor))
        throw_type_error(ctx, "Promise capability constructor is not a constructor");
    // 3. Let resolvingFunctions be the Record { [[Resolve]]: undefined, [[Reject]]: undefined }.
    duk_push_bare_object(ctx);
    duk_idx_t record = duk_get_top_index(ctx);
    // 4-5. Let executor be CreateBuiltinFunction(executorClosure, 2, "", « »).
    duk_dup(ctx, constructor);
    duk_push_c_function(ctx, get_capabilities_executor, 2);
    duk_dup(ctx, record);
    duk_put_prop_literal(ctx, -2, FUNCTION_CAPABILITY);
    // 6. Let promise be ? Construct(C, « executor »).
    duk_new(ctx, 1);
    // 7-8. If IsCallable(resolvingFunctions.[[Resolve]]) (or [[Reject]]) is false, throw a
    //      TypeError exception.
    duk_get_prop_literal(ctx, record, RECORD_RESOLVE);
    duk_get_prop_literal(ctx, record, RECORD_REJECT);
    if (!duk_is_callable(ctx, -1) || !duk_is_callable(ctx, -2))
        throw_type_error(ctx, "Promise resolve or reject function is not callable");
    duk_remove(ctx, record);
}

// Calls the capability function at `function` with the value at `value`; leaves nothing.
void call_capability_function(duk_context* ctx, duk_idx_t function, duk_idx_t value)
{
    value = duk_normalize_index(ctx, value);
    duk_dup(ctx, function);
    duk_push_undefined(ctx);
    duk_dup(ctx, value);
    duk_call_method(ctx, 1);
    duk_pop(ctx);
}

// https://tc39.es/ecma262/#sec-promise-resolve: pushes PromiseResolve(C, x).
void push_promise_resolve(duk_context* ctx, duk_idx_t constructor, duk_idx_t x)
{
    constructor = duk_normalize_index(ctx, constructor);
    x = duk_normalize_index(ctx, x);
    // 1. If IsPromise(x) is true, then
    if (is_promise(ctx, x)) {
        // a. Let xConstructor be ? Get(x, "constructor").
        // b. If SameValue(xConstructor, C) is true, return x.
        duk_get_prop_literal(ctx, x, "constructor");
        bool same = duk_samevalue(ctx, -1, constructor);
        duk_pop(ctx);
        if (same) {
            duk_dup(ctx, x);
            return;
        }
    }
    if (is_intrinsic_promise_constructor(ctx, constructor)) {
        push_new_promise(ctx);
        resolve(ctx, -1, x);
        return;
    }
    // 2. Let promiseCapability be ? NewPromiseCapability(C).
    push_promise_capability(ctx, constructor);
    // 3. Perform ? Call(promiseCapability.[[Resolve]], undefined, « x »).
    call_capability_function(ctx, -2, x);
    // 4. Return promiseCapability.[[Promise]].
    duk_pop_2(ctx);
}

// https://tc39.es/ecma262/#sec-speciesconstructor, as far as this Promise goes: the default
// constructor, once `constructor` is undefined or an object.
void check_species_constructor(duk_context* ctx, duk_idx_t object)
{
    // 1. Let C be ? Get(O, "constructor").
    duk_get_prop_literal(ctx, object, "constructor");
    // 2. If C is undefined, return defaultConstructor.
    // 3. If C is not an Object, throw a TypeError exception.
    if (!duk_is_undefined(ctx, -1) && !is_object(ctx, -1))
        throw_type_error(ctx, "object.constructor is not an object");
    duk_pop(ctx);
}

void add_reactions(duk_context*, duk_idx_t promise, duk_idx_t derived);

// https://tc39.es/ecma262/#sec-performpromisethen, with %Promise%'s capability whose promise is
// at `derived`.
void perform_promise_then(duk_context* ctx, duk_idx_t promise, duk_idx_t on_fulfilled, duk_idx_t on_rejected, duk_idx_t derived)
{
    promise = duk_normalize_index(ctx, promise);
    derived = duk_normalize_index(ctx, derived);
    // 3-4. If IsCallable(onFulfilled) (onRejected) is false, set it to empty.
    auto push_handler = [&](duk_idx_t handler) {
        if (duk_is_callable(ctx, handler))
            duk_dup(ctx, handler);
        else
            duk_push_undefined(ctx);
    };
    push_handler(on_fulfilled);
    push_handler(on_rejected);
    add_reactions(ctx, promise, derived);
}

// PerformPromiseThen steps 5-12 with the two handlers on the stack top (popped), each callable,
// undefined (empty) or a settling marker; `promise` and `derived` are absolute indices below them.
void add_reactions(duk_context* ctx, duk_idx_t promise, duk_idx_t derived)
{
    duk_idx_t fulfill_handler = duk_get_top_index(ctx) - 1;
    int state = state_of(ctx, promise);
    switch (state & StateMask) {
    case Pending:
        // 9. If promise.[[PromiseState]] is pending, append fulfillReaction and rejectReaction.
        duk_get_prop_literal(ctx, promise, PROMISE_RESULT);
        if (!duk_is_object(ctx, -1)) {
            duk_pop(ctx);
            duk_push_bare_array(ctx);
            duk_dup_top(ctx);
            WRITE_SLOT(ctx, promise, PROMISE_RESULT);
        }
        {
            duk_uarridx_t length = duk_uarridx_t(duk_get_length(ctx, -1));
            duk_dup(ctx, derived);
            duk_put_prop_index(ctx, -2, length);
            duk_dup(ctx, fulfill_handler);
            duk_put_prop_index(ctx, -2, length + 1);
            duk_dup(ctx, fulfill_handler + 1);
            duk_put_prop_index(ctx, -2, length + 2);
        }
        duk_pop(ctx);
        break;
    case Fulfilled:
        // 10. Else if promise.[[PromiseState]] is fulfilled, then
        //     a. Let value be promise.[[PromiseResult]].
        //     b-c. Let fulfillJob be NewPromiseReactionJob(fulfillReaction, value); perform
        //          HostEnqueuePromiseJob(fulfillJob.[[Job]], fulfillJob.[[Realm]]).
        duk_dup(ctx, derived);
        duk_dup(ctx, fulfill_handler);
        duk_get_prop_literal(ctx, promise, PROMISE_RESULT);
        enqueue_job<run_reaction_job>(ctx, 3, false);
        break;
    default:
        // 11. Else, a. Assert: The value of promise.[[PromiseState]] is rejected.
        //     c. If promise.[[PromiseIsHandled]] is false, perform
        //        HostPromiseRejectionTracker(promise, "handle").
        if (!(state & IsHandled))
            host_promise_rejection_tracker(ctx, promise, "handle");
        //     d-e. Let rejectJob be NewPromiseReactionJob(rejectReaction, reason); perform
        //          HostEnqueuePromiseJob(rejectJob.[[Job]], rejectJob.[[Realm]]).
        duk_dup(ctx, derived);
        duk_dup(ctx, fulfill_handler + 1);
        duk_get_prop_literal(ctx, promise, PROMISE_RESULT);
        enqueue_job<run_reaction_job>(ctx, 3, true);
        break;
    }
    // 12. Set promise.[[PromiseIsHandled]] to true.
    if (!(state & IsHandled))
        write_state(ctx, promise, state | IsHandled);
    duk_pop_2(ctx);
}

duk_ret_t check_species_constructor_safely(duk_context* ctx, void*)
{
    check_species_constructor(ctx, -1);
    return 0;
}

// NewPromiseResolveThenableJob's steps 1.a-c when then is %Promise.prototype.then% and the
// thenable a promise. The resolving functions would only ever be called by the reactions then()
// adds, so the reactions settle promiseToResolve themselves (a `true` marker for handlers), and
// the promise then() would return, which no one can reach, is not made. What script sees is the
// same: then()'s read of thenable.constructor, the order of jobs, the thenable handled.
void adopt_promise(duk_context* ctx, duk_idx_t promise_to_resolve, duk_idx_t thenable)
{
    promise_to_resolve = duk_normalize_index(ctx, promise_to_resolve);
    thenable = duk_normalize_index(ctx, thenable);
    // then() 3. Let C be ? SpeciesConstructor(promise, %Promise%).
    duk_dup(ctx, thenable);
    if (duk_safe_call(ctx, check_species_constructor_safely, nullptr, 1, 1) != DUK_EXEC_SUCCESS) {
        // 1.c. If thenCallResult is an abrupt completion: the reject function's steps.
        reject(ctx, promise_to_resolve, -1);
        duk_pop(ctx);
        return;
    }
    duk_pop(ctx);
    // then() 5. PerformPromiseThen(promise, resolve, reject, ...).
    duk_push_true(ctx);
    duk_push_true(ctx);
    add_reactions(ctx, thenable, promise_to_resolve);
}

// Invoke(V, "then", « the `count` values on the stack top ») in place of V and those values.
void invoke_then(duk_context* ctx, duk_idx_t count)
{
    duk_idx_t receiver = duk_get_top(ctx) - count - 1;
    duk_push_literal(ctx, "then");
    duk_insert(ctx, receiver + 1);
    duk_call_prop(ctx, receiver, count);
    duk_remove(ctx, receiver);
}

// The constructor and prototype ------------------------------------------------------------------

// https://tc39.es/ecma262/#sec-promise-executor
duk_ret_t promise_constructor(duk_context* ctx)
{
    // 1. If NewTarget is undefined, throw a TypeError exception.
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Promise constructor cannot be invoked without 'new'");
    // 2. If IsCallable(executor) is false, throw a TypeError exception.
    if (!duk_is_callable(ctx, 0)) {
        duk_push_global_stash(ctx);
        duk_get_prop_literal(ctx, -1, DUKNET_HIDDEN("String"));
        duk_dup(ctx, 0);
        duk_call(ctx, 1);
        throw_type_error(ctx, std::string("Promise resolver ") + duk_get_string(ctx, -1) + " is not a function");
    }
    // 3-7. Let promise be ? OrdinaryCreateFromConstructor(NewTarget, "%Promise.prototype%", ...),
    //      its state pending, no reactions, [[PromiseIsHandled]] false.
    duk_push_this(ctx);
    initialize_promise(ctx, -1);
    // 8. Let resolvingFunctions be CreateResolvingFunctions(promise).
    push_resolving_functions(ctx, -1);
    // 9. Let completion be Completion(Call(executor, undefined, « resolvingFunctions.[[Resolve]],
    //    resolvingFunctions.[[Reject]] »)).
    duk_dup(ctx, 0);
    duk_push_undefined(ctx);
    duk_dup(ctx, -4);
    duk_dup(ctx, -4);
    if (!Runtime::from(ctx).try_call(2)) {
        // 10. If completion is an abrupt completion, then perform
        //     ? Call(resolvingFunctions.[[Reject]], undefined, « completion.[[Value]] »).
        call_capability_function(ctx, -2, -1);
    }
    // 11. Return promise.
    return 0;
}

// https://tc39.es/ecma262/#sec-promise.prototype.then
duk_ret_t promise_then(duk_context* ctx)
{
    // 1. Let promise be the this value.
    duk_push_this(ctx);
    // 2. If IsPromise(promise) is false, throw a TypeError exception.
    if (!is_promise(ctx, 2))
        throw_type_error(ctx, "Method Promise.prototype.then called on incompatible receiver");
    // 3. Let C be ? SpeciesConstructor(promise, %Promise%).
    check_species_constructor(ctx, 2);
    // 4. Let resultCapability be ? NewPromiseCapability(C).
    push_new_promise(ctx);
    // 5. Return PerformPromiseThen(promise, onFulfilled, onRejected, resultCapability).
    perform_promise_then(ctx, 2, 0, 1, 3);
    return 1;
}

// https://tc39.es/ecma262/#sec-promise.prototype.catch
duk_ret_t promise_catch(duk_context* ctx)
{
    // 1-2. Return ? Invoke(promise, "then", « undefined, onRejected »).
    duk_push_this(ctx);
    duk_push_undefined(ctx);
    duk_dup(ctx, 0);
    invoke_then(ctx, 2);
    return 1;
}

// The functions Promise.prototype.finally makes, told apart by their magic.
enum FinallyFunction : duk_int_t { ThenFinally, CatchFinally, ReturnValue, ThrowReason };

duk_ret_t finally_function(duk_context* ctx)
{
    duk_push_current_function(ctx);
    duk_idx_t self = duk_get_top_index(ctx);
    auto kind = FinallyFunction(duk_get_magic(ctx, self));
    if (kind == ReturnValue || kind == ThrowReason) {
        // Step 6.a.iii.1 (6.b.iii.1): return value (throw reason).
        duk_get_prop_literal(ctx, self, FUNCTION_VALUE);
        if (kind == ThrowReason)
            duk_throw(ctx);
        return 1;
    }
    // 6.a.i (6.b.i). Let result be ? Call(onFinally, undefined).
    duk_get_prop_literal(ctx, self, FUNCTION_ON_FINALLY);
    duk_push_undefined(ctx);
    duk_call_method(ctx, 0);
    // 6.a.ii (6.b.ii). Let p be ? PromiseResolve(C, result).
    duk_get_prop_literal(ctx, self, FUNCTION_CONSTRUCTOR);
    push_promise_resolve(ctx, -1, -2);
    // 6.a.iii-iv (6.b.iii-iv). Let returnValue (thrower) be CreateBuiltinFunction(...).
    duk_push_c_function(ctx, finally_function, 0);
    duk_set_magic(ctx, -1, kind == ThenFinally ? ReturnValue : ThrowReason);
    duk_dup(ctx, 0);
    duk_put_prop_literal(ctx, -2, FUNCTION_VALUE);
    // 6.a.v (6.b.v). Return ? Invoke(p, "then", « returnValue » (« thrower »)).
    invoke_then(ctx, 1);
    return 1;
}

// https://tc39.es/ecma262/#sec-promise.prototype.finally
duk_ret_t promise_finally(duk_context* ctx)
{
    // 1. Let promise be the this value.
    duk_push_this(ctx);
    // 2. If promise is not an Object, throw a TypeError exception.
    if (!is_object(ctx, 1))
        throw_type_error(ctx, "Method Promise.prototype.finally called on a non-object");
    // 3. Let C be ? SpeciesConstructor(promise, %Promise%).
    check_species_constructor(ctx, 1);
    duk_push_heapptr(ctx, t_intrinsics.promise);
    if (!duk_is_callable(ctx, 0)) {
        // 5. If IsCallable(onFinally) is false, then let thenFinally and catchFinally be onFinally.
        duk_dup(ctx, 1);
        duk_dup(ctx, 0);
        duk_dup(ctx, 0);
    } else {
        // 6. Else, let thenFinally and catchFinally be CreateBuiltinFunction(...) closing over
        //    onFinally and C.
        duk_dup(ctx, 1);
        for (duk_int_t kind : { ThenFinally, CatchFinally }) {
            duk_push_c_function(ctx, finally_function, 1);
            duk_set_magic(ctx, -1, kind);
            duk_dup(ctx, 0);
            duk_put_prop_literal(ctx, -2, FUNCTION_ON_FINALLY);
            duk_dup(ctx, 2);
            duk_put_prop_literal(ctx, -2, FUNCTION_CONSTRUCTOR);
        }
    }
    // 7. Return ? Invoke(promise, "then", « thenFinally, catchFinally »).
    invoke_then(ctx, 2);
    return 1;
}

// The statics ----------------------------------------------------------------------------------

// https://tc39.es/ecma262/#sec-promise.resolve
duk_ret_t promise_resolve_static(duk_context* ctx)
{
    // 1. Let C be the this value.
    duk_push_this(ctx);
    // 2. If C is not an Object, throw a TypeError exception.
    if (!is_object(ctx, 1))
        throw_type_error(ctx, "PromiseResolve called on non-object");
    // 3. Return ? PromiseResolve(C, x).
    push_promise_resolve(ctx, 1, 0);
    return 1;
}

// https://tc39.es/ecma262/#sec-promise.reject
duk_ret_t promise_reject_static(duk_context* ctx)
{
    // 1. Let C be the this value.
    duk_push_this(ctx);
    if (is_intrinsic_promise_constructor(ctx, 1)) {
        push_new_promise(ctx);
        reject(ctx, -1, 0);
        return 1;
    }
    // 2. Let promiseCapability be ? NewPromiseCapability(C).
    push_promise_capability(ctx, 1);
    // 3. Perform ? Call(promiseCapability.[[Reject]], undefined, « r »).
    call_capability_function(ctx, -1, 0);
    // 4. Return promiseCapability.[[Promise]].
    duk_pop_2(ctx);
    return 1;
}

// Promise.all, allSettled, race and any ------------------------------------------------------------

enum Combinator : duk_int_t { All, AllSettled, Race, Any };

// The element functions, told apart by their magic (below magic_already_done).
enum ElementFunction : duk_int_t { AllResolveElement, AllSettledResolveElement, AllSettledRejectElement, AnyRejectElement };

// Pushes a new AggregateError of the errors at `errors`, as Promise.any makes it.
void push_aggregate_error(duk_context* ctx, duk_idx_t errors)
{
    errors = duk_normalize_index(ctx, errors);
    duk_get_global_literal(ctx, "AggregateError");
    duk_dup(ctx, errors);
    duk_push_literal(ctx, "All promises were rejected");
    duk_new(ctx, 2);
}

// https://tc39.es/ecma262/#sec-promise.all-resolve-element-functions,
// #sec-promise.allsettled-resolve-element-functions, #sec-promise.allsettled-reject-element-functions
// and #sec-promise.any-reject-element-functions.
duk_ret_t element_function(duk_context* ctx)
{
    // 1. Let F be the active function object.
    duk_push_current_function(ctx);
    auto kind = ElementFunction(duk_get_magic(ctx, -1) & 0xFF);
    // allSettled's reject element shares [[AlreadyCalled]] with its resolve element.
    if (kind == AllSettledRejectElement) {
        duk_get_prop_literal(ctx, -1, FUNCTION_PARTNER);
        duk_remove(ctx, -2);
    }
    duk_idx_t holder = duk_get_top_index(ctx);
    duk_int_t magic = duk_get_magic(ctx, holder);
    // 2. If F.[[AlreadyCalled]] is true, return undefined.
    if (magic & magic_already_done)
        return 0;
    // 3. Set F.[[AlreadyCalled]] to true.
    duk_set_magic(ctx, holder, magic | magic_already_done);
    // 4-7. Let index, values, promiseCapability and remainingElementsCount be F's.
    duk_get_prop_literal(ctx, holder, FUNCTION_INDEX);
    auto index = duk_uarridx_t(duk_get_uint(ctx, -1));
    duk_get_prop_literal(ctx, holder, FUNCTION_CAPABILITY);
    duk_idx_t record = duk_get_top_index(ctx);
    duk_get_prop_literal(ctx, record, RECORD_VALUES);
    // 8. Set values[index] to x (allSettled: an object of its status and value or reason).
    if (kind == AllSettledResolveElement || kind == AllSettledRejectElement) {
        duk_push_object(ctx);
        duk_push_string(ctx, kind == AllSettledResolveElement ? "fulfilled" : "rejected");
        duk_put_prop_literal(ctx, -2, "status");
        duk_dup(ctx, 0);
        duk_put_prop_string(ctx, -2, kind == AllSettledResolveElement ? "value" : "reason");
    } else {
        duk_dup(ctx, 0);
    }
    duk_put_prop_index(ctx, -2, index);
    // 9. Set remainingElementsCount.[[Value]] to remainingElementsCount.[[Value]] - 1.
    duk_get_prop_literal(ctx, record, RECORD_REMAINING);
    double remaining = duk_get_number(ctx, -1) - 1;
    duk_pop(ctx);
    duk_push_number(ctx, remaining);
    duk_put_prop_literal(ctx, record, RECORD_REMAINING);
    // 10. If remainingElementsCount.[[Value]] = 0, then
    if (remaining == 0) {
        if (kind == AnyRejectElement) {
            // a. Let error be a newly created AggregateError object, its errors the list.
            // c. Return ? Call(promiseCapability.[[Reject]], undefined, « error »).
            duk_get_prop_literal(ctx, record, RECORD_REJECT);
            push_aggregate_error(ctx, -2);
        } else {
            // a-b. Let valuesArray be CreateArrayFromList(values); return
            //      ? Call(promiseCapability.[[Resolve]], undefined, « valuesArray »).
            duk_get_prop_literal(ctx, record, RECORD_RESOLVE);
            duk_dup(ctx, -2);
        }
        duk_push_undefined(ctx);
        duk_swap_top(ctx, -2);
        duk_call_method(ctx, 1);
        return 1;
    }
    // 11. Return undefined.
    return 0;
}

// What a combinator goes through: an iterator (https://tc39.es/ecma262/#sec-getiterator), or,
// as Duktape's arrays and strings have no @@iterator, their elements by index, as for other
// array-likes.
struct Iteration {
    duk_idx_t object = 0; // the iterator, or the array-like
    duk_idx_t next = 0;   // the iterator's next method (undefined for an array-like)
    bool is_iterator = false;
    duk_uarridx_t index = 0;
    // [[Done]]: set while stepping, so that an abrupt completion of the step leaves it true.
    bool done = false;
};

// Pushes the iteration's object and next method; the iterable is at `iterable`.
void open_iteration(duk_context* ctx, duk_idx_t iterable, Iteration& iteration)
{
    iterable = duk_normalize_index(ctx, iterable);
    if (duk_is_null_or_undefined(ctx, iterable))
        throw_type_error(ctx, std::string(duk_is_null(ctx, iterable) ? "null" : "undefined") + " is not iterable");
    bool array_like = duk_is_string(ctx, iterable) || duk_is_array(ctx, iterable);
    if (!array_like) {
        duk_get_prop_string(ctx, iterable, DUK_WELLKNOWN_SYMBOL("Symbol.iterator"));
        if (duk_is_callable(ctx, -1)) {
            // GetIteratorFromMethod: 1. Let iterator be ? Call(method, obj).
            duk_dup(ctx, iterable);
            duk_call_method(ctx, 0);
            // 2. If iterator is not an Object, throw a TypeError exception.
            if (!is_object(ctx, -1))
                throw_type_error(ctx, "Result of the Symbol.iterator method is not an object");
            // 3. Let nextMethod be ? Get(iterator, "next").
            duk_get_prop_literal(ctx, -1, "next");
            iteration.is_iterator = true;
            iteration.object = duk_get_top_index(ctx) - 1;
            iteration.next = duk_get_top_index(ctx);
            return;
        }
        duk_pop(ctx);
        duk_get_prop_literal(ctx, iterable, "length");
        array_like = duk_is_number(ctx, -1);
        duk_pop(ctx);
        if (!array_like)
            throw_type_error(ctx, "object is not iterable");
    }
    duk_dup(ctx, iterable);
    duk_to_object(ctx, -1);
    duk_push_undefined(ctx);
    iteration.object = duk_get_top_index(ctx) - 1;
    iteration.next = duk_get_top_index(ctx);
}

// https://tc39.es/ecma262/#sec-iteratorstepvalue: pushes the next value, or returns false when
// the iteration is done.
bool step_iteration(duk_context* ctx, Iteration& iteration)
{
    iteration.done = true;
    if (!iteration.is_iterator) {
        duk_get_prop_literal(ctx, iteration.object, "length");
        double length = duk_to_number(ctx, -1);
        duk_pop(ctx);
        if (!(iteration.index < length))
            return false;
        duk_get_prop_index(ctx, iteration.object, iteration.index++);
        iteration.done = false;
        return true;
    }
    // IteratorStep 1. Let result be ? IteratorNext(iteratorRecord).
    duk_dup(ctx, iteration.next);
    duk_dup(ctx, iteration.object);
    duk_call_method(ctx, 0);
    if (!is_object(ctx, -1))
        throw_type_error(ctx, "Iterator result is not an object");
    // 2-3. Let done be ? IteratorComplete(result); if done is true, return DONE.
    duk_get_prop_literal(ctx, -1, "done");
    bool done = duk_to_boolean(ctx, -1);
    duk_pop(ctx);
    if (done) {
        duk_pop(ctx);
        return false;
    }
    // IteratorStepValue 5. Let value be Completion(IteratorValue(result)).
    duk_get_prop_literal(ctx, -1, "value");
    duk_remove(ctx, -2);
    iteration.done = false;
    return true;
}

struct CombinatorCall {
    Combinator kind;
    duk_idx_t iterable, constructor, promise, resolve, reject;
    duk_idx_t promise_resolve = 0; // set by combinator_body
    Iteration iteration;
};

// Pushes an element function of `kind` for the element `index`, sharing the record at `record`.
void push_element_function(duk_context* ctx, ElementFunction kind, duk_uarridx_t index, duk_idx_t record)
{
    record = duk_normalize_index(ctx, record);
    duk_push_c_function(ctx, element_function, 1);
    duk_set_magic(ctx, -1, kind);
    duk_push_uint(ctx, index);
    duk_put_prop_literal(ctx, -2, FUNCTION_INDEX);
    duk_dup(ctx, record);
    duk_put_prop_literal(ctx, -2, FUNCTION_CAPABILITY);
}

// https://tc39.es/ecma262/#sec-performpromiseall, #sec-performpromiseallsettled,
// #sec-performpromiserace and #sec-performpromiseany, after GetIterator.
duk_ret_t perform_combinator(duk_context* ctx, void* data)
{
    auto& call = *static_cast<CombinatorCall*>(data);
    // 1. Let values (errors) be a new empty List.
    // 2. Let remainingElementsCount be the Record { [[Value]]: 1 }.
    duk_push_bare_object(ctx);
    duk_idx_t record = duk_get_top_index(ctx);
    duk_push_array(ctx);
    duk_put_prop_literal(ctx, record, RECORD_VALUES);
    duk_push_int(ctx, 1);
    duk_put_prop_literal(ctx, record, RECORD_REMAINING);
    duk_dup(ctx, call.resolve);
    duk_put_prop_literal(ctx, record, RECORD_RESOLVE);
    duk_dup(ctx, call.reject);
    duk_put_prop_literal(ctx, record, RECORD_REJECT);
    // 3. Let index be 0.
    for (duk_uarridx_t index = 0;; ++index) {
        // 4.a. Let next be ? IteratorStepValue(iteratorRecord).
        if (!step_iteration(ctx, call.iteration)) {
            // 4.b. If next is DONE, then
            if (call.kind == Race)
                break;
            // i. Set remainingElementsCount.[[Value]] to remainingElementsCount.[[Value]] - 1.
            duk_get_prop_literal(ctx, record, RECORD_REMAINING);
            double remaining = duk_get_number(ctx, -1) - 1;
            duk_pop(ctx);
            duk_push_number(ctx, remaining);
            duk_put_prop_literal(ctx, record, RECORD_REMAINING);
            // ii. If remainingElementsCount.[[Value]] = 0, then
            if (remaining == 0) {
                duk_get_prop_literal(ctx, record, RECORD_VALUES);
                if (call.kind == Any) {
                    // 1-3. Let error be a newly created AggregateError object; return
                    //      ThrowCompletion(error).
                    push_aggregate_error(ctx, -1);
                    duk_throw(ctx);
                }
                // 1-2. Let valuesArray be CreateArrayFromList(values); perform
                //      ? Call(resultCapability.[[Resolve]], undefined, « valuesArray »).
                call_capability_function(ctx, call.resolve, -1);
                duk_pop(ctx);
            }
            // iii. Return resultCapability.[[Promise]].
            break;
        }
        duk_idx_t next = duk_get_top_index(ctx);
        if (call.kind != Race) {
            // 4.c. Append undefined to values.
            duk_get_prop_literal(ctx, record, RECORD_VALUES);
            duk_push_undefined(ctx);
            duk_put_prop_index(ctx, -2, index);
            duk_pop(ctx);
        }
        // 4.d. Let nextPromise be ? Call(promiseResolve, constructor, « next »).
        duk_dup(ctx, call.promise_resolve);
        duk_dup(ctx, call.constructor);
        duk_dup(ctx, next);
        duk_call_method(ctx, 1);
        switch (call.kind) {
        case All:
            // 4.e-k. Let onFulfilled be CreateBuiltinFunction(Promise.all Resolve Element Functions).
            push_element_function(ctx, AllResolveElement, index, record);
            duk_dup(ctx, call.reject);
            break;
        case AllSettled:
            // 4.e-q. onFulfilled and onRejected, sharing alreadyCalled.
            push_element_function(ctx, AllSettledResolveElement, index, record);
            push_element_function(ctx, AllSettledRejectElement, index, record);
            duk_dup(ctx, -2);
            duk_put_prop_literal(ctx, -2, FUNCTION_PARTNER);
            break;
        case Race:
            duk_dup(ctx, call.resolve);
            duk_dup(ctx, call.reject);
            break;
        case Any:
            // 4.e-k. Let onRejected be CreateBuiltinFunction(Promise.any Reject Element Functions).
            duk_dup(ctx, call.resolve);
            push_element_function(ctx, AnyRejectElement, index, record);
            break;
        }
        // 4.l. Set remainingElementsCount.[[Value]] to remainingElementsCount.[[Value]] + 1.
        if (call.kind != Race) {
            duk_get_prop_literal(ctx, record, RECORD_REMAINING);
            double remaining = duk_get_number(ctx, -1) + 1;
            duk_pop(ctx);
            duk_push_number(ctx, remaining);
            duk_put_prop_literal(ctx, record, RECORD_REMAINING);
        }
        // 4.m. Perform ? Invoke(nextPromise, "then", « onFulfilled, onRejected »).
        invoke_then(ctx, 2);
        duk_pop_2(ctx); // the result and next
    }
    duk_pop(ctx);
    return 0;
}

// https://tc39.es/ecma262/#sec-iteratorclose for a throw completion, which stays what it was
// whatever return does: the iterator is on the stack top.
duk_ret_t close_iterator(duk_context* ctx, void*)
{
    // 3. Let innerResult be Completion(GetMethod(iterator, "return")).
    duk_get_prop_literal(ctx, -1, "return");
    // 4.a. If return is undefined, return ? completion.
    // 4.c. Set innerResult to Completion(Call(return, iterator)).
    if (!duk_is_null_or_undefined(ctx, -1)) {
        duk_swap_top(ctx, -2);
        duk_call_method(ctx, 0);
    }
    return 0;
}

// The steps after NewPromiseCapability, whose abrupt completions reject the capability.
duk_ret_t combinator_body(duk_context* ctx, void* data)
{
    auto& call = *static_cast<CombinatorCall*>(data);
    // 3. Let promiseResolve be Completion(GetPromiseResolve(C)).
    duk_get_prop_literal(ctx, call.constructor, "resolve");
    // GetPromiseResolve 2. If IsCallable(promiseResolve) is false, throw a TypeError exception.
    if (!duk_is_callable(ctx, -1))
        throw_type_error(ctx, "Promise resolve is not a function");
    call.promise_resolve = duk_get_top_index(ctx);
    // 5. Let iteratorRecord be Completion(GetIterator(iterable, sync)).
    open_iteration(ctx, call.iterable, call.iteration);
    // 7. Let result be Completion(PerformPromiseAll(iteratorRecord, C, promiseCapability,
    //    promiseResolve)).
    if (duk_safe_call(ctx, perform_combinator, &call, 0, 1) != DUK_EXEC_SUCCESS) {
        // 8.a. If iteratorRecord.[[Done]] is false, set result to
        //      Completion(IteratorClose(iteratorRecord, result)): the thrown value stays.
        if (call.iteration.is_iterator && !call.iteration.done) {
            duk_dup(ctx, call.iteration.object);
            duk_safe_call(ctx, close_iterator, nullptr, 1, 1);
            duk_pop(ctx);
        }
        duk_throw(ctx);
    }
    return 0;
}

duk_ret_t promise_combinator(duk_context* ctx)
{
    CombinatorCall call;
    call.kind = Combinator(duk_get_current_magic(ctx));
    call.iterable = 0;
    // 1. Let C be the this value.
    duk_push_this(ctx);
    call.constructor = 1;
    // 2. Let promiseCapability be ? NewPromiseCapability(C).
    push_promise_capability(ctx, 1);
    call.promise = 2;
    call.resolve = 3;
    call.reject = 4;
    // 4, 6, 8.b. IfAbruptRejectPromise(..., promiseCapability).
    if (duk_safe_call(ctx, combinator_body, &call, 0, 1) != DUK_EXEC_SUCCESS)
        call_capability_function(ctx, call.reject, -1);
    // 9. Return promiseCapability.[[Promise]] (or, as IfAbruptRejectPromise does, after the
    //    rejection).
    duk_dup(ctx, call.promise);
    return 1;
}

// For the built-in scripts: promises settled without resolving functions (no closures) -------

duk_ret_t new_promise_from_script(duk_context* ctx)
{
    push_new_promise(ctx);
    return 1;
}

// settle(promise, value): resolve_promise or reject_promise.
template<void (*settle)(duk_context*, duk_idx_t, duk_idx_t)>
duk_ret_t settle_promise_from_script(duk_context* ctx)
{
    if (!is_promise(ctx, 0))
        throw_type_error(ctx, "not a promise");
    settle(ctx, 0, 1);
    return 0;
}

// For prelude.js's rejection tracking ------------------------------------------------------------

duk_ret_t promise_result_from_script(duk_context* ctx)
{
    if (!is_promise(ctx, 0))
        throw_type_error(ctx, "not a promise");
    duk_get_prop_literal(ctx, 0, PROMISE_RESULT);
    return 1;
}

duk_ret_t promise_is_handled_from_script(duk_context* ctx)
{
    if (!is_promise(ctx, 0))
        throw_type_error(ctx, "not a promise");
    duk_push_boolean(ctx, state_of(ctx, 0) & IsHandled);
    return 1;
}

// Defines the built-in function `name` on the object at `object`: writable, configurable, not
// enumerable (https://tc39.es/ecma262/#sec-ecmascript-standard-built-in-objects).
void define_builtin(duk_context* ctx, duk_idx_t object, const char* name, duk_c_function function, duk_idx_t nargs,
    duk_int_t length, duk_int_t magic = 0)
{
    object = duk_normalize_index(ctx, object);
    duk_push_string(ctx, name);
    duk_push_c_function(ctx, function, nargs);
    duk_set_magic(ctx, -1, magic);
    name_function(ctx, name, length);
    duk_def_prop(ctx, object, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
}

} // namespace

// The C++ API ----------------------------------------------------------------------------------

bool is_promise(duk_context* ctx, duk_idx_t value)
{
    if (!duk_is_object(ctx, value))
        return false;
    value = duk_normalize_index(ctx, value);
    duk_get_prop_literal(ctx, value, PROMISE_BRAND);
    bool own = duk_get_pointer(ctx, -1) == duk_get_heapptr(ctx, value);
    duk_pop(ctx);
    return own;
}

void push_new_promise(duk_context* ctx)
{
    duk_push_heapptr(ctx, t_intrinsics.prototype);
    make_promise_with_prototype(ctx);
    initialize_promise(ctx, -1);
}

void resolve_promise(duk_context* ctx, duk_idx_t promise, duk_idx_t value)
{
    int state = state_of(ctx, promise);
    if (state & AlreadyResolvedFromNative)
        return;
    write_state(ctx, promise, state | AlreadyResolvedFromNative);
    resolve(ctx, promise, value);
}

void reject_promise(duk_context* ctx, duk_idx_t promise, duk_idx_t reason)
{
    int state = state_of(ctx, promise);
    if (state & AlreadyResolvedFromNative)
        return;
    write_state(ctx, promise, state | AlreadyResolvedFromNative);
    reject(ctx, promise, reason);
}

void push_resolved_promise(duk_context* ctx, duk_idx_t value)
{
    value = duk_normalize_index(ctx, value);
    push_new_promise(ctx);
    resolve_promise(ctx, -1, value);
}

void push_rejected_promise(duk_context* ctx, duk_idx_t reason)
{
    reason = duk_normalize_index(ctx, reason);
    push_new_promise(ctx);
    reject_promise(ctx, -1, reason);
}

void mark_promise_handled(duk_context* ctx, duk_idx_t promise)
{
    int state = state_of(ctx, promise);
    if (!(state & IsHandled))
        write_state(ctx, promise, state | IsHandled);
}

void install_promise(Runtime& runtime)
{
    duk_context* ctx = runtime.context();
    // https://tc39.es/ecma262/#sec-promise-constructor: Promise.length is 1.
    duk_push_c_function(ctx, promise_constructor, 1);
    duk_idx_t constructor = duk_get_top_index(ctx);
    name_function(ctx, "Promise", 1);

    // https://tc39.es/ecma262/#sec-properties-of-the-promise-prototype-object
    duk_push_object(ctx);
    duk_idx_t prototype = duk_get_top_index(ctx);
    define_builtin(ctx, prototype, "then", promise_then, 2, 2);
    define_builtin(ctx, prototype, "catch", promise_catch, 1, 1);
    define_builtin(ctx, prototype, "finally", promise_finally, 1, 1);
    duk_push_literal(ctx, "constructor");
    duk_dup(ctx, constructor);
    duk_def_prop(ctx, prototype, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
    define_to_string_tag(ctx, prototype, "Promise");
    duk_push_literal(ctx, "prototype");
    duk_dup(ctx, prototype);
    duk_def_prop(ctx, constructor, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_FORCE | DUK_DEFPROP_CLEAR_WEC);

    // https://tc39.es/ecma262/#sec-properties-of-the-promise-constructor
    define_builtin(ctx, constructor, "resolve", promise_resolve_static, 1, 1);
    define_builtin(ctx, constructor, "reject", promise_reject_static, 1, 1);
    define_builtin(ctx, constructor, "all", promise_combinator, 1, 1, All);
    define_builtin(ctx, constructor, "allSettled", promise_combinator, 1, 1, AllSettled);
    define_builtin(ctx, constructor, "race", promise_combinator, 1, 1, Race);
    define_builtin(ctx, constructor, "any", promise_combinator, 1, 1, Any);

    t_intrinsics.promise = duk_get_heapptr(ctx, constructor);
    t_intrinsics.prototype = duk_get_heapptr(ctx, prototype);

    // The global, and the originals for the bindings and the built-in scripts.
    duk_push_global_object(ctx);
    duk_push_literal(ctx, "Promise");
    duk_dup(ctx, constructor);
    duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
    duk_pop(ctx);
    duk_push_global_stash(ctx);
    duk_dup(ctx, constructor);
    duk_put_prop_literal(ctx, -2, "Promise");
    duk_get_prop_literal(ctx, constructor, "resolve");
    duk_put_prop_literal(ctx, -2, "promiseResolve");
    duk_get_prop_literal(ctx, prototype, "then");
    t_intrinsics.then = duk_get_heapptr(ctx, -1);
    duk_put_prop_literal(ctx, -2, DUKNET_HIDDEN("promiseThen")); // keeps t_intrinsics.then alive
    duk_get_global_literal(ctx, "String");
    duk_put_prop_literal(ctx, -2, DUKNET_HIDDEN("String"));
    define_method(ctx, -1, "newPromise", new_promise_from_script, 0, 0);
    define_method(ctx, -1, "resolvePromise", settle_promise_from_script<resolve_promise>, 2, 2);
    define_method(ctx, -1, "rejectPromise", settle_promise_from_script<reject_promise>, 2, 2);
    define_method(ctx, -1, "promiseResult", promise_result_from_script, 1, 1);
    define_method(ctx, -1, "promiseIsHandled", promise_is_handled_from_script, 1, 1);
    duk_pop_3(ctx);
}

} // namespace duknet::bindings
