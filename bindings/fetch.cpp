// The native side of fetch.js: starting a load through the loader and reporting it to script,
// and the Fetch Standard's vocabulary that lives in C++ (headers, methods, MIME types, bodies).
#include "bindings/blob.h"
#include "bindings/body.h"
#include "bindings/form_data.h"
#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/promise.h"
#include "bindings/received_bytes.h"
#include "bindings/runtime.h"
#include "loader/header_parsing.h"
#include "loader/headers.h"
#include "net/encoding.h"

#include <cstring>
#include <optional>
#include <utility>

namespace duknet::bindings {

namespace {

// Bytes of an unread body gather up to this many before the network thread stops reading; a
// response's stream has the same high-water mark.
constexpr uint32_t network_high_water_mark = 256 * 1024;

// A load started by fetch(), reporting to the script callbacks kept on its handle object. The
// handle is kept alive (retained) until the load is over, as a browser's ongoing fetch keeps its
// response's stream alive: script may hold nothing else that reaches it while the body arrives.
// Once collected, its finalizer cancels whatever is left of the load.
//
// The body's stream is made only when script asks for it (as Chromium's BytesConsumer does):
// until then the bytes gather on the handle, and text(), arrayBuffer() and the other readers
// collect the whole body there without a stream, chunks or promises per chunk.
class ScriptFetchClient final : public loader::LoaderClient {
public:
    enum class BodyMode {
        Unclaimed, // gathering, paused at the high-water mark
        Stream,    // each chunk goes to the stream's controller
        Collect,   // gathering the whole body for a reader
    };

    ScriptFetchClient(Runtime& runtime, void* handle, uint32_t retained_handle)
        : m_runtime(runtime)
        , m_handle(handle)
        , m_retained_handle(retained_handle)
    {
    }
    void set_loader(std::weak_ptr<loader::ThreadableLoader> loader) { m_loader = std::move(loader); }
    ~ScriptFetchClient() override { release(); }

    void did_send_data(uint64_t, uint64_t) override { }

    void did_receive_response(loader::Response response) override
    {
        duk_context* ctx = m_runtime.context();
        m_header_list = std::move(response.header_list);
        call("response", [&] {
            duk_push_object(ctx);
            duk_push_string(ctx, type_name(response.type));
            duk_put_prop_string(ctx, -2, "type");
            duk_push_uint(ctx, response.status);
            duk_put_prop_string(ctx, -2, "status");
            push_latin1(ctx, response.status_text);
            duk_put_prop_string(ctx, -2, "statusText");
            duk_push_array(ctx);
            duk_uarridx_t index = 0;
            for (auto& url : response.url_list) {
                push_utf8(ctx, url.serialize());
                duk_put_prop_index(ctx, -2, index++);
            }
            duk_put_prop_string(ctx, -2, "urlList");
            duk_push_boolean(ctx, response.body_expected);
            return 2;
        });
    }

    void did_receive_data(net::BodyChunk chunk) override
    {
        duk_context* ctx = m_runtime.context();
        if (m_body_mode != BodyMode::Stream) {
            m_received.append(ctx, m_handle, std::move(chunk));
            if (m_body_mode == BodyMode::Unclaimed && m_received.size() >= network_high_water_mark)
                set_paused(true);
            return;
        }
        call("data", [&] {
            void* data = duk_push_fixed_buffer(ctx, chunk.size());
            if (!chunk.empty())
                std::memcpy(data, chunk.data(), chunk.size());
            duk_push_buffer_object(ctx, -1, 0, chunk.size(), DUK_BUFOBJ_UINT8ARRAY);
            duk_remove(ctx, -2);
            return 1;
        });
    }

    // From now on chunks go to the stream; pushes what gathered before (a Uint8Array, or null).
    void start_streaming()
    {
        m_body_mode = BodyMode::Stream;
        if (auto loader = m_loader.lock())
            loader->read_body_in_chunks();
        if (m_received.size() == 0)
            return duk_push_null(m_runtime.context());
        push_received_bytes();
    }

