// Installers for the pieces of the global object, one per binding file.
// Thread: the Runtime's thread.
#pragma once

#include <duktape.h>

#include <memory>

namespace duknet::bindings {

class GlobalScope;
class Runtime;

// Event, ProgressEvent, EventTarget, and the global object as an EventTarget (returned).
std::shared_ptr<GlobalScope> install_event_bindings(Runtime&);
// setTimeout, setInterval, clearTimeout, clearInterval, queueMicrotask.
void install_timers(Runtime&);
// atob, btoa, location, self, globalThis.
void install_window_or_worker_globals(Runtime&);
// XMLHttpRequest, XMLHttpRequestEventTarget, XMLHttpRequestUpload.
void install_xhr(Runtime&);
// URL, URLSearchParams.
void install_url_bindings(Runtime&);
// Blob, File.
void install_blob(Runtime&);
// FormData.
void install_form_data(Runtime&);
// TextEncoder, TextDecoder.
void install_text_codec(Runtime&);
// The natives fetch.js stands on, on the built-in scripts' `internal` object at `internal`.
void install_fetch_natives(duk_context*, duk_idx_t internal);

} // namespace duknet::bindings
