// HTTP/1.1 transactions on the I/O thread: DNS, TCP connect, request writing with upload
// progress, incremental response reading with Boost.Beast's parser, and the keep-alive pool.
// Everything in this file runs on the I/O thread except IoThread's constructor, destructor and
// start(), and HttpTransaction::cancel(), which post to it.
#include "net/io_thread.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>

#include <algorithm>
#include <thread>

namespace duknet::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

// Browsers accept large response heads; Chromium's limit is 256 KiB.
static constexpr uint32_t response_head_limit = 256 * 1024;
static constexpr size_t body_chunk_size = 64 * 1024;
static constexpr size_t upload_piece_size = 64 * 1024;

const char* to_string(NetworkFailure::Kind kind)
{
    switch (kind) {
    case NetworkFailure::Kind::NameResolution: return "name resolution failed";
    case NetworkFailure::Kind::ConnectionRefused: return "connection refused";
    case NetworkFailure::Kind::ConnectionReset: return "connection reset";
    case NetworkFailure::Kind::ConnectionClosed: return "connection closed";
    case NetworkFailure::Kind::MalformedResponse: return "malformed response";
    case NetworkFailure::Kind::Tls: return "TLS failure";
    case NetworkFailure::Kind::Other: return "network failure";
    }
    return "network failure";
}

bool header_name_equals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<std::string> first_header_value(const HeaderList& headers, std::string_view name)
{
    for (auto& [header_name, value] : headers) {
        if (header_name_equals(header_name, name))
            return value;
    }
    return std::nullopt;
}

// A connection to one origin, kept between requests for keep-alive.
struct Connection {
    explicit Connection(asio::io_context& io)
        : socket(io)
        , idle_timer(io)
    {
    }
    tcp::socket socket;
    beast::flat_buffer buffer; // bytes read but not yet parsed
    asio::steady_timer idle_timer;
};

class ConnectionPool {
public:
    explicit ConnectionPool(std::chrono::seconds idle_timeout)
        : m_idle_timeout(idle_timeout)
    {
    }

    // Takes the most recently used idle connection to `key` that the server has not closed.
    std::shared_ptr<Connection> take(const std::string& key)
    {
        auto found = m_idle.find(key);
        if (found == m_idle.end())
            return nullptr;
        auto& connections = found->second;
        while (!connections.empty()) {
            auto connection = std::move(connections.back());
            connections.pop_back();
            connection->idle_timer.cancel();
            if (is_still_open(*connection))
                return connection;
        }
        return nullptr;
    }

    void put(const std::string& key, std::shared_ptr<Connection> connection)
    {
        auto* raw = connection.get();
        m_idle[key].push_back(std::move(connection));
        raw->idle_timer.expires_after(m_idle_timeout);
        raw->idle_timer.async_wait([this, key, raw](error_code ec) {
            if (ec)
                return;
            auto& connections = m_idle[key];
            std::erase_if(connections, [raw](auto& c) { return c.get() == raw; });
        });
    }

    void clear() { m_idle.clear(); }

private:
    // An idle connection the server closed (or wrote to unasked) must not carry a new request.
    static bool is_still_open(Connection& connection)
    {
        if (connection.buffer.size() > 0)
            return false;
        error_code ignored, peek_error;
        connection.socket.non_blocking(true, ignored);
        char byte;
        size_t n = connection.socket.receive(asio::buffer(&byte, 1), tcp::socket::message_peek, peek_error);
        connection.socket.non_blocking(false, ignored);
        // Nothing to read yet and no end of stream: the server still holds it open.
        return n == 0 && peek_error == asio::error::would_block;
    }

    std::chrono::seconds m_idle_timeout;
    std::map<std::string, std::vector<std::shared_ptr<Connection>>> m_idle;
};

struct IoThread::Impl {
    explicit Impl(NetworkSettings s)
        : settings(std::move(s))
        , pool(settings.idle_connection_timeout)
    {
    }
    NetworkSettings settings;
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work { io.get_executor() };
    ConnectionPool pool;
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
        , m_pool_key(m_request.url.scheme() + "://" + m_request.url.host_serialized().value_or("") + ":"
              + std::to_string(m_request.url.port_or_default().value_or(0)))
    {
    }

    void start()
    {
        if (m_cancelled)
            return;
        if (auto connection = m_io.pool.take(m_pool_key)) {
            m_connection = std::move(connection);
            m_connection_was_reused = true;
            write_request();
            return;
        }
        m_connection_was_reused = false;
        resolve();
    }

    void cancel() override
    {
        asio::post(m_io.io, [self = shared_from_this()] {
            self->m_cancelled = true;
            self->m_resolver.cancel();
            if (self->m_connection) {
                error_code ignored;
                self->m_connection->socket.close(ignored);
                self->m_connection.reset();
            }
        });
    }

private:
    // https://fetch.spec.whatwg.org/#resolve-an-origin: loopback names never reach DNS, and
    // --resolve overrides come first.
    void resolve()
    {
        std::string host = m_request.url.host_for_connect();
        std::string port = std::to_string(m_request.url.port_or_default().value_or(80));
        auto override_it = m_io.settings.resolve_overrides.find(host + ":" + port);
        if (override_it != m_io.settings.resolve_overrides.end())
            host = override_it->second;
        else if (host == "localhost" || host.ends_with(".localhost"))
            host = "127.0.0.1"; // (and ::1 below)
        error_code ec;
        auto literal = asio::ip::make_address(host, ec);
        if (!ec) {
            std::vector<tcp::endpoint> endpoints { tcp::endpoint(literal, std::stoi(port)) };
            if (m_request.url.host_for_connect() == "localhost" || m_request.url.host_for_connect().ends_with(".localhost"))
                endpoints.emplace_back(asio::ip::address_v6::loopback(), std::stoi(port));
            connect(std::move(endpoints));
            return;
        }
        m_resolver.async_resolve(host, port, [self = shared_from_this()](error_code ec, tcp::resolver::results_type results) {
            if (self->m_cancelled)
                return;
            if (ec)
                return self->fail({ NetworkFailure::Kind::NameResolution, ec.message() });
            self->connect({ results.begin(), results.end() });
        });
    }

