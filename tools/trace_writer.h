// Collects a run's main-thread tasks and network phases and writes them as Chrome Trace Event
// JSON (loadable in Perfetto or chrome://tracing).
// Thread: record_task() on the main thread, record_network() on the I/O thread; write() once
// both are done.
#pragma once

#include "dom_events/event_loop.h"
#include "net/io_thread.h"

#include <mutex>
#include <string>
#include <vector>

namespace duknet::tools {

class TraceWriter {
public:
    void record_task(dom::TaskSource, dom::Clock::time_point start, dom::Clock::time_point end);
    void record_network(const net::TraceSpan&);
    bool write(const std::string& path) const;

private:
    struct Span {
        std::string name;
        std::string category;
        int thread;
        dom::Clock::time_point start;
        dom::Clock::time_point end;
        std::string url;
        uint64_t request = 0;
    };
    void add(Span);

    mutable std::mutex m_mutex;
    std::vector<Span> m_spans;
    dom::Clock::time_point m_origin = dom::Clock::now();
};

} // namespace duknet::tools