    // A reader wants the whole body: no more pausing.
    void start_collecting()
    {
        m_body_mode = BodyMode::Collect;
        set_paused(false);
    }

    // Pushes the response's header list as fetch.js keeps it, an array of [name, value] pairs.
    void push_header_list()
    {
        duk_context* ctx = m_runtime.context();
        duk_push_array(ctx);
        duk_uarridx_t index = 0;
        for (auto& [name, value] : m_header_list) {
            duk_push_array(ctx);
            push_latin1(ctx, name);
            duk_put_prop_index(ctx, -2, 0);
            push_latin1(ctx, value);
            duk_put_prop_index(ctx, -2, 1);
            duk_put_prop_index(ctx, -2, index++);
        }
        m_header_list = {};
    }

    // Pushes the bytes gathered so far as a Uint8Array of their own, and starts over.
    void push_received_bytes()
    {
        duk_context* ctx = m_runtime.context();
        m_received.trim(ctx, m_handle);
        m_received.push_buffer(ctx, m_handle);
        duk_push_buffer_object(ctx, -1, 0, m_received.size(), DUK_BUFOBJ_UINT8ARRAY);
        duk_remove(ctx, -2);
        m_received.clear(ctx, m_handle);
    }

    // Tells the network thread only of a change (each message wakes it).
    void set_paused(bool paused)
    {
        if (paused == m_paused)
            return;
        m_paused = paused;
        if (auto loader = m_loader.lock())
            loader->set_receiving_paused(paused);
    }

    void did_finish_loading() override
    {
        call("done", [] { return 0; });
        release();
    }

    void did_fail(loader::Failure) override
    {
        call("error", [] { return 0; });
        release();
    }

    // The load is over (finished, failed or cancelled): the handle need not be kept any more,
    // nor its callbacks, which reach the handle back: dropped, the fetch's objects are
    // freed as soon as script lets go of them, without waiting for a cycle collection.
    void release()
    {
        if (!m_retained_handle)
            return;
        duk_context* ctx = m_runtime.context();
        duk_push_heapptr(ctx, m_handle);
        duk_del_prop_string(ctx, -1, DUKNET_HIDDEN("callbacks"));
        duk_pop(ctx);
        m_runtime.forget(std::exchange(m_retained_handle, 0));
    }

private:
    static const char* type_name(loader::Response::Type type)
    {
        switch (type) {
        case loader::Response::Type::Basic: return "basic";
        case loader::Response::Type::Cors: return "cors";
        case loader::Response::Type::Default: return "default";
        case loader::Response::Type::Opaque: return "opaque";
        case loader::Response::Type::OpaqueRedirect: return "opaqueredirect";
        }
        return "default";
    }

    // Calls callbacks[name](...arguments pushed by push_arguments, which returns their count).
    template<typename PushArguments>
    void call(const char* name, PushArguments&& push_arguments)
    {
        duk_context* ctx = m_runtime.context();
        duk_push_heapptr(ctx, m_handle);
        if (!duk_get_prop_string(ctx, -1, DUKNET_HIDDEN("callbacks"))) {
            duk_pop_2(ctx); // released
            return;
        }
        duk_get_prop_string(ctx, -1, name);
        duk_swap_top(ctx, -2); // [handle, function, callbacks]
        duk_idx_t count = push_arguments();
        m_runtime.call(count);
        duk_pop_2(ctx);
    }

