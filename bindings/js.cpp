#include "bindings/js.h"

#include "bindings/runtime.h"

#include <cstring>

#include "dom_events/event.h"
#include "dom_events/event_target.h"

namespace duknet::bindings {

namespace {

void append_utf8(std::string& out, uint32_t code_point)
{
    if (code_point < 0x80) {
        out += char(code_point);
    } else if (code_point < 0x800) {
        out += char(0xC0 | (code_point >> 6));
        out += char(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        out += char(0xE0 | (code_point >> 12));
        out += char(0x80 | ((code_point >> 6) & 0x3F));
        out += char(0x80 | (code_point & 0x3F));
    } else {
        out += char(0xF0 | (code_point >> 18));
        out += char(0x80 | ((code_point >> 12) & 0x3F));
        out += char(0x80 | ((code_point >> 6) & 0x3F));
        out += char(0x80 | (code_point & 0x3F));
    }
}

// Decodes one extended-UTF-8 sequence (as Duktape and UTF-8 both use, surrogates allowed) at
// `i`; returns U+FFFD for an invalid one and advances past it.
uint32_t decode_sequence(std::string_view in, size_t& i, bool allow_surrogates)
{
    auto byte = [&](size_t k) { return static_cast<unsigned char>(in[k]); };
    unsigned char lead = byte(i);
    if (lead < 0x80) {
        ++i;
        return lead;
    }
    int length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
    if (lead > 0xF4 || length == 0) {
        ++i;
        return 0xFFFD;
    }
    uint32_t code_point = lead & (0xFF >> (length + 1));
    // https://encoding.spec.whatwg.org/#utf-8-decoder bounds on the second byte.
    unsigned char lower = 0x80, upper = 0xBF;
    if (lead == 0xE0) lower = 0xA0;
    if (lead == 0xED && !allow_surrogates) upper = 0x9F;
    if (lead == 0xF0) lower = 0x90;
    if (lead == 0xF4) upper = 0x8F;
    size_t k = i + 1;
    for (int n = 1; n < length; ++n, ++k) {
        if (k >= in.size() || byte(k) < (n == 1 ? lower : 0x80) || byte(k) > (n == 1 ? upper : 0xBF)) {
            i = k;
            return 0xFFFD;
        }
        code_point = (code_point << 6) | (byte(k) & 0x3F);
    }
    i = k;
    return code_point;
}

} // namespace

void push_utf8(duk_context* ctx, std::string_view utf8)
{
    // Fast path: ASCII is the same in UTF-8 and CESU-8.
    bool ascii = true;
    for (char c : utf8) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            ascii = false;
            break;
        }
    }
    if (ascii) {
        duk_push_lstring(ctx, utf8.data(), utf8.size());
        return;
    }
    std::string cesu;
    cesu.reserve(utf8.size() + utf8.size() / 2);
    for (size_t i = 0; i < utf8.size();) {
        uint32_t code_point = decode_sequence(utf8, i, false);
        if (code_point >= 0x10000) {
            code_point -= 0x10000;
            append_utf8(cesu, 0xD800 + (code_point >> 10));
            append_utf8(cesu, 0xDC00 + (code_point & 0x3FF));
        } else {
            append_utf8(cesu, code_point);
        }
    }
    duk_push_lstring(ctx, cesu.data(), cesu.size());
}

std::string to_utf8(duk_context* ctx, duk_idx_t index)
{
    duk_size_t length;
    const char* data = duk_to_lstring(ctx, index, &length);
    std::string_view cesu(data, length);
    std::string utf8;
    utf8.reserve(length);
    for (size_t i = 0; i < cesu.size();) {
        uint32_t code_unit = decode_sequence(cesu, i, true);
        if (code_unit >= 0xD800 && code_unit <= 0xDBFF && i < cesu.size()) {
            size_t next = i;
            uint32_t low = decode_sequence(cesu, next, true);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                append_utf8(utf8, 0x10000 + ((code_unit - 0xD800) << 10) + (low - 0xDC00));
                i = next;
                continue;
            }
        }
        if (code_unit >= 0xD800 && code_unit <= 0xDFFF)
            code_unit = 0xFFFD;
        append_utf8(utf8, code_unit);
    }
    return utf8;
}

