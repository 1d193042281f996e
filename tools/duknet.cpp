// The duknet command line: runs scripts in one global scope, then the event loop until nothing
// is pending. The contract (options, exit codes, output) is stable: tests and benchmarks rely on it.
#include "bindings/runtime.h"
#include "net/cookie_jar.h"
#include "net/io_thread.h"
#include "tools/trace_writer.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <malloc.h>
#include <unistd.h>

namespace {

constexpr const char* version = "duknet 0.1.0";

constexpr const char* usage = R"(usage: duknet run [options] FILE [FILE...]
       duknet --version | --help

Runs the scripts in order in one global scope, then the event loop until no task, timer,
request or worker is left.

options:
  --base-url URL          the document URL: location, base of relative URLs, the origin
  --resolve HOST:PORT:ADDR[,ADDR]...
                          connect to ADDR (each in turn) for HOST:PORT instead of asking DNS
                          (repeatable)
  --timeout SECONDS       end a run that has not finished by then (exit status 124)
  --verbose               print the real cause of each network error on stderr
  --cookie-jar FILE       load cookies from FILE (Netscape cookies.txt, as curl writes it) if it
                          exists, and save them there when the run ends
  --ca-file PEM           also trust the certificates in PEM (a test CA, say)
  --trace FILE            write a Chrome trace (Perfetto, chrome://tracing) of main-thread
                          tasks and network phases (dns, connect, tls, request, headers, body)

environment: http_proxy, https_proxy and no_proxy (or their upper case forms) choose proxies.

exit status: 0 on success; 1 if an exception or promise rejection went unhandled;
             2 on a usage error; 124 on --timeout.
)";

int usage_error(const std::string& message)
{
    std::fprintf(stderr, "duknet: %s\n\n%s", message.c_str(), usage);
    return 2;
}

std::optional<std::string> read_file(const std::string& path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return std::nullopt;
    std::ostringstream contents;
    contents << file.rdbuf();
    return contents.str();
}

std::string file_url_for(const std::string& path)
{
    char resolved[PATH_MAX];
    std::string absolute = realpath(path.c_str(), resolved) ? resolved : path;
    return "file://" + absolute;
}

} // namespace

// The process's memory policy (an embedder chooses its own): a body arrives as 256 KiB chunks
// made on the network thread and freed on the script's, and the C library gave the freed memory
// straight back to the kernel, so every chunk faulted in fresh pages. Freed memory is kept for
// reuse up to 8 MiB; blocks from 1 MiB up (a growing body) are mappings of their own, which grow
// in place and go back whole.
static void set_memory_policy()
{
    mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 8 * 1024 * 1024);
}

