#include "bindings/event_bindings.h"

#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/runtime.h"

#include <cmath>

namespace duknet::bindings {

namespace {

// A script callback listener (https://dom.spec.whatwg.org/#callbackdef-eventlistener): a
// function, or an object with handleEvent. The target's wrapper keeps the callback alive.
class ScriptEventListener final : public dom::EventListener {
public:
    explicit ScriptEventListener(void* callback)
        : m_callback(callback)
    {
    }

    void handle_event(dom::Event& event) override
    {
        auto& runtime = Runtime::from(nullptr);
        duk_context* ctx = runtime.context();
        duk_push_heapptr(ctx, m_callback);
        if (duk_is_callable(ctx, -1)) {
            push_target(ctx, event.current_target());
        } else {
            // https://webidl.spec.whatwg.org/#call-a-user-objects-operation: look up handleEvent
            // now; the object is `this`. Stack: [object] -> [handleEvent, object].
            duk_dup_top(ctx);
            if (duk_safe_call(ctx, get_handle_event, nullptr, 1, 1) != DUK_EXEC_SUCCESS) {
                runtime.report_exception(-1);
                duk_pop_2(ctx);
                return;
            }
            duk_swap_top(ctx, -2);
        }
        push_event(ctx, event.shared_from_this());
        runtime.call(1);
        duk_pop(ctx);
    }

    const void* identity() const override { return m_callback; }

private:
    static duk_ret_t get_handle_event(duk_context* ctx, void*)
    {
        duk_get_prop_string(ctx, -1, "handleEvent");
        if (!duk_is_callable(ctx, -1))
            throw_type_error(ctx, "The provided callback is not a function and has no handleEvent method");
        return 1;
    }

    void* m_callback;
};

std::string handler_key(std::string_view type)
{
    return std::string(DUKNET_HIDDEN("on")) + std::string(type);
}

// The event handler processing algorithm (https://html.spec.whatwg.org/#the-event-handler-processing-algorithm).
// The handler's value lives on the target's wrapper.
class EventHandlerListener final : public dom::EventListener {
public:
    void handle_event(dom::Event& event) override
    {
        auto& runtime = Runtime::from(nullptr);
        duk_context* ctx = runtime.context();
        dom::EventTarget* target = event.current_target();
        if (!target || !target->wrapper())
            return;
        duk_push_heapptr(ctx, target->wrapper());
        duk_get_prop_string(ctx, -1, handler_key(event.type()).c_str());
        duk_swap_top(ctx, -2); // [callback, this]
        if (!duk_is_callable(ctx, -2)) {
            duk_pop_2(ctx);
            return;
        }
        push_event(ctx, event.shared_from_this());
        // 4. Special error event handling: the global's onerror gets (message, source, lineno,
        //    colno, error) and a true return value cancels the event.
        bool special_error = event.type() == "error" && dynamic_cast<GlobalScope*>(target);
        if (special_error) {
            duk_get_global_string(ctx, "ErrorEvent");
            special_error = duk_instanceof(ctx, -2, -1);
            duk_pop(ctx);
        }
        if (special_error) {
            duk_idx_t event_index = duk_get_top_index(ctx);
            for (const char* member : { "message", "filename", "lineno", "colno", "error" })
                duk_get_prop_string(ctx, event_index, member);
            duk_remove(ctx, event_index);
            runtime.call(5);
            if (duk_is_boolean(ctx, -1) && duk_get_boolean(ctx, -1))
                event.prevent_default();
        } else {
            runtime.call(1);
            // 5. If return value is false, then cancel the event.
            if (duk_is_boolean(ctx, -1) && !duk_get_boolean(ctx, -1))
                event.prevent_default();
        }
        duk_pop(ctx);
    }
};

dom::EventTarget& this_or_global_target(duk_context* ctx)
{
    duk_push_this(ctx);
    // Global members called without a receiver act on the global object.
    if (duk_is_null_or_undefined(ctx, -1)) {
        duk_pop(ctx);
        duk_push_global_object(ctx);
    }
    auto* target = target_of(ctx, -1);
    duk_pop(ctx);
    if (!target)
        throw_type_error(ctx, "Illegal invocation");
    return *target;
}

void push_this_wrapper(duk_context* ctx)
{
    duk_push_this(ctx);
    if (duk_is_null_or_undefined(ctx, -1)) {
        duk_pop(ctx);
        duk_push_global_object(ctx);
    }
}

bool to_boolean_member(duk_context* ctx, duk_idx_t dictionary, const char* name)
{
    duk_get_prop_string(ctx, dictionary, name);
    bool value = duk_to_boolean(ctx, -1);
    duk_pop(ctx);
    return value;
}

// Reads an EventInit dictionary at `index` (undefined or null: the defaults).
void read_event_init(duk_context* ctx, duk_idx_t index, dom::EventInit& init)
{
    if (duk_is_null_or_undefined(ctx, index))
        return;
    if (!duk_is_object(ctx, index))
        throw_type_error(ctx, "The provided value is not of type 'EventInit'");
    init.bubbles = to_boolean_member(ctx, index, "bubbles");
    init.cancelable = to_boolean_member(ctx, index, "cancelable");
    init.composed = to_boolean_member(ctx, index, "composed");
}

void require_construct_call(duk_context* ctx, const char* name, duk_idx_t required)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, std::string("Failed to construct '") + name + "': Please use the 'new' operator");
    if (duk_get_top(ctx) < required)
        throw_type_error(ctx, std::string("Failed to construct '") + name + "': " + std::to_string(required)
                + " argument required, but only " + std::to_string(duk_get_top(ctx)) + " present.");
}

