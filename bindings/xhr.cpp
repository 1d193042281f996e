// XMLHttpRequest (https://xhr.spec.whatwg.org/): the state machine runs here, on the
// document's thread, over the loader; its events are dispatched through dom_events/.
#include "bindings/blob.h"
#include "bindings/body.h"
#include "bindings/event_bindings.h"
#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/received_bytes.h"
#include "bindings/runtime.h"
#include "loader/header_parsing.h"
#include "loader/headers.h"
#include "net/encoding.h"
#include "net/mime_type.h"

#include <algorithm>
#include <cstring>

namespace duknet::bindings {

namespace {

using Clock = dom::Clock;

// https://xhr.spec.whatwg.org/#xmlhttprequesteventtarget
class XMLHttpRequestUpload final : public dom::EventTarget {
};

class XMLHttpRequest final : public dom::EventTarget, public std::enable_shared_from_this<XMLHttpRequest> {
public:
    enum class State : uint16_t { Unsent = 0, Opened = 1, HeadersReceived = 2, Loading = 3, Done = 4 };

    explicit XMLHttpRequest(Runtime& runtime)
        : m_runtime(runtime)
        , m_upload(std::make_shared<XMLHttpRequestUpload>())
    {
    }
    ~XMLHttpRequest() override
    {
        if (m_loader)
            m_loader->cancel();
    }

    State state() const { return m_state; }
    const std::shared_ptr<XMLHttpRequestUpload>& upload() const { return m_upload; }
    bool synchronous() const { return m_synchronous; }

    void open(duk_context*, std::string_view method, std::string_view url, bool async,
              const std::optional<std::string>& username, const std::optional<std::string>& password);
    void set_request_header(duk_context*, std::string_view name, std::string_view value);
    void send(duk_context*, std::optional<ExtractedBody> body);
    void abort();

    uint32_t timeout() const { return m_timeout; }
    void set_timeout(duk_context*, uint32_t);
    bool with_credentials() const { return m_with_credentials; }
    void set_with_credentials(duk_context*, bool);
    const std::string& response_type() const { return m_response_type; }
    void set_response_type(duk_context*, std::string);
    void override_mime_type(duk_context*, std::string_view mime);

    unsigned status() const { return m_response ? m_response->status : 0; }
    std::string status_text() const { return m_response ? m_response->status_text : std::string(); }
    std::string response_url() const { return m_response ? m_response->url().serialize(true) : std::string(); }
    std::optional<std::string> get_response_header(std::string_view name) const;
    std::string get_all_response_headers() const;
    // https://xhr.spec.whatwg.org/#text-response
    std::string text_response() const;
    // https://xhr.spec.whatwg.org/#json-response (the text to parse)
    std::string json_text() const { return net::utf8_decode(received_bytes()); }
    // https://xhr.spec.whatwg.org/#final-mime-type
    net::MimeType final_mime_type() const;
    std::string_view received_bytes() const { return m_received_bytes.view(m_runtime.context(), wrapper()); }
    // Pushes the buffer holding the received bytes (past their end it is spare capacity).
    void push_received_bytes_buffer(duk_context* ctx) const { m_received_bytes.push_buffer(ctx, wrapper()); }

    // Fetch's reports, for the send() that is current.
    void process_request_body_chunk_length(uint64_t transmitted, uint64_t length);
    void process_response(loader::Response);
    void process_body_chunk(net::BodyChunk);
    void handle_response_end_of_body();
    void process_failure(loader::Failure);

private:
    void fire(dom::EventTarget&, const char* type);
    void fire_progress(dom::EventTarget&, const char* type, uint64_t transmitted, uint64_t length);
    void request_error_steps(const char* event, const char* exception_name);
    void handle_errors();
    void terminate_fetch();
    uint64_t response_length() const;
    void keep_alive_while_fetching(bool);
    void end_keep_alive_unless_opened_again(uint64_t generation);

    Runtime& m_runtime;
    std::shared_ptr<XMLHttpRequestUpload> m_upload;
    State m_state = State::Unsent;
    bool m_send_flag = false;
    bool m_synchronous = false;
    bool m_upload_complete = false;
    bool m_upload_listener = false;
    bool m_timed_out = false;
    uint32_t m_timeout = 0;
    bool m_with_credentials = false;
    std::string m_response_type;
    std::optional<net::MimeType> m_override_mime_type;

    std::string m_request_method;
    net::URL m_request_url;
    net::HeaderList m_author_request_headers;
    std::shared_ptr<const net::Bytes> m_request_body;

    // The response; empty when it is a network error (or there is none yet).
    std::optional<loader::Response> m_response;
    // Kept on the wrapper, so that an arraybuffer response is that buffer, not a copy of it.
    ReceivedBytes m_received_bytes;
    std::optional<Clock::time_point> m_last_body_progress;
    std::optional<Clock::time_point> m_last_upload_progress;

