// A connection to one origin (TCP, or TLS over TCP) and the per-origin pool that keeps them
// alive between requests and limits how many are open at once.
// Private to net/; everything here lives on the I/O thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace duknet::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using error_code = boost::system::error_code;

class Connection {
public:
    using executor_type = asio::any_io_executor;
    using TlsStream = asio::ssl::stream<tcp::socket>;

    explicit Connection(asio::io_context& io)
        : m_plain(std::in_place, io)
        , m_idle_timer(io)
    {
        // Beast reads into this buffer as much as its free capacity: room for whole chunks, not
        // the 512 bytes an empty buffer would allow at a time.
        buffer.reserve(read_size);
    }

    static constexpr size_t read_size = 64 * 1024;

    tcp::socket& socket() { return m_tls ? m_tls->next_layer() : *m_plain; }
    executor_type get_executor() { return socket().get_executor(); }
    // Layers TLS over the connected socket (before the handshake).
    TlsStream& start_tls(asio::ssl::context& context)
    {
        m_tls = std::make_unique<TlsStream>(std::move(*m_plain), context);
        m_plain.reset();
        return *m_tls;
    }
    TlsStream* tls() { return m_tls.get(); }
    void close()
    {
        error_code ignored;
        socket().close(ignored);
    }

    // AsyncReadStream and AsyncWriteStream, over whichever layer is on top. A peer that closes
    // a TLS connection without close_notify ends the stream like a TCP close does (browsers
    // accept it; the HTTP framing tells whether the message was complete).
    template<typename Buffers, typename Handler>
    void async_read_some(const Buffers& buffers, Handler&& handler)
    {
        if (!m_tls)
            return m_plain->async_read_some(buffers, std::forward<Handler>(handler));
        m_tls->async_read_some(buffers, [handler = std::forward<Handler>(handler)](error_code ec, size_t n) mutable {
            if (ec == asio::ssl::error::stream_truncated)
                ec = asio::error::eof;
            handler(ec, n);
        });
    }
    template<typename Buffers, typename Handler>
    void async_write_some(const Buffers& buffers, Handler&& handler)
    {
        if (!m_tls)
            return m_plain->async_write_some(buffers, std::forward<Handler>(handler));
        m_tls->async_write_some(buffers, std::forward<Handler>(handler));
    }

    boost::beast::flat_buffer buffer; // bytes read but not yet parsed
    asio::steady_timer& idle_timer() { return m_idle_timer; }
    std::chrono::steady_clock::time_point idle_since;

private:
    std::optional<tcp::socket> m_plain;
    std::unique_ptr<TlsStream> m_tls;
    asio::steady_timer m_idle_timer;
};

// Connections per origin ("scheme://host:port"): idle ones wait for reuse until they expire;
// at most `limit` are open at once, and requests beyond that wait in order for a slot (but for
// a synchronous load's, which opens one more).
class ConnectionPool {
public:
    // Given an idle connection to reuse, or null: open a new one (the slot is taken either way).
    using SlotCallback = std::function<void(std::shared_ptr<Connection>)>;

    ConnectionPool(size_t limit, std::chrono::milliseconds idle_timeout)
        : m_limit(limit)
        , m_idle_timeout(idle_timeout)
    {
    }

    // `ignore_limit`: a slot now, even beyond the limit.
    void acquire(const std::string& key, SlotCallback ready, bool ignore_limit)
    {
        auto& origin = m_origins[key];
        if (auto idle = take_idle(origin)) {
            ++origin.active;
            return ready(std::move(idle));
        }
        if (ignore_limit || origin.active + origin.idle.size() < m_limit) {
            ++origin.active;
            return ready(nullptr);
        }
        origin.waiting.push_back(std::move(ready));
    }

    // Gives the slot back: `reusable` (if any) goes idle; the next waiter, if any, gets a slot.
    void release(const std::string& key, std::shared_ptr<Connection> reusable)
    {
        auto& origin = m_origins[key];
        --origin.active;
        // A connection opened beyond the limit is closed, not kept: it frees no slot.
        if (reusable && origin.active + origin.idle.size() < m_limit)
            put_idle(key, origin, std::move(reusable));
        if (origin.waiting.empty())
            return;
        auto idle = take_idle(origin);
        if (!idle && origin.active + origin.idle.size() >= m_limit)
            return;
        auto next = std::move(origin.waiting.front());
        origin.waiting.pop_front();
        ++origin.active;
        next(std::move(idle));
    }

    void clear() { m_origins.clear(); }

private:
    struct Origin {
        size_t active = 0;
        std::vector<std::shared_ptr<Connection>> idle;
        std::deque<SlotCallback> waiting;
    };

    // The most recently used idle connection that the server has not closed.
    static std::shared_ptr<Connection> take_idle(Origin& origin)
    {
        while (!origin.idle.empty()) {
            auto connection = std::move(origin.idle.back());
            origin.idle.pop_back();
            if (is_still_open(*connection))
                return connection;
        }
        return nullptr;
    }

    // A connection's idle timer is not re-armed at every reuse (two system calls each time):
    // once armed it stays so, and when it fires it closes the connection if it has been idle
    // long enough, or waits again for the rest of its current idle time.
    void put_idle(const std::string& key, Origin& origin, std::shared_ptr<Connection> connection)
    {
        auto* raw = connection.get();
        raw->idle_since = std::chrono::steady_clock::now();
        origin.idle.push_back(std::move(connection));
        if (raw->idle_timer().expiry() <= raw->idle_since)
            arm_idle_timer(key, *raw, raw->idle_since + m_idle_timeout);
    }

    void arm_idle_timer(const std::string& key, Connection& connection, std::chrono::steady_clock::time_point at)
    {
        connection.idle_timer().expires_at(at);
        connection.idle_timer().async_wait([this, key, raw = &connection](error_code ec) {
            if (ec)
                return;
            // Only a connection found idle here is known to be alive.
            auto& idle = m_origins[key].idle;
            auto it = std::find_if(idle.begin(), idle.end(), [raw](auto& c) { return c.get() == raw; });
            if (it == idle.end())
                return;
            auto expires = raw->idle_since + m_idle_timeout;
            if (std::chrono::steady_clock::now() >= expires)
                idle.erase(it);
            else
                arm_idle_timer(key, *raw, expires);
        });
    }

    // An idle connection the server closed (or wrote to unasked) must not carry a new request.
    static bool is_still_open(Connection& connection)
    {
        if (connection.buffer.size() > 0)
            return false;
        // One non-blocking peek (switching the socket's mode instead costs three system calls).
        char byte;
        ssize_t n = ::recv(connection.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        // Nothing to read yet and no end of stream: the server still holds it open. (A TLS
        // peer may have sent a session ticket: only plain data counts as unasked.)
        return (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) || (n > 0 && connection.tls());
    }

    size_t m_limit;
    std::chrono::milliseconds m_idle_timeout;
    std::map<std::string, Origin> m_origins;
};

} // namespace duknet::net