// Event -------------------------------------------------------------------------------------

duk_ret_t event_constructor(duk_context* ctx)
{
    require_construct_call(ctx, "Event", 1);
    duk_set_top(ctx, 2);
    std::string type = to_utf8(ctx, 0);
    dom::EventInit init;
    read_event_init(ctx, 1, init);
    duk_push_this(ctx);
    attach_event(ctx, -1, std::make_shared<dom::Event>(std::move(type), init));
    return 0;
}

duk_ret_t event_type(duk_context* ctx) { push_utf8(ctx, this_event(ctx).type()); return 1; }
duk_ret_t event_target(duk_context* ctx) { push_target(ctx, this_event(ctx).target()); return 1; }
duk_ret_t event_current_target(duk_context* ctx) { push_target(ctx, this_event(ctx).current_target()); return 1; }
duk_ret_t event_phase(duk_context* ctx) { duk_push_uint(ctx, unsigned(this_event(ctx).event_phase())); return 1; }
duk_ret_t event_bubbles(duk_context* ctx) { duk_push_boolean(ctx, this_event(ctx).bubbles()); return 1; }
duk_ret_t event_cancelable(duk_context* ctx) { duk_push_boolean(ctx, this_event(ctx).cancelable()); return 1; }
duk_ret_t event_composed(duk_context* ctx) { duk_push_boolean(ctx, this_event(ctx).composed()); return 1; }
duk_ret_t event_default_prevented(duk_context* ctx) { duk_push_boolean(ctx, this_event(ctx).default_prevented()); return 1; }
duk_ret_t event_is_trusted(duk_context* ctx) { duk_push_boolean(ctx, this_event(ctx).is_trusted()); return 1; }
duk_ret_t event_time_stamp(duk_context* ctx) { duk_push_number(ctx, this_event(ctx).time_stamp()); return 1; }
duk_ret_t event_return_value(duk_context* ctx) { duk_push_boolean(ctx, !this_event(ctx).default_prevented()); return 1; }
duk_ret_t event_set_return_value(duk_context* ctx) { this_event(ctx).set_return_value(duk_to_boolean(ctx, 0)); return 0; }
duk_ret_t event_cancel_bubble(duk_context* ctx) { duk_push_boolean(ctx, this_event(ctx).propagation_stopped()); return 1; }
duk_ret_t event_set_cancel_bubble(duk_context* ctx) { this_event(ctx).set_cancel_bubble(duk_to_boolean(ctx, 0)); return 0; }
duk_ret_t event_stop_propagation(duk_context* ctx) { this_event(ctx).stop_propagation(); return 0; }
duk_ret_t event_stop_immediate_propagation(duk_context* ctx) { this_event(ctx).stop_immediate_propagation(); return 0; }
duk_ret_t event_prevent_default(duk_context* ctx) { this_event(ctx).prevent_default(); return 0; }

