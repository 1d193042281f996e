// HTTP/1.1 transactions on the I/O thread: DNS, TCP connect, TLS, request writing with upload
// progress, incremental response reading with Boost.Beast's parser (a Content-Length body past
// it, straight from the socket), and the keep-alive pool.
// Everything in this file runs on the I/O thread except IoThread's constructor, destructor,
// start() and post(), and HttpTransaction::cancel(), which post to it.
#include "net/connection.h"
#include "net/response_reading.h"
#include "net/cookie_jar.h"
#include "net/io_thread.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdlib>
#include <atomic>
#include <memory>
#include <optional>
#include <stdexcept>
#include <thread>

namespace duknet::net {

namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using Clock = std::chrono::steady_clock;

static constexpr size_t upload_piece_size = 64 * 1024;

using TrustStore = std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)>;

// An extra CA file (a test CA, say) is read when the network starts, so that a bad one is
// reported then rather than at the first TLS connection.
static TrustStore load_extra_trust(const std::string& ca_file)
{
    TrustStore store(nullptr, X509_STORE_free);
    if (ca_file.empty())
        return store;
    store.reset(X509_STORE_new());
    if (!store || X509_STORE_load_file(store.get(), ca_file.c_str()) != 1)
        throw std::runtime_error("cannot load the CA file " + ca_file);
    return store;
}

// TLS as browsers configure it: TLS 1.2 or 1.3, the system trust store (OpenSSL's default
// verify paths, so SSL_CERT_FILE/SSL_CERT_DIR apply) plus the extra CAs, peer verification
// always on, and a client session cache for resumption.
static ssl::context make_tls_context(TrustStore extra_trust)
{
    ssl::context context(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context.native_handle(), TLS1_2_VERSION);
    if (extra_trust)
        SSL_CTX_set_cert_store(context.native_handle(), extra_trust.release());
    context.set_default_verify_paths();
    context.set_verify_mode(ssl::verify_peer);
    SSL_CTX_set_session_cache_mode(context.native_handle(), SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL_STORE);
    return context;
}

struct IoThread::Impl {
    explicit Impl(NetworkSettings s)
        : settings(std::move(s))
        , cookie_jar(settings.cookie_jar ? settings.cookie_jar : std::make_shared<CookieJar>())
        , extra_trust(load_extra_trust(settings.ca_file))
        , pool(settings.max_connections_per_origin, settings.idle_connection_timeout)
    {
    }
    ~Impl()
    {
        for (auto& [origin, session] : tls_sessions)
            SSL_SESSION_free(session);
    }

    NetworkSettings settings;
    std::shared_ptr<CookieJar> cookie_jar;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work { io.get_executor() };
    // Parsing the system's CA bundle is most of a process's start-up time, so the TLS context
    // is made for the first TLS connection (on this thread, like every use of it).
    ssl::context& tls_context()
    {
        if (!lazy_tls_context)
            lazy_tls_context.emplace(make_tls_context(std::move(extra_trust)));
        return *lazy_tls_context;
    }

    TrustStore extra_trust;
    std::optional<ssl::context> lazy_tls_context;
    ConnectionPool pool;
    // The last TLS session of each origin, offered for resumption on its next connection.
    std::map<std::string, SSL_SESSION*> tls_sessions;
    std::atomic<uint64_t> next_transaction_id { 1 };
    std::thread thread;
};

static NetworkFailure failure_from(const error_code& ec, NetworkFailure::Kind fallback)
{
    using Kind = NetworkFailure::Kind;
    Kind kind = fallback;
    if (ec == asio::error::connection_refused)
        kind = Kind::ConnectionRefused;
    else if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe)
        kind = Kind::ConnectionReset;
    else if (ec == asio::error::eof || ec == http::error::end_of_stream || ec == http::error::partial_message)
        kind = Kind::ConnectionClosed;
    return NetworkFailure { kind, ec.message() };
}

