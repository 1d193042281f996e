#include "net/http.h"

#include <algorithm>

namespace duknet::net {

const char* to_string(NetworkFailure::Kind kind)
{
    switch (kind) {
    case NetworkFailure::Kind::NameResolution: return "name resolution failed";
    case NetworkFailure::Kind::ConnectionRefused: return "connection refused";
    case NetworkFailure::Kind::ConnectionReset: return "connection reset";
    case NetworkFailure::Kind::ConnectionClosed: return "connection closed";
    case NetworkFailure::Kind::MalformedResponse: return "malformed response";
    case NetworkFailure::Kind::ContentDecoding: return "content decoding failed";
    case NetworkFailure::Kind::Tls: return "TLS failure";
    case NetworkFailure::Kind::Other: return "network failure";
    }
    return "network failure";
}

bool header_name_equals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
    });
}

std::optional<std::string> first_header_value(const HeaderList& headers, std::string_view name)
{
    for (auto& [header_name, value] : headers) {
        if (header_name_equals(header_name, name))
            return value;
    }
    return std::nullopt;
}

} // namespace duknet::net
