// Members every global has (https://html.spec.whatwg.org/#windoworworkerglobalscope): self,
// globalThis, atob, btoa, and a read-only `location` reflecting the document's URL.
#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/runtime.h"
#include "dom_events/event.h"
#include "net/base64.h"

#include <chrono>

namespace duknet::bindings {

namespace {

// https://html.spec.whatwg.org/#dom-btoa
duk_ret_t btoa(duk_context* ctx)
{
    require_arguments(ctx, "Window", "btoa", 1);
    // Throw an "InvalidCharacterError" DOMException if data contains any code point greater than U+00FF.
    auto bytes = to_latin1(ctx, 0);
    if (!bytes)
        throw_dom_exception(ctx, "InvalidCharacterError", "The string to be encoded contains characters outside of the Latin1 range.");
    auto encoded = net::base64_encode(*bytes);
    duk_push_lstring(ctx, encoded.data(), encoded.size());
    return 1;
}

// https://html.spec.whatwg.org/#dom-atob
duk_ret_t atob(duk_context* ctx)
{
    require_arguments(ctx, "Window", "atob", 1);
    // 1. Let decodedData be the result of running forgiving-base64 decode on data.
    auto decoded = net::forgiving_base64_decode(to_utf8(ctx, 0));
    // 2. If decodedData is failure, then throw an "InvalidCharacterError" DOMException.
    if (!decoded)
        throw_dom_exception(ctx, "InvalidCharacterError", "The string to be decoded is not correctly encoded.");
    // 3. Return decodedData, isomorphic decoded.
    push_latin1(ctx, *decoded);
    return 1;
}

duk_ret_t performance_now(duk_context* ctx)
{
    duk_push_number(ctx, dom::high_resolution_time_now());
    return 1;
}

// The time origin (when high_resolution_time_now() was 0), in milliseconds since the epoch.
double time_origin_ms()
{
    using namespace std::chrono;
    double epoch_now = duration<double, std::milli>(system_clock::now().time_since_epoch()).count();
    return epoch_now - dom::high_resolution_time_now();
}

template<std::string (net::URL::*getter)() const>
duk_ret_t location_getter(duk_context* ctx)
{
    push_utf8(ctx, (Runtime::from(ctx).document_url().*getter)());
    return 1;
}

std::string url_origin(const net::URL& url) { return url.origin().serialize(); }
std::string url_href(const net::URL& url) { return url.serialize(); }

template<std::string (*getter)(const net::URL&)>
duk_ret_t location_function_getter(duk_context* ctx)
{
    push_utf8(ctx, getter(Runtime::from(ctx).document_url()));
    return 1;
}

} // namespace

void install_window_or_worker_globals(Runtime& runtime)
{
    duk_context* ctx = runtime.context();
    duk_push_global_object(ctx);
    define_method(ctx, -1, "atob", atob, DUK_VARARGS, 1);
    define_method(ctx, -1, "btoa", btoa, DUK_VARARGS, 1);
    for (const char* name : { "self", "globalThis" }) {
        duk_push_string(ctx, name);
        duk_push_global_object(ctx);
        duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_SET_CONFIGURABLE);
    }

    // https://w3c.github.io/hr-time/#the-performance-attribute: now() on the same clock as
    // Event.timeStamp, relative to the time origin; timeOrigin in milliseconds since the epoch.
    duk_push_object(ctx);
    define_method(ctx, -1, "now", performance_now, 0, 0);
    duk_push_string(ctx, "timeOrigin");
    duk_push_number(ctx, time_origin_ms());
    duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_ENUMERABLE | DUK_DEFPROP_CLEAR_WRITABLE);
    duk_push_string(ctx, "performance");
    duk_swap_top(ctx, -2);
    duk_def_prop(ctx, -3, DUK_DEFPROP_HAVE_VALUE | DUK_DEFPROP_SET_WRITABLE | DUK_DEFPROP_SET_CONFIGURABLE | DUK_DEFPROP_FORCE);

    // https://html.spec.whatwg.org/#the-location-interface (read-only: there is no navigation)
    duk_push_object(ctx);
    define_accessor(ctx, -1, "href", location_function_getter<url_href>);
    define_accessor(ctx, -1, "origin", location_function_getter<url_origin>);
    define_accessor(ctx, -1, "protocol", location_getter<&net::URL::protocol>);
    define_accessor(ctx, -1, "host", location_getter<&net::URL::host_and_port>);
    define_accessor(ctx, -1, "hostname", location_getter<&net::URL::hostname>);
    define_accessor(ctx, -1, "port", location_getter<&net::URL::port_string>);
    define_accessor(ctx, -1, "pathname", location_getter<&net::URL::pathname>);
    define_accessor(ctx, -1, "search", location_getter<&net::URL::search>);
    define_accessor(ctx, -1, "hash", location_getter<&net::URL::hash>);
    define_method(ctx, -1, "toString", location_function_getter<url_href>, 0, 0);
    duk_put_prop_string(ctx, -2, "location");
    duk_pop(ctx);
}

} // namespace duknet::bindings