std::optional<std::string> to_latin1(duk_context* ctx, duk_idx_t index, std::optional<char> wide)
{
    duk_size_t length;
    const char* data = duk_to_lstring(ctx, index, &length);
    std::string_view cesu(data, length);
    std::string bytes;
    bytes.reserve(length);
    for (size_t i = 0; i < cesu.size();) {
        uint32_t code_unit = decode_sequence(cesu, i, true);
        if (code_unit > 0xFF && !wide)
            return std::nullopt;
        bytes += code_unit > 0xFF ? *wide : char(code_unit);
    }
    return bytes;
}

std::string to_byte_string(duk_context* ctx, duk_idx_t index)
{
    auto bytes = to_latin1(ctx, index);
    if (!bytes)
        throw_type_error(ctx, "Value is not a valid ByteString");
    return std::move(*bytes);
}

void push_latin1(duk_context* ctx, std::string_view bytes)
{
    std::string cesu;
    cesu.reserve(bytes.size() * 2);
    for (unsigned char byte : bytes)
        append_utf8(cesu, byte);
    duk_push_lstring(ctx, cesu.data(), cesu.size());
}

void throw_type_error(duk_context* ctx, const std::string& message)
{
    duk_push_error_object(ctx, DUK_ERR_TYPE_ERROR, "%s", message.c_str());
    duk_throw(ctx);
    __builtin_unreachable();
}

void push_dom_exception(duk_context* ctx, const char* name, const std::string& message)
{
    duk_get_global_string(ctx, "DOMException");
    push_utf8(ctx, message);
    duk_push_string(ctx, name);
    duk_new(ctx, 2);
}

void throw_dom_exception(duk_context* ctx, const char* name, const std::string& message)
{
    push_dom_exception(ctx, name, message);
    duk_throw(ctx);
    __builtin_unreachable();
}

void name_function(duk_context* ctx, const char* name, duk_int_t length)
{
    duk_push_string(ctx, "name");
    duk_push_string(ctx, name);
    duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_FORCE | DUK_DEFPROP_SET_CONFIGURABLE);
    duk_push_string(ctx, "length");
    duk_push_int(ctx, length);
    duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_FORCE | DUK_DEFPROP_SET_CONFIGURABLE);
}

void define_method(duk_context* ctx, duk_idx_t object, const char* name, duk_c_function function, duk_idx_t nargs, duk_int_t length)
{
    object = duk_normalize_index(ctx, object);
    duk_push_c_function(ctx, function, nargs);
    name_function(ctx, name, length);
    duk_put_prop_string(ctx, object, name);
}

void define_accessor(duk_context* ctx, duk_idx_t object, const char* name, duk_c_function getter, duk_c_function setter)
{
    object = duk_normalize_index(ctx, object);
    duk_push_string(ctx, name);
    duk_push_c_function(ctx, getter, 0);
    duk_uint_t flags = DUK_DEFPROP_HAVE_GETTER | DUK_DEFPROP_SET_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE;
    if (setter) {
        duk_push_c_function(ctx, setter, 1);
        flags |= DUK_DEFPROP_HAVE_SETTER;
    }
    duk_def_prop(ctx, object, flags);
}

void define_constant(duk_context* ctx, duk_idx_t object, const char* name, double value)
{
    object = duk_normalize_index(ctx, object);
    duk_push_string(ctx, name);
    duk_push_number(ctx, value);
    duk_def_prop(ctx, object, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE | DUK_DEFPROP_SET_ENUMERABLE | DUK_DEFPROP_CLEAR_CONFIGURABLE);
}

void push_prototype(duk_context* ctx, const char* name)
{
    duk_get_global_string(ctx, name);
    duk_get_prop_string(ctx, -1, "prototype");
    duk_remove(ctx, -2);
}

