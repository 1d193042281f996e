#include "loader/threadable_loader.h"

#include "net/data_url.h"
#include "net/io_thread.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace duknet::loader {

using Poster = std::function<void(dom::Task)>;

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

void post_failure(const Poster& post, const std::shared_ptr<ThreadableLoader::State>& state, std::string detail)
{
    post([state, detail = std::move(detail)] {
        state->with_client([&](LoaderClient& client) {
            state->finish();
            state->context.observe_failure(detail);
            client.did_fail(Failure { Failure::Reason::NetworkError, detail });
        });
    });
}

// The network side of one load: one HTTP transaction per redirect hop. Lives on the I/O thread;
// everything it learns goes up as owned messages through `post`.
class NetworkFetch final : public net::TransactionDelegate, public std::enable_shared_from_this<NetworkFetch> {
public:
    NetworkFetch(net::IoThread& io, Request request, Poster post, std::shared_ptr<ThreadableLoader::State> state)
        : m_io(io)
        , m_request(std::move(request))
        , m_post(std::move(post))
        , m_state(std::move(state))
    {
        m_url_list.push_back(m_request.url);
    }

    void start_transaction()
    {
        if (m_cancelled)
            return;
        m_redirecting = false;
        net::HttpRequest http_request { m_request.method, m_url_list.back(), m_request.header_list, m_request.body };
        m_transaction = m_io.start(std::move(http_request), shared_from_this());
    }

    void cancel()
    {
        m_cancelled = true;
        if (m_transaction)
            m_transaction->cancel();
        m_transaction.reset();
    }

    void on_upload_progress(uint64_t sent, uint64_t total) override
    {
        if (!m_request.report_upload_progress)
            return;
        m_post([state = m_state, sent, total] {
            state->with_client([&](LoaderClient& client) { client.did_send_data(sent, total); });
        });
    }

    void on_response_head(net::ResponseHead head) override
    {
        if (is_redirect_status(head.status) && m_request.redirect_mode != Request::RedirectMode::Manual) {
            if (auto location = net::first_header_value(head.headers, "Location")) {
                m_redirect_location = std::move(location);
                m_redirect_status = head.status;
                // The redirect's own body is read to its end (keeping the connection reusable)
                // and dropped; the next hop starts on completion.
                m_redirecting = true;
                return;
            }
        }
        Response response;
        response.status = head.status;
        response.status_text = std::move(head.status_text);
        response.header_list = std::move(head.headers);
        response.url_list = m_url_list;
        response.body_expected = m_request.method != "HEAD" && head.status != 204 && head.status != 304;
        response.content_decoded = head.content_decoded;
        m_post([state = m_state, response = std::move(response)]() mutable {
            state->with_client([&](LoaderClient& client) { client.did_receive_response(std::move(response)); });
        });
    }

    void on_body_data(net::Bytes chunk) override
    {
        if (m_redirecting)
            return;
        m_post([state = m_state, chunk = std::move(chunk)]() mutable {
            state->with_client([&](LoaderClient& client) { client.did_receive_data(std::move(chunk)); });
        });
    }