class HttpTransaction final : public Transaction, public std::enable_shared_from_this<HttpTransaction> {
public:
    HttpTransaction(IoThread::Impl& io, HttpRequest request, std::shared_ptr<TransactionDelegate> delegate)
        : m_io(io)
        , m_request(std::move(request))
        , m_delegate(std::move(delegate))
        , m_resolver(io.io)
        , m_proxy(io.settings.proxies.proxy_for(m_request.url))
        , m_pool_key((m_proxy ? "via " + m_proxy->serialize() + " " : std::string()) + m_request.url.scheme() + "://"
              + m_request.url.host_serialized().value_or("") + ":" + std::to_string(m_request.url.port_or_default().value_or(0)))
        , m_id(io.next_transaction_id++)
        , m_phase_start(Clock::now())
    {
    }

    void start()
    {
        if (m_cancelled)
            return;
        m_io.pool.acquire(m_pool_key, [self = shared_from_this()](std::shared_ptr<Connection> idle) {
            self->m_holds_slot = true;
            if (self->m_cancelled)
                return self->release_slot(std::move(idle));
            self->trace("queued");
            if (idle) {
                self->m_connection = std::move(idle);
                self->m_connection_was_reused = true;
                return self->write_request();
            }
            self->resolve();
        }, m_request.ignore_connection_limit);
    }

    void cancel() override
    {
        asio::post(m_io.io, [self = shared_from_this()] {
            if (self->m_cancelled || !self->m_delegate)
                return;
            self->m_cancelled = true;
            self->m_resolver.cancel();
            if (self->m_connection)
                self->m_connection->close();
            self->release_slot(nullptr);
        });
    }

    void read_body_in_chunks() override
    {
        asio::post(m_io.io, [self = shared_from_this()] {
            self->m_request.body_block_headroom.reset();
            if (self->m_reading)
                self->m_reading->read_rest_in_chunks();
        });
    }

    void set_paused(bool paused) override
    {
        asio::post(m_io.io, [self = shared_from_this(), paused] {
            self->m_paused = paused;
            if (!paused && std::exchange(self->m_body_read_deferred, false) && !self->m_cancelled)
                self->read_body();
        });
    }

private:
    bool is_https() const { return m_request.url.scheme() == "https"; }

    void trace(const char* phase)
    {
        auto now = Clock::now();
        if (m_io.settings.trace_observer)
            m_io.settings.trace_observer(TraceSpan { m_id, phase, m_phase_start, now, m_request.url.serialize(true) });
        m_phase_start = now;
    }

    void release_slot(std::shared_ptr<Connection> reusable)
    {
        if (!std::exchange(m_holds_slot, false))
            return;
        m_connection.reset();
        m_io.pool.release(m_pool_key, std::move(reusable));
    }