void define_class(duk_context* ctx, const char* name, duk_c_function constructor, duk_int_t length, const char* parent)
{
    duk_push_c_function(ctx, constructor, DUK_VARARGS);
    name_function(ctx, name, length);
    duk_push_object(ctx); // the prototype
    if (parent) {
        push_prototype(ctx, parent);
        duk_set_prototype(ctx, -2);
        // The constructor inherits static members too (EventTarget.prototype chain for classes).
        duk_get_global_string(ctx, parent);
        duk_set_prototype(ctx, -3);
    }
    duk_dup(ctx, -2);
    duk_put_prop_string(ctx, -2, "constructor");
    define_to_string_tag(ctx, -1, name);
    duk_dup(ctx, -1);
    duk_put_prop_string(ctx, -3, "prototype");
    // Leave [constructor-on-global] and the prototype on top.
    duk_swap_top(ctx, -2);
    duk_put_global_string(ctx, name);
}

// Wrappers --------------------------------------------------------------------------------

namespace {

struct Holders {
    void* wrapper; // the object they belong to (an object inheriting from it is not that object)
    std::shared_ptr<dom::Event> event;
    std::shared_ptr<dom::EventTarget> target;
};

Holders* holders_of(duk_context* ctx, duk_idx_t wrapper)
{
    if (!duk_is_object(ctx, wrapper))
        return nullptr;
    duk_get_prop_string(ctx, wrapper, DUKNET_HIDDEN("holders"));
    auto* holders = static_cast<Holders*>(duk_get_pointer(ctx, -1));
    duk_pop(ctx);
    return holders && holders->wrapper == duk_get_heapptr(ctx, wrapper) ? holders : nullptr;
}

duk_ret_t finalize_wrapper(duk_context* ctx)
{
    // The finalizer may run more than once if the object is resurrected; the pointer is
    // removed the first time.
    auto* holders = holders_of(ctx, 0);
    if (!holders)
        return 0;
    duk_del_prop_string(ctx, 0, DUKNET_HIDDEN("holders"));
    if (holders->event)
        holders->event->set_wrapper(nullptr);
    if (holders->target)
        holders->target->set_wrapper(nullptr);
    delete holders;
    return 0;
}

Holders& ensure_holders(duk_context* ctx, duk_idx_t wrapper)
{
    wrapper = duk_normalize_index(ctx, wrapper);
    if (auto* holders = holders_of(ctx, wrapper))
        return *holders;
    note_native_wrapper(ctx);
    auto* holders = new Holders { duk_get_heapptr(ctx, wrapper), nullptr, nullptr };
    duk_push_pointer(ctx, holders);
    duk_put_prop_string(ctx, wrapper, DUKNET_HIDDEN("holders"));
    duk_push_c_function(ctx, finalize_wrapper, 1);
    duk_set_finalizer(ctx, wrapper);
    return *holders;
}

} // namespace

void note_native_wrapper(duk_context* ctx)
{
    Runtime::from(ctx).note_native_wrapper();
}

void attach_event(duk_context* ctx, duk_idx_t wrapper, std::shared_ptr<dom::Event> event)
{
    event->set_wrapper(duk_get_heapptr(ctx, wrapper));
    ensure_holders(ctx, wrapper).event = std::move(event);
}

void attach_target(duk_context* ctx, duk_idx_t wrapper, std::shared_ptr<dom::EventTarget> target)
{
    target->set_wrapper(duk_get_heapptr(ctx, wrapper));
    ensure_holders(ctx, wrapper).target = std::move(target);
}

dom::Event* event_of(duk_context* ctx, duk_idx_t wrapper)
{
    auto* holders = holders_of(ctx, wrapper);
    return holders ? holders->event.get() : nullptr;
}

dom::EventTarget* target_of(duk_context* ctx, duk_idx_t wrapper)
{
    auto* holders = holders_of(ctx, wrapper);
    return holders ? holders->target.get() : nullptr;
}

std::shared_ptr<dom::EventTarget> shared_target_of(duk_context* ctx, duk_idx_t wrapper)
{
    auto* holders = holders_of(ctx, wrapper);
    return holders ? holders->target : nullptr;
}

dom::Event& this_event(duk_context* ctx)
{
    duk_push_this(ctx);
    auto* event = event_of(ctx, -1);
    duk_pop(ctx);
    if (!event)
        throw_type_error(ctx, "Illegal invocation");
    return *event;
}

void push_event(duk_context* ctx, const std::shared_ptr<dom::Event>& event)
{
    if (event->wrapper()) {
        duk_push_heapptr(ctx, event->wrapper());
        return;
    }
    duk_push_object(ctx);
    push_prototype(ctx, dynamic_cast<dom::ProgressEvent*>(event.get()) ? "ProgressEvent" : "Event");
    duk_set_prototype(ctx, -2);
    attach_event(ctx, -1, event);
}

