// Request bodies from script values, for XMLHttpRequest.send() and fetch()/Request/Response
// alike (https://fetch.spec.whatwg.org/#concept-bodyinit-extract).
// Thread: the Runtime's thread.
#pragma once

#include "net/http.h"

#include <duktape.h>

#include <memory>
#include <optional>
#include <string>

namespace duknet::bindings {

struct ExtractedBody {
    std::shared_ptr<const net::Bytes> bytes;
    std::optional<std::string> type; // the Content-Type it implies, if any
    bool is_string = false;          // XHR's charset fix-up applies to strings only
};

// Extracts a body from a Blob, BufferSource, FormData, URLSearchParams, or (anything else) a
// USVString. (ReadableStream bodies are the script side's to handle.)
ExtractedBody extract_body(duk_context*, duk_idx_t);

} // namespace duknet::bindings
