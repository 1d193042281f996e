#include "dom_events/event.h"

namespace duknet::dom {

double high_resolution_time_now()
{
    static const auto time_origin = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - time_origin).count();
}

// https://dom.spec.whatwg.org/#concept-event-constructor
Event::Event(std::string type, const EventInit& init)
    : m_type(std::move(type))
    , m_bubbles(init.bubbles)
    , m_cancelable(init.cancelable)
    , m_composed(init.composed)
    , m_time_stamp(high_resolution_time_now())
{
}

Event::~Event() = default;

std::shared_ptr<Event> Event::create_trusted(std::string type, const EventInit& init)
{
    auto event = std::make_shared<Event>(std::move(type), init);
    event->m_is_trusted = true;
    return event;
}

std::vector<EventTarget*> Event::composed_path() const
{
    // Without shadow trees the composed path is the whole event path while dispatching.
    return m_dispatch ? m_path : std::vector<EventTarget*> {};
}

void Event::init_event(std::string type, bool bubbles, bool cancelable)
{
    // 1. If this's dispatch flag is set, then return.
    if (m_dispatch)
        return;
    // 2. Initialize this with type, bubbles, and cancelable.
    m_initialized = true;
    m_stop_propagation = m_stop_immediate_propagation = m_canceled = false;
    m_is_trusted = false;
    m_target = nullptr;
    m_type = std::move(type);
    m_bubbles = bubbles;
    m_cancelable = cancelable;
}

ProgressEvent::ProgressEvent(std::string type, const ProgressEventInit& init)
    : Event(std::move(type), init)
    , m_length_computable(init.length_computable)
    , m_loaded(init.loaded)
    , m_total(init.total)
{
}

std::shared_ptr<ProgressEvent> ProgressEvent::create_trusted(std::string type, uint64_t loaded,
                                                             std::optional<uint64_t> total)
{
    // https://xhr.spec.whatwg.org/#concept-event-fire-progress
    ProgressEventInit init;
    init.loaded = loaded;
    init.length_computable = total.has_value();
    init.total = total.value_or(0);
    auto event = std::make_shared<ProgressEvent>(std::move(type), init);
    event->set_trusted();
    return event;
}

} // namespace duknet::dom
