// Script bindings of dom_events/: Event, ProgressEvent, EventTarget, event handler attributes,
// and the global object as an EventTarget.
// Thread: the Runtime's thread.
#pragma once

#include "dom_events/event_target.h"

#include <duktape.h>

#include <memory>

namespace duknet::bindings {

// The global object's EventTarget (it receives `error`, `unhandledrejection`...).
class GlobalScope final : public dom::EventTarget {
};

// Dispatches an event the user agent fires (https://dom.spec.whatwg.org/#concept-event-fire)
// at a target with a wrapper; the wrappers stay reachable throughout. Returns false if canceled.
bool fire_event(duk_context*, dom::EventTarget&, const std::shared_ptr<dom::Event>&);

// Defines the `on<type>` event handler IDL attribute on the object at `prototype`.
void define_event_handler_attribute(duk_context*, duk_idx_t prototype, const char* type);

// For the built-in scripts: constructEvent(object, type, init) makes `object` an Event;
// isEvent(object) tells whether it already is one; constructEventTarget(object) makes it an
// EventTarget; fireEvent(target, event) fires a trusted event; defineEventHandler(prototype,
// type) defines an event handler attribute.
duk_ret_t construct_event_from_script(duk_context*);
duk_ret_t is_event_from_script(duk_context*);
duk_ret_t construct_event_target_from_script(duk_context*);
duk_ret_t fire_event_from_script(duk_context*);
duk_ret_t define_event_handler_from_script(duk_context*);

} // namespace duknet::bindings
