#include "loader/headers.h"

#include "loader/header_parsing.h"
#include "net/mime_type.h"

#include <algorithm>
#include <array>

namespace duknet::loader {

std::string ascii_lowercase(std::string_view input)
{
    std::string result(input);
    for (char& c : result) {
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    }
    return result;
}

static bool is_token(std::string_view input)
{
    return !input.empty() && std::all_of(input.begin(), input.end(), net::is_http_token_code_point);
}

bool is_method(std::string_view method) { return is_token(method); }

bool is_forbidden_method(std::string_view method)
{
    auto lower = ascii_lowercase(method);
    return lower == "connect" || lower == "trace" || lower == "track";
}

std::string normalize_method(std::string_view method)
{
    auto upper = std::string(method);
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) { return c >= 'a' && c <= 'z' ? char(c - 32) : c; });
    for (std::string_view known : { "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT" }) {
        if (upper == known)
            return upper;
    }
    return std::string(method);
}

bool is_header_name(std::string_view name) { return is_token(name); }

bool is_header_value(std::string_view value)
{
    if (!value.empty() && (value.front() == ' ' || value.front() == '\t' || value.back() == ' ' || value.back() == '\t'))
        return false;
    return value.find_first_of(std::string_view("\0\r\n", 3)) == std::string_view::npos;
}

std::string normalize_header_value(std::string_view value)
{
    // Remove any leading and trailing HTTP whitespace bytes.
    return std::string(net::strip_leading_and_trailing(value, net::is_http_whitespace));
}

bool is_forbidden_request_header(std::string_view name, std::string_view value)
{
    static constexpr std::array forbidden_names {
        "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
        "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive",
        "origin", "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
    };
    auto lower = ascii_lowercase(name);
    // 1. If name is a byte-case-insensitive match for one of the names above, return true.
    if (std::find(forbidden_names.begin(), forbidden_names.end(), lower) != forbidden_names.end())
        return true;
    // 2. If name when byte-lowercased starts with `proxy-` or `sec-`, then return true.
    if (lower.starts_with("proxy-") || lower.starts_with("sec-"))
        return true;
    // 3. If name is `X-HTTP-Method`, `X-HTTP-Method-Override`, or `X-Method-Override`: if any
    //    method in the result of parsing value as a comma-separated list is forbidden, return true.
    if (lower == "x-http-method" || lower == "x-http-method-override" || lower == "x-method-override") {
        for (auto& method : get_decode_and_split_value(value)) {
            if (is_forbidden_method(method))
                return true;
        }
    }
    return false;
}

bool is_forbidden_response_header_name(std::string_view name)
{
    auto lower = ascii_lowercase(name);
    return lower == "set-cookie" || lower == "set-cookie2";
}

std::optional<std::string> header_list_get(const net::HeaderList& list, std::string_view name)
{
    std::optional<std::string> result;
    for (auto& [header_name, value] : list) {
        if (!net::header_name_equals(header_name, name))
            continue;
        if (result)
            *result += ", " + value;
        else
            result = value;
    }
    return result;
}

void header_list_combine(net::HeaderList& list, std::string_view name, std::string_view value)
{
    for (auto& [header_name, existing] : list) {
        if (net::header_name_equals(header_name, name)) {
            existing += ", ";
            existing += value;
            return;
        }
    }
    list.emplace_back(std::string(name), std::string(value));
}

void header_list_set(net::HeaderList& list, std::string_view name, std::string_view value)
{
    auto first = std::find_if(list.begin(), list.end(), [&](auto& h) { return net::header_name_equals(h.first, name); });
    if (first == list.end()) {
        list.emplace_back(std::string(name), std::string(value));
        return;
    }
    first->second = std::string(value);
    list.erase(std::remove_if(first + 1, list.end(), [&](auto& h) { return net::header_name_equals(h.first, name); }), list.end());
}

net::HeaderList header_list_sort_and_combine(const net::HeaderList& list)
{
    // 2. Let names be the result of convert header names to a sorted-lowercase set.
    std::vector<std::string> names;
    for (auto& header : list)
        names.push_back(ascii_lowercase(header.first));
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    // 3. For each name of names: if name is `set-cookie`, append each of its values on its own;
    //    otherwise append (name, the result of getting name from list).
    net::HeaderList headers;
    for (auto& name : names) {
        if (name != "set-cookie") {
            headers.emplace_back(name, *header_list_get(list, name));
            continue;
        }
        for (auto& [header_name, value] : list) {
            if (net::header_name_equals(header_name, name))
                headers.emplace_back(name, value);
        }
    }
    return headers;
}

} // namespace duknet::loader
