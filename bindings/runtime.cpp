#include "bindings/runtime.h"

#include "bindings/event_bindings.h"
#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/fetch_js.h"
#include "bindings/prelude_js.h"
#include "bindings/promise.h"
#include "net/io_thread.h"

#include <cstdio>
#include <stdexcept>
#include <utility>

namespace duknet::bindings {

// One heap per thread: the runtime of the calling thread is the runtime of any heap it touches.
static thread_local Runtime* t_runtime = nullptr;

static void fatal_error(void*, const char* message)
{
    std::fprintf(stderr, "duknet: fatal script engine error: %s\n", message ? message : "(none)");
    std::fflush(stderr);
    std::abort();
}

Runtime& Runtime::from(duk_context*)
{
    return *t_runtime;
}

Runtime::Runtime(std::shared_ptr<net::IoThread> io, RuntimeOptions options)
    : m_io(std::move(io))
    , m_loader_context(*m_io, m_event_loop)
    , m_verbose(options.verbose)
    , m_console_sink(std::move(options.console_sink))
{
    if (t_runtime)
        throw std::logic_error("one Runtime per thread");
    t_runtime = this;
    // Without a document URL the document is about:blank-like: an opaque origin.
    if (options.document_url) {
        m_document_url = std::move(*options.document_url);
        m_origin = m_document_url.origin();
    } else {
        m_document_url = *net::URL::parse("about:blank");
        m_origin = net::Origin::make_opaque();
    }
    if (m_verbose) {
        m_loader_context.set_failure_observer([](const std::string& detail) {
            std::fprintf(stderr, "duknet: network error: %s\n", detail.c_str());
        });
    }
    m_ctx = duk_create_heap(HeapMemory::allocate, HeapMemory::reallocate, HeapMemory::release, &m_heap_memory, fatal_error);
    if (!m_ctx)
        throw std::runtime_error("cannot create a script heap");
    m_heap_memory.measure_fixed_buffer_header(m_ctx);
    // The table of retained values: the stash keeps it, so its address stays valid.
    duk_push_global_stash(m_ctx);
    duk_push_array(m_ctx);
    m_retained = duk_get_heapptr(m_ctx, -1);
    duk_put_prop_string(m_ctx, -2, "retained");
    duk_pop(m_ctx);
    install_globals();
    // https://html.spec.whatwg.org/#perform-a-microtask-checkpoint step 4.
    m_event_loop.set_microtask_checkpoint_hook([this] {
        collect_garbage_if_due();
        if (!std::exchange(m_rejected_promises_pending, false))
            return;
        duk_push_global_stash(m_ctx);
        duk_get_prop_string(m_ctx, -1, "notifyAboutRejectedPromises");
        duk_push_undefined(m_ctx);
        call(0);
        duk_pop_2(m_ctx);
    });
}

// Duktape frees most garbage at once by reference counting, but cycles (a response, its body
// stream, the closures between them) wait for a mark-and-sweep, which Duktape schedules by the
// size of its own heap: it does not see the C++ objects (loads, sockets) such wrappers hold. So
// after every so many of them, a collection runs between tasks.
void Runtime::note_native_wrapper()
{
    ++m_native_wrappers_since_collection;
}

void Runtime::collect_garbage_if_due()
{
    static constexpr unsigned native_wrappers_per_collection = 1024;
    if (m_native_wrappers_since_collection < native_wrappers_per_collection || m_script_depth > 0)
        return;
    m_native_wrappers_since_collection = 0;
    duk_gc(m_ctx, 0);
}

Runtime::~Runtime()
{
    // Finalizers run while the heap is destroyed; the C++ objects they release may still
    // reach the runtime.
    duk_destroy_heap(m_ctx);
    t_runtime = nullptr;
}

void Runtime::print(std::string_view level, std::string_view line)
{
    if (m_console_sink)
        return m_console_sink(level, line);
    FILE* stream = (level == "warn" || level == "error") ? stderr : stdout;
    std::fwrite(line.data(), 1, line.size(), stream);
    std::fputc('\n', stream);
    std::fflush(stream);
}

std::optional<net::URL> Runtime::parse_url(std::string_view input) const
{
    return net::URL::parse(input, &m_document_url);
}

// Retained values ---------------------------------------------------------------------------

uint32_t Runtime::retain(duk_idx_t index)
{
    index = duk_normalize_index(m_ctx, index);
    // Ids are reused, so that the table stays as small as what is retained at once.
    uint32_t id;
    if (!m_free_retained_ids.empty()) {
        id = m_free_retained_ids.back();
        m_free_retained_ids.pop_back();
    } else {
        id = m_next_retained_id++;
    }
    duk_push_heapptr(m_ctx, m_retained);
    duk_dup(m_ctx, index);
    duk_put_prop_index(m_ctx, -2, id);
    duk_pop(m_ctx);
    return id;
}

void Runtime::push_retained(uint32_t id)
{
    duk_push_heapptr(m_ctx, m_retained);
    duk_get_prop_index(m_ctx, -1, id);
    duk_remove(m_ctx, -2);
}

void Runtime::forget(uint32_t id)
{
    duk_push_heapptr(m_ctx, m_retained);
    duk_push_undefined(m_ctx);
    duk_put_prop_index(m_ctx, -2, id);
    duk_pop(m_ctx);
    m_free_retained_ids.push_back(id);
}

// Running script ----------------------------------------------------------------------------

bool Runtime::call(duk_idx_t nargs)
{
    ++m_script_depth;
    bool ok = duk_pcall_method(m_ctx, nargs) == DUK_EXEC_SUCCESS;
    if (!ok) {
        report_exception(-1);
        duk_pop(m_ctx);
        duk_push_undefined(m_ctx);
    }
    // https://html.spec.whatwg.org/#clean-up-after-running-a-callback
    if (--m_script_depth == 0)
        m_event_loop.perform_microtask_checkpoint();
    return ok;
}

bool Runtime::try_call(duk_idx_t nargs)
{
    ++m_script_depth;
    bool ok = duk_pcall_method(m_ctx, nargs) == DUK_EXEC_SUCCESS;
    if (--m_script_depth == 0)
        m_event_loop.perform_microtask_checkpoint();
    return ok;
}

bool Runtime::evaluate(std::string_view source, const std::string& filename)
{
    duk_push_lstring(m_ctx, source.data(), source.size());
    duk_push_string(m_ctx, filename.c_str());
    if (duk_pcompile(m_ctx, 0) != 0) {
        // https://html.spec.whatwg.org/#run-a-classic-script step 7: a parse error is reported.
        report_exception(-1);
        duk_pop(m_ctx);
        return false;
    }
    duk_push_global_object(m_ctx);
    bool ok = call(0);
    duk_pop(m_ctx);
    return ok;
}

void Runtime::run()
{
    m_event_loop.run();
}

void Runtime::queue_callback(duk_idx_t callback, CallbackQueue queue)
{
    uint32_t id = retain(callback);
    auto invoke = [this, id] {
        push_retained(id);
        forget(id);
        duk_push_undefined(m_ctx);
        call(0);
        duk_pop(m_ctx);
    };
    if (queue == CallbackQueue::Microtask)
        m_event_loop.queue_microtask(std::move(invoke));
    else
        m_event_loop.queue_task(dom::TaskSource::DOMManipulation, std::move(invoke));
}

// Exceptions --------------------------------------------------------------------------------

// "Name: message" for errors, as browsers print them; other thrown values as the console would.
static std::string describe_thrown_value(duk_context* ctx, duk_idx_t index)
{
    index = duk_normalize_index(ctx, index);
    bool is_error = duk_is_error(ctx, index);
    if (!is_error && duk_is_object(ctx, index)) {
        duk_get_global_string(ctx, "DOMException");
        is_error = duk_instanceof(ctx, index, -1);
        duk_pop(ctx);
    }
    std::string description;
    if (is_error) {
        duk_get_prop_string(ctx, index, "name");
        description = to_utf8(ctx, -1);
        duk_get_prop_string(ctx, index, "message");
        std::string message = duk_is_undefined(ctx, -1) ? "" : to_utf8(ctx, -1);
        duk_pop_2(ctx);
        if (!message.empty())
            description += ": " + message;
        return description;
    }
    duk_push_global_stash(ctx);
    duk_get_prop_string(ctx, -1, "formatValue");
    duk_dup(ctx, index);
    if (duk_pcall(ctx, 1) == DUK_EXEC_SUCCESS)
        description = to_utf8(ctx, -1);
    else
        description = "exception";
    duk_pop_2(ctx);
    return description;
}

void Runtime::report_uncaught(const char* prefix, duk_idx_t index)
{
    m_exit_status = 1;
    print("error", prefix + describe_thrown_value(m_ctx, index));
}

// Reads the value at `index` as a string property of an error, or "".
static std::string error_property(duk_context* ctx, duk_idx_t index, const char* name)
{
    if (!duk_is_object(ctx, index))
        return {};
    duk_get_prop_string(ctx, index, name);
    std::string value = duk_is_null_or_undefined(ctx, -1) ? "" : to_utf8(ctx, -1);
    duk_pop(ctx);
    return value;
}

void Runtime::report_exception(duk_idx_t index)
{
    index = duk_normalize_index(m_ctx, index);
    // An exception thrown while reporting one (by an error listener) is only printed.
    if (m_reporting_exception)
        return report_uncaught("Uncaught ", index);
    m_reporting_exception = true;
    // 2-6. Fire an ErrorEvent named error at the global object, cancelable, with the error's
    // message, location and value.
    duk_get_global_string(m_ctx, "ErrorEvent");
    duk_push_string(m_ctx, "error");
    duk_push_object(m_ctx);
    duk_push_string(m_ctx, describe_thrown_value(m_ctx, index).c_str());
    duk_put_prop_string(m_ctx, -2, "message");
    push_utf8(m_ctx, error_property(m_ctx, index, "fileName"));
    duk_put_prop_string(m_ctx, -2, "filename");
    duk_push_number(m_ctx, std::atof(error_property(m_ctx, index, "lineNumber").c_str()));
    duk_put_prop_string(m_ctx, -2, "lineno");
    duk_dup(m_ctx, index);
    duk_put_prop_string(m_ctx, -2, "error");
    duk_push_true(m_ctx);
    duk_put_prop_string(m_ctx, -2, "cancelable");
    bool not_canceled = true;
    if (duk_pnew(m_ctx, 2) == DUK_EXEC_SUCCESS) {
        auto event = event_of(m_ctx, -1)->shared_from_this();
        event->set_trusted();
        not_canceled = fire_event(m_ctx, *m_global_scope, event);
    }
    duk_pop(m_ctx);
    m_reporting_exception = false;
    // 7. If notHandled is true, report it to the developer console.
    if (not_canceled)
        report_uncaught("Uncaught ", index);
}

// The prelude's hooks -----------------------------------------------------------------------

namespace {

duk_ret_t internal_enqueue_job(duk_context* ctx)
{
    Runtime::from(ctx).queue_callback(0, Runtime::CallbackQueue::Microtask);
    return 0;
}

duk_ret_t internal_queue_task(duk_context* ctx)
{
    Runtime::from(ctx).queue_callback(0, Runtime::CallbackQueue::DOMManipulationTask);
    return 0;
}

duk_ret_t internal_rejections_pending(duk_context* ctx)
{
    Runtime::from(ctx).note_rejected_promises();
    return 0;
}

duk_ret_t internal_report_uncaught(duk_context* ctx)
{
    Runtime::from(ctx).report_uncaught(duk_require_string(ctx, 0), 1);
    return 0;
}

duk_ret_t internal_print(duk_context* ctx)
{
    Runtime::from(ctx).print(duk_require_string(ctx, 0), to_utf8(ctx, 1));
    return 0;
}

duk_ret_t internal_now(duk_context* ctx)
{
    duk_push_number(ctx, dom::high_resolution_time_now());
    return 1;
}

} // namespace

// Runs a built-in script: a function of (internal, global), where `internal` is the global stash
// (unreachable from user scripts) holding the natives the built-in scripts use.
void Runtime::run_builtin_script(std::span<const unsigned char> bytecode)
{
    // The bytecode is read in place, from the constant the build made.
    duk_push_external_buffer(m_ctx);
    duk_config_buffer(m_ctx, -1, const_cast<unsigned char*>(bytecode.data()), bytecode.size());
    duk_load_function(m_ctx);
    duk_call(m_ctx, 0); // evaluates to the script's function
    duk_push_global_stash(m_ctx);
    duk_push_global_object(m_ctx);
    duk_call(m_ctx, 2);
    duk_pop(m_ctx);
}

void Runtime::run_prelude()
{
    duk_push_global_stash(m_ctx);
    duk_idx_t internal = duk_get_top_index(m_ctx);
    define_method(m_ctx, internal, "enqueueJob", internal_enqueue_job, 1, 1);
    define_method(m_ctx, internal, "queueTask", internal_queue_task, 1, 1);
    define_method(m_ctx, internal, "rejectionsPending", internal_rejections_pending, 0, 0);
    define_method(m_ctx, internal, "reportUncaught", internal_report_uncaught, 2, 2);
    define_method(m_ctx, internal, "print", internal_print, 2, 2);
    define_method(m_ctx, internal, "now", internal_now, 0, 0);
    define_method(m_ctx, internal, "fireEvent", fire_event_from_script, 2, 2);
    define_method(m_ctx, internal, "constructEventTarget", construct_event_target_from_script, 1, 1);
    define_method(m_ctx, internal, "defineEventHandler", define_event_handler_from_script, 2, 2);
    install_fetch_natives(m_ctx, internal);
    define_method(m_ctx, internal, "constructEvent", construct_event_from_script, 3, 3);
    define_method(m_ctx, internal, "isEvent", is_event_from_script, 1, 1);
    duk_pop(m_ctx);
    run_builtin_script(prelude_js_bytecode);
    run_builtin_script(fetch_js_bytecode);
}

void Runtime::push_promise_resolved_with(duk_idx_t value)
{
    value = duk_normalize_index(m_ctx, value);
    // PromiseResolve(%Promise%, value), as Promise.resolve does it.
    duk_push_global_stash(m_ctx);
    duk_get_prop_string(m_ctx, -1, "promiseResolve");
    duk_get_prop_string(m_ctx, -2, "Promise");
    duk_remove(m_ctx, -3);
    duk_dup(m_ctx, value);
    call(1);
}

void Runtime::install_globals()
{
    m_global_scope = install_event_bindings(*this);
    install_timers(*this);
    install_window_or_worker_globals(*this);
    install_xhr(*this);
    install_url_bindings(*this);
    install_blob(*this);
    install_form_data(*this);
    install_text_codec(*this);
    install_promise(*this);
    run_prelude();
}

} // namespace duknet::bindings