duk_ret_t event_composed_path(duk_context* ctx)
{
    auto path = this_event(ctx).composed_path();
    duk_push_array(ctx);
    duk_uarridx_t index = 0;
    for (auto* target : path) {
        push_target(ctx, target);
        duk_put_prop_index(ctx, -2, index++);
    }
    return 1;
}

duk_ret_t event_init_event(duk_context* ctx)
{
    auto& event = this_event(ctx);
    require_arguments(ctx, "Event", "initEvent", 1);
    duk_set_top(ctx, 3);
    event.init_event(to_utf8(ctx, 0), duk_to_boolean(ctx, 1), duk_to_boolean(ctx, 2));
    return 0;
}

// ProgressEvent -----------------------------------------------------------------------------

dom::ProgressEvent& this_progress_event(duk_context* ctx)
{
    auto* event = dynamic_cast<dom::ProgressEvent*>(&this_event(ctx));
    if (!event)
        throw_type_error(ctx, "Illegal invocation");
    return *event;
}

// WebIDL unsigned long long conversion (https://webidl.spec.whatwg.org/#es-unsigned-long-long).
uint64_t to_unsigned_long_long(duk_context* ctx, duk_idx_t dictionary, const char* name)
{
    duk_get_prop_string(ctx, dictionary, name);
    double value = duk_is_undefined(ctx, -1) ? 0 : duk_to_number(ctx, -1);
    duk_pop(ctx);
    if (!std::isfinite(value))
        return 0;
    value = std::trunc(value);
    value = std::fmod(value, 18446744073709551616.0);
    if (value < 0)
        value += 18446744073709551616.0;
    return value >= 18446744073709551615.0 ? UINT64_MAX : uint64_t(value);
}

duk_ret_t progress_event_constructor(duk_context* ctx)
{
    require_construct_call(ctx, "ProgressEvent", 1);
    duk_set_top(ctx, 2);
    std::string type = to_utf8(ctx, 0);
    dom::ProgressEventInit init;
    read_event_init(ctx, 1, init);
    if (duk_is_object(ctx, 1)) {
        init.length_computable = to_boolean_member(ctx, 1, "lengthComputable");
        init.loaded = to_unsigned_long_long(ctx, 1, "loaded");
        init.total = to_unsigned_long_long(ctx, 1, "total");
    }
    duk_push_this(ctx);
    attach_event(ctx, -1, std::make_shared<dom::ProgressEvent>(std::move(type), init));
    return 0;
}

duk_ret_t progress_length_computable(duk_context* ctx) { duk_push_boolean(ctx, this_progress_event(ctx).length_computable()); return 1; }
duk_ret_t progress_loaded(duk_context* ctx) { duk_push_number(ctx, double(this_progress_event(ctx).loaded())); return 1; }
duk_ret_t progress_total(duk_context* ctx) { duk_push_number(ctx, double(this_progress_event(ctx).total())); return 1; }

// EventTarget -------------------------------------------------------------------------------

duk_ret_t event_target_constructor(duk_context* ctx)
{
    require_construct_call(ctx, "EventTarget", 0);
    duk_push_this(ctx);
    attach_target(ctx, -1, std::make_shared<dom::EventTarget>());
    return 0;
}

