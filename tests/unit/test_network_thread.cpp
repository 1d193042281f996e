// The network thread driven directly from C++, as an embedder's loader would: connection
// limits, idle expiry, cancellation, bodies read into one block.
#include "net/io_thread.h"
#include "scenario_server_process.h"

#include <doctest/doctest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <sys/resource.h>

using namespace duknet::net;
using Clock = std::chrono::steady_clock;

namespace {

// Collects one transaction's reports (called on the network thread).
class Recorder final : public TransactionDelegate {
public:
    void on_upload_progress(uint64_t, uint64_t) override { }
    void on_response_head(ResponseHead head) override
    {
        std::lock_guard lock(m_mutex);
        m_head = std::move(head);
    }
    void on_body_data(BodyChunk chunk) override
    {
        std::lock_guard lock(m_mutex);
        m_body.append(chunk.data(), chunk.data() + chunk.size());
        ++m_chunks;
        if (auto& block = chunk.block()) {
            m_blocks.insert(block.get());
            m_slices_follow_on = m_slices_follow_on && chunk.offset() == m_slice_bytes && chunk.offset() + chunk.size() <= block->size();
            m_slice_bytes += chunk.size();
            m_last_slice_holds_block_alone = block.use_count() == 1;
        } else {
            ++m_own_chunks;
        }
    }
    void on_complete() override { settle("complete"); }
    void on_failure(NetworkFailure failure) override { settle(std::string("failure: ") + to_string(failure.kind)); }

    // Waits for the outcome ("complete" or "failure: ..."), or "timeout".
    std::string wait(std::chrono::milliseconds limit = std::chrono::seconds(10))
    {
        std::unique_lock lock(m_mutex);
        m_settled.wait_for(lock, limit, [&] { return !m_outcome.empty(); });
        return m_outcome.empty() ? "timeout" : m_outcome;
    }
    std::string header(const std::string& name)
    {
        std::lock_guard lock(m_mutex);
        return first_header_value(m_head.headers, name).value_or("");
    }
    size_t chunks()
    {
        std::lock_guard lock(m_mutex);
        return m_chunks;
    }
    Clock::time_point settled_at()
    {
        std::lock_guard lock(m_mutex);
        return m_settled_at;
    }
    std::string body()
    {
        std::lock_guard lock(m_mutex);
        return m_body;
    }
    // Of the chunks that were slices of a BodyBlock: how many blocks they came from, whether
    // they followed each other from the block's start, and whether the last one held the block
    // alone; and how many chunks had bytes of their own.
    size_t blocks()
    {
        std::lock_guard lock(m_mutex);
        return m_blocks.size();
    }
    bool slices_follow_on()
    {
        std::lock_guard lock(m_mutex);
        return m_slices_follow_on;
    }
    bool last_slice_held_block_alone()
    {
        std::lock_guard lock(m_mutex);
        return m_last_slice_holds_block_alone;
    }
    size_t own_chunks()
    {
        std::lock_guard lock(m_mutex);
        return m_own_chunks;
    }

private:
    void settle(std::string outcome)
    {
        {
            std::lock_guard lock(m_mutex);
            m_outcome = std::move(outcome);
            m_settled_at = Clock::now();
        }
        m_settled.notify_all();
    }
    std::mutex m_mutex;
    std::condition_variable m_settled;
    ResponseHead m_head;
    std::string m_body;
    size_t m_chunks = 0;
    std::set<const BodyBlock*> m_blocks;
    size_t m_slice_bytes = 0;
    bool m_slices_follow_on = true;
    bool m_last_slice_holds_block_alone = false;
    size_t m_own_chunks = 0;
    std::string m_outcome;
    Clock::time_point m_settled_at;
};

// User and system time of this process so far (the scenario server is another process).
std::chrono::microseconds process_cpu_time()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    auto micros = [](const timeval& t) { return std::chrono::seconds(t.tv_sec) + std::chrono::microseconds(t.tv_usec); };
    return micros(usage.ru_utime) + micros(usage.ru_stime);
}

std::shared_ptr<Transaction> get(IoThread& io, const ScenarioServerProcess& server, const std::string& path,
                                 std::shared_ptr<Recorder> recorder, std::optional<size_t> body_block_headroom = std::nullopt)
{
    HttpRequest request;
    request.url = *URL::parse(server.url(path));
    request.body_block_headroom = body_block_headroom;
    return io.start(std::move(request), std::move(recorder));
}

// The bytes /bytes/N sends.
std::string letters(size_t count)
{
    std::string text(count, '\0');
    for (size_t i = 0; i < count; ++i)
        text[i] = static_cast<char>('a' + i % 26);
    return text;
}

}

TEST_CASE("at most six connections per origin; the others wait for a slot in order")
{
    ScenarioServerProcess server;
    IoThread io;
    auto start = Clock::now();
    std::vector<std::shared_ptr<Recorder>> recorders;
    for (int i = 0; i < 8; ++i) {
        recorders.push_back(std::make_shared<Recorder>());
        get(io, server, "/delay/400", recorders.back());
    }
    std::set<std::string> connections;
    for (auto& recorder : recorders) {
        CHECK(recorder->wait() == "complete");
        connections.insert(recorder->header("X-Connection-Id"));
    }
    CHECK(connections.size() == 6);
    // The first six run together; the last two only once slots free up.
    for (int i = 0; i < 6; ++i)
        CHECK(recorders[i]->settled_at() - start < std::chrono::milliseconds(780));
    for (int i = 6; i < 8; ++i)
        CHECK(recorders[i]->settled_at() - start >= std::chrono::milliseconds(780));
}

