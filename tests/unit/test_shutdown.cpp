// Ending with requests in flight: a runtime destroyed mid-request cancels its requests (the
// server sees the connections go), and nothing is used after it is freed (the sanitizer builds
// run this too).
#include "bindings/runtime.h"
#include "net/io_thread.h"
#include "scenario_server_process.h"

#include <doctest/doctest.h>

#include <thread>

using namespace duknet;

namespace {

bindings::RuntimeOptions options_for(const ScenarioServerProcess& server)
{
    bindings::RuntimeOptions options;
    options.document_url = net::URL::parse(server.url("/"));
    return options;
}

// Runs `script` for `duration`, then destroys the runtime with whatever it left in flight.
void run_and_abandon(const std::shared_ptr<net::IoThread>& io, const ScenarioServerProcess& server,
                     const std::string& script, std::chrono::milliseconds duration)
{
    bindings::Runtime runtime(io, options_for(server));
    runtime.evaluate(script, "abandoned.js");
    auto until = dom::Clock::now() + duration;
    while (dom::Clock::now() < until)
        runtime.event_loop().run_once(until);
}

// Runs `script` to its end and returns the last line it logged.
std::string run_to_end(const std::shared_ptr<net::IoThread>& io, const ScenarioServerProcess& server, const std::string& script)
{
    std::string last_line;
    auto options = options_for(server);
    options.console_sink = [&](std::string_view, std::string_view line) { last_line = std::string(line); };
    bindings::Runtime runtime(io, std::move(options));
    runtime.evaluate(script, "check.js");
    runtime.run();
    return last_line;
}

}

TEST_CASE("a runtime that ends cancels its requests in flight")
{
    ScenarioServerProcess server;
    auto io = std::make_shared<net::IoThread>();
    run_and_abandon(io, server, R"(
        var xhr = new XMLHttpRequest();
        xhr.open('GET', '/hang');
        xhr.send();
        fetch('/endless').then(function (response) { globalThis.kept = response; });
        var upload = new XMLHttpRequest();
        upload.open('POST', '/delay/5000');
        upload.upload.onprogress = function () {};
        upload.send(new Uint8Array(1 << 20));
        setTimeout(function () {}, 60000);
    )", std::chrono::milliseconds(300));
    // The endless body stops being written once its connection is gone.
    std::string in_progress;
    for (int attempt = 0; attempt < 50 && in_progress != "0"; ++attempt) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        in_progress = run_to_end(io, server,
            "fetch('/endless/stats').then(function (r) { return r.text(); }).then(function (t) { console.log(t); });");
    }
    CHECK(in_progress == "0");
}

TEST_CASE("the network thread ends promptly with transactions in flight")
{
    ScenarioServerProcess server;
    auto start = dom::Clock::now();
    {
        auto io = std::make_shared<net::IoThread>();
        run_and_abandon(io, server, R"(
            for (var i = 0; i < 10; ++i) {
                var xhr = new XMLHttpRequest();
                xhr.open('GET', '/hang?n=' + i);
                xhr.send();
            }
        )", std::chrono::milliseconds(100));
    }
    CHECK(dom::Clock::now() - start < std::chrono::seconds(5));
}