    // Every resolved address is tried in turn.
    void connect(std::vector<tcp::endpoint> endpoints)
    {
        m_connection = std::make_shared<Connection>(m_io.io);
        auto connection = m_connection;
        asio::async_connect(connection->socket, endpoints,
            [self = shared_from_this(), connection](error_code ec, const tcp::endpoint&) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::ConnectionRefused));
                connection->socket.set_option(tcp::no_delay(true), ec);
                self->write_request();
            });
    }

    std::string serialize_request_head() const
    {
        const URL& url = m_request.url;
        std::string target = url.serialize_path();
        if (url.query())
            target += "?" + *url.query();
        std::string head = m_request.method + " " + target + " HTTP/1.1\r\nHost: " + url.host_and_port();
        head += "\r\n";
        for (auto& [name, value] : m_request.headers)
            head += name + ": " + value + "\r\n";
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
        asio::async_write(connection->socket, asio::buffer(m_request_head),
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
            read_head();
            return;
        }
        size_t length = std::min(upload_piece_size, m_request.body->size() - offset);
        auto connection = m_connection;
        asio::async_write(connection->socket, asio::buffer(m_request.body->data() + offset, length),
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
        m_parser.emplace();
        m_parser->header_limit(response_head_limit);
        m_parser->body_limit(boost::none);
        // https://httpwg.org/specs/rfc9112.html#message.body.length: no body after HEAD.
        if (m_request.method == "HEAD")
            m_parser->skip(true);
        auto connection = m_connection;
        http::async_read_header(connection->socket, connection->buffer, *m_parser,
            [self = shared_from_this(), connection](error_code ec, size_t) {
                if (self->m_cancelled)
                    return;
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::MalformedResponse));
                self->m_received_response_bytes = true;
                auto& message = self->m_parser->get();
                // Interim 1xx responses (other than 101) are skipped; the final one follows.
                unsigned status = message.result_int();
                if (status >= 100 && status < 200 && status != 101)
                    return self->read_head();
                ResponseHead head;
                head.status = status;
                head.status_text = std::string(message.reason());
                head.http_version = message.version();
                for (auto& field : message)
                    head.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
                self->m_delegate->on_response_head(std::move(head));
                self->read_body();
            });
    }

    void read_body()
    {
        if (m_parser->is_done())
            return finish();
        m_chunk.resize(body_chunk_size);
        auto& body = m_parser->get().body();
        body.data = m_chunk.data();
        body.size = m_chunk.size();
        body.more = true;
        auto connection = m_connection;
        http::async_read_some(connection->socket, connection->buffer, *m_parser,
            [self = shared_from_this(), connection](error_code ec, size_t) {
                if (self->m_cancelled)
                    return;
                if (ec == http::error::need_buffer)
                    ec = {};
                size_t received = body_chunk_size - self->m_parser->get().body().size;
                if (received > 0) {
                    self->m_chunk.resize(received);
                    self->m_delegate->on_body_data(std::move(self->m_chunk));
                    self->m_chunk = {};
                }
                if (ec)
                    return self->fail(failure_from(ec, NetworkFailure::Kind::MalformedResponse));
                self->read_body();
            });
    }

    void finish()
    {
        if (m_parser->keep_alive() && m_connection)
            m_io.pool.put(m_pool_key, std::move(m_connection));
        m_connection.reset();
        auto delegate = std::move(m_delegate);
        delegate->on_complete();
    }

    void fail(NetworkFailure failure)
    {
        m_connection.reset();
        // A reused keep-alive connection may have been closed by the server just as we sent on
        // it; retry once on a new connection when nothing came back and the method is idempotent.
        bool idempotent = m_request.method == "GET" || m_request.method == "HEAD" || m_request.method == "OPTIONS"
            || m_request.method == "PUT" || m_request.method == "DELETE";
        if (m_connection_was_reused && !m_received_response_bytes && idempotent) {
            m_connection_was_reused = false;
            resolve();
            return;
        }
        auto delegate = std::move(m_delegate);
        delegate->on_failure(std::move(failure));
    }

    IoThread::Impl& m_io;
    HttpRequest m_request;
    std::shared_ptr<TransactionDelegate> m_delegate;
    tcp::resolver m_resolver;
    std::string m_pool_key;
    std::shared_ptr<Connection> m_connection;
    bool m_connection_was_reused = false;
    bool m_received_response_bytes = false;
    bool m_cancelled = false;
    std::string m_request_head;
    std::optional<http::response_parser<http::buffer_body>> m_parser;
    Bytes m_chunk;
};

IoThread::IoThread(NetworkSettings settings)
    : m_impl(std::make_unique<Impl>(std::move(settings)))
{
    m_impl->thread = std::thread([impl = m_impl.get()] { impl->io.run(); });
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

void IoThread::post(std::function<void()> work)
{
    asio::post(m_impl->io, std::move(work));
}

} // namespace duknet::net
