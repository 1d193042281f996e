#include "loader/cors.h"

#include "loader/header_parsing.h"
#include "loader/headers.h"

#include <algorithm>

namespace duknet::loader {

std::chrono::seconds preflight_max_age(const std::optional<std::string>& value)
{
    if (!value || value->empty() || value->find_first_not_of("0123456789") != std::string::npos)
        return default_preflight_max_age;
    // Any number of digits: a value past the cap is the cap.
    auto digits = value->find_first_not_of('0') == std::string::npos ? std::string_view("0") : std::string_view(*value).substr(value->find_first_not_of('0'));
    if (digits.size() > 9)
        return preflight_max_age_cap;
    return std::min(std::chrono::seconds(std::stoll(std::string(digits))), preflight_max_age_cap);
}

bool cors_check(const Request& request, const std::string& serialized_origin, const net::HeaderList& response_headers, std::string& why)
{
    // 1. Let origin be the result of getting `Access-Control-Allow-Origin` from response's header list.
    auto origin = header_list_get(response_headers, "Access-Control-Allow-Origin");
    // 2. If origin is null, then return failure.
    if (!origin) {
        why = "no Access-Control-Allow-Origin header";
        return false;
    }
    bool include = request.credentials_mode == Request::CredentialsMode::Include;
    // 3. If request's credentials mode is not "include" and origin is `*`, then return success.
    if (!include && *origin == "*")
        return true;
    // 4. If the result of byte-serializing a request origin with request is not origin, then return failure.
    if (*origin != serialized_origin) {
        why = "Access-Control-Allow-Origin '" + *origin + "' is not the origin '" + serialized_origin + "'";
        return false;
    }
    // 5. If request's credentials mode is not "include", then return success.
    if (!include)
        return true;
    // 6-7. Let credentials be `Access-Control-Allow-Credentials`; if it is `true`, return success.
    if (header_list_get(response_headers, "Access-Control-Allow-Credentials") == "true")
        return true;
    // 8. Return failure.
    why = "credentials without Access-Control-Allow-Credentials: true";
    return false;
}

void filter_response(Response& response, Response::Type type, Request::CredentialsMode credentials_mode)
{
    response.type = type;
    switch (type) {
    case Response::Type::Default:
        return;
    case Response::Type::Basic:
        // https://fetch.spec.whatwg.org/#concept-filtered-response-basic: without forbidden
        // response-header names.
        std::erase_if(response.header_list, [](auto& header) { return is_forbidden_response_header_name(header.first); });
        return;
    case Response::Type::Cors: {
        // https://fetch.spec.whatwg.org/#concept-filtered-response-cors: only CORS-safelisted
        // response-header names, given the exposed names (`*` counts unless credentials are included).
        auto exposed = extract_header_list_values("Access-Control-Expose-Headers", response.header_list);
        std::vector<std::string> names = exposed.has_value() ? exposed.value : std::vector<std::string> {};
        bool wildcard = credentials_mode != Request::CredentialsMode::Include
            && std::find(names.begin(), names.end(), "*") != names.end();
        std::erase_if(response.header_list, [&](auto& header) {
            if (is_forbidden_response_header_name(header.first))
                return true;
            return !wildcard && !is_cors_safelisted_response_header_name(header.first, names);
        });
        return;
    }
    case Response::Type::Opaque:
    case Response::Type::OpaqueRedirect:
        // https://fetch.spec.whatwg.org/#concept-filtered-response-opaque(-redirect): status 0,
        // no status message, no headers, no body.
        response.status = 0;
        response.status_text.clear();
        response.header_list.clear();
        response.body_expected = false;
        if (type == Response::Type::Opaque)
            response.url_list.clear();
        return;
    }
}

const CorsPreflightCache::Entry* CorsPreflightCache::find(const Key& key, std::string_view method, std::string_view header_name,
                                                          Clock::time_point now) const
{
    for (auto& entry : m_entries) {
        // https://fetch.spec.whatwg.org/#concept-cache-match: same origin and URL, and the entry
        // was made with credentials or the request is made without them.
        if (entry.expiry <= now || entry.key.origin != key.origin || entry.key.url != key.url
            || (!entry.key.credentials && key.credentials))
            continue;
        // https://fetch.spec.whatwg.org/#concept-cache-match-method: `*` matches when credentials are not included.
        if (!method.empty() && (entry.method == method || (entry.method == "*" && !key.credentials)))
            return &entry;
        // https://fetch.spec.whatwg.org/#concept-cache-match-header: byte-case-insensitive, `*` likewise.
        if (!header_name.empty() && !entry.header_name.empty()
            && (net::header_name_equals(entry.header_name, header_name) || (entry.header_name == "*" && !key.credentials)))
            return &entry;
    }
    return nullptr;
}

bool CorsPreflightCache::has_method(const Key& key, std::string_view method, Clock::time_point now) const
{
    return find(key, method, {}, now);
}

bool CorsPreflightCache::has_header_name(const Key& key, std::string_view name, Clock::time_point now) const
{
    return find(key, {}, name, now);
}

void CorsPreflightCache::add(Entry entry)
{
    // An entry for the same key and method (or header name) is updated rather than duplicated.
    std::erase_if(m_entries, [&](const Entry& existing) {
        return existing.key == entry.key && existing.method == entry.method && ascii_lowercase(existing.header_name) == ascii_lowercase(entry.header_name);
    });
    m_entries.push_back(std::move(entry));
}

void CorsPreflightCache::add_method(const Key& key, std::string_view method, Clock::time_point expiry)
{
    add({ key, std::string(method), {}, expiry });
}

void CorsPreflightCache::add_header_name(const Key& key, std::string_view name, Clock::time_point expiry)
{
    add({ key, {}, std::string(name), expiry });
}

void CorsPreflightCache::clear(const std::string& origin, const std::string& url)
{
    std::erase_if(m_entries, [&](const Entry& entry) { return entry.key.origin == origin && entry.key.url == url; });
}

} // namespace duknet::loader