    // https://fetch.spec.whatwg.org/#resolve-an-origin: --resolve overrides come first, and
    // `localhost` names never reach DNS (they are loopback, IPv4 then IPv6).
    void resolve()
    {
        // Through a proxy, the connection goes to the proxy.
        const URL& server = m_proxy ? *m_proxy : m_request.url;
        std::string host = server.host_for_connect();
        uint16_t port = server.port_or_default().value_or(0);
        auto override_it = m_io.settings.resolve_overrides.find(host + ":" + std::to_string(port));
        if (override_it != m_io.settings.resolve_overrides.end()) {
            std::vector<tcp::endpoint> endpoints;
            for (auto& address : override_it->second) {
                error_code invalid;
                auto literal = asio::ip::make_address(address, invalid);
                if (!invalid)
                    endpoints.emplace_back(literal, port);
            }
            if (endpoints.empty())
                return fail({ NetworkFailure::Kind::NameResolution, "no usable address in the --resolve override" });
            return connect(std::move(endpoints));
        }
        if (is_localhost_name(host)) {
            return connect({ tcp::endpoint(asio::ip::address_v4::loopback(), port),
                             tcp::endpoint(asio::ip::address_v6::loopback(), port) });
        }
        error_code ec;
        auto literal = asio::ip::make_address(host, ec);
        if (!ec)
            return connect({ tcp::endpoint(literal, port) });
        m_resolver.async_resolve(host, std::to_string(port),
            [self = shared_from_this()](error_code ec, tcp::resolver::results_type results) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail({ NetworkFailure::Kind::NameResolution, ec.message() });
                self->trace("dns");
                self->connect({ results.begin(), results.end() });
            });
    }

    // Every resolved address is tried in turn.
    void connect(std::vector<tcp::endpoint> endpoints)
    {
        m_connection = std::make_shared<Connection>(m_io.io);
        m_connection_was_reused = false;
        auto connection = m_connection;
        asio::async_connect(connection->socket(), endpoints,
            [self = shared_from_this(), connection](error_code ec, const tcp::endpoint&) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::ConnectionRefused));
                connection->socket().set_option(tcp::no_delay(true), ec);
                self->trace("connect");
                if (self->is_https() && self->m_proxy)
                    return self->open_tunnel();
                if (self->is_https())
                    return self->handshake();
                self->write_request();
            });
    }

    // An https request through a proxy: an HTTP CONNECT tunnel to the origin, then TLS in it.
    void open_tunnel()
    {
        const URL& url = m_request.url;
        std::string authority = url.host_serialized().value_or("") + ":" + std::to_string(url.port_or_default().value_or(443));
        m_request_head = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n";
        auto connection = m_connection;
        asio::async_write(*connection, asio::buffer(m_request_head), [self = shared_from_this(), connection](error_code ec, size_t) {
            if (self->m_cancelled)
                return;
            if (ec)
                return self->fail(failure_from(ec, NetworkFailure::Kind::ConnectionReset));
            // The proxy's answer has no body; the tunnel starts right after its head.
            auto parser = std::make_shared<http::response_parser<http::empty_body>>();
            parser->skip(true);
            http::async_read_header(*connection, connection->buffer, *parser, [self, connection, parser](error_code ec, size_t) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::MalformedResponse));
                unsigned status = parser->get().result_int();
                if (status < 200 || status > 299)
                    return self->fail({ NetworkFailure::Kind::Other, "the proxy refused the tunnel: " + std::to_string(status) });
                self->trace("proxy tunnel");
                self->handshake();
            });
        });
    }

    void handshake()
    {
        auto& stream = m_connection->start_tls(m_io.tls_context());
        SSL* ssl_handle = stream.native_handle();
        const std::string host = m_request.url.host_for_connect();
        bool ip_literal = m_request.url.host() && m_request.url.host()->kind != Host::Kind::Domain;
        // SNI names a domain, never an address; the certificate must match the host either way.
        if (!ip_literal)
            SSL_set_tlsext_host_name(ssl_handle, host.c_str());
        X509_VERIFY_PARAM* verify = SSL_get0_param(ssl_handle);
        X509_VERIFY_PARAM_set_hostflags(verify, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        if (ip_literal)
            X509_VERIFY_PARAM_set1_ip_asc(verify, host.c_str());
        else
            X509_VERIFY_PARAM_set1_host(verify, host.c_str(), host.size());
        static const unsigned char alpn[] = "\x08http/1.1";
        SSL_set_alpn_protos(ssl_handle, alpn, sizeof(alpn) - 1);
        auto session = m_io.tls_sessions.find(m_pool_key);
        if (session != m_io.tls_sessions.end())
            SSL_set_session(ssl_handle, session->second);
        auto connection = m_connection;
        stream.async_handshake(ssl::stream_base::client, [self = shared_from_this(), connection](error_code ec) {
            if (self->m_cancelled)
                return;
            SSL* ssl_handle = connection->tls()->native_handle();
            if (ec) {
                std::string detail = ec.message();
                long verify_result = SSL_get_verify_result(ssl_handle);
                if (verify_result != X509_V_OK)
                    detail = std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify_result);
                return self->fail({ NetworkFailure::Kind::Tls, detail });
            }
            self->trace(SSL_session_reused(ssl_handle) ? "tls (resumed)" : "tls");
            self->write_request();
        });
    }

    SameSiteContext same_site_context() const
    {
        SameSiteContext context;
        context.same_site = is_same_site(m_request.initiator_origin, m_request.url.origin());
        context.safe_method = m_request.method == "GET" || m_request.method == "HEAD" || m_request.method == "OPTIONS"
            || m_request.method == "TRACE";
        return context;
    }

    // https://fetch.spec.whatwg.org/#http-network-fetch step 12: each Set-Cookie of a response
    // to a request with credentials goes to the cookie store (script never sees them).
    void store_cookies(const ResponseHead& head)
    {
        if (!m_request.include_credentials)
            return;
        auto now = std::chrono::system_clock::now();
        for (auto& [name, value] : head.headers) {
            if (header_name_equals(name, "Set-Cookie"))
                m_io.cookie_jar->set_cookie_from_header(m_request.url, value, same_site_context(), true, now);
        }
    }

    std::string serialize_request_head() const
    {
        const URL& url = m_request.url;
        // To a proxy (plain http), the request target is the absolute URL.
        std::string target = m_proxy && !is_https() ? url.serialize(true) : url.serialize_path();
        if (!(m_proxy && !is_https()) && url.query())
            target += "?" + *url.query();
        std::string head = m_request.method + " " + target + " HTTP/1.1\r\nHost: " + url.host_and_port() + "\r\n";
        for (auto& [name, value] : m_request.headers)
            head += name + ": " + value + "\r\n";
        // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch step 8.21: cookies, when
        // credentials are included.
        if (m_request.include_credentials) {
            auto cookies = m_io.cookie_jar->cookie_header_for(url, same_site_context(), true, std::chrono::system_clock::now());
            if (!cookies.empty())
                head += "Cookie: " + cookies + "\r\n";
        }
        // https://fetch.spec.whatwg.org/#http-network-or-cache-fetch steps 8.5-8.6: a body, or a
        // POST/PUT without one, carries Content-Length.
        if (m_request.body)
            head += "Content-Length: " + std::to_string(m_request.body->size()) + "\r\n";
        else if (m_request.method == "POST" || m_request.method == "PUT")
            head += "Content-Length: 0\r\n";
        head += "\r\n";
        return head;
    }

    void write_request()
    {
        m_request_head = serialize_request_head();
        auto connection = m_connection;
        asio::async_write(*connection, asio::buffer(m_request_head),
            [self = shared_from_this(), connection](error_code ec, size_t) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::ConnectionReset));
                self->write_body_piece(0);
            });
    }

    // The body goes out in pieces so that upload progress reflects bytes actually written.
    void write_body_piece(size_t offset)
    {
        if (!m_request.body || offset >= m_request.body->size()) {
            trace("request");
            return read_head();
        }
        size_t length = std::min(upload_piece_size, m_request.body->size() - offset);
        auto connection = m_connection;
        asio::async_write(*connection, asio::buffer(m_request.body->data() + offset, length),
            [self = shared_from_this(), connection, offset](error_code ec, size_t written) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::ConnectionReset));
                size_t sent = offset + written;
                self->m_delegate->on_upload_progress(sent, self->m_request.body->size());
                self->write_body_piece(sent);
            });
    }

    void read_head()
    {
        if (!m_reading)
            m_reading.emplace(m_request.method == "HEAD", m_request.body_block_headroom);
        auto connection = m_connection;
        // The head is read a piece at a time so that its whole size is bounded.
        http::async_read_some(*connection, connection->buffer, m_reading->parser(),
            [self = shared_from_this(), connection](error_code ec, size_t consumed) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::MalformedResponse));
                self->m_received_response_bytes = true;
                if (auto failure = self->m_reading->count_head_bytes(consumed))
                    return self->fail(std::move(*failure));
                if (!self->m_reading->is_head_done())
                    return self->read_head();
                auto head = self->m_reading->take_head();
                if (!head)
                    return self->read_head(); // an interim 1xx response
                self->trace("headers");
                self->store_cookies(*head);
                self->m_delegate->on_response_head(std::move(*head));
                self->read_body();
            });
    }

    void read_body()
    {
        if (m_reading->is_done())
            return finish();
        if (m_paused) {
            m_body_read_deferred = true;
            return;
        }
        if (!parse_buffered_body())
            return;
        if (m_reading->is_done())
            return finish();
        auto connection = m_connection;
        if (auto direct = m_reading->prepare_body_buffer(connection->buffer)) {
            connection->async_read_some(asio::buffer(direct->data(), direct->size()),
                [self = shared_from_this(), connection](error_code ec, size_t received) {
                    if (self->m_cancelled)
                        return;
                    self->m_reading->count_direct_body_bytes(received);
                    // The same error the parser gives for a body cut short.
                    if (ec == asio::error::eof)
                        ec = http::error::partial_message;
                    self->body_read(ec);
                });
            return;
        }
        http::async_read_some(*connection, connection->buffer, m_reading->parser(),
            [self = shared_from_this(), connection](error_code ec, size_t) {
                if (self->m_cancelled)
                    return;
                if (ec == http::error::need_buffer)
                    ec = {};
                self->body_read(ec);
            });
    }

    void body_read(error_code ec)
    {
        if (auto failure = m_reading->take_body(deliver()))
            return fail(std::move(*failure));
        if (ec)
            return fail(failure_from(ec, NetworkFailure::Kind::MalformedResponse));
        read_body();
    }

    // Parses the body bytes that already sit in the connection's buffer (those that came with
    // the head, typically) without waiting for the socket, so that a small response's head, body
    // and end reach the requesting thread in one go. False if the response failed.
    bool parse_buffered_body()
    {
        auto& buffer = m_connection->buffer;
        while (buffer.size() > 0 && !m_reading->is_done() && !m_paused) {
            m_reading->prepare_body_buffer(buffer); // through the parser: bytes are buffered
            error_code ec;
            size_t used = m_reading->parser().put(buffer.data(), ec);
            buffer.consume(used);
            if (ec == http::error::need_buffer)
                ec = {};
            if (auto failure = m_reading->take_body(deliver())) {
                fail(std::move(*failure));
                return false;
            }
            if (ec == http::error::need_more)
                break;
            if (ec) {
                fail(failure_from(ec, NetworkFailure::Kind::MalformedResponse));
                return false;
            }
            if (used == 0)
                break;
        }
        return true;
    }

    ResponseReading::Deliver deliver()
    {
        return [this](BodyChunk chunk) { m_delegate->on_body_data(std::move(chunk)); };
    }

    void remember_tls_session()
    {
        auto* tls = m_connection ? m_connection->tls() : nullptr;
        if (!tls)
            return;
        SSL_SESSION* live = SSL_get1_session(tls->native_handle());
        if (!live)
            return;
        // A copy: closing the connection without a TLS shutdown (as browsers do) marks the live
        // session object not resumable.
        SSL_SESSION* session = SSL_SESSION_dup(live);
        SSL_SESSION_free(live);
        if (!session)
            return;
        auto& slot = m_io.tls_sessions[m_pool_key];
        if (slot)
            SSL_SESSION_free(slot);
        slot = session;
    }

    void finish()
    {
        if (auto failure = m_reading->finish(deliver()))
            return fail(std::move(*failure));
        trace("body");
        remember_tls_session();
        release_slot(m_reading->keep_alive() ? m_connection : nullptr);
        auto delegate = std::move(m_delegate);
        delegate->on_complete();
    }

    void fail(NetworkFailure failure)
    {
        if (m_connection)
            m_connection->close();
        m_connection.reset();
        // A reused keep-alive connection may have been closed by the server just as we sent on
        // it; retry once on a new connection (keeping the slot) when nothing came back and the
        // method is idempotent.
        bool idempotent = m_request.method == "GET" || m_request.method == "HEAD" || m_request.method == "OPTIONS"
            || m_request.method == "PUT" || m_request.method == "DELETE";
        if (m_connection_was_reused && !m_received_response_bytes && idempotent) {
            m_reading.reset();
            return resolve();
        }
        release_slot(nullptr);
        auto delegate = std::move(m_delegate);
        delegate->on_failure(std::move(failure));
    }

    IoThread::Impl& m_io;
    HttpRequest m_request;
    std::shared_ptr<TransactionDelegate> m_delegate;
    tcp::resolver m_resolver;
    const URL* m_proxy; // from the settings, which outlive every transaction
    std::string m_pool_key;
    uint64_t m_id;
    Clock::time_point m_phase_start;
    std::shared_ptr<Connection> m_connection;
    bool m_holds_slot = false;
    bool m_connection_was_reused = false;
    bool m_received_response_bytes = false;
    bool m_cancelled = false;
    bool m_paused = false;
    bool m_body_read_deferred = false;
    std::string m_request_head;
    std::optional<ResponseReading> m_reading;
};

