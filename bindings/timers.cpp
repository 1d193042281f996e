// setTimeout, setInterval, clearTimeout, clearInterval (https://html.spec.whatwg.org/#timers)
// and queueMicrotask (https://html.spec.whatwg.org/#microtask-queuing). The event loop does
// the scheduling; this file keeps each timer's handler and arguments alive on the script side.
#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/runtime.h"

#include <cmath>

namespace duknet::bindings {

namespace {


void run_timer_handler(Runtime& runtime, int32_t handle, bool repeat)
{
    auto found = runtime.active_timers().find(handle);
    if (found == runtime.active_timers().end())
        return;
    duk_context* ctx = runtime.context();
    uint32_t retained = found->second;
    if (!repeat)
        runtime.active_timers().erase(found);
    runtime.push_retained(retained);
    if (!repeat)
        runtime.forget(retained);
    duk_idx_t record = duk_get_top_index(ctx);
    duk_size_t length = duk_get_length(ctx, record);
    duk_get_prop_index(ctx, record, 0);
    if (duk_is_callable(ctx, -1)) {
        // 9.4.1. If handler is a Function, invoke it with the arguments and "report".
        duk_push_undefined(ctx);
        for (duk_uarridx_t i = 1; i < length; ++i)
            duk_get_prop_index(ctx, record, i);
        runtime.call(duk_idx_t(length - 1));
    } else {
        // 9.4.2. Otherwise, the handler is a string: compile and run it as a classic script.
        std::string source = to_utf8(ctx, -1);
        duk_pop(ctx);
        duk_push_boolean(ctx, runtime.evaluate(source, "timer"));
    }
    duk_pop_2(ctx);
}

// https://html.spec.whatwg.org/#timer-initialisation-steps
duk_ret_t timer_initialization(duk_context* ctx, bool repeat)
{
    auto& runtime = Runtime::from(ctx);
    duk_idx_t argc = duk_get_top(ctx);
    if (argc < 1)
        throw_type_error(ctx, std::string("Failed to execute '") + (repeat ? "setInterval" : "setTimeout")
                + "': 1 argument required, but only 0 present.");
    // 4. If timeout is not a number... (WebIDL long conversion of the timeout.)
    double timeout = argc > 1 ? duk_to_number(ctx, 1) : 0;
    if (!std::isfinite(timeout))
        timeout = 0;
    // The record kept alive: [handler, ...arguments]; the handler is a function, or else a
    // string to run as a script.
    duk_push_array(ctx);
    if (duk_is_callable(ctx, 0))
        duk_dup(ctx, 0);
    else
        push_utf8(ctx, to_utf8(ctx, 0));
    duk_put_prop_index(ctx, -2, 0);
    for (duk_idx_t i = 2; i < argc; ++i) {
        duk_dup(ctx, i);
        duk_put_prop_index(ctx, -2, duk_uarridx_t(i - 1));
    }
    uint32_t retained = runtime.retain(-1);
    int32_t handle = runtime.event_loop().set_timer(std::trunc(timeout), repeat,
        [&runtime, repeat](int32_t handle) { run_timer_handler(runtime, handle, repeat); });
    runtime.active_timers()[handle] = retained;
    duk_push_int(ctx, handle);
    return 1;
}

duk_ret_t set_timeout(duk_context* ctx) { return timer_initialization(ctx, false); }
duk_ret_t set_interval(duk_context* ctx) { return timer_initialization(ctx, true); }

// https://html.spec.whatwg.org/#dom-cleartimeout: remove the entry from the map of active timers.
duk_ret_t clear_timer(duk_context* ctx)
{
    auto& runtime = Runtime::from(ctx);
    int32_t handle = duk_to_int32(ctx, 0);
    auto found = runtime.active_timers().find(handle);
    if (found == runtime.active_timers().end())
        return 0;
    runtime.forget(found->second);
    runtime.active_timers().erase(found);
    runtime.event_loop().clear_timer(handle);
    return 0;
}

// https://html.spec.whatwg.org/#dom-queuemicrotask
duk_ret_t queue_microtask(duk_context* ctx)
{
    auto& runtime = Runtime::from(ctx);
    if (!duk_is_callable(ctx, 0))
        throw_type_error(ctx, "Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");
    // The microtask invokes callback with "report".
    runtime.queue_callback(0, Runtime::CallbackQueue::Microtask);
    return 0;
}

} // namespace

void install_timers(Runtime& runtime)
{
    duk_context* ctx = runtime.context();
    duk_push_global_object(ctx);
    define_method(ctx, -1, "setTimeout", set_timeout, DUK_VARARGS, 1);
    define_method(ctx, -1, "setInterval", set_interval, DUK_VARARGS, 1);
    define_method(ctx, -1, "clearTimeout", clear_timer, 1, 0);
    define_method(ctx, -1, "clearInterval", clear_timer, 1, 0);
    define_method(ctx, -1, "queueMicrotask", queue_microtask, 1, 1);
    duk_pop(ctx);
}

} // namespace duknet::bindings
