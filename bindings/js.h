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
// Gives the function on the stack top its `name` and `length` (read-only in Duktape: forced).
void name_function(duk_context*, const char* name, duk_int_t length);
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

// WebIDL helpers ------------------------------------------------------------------------------
// A TypeError unless at least `count` arguments were passed ("Failed to execute ...").
void require_arguments(duk_context*, const char* interface, const char* operation, duk_idx_t count);
// https://webidl.spec.whatwg.org/#es-dictionary step 1: false for undefined and null (every
// member takes its default), true for an object, a TypeError otherwise.
bool is_dictionary(duk_context*, duk_idx_t, const char* interface, const char* operation);
// https://webidl.spec.whatwg.org/#es-dictionary step 4.1.3-4: pushes the member `name` of the
// dictionary object at `dictionary`; false when it is undefined (not present).
bool get_member(duk_context*, duk_idx_t dictionary, const char* name);
// https://webidl.spec.whatwg.org/#BufferSource: the bytes of the ArrayBuffer or view at `index`;
// nullopt if the value is neither. Valid until script runs again.
std::optional<std::string_view> buffer_source_bytes(duk_context*, duk_idx_t);
// Pushes a new ArrayBuffer (DUK_BUFOBJ_ARRAYBUFFER) or view (DUK_BUFOBJ_UINT8ARRAY...) over a
// copy of `bytes`.
void push_buffer_copy(duk_context*, std::string_view bytes, duk_uint_t buffer_object_type);
// Defines Symbol.toStringTag on the prototype at `prototype` (https://webidl.spec.whatwg.org/#dfn-class-string).
void define_to_string_tag(duk_context*, duk_idx_t prototype, const char* tag);

// Default iterator objects (https://webidl.spec.whatwg.org/#es-default-iterator-object).
// Pushes a prototype with `next`, a @@iterator returning the iterator (as %IteratorPrototype%
// does, which Duktape lacks) and the class string `tag`.
void push_iterator_prototype(duk_context*, duk_c_function next, const char* tag);
// Replaces the value on the stack top with CreateIterResultObject(value, false).
void push_iterator_result(duk_context*);
// Pushes CreateIterResultObject(undefined, true).
void push_iterator_done(duk_context*);

// Script objects that own a C++ value ----------------------------------------------------------
// T names the hidden property that holds its pointer: `static constexpr const char* hidden_key`.
// Only an own property counts: an object inheriting from a wrapper (Object.create) is no wrapper,
// and as Duktape's finalizers are inherited, it must not delete the value either.
template<typename T>
T* native_of(duk_context* ctx, duk_idx_t object)
{
    if (!duk_is_object(ctx, object))
        return nullptr;
    object = duk_normalize_index(ctx, object);
    duk_get_prop_string(ctx, object, T::hidden_key);
    T* value = static_cast<T*>(duk_get_pointer(ctx, -1));
    duk_pop(ctx);
    if (!value)
        return nullptr;
    // Each pointer is one object's own, so the object owns it unless its prototype gives the
    // same one. (Two lookups are far cheaper than the descriptor object duk_get_prop_desc makes.)
    duk_get_prototype(ctx, object);
    bool inherited = false;
    if (duk_is_object(ctx, -1)) {
        duk_get_prop_string(ctx, -1, T::hidden_key);
        inherited = duk_get_pointer(ctx, -1) == value;
        duk_pop(ctx);
    }
    duk_pop(ctx);
    return inherited ? nullptr : value;
}

// The object's finalizer deletes the value (it may run again if the object is resurrected: the
// pointer goes the first time).
template<typename T>
duk_ret_t finalize_native(duk_context* ctx)
{
    delete native_of<T>(ctx, 0);
    duk_del_prop_string(ctx, 0, T::hidden_key);
    return 0;
}

void note_native_wrapper(duk_context*);

template<typename T>
void attach_native(duk_context* ctx, duk_idx_t object, std::unique_ptr<T> value)
{
    note_native_wrapper(ctx);
    object = duk_normalize_index(ctx, object);
    duk_push_pointer(ctx, value.release());
    duk_put_prop_string(ctx, object, T::hidden_key);
    duk_push_c_function(ctx, finalize_native<T>, 1);
    duk_set_finalizer(ctx, object);
}

// The value of `this`, or a TypeError ("Illegal invocation").
template<typename T>
T& native_or_throw(duk_context* ctx, duk_idx_t object)
{
    T* value = native_of<T>(ctx, object);
    if (!value)
        throw_type_error(ctx, "Illegal invocation");
    return *value;
}

