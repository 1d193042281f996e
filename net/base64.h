// Base64 as the web platform uses it (https://infra.spec.whatwg.org/#forgiving-base64).
// Thread: pure functions, usable on any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace duknet::net {

// https://infra.spec.whatwg.org/#forgiving-base64-decode; nullopt is failure.
std::optional<std::string> forgiving_base64_decode(std::string_view);
// https://infra.spec.whatwg.org/#forgiving-base64-encode
std::string base64_encode(std::string_view bytes);

} // namespace duknet::net
