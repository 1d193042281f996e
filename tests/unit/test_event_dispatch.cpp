#include "dom_events/event_target.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace duknet::dom;

namespace {

// A node of a toy tree: the event path follows parents.
class Node final : public EventTarget {
public:
    Node(std::string name, Node* parent = nullptr)
        : name(std::move(name))
        , parent(parent)
    {
    }
    EventTarget* get_the_parent(const Event&) override { return parent; }
    std::string name;
    Node* parent;
};

class Recorder final : public EventListener {
public:
    Recorder(std::vector<std::string>& log, std::string label, std::function<void(Event&)> extra = {})
        : m_log(log), m_label(std::move(label)), m_extra(std::move(extra))
    {
    }
    void handle_event(Event& event) override
    {
        auto* node = static_cast<Node*>(event.current_target());
        m_log.push_back(m_label + "@" + node->name + ":" + std::to_string(int(event.event_phase())));
        if (m_extra)
            m_extra(event);
    }

private:
    std::vector<std::string>& m_log;
    std::string m_label;
    std::function<void(Event&)> m_extra;
};

}

TEST_CASE("capture, target and bubble phases follow the parent chain")
{
    Node root("root"), middle("middle", &root), leaf("leaf", &middle);
    std::vector<std::string> log;
    for (Node* node : { &root, &middle, &leaf }) {
        node->add_event_listener("x", std::make_shared<Recorder>(log, "capture"), { .capture = true });
        node->add_event_listener("x", std::make_shared<Recorder>(log, "bubble"));
    }
    Event event("x", { .bubbles = true });
    CHECK(leaf.dispatch_event(event));
    CHECK(log == std::vector<std::string> { "capture@root:1", "capture@middle:1", "capture@leaf:2", "bubble@leaf:2",
                                            "bubble@middle:3", "bubble@root:3" });
    CHECK(event.event_phase() == Event::Phase::None);
    CHECK(event.current_target() == nullptr);
    CHECK(event.target() == &leaf);

    log.clear();
    Event no_bubbles("x");
    leaf.dispatch_event(no_bubbles);
    CHECK(log == std::vector<std::string> { "capture@root:1", "capture@middle:1", "capture@leaf:2", "bubble@leaf:2" });
}

TEST_CASE("stopPropagation ends the path after the current target; stopImmediatePropagation at once")
{
    Node root("root"), leaf("leaf", &root);
    std::vector<std::string> log;
    leaf.add_event_listener("x", std::make_shared<Recorder>(log, "a", [](Event& e) { e.stop_propagation(); }));
    leaf.add_event_listener("x", std::make_shared<Recorder>(log, "b"));
    root.add_event_listener("x", std::make_shared<Recorder>(log, "root"));
    Event event("x", { .bubbles = true });
    leaf.dispatch_event(event);
    CHECK(log == std::vector<std::string> { "a@leaf:2", "b@leaf:2" });

    log.clear();
    Node other("other");
    other.add_event_listener("y", std::make_shared<Recorder>(log, "a", [](Event& e) { e.stop_immediate_propagation(); }));
    other.add_event_listener("y", std::make_shared<Recorder>(log, "b"));
    Event second("y");
    other.dispatch_event(second);
    CHECK(log == std::vector<std::string> { "a@other:2" });
}

TEST_CASE("once listeners run once; passive listeners cannot cancel")
{
    Node node("n");
    std::vector<std::string> log;
    node.add_event_listener("x", std::make_shared<Recorder>(log, "once"), { .once = true });
    node.add_event_listener("x", std::make_shared<Recorder>(log, "passive", [](Event& e) { e.prevent_default(); }), { .passive = true });
    Event first("x", { .cancelable = true });
    CHECK(node.dispatch_event(first));
    Event second("x", { .cancelable = true });
    node.dispatch_event(second);
    CHECK(log == std::vector<std::string> { "once@n:2", "passive@n:2", "passive@n:2" });
}

TEST_CASE("event handlers keep their place; clearing one and setting it again appends it")
{
    Node node("n");
    std::vector<std::string> log;
    node.add_event_listener("x", std::make_shared<Recorder>(log, "first"));
    node.set_event_handler("x", std::make_shared<Recorder>(log, "handler A"));
    node.add_event_listener("x", std::make_shared<Recorder>(log, "last"));
    node.set_event_handler("x", std::make_shared<Recorder>(log, "handler B"));
    Event event("x");
    node.dispatch_event(event);
    CHECK(log == std::vector<std::string> { "first@n:2", "handler B@n:2", "last@n:2" });

    log.clear();
    node.set_event_handler("x", nullptr);
    node.set_event_handler("x", std::make_shared<Recorder>(log, "handler C"));
    Event again("x");
    node.dispatch_event(again);
    CHECK(log == std::vector<std::string> { "first@n:2", "last@n:2", "handler C@n:2" });
}

TEST_CASE("a listener removed during dispatch does not run; one added does not run in it")
{
    Node node("n");
    std::vector<std::string> log;
    auto victim = std::make_shared<Recorder>(log, "victim");
    std::shared_ptr<EventListener> added = std::make_shared<Recorder>(log, "added");
    node.add_event_listener("x", std::make_shared<Recorder>(log, "remover", [&](Event&) {
        node.remove_event_listener("x", *victim, false);
        node.add_event_listener("x", added);
    }));
    node.add_event_listener("x", victim);
    Event event("x");
    node.dispatch_event(event);
    CHECK(log == std::vector<std::string> { "remover@n:2" });
}

TEST_CASE("progress events carry loaded and total; trusted events are marked")
{
    auto event = ProgressEvent::create_trusted("progress", 5, std::nullopt);
    CHECK(event->is_trusted());
    CHECK(event->loaded() == 5);
    CHECK_FALSE(event->length_computable());
    auto known = ProgressEvent::create_trusted("progress", 5, 10);
    CHECK(known->length_computable());
    CHECK(known->total() == 10);
    Event untrusted("x");
    CHECK_FALSE(untrusted.is_trusted());
}
