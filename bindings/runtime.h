// The script runtime of one event loop: a Duktape heap, its global object and its HTML event
// loop, on top of the process's network thread. A document's main thread and each worker have
// one. This is the embedding API: create a Runtime, evaluate scripts, then run() it or drive
// it with event_loop().run_once() from the embedder's own loop.
// Thread: a Runtime and everything reachable from its heap belong to the thread that created it.
#pragma once

#include "bindings/heap_memory.h"
#include "dom_events/event_loop.h"
#include "loader/threadable_loader.h"
#include "net/url.h"

#include <duktape.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace duknet::net {
class IoThread;
}

namespace duknet::bindings {

class GlobalScope;

struct RuntimeOptions {
    // The document's URL: `location`, the base URL of relative URLs, and the origin.
    std::optional<net::URL> document_url;
    // Prints each network failure's real cause on stderr.
    bool verbose = false;
    // Where console output goes (defaults: stdout for log/info/debug, stderr for warn/error).
    std::function<void(std::string_view level, std::string_view line)> console_sink;
};

class Runtime {
public:
    Runtime(std::shared_ptr<net::IoThread>, RuntimeOptions);
    ~Runtime();
    Runtime(const Runtime&) = delete;
    Runtime& operator=(const Runtime&) = delete;

    // Runs a classic script (https://html.spec.whatwg.org/#run-a-classic-script): an uncaught
    // exception is reported, then microtasks run. Returns false if the script threw.
    bool evaluate(std::string_view source, const std::string& filename);
    // Runs the event loop until nothing is pending.
    void run();
    // 1 once an exception went unreported to script (uncaught, or an unhandled rejection).
    int exit_status() const { return m_exit_status; }

    dom::EventLoop& event_loop() { return m_event_loop; }
    loader::LoaderContext& loader_context() { return m_loader_context; }
    const net::URL& document_url() const { return m_document_url; }
    net::Origin origin() const { return m_origin; }
    duk_context* context() const { return m_ctx; }
    GlobalScope& global_scope() { return *m_global_scope; }
    // What loads ask for as loader::Request::body_block_headroom: the headroom that lets a
    // body read whole become a buffer of this heap without a copy.
    std::optional<size_t> body_block_headroom() const { return m_heap_memory.block_headroom(); }

    // For the bindings --------------------------------------------------------------------
    // The runtime of the calling thread's heap.
    static Runtime& from(duk_context*);

    // https://html.spec.whatwg.org/#report-an-exception: fires `error` at the global object and,
    // unless canceled, prints "Uncaught ..." on stderr. The value at `index` stays on the stack.
    void report_exception(duk_idx_t index);
    // Prints `prefix` and the value at `index` as an uncaught error and marks the run failed.
    void report_uncaught(const char* prefix, duk_idx_t index);

    // Calls a callback: the stack holds [function, this, arg1..argN]. An exception is reported;
    // then, when no script is left running, microtasks run ("clean up after running a
    // callback"). Leaves the return value (undefined after an exception) on the stack.
    bool call(duk_idx_t nargs);
    // Calls a callback as call() does, except that an exception is the caller's: returns false
    // with the thrown value in place of the return value.
    bool try_call(duk_idx_t nargs);

    // Queues a call of the callback at `index` (no arguments, exceptions reported).
    enum class CallbackQueue { Microtask, DOMManipulationTask };
    void queue_callback(duk_idx_t index, CallbackQueue);

    // https://webidl.spec.whatwg.org/#a-promise-resolved-with: pushes a new promise of the
    // original Promise resolved with the value at `value`.
    void push_promise_resolved_with(duk_idx_t value);

    // Keeps the value at `index` alive (and reachable from C++) until forgotten.
    uint32_t retain(duk_idx_t index);
    void push_retained(uint32_t id);
    void forget(uint32_t id);

    // The global's map of active timers (https://html.spec.whatwg.org/#map-of-active-timers):
    // handle -> the retained [handler, ...arguments].
    std::map<int32_t, uint32_t>& active_timers() { return m_active_timers; }

    // A wrapper holding C++ resources was made (Duktape's collector does not see their weight).
    void note_native_wrapper();

    // A promise was rejected without a handler: notify script after the microtask checkpoint.
    void note_rejected_promises() { m_rejected_promises_pending = true; }

    void print(std::string_view level, std::string_view line);
    bool verbose() const { return m_verbose; }
    // Parses a URL relative to the document's URL (https://html.spec.whatwg.org/#encoding-parsing-a-url).
    std::optional<net::URL> parse_url(std::string_view) const;

private:
    void install_globals();
    void collect_garbage_if_due();
    void run_prelude();
    void run_builtin_script(std::span<const unsigned char> bytecode);

    HeapMemory m_heap_memory; // outlives the heap
    duk_context* m_ctx = nullptr;
    std::shared_ptr<net::IoThread> m_io;
    dom::EventLoop m_event_loop;
    loader::LoaderContext m_loader_context;
    net::URL m_document_url;
    net::Origin m_origin;
    bool m_verbose = false;
    std::function<void(std::string_view, std::string_view)> m_console_sink;
    std::shared_ptr<GlobalScope> m_global_scope;
    int m_script_depth = 0;
    bool m_reporting_exception = false;
    bool m_rejected_promises_pending = false;
    unsigned m_native_wrappers_since_collection = 0;
    std::map<int32_t, uint32_t> m_active_timers;
    int m_exit_status = 0;
    void* m_retained = nullptr; // the stash's array of retained values
    uint32_t m_next_retained_id = 1; // 0 is never an id
    std::vector<uint32_t> m_free_retained_ids;
};

} // namespace duknet::bindings