    std::shared_ptr<loader::ThreadableLoader> m_loader;
    std::shared_ptr<loader::LoaderClient> m_fetch_client; // the loader holds it weakly
    // Which send() the fetch reports belong to: open() and abort() start a new one.
    uint64_t m_fetch_generation = 0;
    std::optional<uint32_t> m_retained_wrapper;
    // The exception a synchronous send() throws once the fetch is over.
    std::optional<const char*> m_pending_sync_exception;
};

// The loader's client for one send(): forwards to the XMLHttpRequest while that send() is current.
class FetchClient final : public loader::LoaderClient {
public:
    FetchClient(std::weak_ptr<XMLHttpRequest> xhr, uint64_t generation, uint64_t* current_generation)
        : m_xhr(std::move(xhr)), m_generation(generation), m_current_generation(current_generation)
    {
    }
    void did_send_data(uint64_t sent, uint64_t total) override
    {
        if (auto xhr = current())
            xhr->process_request_body_chunk_length(sent, total);
    }
    void did_receive_response(loader::Response response) override
    {
        if (auto xhr = current())
            xhr->process_response(std::move(response));
    }
    void did_receive_data(net::BodyChunk chunk) override
    {
        if (auto xhr = current())
            xhr->process_body_chunk(std::move(chunk));
    }
    void did_finish_loading() override
    {
        if (auto xhr = current())
            xhr->handle_response_end_of_body();
    }
    void did_fail(loader::Failure failure) override
    {
        if (auto xhr = current())
            xhr->process_failure(std::move(failure));
    }

private:
    std::shared_ptr<XMLHttpRequest> current()
    {
        auto xhr = m_xhr.lock();
        return xhr && *m_current_generation == m_generation ? xhr : nullptr;
    }
    std::weak_ptr<XMLHttpRequest> m_xhr;
    uint64_t m_generation;
    const uint64_t* m_current_generation; // valid while m_xhr is
};

void XMLHttpRequest::fire(dom::EventTarget& target, const char* type)
{
    fire_event(m_runtime.context(), target, dom::Event::create_trusted(type));
}

// https://xhr.spec.whatwg.org/#concept-event-fire-progress
void XMLHttpRequest::fire_progress(dom::EventTarget& target, const char* type, uint64_t transmitted, uint64_t length)
{
    std::optional<uint64_t> total;
    if (length != 0)
        total = length;
    fire_event(m_runtime.context(), target, dom::ProgressEvent::create_trusted(type, transmitted, total));
}

void XMLHttpRequest::keep_alive_while_fetching(bool keep)
{
    // An XMLHttpRequest with an active fetch must not be collected even if script dropped it.
    if (keep && !m_retained_wrapper && wrapper()) {
        duk_push_heapptr(m_runtime.context(), wrapper());
        m_retained_wrapper = m_runtime.retain(-1);
        duk_pop(m_runtime.context());
    } else if (!keep && m_retained_wrapper) {
        m_runtime.forget(*m_retained_wrapper);
        m_retained_wrapper.reset();
    }
}

void XMLHttpRequest::terminate_fetch()
{
    ++m_fetch_generation;
    if (m_loader) {
        m_loader->cancel();
        m_loader.reset();
    }
}

// https://xhr.spec.whatwg.org/#dom-xmlhttprequest-open
void XMLHttpRequest::open(duk_context* ctx, std::string_view method, std::string_view url, bool async,
                          const std::optional<std::string>& username, const std::optional<std::string>& password)
{
    // 2. If method is not a method, then throw a "SyntaxError" DOMException.
    if (!loader::is_method(method))
        throw_dom_exception(ctx, "SyntaxError", "'" + std::string(method) + "' is not a valid HTTP method.");
    // 3. If method is a forbidden method, then throw a "SecurityError" DOMException.
    if (loader::is_forbidden_method(method))
        throw_dom_exception(ctx, "SecurityError", "'" + std::string(method) + "' HTTP method is unsupported.");
    // 4. Normalize method.
    std::string normalized_method = loader::normalize_method(method);
    // 5-6. Let parsedURL be the result of encoding-parsing a URL url, relative to this's relevant
    //      settings object; if it is failure, then throw a "SyntaxError" DOMException.
    auto parsed_url = m_runtime.parse_url(url);
    if (!parsed_url)
        throw_dom_exception(ctx, "SyntaxError", "Invalid URL '" + std::string(url) + "'.");
    // 8. If parsedURL's host is non-null: set the username and password given.
    if (parsed_url->host()) {
        if (username)
            parsed_url->set_username(*username);
        if (password)
            parsed_url->set_password(*password);
    }
    // 9. If async is false, the current global object is a Window object, and either this's
    //    timeout is not 0 or this's response type is not the empty string, then throw an
    //    "InvalidAccessError" DOMException.
    if (!async && (m_timeout != 0 || !m_response_type.empty()))
        throw_dom_exception(ctx, "InvalidAccessError",
            "Synchronous requests must not set a timeout or a response type.");
    // 10. Terminate this's fetch controller.
    terminate_fetch();
    keep_alive_while_fetching(false);
    // 12. Set variables associated with the object.
    m_send_flag = false;
    m_upload_listener = false;
    m_request_method = std::move(normalized_method);
    m_request_url = std::move(*parsed_url);
    m_synchronous = !async;
    m_author_request_headers.clear();
    m_response.reset();
    m_received_bytes.clear(m_runtime.context(), wrapper());
    m_request_body.reset();
    // 13. If this's state is not opened, then: set it to opened, fire readystatechange.
    if (m_state != State::Opened) {
        m_state = State::Opened;
        fire(*this, "readystatechange");
    }
}

// https://xhr.spec.whatwg.org/#dom-xmlhttprequest-setrequestheader
void XMLHttpRequest::set_request_header(duk_context* ctx, std::string_view name, std::string_view value)
{
    // 1-2. If this's state is not opened, or this's send flag is set, throw an "InvalidStateError".
    if (m_state != State::Opened || m_send_flag)
        throw_dom_exception(ctx, "InvalidStateError", "The object's state must be OPENED.");
    // 3. Normalize value.
    std::string normalized = loader::normalize_header_value(value);
    // 4. If name is not a header name or value is not a header value, throw a "SyntaxError".
    if (!loader::is_header_name(name))
        throw_dom_exception(ctx, "SyntaxError", "'" + std::string(name) + "' is not a valid HTTP header field name.");
    if (!loader::is_header_value(normalized))
        throw_dom_exception(ctx, "SyntaxError", "'" + normalized + "' is not a valid HTTP header field value.");
    // 5. If (name, value) is a forbidden request-header, then return.
    if (loader::is_forbidden_request_header(name, normalized))
        return;
    // 6. Combine (name, value) in this's author request headers.
    loader::header_list_combine(m_author_request_headers, name, normalized);
}

void XMLHttpRequest::set_timeout(duk_context* ctx, uint32_t timeout)
{
    // 1. If the current global object is a Window object and this's synchronous flag is set,
    //    then throw an "InvalidAccessError" DOMException.
    if (m_synchronous)
        throw_dom_exception(ctx, "InvalidAccessError", "Timeouts cannot be set for synchronous requests.");
    m_timeout = timeout;
}

void XMLHttpRequest::set_with_credentials(duk_context* ctx, bool value)
{
    // 1-2. If this's state is not unsent or opened, or this's send flag is set, throw an
    //      "InvalidStateError" DOMException.
    if ((m_state != State::Unsent && m_state != State::Opened) || m_send_flag)
        throw_dom_exception(ctx, "InvalidStateError", "The value may only be set before send().");
    m_with_credentials = value;
}

void XMLHttpRequest::set_response_type(duk_context* ctx, std::string type)
{
    // WebIDL: a value that is not an XMLHttpRequestResponseType is ignored.
    static constexpr std::string_view types[] = { "", "arraybuffer", "blob", "document", "json", "text" };
    if (std::find(std::begin(types), std::end(types), type) == std::end(types))
        return;
    // 2. If this's state is loading or done, then throw an "InvalidStateError" DOMException.
    if (m_state == State::Loading || m_state == State::Done)
        throw_dom_exception(ctx, "InvalidStateError", "The response type cannot be set when loading or done.");
    // 3. If the current global object is a Window object and this's synchronous flag is set,
    //    then throw an "InvalidAccessError" DOMException.
    if (m_synchronous)
        throw_dom_exception(ctx, "InvalidAccessError", "The response type cannot be set for synchronous requests.");
    m_response_type = std::move(type);
}

void XMLHttpRequest::override_mime_type(duk_context* ctx, std::string_view mime)
{
    // 1. If this's state is loading or done, then throw an "InvalidStateError" DOMException.
    if (m_state == State::Loading || m_state == State::Done)
        throw_dom_exception(ctx, "InvalidStateError", "The MIME type cannot be overridden when loading or done.");
    // 2. Set this's override MIME type to `application/octet-stream`.
    // 3-4. If parsing mime succeeds, set this's override MIME type to the result.
    m_override_mime_type = net::MimeType::parse(mime).value_or(net::MimeType("application", "octet-stream"));
}

net::MimeType XMLHttpRequest::final_mime_type() const
{
    // 1. If xhr's override MIME type is null, return the result of get a response MIME type.
    if (m_override_mime_type)
        return *m_override_mime_type;
    // https://xhr.spec.whatwg.org/#response-mime-type: the extracted MIME type, or text/xml.
    auto extracted = m_response ? loader::extract_mime_type(m_response->header_list) : std::nullopt;
    return extracted.value_or(net::MimeType("text", "xml"));
}

// https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send
void XMLHttpRequest::send(duk_context* ctx, std::optional<ExtractedBody> body)
{
    // 1. If this's state is not opened, then throw an "InvalidStateError" DOMException.
    if (m_state != State::Opened)
        throw_dom_exception(ctx, "InvalidStateError", "The object's state must be OPENED.");
    // 2. If this's send flag is set, then throw an "InvalidStateError" DOMException.
    if (m_send_flag)
        throw_dom_exception(ctx, "InvalidStateError", "The object is already sending.");
    // 3. If this's request method is `GET` or `HEAD`, then set body to null.
    if (m_request_method == "GET" || m_request_method == "HEAD")
        body.reset();
    // 4. If body is not null, then:
    if (body) {
        auto original_author_content_type = loader::header_list_get(m_author_request_headers, "Content-Type");
        if (original_author_content_type) {
            // 4.4.1. If body is a string, set the `charset` parameter of the author's
            //        Content-Type to `UTF-8` (the bytes sent are UTF-8).
            if (body->is_string) {
                std::string lower = loader::ascii_lowercase(*original_author_content_type);
                size_t charset = lower.find("charset=");
                if (charset != std::string::npos) {
                    size_t value_start = charset + 8;
                    size_t value_end = lower.find(';', value_start);
                    std::string value = lower.substr(value_start, value_end == std::string::npos ? std::string::npos : value_end - value_start);
                    if (value != "utf-8" && value != "\"utf-8\"") {
                        std::string fixed = original_author_content_type->substr(0, value_start) + "UTF-8"
                            + (value_end == std::string::npos ? "" : original_author_content_type->substr(value_end));
                        loader::header_list_set(m_author_request_headers, "Content-Type", fixed);
                    }
                }
            }
        } else if (body->type) {
            // 4.5. Otherwise, if extractedContentType is not null, set `Content-Type`.
            m_author_request_headers.emplace_back("Content-Type", *body->type);
        }
        m_request_body = std::move(body->bytes);
    } else {
        m_request_body.reset();
    }
    // 5. If one or more event listeners are registered on this's upload object, then set this's
    //    upload listener flag.
    m_upload_listener = m_upload->has_event_listeners();
    // 6. Let req be a new request.
    loader::Request request;
    request.method = m_request_method;
    request.url = m_request_url;
    request.header_list = m_author_request_headers;
    request.body = m_request_body;
    request.timeout = std::chrono::milliseconds(m_timeout);
    request.report_upload_progress = true;
    request.body_block_headroom = m_runtime.body_block_headroom();
    // https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send step 6: mode "cors", credentials per
    // withCredentials, the use-CORS-preflight flag if the upload has listeners.
    request.origin = m_runtime.origin();
    request.mode = loader::Request::Mode::Cors;
    request.credentials_mode = m_with_credentials ? loader::Request::CredentialsMode::Include
                                                  : loader::Request::CredentialsMode::SameOrigin;
    request.use_cors_preflight = m_upload_listener;
    request.unsafe_request = true;
    // 7. Unset this's upload complete flag. 8. Unset this's timed out flag.
    m_upload_complete = false;
    m_timed_out = false;
    // 9. If req's body is null, then set this's upload complete flag.
    if (!m_request_body)
        m_upload_complete = true;
    // 10. Set this's send flag.
    m_send_flag = true;
    // (The progress throttles belong to this fetch's steps.)
    m_last_body_progress.reset();
    m_last_upload_progress.reset();

    uint64_t generation = ++m_fetch_generation;
    if (m_synchronous) {
        // 12. Otherwise, if this's synchronous flag is set: fetch, pausing this thread (and
        //     only it) until the response is complete or the timeout expires.
        FetchClient client(weak_from_this(), generation, &m_fetch_generation);
        loader::ThreadableLoader::load_synchronously(m_runtime.loader_context(), std::move(request), client);
        // The exception the fetch ended with is thrown now that the fetch is over.
        if (m_pending_sync_exception) {
            auto name = *std::exchange(m_pending_sync_exception, std::nullopt);
            throw_dom_exception(ctx, name, name == std::string("TimeoutError") ? "The request timed out." : "A network error occurred.");
        }
        return;
    }

    // 11.1. Fire a progress event named loadstart at this with 0 and 0.
    fire_progress(*this, "loadstart", 0, 0);
    // 11.2-11.3. If this's upload complete flag is unset and this's upload listener flag is set,
    //            then fire a progress event named loadstart at this's upload object.
    uint64_t request_body_length = m_request_body ? m_request_body->size() : 0;
    if (!m_upload_complete && m_upload_listener)
        fire_progress(*m_upload, "loadstart", 0, request_body_length);
    // 11.4. If this's state is not opened or this's send flag is unset, then return.
    if (m_state != State::Opened || !m_send_flag || m_fetch_generation != generation)
        return;
    // 11.9. Set this's fetch controller to the result of fetching req.
    m_fetch_client = std::make_shared<FetchClient>(weak_from_this(), generation, &m_fetch_generation);
    m_loader = loader::ThreadableLoader::start(m_runtime.loader_context(), std::move(request), m_fetch_client);
    keep_alive_while_fetching(true);
}

// https://xhr.spec.whatwg.org/#dom-xmlhttprequest-abort
void XMLHttpRequest::abort()
{
    // 1. Abort this's fetch controller.
    terminate_fetch();
    uint64_t generation = m_fetch_generation;
    // 2. If this's state is opened with this's send flag set, headers received, or loading,
    //    then run the request error steps for this and abort.
    if ((m_state == State::Opened && m_send_flag) || m_state == State::HeadersReceived || m_state == State::Loading)
        request_error_steps("abort", "AbortError");
    // 3. If this's state is done, then set this's state to unsent and this's response to a
    //    network error. (No readystatechange event is dispatched.)
    if (m_state == State::Done) {
        m_state = State::Unsent;
        m_response.reset();
    }
    // (Called from a listener of a fetch's last events, it ends that fetch's keep-alive.)
    end_keep_alive_unless_opened_again(generation);
}

// processRequestBodyChunkLength and processRequestEndOfBody (https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send 11.5-11.7).
void XMLHttpRequest::process_request_body_chunk_length(uint64_t transmitted, uint64_t length)
{
    if (transmitted < length) {
        // 11.5.2. If not roughly 50ms have passed since these steps were last invoked, then return.
        auto now = Clock::now();
        if (m_last_upload_progress && now - *m_last_upload_progress < std::chrono::milliseconds(50))
            return;
        m_last_upload_progress = now;
        // 11.5.3. If this's upload listener flag is set, then fire progress at this's upload object.
        if (m_upload_listener)
            fire_progress(*m_upload, "progress", transmitted, length);
        return;
    }
    // processRequestEndOfBody: 1. Set this's upload complete flag.
    m_upload_complete = true;
    // 2. If this's upload listener flag is unset, then return.
    if (!m_upload_listener)
        return;
    // 3-5. Fire progress, load and loadend at this's upload object.
    uint64_t generation = m_fetch_generation;
    for (const char* type : { "progress", "load", "loadend" }) {
        fire_progress(*m_upload, type, transmitted, length);
        if (m_fetch_generation != generation)
            return;
    }
}

uint64_t XMLHttpRequest::response_length() const
{
    // https://fetch.spec.whatwg.org/#header-list-extract-length; not an integer: 0. A decoded
    // body's length is unknown too: progress then counts decoded bytes with no total, as
    // Chromium does (and web-platform-tests accept).
    return m_response ? m_response->body_length().value_or(0) : 0;
}

// processResponse (https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send 11.8)
void XMLHttpRequest::process_response(loader::Response response)
{
    // 1. Set this's response to response.
    m_response = std::move(response);
    // (A synchronous request reports only once the whole body is in.)
    if (m_synchronous) {
        m_state = State::HeadersReceived;
        return;
    }
    // 3. Set this's state to headers received.
    m_state = State::HeadersReceived;
    // 4. Fire an event named readystatechange at this.
    fire(*this, "readystatechange");
    // 5. If this's state is not headers received, then return (a listener moved it on).
}

// processBodyChunk (https://xhr.spec.whatwg.org/#dom-xmlhttprequest-send 11.8.9)
void XMLHttpRequest::process_body_chunk(net::BodyChunk bytes)
{
    if (m_state != State::HeadersReceived && m_state != State::Loading)
        return;
    // 1. Append bytes to this's received bytes.
    m_received_bytes.append(m_runtime.context(), wrapper(), std::move(bytes));
    if (m_synchronous)
        return;
    // 2. If not roughly 50ms have passed since these steps were last invoked, then return.
    auto now = Clock::now();
    if (m_last_body_progress && now - *m_last_body_progress < std::chrono::milliseconds(50))
        return;
    m_last_body_progress = now;
    uint64_t generation = m_fetch_generation;
    // 3. If this's state is headers received, then set this's state to loading.
    if (m_state == State::HeadersReceived)
        m_state = State::Loading;
    // 4. Fire an event named readystatechange at this.
    fire(*this, "readystatechange");
    if (m_fetch_generation != generation)
        return;
    // 5. Fire a progress event named progress at this with received bytes' length and length.
    fire_progress(*this, "progress", m_received_bytes.size(), response_length());
}

// https://xhr.spec.whatwg.org/#handle-response-end-of-body
void XMLHttpRequest::handle_response_end_of_body()
{
    m_loader.reset();
    // 1. Handle errors for this.
    // 2. If this's response is a network error, then return.
    if (!m_response || !m_send_flag)
        return;
    if (m_state != State::HeadersReceived && m_state != State::Loading)
        return;
    uint64_t generation = m_fetch_generation;
    // 3. Let transmitted be this's received bytes's length.
    uint64_t transmitted = m_received_bytes.size();
    m_received_bytes.trim(m_runtime.context(), wrapper());
    // (Taking a large body over runs a garbage collection: a finalizer may have opened this again.)
    if (m_fetch_generation != generation)
        return;
    // 4. Let length be the result of extracting a length from this's response's header list.
    uint64_t length = response_length();
    // 5. If this's synchronous flag is unset, then fire a progress event named progress.
    if (!m_synchronous) {
        fire_progress(*this, "progress", transmitted, length);
        if (m_fetch_generation != generation)
            return;
    }
    // 6. Set this's state to done. 7. Unset this's send flag.
    m_state = State::Done;
    m_send_flag = false;
    // 8-10. Fire readystatechange, then load and loadend.
    fire(*this, "readystatechange");
    if (m_fetch_generation != generation)
        return;
    fire_progress(*this, "load", transmitted, length);
    if (m_fetch_generation != generation)
        return;
    fire_progress(*this, "loadend", transmitted, length);
    end_keep_alive_unless_opened_again(generation);
}

// Once the last event of a fetch is fired: until then the object stays alive, even if script
// holds it nowhere, for its listeners. A listener that opened it again (or aborted it) took
// care of that already.
void XMLHttpRequest::end_keep_alive_unless_opened_again(uint64_t generation)
{
    if (m_fetch_generation == generation)
        keep_alive_while_fetching(false);
}

void XMLHttpRequest::process_failure(loader::Failure failure)
{
    m_loader.reset();
    // https://xhr.spec.whatwg.org/#handle-errors
    // 1. If xhr's send flag is unset, then return.
    if (!m_send_flag)
        return;
    // 2. If xhr's timed out flag is set, then run the request error steps for timeout.
    if (failure.reason == loader::Failure::Reason::Timeout) {
        m_timed_out = true;
        return request_error_steps("timeout", "TimeoutError");
    }
    // 4. Otherwise, the response is a network error: the request error steps for error.
    request_error_steps("error", "NetworkError");
}

// https://xhr.spec.whatwg.org/#request-error-steps
void XMLHttpRequest::request_error_steps(const char* event, const char* exception_name)
{
    uint64_t generation = m_fetch_generation;
    // 1. Set xhr's state to done. 2. Unset xhr's send flag.
    m_state = State::Done;
    m_send_flag = false;
    // 3. Set xhr's response to a network error.
    m_response.reset();
    m_received_bytes.clear(m_runtime.context(), wrapper());
    // 4. If xhr's synchronous flag is set, then throw exception (once send() returns).
    if (m_synchronous) {
        m_pending_sync_exception = exception_name;
        return end_keep_alive_unless_opened_again(generation);
    }
    // 5. Fire an event named readystatechange at xhr.
    fire(*this, "readystatechange");
    if (m_fetch_generation != generation)
        return;
    // 6. If xhr's upload complete flag is unset, then set it and, if xhr's upload listener flag
    //    is set, fire event and loadend at xhr's upload object with 0 and 0.
    if (!m_upload_complete) {
        m_upload_complete = true;
        if (m_upload_listener) {
            fire_progress(*m_upload, event, 0, 0);
            if (m_fetch_generation != generation)
                return;
            fire_progress(*m_upload, "loadend", 0, 0);
            if (m_fetch_generation != generation)
                return;
        }
    }
    // 7-8. Fire a progress event named event, then loadend, at xhr with 0 and 0.
    fire_progress(*this, event, 0, 0);
    if (m_fetch_generation != generation)
        return;
    fire_progress(*this, "loadend", 0, 0);
    end_keep_alive_unless_opened_again(generation);
}

std::optional<std::string> XMLHttpRequest::get_response_header(std::string_view name) const
{
    // (The loader's filtered response holds only what script may see.)
    if (!m_response)
        return std::nullopt;
    return loader::header_list_get(m_response->header_list, name);
}

// https://xhr.spec.whatwg.org/#dom-xmlhttprequest-getallresponseheaders
std::string XMLHttpRequest::get_all_response_headers() const
{
    std::string output;
    if (!m_response)
        return output;
    // 2. Let initialHeaders be the result of running sort and combine with the header list.
    for (auto& [name, value] : loader::header_list_sort_and_combine(m_response->header_list))
        output += name + ": " + value + "\r\n";
    return output;
}

std::string XMLHttpRequest::text_response() const
{
    // 1. If xhr's response's body is null, then return the empty string.
    if (!m_response)
        return {};
    // 2. Let charset be the result of get a final encoding for xhr
    //    (https://xhr.spec.whatwg.org/#final-charset): the override MIME type's charset, else the
    //    response MIME type's, as an encoding.
    std::optional<net::Encoding> charset;
    auto response_mime = m_response ? loader::extract_mime_type(m_response->header_list) : std::nullopt;
    std::optional<std::string> label = response_mime ? response_mime->parameter("charset") : std::nullopt;
    if (m_override_mime_type) {
        if (auto override_label = m_override_mime_type->parameter("charset"))
            label = override_label;
    }
    if (label)
        charset = net::get_an_encoding(*label);
    // 3. (XML documents' own encoding declarations: there is no XML parser here.)
    // 4. If charset is null, then set charset to UTF-8.
    // 5. Return the result of running decode on xhr's received bytes using charset (a BOM wins).
    return net::decode(received_bytes(), charset.value_or(net::Encoding::utf8()));
}

// Script glue --------------------------------------------------------------------------------


// The response object cached on the wrapper (json, arraybuffer) belongs to one response.
void forget_cached_response(duk_context* ctx)
{
    duk_push_this(ctx);
    duk_del_prop_string(ctx, -1, DUKNET_HIDDEN("response"));
    duk_pop(ctx);
}

duk_ret_t xhr_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'XMLHttpRequest': Please use the 'new' operator");
    duk_push_this(ctx);
    attach_target(ctx, -1, std::make_shared<XMLHttpRequest>(Runtime::from(ctx)));
    return 0;
}

duk_ret_t illegal_constructor(duk_context* ctx)
{
    throw_type_error(ctx, "Illegal constructor");
}

duk_ret_t xhr_open(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    require_arguments(ctx, "XMLHttpRequest", "open", 2);
    std::string method = to_byte_string(ctx, 0);
    std::string url = to_utf8(ctx, 1);
    // open(method, url) is asynchronous; open(method, url, async, username, password) says.
    bool async = duk_get_top(ctx) < 3 || duk_to_boolean(ctx, 2);
    duk_set_top(ctx, 5);
    std::optional<std::string> username, password;
    if (!duk_is_null_or_undefined(ctx, 3))
        username = to_utf8(ctx, 3);
    if (!duk_is_null_or_undefined(ctx, 4))
        password = to_utf8(ctx, 4);
    xhr.open(ctx, method, url, async, username, password);
    forget_cached_response(ctx);
    return 0;
}

duk_ret_t xhr_set_request_header(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    require_arguments(ctx, "XMLHttpRequest", "setRequestHeader", 2);
    xhr.set_request_header(ctx, to_byte_string(ctx, 0), to_byte_string(ctx, 1));
    return 0;
}

duk_ret_t xhr_send(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    std::optional<ExtractedBody> body;
    if (!duk_is_null_or_undefined(ctx, 0))
        body = extract_body(ctx, 0);
    forget_cached_response(ctx);
    xhr.send(ctx, std::move(body));
    return 0;
}

duk_ret_t xhr_abort(duk_context* ctx)
{
    this_target<XMLHttpRequest>(ctx).abort();
    return 0;
}

duk_ret_t xhr_get_response_header(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    require_arguments(ctx, "XMLHttpRequest", "getResponseHeader", 1);
    auto value = xhr.get_response_header(to_byte_string(ctx, 0));
    if (value)
        push_latin1(ctx, *value);
    else
        duk_push_null(ctx);
    return 1;
}

duk_ret_t xhr_get_all_response_headers(duk_context* ctx)
{
    push_latin1(ctx, this_target<XMLHttpRequest>(ctx).get_all_response_headers());
    return 1;
}

duk_ret_t xhr_override_mime_type(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    require_arguments(ctx, "XMLHttpRequest", "overrideMimeType", 1);
    // A MIME type is a byte string: code units above U+00FF cannot be part of a valid one.
    xhr.override_mime_type(ctx, to_latin1(ctx, 0, '\0').value());
    return 0;
}

duk_ret_t xhr_ready_state(duk_context* ctx)
{
    duk_push_uint(ctx, unsigned(this_target<XMLHttpRequest>(ctx).state()));
    return 1;
}

duk_ret_t xhr_timeout(duk_context* ctx)
{
    duk_push_uint(ctx, this_target<XMLHttpRequest>(ctx).timeout());
    return 1;
}

duk_ret_t xhr_set_timeout(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    xhr.set_timeout(ctx, duk_to_uint32(ctx, 0));
    return 0;
}

duk_ret_t xhr_with_credentials(duk_context* ctx)
{
    duk_push_boolean(ctx, this_target<XMLHttpRequest>(ctx).with_credentials());
    return 1;
}

duk_ret_t xhr_set_with_credentials(duk_context* ctx)
{
    this_target<XMLHttpRequest>(ctx).set_with_credentials(ctx, duk_to_boolean(ctx, 0));
    return 0;
}

duk_ret_t xhr_upload(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    duk_push_this(ctx);
    if (!duk_get_prop_string(ctx, -1, DUKNET_HIDDEN("upload"))) {
        duk_pop(ctx);
        duk_push_object(ctx);
        push_prototype(ctx, "XMLHttpRequestUpload");
        duk_set_prototype(ctx, -2);
        attach_target(ctx, -1, xhr.upload());
        duk_dup_top(ctx);
        duk_put_prop_string(ctx, -3, DUKNET_HIDDEN("upload"));
    }
    return 1;
}

duk_ret_t xhr_response_url(duk_context* ctx)
{
    push_utf8(ctx, this_target<XMLHttpRequest>(ctx).response_url());
    return 1;
}

duk_ret_t xhr_status(duk_context* ctx)
{
    duk_push_uint(ctx, this_target<XMLHttpRequest>(ctx).status());
    return 1;
}

duk_ret_t xhr_status_text(duk_context* ctx)
{
    push_latin1(ctx, this_target<XMLHttpRequest>(ctx).status_text());
    return 1;
}

duk_ret_t xhr_response_type(duk_context* ctx)
{
    duk_push_string(ctx, this_target<XMLHttpRequest>(ctx).response_type().c_str());
    return 1;
}

duk_ret_t xhr_set_response_type(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    xhr.set_response_type(ctx, to_utf8(ctx, 0));
    return 0;
}

bool loading_or_done(const XMLHttpRequest& xhr)
{
    return xhr.state() == XMLHttpRequest::State::Loading || xhr.state() == XMLHttpRequest::State::Done;
}

// https://xhr.spec.whatwg.org/#dom-xmlhttprequest-responsetext
duk_ret_t xhr_response_text(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    // 1. If this's response type is not the empty string or "text", throw an "InvalidStateError".
    if (!xhr.response_type().empty() && xhr.response_type() != "text")
        throw_dom_exception(ctx, "InvalidStateError", "responseText is only available if responseType is '' or 'text'.");
    // 2. If this's state is not loading or done, then return the empty string.
    if (!loading_or_done(xhr)) {
        duk_push_string(ctx, "");
        return 1;
    }
    // 3. Return the result of getting a text response for this.
    push_utf8(ctx, xhr.text_response());
    return 1;
}

duk_ret_t parse_json(duk_context* ctx, void*)
{
    duk_json_decode(ctx, -1);
    return 1;
}

// https://xhr.spec.whatwg.org/#dom-xmlhttprequest-response
duk_ret_t xhr_response(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    const std::string& type = xhr.response_type();
    // 1. If this's response type is the empty string or "text": the text response while loading or done.
    if (type.empty() || type == "text")
        return xhr_response_text(ctx);
    // 2. If this's state is not done, then return null.
    if (xhr.state() != XMLHttpRequest::State::Done || type == "document") {
        duk_push_null(ctx);
        return 1;
    }
    // 3-4. The response object, created once.
    duk_push_this(ctx);
    if (duk_get_prop_string(ctx, -1, DUKNET_HIDDEN("response")))
        return 1;
    duk_pop(ctx);
    std::string_view bytes = xhr.received_bytes();
    if (type == "blob") {
        // https://xhr.spec.whatwg.org/#blob-response: a Blob of the received bytes whose type is
        // the final MIME type.
        auto shared = std::make_shared<const std::string>(bytes);
        push_blob(ctx, BlobData { shared, 0, shared->size(), xhr.final_mime_type().serialize() });
    } else if (type == "arraybuffer") {
        // 6. Set this's response object to a new ArrayBuffer object representing the received bytes.
        xhr.push_received_bytes_buffer(ctx);
        duk_push_buffer_object(ctx, -1, 0, bytes.size(), DUK_BUFOBJ_ARRAYBUFFER);
        duk_remove(ctx, -2);
    } else {
        // json: 1-2. If the response body is empty, return null. 3. Parse JSON from bytes
        // (UTF-8, BOM removed); on an exception, return null.
        push_utf8(ctx, xhr.json_text());
        if (bytes.empty() || duk_safe_call(ctx, parse_json, nullptr, 1, 1) != DUK_EXEC_SUCCESS) {
            duk_pop(ctx);
            duk_push_null(ctx);
        }
    }
    duk_dup_top(ctx);
    duk_put_prop_string(ctx, -3, DUKNET_HIDDEN("response"));
    return 1;
}

duk_ret_t xhr_response_xml(duk_context* ctx)
{
    auto& xhr = this_target<XMLHttpRequest>(ctx);
    // 1. If this's response type is not the empty string or "document", throw an "InvalidStateError".
    if (!xhr.response_type().empty() && xhr.response_type() != "document")
        throw_dom_exception(ctx, "InvalidStateError", "responseXML is only available if responseType is '' or 'document'.");
    // There is no DOM to build a document in: always null.
    duk_push_null(ctx);
    return 1;
}

void define_ready_state_constants(duk_context* ctx, duk_idx_t object)
{
    define_constant(ctx, object, "UNSENT", 0);
    define_constant(ctx, object, "OPENED", 1);
    define_constant(ctx, object, "HEADERS_RECEIVED", 2);
    define_constant(ctx, object, "LOADING", 3);
    define_constant(ctx, object, "DONE", 4);
}

} // namespace