// The wrapper keeps the script callbacks of its listeners alive, so that a cycle through a
// listener's closure is the garbage collector's to find.
void keep_callback(duk_context* ctx, duk_idx_t wrapper, duk_idx_t callback, bool keep)
{
    wrapper = duk_normalize_index(ctx, wrapper);
    callback = duk_normalize_index(ctx, callback);
    if (!duk_get_prop_string(ctx, wrapper, DUKNET_HIDDEN("listeners"))) {
        duk_pop(ctx);
        duk_push_array(ctx);
        duk_dup_top(ctx);
        duk_put_prop_string(ctx, wrapper, DUKNET_HIDDEN("listeners"));
    }
    duk_size_t length = duk_get_length(ctx, -1);
    if (keep) {
        duk_dup(ctx, callback);
        duk_put_prop_index(ctx, -2, duk_uarridx_t(length));
    } else {
        for (duk_size_t i = 0; i < length; ++i) {
            duk_get_prop_index(ctx, -1, duk_uarridx_t(i));
            bool same = duk_strict_equals(ctx, -1, callback);
            duk_pop(ctx);
            if (same) {
                // Move the last one into the hole.
                duk_get_prop_index(ctx, -1, duk_uarridx_t(length - 1));
                duk_put_prop_index(ctx, -2, duk_uarridx_t(i));
                duk_push_uint(ctx, unsigned(length - 1));
                duk_put_prop_string(ctx, -2, "length");
                break;
            }
        }
    }
    duk_pop(ctx);
}

// https://dom.spec.whatwg.org/#event-flatten-more
dom::AddEventListenerOptions flatten_more(duk_context* ctx, duk_idx_t options)
{
    dom::AddEventListenerOptions result;
    if (duk_is_object(ctx, options)) {
        result.capture = to_boolean_member(ctx, options, "capture");
        result.once = to_boolean_member(ctx, options, "once");
        duk_get_prop_string(ctx, options, "passive");
        if (!duk_is_undefined(ctx, -1))
            result.passive = duk_to_boolean(ctx, -1);
        duk_pop(ctx);
    } else {
        result.capture = duk_to_boolean(ctx, options);
    }
    return result;
}

duk_ret_t event_target_add_event_listener(duk_context* ctx)
{
    auto& target = this_or_global_target(ctx);
    if (duk_get_top(ctx) < 2)
        throw_type_error(ctx, "Failed to execute 'addEventListener' on 'EventTarget': 2 arguments required.");
    duk_set_top(ctx, 3);
    std::string type = to_utf8(ctx, 0);
    auto options = flatten_more(ctx, 2);
    // 2. If listener's callback is null, then return.
    if (duk_is_null_or_undefined(ctx, 1))
        return 0;
    if (!duk_is_object(ctx, 1))
        throw_type_error(ctx, "Failed to execute 'addEventListener' on 'EventTarget': parameter 2 is not of type 'Object'.");
    auto listener = std::make_shared<ScriptEventListener>(duk_get_heapptr(ctx, 1));
    if (target.add_event_listener(type, std::move(listener), options)) {
        push_this_wrapper(ctx);
        keep_callback(ctx, -1, 1, true);
    }
    return 0;
}

duk_ret_t event_target_remove_event_listener(duk_context* ctx)
{
    auto& target = this_or_global_target(ctx);
    if (duk_get_top(ctx) < 2)
        throw_type_error(ctx, "Failed to execute 'removeEventListener' on 'EventTarget': 2 arguments required.");
    duk_set_top(ctx, 3);
    std::string type = to_utf8(ctx, 0);
    bool capture = duk_is_object(ctx, 2) ? to_boolean_member(ctx, 2, "capture") : duk_to_boolean(ctx, 2);
    if (!duk_is_object(ctx, 1))
        return 0;
    ScriptEventListener probe(duk_get_heapptr(ctx, 1));
    if (target.remove_event_listener(type, probe, capture)) {
        push_this_wrapper(ctx);
        keep_callback(ctx, -1, 1, false);
    }
    return 0;
}

duk_ret_t event_target_dispatch_event(duk_context* ctx)
{
    auto& target = this_or_global_target(ctx);
    auto* event = event_of(ctx, 0);
    if (!event)
        throw_type_error(ctx, "Failed to execute 'dispatchEvent' on 'EventTarget': parameter 1 is not of type 'Event'.");
    // 1. If event's dispatch flag is set, or if its initialized flag is not set, then throw an
    //    "InvalidStateError" DOMException.
    if (event->dispatching() || !event->initialized())
        throw_dom_exception(ctx, "InvalidStateError", "The event is already being dispatched.");
    // 2. Initialize event's isTrusted attribute to false.
    // (Script-made events are never trusted; an event the user agent made keeps its flag.)
    // 3. Return the result of dispatching event to this.
    push_this_wrapper(ctx);
    duk_put_prop_string(ctx, 0, DUKNET_HIDDEN("target"));
    duk_push_boolean(ctx, target.dispatch_event(*event));
    return 1;
}

