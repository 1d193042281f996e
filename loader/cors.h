// CORS (https://fetch.spec.whatwg.org/#http-cors-protocol): the CORS check, the CORS-preflight
// cache, and the response filters that decide what script may see of a response.
// Thread: CorsPreflightCache lives on the I/O thread (the network side of loads uses it); the
// functions are pure.
#pragma once

#include "loader/fetch_types.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace duknet::loader {

// Browsers' defaults: Chromium caches a preflight 5 s without Access-Control-Max-Age and caps it
// at 2 hours.
inline constexpr std::chrono::seconds default_preflight_max_age { 5 };
inline constexpr std::chrono::seconds preflight_max_age_cap { 7200 };

// How long a preflight's answer is cached: Access-Control-Max-Age if it is a number (capped), the
// default otherwise (https://fetch.spec.whatwg.org/#cors-preflight-fetch-0 steps 7.9-7.10).
std::chrono::seconds preflight_max_age(const std::optional<std::string>& access_control_max_age);

// https://fetch.spec.whatwg.org/#concept-cors-check; on failure, `why` says what failed.
bool cors_check(const Request&, const std::string& serialized_origin, const net::HeaderList& response_headers, std::string& why);

// https://fetch.spec.whatwg.org/#concept-filtered-response-basic / -cors / -opaque / -opaque-redirect:
// reduces `response` (in place) to what its type lets script see.
void filter_response(Response&, Response::Type, Request::CredentialsMode);

// https://fetch.spec.whatwg.org/#concept-cache
class CorsPreflightCache {
public:
    using Clock = std::chrono::steady_clock;
    struct Key {
        std::string origin; // serialized
        std::string url;    // serialized
        bool credentials;
        bool operator==(const Key&) const = default;
    };
    bool has_method(const Key&, std::string_view method, Clock::time_point now) const;
    bool has_header_name(const Key&, std::string_view name, Clock::time_point now) const;
    void add_method(const Key&, std::string_view method, Clock::time_point expiry);
    void add_header_name(const Key&, std::string_view name, Clock::time_point expiry);
    // https://fetch.spec.whatwg.org/#concept-cache-clear
    void clear(const std::string& origin, const std::string& url);

private:
    struct Entry {
        Key key;
        std::string method;      // empty for a header-name entry
        std::string header_name; // empty for a method entry
        Clock::time_point expiry;
    };
    const Entry* find(const Key&, std::string_view method, std::string_view header_name, Clock::time_point now) const;
    void add(Entry);
    std::vector<Entry> m_entries;
};

} // namespace duknet::loader