// Runs the io_context like io_context::run(), except that after each handler it keeps polling
// for up to `window` before it sleeps: work that comes within the window (the server's answer,
// the script's next request) is taken without waking a sleeping thread, which on a virtual
// machine is a large part of a small request's time. Linux's busy_poll makes the same trade.
static void run_busy_polling(asio::io_context& io, std::chrono::microseconds window)
{
    using Clock = std::chrono::steady_clock;
    while (io.run_one()) {
        auto last_work = Clock::now();
        while (Clock::now() - last_work < window && !io.stopped()) {
            if (io.poll())
                last_work = Clock::now();
        }
    }
}

IoThread::IoThread(NetworkSettings settings)
    : m_impl(std::make_unique<Impl>(std::move(settings)))
{
    m_impl->thread = std::thread([impl = m_impl.get()] { run_busy_polling(impl->io, impl->settings.busy_poll); });
}

IoThread::~IoThread()
{
    asio::post(m_impl->io, [impl = m_impl.get()] {
        impl->pool.clear();
        impl->work.reset();
        impl->io.stop();
    });
    m_impl->thread.join();
}

std::shared_ptr<Transaction> IoThread::start(HttpRequest request, std::shared_ptr<TransactionDelegate> delegate)
{
    auto transaction = std::make_shared<HttpTransaction>(*m_impl, std::move(request), std::move(delegate));
    asio::post(m_impl->io, [transaction] { transaction->start(); });
    return transaction;
}

