// Embedding example 2: a toy browser's own main loop driving a duknet Runtime: it evaluates a
// script, then calls run_once() from its loop, with a rendering hook about 60 times a second and
// its own DOM-like node using dom_events for dispatch.
//
// usage: embed_runtime BASE_URL   (the script fetches BASE_URL + "bytes/16")
#include "bindings/runtime.h"
#include "dom_events/event_target.h"
#include "net/io_thread.h"

#include <cstdio>

namespace {

// A node of the embedder's own tree: events bubble from child to parent.
class Node final : public duknet::dom::EventTarget {
public:
    explicit Node(Node* parent = nullptr) : m_parent(parent) { }
    duknet::dom::EventTarget* get_the_parent(const duknet::dom::Event&) override { return m_parent; }

private:
    Node* m_parent;
};

class Logger final : public duknet::dom::EventListener {
public:
    explicit Logger(const char* name) : m_name(name) { }
    void handle_event(duknet::dom::Event& event) override
    {
        std::printf("%s saw %s (phase %d)\n", m_name, event.type().c_str(), int(event.event_phase()));
    }

private:
    const char* m_name;
};

}

int main(int argc, char** argv)
{
    using namespace duknet;
    if (argc != 2) {
        std::fprintf(stderr, "usage: embed_runtime BASE_URL\n");
        return 2;
    }
    // The embedder's DOM: a click on a child bubbles to its parent.
    Node document, button(&document);
    document.add_event_listener("click", std::make_shared<Logger>("document"));
    button.add_event_listener("click", std::make_shared<Logger>("button"));
    dom::Event click("click", { .bubbles = true });
    button.dispatch_event(click);

    auto io = std::make_shared<net::IoThread>();
    bindings::RuntimeOptions options;
    options.document_url = net::URL::parse(argv[1]);
    bindings::Runtime runtime(io, std::move(options));
    int frames = 0;
    runtime.event_loop().set_rendering_hook([&frames](double) { ++frames; });
    runtime.evaluate(R"(
        fetch('bytes/16').then(function (response) { return response.text(); })
            .then(function (text) { console.log('script got ' + text.length + ' bytes'); });
    )", "embedded.js");
    // The embedder's loop: its own work, then duknet's, never blocking longer than a frame.
    while (runtime.event_loop().has_pending_work())
        runtime.event_loop().run_once(dom::Clock::now() + std::chrono::milliseconds(16));
    std::printf("rendering opportunities: %s\n", frames > 0 ? "yes" : "none");
    return runtime.exit_status();
}
