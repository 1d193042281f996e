// The network thread: one per process, owning the Boost.Asio io_context that does DNS, TCP and
// HTTP/1.1 for every event loop. Boost stays behind this header (pimpl).
// Thread: IoThread's public methods and Transaction::cancel() may be called from any thread; the
// work they start runs on the I/O thread.
#pragma once

#include "net/http.h"

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace duknet::net {

class CookieJar;

// One timed phase of a transaction (dns, connect, tls, request, headers, body), for traces.
struct TraceSpan {
    uint64_t transaction_id = 0;
    std::string phase;
    std::chrono::steady_clock::time_point start;
    std::chrono::steady_clock::time_point end;
    std::string url;
};

// Proxies (the http_proxy/https_proxy/no_proxy convention curl and others follow): plain http
// requests go to the http proxy with the URL as request target; https ones through an HTTP
// CONNECT tunnel of the https proxy. no_proxy lists hosts (and their subdomains) reached directly;
// "*" means every host.
struct ProxySettings {
    std::optional<URL> http_proxy;
    std::optional<URL> https_proxy;
    std::vector<std::string> no_proxy;

    // From http_proxy, https_proxy and no_proxy (lower case first, then upper case forms).
    static ProxySettings from_environment();
    // The proxy to reach `url` through, if any.
    const URL* proxy_for(const URL& url) const;
};

struct NetworkSettings {
    // --resolve HOST:PORT:ADDR[,ADDR]...: "host:port" -> address literals (tried in order),
    // consulted before DNS.
    std::map<std::string, std::vector<std::string>> resolve_overrides;
    // Idle keep-alive connections are closed after this long (Chromium uses 5 minutes).
    std::chrono::milliseconds idle_connection_timeout { std::chrono::minutes(5) };
    // Connections to one origin at a time; further requests wait in order (as browsers do).
    size_t max_connections_per_origin = 6;
    // After each piece of work the network thread keeps polling its sockets and queue for this
    // long before it sleeps, trading that much CPU for not being woken (see the README's
    // threads section for what it saves). Zero sleeps at once.
    std::chrono::microseconds busy_poll { 100 };
    // Certificates to trust besides the system store (PEM), e.g. a test CA.
    std::string ca_file;
    ProxySettings proxies;
    // Called on the I/O thread as each phase of a transaction ends.
    std::function<void(const TraceSpan&)> trace_observer;
    // The cookie store (a new empty one if null). It is thread-safe: the embedder may read and
    // seed it while requests run.
    std::shared_ptr<CookieJar> cookie_jar;
};

class Transaction {
public:
    virtual ~Transaction() = default;
    // Stops the transaction: the connection is closed and the delegate hears nothing more.
    virtual void cancel() = 0;
    // Flow control: while paused, no more of the response body is read from the socket.
    virtual void set_paused(bool) = 0;
    // The requester keeps no more of the body than it consumes (it streams it, or drops it):
    // the rest of a body read into one BodyBlock comes in chunks of its own.
    virtual void read_body_in_chunks() = 0;
};

class IoThread {
public:
    explicit IoThread(NetworkSettings = {});
    ~IoThread(); // joins the thread; transactions still running are cancelled.
    IoThread(const IoThread&) = delete;
    IoThread& operator=(const IoThread&) = delete;

    // Starts an HTTP(S) request on the I/O thread; the delegate is called there.
    std::shared_ptr<Transaction> start(HttpRequest, std::shared_ptr<TransactionDelegate>);
    // Runs `work` on the I/O thread.
    void post(std::function<void()> work);
    CookieJar& cookie_jar();

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace duknet::net