// Event handler attributes ------------------------------------------------------------------

std::string current_function_event_type(duk_context* ctx)
{
    duk_push_current_function(ctx);
    duk_get_prop_string(ctx, -1, DUKNET_HIDDEN("eventType"));
    std::string type = duk_require_string(ctx, -1);
    duk_pop_2(ctx);
    return type;
}

duk_ret_t event_handler_getter(duk_context* ctx)
{
    std::string type = current_function_event_type(ctx);
    this_or_global_target(ctx);
    push_this_wrapper(ctx);
    duk_get_prop_string(ctx, -1, handler_key(type).c_str());
    if (duk_is_undefined(ctx, -1))
        duk_push_null(ctx);
    return 1;
}

duk_ret_t event_handler_setter(duk_context* ctx)
{
    std::string type = current_function_event_type(ctx);
    auto& target = this_or_global_target(ctx);
    push_this_wrapper(ctx);
    // [LegacyTreatNonObjectAsNull]: anything but an object is null.
    if (duk_is_object(ctx, 0)) {
        duk_dup(ctx, 0);
        duk_put_prop_string(ctx, -2, handler_key(type).c_str());
        if (!target.event_handler(type))
            target.set_event_handler(type, std::make_shared<EventHandlerListener>());
    } else {
        duk_del_prop_string(ctx, -1, handler_key(type).c_str());
        target.set_event_handler(type, nullptr);
    }
    return 0;
}

} // namespace

// Whether any target the event will be dispatched on has a listener for it (before dispatch, when
// no script can add one).
static bool has_listeners_on_path(dom::EventTarget& target, const dom::Event& event)
{
    for (auto* t = &target; t; t = t->get_the_parent(event)) {
        if (t->has_event_listeners(event.type()))
            return true;
    }
    return false;
}

bool fire_event(duk_context* ctx, dom::EventTarget& target, const std::shared_ptr<dom::Event>& event)
{
    // Most events nobody listens to (an XMLHttpRequest fires eight per load): those are
    // dispatched without ever making a wrapper.
    if (!has_listeners_on_path(target, *event))
        return target.dispatch_event(*event);
    // Both wrappers stay on the stack, so neither can be collected during the dispatch.
    push_event(ctx, event);
    push_target(ctx, &target);
    duk_put_prop_string(ctx, -2, DUKNET_HIDDEN("target"));
    bool not_canceled = target.dispatch_event(*event);
    duk_pop(ctx);
    return not_canceled;
}

