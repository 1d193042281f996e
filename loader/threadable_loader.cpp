#include "loader/threadable_loader.h"

#include "loader/cors.h"
#include "loader/header_parsing.h"
#include "loader/headers.h"
#include "net/base64.h"
#include "net/data_url.h"
#include "net/io_thread.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace duknet::loader {

// Sends tasks to the requesting thread, in order, in one go.
using Poster = std::function<void(std::vector<dom::Task>)>;

static std::vector<dom::Task> one_task(dom::Task task)
{
    std::vector<dom::Task> tasks;
    tasks.push_back(std::move(task));
    return tasks;
}

// Flow control between the threads, like the data pipe between Chromium's network service and a
// renderer: at most this much of a body travels up not yet taken by the client; past it the
// socket is not read until the requesting thread catches up, however busy its script is.
// Without it a fast server filled memory as fast as it could send (1.5 GB in the 2 s a script
// was busy). The requesting thread acknowledges what its client took a quarter of it at a time.
static constexpr uint64_t pipe_capacity = 4 * 1024 * 1024;
static constexpr uint64_t acknowledgement_batch = pipe_capacity / 4;

// The requesting thread's side of one load. It may be destroyed on either thread (messages in
// flight hold it), so every member is safe to destroy anywhere; it is only used on its own thread.
struct ThreadableLoader::State {
    State(LoaderContext& context)
        : context(context)
        , activity(std::in_place, context.event_loop())
    {
    }

    template<typename Callback>
    void with_client(Callback&& callback)
    {
        if (finished)
            return;
        if (sync_client)
            return callback(*sync_client);
        if (auto client = weak_client.lock())
            return callback(*client);
        // The client is gone: nobody is listening any more.
        finish();
        cancel_network();
    }

    // After the client took `bytes` of the body.
    void did_consume(uint64_t bytes)
    {
        unacknowledged += bytes;
        if (unacknowledged >= acknowledgement_batch && !finished)
            acknowledge_network(std::exchange(unacknowledged, 0));
    }

    // Ends the load on the requesting side: no more reports, no more keeping the loop alive.
    void finish()
    {
        finished = true;
        activity.reset();
        if (timeout_timer)
            context.event_loop().clear_timer(std::exchange(timeout_timer, 0));
    }

    LoaderContext& context;
    std::weak_ptr<LoaderClient> weak_client;
    LoaderClient* sync_client = nullptr;
    bool finished = false;
    std::optional<dom::EventLoop::PendingActivity> activity;
    int32_t timeout_timer = 0;
    std::function<void()> cancel_network;
    std::function<void(bool)> pause_network;
    std::function<void()> stream_network;
    std::function<void(uint64_t)> acknowledge_network;
    uint64_t unacknowledged = 0;
};