    Runtime& m_runtime;
    void* m_handle;
    uint32_t m_retained_handle;
    std::weak_ptr<loader::ThreadableLoader> m_loader;
    net::HeaderList m_header_list; // the response's, until script asks for them
    BodyMode m_body_mode = BodyMode::Unclaimed;
    bool m_paused = false;
    ReceivedBytes m_received;
};

struct FetchHandle {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("FetchHandle");
    ~FetchHandle()
    {
        if (loader)
            loader->cancel();
    }
    std::shared_ptr<loader::ThreadableLoader> loader;
    std::shared_ptr<ScriptFetchClient> client;
};

std::string string_member(duk_context* ctx, duk_idx_t object, const char* name)
{
    duk_get_prop_string(ctx, object, name);
    std::string value = to_utf8(ctx, -1);
    duk_pop(ctx);
    return value;
}

duk_ret_t handle_cancel(duk_context* ctx)
{
    auto& handle = this_native<FetchHandle>(ctx);
    if (handle.loader)
        handle.loader->cancel();
    handle.client->release();
    return 0;
}

duk_ret_t handle_set_paused(duk_context* ctx)
{
    this_native<FetchHandle>(ctx).client->set_paused(duk_to_boolean(ctx, 0));
    return 0;
}

// handle.stream(): the body's stream is made; returns the bytes gathered so far, or null.
duk_ret_t handle_stream(duk_context* ctx)
{
    this_native<FetchHandle>(ctx).client->start_streaming();
    return 1;
}

// handle.collect(): a reader (text(), arrayBuffer()...) takes the whole body.
duk_ret_t handle_collect(duk_context* ctx)
{
    this_native<FetchHandle>(ctx).client->start_collecting();
    return 0;
}

// handle.takeBytes(): the bytes gathered so far, as a Uint8Array of their own.
duk_ret_t handle_take_bytes(duk_context* ctx)
{
    this_native<FetchHandle>(ctx).client->push_received_bytes();
    return 1;
}

// handle.headerList(): the response's header list, once (fetch.js keeps it).
duk_ret_t handle_header_list(duk_context* ctx)
{
    this_native<FetchHandle>(ctx).client->push_header_list();
    return 1;
}

// The methods every handle inherits.
void push_handle_prototype(duk_context* ctx)
{
    duk_push_global_stash(ctx);
    if (!duk_get_prop_string(ctx, -1, "fetchHandlePrototype")) {
        duk_pop(ctx);
        duk_push_object(ctx);
        define_method(ctx, -1, "cancel", handle_cancel, 0, 0);
        define_method(ctx, -1, "setPaused", handle_set_paused, 1, 1);
        define_method(ctx, -1, "stream", handle_stream, 0, 0);
        define_method(ctx, -1, "collect", handle_collect, 0, 0);
        define_method(ctx, -1, "takeBytes", handle_take_bytes, 0, 0);
        define_method(ctx, -1, "headerList", handle_header_list, 0, 0);
        duk_dup_top(ctx);
        duk_put_prop_string(ctx, -3, "fetchHandlePrototype");
    }
    duk_remove(ctx, -2);
}

// A header list from script: an array of [name, value] pairs of ByteStrings.
net::HeaderList header_list_from_script(duk_context* ctx, duk_idx_t list)
{
    list = duk_normalize_index(ctx, list);
    net::HeaderList headers;
    duk_size_t count = duk_get_length(ctx, list);
    for (duk_uarridx_t i = 0; i < count; ++i) {
        duk_get_prop_index(ctx, list, i);
        duk_get_prop_index(ctx, -1, 0);
        duk_get_prop_index(ctx, -2, 1);
        headers.emplace_back(to_byte_string(ctx, -2), to_byte_string(ctx, -1));
        duk_pop_3(ctx);
    }
    return headers;
}

// The URL parseRequestURL last parsed on this thread, and its serialization: startFetch gets that
// serialization back from the request record right after, and parsing it again was 3.6% of
// a small fetch's instructions. (The serialization of a URL parses back to the same URL.)
thread_local std::optional<std::pair<std::string, net::URL>> t_last_request_url;

std::optional<net::URL> parse_request_record_url(const std::string& serialized)
{
    if (t_last_request_url && t_last_request_url->first == serialized)
        return t_last_request_url->second;
    return net::URL::parse(serialized);
}

// internal.startFetch(request, headerList, body, callbacks): the request record of fetch.js
// (method, url, mode, credentials, redirect), its header list and its body's bytes (or null) go
// to the loader; returns the handle.
duk_ret_t start_fetch(duk_context* ctx)
{
    auto& runtime = Runtime::from(ctx);
    loader::Request request;
    request.method = string_member(ctx, 0, "method");
    auto url = parse_request_record_url(string_member(ctx, 0, "url"));
    if (!url)
        throw_type_error(ctx, "Invalid URL");
    request.url = std::move(*url);
    request.header_list = header_list_from_script(ctx, 1);
    if (auto bytes = buffer_source_bytes(ctx, 2))
        request.body = std::make_shared<const net::Bytes>(bytes->begin(), bytes->end());
    std::string mode = string_member(ctx, 0, "mode");
    request.mode = mode == "same-origin" ? loader::Request::Mode::SameOrigin
        : mode == "no-cors"              ? loader::Request::Mode::NoCors
                                         : loader::Request::Mode::Cors;
    std::string credentials = string_member(ctx, 0, "credentials");
    request.credentials_mode = credentials == "omit" ? loader::Request::CredentialsMode::Omit
        : credentials == "include"                   ? loader::Request::CredentialsMode::Include
                                                     : loader::Request::CredentialsMode::SameOrigin;
    std::string redirect = string_member(ctx, 0, "redirect");
    request.redirect_mode = redirect == "error" ? loader::Request::RedirectMode::Error
        : redirect == "manual"                  ? loader::Request::RedirectMode::Manual
                                                : loader::Request::RedirectMode::Follow;
    request.origin = runtime.origin();
    request.unsafe_request = true;
    request.body_block_headroom = runtime.body_block_headroom();

    duk_push_object(ctx); // the handle
    duk_idx_t handle = duk_get_top_index(ctx);
    push_handle_prototype(ctx);
    duk_set_prototype(ctx, handle);
    duk_dup(ctx, 3);
    duk_put_prop_string(ctx, handle, DUKNET_HIDDEN("callbacks"));
    auto native = std::make_unique<FetchHandle>();
    native->client = std::make_shared<ScriptFetchClient>(runtime, duk_get_heapptr(ctx, handle), runtime.retain(handle));
    native->loader = loader::ThreadableLoader::start(runtime.loader_context(), std::move(request), native->client);
    native->client->set_loader(native->loader);
    attach_native(ctx, handle, std::move(native));
    return 1;
}

duk_ret_t extract_body_for_script(duk_context* ctx)
{
    auto body = extract_body(ctx, 0);
    duk_push_object(ctx);
    void* data = duk_push_fixed_buffer(ctx, body.bytes->size());
    if (!body.bytes->empty())
        std::memcpy(data, body.bytes->data(), body.bytes->size());
    duk_push_buffer_object(ctx, -1, 0, body.bytes->size(), DUK_BUFOBJ_UINT8ARRAY);
    duk_remove(ctx, -2);
    duk_put_prop_string(ctx, -2, "bytes");
    if (body.type)
        push_utf8(ctx, *body.type);
    else
        duk_push_null(ctx);
    duk_put_prop_string(ctx, -2, "type");
    return 1;
}

duk_ret_t concat_bytes(duk_context* ctx)
{
    duk_size_t total = duk_to_uint32(ctx, 1);
    auto* out = static_cast<uint8_t*>(duk_push_fixed_buffer(ctx, total));
    duk_size_t count = duk_get_length(ctx, 0);
    duk_size_t offset = 0;
    for (duk_uarridx_t i = 0; i < count; ++i) {
        duk_get_prop_index(ctx, 0, i);
        if (auto bytes = buffer_source_bytes(ctx, -1); bytes && offset + bytes->size() <= total) {
            std::memcpy(out + offset, bytes->data(), bytes->size());
            offset += bytes->size();
        }
        duk_pop(ctx);
    }
    duk_push_buffer_object(ctx, -1, 0, offset, DUK_BUFOBJ_UINT8ARRAY);
    return 1;
}

// internal.hiddenSymbol(name): a key script cannot see or enumerate (Duktape's hidden Symbols),
// for the state of the objects fetch.js makes.
duk_ret_t hidden_symbol(duk_context* ctx)
{
    std::string key = DUKNET_HIDDEN("");
    key += duk_require_string(ctx, 0);
    duk_push_lstring(ctx, key.data(), key.size());
    return 1;
}

duk_ret_t utf8_decode_for_script(duk_context* ctx)
{
    auto bytes = buffer_source_bytes(ctx, 0);
    push_utf8(ctx, net::utf8_decode(bytes.value_or(std::string_view {})));
    return 1;
}


// https://fetch.spec.whatwg.org/#concept-body-mime-type, serialized ("" when there is none).
duk_ret_t extract_mime_type_for_script(duk_context* ctx)
{
    auto mime = loader::extract_mime_type(header_list_from_script(ctx, 0));
    push_latin1(ctx, mime ? mime->serialize() : std::string());
    return 1;
}

// https://fetch.spec.whatwg.org/#dom-body-formdata: multipart/form-data or
// application/x-www-form-urlencoded bodies; null when they cannot be parsed.
duk_ret_t body_to_form_data(duk_context* ctx)
{
    std::string_view bytes = buffer_source_bytes(ctx, 0).value_or(std::string_view {});
    auto mime = net::MimeType::parse(to_latin1(ctx, 1, '\0').value());
    std::vector<FormDataEntry> entries;
    if (mime && mime->essence() == "multipart/form-data" && mime->parameter("boundary")) {
        auto parsed = parse_multipart_form_data(bytes, *mime->parameter("boundary"));
        if (!parsed) {
            duk_push_null(ctx);
            return 1;
        }
        entries = std::move(*parsed);
    } else if (mime && mime->essence() == "application/x-www-form-urlencoded") {
        for (auto& [name, value] : net::urlencoded_parse(bytes))
            entries.push_back({ name, value, std::nullopt, {} });
    } else {
        duk_push_null(ctx);
        return 1;
    }
    push_form_data(ctx, std::move(entries));
    return 1;
}

duk_ret_t parse_url_for_script(duk_context* ctx)
{
    auto url = Runtime::from(ctx).parse_url(to_utf8(ctx, 0));
    if (url)
        push_utf8(ctx, url->serialize());
    else
        duk_push_null(ctx);
    return 1;
}

duk_ret_t serialize_url_for_script(duk_context* ctx)
{
    auto url = net::URL::parse(to_utf8(ctx, 0));
    push_utf8(ctx, url ? url->serialize(duk_to_boolean(ctx, 1)) : std::string());
    return 1;
}

// https://fetch.spec.whatwg.org/#dom-request 5.1-5.3: the serialized URL a Request is made for
// from a string, parsed once.
duk_ret_t parse_request_url(duk_context* ctx)
{
    std::string input = to_utf8(ctx, 0);
    // 5.1. Let parsedURL be the result of parsing input with baseURL.
    auto url = Runtime::from(ctx).parse_url(input);
    // 5.2. If parsedURL is failure, then throw a TypeError.
    if (!url)
        throw_type_error(ctx, "Failed to construct 'Request': Invalid URL '" + input + "'");
    // 5.3. If parsedURL includes credentials, then throw a TypeError.
    if (url->includes_credentials())
        throw_type_error(ctx, "Failed to construct 'Request': Request cannot be constructed from a URL that includes credentials: " + input);
    std::string serialized = url->serialize();
    push_utf8(ctx, serialized);
    t_last_request_url.emplace(std::move(serialized), std::move(*url));
    return 1;
}

// The global fetch(), called as WebIDL calls an operation that returns a promise: without its
// required argument, a promise rejected with a TypeError; otherwise fetch.js's steps (kept by
// the function) with input and init. Those steps cannot tell fetch() from fetch(undefined)
// themselves without building an arguments object on every call.
duk_ret_t fetch_method(duk_context* ctx)
{
    // An operation is no constructor.
    if (duk_is_constructor_call(ctx))
        throw_type_error(ctx, "fetch is not a constructor");
    if (duk_get_top(ctx) == 0) {
        duk_push_error_object(ctx, DUK_ERR_TYPE_ERROR, "Failed to execute 'fetch': 1 argument required, but only 0 present.");
        push_rejected_promise(ctx, -1);
        return 1;
    }
    duk_set_top(ctx, 2);
    duk_push_current_function(ctx);
    duk_get_prop_literal(ctx, -1, DUKNET_HIDDEN("steps"));
    duk_push_undefined(ctx);
    duk_dup(ctx, 0);
    duk_dup(ctx, 1);
    duk_call_method(ctx, 2);
    return 1;
}

// internal.fetchMethod(steps): the global fetch() running steps.
duk_ret_t make_fetch_method(duk_context* ctx)
{
    duk_push_c_function(ctx, fetch_method, DUK_VARARGS);
    name_function(ctx, "fetch", 1);
    duk_dup(ctx, 0);
    duk_put_prop_literal(ctx, -2, DUKNET_HIDDEN("steps"));
    return 1;
}

// The Fetch Standard's predicates on ByteStrings (a name, or a name and a value), for fetch.js.
template<bool (*predicate)(std::string_view)>
duk_ret_t byte_string_predicate(duk_context* ctx)
{
    duk_push_boolean(ctx, predicate(to_byte_string(ctx, 0)));
    return 1;
}

template<bool (*predicate)(std::string_view, std::string_view)>
duk_ret_t byte_string_pair_predicate(duk_context* ctx)
{
    duk_push_boolean(ctx, predicate(to_byte_string(ctx, 0), to_byte_string(ctx, 1)));
    return 1;
}

duk_ret_t normalize_method(duk_context* ctx)
{
    push_latin1(ctx, loader::normalize_method(to_byte_string(ctx, 0)));
    return 1;
}

} // namespace

void install_fetch_natives(duk_context* ctx, duk_idx_t internal)
{
    define_method(ctx, internal, "startFetch", start_fetch, 4, 4);
    define_method(ctx, internal, "fetchMethod", make_fetch_method, 1, 1);
    define_method(ctx, internal, "extractBody", extract_body_for_script, 1, 1);
    define_method(ctx, internal, "concatBytes", concat_bytes, 2, 2);
    define_method(ctx, internal, "hiddenSymbol", hidden_symbol, 1, 1);
    duk_push_uint(ctx, network_high_water_mark);
    duk_put_prop_string(ctx, internal, "networkHighWaterMark");
    define_method(ctx, internal, "utf8Decode", utf8_decode_for_script, 1, 1);
    define_method(ctx, internal, "extractMimeType", extract_mime_type_for_script, 1, 1);
    define_method(ctx, internal, "bodyToFormData", body_to_form_data, 2, 2);
    define_method(ctx, internal, "parseURL", parse_url_for_script, 1, 1);
    define_method(ctx, internal, "serializeURL", serialize_url_for_script, 2, 2);
    define_method(ctx, internal, "parseRequestURL", parse_request_url, 1, 1);
    define_method(ctx, internal, "isForbiddenRequestHeader", byte_string_pair_predicate<loader::is_forbidden_request_header>, 2, 2);
    define_method(ctx, internal, "isForbiddenResponseHeaderName", byte_string_predicate<loader::is_forbidden_response_header_name>, 1, 1);
    define_method(ctx, internal, "isNoCorsSafelistedRequestHeader", byte_string_pair_predicate<loader::is_no_cors_safelisted_request_header>, 2, 2);
    define_method(ctx, internal, "isNoCorsSafelistedRequestHeaderName", byte_string_predicate<loader::is_no_cors_safelisted_request_header_name>, 1, 1);
    define_method(ctx, internal, "isForbiddenMethod", byte_string_predicate<loader::is_forbidden_method>, 1, 1);
    define_method(ctx, internal, "normalizeMethod", normalize_method, 1, 1);
}

} // namespace duknet::bindings
