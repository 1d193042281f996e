// Helpers for writing the Duktape bindings: strings (the web's UTF-16 versus Duktape's CESU-8),
// exceptions (TypeError, DOMException), property definitions, and the link between a script
// wrapper object and the C++ object it stands for.
// Thread: everything here runs on the thread that owns the duk_context.
#pragma once

#include <duktape.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace duknet::dom {
class Event;
class EventTarget;
}

namespace duknet::bindings {

// Hidden properties (Duktape hides keys that start with 0xFF from script).
#define DUKNET_HIDDEN(name) "\xFF" name

// Strings. Duktape stores strings as CESU-8 (UTF-16 code units, each encoded like UTF-8).
// Pushes UTF-8 bytes as a script string; invalid sequences become U+FFFD.
void push_utf8(duk_context*, std::string_view utf8);
// ToString(value), then the USVString conversion to UTF-8 (lone surrogates become U+FFFD).
std::string to_utf8(duk_context*, duk_idx_t);
// WebIDL ByteString: ToString(value); a code unit above U+00FF throws a TypeError.
std::string to_byte_string(duk_context*, duk_idx_t);
// ToString(value) as bytes, one per code unit; a code unit above U+00FF becomes `wide`, or
// makes the result nullopt if `wide` is not given.
std::optional<std::string> to_latin1(duk_context*, duk_idx_t, std::optional<char> wide = std::nullopt);
// Pushes bytes as a string of code units U+0000..U+00FF (an "isomorphic decode").
void push_latin1(duk_context*, std::string_view bytes);

// Throwing from a native function (C++ exceptions unwind: Duktape is built with them).
[[noreturn]] void throw_type_error(duk_context*, const std::string& message);
// https://webidl.spec.whatwg.org/#dfn-DOMException: pushes a new DOMException and throws it.
[[noreturn]] void throw_dom_exception(duk_context*, const char* name, const std::string& message);
void push_dom_exception(duk_context*, const char* name, const std::string& message);

// Properties on the object at `object`, as WebIDL defines them (methods and accessors are
// enumerable and configurable; constants are not writable).
void define_method(duk_context*, duk_idx_t object, const char* name, duk_c_function, duk_idx_t nargs, duk_int_t length);
void define_accessor(duk_context*, duk_idx_t object, const char* name, duk_c_function getter, duk_c_function setter = nullptr);
void define_constant(duk_context*, duk_idx_t object, const char* name, double value);
// Defines a class: constructor `name` on the global object, with prototype inheriting from
// `parent_prototype_global` (the name of a global constructor, or nullptr for Object). Leaves
// the prototype on the stack top.
void define_class(duk_context*, const char* name, duk_c_function constructor, duk_int_t length, const char* parent);
// Pushes the prototype of the global constructor `name`.
void push_prototype(duk_context*, const char* name);

// Wrappers. A wrapper object owns a reference to its C++ object; the C++ object keeps a
// borrowed pointer to its wrapper (Event::wrapper(), EventTarget::wrapper()) for as long as
// the wrapper lives.
void attach_event(duk_context*, duk_idx_t wrapper, std::shared_ptr<dom::Event>);
void attach_target(duk_context*, duk_idx_t wrapper, std::shared_ptr<dom::EventTarget>);
dom::Event* event_of(duk_context*, duk_idx_t wrapper);
dom::EventTarget* target_of(duk_context*, duk_idx_t wrapper);
std::shared_ptr<dom::EventTarget> shared_target_of(duk_context*, duk_idx_t wrapper);
// `this` as a T, or a TypeError ("Illegal invocation") if it is not one.
template<typename T>
T& this_target(duk_context* ctx)
{
    duk_push_this(ctx);
    auto* target = dynamic_cast<T*>(target_of(ctx, -1));
    duk_pop(ctx);
    if (!target)
        throw_type_error(ctx, "Illegal invocation");
    return *target;
}
dom::Event& this_event(duk_context*);
// Pushes the event's wrapper, making one (with the prototype its class calls for) if needed.
void push_event(duk_context*, const std::shared_ptr<dom::Event>&);
// Pushes the target's wrapper, or null when it has none.
void push_target(duk_context*, dom::EventTarget*);

} // namespace duknet::bindings