// The value of `this`, or a TypeError ("Illegal invocation"). The reference stays valid for the
// whole call: the call keeps `this` alive.
template<typename T>
T& this_native(duk_context* ctx)
{
    duk_push_this(ctx);
    T& value = native_or_throw<T>(ctx, -1);
    duk_pop(ctx);
    return value;
}

// Pair iterables (https://webidl.spec.whatwg.org/#es-iterable, pair iterators): entries(), keys(),
// values() and @@iterator, and their default iterator objects. `Pairs` describes the interface:
//   using Object = ...;                                   its wrappers' native value
//   static constexpr const char* iterator_prototype_key;  where the iterator prototype is stashed
//   static size_t size(duk_context*, duk_idx_t target);   the value pairs to iterate over now
//   static void push_key(duk_context*, duk_idx_t target, size_t);
//   static void push_value(duk_context*, duk_idx_t target, size_t);
enum class IterationKind { Keys, Values, Entries };

struct DefaultIterator {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("DefaultIterator");
    IterationKind kind;
    size_t index = 0;
};
inline constexpr const char* default_iterator_target_key = DUKNET_HIDDEN("iteratorTarget");

// https://webidl.spec.whatwg.org/#es-iterable-entries (and keys, values): a new default
// iterator object whose target is this, with the given kind and index 0.
template<typename Pairs, IterationKind kind>
duk_ret_t create_default_iterator(duk_context* ctx)
{
    this_native<typename Pairs::Object>(ctx);
    duk_push_object(ctx);
    duk_push_global_stash(ctx);
    duk_get_prop_string(ctx, -1, Pairs::iterator_prototype_key);
    duk_remove(ctx, -2);
    duk_set_prototype(ctx, -2);
    attach_native(ctx, -1, std::make_unique<DefaultIterator>(DefaultIterator { kind }));
    duk_push_this(ctx);
    duk_put_prop_string(ctx, -2, default_iterator_target_key);
    return 1;
}

// https://webidl.spec.whatwg.org/#es-iterator-prototype-object: next().
template<typename Pairs>
duk_ret_t default_iterator_next(duk_context* ctx)
{
    // 1-5. Let object be this; it must be a default iterator object for the interface.
    auto& iterator = this_native<DefaultIterator>(ctx);
    duk_push_this(ctx);
    duk_get_prop_string(ctx, -1, default_iterator_target_key);
    duk_idx_t target = duk_get_top_index(ctx);
    native_or_throw<typename Pairs::Object>(ctx, target);
    // 8-10. Let values be the target's value pairs to iterate over; past its end, the result is done.
    if (iterator.index >= Pairs::size(ctx, target)) {
        push_iterator_done(ctx);
        return 1;
    }
    // 11-12. Let pair be the entry at index; increment index.
    size_t i = iterator.index++;
    // 13. Return the iterator result for pair and kind (https://webidl.spec.whatwg.org/#iterator-result).
    switch (iterator.kind) {
    case IterationKind::Keys:
        Pairs::push_key(ctx, target, i);
        break;
    case IterationKind::Values:
        Pairs::push_value(ctx, target, i);
        break;
    case IterationKind::Entries:
        duk_push_array(ctx);
        Pairs::push_key(ctx, target, i);
        duk_put_prop_index(ctx, -2, 0);
        Pairs::push_value(ctx, target, i);
        duk_put_prop_index(ctx, -2, 1);
        break;
    }
    push_iterator_result(ctx);
    return 1;
}

// Defines entries, keys, values and @@iterator (the entries function itself) on the prototype
// at `prototype`, and stashes the iterator prototype, whose class string is `iterator_tag`.
template<typename Pairs>
void define_pair_iterable(duk_context* ctx, duk_idx_t prototype, const char* iterator_tag)
{
    prototype = duk_normalize_index(ctx, prototype);
    define_method(ctx, prototype, "entries", create_default_iterator<Pairs, IterationKind::Entries>, 0, 0);
    define_method(ctx, prototype, "keys", create_default_iterator<Pairs, IterationKind::Keys>, 0, 0);
    define_method(ctx, prototype, "values", create_default_iterator<Pairs, IterationKind::Values>, 0, 0);
    duk_push_string(ctx, DUK_WELLKNOWN_SYMBOL("Symbol.iterator"));
    duk_get_prop_string(ctx, prototype, "entries");
    duk_def_prop(ctx, prototype, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
    duk_push_global_stash(ctx);
    push_iterator_prototype(ctx, default_iterator_next<Pairs>, iterator_tag);
    duk_put_prop_string(ctx, -2, Pairs::iterator_prototype_key);
    duk_pop(ctx);
}

} // namespace duknet::bindings
