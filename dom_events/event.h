// Event and its standard subclasses (https://dom.spec.whatwg.org/#interface-event,
// https://xhr.spec.whatwg.org/#interface-progressevent).
// Thread: an Event belongs to the thread of the event loop that dispatches it.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace duknet::dom {

class EventTarget;

struct EventInit {
    bool bubbles = false;
    bool cancelable = false;
    bool composed = false;
};

class Event : public std::enable_shared_from_this<Event> {
public:
    enum class Phase : uint16_t { None = 0, Capturing = 1, AtTarget = 2, Bubbling = 3 };

    Event(std::string type, const EventInit& init = {});
    virtual ~Event();
    Event(const Event&) = delete;
    Event& operator=(const Event&) = delete;

    // https://dom.spec.whatwg.org/#concept-event-create with the isTrusted flag set, for events
    // the user agent fires itself.
    static std::shared_ptr<Event> create_trusted(std::string type, const EventInit& init = {});

    const std::string& type() const { return m_type; }
    EventTarget* target() const { return m_target; }
    EventTarget* current_target() const { return m_current_target; }
    Phase event_phase() const { return m_phase; }
    bool bubbles() const { return m_bubbles; }
    bool cancelable() const { return m_cancelable; }
    bool composed() const { return m_composed; }
    bool is_trusted() const { return m_is_trusted; }
    // For events the user agent creates through a script constructor (e.g. ErrorEvent).
    void set_trusted() { m_is_trusted = true; }
    bool default_prevented() const { return m_canceled; }
    // DOMHighResTimeStamp relative to the process's time origin.
    double time_stamp() const { return m_time_stamp; }
    std::vector<EventTarget*> composed_path() const;

    void stop_propagation() { m_stop_propagation = true; }
    void stop_immediate_propagation() { m_stop_propagation = m_stop_immediate_propagation = true; }
    // https://dom.spec.whatwg.org/#set-the-canceled-flag
    void prevent_default() { if (m_cancelable && !m_in_passive_listener) m_canceled = true; }
    // https://dom.spec.whatwg.org/#dom-event-initevent
    void init_event(std::string type, bool bubbles, bool cancelable);
    // Legacy `returnValue` and `cancelBubble` setters.
    void set_return_value(bool value) { if (!value) prevent_default(); }
    void set_cancel_bubble(bool value) { if (value) m_stop_propagation = true; }

    bool dispatching() const { return m_dispatch; }
    bool initialized() const { return m_initialized; }
    bool propagation_stopped() const { return m_stop_propagation; }

    // The embedder (a script binding) keeps its wrapper object here, so that every listener of
    // one dispatch sees the same object.
    void* wrapper() const { return m_wrapper; }
    void set_wrapper(void* wrapper) { m_wrapper = wrapper; }

private:
    friend class EventTarget;

    std::string m_type;
    EventTarget* m_target = nullptr;
    EventTarget* m_current_target = nullptr;
    std::vector<EventTarget*> m_path;
    Phase m_phase = Phase::None;
    bool m_bubbles = false;
    bool m_cancelable = false;
    bool m_composed = false;
    bool m_is_trusted = false;
    bool m_stop_propagation = false;
    bool m_stop_immediate_propagation = false;
    bool m_canceled = false;
    bool m_in_passive_listener = false;
    bool m_dispatch = false;
    bool m_initialized = true;
    double m_time_stamp = 0;
    void* m_wrapper = nullptr;
};

struct ProgressEventInit : EventInit {
    bool length_computable = false;
    uint64_t loaded = 0;
    uint64_t total = 0;
};

// https://xhr.spec.whatwg.org/#interface-progressevent
class ProgressEvent final : public Event {
public:
    ProgressEvent(std::string type, const ProgressEventInit& init);
    static std::shared_ptr<ProgressEvent> create_trusted(std::string type, uint64_t loaded,
                                                         std::optional<uint64_t> total);
    bool length_computable() const { return m_length_computable; }
    uint64_t loaded() const { return m_loaded; }
    uint64_t total() const { return m_total; }

private:
    bool m_length_computable;
    uint64_t m_loaded;
    uint64_t m_total;
};

// Milliseconds since the process's time origin, as performance.now() and Event.timeStamp use.
double high_resolution_time_now();

} // namespace duknet::dom