void install_xhr(Runtime& runtime)
{
    duk_context* ctx = runtime.context();

    define_class(ctx, "XMLHttpRequestEventTarget", illegal_constructor, 0, "EventTarget");
    for (const char* type : { "loadstart", "progress", "abort", "error", "load", "timeout", "loadend" })
        define_event_handler_attribute(ctx, -1, type);
    duk_pop(ctx);

    define_class(ctx, "XMLHttpRequestUpload", illegal_constructor, 0, "XMLHttpRequestEventTarget");
    duk_pop(ctx);

    define_class(ctx, "XMLHttpRequest", xhr_constructor, 0, "XMLHttpRequestEventTarget");
    define_event_handler_attribute(ctx, -1, "readystatechange");
    define_method(ctx, -1, "open", xhr_open, DUK_VARARGS, 2);
    define_method(ctx, -1, "setRequestHeader", xhr_set_request_header, DUK_VARARGS, 2);
    define_method(ctx, -1, "send", xhr_send, 1, 0);
    define_method(ctx, -1, "abort", xhr_abort, 0, 0);
    define_method(ctx, -1, "getResponseHeader", xhr_get_response_header, DUK_VARARGS, 1);
    define_method(ctx, -1, "getAllResponseHeaders", xhr_get_all_response_headers, 0, 0);
    define_method(ctx, -1, "overrideMimeType", xhr_override_mime_type, DUK_VARARGS, 1);
    define_accessor(ctx, -1, "readyState", xhr_ready_state);
    define_accessor(ctx, -1, "timeout", xhr_timeout, xhr_set_timeout);
    define_accessor(ctx, -1, "withCredentials", xhr_with_credentials, xhr_set_with_credentials);
    define_accessor(ctx, -1, "upload", xhr_upload);
    define_accessor(ctx, -1, "responseURL", xhr_response_url);
    define_accessor(ctx, -1, "status", xhr_status);
    define_accessor(ctx, -1, "statusText", xhr_status_text);
    define_accessor(ctx, -1, "responseType", xhr_response_type, xhr_set_response_type);
    define_accessor(ctx, -1, "response", xhr_response);
    define_accessor(ctx, -1, "responseText", xhr_response_text);
    define_accessor(ctx, -1, "responseXML", xhr_response_xml);
    define_ready_state_constants(ctx, -1);
    duk_pop(ctx);
    duk_get_global_string(ctx, "XMLHttpRequest");
    define_ready_state_constants(ctx, -1);
    duk_pop(ctx);
}

} // namespace duknet::bindings