int main(int argc, char** argv)
{
    using namespace duknet;
    set_memory_policy();
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty())
        return usage_error("no command given");
    if (args[0] == "--version") {
        std::puts(version);
        return 0;
    }
    if (args[0] == "--help" || args[0] == "-h") {
        std::fputs(usage, stdout);
        return 0;
    }
    if (args[0] != "run")
        return usage_error("unknown command '" + args[0] + "'");

    std::optional<std::string> base_url;
    std::optional<double> timeout_seconds;
    bool verbose = false;
    std::optional<std::string> trace_path;
    std::optional<std::string> cookie_jar_path;
    net::NetworkSettings settings;
    settings.proxies = net::ProxySettings::from_environment();
    std::vector<std::string> files;
    for (size_t i = 1; i < args.size(); ++i) {
        const std::string& arg = args[i];
        auto value = [&](const char* option) -> std::optional<std::string> {
            if (i + 1 >= args.size())
                return std::nullopt;
            (void)option;
            return args[++i];
        };
        if (arg == "--base-url") {
            if (!(base_url = value("--base-url")))
                return usage_error("--base-url needs a URL");
        } else if (arg == "--timeout") {
            auto text = value("--timeout");
            char* end = nullptr;
            double seconds = text ? std::strtod(text->c_str(), &end) : 0;
            if (!text || *end || seconds <= 0)
                return usage_error("--timeout needs a positive number of seconds");
            timeout_seconds = seconds;
        } else if (arg == "--resolve") {
            auto text = value("--resolve");
            // HOST:PORT:ADDR[,ADDR]... (as curl takes it); an IPv6 ADDR may have brackets.
            size_t first = text ? text->find(':') : std::string::npos;
            size_t second = first == std::string::npos ? std::string::npos : text->find(':', first + 1);
            if (second == std::string::npos || second + 1 == text->size())
                return usage_error("--resolve needs HOST:PORT:ADDR[,ADDR]...");
            auto& addresses = settings.resolve_overrides[text->substr(0, second)];
            std::string_view list = std::string_view(*text).substr(second + 1);
            while (!list.empty()) {
                size_t comma = list.find(',');
                std::string address(list.substr(0, comma));
                if (address.size() > 2 && address.front() == '[' && address.back() == ']')
                    address = address.substr(1, address.size() - 2);
                addresses.push_back(address);
                list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
            }
        } else if (arg == "--cookie-jar") {
            if (!(cookie_jar_path = value("--cookie-jar")))
                return usage_error("--cookie-jar needs a file name");
        } else if (arg == "--verbose") {
            verbose = true;
        } else if (arg == "--ca-file") {
            auto path = value("--ca-file");
            if (!path)
                return usage_error("--ca-file needs a PEM file");
            settings.ca_file = *path;
        } else if (arg == "--trace") {
            if (!(trace_path = value("--trace")))
                return usage_error("--trace needs a file name");
        } else if (arg.starts_with("--")) {
            return usage_error("unknown option '" + arg + "'");
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty())
        return usage_error("no script given");

    bindings::RuntimeOptions options;
    options.verbose = verbose;
    std::string document_url = base_url ? *base_url : file_url_for(files.front());
    options.document_url = net::URL::parse(document_url);
    if (!options.document_url)
        return usage_error("invalid --base-url '" + document_url + "'");

    if (timeout_seconds) {
        // The whole run is bounded: past the deadline the process ends with 124, whatever runs.
        std::thread([seconds = *timeout_seconds] {
            std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
            std::fflush(stdout);
            std::fprintf(stderr, "duknet: timed out after %g s\n", seconds);
            std::_Exit(124);
        }).detach();
    }

    settings.cookie_jar = std::make_shared<net::CookieJar>();
    if (cookie_jar_path) {
        std::ifstream jar(*cookie_jar_path);
        if (jar && !settings.cookie_jar->load_netscape(jar))
            std::fprintf(stderr, "duknet: some lines of %s are not cookies; they were skipped\n", cookie_jar_path->c_str());
    }
    auto cookie_jar = settings.cookie_jar;
    tools::TraceWriter trace;
    if (trace_path)
        settings.trace_observer = [&trace](const net::TraceSpan& span) { trace.record_network(span); };
    std::shared_ptr<net::IoThread> io;
    try {
        io = std::make_shared<net::IoThread>(std::move(settings));
    } catch (const std::exception& error) {
        // An unreadable --ca-file, typically.
        std::fprintf(stderr, "duknet: cannot start the network: %s\n", error.what());
        return 2;
    }
    int status = 0;
    {
        bindings::Runtime runtime(io, std::move(options));
        if (trace_path)
            runtime.event_loop().set_task_observer([&trace](dom::TaskSource source, dom::Clock::time_point start, dom::Clock::time_point end) {
                trace.record_task(source, start, end);
            });
        for (auto& file : files) {
            auto source = read_file(file);
            if (!source) {
                std::fprintf(stderr, "duknet: cannot read %s: %s\n", file.c_str(), std::strerror(errno));
                return 2;
            }
            runtime.evaluate(*source, file);
        }
        runtime.run();
        status = runtime.exit_status();
    }
    io.reset(); // the network thread has reported its last phase and stored its last cookie
    if (cookie_jar_path) {
        std::ofstream jar(*cookie_jar_path);
        cookie_jar->save_netscape(jar);
        if (!jar) {
            std::fprintf(stderr, "duknet: cannot write the cookie jar %s\n", cookie_jar_path->c_str());
            status = status ? status : 2;
        }
    }
    if (trace_path && !trace.write(*trace_path)) {
        std::fprintf(stderr, "duknet: cannot write the trace to %s\n", trace_path->c_str());
        status = status ? status : 2;
    }
    std::fflush(stdout);
    return status;
}