void define_event_handler_attribute(duk_context* ctx, duk_idx_t prototype, const char* type)
{
    prototype = duk_normalize_index(ctx, prototype);
    std::string name = std::string("on") + type;
    duk_push_string(ctx, name.c_str());
    duk_push_c_function(ctx, event_handler_getter, 0);
    duk_push_string(ctx, type);
    duk_put_prop_string(ctx, -2, DUKNET_HIDDEN("eventType"));
    duk_push_c_function(ctx, event_handler_setter, 1);
    duk_push_string(ctx, type);
    duk_put_prop_string(ctx, -2, DUKNET_HIDDEN("eventType"));
    duk_def_prop(ctx, prototype, DUK_DEFPROP_HAVE_GETTER | DUK_DEFPROP_HAVE_SETTER | DUK_DEFPROP_SET_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
}

duk_ret_t construct_event_from_script(duk_context* ctx)
{
    if (!duk_is_object(ctx, 0))
        throw_type_error(ctx, "not an object");
    std::string type = to_utf8(ctx, 1);
    dom::EventInit init;
    read_event_init(ctx, 2, init);
    attach_event(ctx, 0, std::make_shared<dom::Event>(std::move(type), init));
    return 0;
}

duk_ret_t is_event_from_script(duk_context* ctx)
{
    duk_push_boolean(ctx, event_of(ctx, 0) != nullptr);
    return 1;
}

duk_ret_t construct_event_target_from_script(duk_context* ctx)
{
    if (!duk_is_object(ctx, 0))
        throw_type_error(ctx, "not an object");
    attach_target(ctx, 0, std::make_shared<dom::EventTarget>());
    return 0;
}

duk_ret_t fire_event_from_script(duk_context* ctx)
{
    auto* target = target_of(ctx, 0);
    auto* event = event_of(ctx, 1);
    if (!target || !event)
        throw_type_error(ctx, "fireEvent needs an EventTarget and an Event");
    event->set_trusted();
    duk_push_boolean(ctx, fire_event(ctx, *target, event->shared_from_this()));
    return 1;
}

duk_ret_t define_event_handler_from_script(duk_context* ctx)
{
    define_event_handler_attribute(ctx, 0, duk_require_string(ctx, 1));
    return 0;
}

std::shared_ptr<GlobalScope> install_event_bindings(Runtime& runtime)
{
    duk_context* ctx = runtime.context();

    define_class(ctx, "Event", event_constructor, 1, nullptr);
    define_accessor(ctx, -1, "type", event_type);
    define_accessor(ctx, -1, "target", event_target);
    define_accessor(ctx, -1, "srcElement", event_target);
    define_accessor(ctx, -1, "currentTarget", event_current_target);
    define_accessor(ctx, -1, "eventPhase", event_phase);
    define_accessor(ctx, -1, "bubbles", event_bubbles);
    define_accessor(ctx, -1, "cancelable", event_cancelable);
    define_accessor(ctx, -1, "composed", event_composed);
    define_accessor(ctx, -1, "defaultPrevented", event_default_prevented);
    define_accessor(ctx, -1, "isTrusted", event_is_trusted);
    define_accessor(ctx, -1, "timeStamp", event_time_stamp);
    define_accessor(ctx, -1, "returnValue", event_return_value, event_set_return_value);
    define_accessor(ctx, -1, "cancelBubble", event_cancel_bubble, event_set_cancel_bubble);
    define_method(ctx, -1, "composedPath", event_composed_path, 0, 0);
    define_method(ctx, -1, "stopPropagation", event_stop_propagation, 0, 0);
    define_method(ctx, -1, "stopImmediatePropagation", event_stop_immediate_propagation, 0, 0);
    define_method(ctx, -1, "preventDefault", event_prevent_default, 0, 0);
    define_method(ctx, -1, "initEvent", event_init_event, DUK_VARARGS, 1);
    duk_pop(ctx);
    duk_get_global_string(ctx, "Event");
    for (duk_idx_t object : { -1, -2 }) {
        if (object == -2)
            push_prototype(ctx, "Event");
        define_constant(ctx, -1, "NONE", 0);
        define_constant(ctx, -1, "CAPTURING_PHASE", 1);
        define_constant(ctx, -1, "AT_TARGET", 2);
        define_constant(ctx, -1, "BUBBLING_PHASE", 3);
        if (object == -2)
            duk_pop(ctx);
    }
    duk_pop(ctx);

    define_class(ctx, "ProgressEvent", progress_event_constructor, 1, "Event");
    define_accessor(ctx, -1, "lengthComputable", progress_length_computable);
    define_accessor(ctx, -1, "loaded", progress_loaded);
    define_accessor(ctx, -1, "total", progress_total);
    duk_pop(ctx);

    define_class(ctx, "EventTarget", event_target_constructor, 0, nullptr);
    define_method(ctx, -1, "addEventListener", event_target_add_event_listener, DUK_VARARGS, 2);
    define_method(ctx, -1, "removeEventListener", event_target_remove_event_listener, DUK_VARARGS, 2);
    define_method(ctx, -1, "dispatchEvent", event_target_dispatch_event, 1, 1);
    duk_pop(ctx);

    // The global object is an EventTarget: its prototype chain goes through EventTarget's.
    auto global_scope = std::make_shared<GlobalScope>();
    duk_push_global_object(ctx);
    push_prototype(ctx, "EventTarget");
    duk_set_prototype(ctx, -2);
    attach_target(ctx, -1, global_scope);
    for (const char* type : { "error", "unhandledrejection", "rejectionhandled", "message" })
        define_event_handler_attribute(ctx, -1, type);
    duk_pop(ctx);
    return global_scope;
}

} // namespace duknet::bindings
