// Embedding example 1: a toy browser loading a resource (an image, a style sheet) from C++
// through duknet's loader and network thread, without any script. The loader reports to a
// LoaderClient on the thread that owns the event loop.
//
// usage: embed_loader URL
#include "dom_events/event_loop.h"
#include "loader/threadable_loader.h"
#include "net/io_thread.h"

#include <cstdio>

namespace {

class PrintingClient final : public duknet::loader::LoaderClient {
public:
    void did_send_data(uint64_t, uint64_t) override { }
    void did_receive_response(duknet::loader::Response response) override
    {
        std::printf("status %u %s, %zu headers, from %s\n", response.status, response.status_text.c_str(),
            response.header_list.size(), response.url().serialize().c_str());
    }
    void did_receive_data(duknet::net::BodyChunk chunk) override { m_received += chunk.size(); }
    void did_finish_loading() override { std::printf("finished: %zu bytes\n", m_received); }
    void did_fail(duknet::loader::Failure failure) override
    {
        std::printf("failed: %s\n", failure.detail.c_str());
        m_failed = true;
    }
    bool failed() const { return m_failed; }

private:
    size_t m_received = 0;
    bool m_failed = false;
};

}

int main(int argc, char** argv)
{
    using namespace duknet;
    if (argc != 2) {
        std::fprintf(stderr, "usage: embed_loader URL\n");
        return 2;
    }
    auto url = net::URL::parse(argv[1]);
    if (!url) {
        std::fprintf(stderr, "embed_loader: invalid URL\n");
        return 2;
    }
    net::IoThread io;                              // one network thread for the process
    dom::EventLoop loop;                           // this thread's event loop
    loader::LoaderContext context(io, loop);
    loader::Request request;
    request.url = *url;
    request.origin = url->origin();                // a same-origin load, as for a page's own image
    auto client = std::make_shared<PrintingClient>();
    auto load = loader::ThreadableLoader::start(context, std::move(request), client);
    loop.run();                                    // returns once the load is over
    return client->failed() ? 1 : 0;
}