    void on_complete() override
    {
        m_transaction.reset();
        if (m_redirecting)
            return http_redirect_fetch();
        m_post([state = m_state] {
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
    void fail(std::string why)
    {
        post_failure(m_post, m_state, m_request.method + " " + m_url_list.back().serialize() + ": " + why);
    }

    // https://fetch.spec.whatwg.org/#http-redirect-fetch
    void http_redirect_fetch()
    {
        const net::URL& current_url = m_url_list.back();
        // 3. Let locationURL be actualResponse's location URL given request's current URL's fragment.
        auto location_url = net::URL::parse(*m_redirect_location, &current_url);
        // 5. If locationURL is failure, then return a network error.
        if (!location_url)
            return fail("redirect to an invalid URL '" + *m_redirect_location + "'");
        // (location URL step 4: a Location without a fragment inherits the request's.)
        if (!location_url->fragment() && current_url.fragment())
            location_url->set_hash(*current_url.fragment());
        // 6. If locationURL's scheme is not an HTTP(S) scheme, then return a network error.
        if (location_url->scheme() != "http" && location_url->scheme() != "https")
            return fail("redirect to a non-HTTP(S) URL " + location_url->serialize());
        // 7. If request's redirect count is 20, then return a network error.
        if (m_redirect_count == 20)
            return fail("more than 20 redirects");
        // 8. Increase request's redirect count by 1.
        ++m_redirect_count;
        if (m_request.redirect_mode == Request::RedirectMode::Error)
            return fail("redirect while redirect mode is \"error\"");
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
        if (!current_url.origin().is_same_origin(location_url->origin()))
            std::erase_if(m_request.header_list, [](auto& header) { return net::header_name_equals(header.first, "Authorization"); });
        // 16. Append locationURL to request's URL list.
        m_url_list.push_back(std::move(*location_url));
        m_redirect_location.reset();
        // 19. Return the result of running main fetch given fetchParams and true.
        start_transaction();
    }

    net::IoThread& m_io;
    Request m_request;
    Poster m_post;
    std::shared_ptr<ThreadableLoader::State> m_state; // only carried in messages, never used here
    std::shared_ptr<net::Transaction> m_transaction;
    std::vector<net::URL> m_url_list;
    unsigned m_redirect_count = 0;
    bool m_redirecting = false;
    unsigned m_redirect_status = 0;
    std::optional<std::string> m_redirect_location;
    bool m_cancelled = false;
};

// https://fetch.spec.whatwg.org/#fetching steps 12-13 (default `Accept`), the user agent's
// `User-Agent`, and the codings it decodes.
void append_default_headers(Request& request)
{
    auto has = [&](std::string_view name) { return net::first_header_value(request.header_list, name).has_value(); };
    if (!has("Accept"))
        request.header_list.emplace_back("Accept", "*/*");
    if (!has("User-Agent"))
        request.header_list.emplace_back("User-Agent", "duknet/0.1");
    // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step 8.17 (scripts cannot set it).
    if (!has("Accept-Encoding"))
        request.header_list.emplace_back("Accept-Encoding", "gzip, deflate, br");
}

// https://fetch.spec.whatwg.org/#scheme-fetch for "data": served without the network, still
// through the requesting thread's task queue like any response.
void data_url_fetch(const Request& request, const Poster& post, const std::shared_ptr<ThreadableLoader::State>& state)
{
    // 1. Let dataURLStruct be the result of running the data: URL processor on request's URL.
    auto data = net::process_data_url(request.url);
    // 2. If dataURLStruct is failure, then return a network error.
    if (!data)
        return post_failure(post, state, request.method + " " + request.url.serialize() + ": invalid data: URL");
    // 3-5. Return a response whose status message is `OK`, whose header list is
    //      « (`Content-Type`, mimeType) », and whose body is dataURLStruct's body.
    Response response;
    response.status = 200;
    response.status_text = "OK";
    response.header_list.emplace_back("Content-Type", data->mime_type.serialize());
    response.url_list.push_back(request.url);
    net::Bytes body(data->body.begin(), data->body.end());
    post([state, response = std::move(response), body = std::move(body)]() mutable {
        state->with_client([&](LoaderClient& client) { client.did_receive_response(std::move(response)); });
        state->with_client([&](LoaderClient& client) {
            if (!body.empty())
                client.did_receive_data(std::move(body));
        });
        state->with_client([&](LoaderClient& client) {
            state->finish();
            client.did_finish_loading();
        });
    });
}

// Starts the fetch; returns what cancels it from the requesting thread.
std::function<void()> start_network_fetch(LoaderContext& context, Request request, Poster post,
                                          const std::shared_ptr<ThreadableLoader::State>& state)
{
    if (request.url.scheme() == "data") {
        data_url_fetch(request, post, state);
        return [] {};
    }
    if (request.url.scheme() != "http" && request.url.scheme() != "https") {
        post_failure(post, state, request.method + " " + request.url.serialize() + ": the \"" + request.url.scheme()
                + ":\" scheme cannot be fetched");
        return [] {};
    }
    append_default_headers(request);
    auto fetch = std::make_shared<NetworkFetch>(context.io(), std::move(request), std::move(post), state);
    net::IoThread& io = context.io();
    io.post([fetch] { fetch->start_transaction(); });
    return [&io, fetch] { io.post([fetch] { fetch->cancel(); }); };
}

} // namespace

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
    Poster post = [mailbox](dom::Task task) { mailbox->post(dom::TaskSource::Networking, std::move(task)); };
    state->cancel_network = start_network_fetch(context, std::move(request), std::move(post), state);
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
    state->cancel_network = start_network_fetch(context, std::move(request),
        [queue](dom::Task task) { queue->post(std::move(task)); }, state);
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