void push_target(duk_context* ctx, dom::EventTarget* target)
{
    if (target && target->wrapper())
        duk_push_heapptr(ctx, target->wrapper());
    else
        duk_push_null(ctx);
}

// WebIDL helpers ------------------------------------------------------------------------------

// "Failed to construct 'Interface'" or "Failed to execute 'operation' on 'Interface'".
static std::string failure_prefix(duk_context* ctx, const char* interface, const char* operation)
{
    if (duk_is_constructor_call(ctx))
        return std::string("Failed to construct '") + interface + "'";
    return std::string("Failed to execute '") + operation + "' on '" + interface + "'";
}

void require_arguments(duk_context* ctx, const char* interface, const char* operation, duk_idx_t count)
{
    duk_idx_t present = duk_get_top(ctx);
    if (present < count)
        throw_type_error(ctx, failure_prefix(ctx, interface, operation) + ": " + std::to_string(count) + " argument"
                + (count == 1 ? "" : "s") + " required, but only " + std::to_string(present) + " present.");
}

bool is_dictionary(duk_context* ctx, duk_idx_t index, const char* interface, const char* operation)
{
    if (duk_is_null_or_undefined(ctx, index))
        return false;
    if (!duk_is_object(ctx, index))
        throw_type_error(ctx, failure_prefix(ctx, interface, operation) + ": The provided value is not of type 'object'.");
    return true;
}

bool get_member(duk_context* ctx, duk_idx_t dictionary, const char* name)
{
    duk_get_prop_string(ctx, dictionary, name);
    return !duk_is_undefined(ctx, -1);
}

std::optional<std::string_view> buffer_source_bytes(duk_context* ctx, duk_idx_t index)
{
    if (!duk_is_buffer_data(ctx, index))
        return std::nullopt;
    duk_size_t size = 0;
    auto* data = static_cast<const char*>(duk_get_buffer_data(ctx, index, &size));
    return std::string_view(data, data ? size : 0);
}

void push_buffer_copy(duk_context* ctx, std::string_view bytes, duk_uint_t buffer_object_type)
{
    void* data = duk_push_fixed_buffer(ctx, bytes.size());
    if (!bytes.empty())
        std::memcpy(data, bytes.data(), bytes.size());
    duk_push_buffer_object(ctx, -1, 0, bytes.size(), buffer_object_type);
    duk_remove(ctx, -2);
}

void define_to_string_tag(duk_context* ctx, duk_idx_t prototype, const char* tag)
{
    prototype = duk_normalize_index(ctx, prototype);
    duk_push_string(ctx, DUK_WELLKNOWN_SYMBOL("Symbol.toStringTag"));
    duk_push_string(ctx, tag);
    duk_def_prop(ctx, prototype, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_CLEAR_WRITABLE | DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
}

static duk_ret_t return_this(duk_context* ctx)
{
    duk_push_this(ctx);
    return 1;
}

void push_iterator_prototype(duk_context* ctx, duk_c_function next, const char* tag)
{
    duk_push_object(ctx);
    define_method(ctx, -1, "next", next, 0, 0);
    duk_push_string(ctx, DUK_WELLKNOWN_SYMBOL("Symbol.iterator"));
    duk_push_c_function(ctx, return_this, 0);
    duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_CLEAR_ENUMERABLE | DUK_DEFPROP_SET_CONFIGURABLE);
    define_to_string_tag(ctx, -1, tag);
}

void push_iterator_result(duk_context* ctx)
{
    duk_push_object(ctx);
    duk_swap_top(ctx, -2);
    duk_put_prop_string(ctx, -2, "value");
    duk_push_false(ctx);
    duk_put_prop_string(ctx, -2, "done");
}

void push_iterator_done(duk_context* ctx)
{
    duk_push_object(ctx);
    duk_push_undefined(ctx);
    duk_put_prop_string(ctx, -2, "value");
    duk_push_true(ctx);
    duk_put_prop_string(ctx, -2, "done");
}

} // namespace duknet::bindings
