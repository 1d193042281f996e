// The Fetch Standard's header and method vocabulary (https://fetch.spec.whatwg.org/#terminology-headers).
// Thread: pure functions, usable on any thread.
#pragma once

#include "net/http.h"

#include <optional>
#include <string>
#include <string_view>

namespace duknet::loader {

// https://fetch.spec.whatwg.org/#concept-method: a token.
bool is_method(std::string_view);
// https://fetch.spec.whatwg.org/#forbidden-method
bool is_forbidden_method(std::string_view);
// https://fetch.spec.whatwg.org/#concept-method-normalize
std::string normalize_method(std::string_view);

// https://fetch.spec.whatwg.org/#header-name: a token.
bool is_header_name(std::string_view);
// https://fetch.spec.whatwg.org/#header-value: no leading or trailing HTTP whitespace, no NUL, CR or LF.
bool is_header_value(std::string_view);
// https://fetch.spec.whatwg.org/#concept-header-value-normalize
std::string normalize_header_value(std::string_view);
// https://fetch.spec.whatwg.org/#forbidden-request-header
bool is_forbidden_request_header(std::string_view name, std::string_view value);
// https://fetch.spec.whatwg.org/#forbidden-response-header-name
bool is_forbidden_response_header_name(std::string_view);

// https://fetch.spec.whatwg.org/#concept-header-list-get: values joined by ", ".
std::optional<std::string> header_list_get(const net::HeaderList&, std::string_view name);
// https://fetch.spec.whatwg.org/#concept-header-list-combine
void header_list_combine(net::HeaderList&, std::string_view name, std::string_view value);
// https://fetch.spec.whatwg.org/#concept-header-list-set
void header_list_set(net::HeaderList&, std::string_view name, std::string_view value);
// https://fetch.spec.whatwg.org/#concept-header-list-sort-and-combine: lowercased names, sorted.
net::HeaderList header_list_sort_and_combine(const net::HeaderList&);

std::string ascii_lowercase(std::string_view);

} // namespace duknet::loader