namespace {

bool is_redirect_status(unsigned status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// https://fetch.spec.whatwg.org/#request-body-header-name
bool is_request_body_header_name(std::string_view name)
{
    for (std::string_view body_header : { "Content-Encoding", "Content-Language", "Content-Location", "Content-Type" }) {
        if (net::header_name_equals(name, body_header))
            return true;
    }
    return false;
}

// https://fetch.spec.whatwg.org/#fetching steps 12-13 (default `Accept`), the user agent's
// `User-Agent`, and the codings it decodes.
void append_default_headers(net::HeaderList& headers)
{
    auto has = [&](std::string_view name) { return net::first_header_value(headers, name).has_value(); };
    if (!has("Accept"))
        headers.emplace_back("Accept", "*/*");
    if (!has("User-Agent"))
        headers.emplace_back("User-Agent", "duknet/0.1");
    // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step 8.17 (scripts cannot set it).
    if (!has("Accept-Encoding"))
        headers.emplace_back("Accept-Encoding", "gzip, deflate, br");
}

// The task that reports a network error to the requesting thread.
dom::Task failure_task(const std::shared_ptr<ThreadableLoader::State>& state, std::string detail)
{
    return [state, detail = std::move(detail)] {
        state->with_client([&](LoaderClient& client) {
            state->finish();
            state->context.observe_failure(detail);
            client.did_fail(Failure { Failure::Reason::NetworkError, detail });
        });
    };
}

// The network side of one load: main fetch, CORS preflight and one HTTP transaction per redirect
// hop. Lives on the I/O thread; everything it learns goes up as owned messages through `post`.
class NetworkFetch final : public net::TransactionDelegate, public std::enable_shared_from_this<NetworkFetch> {
public:
    NetworkFetch(net::IoThread& io, std::shared_ptr<CorsPreflightCache> preflight_cache, Request request, Poster post,
                 std::shared_ptr<ThreadableLoader::State> state)
        : m_io(io)
        , m_preflight_cache(std::move(preflight_cache))
        , m_request(std::move(request))
        , m_post(std::move(post))
        , m_state(std::move(state))
    {
        m_url_list.push_back(m_request.url);
    }

    void cancel()
    {
        m_cancelled = true;
        if (m_transaction)
            m_transaction->cancel();
        m_transaction.reset();
    }

    void set_paused(bool paused)
    {
        m_paused = paused;
        update_transaction_paused();
    }

    // The client keeps no more of the body than it consumes: no block for this or later hops.
    void read_body_in_chunks()
    {
        m_request.body_block_headroom.reset();
        if (m_transaction)
            m_transaction->read_body_in_chunks();
    }

    // The requesting thread's client took `bytes` of the body.
    void did_consume(uint64_t bytes)
    {
        m_unconsumed -= bytes;
        update_transaction_paused();
    }

    // https://fetch.spec.whatwg.org/#concept-main-fetch
    void main_fetch()
    {
        if (m_cancelled)
            return;
        const net::URL& url = current_url();
        // 7. If should request be blocked as mixed content returns blocked, return a network error
        //    (https://w3c.github.io/webappsec-mixed-content/: an https: client may not fetch http:
        //    unless the URL is potentially trustworthy, as loopback is).
        if (m_request.origin.scheme() == "https" && url.scheme() == "http" && !(url.host() && net::is_loopback_host(*url.host())))
            return fail("blocked as mixed content");
        // 12. If recursive is false, then run the remaining steps in parallel... with the first
        //     matching statement:
        if (url.origin().is_same_origin(m_request.origin) && m_tainting == Response::Type::Basic)
            return http_fetch(); // request's current URL's origin is same origin with request's origin
        if (m_request.mode == Request::Mode::SameOrigin)
            return fail("cross-origin request in \"same-origin\" mode");
        if (m_request.mode == Request::Mode::NoCors) {
            // If request's redirect mode is not "follow", then return a network error.
            if (m_request.redirect_mode != Request::RedirectMode::Follow)
                return fail("cross-origin \"no-cors\" request without \"follow\" redirects");
            // Set request's response tainting to "opaque".
            m_tainting = Response::Type::Opaque;
            return http_fetch();
        }
        // request's use-CORS-preflight flag is set, or its unsafe-request flag is set and either its
        // method is not CORS-safelisted or it has CORS-unsafe request-header names: tainting "cors",
        // and a CORS-preflight fetch first (unless the preflight cache already says yes).
        m_tainting = Response::Type::Cors;
        if (needs_preflight())
            return cors_preflight_fetch();
        http_fetch();
    }

    void on_upload_progress(uint64_t sent, uint64_t total) override
    {
        if (!m_request.report_upload_progress)
            return;
        send_up([state = m_state, sent, total] {
            state->with_client([&](LoaderClient& client) { client.did_send_data(sent, total); });
        });
    }

    void on_response_head(net::ResponseHead head) override
    {
        // https://fetch.spec.whatwg.org/#concept-http-fetch 4.3 (and 4.4 for redirects): a
        // response to a CORS request passes the CORS check, or script learns nothing of it.
        std::string why;
        if (m_tainting == Response::Type::Cors && !cors_check(m_request, serialized_origin(), head.headers, why))
            return abandon_transaction("CORS check failed: " + why);
        // https://fetch.spec.whatwg.org/#concept-http-network-or-cache-fetch step 14: a 401 to a
        // request whose URL carries credentials is retried once with them (there is no user to
        // prompt), unless the response is a CORS one.
        if (head.status == 401 && m_tainting != Response::Type::Cors && includes_credentials()
            && current_url().includes_credentials() && !m_authentication_fetch) {
            m_authentication_fetch = true;
            m_retrying = true;
            return;
        }
        if (is_redirect_status(head.status)) {
            if (auto location = net::first_header_value(head.headers, "Location")) {
                // https://fetch.spec.whatwg.org/#concept-http-fetch step 8: redirect mode.
                if (m_request.redirect_mode == Request::RedirectMode::Error)
                    return abandon_transaction("redirect while redirect mode is \"error\"");
                if (m_request.redirect_mode == Request::RedirectMode::Follow) {
                    // The redirect's own body is read to its end (keeping the connection
                    // reusable) and dropped; the next hop starts on completion.
                    m_redirect_location = std::move(location);
                    m_redirect_status = head.status;
                    m_retrying = true;
                    return;
                }
                // "manual": an opaque-redirect filtered response.
                return deliver_response(std::move(head), Response::Type::OpaqueRedirect);
            }
        }
        deliver_response(std::move(head), m_tainting);
    }

    void on_body_data(net::BodyChunk chunk) override
    {
        if (m_retrying || m_drop_body) {
            // A body dropped is not kept whole either (this stops after the next read). A
            // cancel leaves no transaction while its last reads still report.
            if (chunk.block() && m_transaction)
                m_transaction->read_body_in_chunks();
            return;
        }
        uint64_t held = chunk.held_bytes();
        m_unconsumed += held;
        update_transaction_paused();
        send_up([state = m_state, chunk = std::move(chunk), held]() mutable {
            state->with_client([&](LoaderClient& client) { client.did_receive_data(std::move(chunk)); });
            state->did_consume(held);
        });
    }

    void on_complete() override
    {
        m_transaction.reset();
        if (m_retrying)
            return m_redirect_location ? http_redirect_fetch() : http_fetch();
        send_up([state = m_state] {
            state->with_client([&](LoaderClient& client) {
                state->finish();
                client.did_finish_loading();
            });
        });
    }

    void on_failure(net::NetworkFailure failure) override
    {
        m_transaction.reset();
        fail(std::string(net::to_string(failure.kind)) + ": " + failure.detail);
    }

private:
    const net::URL& current_url() const { return m_url_list.back(); }

    // https://fetch.spec.whatwg.org/#serializing-a-request-origin
    std::string serialized_origin() const
    {
        // 1. If request's tainted origin flag is set, then return "null".
        return m_tainted_origin ? "null" : m_request.origin.serialize();
    }

    std::string credentials_key_url() const { return current_url().serialize(); }

    bool includes_credentials() const
    {
        // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step 8.2 (includeCredentials)
        return m_request.credentials_mode == Request::CredentialsMode::Include
            || (m_request.credentials_mode == Request::CredentialsMode::SameOrigin && m_tainting == Response::Type::Basic);
    }

    void fail(std::string why)
    {
        send_up(failure_task(m_state, m_request.method + " " + current_url().serialize() + ": " + why));
    }

    // What one network-thread handler reports goes up together once the handler returns: a small
    // response's head, body and end, which arrive in one read, then wake the requesting thread
    // once instead of once each as they were posted apart.
    void send_up(dom::Task task)
    {
        m_outbox.push_back(std::move(task));
        if (m_outbox.size() == 1)
            m_io.post([self = shared_from_this()] { self->m_post(std::exchange(self->m_outbox, {})); });
    }

    // Drops the current transaction (its connection with it) and fails the load.
    void abandon_transaction(std::string why)
    {
        cancel();
        fail(std::move(why));
    }

    void deliver_response(net::ResponseHead head, Response::Type type)
    {
        Response response;
        response.status = head.status;
        response.status_text = std::move(head.status_text);
        response.header_list = std::move(head.headers);
        response.url_list = m_url_list;
        response.body_expected = m_request.method != "HEAD" && head.status != 204 && head.status != 304;
        response.content_decoded = head.content_decoded;
        filter_response(response, type, m_request.credentials_mode);
        // An opaque response's body is read (keeping the connection reusable) but never shown.
        m_drop_body = !response.body_expected;
        send_up([state = m_state, response = std::move(response)]() mutable {
            state->with_client([&](LoaderClient& client) { client.did_receive_response(std::move(response)); });
        });
    }

    // https://fetch.spec.whatwg.org/#append-a-request-origin-header
    void append_request_origin_header(net::HeaderList& headers) const
    {
        // 1. Let serializedOrigin be the result of byte-serializing a request origin with request.
        std::string origin = serialized_origin();
        // 2. If request's response tainting is "cors", append (`Origin`, serializedOrigin).
        if (m_tainting == Response::Type::Cors) {
            headers.emplace_back("Origin", origin);
            return;
        }
        // 3. Otherwise, if request's method is neither `GET` nor `HEAD`: the default referrer
        //    policy (strict-origin-when-cross-origin) sends the origin unless it downgrades
        //    https to http.
        if (m_request.method == "GET" || m_request.method == "HEAD")
            return;
        if (m_request.origin.scheme() == "https" && current_url().scheme() != "https")
            origin = "null";
        headers.emplace_back("Origin", origin);
    }

    bool needs_preflight() const
    {
        auto unsafe_names = cors_unsafe_request_header_names(m_request.header_list);
        if (!m_request.use_cors_preflight
            && !(m_request.unsafe_request && (!is_cors_safelisted_method(m_request.method) || !unsafe_names.empty())))
            return false;
        // https://fetch.spec.whatwg.org/#cors-preflight-fetch-0: no preflight if the cache matches
        // the method (or it is safelisted) and every unsafe header name.
        if (m_request.use_cors_preflight)
            return true;
        CorsPreflightCache::Key key { serialized_origin(), credentials_key_url(), m_request.credentials_mode == Request::CredentialsMode::Include };
        auto now = CorsPreflightCache::Clock::now();
        if (!is_cors_safelisted_method(m_request.method) && !m_preflight_cache->has_method(key, m_request.method, now))
            return true;
        return std::any_of(unsafe_names.begin(), unsafe_names.end(),
            [&](auto& name) { return !m_preflight_cache->has_header_name(key, name, now); });
    }

    // https://fetch.spec.whatwg.org/#cors-preflight-fetch-0
    void cors_preflight_fetch();
    void process_preflight_response(const net::ResponseHead&);

    // https://fetch.spec.whatwg.org/#concept-http-fetch (the network part: cookies and caching
    // are the network thread's)
    void http_fetch()
    {
        m_retrying = false;
        m_drop_body = false;
        net::HttpRequest http_request { m_request.method, current_url(), m_request.header_list, m_request.body };
        append_request_origin_header(http_request.headers);
        // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step 8.22: on the
        // authentication fetch, the URL's credentials become an `Authorization` header.
        if (m_authentication_fetch && !net::first_header_value(http_request.headers, "Authorization")) {
            auto user_and_password = net::percent_decode(current_url().username()) + ":" + net::percent_decode(current_url().password());
            http_request.headers.emplace_back("Authorization", "Basic " + net::base64_encode(user_and_password));
        }
        append_default_headers(http_request.headers);
        http_request.include_credentials = includes_credentials();
        http_request.initiator_origin = m_request.origin;
        http_request.ignore_connection_limit = m_request.synchronous;
        http_request.body_block_headroom = m_request.body_block_headroom;
        m_transaction = m_io.start(std::move(http_request), shared_from_this());
        m_transaction_paused = false;
        update_transaction_paused();
    }

    // The transaction reads while the client wants the body and the pipe has room.
    void update_transaction_paused()
    {
        bool paused = m_paused || m_unconsumed >= pipe_capacity;
        if (m_transaction && paused != m_transaction_paused) {
            m_transaction_paused = paused;
            m_transaction->set_paused(paused);
        }
    }

    // https://fetch.spec.whatwg.org/#http-redirect-fetch
    void http_redirect_fetch()
    {
        const net::URL& current = current_url();
        // 3. Let locationURL be actualResponse's location URL given request's current URL's fragment.
        auto location_url = net::URL::parse(*m_redirect_location, &current);
        // 5. If locationURL is failure, then return a network error.
        if (!location_url)
            return fail("redirect to an invalid URL '" + *m_redirect_location + "'");
        // (location URL step 4: a Location without a fragment inherits the request's.)
        if (!location_url->fragment() && current.fragment())
            location_url->set_hash(*current.fragment());
        // 6. If locationURL's scheme is not an HTTP(S) scheme, then return a network error.
        if (location_url->scheme() != "http" && location_url->scheme() != "https")
            return fail("redirect to a non-HTTP(S) URL " + location_url->serialize());
        // 7. If request's redirect count is 20, then return a network error.
        if (m_redirect_count == 20)
            return fail("more than 20 redirects");
        // 8. Increase request's redirect count by 1.
        ++m_redirect_count;
        // 9. If request's mode is "cors", locationURL includes credentials, and request's origin
        //    is not same origin with locationURL's origin, then return a network error.
        if (m_request.mode == Request::Mode::Cors && location_url->includes_credentials()
            && !m_request.origin.is_same_origin(location_url->origin()))
            return fail("cross-origin redirect to a URL with credentials");
        // 10. If request's response tainting is "cors" and locationURL includes credentials,
        //     then return a network error.
        if (m_tainting == Response::Type::Cors && location_url->includes_credentials())
            return fail("CORS redirect to a URL with credentials");
        // 12. If one of the following is true: status is 301 or 302 and request's method is
        //     `POST`; status is 303 and request's method is not `GET` or `HEAD`: set request's
        //     method to `GET` and request's body to null, and remove each request-body-header
        //     name from request's header list.
        if (((m_redirect_status == 301 || m_redirect_status == 302) && m_request.method == "POST")
            || (m_redirect_status == 303 && m_request.method != "GET" && m_request.method != "HEAD")) {
            m_request.method = "GET";
            m_request.body.reset();
            std::erase_if(m_request.header_list, [](auto& header) { return is_request_body_header_name(header.first); });
        }
        // 13. If request's current URL's origin is not same origin with locationURL's origin,
        //     then remove `Authorization` from request's header list.
        if (!current.origin().is_same_origin(location_url->origin()))
            std::erase_if(m_request.header_list, [](auto& header) { return net::header_name_equals(header.first, "Authorization"); });
        // 14. If request's current URL's origin is not same origin with locationURL's origin and
        //     request's origin is not same origin with request's current URL's origin, then set
        //     request's tainted origin flag.
        if (!current.origin().is_same_origin(location_url->origin()) && !m_request.origin.is_same_origin(current.origin()))
            m_tainted_origin = true;
        // 16. Append locationURL to request's URL list.
        m_url_list.push_back(std::move(*location_url));
        m_redirect_location.reset();
        // 19. Return the result of running main fetch given fetchParams and true.
        main_fetch();
    }

    net::IoThread& m_io;
    std::shared_ptr<CorsPreflightCache> m_preflight_cache;
    Request m_request;
    Poster m_post;
    std::vector<dom::Task> m_outbox; // see send_up()
    std::shared_ptr<ThreadableLoader::State> m_state; // only carried in messages, never used here
    std::shared_ptr<net::Transaction> m_transaction;
    std::vector<net::URL> m_url_list;
    Response::Type m_tainting = Response::Type::Basic;
    bool m_tainted_origin = false;
    unsigned m_redirect_count = 0;
    // The response's body is read and dropped, then the request goes again (redirect or 401).
    bool m_retrying = false;
    bool m_authentication_fetch = false;
    bool m_drop_body = false;
    unsigned m_redirect_status = 0;
    std::optional<std::string> m_redirect_location;
    bool m_cancelled = false;
    bool m_paused = false; // by the client
    bool m_transaction_paused = false;
    uint64_t m_unconsumed = 0; // bytes of body posted up and not yet acknowledged
};

// The CORS-preflight request's own reports; its outcome goes back to the fetch it guards.
class PreflightDelegate final : public net::TransactionDelegate {
public:
    using Outcome = std::function<void(std::optional<net::ResponseHead>, std::string failure)>;
    explicit PreflightDelegate(Outcome outcome)
        : m_outcome(std::move(outcome))
    {
    }
    void on_upload_progress(uint64_t, uint64_t) override { }
    void on_response_head(net::ResponseHead head) override { m_head = std::move(head); }
    void on_body_data(net::BodyChunk) override { }
    void on_complete() override { m_outcome(std::move(m_head), {}); }
    void on_failure(net::NetworkFailure failure) override
    {
        m_outcome(std::nullopt, std::string(net::to_string(failure.kind)) + ": " + failure.detail);
    }

private:
    Outcome m_outcome;
    std::optional<net::ResponseHead> m_head;
};

void NetworkFetch::cors_preflight_fetch()
{
    // 1. Let preflight be a new request whose method is `OPTIONS`, URL list is a clone of
    //    request's URL list, initiator, destination, origin, referrer, referrer policy, mode,
    //    tainted origin flag are request's, and response tainting is "cors".
    net::HttpRequest preflight;
    preflight.method = "OPTIONS";
    preflight.url = current_url();
    // 2. Append (`Accept`, `*/*`) to preflight's header list.
    preflight.headers.emplace_back("Accept", "*/*");
    // 3. Append (`Access-Control-Request-Method`, request's method) to preflight's header list.
    preflight.headers.emplace_back("Access-Control-Request-Method", m_request.method);
    // 4-5. Let headers be the CORS-unsafe request-header names with request's header list; if it
    //      is not empty, append (`Access-Control-Request-Headers`, headers joined by `,`).
    auto names = cors_unsafe_request_header_names(m_request.header_list);
    if (!names.empty()) {
        std::string value;
        for (auto& name : names)
            value += (value.empty() ? "" : ",") + name;
        preflight.headers.emplace_back("Access-Control-Request-Headers", value);
    }
    preflight.headers.emplace_back("Origin", serialized_origin());
    append_default_headers(preflight.headers);
    // 6. Let response be the result of running HTTP-network-or-cache fetch given a new fetch
    //    params whose request is preflight (credentials are never sent with a preflight).
    preflight.include_credentials = false;
    preflight.ignore_connection_limit = m_request.synchronous;
    auto self = shared_from_this();
    m_transaction = m_io.start(std::move(preflight), std::make_shared<PreflightDelegate>(
        [self](std::optional<net::ResponseHead> head, std::string failure) {
            self->m_transaction.reset();
            if (self->m_cancelled)
                return;
            if (!head)
                return self->fail("CORS preflight failed: " + failure);
            self->process_preflight_response(*head);
        }));
}

void NetworkFetch::process_preflight_response(const net::ResponseHead& head)
{
    CorsPreflightCache::Key key { serialized_origin(), credentials_key_url(), m_request.credentials_mode == Request::CredentialsMode::Include };
    auto failed = [&](std::string why) {
        // https://fetch.spec.whatwg.org/#cors-preflight-fetch-0: a failed preflight clears the
        // cache entries for its origin and URL.
        m_preflight_cache->clear(key.origin, key.url);
        fail("CORS preflight failed: " + why);
    };
    // 7. If a CORS check for request and response returns success and response's status is an ok status:
    std::string why;
    if (!cors_check(m_request, serialized_origin(), head.headers, why))
        return failed(why);
    if (head.status < 200 || head.status > 299)
        return failed("status " + std::to_string(head.status));
    // 7.1-7.3. Let methods and headerNames be the extracted Access-Control-Allow-Methods and
    //          -Allow-Headers; if either is failure, return a network error.
    auto methods_result = extract_header_list_values("Access-Control-Allow-Methods", head.headers);
    auto header_names_result = extract_header_list_values("Access-Control-Allow-Headers", head.headers);
    if (methods_result.is_failure() || header_names_result.is_failure())
        return failed("malformed Access-Control-Allow-Methods or -Allow-Headers");
    std::vector<std::string> methods = methods_result.has_value() ? methods_result.value : std::vector<std::string> {};
    std::vector<std::string> header_names = header_names_result.has_value() ? header_names_result.value : std::vector<std::string> {};
    // 7.4. If methods is null and request's use-CORS-preflight flag is set, then set methods to
    //      a new list containing request's method.
    if (methods_result.is_null() && m_request.use_cors_preflight)
        methods = { m_request.method };
    bool include = key.credentials;
    auto contains = [](const std::vector<std::string>& list, std::string_view item) {
        return std::find(list.begin(), list.end(), item) != list.end();
    };
    auto contains_header = [&](std::string_view name) {
        return std::any_of(header_names.begin(), header_names.end(), [&](auto& n) { return net::header_name_equals(n, name); });
    };
    // 7.6. If request's method is not in methods, request's method is not a CORS-safelisted
    //      method, and request's credentials mode is "include" or methods does not contain `*`,
    //      then return a network error.
    if (!contains(methods, m_request.method) && !is_cors_safelisted_method(m_request.method) && (include || !contains(methods, "*")))
        return failed("method " + m_request.method + " not allowed");
    // 7.7. If one of request's header list's names is a CORS non-wildcard request-header name and
    //      is not a byte-case-insensitive match for an item in headerNames, return a network error.
    for (auto& [name, value] : m_request.header_list) {
        if (net::header_name_equals(name, "Authorization") && !contains_header(name))
            return failed("Authorization not allowed");
    }
    // 7.8. For each unsafeName in the CORS-unsafe request-header names with request's header list:
    //      if unsafeName is not in headerNames and request's credentials mode is "include" or
    //      headerNames does not contain `*`, return a network error.
    auto unsafe_names = cors_unsafe_request_header_names(m_request.header_list);
    for (auto& name : unsafe_names) {
        if (!contains_header(name) && (include || !contains(header_names, "*")))
            return failed("header " + name + " not allowed");
    }
    // 7.9-7.10. Let max-age be the extracted Access-Control-Max-Age, or the default; capped.
    auto max_age = preflight_max_age(header_list_get(head.headers, "Access-Control-Max-Age"));
    // 7.12-7.13. Add or update cache entries for each method and header name.
    auto expiry = CorsPreflightCache::Clock::now() + max_age;
    for (auto& method : methods)
        m_preflight_cache->add_method(key, method, expiry);
    for (auto& name : header_names)
        m_preflight_cache->add_header_name(key, name, expiry);
    // https://fetch.spec.whatwg.org/#concept-http-fetch 4.1.3: then the fetch itself.
    http_fetch();
}


// https://fetch.spec.whatwg.org/#scheme-fetch for "data": served without the network, still
// through the requesting thread's task queue like any response.
void data_url_fetch(const Request& request, const Poster& post, const std::shared_ptr<ThreadableLoader::State>& state)
{
    // 1. Let dataURLStruct be the result of running the data: URL processor on request's URL.
    auto data = net::process_data_url(request.url);
    // 2. If dataURLStruct is failure, then return a network error.
    if (!data)
        return post(one_task(failure_task(state, request.method + " " + request.url.serialize() + ": invalid data: URL")));
    // 3-5. Return a response whose status message is `OK`, whose header list is
    //      « (`Content-Type`, mimeType) », and whose body is dataURLStruct's body.
    Response response;
    response.status = 200;
    response.status_text = "OK";
    response.header_list.emplace_back("Content-Type", data->mime_type.serialize());
    response.url_list.push_back(request.url);
    net::Bytes body(data->body.begin(), data->body.end());
    post(one_task([state, response = std::move(response), body = std::move(body)]() mutable {
        state->with_client([&](LoaderClient& client) { client.did_receive_response(std::move(response)); });
        state->with_client([&](LoaderClient& client) {
            if (!body.empty())
                client.did_receive_data(std::move(body));
        });
        state->with_client([&](LoaderClient& client) {
            state->finish();
            client.did_finish_loading();
        });
    }));
}

// Starts the fetch; gives the requesting thread its handles on the network side.
void start_fetch(LoaderContext& context, Request request, Poster post, const std::shared_ptr<ThreadableLoader::State>& state)
{
    state->cancel_network = [] {};
    state->pause_network = [](bool) {};
    state->stream_network = [] {};
    state->acknowledge_network = [](uint64_t) {};
    if (request.url.scheme() == "data")
        return data_url_fetch(request, post, state);
    if (request.url.scheme() != "http" && request.url.scheme() != "https") {
        return post(one_task(failure_task(state, request.method + " " + request.url.serialize() + ": the \"" + request.url.scheme()
                + ":\" scheme cannot be fetched")));
    }
    auto fetch = std::make_shared<NetworkFetch>(context.io(), context.preflight_cache(), std::move(request), std::move(post), state);
    net::IoThread& io = context.io();
    // The state holds the network side weakly: the network side holds the state (to report),
    // and stays alive through the work in flight on the network thread.
    std::weak_ptr<NetworkFetch> weak_fetch = fetch;
    io.post([fetch] { fetch->main_fetch(); });
    state->cancel_network = [&io, weak_fetch] {
        io.post([weak_fetch] {
            if (auto fetch = weak_fetch.lock())
                fetch->cancel();
        });
    };
    state->pause_network = [&io, weak_fetch](bool paused) {
        io.post([weak_fetch, paused] {
            if (auto fetch = weak_fetch.lock())
                fetch->set_paused(paused);
        });
    };
    state->stream_network = [&io, weak_fetch] {
        io.post([weak_fetch] {
            if (auto fetch = weak_fetch.lock())
                fetch->read_body_in_chunks();
        });
    };
    state->acknowledge_network = [&io, weak_fetch](uint64_t bytes) {
        io.post([weak_fetch, bytes] {
            if (auto fetch = weak_fetch.lock())
                fetch->did_consume(bytes);
        });
    };
}

} // namespace

LoaderContext::LoaderContext(net::IoThread& io, dom::EventLoop& loop)
    : m_io(io)
    , m_loop(loop)
    , m_preflight_cache(std::make_shared<CorsPreflightCache>())
{
}

ThreadableLoader::ThreadableLoader(std::shared_ptr<State> state)
    : m_state(std::move(state))
{
}

ThreadableLoader::~ThreadableLoader() = default;

std::shared_ptr<ThreadableLoader> ThreadableLoader::start(LoaderContext& context, Request request,
                                                          std::weak_ptr<LoaderClient> client)
{
    auto state = std::make_shared<State>(context);
    state->weak_client = std::move(client);
    auto timeout = request.timeout;
    auto mailbox = context.event_loop().mailbox();
    Poster post = [mailbox](std::vector<dom::Task> tasks) { mailbox->post(dom::TaskSource::Networking, std::move(tasks)); };
    start_fetch(context, std::move(request), std::move(post), state);
    auto loader = std::make_shared<ThreadableLoader>(state);
    if (timeout.count() > 0) {
        std::weak_ptr<State> weak_state = state;
        state->timeout_timer = context.event_loop().set_timer(double(timeout.count()), false, [weak_state](int32_t) {
            auto state = weak_state.lock();
            if (!state)
                return;
            state->timeout_timer = 0;
            state->cancel_network();
            state->with_client([&](LoaderClient& client) {
                state->finish();
                client.did_fail(Failure { Failure::Reason::Timeout, "timed out" });
            });
        });
    }
    return loader;
}

void ThreadableLoader::cancel()
{
    if (m_state->finished)
        return;
    m_state->finish();
    m_state->cancel_network();
}

void ThreadableLoader::set_receiving_paused(bool paused)
{
    if (!m_state->finished)
        m_state->pause_network(paused);
}

void ThreadableLoader::read_body_in_chunks()
{
    if (!m_state->finished)
        m_state->stream_network();
}

// Messages of a synchronous load, taken by the blocked requesting thread alone.
class SynchronousQueue {
public:
    void post(dom::Task task)
    {
        {
            std::lock_guard lock(m_mutex);
            m_tasks.push_back(std::move(task));
        }
        m_ready.notify_one();
    }
    // Waits for the next message until `deadline`; nullopt on timeout.
    std::optional<dom::Task> take(std::optional<dom::Clock::time_point> deadline)
    {
        std::unique_lock lock(m_mutex);
        auto has_task = [&] { return !m_tasks.empty(); };
        if (deadline) {
            if (!m_ready.wait_until(lock, *deadline, has_task))
                return std::nullopt;
        } else {
            m_ready.wait(lock, has_task);
        }
        dom::Task task = std::move(m_tasks.front());
        m_tasks.pop_front();
        return task;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<dom::Task> m_tasks;
};

void ThreadableLoader::load_synchronously(LoaderContext& context, Request request, LoaderClient& client)
{
    auto state = std::make_shared<State>(context);
    state->sync_client = &client;
    std::optional<dom::Clock::time_point> deadline;
    if (request.timeout.count() > 0)
        deadline = dom::Clock::now() + request.timeout;
    auto queue = std::make_shared<SynchronousQueue>();
    request.synchronous = true;
    start_fetch(context, std::move(request), [queue](std::vector<dom::Task> tasks) {
        for (auto& task : tasks)
            queue->post(std::move(task));
    }, state);
    while (!state->finished) {
        auto task = queue->take(deadline);
        if (!task) {
            state->cancel_network();
            state->finish();
            client.did_fail(Failure { Failure::Reason::Timeout, "timed out" });
            return;
        }
        (*task)();
    }
}

} // namespace duknet::loader
