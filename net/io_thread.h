// The network thread: one per process, owning the Boost.Asio io_context that does DNS, TCP and
// HTTP/1.1 for every event loop. Boost stays behind this header (pimpl).
// Thread: IoThread's public methods and Transaction::cancel() may be called from any thread; the
// work they start runs on the I/O thread.
#pragma once

#include "net/http.h"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace duknet::net {

struct NetworkSettings {
    // --resolve HOST:PORT:ADDR: "host:port" -> address literal, consulted before DNS.
    std::map<std::string, std::string> resolve_overrides;
    // Idle keep-alive connections are closed after this long (as browsers do, e.g. Chromium's 5 min).
    std::chrono::seconds idle_connection_timeout { 300 };
};

class Transaction {
public:
    virtual ~Transaction() = default;
    // Stops the transaction: the connection is closed and the delegate hears nothing more.
    virtual void cancel() = 0;
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

    struct Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace duknet::net
