// EventTarget and the DOM Standard's dispatch algorithm (https://dom.spec.whatwg.org/#interface-eventtarget).
// Thread: an EventTarget lives on the thread of its event loop; nothing here is thread-safe.
//
// Events and targets refer to each other by raw pointer, as in the standard's object graph: the
// embedder (a DOM tree, or a script binding's wrappers) keeps a target alive while an event that
// names it can still be observed.
#pragma once

#include "dom_events/event.h"

#include <functional>
#include <list>
#include <memory>
#include <string>

namespace duknet::dom {

// https://dom.spec.whatwg.org/#callbackdef-eventlistener
class EventListener {
public:
    virtual ~EventListener() = default;
    // Runs the callback. Script exceptions are the embedder's to report; this must not throw.
    virtual void handle_event(Event& event) = 0;
    // Two listeners with the same identity (a script binding: the same function object) are the
    // same listener for addEventListener/removeEventListener.
    virtual const void* identity() const { return this; }
};

struct AddEventListenerOptions {
    bool capture = false;
    std::optional<bool> passive;
    bool once = false;
};

class EventTarget {
public:
    EventTarget() = default;
    virtual ~EventTarget();
    EventTarget(const EventTarget&) = delete;
    EventTarget& operator=(const EventTarget&) = delete;

    // https://dom.spec.whatwg.org/#dom-eventtarget-addeventlistener; false if it was already there.
    bool add_event_listener(const std::string& type, std::shared_ptr<EventListener> callback,
                            const AddEventListenerOptions& options = {});
    // https://dom.spec.whatwg.org/#dom-eventtarget-removeeventlistener
    // Returns false if there was no such listener.
    bool remove_event_listener(const std::string& type, const EventListener& callback, bool capture);
    // https://dom.spec.whatwg.org/#concept-event-dispatch; returns false if the event was canceled.
    // (The "InvalidStateError" checks of dispatchEvent() are the binding's.)
    bool dispatch_event(Event& event);
    bool has_event_listeners(const std::string& type) const;
    bool has_event_listeners() const { return !m_listeners.empty(); }

    // Event handler attributes (https://html.spec.whatwg.org/#event-handlers): setting one for the
    // first time adds a listener in the list's order; replacing it keeps that place; clearing it
    // removes the listener, so that setting it again appends a new one.
    void set_event_handler(const std::string& type, std::shared_ptr<EventListener> handler);
    EventListener* event_handler(const std::string& type) const;

    // https://dom.spec.whatwg.org/#get-the-parent; the embedder's tree supplies it.
    virtual EventTarget* get_the_parent(const Event&) { return nullptr; }
    // The default passive value (https://dom.spec.whatwg.org/#default-passive-value).
    virtual bool default_passive_for(const std::string&) const { return false; }

    void* wrapper() const { return m_wrapper; }
    void set_wrapper(void* wrapper) { m_wrapper = wrapper; }

private:
    // https://dom.spec.whatwg.org/#concept-event-listener
    struct Listener {
        std::string type;
        std::shared_ptr<EventListener> callback;
        bool capture = false;
        bool passive = false;
        bool once = false;
        bool removed = false;
        bool is_event_handler = false;
    };
    using ListenerList = std::list<std::shared_ptr<Listener>>;

    enum class Pass { Capturing, Bubbling };

    void remove_listener(ListenerList::iterator);
    void invoke(Event&, EventTarget& current, Event::Phase, Pass);
    void inner_invoke(Event&, const std::vector<std::shared_ptr<Listener>>&, Pass);

    ListenerList m_listeners;
    void* m_wrapper = nullptr;
};

} // namespace duknet::dom