ProxySettings ProxySettings::from_environment()
{
    auto variable = [](const char* lower, const char* upper) -> std::optional<std::string> {
        for (const char* name : { lower, upper }) {
            if (const char* value = std::getenv(name); value && *value)
                return std::string(value);
        }
        return std::nullopt;
    };
    ProxySettings settings;
    // A proxy given without a scheme is an http one, as curl takes it.
    auto proxy_url = [](const std::string& text) {
        return URL::parse(text.find("://") == std::string::npos ? "http://" + text : text);
    };
    if (auto value = variable("http_proxy", "HTTP_PROXY"))
        settings.http_proxy = proxy_url(*value);
    if (auto value = variable("https_proxy", "HTTPS_PROXY"))
        settings.https_proxy = proxy_url(*value);
    if (auto value = variable("no_proxy", "NO_PROXY")) {
        std::string_view list = *value;
        while (!list.empty()) {
            size_t comma = list.find(',');
            std::string entry(list.substr(0, comma));
            std::erase_if(entry, [](char c) { return c == ' ' || c == '\t'; });
            if (!entry.empty())
                settings.no_proxy.push_back(entry);
            list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        }
    }
    return settings;
}

const URL* ProxySettings::proxy_for(const URL& url) const
{
    const std::optional<URL>& proxy = url.scheme() == "https" ? https_proxy : http_proxy;
    if (!proxy)
        return nullptr;
    std::string host = url.host_for_connect();
    for (auto& entry : no_proxy) {
        if (entry == "*")
            return nullptr;
        // "example.com" and ".example.com" both cover example.com and its subdomains.
        std::string_view domain = entry;
        if (domain.starts_with('.'))
            domain.remove_prefix(1);
        if (host == domain || (host.size() > domain.size() && host.ends_with(domain) && host[host.size() - domain.size() - 1] == '.'))
            return nullptr;
    }
    return &*proxy;
}

CookieJar& IoThread::cookie_jar()
{
    return *m_impl->cookie_jar;
}

void IoThread::post(std::function<void()> work)
{
    asio::post(m_impl->io, std::move(work));
}

} // namespace duknet::net
