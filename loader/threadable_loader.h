// The loader: runs the Fetch algorithm's network part for a request (redirects, default
// headers, timeout) on top of net/, and reports to a LoaderClient on the requesting thread by
// posting owned messages to its event loop, as WebKit's ThreadableLoader does.
// Thread: LoaderContext and ThreadableLoader belong to the requesting thread (the owner of the
// event loop); the network side of a load runs on the I/O thread and shares nothing mutable
// with it.
#pragma once

#include "dom_events/event_loop.h"
#include "loader/fetch_types.h"

#include <functional>
#include <memory>

namespace duknet::net {
class IoThread;
}

namespace duknet::loader {

class CorsPreflightCache;

class LoaderContext {
public:
    LoaderContext(net::IoThread& io, dom::EventLoop& loop);
    net::IoThread& io() const { return m_io; }
    // Used on the network thread only, by this context's loads.
    const std::shared_ptr<CorsPreflightCache>& preflight_cache() const { return m_preflight_cache; }
    dom::EventLoop& event_loop() const { return m_loop; }
    // Sees each failure's real cause (the CLI prints it with --verbose).
    void set_failure_observer(std::function<void(const std::string&)> observer) { m_failure_observer = std::move(observer); }
    void observe_failure(const std::string& detail) const
    {
        if (m_failure_observer)
            m_failure_observer(detail);
    }

private:
    net::IoThread& m_io;
    dom::EventLoop& m_loop;
    std::shared_ptr<CorsPreflightCache> m_preflight_cache;
    std::function<void(const std::string&)> m_failure_observer;
};

class ThreadableLoader {
public:
    // Starts an asynchronous load. The client hears through tasks on the networking task source
    // of the context's event loop, until the load finishes, fails or is cancelled.
    static std::shared_ptr<ThreadableLoader> start(LoaderContext&, Request, std::weak_ptr<LoaderClient>);
    // Runs a load synchronously: blocks the calling thread, delivering this load's reports to
    // `client` and running no other task of the event loop, until it finishes or fails.
    static void load_synchronously(LoaderContext&, Request, LoaderClient& client);

    // The client hears nothing more; the network side is stopped.
    void cancel();
    // Flow control: while paused, the network thread stops reading the response body from the
    // socket (what is already in flight still arrives).
    void set_receiving_paused(bool);
    // The client keeps no more of the body than it consumes (it streams it): the rest of a body
    // read into one block (Request::body_block_headroom) comes in chunks of its own, so that
    // what was consumed can be freed.
    void read_body_in_chunks();

    struct State;
    explicit ThreadableLoader(std::shared_ptr<State>);
    ~ThreadableLoader();

private:
    std::shared_ptr<State> m_state;
};

} // namespace duknet::loader