TEST_CASE("an idle connection is reused until the idle timeout closes it")
{
    ScenarioServerProcess server;
    NetworkSettings settings;
    settings.idle_connection_timeout = std::chrono::milliseconds(150);
    IoThread io(settings);
    auto first = std::make_shared<Recorder>();
    get(io, server, "/bytes/1", first);
    REQUIRE(first->wait() == "complete");
    auto soon = std::make_shared<Recorder>();
    get(io, server, "/bytes/1", soon);
    REQUIRE(soon->wait() == "complete");
    CHECK(soon->header("X-Connection-Id") == first->header("X-Connection-Id"));
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    auto later = std::make_shared<Recorder>();
    get(io, server, "/bytes/1", later);
    REQUIRE(later->wait() == "complete");
    CHECK(later->header("X-Connection-Id") != first->header("X-Connection-Id"));
}

TEST_CASE("a cancelled transaction reports nothing more and frees its slot")
{
    ScenarioServerProcess server;
    NetworkSettings settings;
    settings.max_connections_per_origin = 1;
    IoThread io(settings);
    auto endless = std::make_shared<Recorder>();
    auto transaction = get(io, server, "/endless", endless);
    while (endless->chunks() < 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    transaction->cancel();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    size_t chunks_at_cancel = endless->chunks();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(endless->chunks() == chunks_at_cancel);
    CHECK(endless->wait(std::chrono::milliseconds(10)) == "timeout");
    // The only slot is free again.
    auto next = std::make_shared<Recorder>();
    get(io, server, "/bytes/1", next);
    CHECK(next->wait() == "complete");
}

TEST_CASE("a request to a closed port fails as refused")
{
    IoThread io;
    auto recorder = std::make_shared<Recorder>();
    HttpRequest request;
    request.url = *URL::parse("http://127.0.0.1:1/");
    io.start(std::move(request), recorder);
    CHECK(recorder->wait() == "failure: connection refused");
}

TEST_CASE("with any busy-poll window, requests complete and an idle network thread sleeps")
{
    using namespace std::chrono_literals;
    ScenarioServerProcess server;
    for (std::chrono::microseconds window : { 0us, 100us, 20000us }) {
        CAPTURE(window.count());
        NetworkSettings settings;
        settings.busy_poll = window;
        IoThread io(settings);
        for (int i = 0; i < 3; ++i) {
            auto recorder = std::make_shared<Recorder>();
            get(io, server, "/bytes/1", recorder);
            REQUIRE(recorder->wait() == "complete");
        }
        // Idle, the thread spends at most its window polling: it does not spin on.
        auto cpu_before = process_cpu_time();
        std::this_thread::sleep_for(300ms);
        CHECK(process_cpu_time() - cpu_before < window + 40ms);
    }
}

TEST_CASE("a large body of known length comes in slices of one block, the last of which hands it over")
{
    ScenarioServerProcess server;
    IoThread io;
    auto whole = std::make_shared<Recorder>();
    get(io, server, "/bytes/3000000", whole, 40);
    REQUIRE(whole->wait() == "complete");
    CHECK(whole->body() == letters(3000000));
    CHECK(whole->chunks() > 1);
    CHECK(whole->own_chunks() == 0);
    CHECK(whole->blocks() == 1);
    CHECK(whole->slices_follow_on());
    CHECK(whole->last_slice_held_block_alone());
    // Pieces with pauses between them go to the same block.
    auto dripped = std::make_shared<Recorder>();
    get(io, server, "/drip?chunked=0&chunks=3&size=400000&interval=30", dripped, 40);
    REQUIRE(dripped->wait() == "complete");
    CHECK(dripped->body() == std::string(400000, '0') + std::string(400000, '1') + std::string(400000, '2'));
    CHECK(dripped->own_chunks() == 0);
    CHECK(dripped->blocks() == 1);
    CHECK(dripped->slices_follow_on());
    // A requester that streams the body: the rest comes in chunks of their own.
    auto streamed = std::make_shared<Recorder>();
    auto transaction = get(io, server, "/drip?chunked=0&chunks=3&size=400000&interval=100", streamed, 40);
    while (streamed->chunks() == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    transaction->read_body_in_chunks();
    REQUIRE(streamed->wait() == "complete");
    CHECK(streamed->body() == std::string(400000, '0') + std::string(400000, '1') + std::string(400000, '2'));
    CHECK(streamed->blocks() == 1);
    CHECK(streamed->slices_follow_on());
    CHECK(streamed->own_chunks() > 0);
    // Not asked for, below 1 MiB, or of unknown length: chunks of their own.
    for (auto [path, headroom] : { std::pair<const char*, std::optional<size_t>> { "/bytes/3000000", std::nullopt },
             { "/bytes/1000000", 40 }, { "/drip?chunked=1&chunks=3&size=400000&interval=0", 40 } }) {
        CAPTURE(path);
        auto chunks = std::make_shared<Recorder>();
        get(io, server, path, chunks, headroom);
        REQUIRE(chunks->wait() == "complete");
        CHECK(chunks->blocks() == 0);
    }
    // Cut short: a failure, and the slices that came hold what came.
    auto cut = std::make_shared<Recorder>();
    get(io, server, "/close-early?send=1500000&claim=2000000", cut, 40);
    CHECK(cut->wait() == "failure: connection closed");
    CHECK(cut->body() == std::string(1500000, 'x'));
    CHECK(cut->blocks() == 1);
}
