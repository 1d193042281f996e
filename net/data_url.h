// Thread: pure functions and plain values, usable on any thread.
// data: URLs as the Fetch Standard processes them (https://fetch.spec.whatwg.org/#data-urls).
#pragma once

#include "net/mime_type.h"
#include "net/url.h"

#include <optional>
#include <string>

namespace duknet::net {

// https://fetch.spec.whatwg.org/#data-url-struct
struct DataURLStruct {
    MimeType mime_type;
    std::string body; // bytes
};

// https://fetch.spec.whatwg.org/#data-url-processor; nullopt is failure.
// Precondition: data_url's scheme is "data".
std::optional<DataURLStruct> process_data_url(const URL& data_url);

} // namespace duknet::net
