#include "dom_events/event_target.h"

#include <algorithm>

namespace duknet::dom {

EventTarget::~EventTarget() = default;

bool EventTarget::add_event_listener(const std::string& type, std::shared_ptr<EventListener> callback,
                                     const AddEventListenerOptions& options)
{
    // https://dom.spec.whatwg.org/#add-an-event-listener
    // 2. If listener's callback is null, then return.
    if (!callback)
        return false;
    // 1. (passive defaults per the default passive value.)
    bool passive = options.passive.value_or(default_passive_for(type));
    // 4. If eventTarget's event listener list does not contain an event listener whose type is
    //    listener's type, callback is listener's callback, and capture is listener's capture,
    //    then append listener to eventTarget's event listener list.
    for (auto& existing : m_listeners) {
        if (existing->type == type && !existing->is_event_handler
            && existing->callback->identity() == callback->identity() && existing->capture == options.capture)
            return false;
    }
    m_listeners.push_back(std::make_shared<Listener>(Listener {
        type, std::move(callback), options.capture, passive, options.once, false, false }));
    return true;
}

void EventTarget::remove_listener(ListenerList::iterator it)
{
    // https://dom.spec.whatwg.org/#remove-an-event-listener: set removed so that a dispatch
    // already holding a clone of the list skips it.
    (*it)->removed = true;
    m_listeners.erase(it);
}

bool EventTarget::remove_event_listener(const std::string& type, const EventListener& callback, bool capture)
{
    auto it = std::find_if(m_listeners.begin(), m_listeners.end(), [&](auto& listener) {
        return listener->type == type && !listener->is_event_handler
            && listener->callback->identity() == callback.identity() && listener->capture == capture;
    });
    if (it == m_listeners.end())
        return false;
    remove_listener(it);
    return true;
}

bool EventTarget::has_event_listeners(const std::string& type) const
{
    return std::any_of(m_listeners.begin(), m_listeners.end(), [&](auto& l) { return l->type == type; });
}

void EventTarget::set_event_handler(const std::string& type, std::shared_ptr<EventListener> handler)
{
    auto it = std::find_if(m_listeners.begin(), m_listeners.end(),
        [&](auto& listener) { return listener->is_event_handler && listener->type == type; });
    if (!handler) {
        // https://html.spec.whatwg.org/#deactivate-an-event-handler
        if (it != m_listeners.end())
            remove_listener(it);
        return;
    }
    if (it != m_listeners.end()) {
        // The listener keeps its place; only the handler's value changes.
        (*it)->callback = std::move(handler);
        return;
    }
    // https://html.spec.whatwg.org/#activate-an-event-handler
    m_listeners.push_back(std::make_shared<Listener>(Listener {
        type, std::move(handler), false, default_passive_for(type), false, false, true }));
}

EventListener* EventTarget::event_handler(const std::string& type) const
{
    for (auto& listener : m_listeners) {
        if (listener->is_event_handler && listener->type == type)
            return listener->callback.get();
    }
    return nullptr;
}

bool EventTarget::dispatch_event(Event& event)
{
    // https://dom.spec.whatwg.org/#concept-event-dispatch
    // 1. Set event's dispatch flag.
    event.m_dispatch = true;
    // 5.4-5.9. Build the event path: this target, then each parent the tree gives.
    event.m_target = this;
    event.m_path.clear();
    for (EventTarget* target = this; target; target = target->get_the_parent(event))
        event.m_path.push_back(target);

    // 5.13. For each struct in event's path, in reverse order: capturing.
    for (auto it = event.m_path.rbegin(); it != event.m_path.rend(); ++it) {
        auto phase = *it == this ? Event::Phase::AtTarget : Event::Phase::Capturing;
        invoke(event, **it, phase, Pass::Capturing);
    }
    // 5.14. For each struct in event's path: bubbling.
    for (EventTarget* target : event.m_path) {
        if (target != this && !event.m_bubbles)
            continue;
        invoke(event, *target, target == this ? Event::Phase::AtTarget : Event::Phase::Bubbling, Pass::Bubbling);
    }

    // 6-10. Clean up.
    event.m_phase = Event::Phase::None;
    event.m_current_target = nullptr;
    event.m_path.clear();
    event.m_dispatch = false;
    event.m_stop_propagation = false;
    event.m_stop_immediate_propagation = false;
    // 12. Return false if event's canceled flag is set; otherwise true.
    return !event.m_canceled;
}

void EventTarget::invoke(Event& event, EventTarget& current, Event::Phase phase, Pass pass)
{
    // https://dom.spec.whatwg.org/#concept-event-listener-invoke
    // 3. If event's stop propagation flag is set, then return.
    if (event.m_stop_propagation)
        return;
    // 4. Initialize event's currentTarget attribute to struct's invocation target.
    event.m_current_target = &current;
    event.m_phase = phase;
    // 5. Let listeners be a clone of event's currentTarget attribute value's event listener list.
    // (Nothing to clone when no listener of the list would run: most targets an event passes have
    // none of its type.)
    bool capturing = pass == Pass::Capturing;
    if (std::none_of(current.m_listeners.begin(), current.m_listeners.end(), [&](const std::shared_ptr<Listener>& listener) {
            return listener->type == event.m_type && listener->capture == capturing;
        }))
        return;
    std::vector<std::shared_ptr<Listener>> listeners(current.m_listeners.begin(), current.m_listeners.end());
    // 6. Let found be the result of running inner invoke.
    current.inner_invoke(event, listeners, pass);
}

void EventTarget::inner_invoke(Event& event, const std::vector<std::shared_ptr<Listener>>& listeners, Pass pass)
{
    // https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke
    // 2. For each listener of listeners, whose removed is false:
    for (auto& listener : listeners) {
        if (listener->removed)
            continue;
        // 2.1. If event's type attribute value is not listener's type, then continue.
        if (listener->type != event.m_type)
            continue;
        // 2.3-2.4. Capture listeners run in the capturing pass only, the others in the bubbling pass.
        if ((pass == Pass::Capturing) != listener->capture)
            continue;
        // 2.5. If listener's once is true, then remove an event listener.
        if (listener->once) {
            auto it = std::find(m_listeners.begin(), m_listeners.end(), listener);
            if (it != m_listeners.end())
                remove_listener(it);
        }
        // 2.9. If listener's passive is true, then set event's in passive listener flag.
        event.m_in_passive_listener = listener->passive;
        // 2.10. Call a user object's operation with listener's callback. Keep the callback alive
        // even if the listener replaces or removes itself.
        auto callback = listener->callback;
        callback->handle_event(event);
        // 2.11. Unset event's in passive listener flag.
        event.m_in_passive_listener = false;
        // 2.13. If event's stop immediate propagation flag is set, then break.
        if (event.m_stop_immediate_propagation)
            break;
    }
}

} // namespace duknet::dom
