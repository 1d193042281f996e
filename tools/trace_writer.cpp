#include "tools/trace_writer.h"

#include <cstdio>
#include <fstream>

namespace duknet::tools {

static constexpr int main_thread_id = 1;
static constexpr int network_thread_id = 2;

void TraceWriter::add(Span span)
{
    std::lock_guard lock(m_mutex);
    m_spans.push_back(std::move(span));
}

void TraceWriter::record_task(dom::TaskSource source, dom::Clock::time_point start, dom::Clock::time_point end)
{
    add({ std::string("task: ") + dom::to_string(source), "task", main_thread_id, start, end, {}, 0 });
}

void TraceWriter::record_network(const net::TraceSpan& span)
{
    add({ span.phase, "network", network_thread_id, span.start, span.end, span.url, span.transaction_id });
}

static std::string json_escape(const std::string& text)
{
    std::string out;
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += char(c);
        }
    }
    return out;
}

bool TraceWriter::write(const std::string& path) const
{
    std::ofstream out(path);
    if (!out)
        return false;
    auto microseconds = [&](dom::Clock::time_point t) {
        return std::chrono::duration<double, std::micro>(t - m_origin).count();
    };
    out << "{\"traceEvents\":[\n";
    out << R"({"name":"thread_name","ph":"M","pid":1,"tid":1,"args":{"name":"main thread"}},)" "\n";
    out << R"({"name":"thread_name","ph":"M","pid":1,"tid":2,"args":{"name":"network thread"}})";
    std::lock_guard lock(m_mutex);
    for (auto& span : m_spans) {
        out << ",\n{\"name\":\"" << json_escape(span.name) << "\",\"cat\":\"" << span.category
            << "\",\"ph\":\"X\",\"pid\":1,\"tid\":" << span.thread << ",\"ts\":" << microseconds(span.start)
            << ",\"dur\":" << microseconds(span.end) - microseconds(span.start);
        if (span.request)
            out << ",\"args\":{\"request\":" << span.request << ",\"url\":\"" << json_escape(span.url) << "\"}";
        out << "}";
    }
    out << "\n]}\n";
    return bool(out);
}

} // namespace duknet::tools
