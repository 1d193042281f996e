// Thread: pure functions and plain values, usable on any thread.
// The Fetch Standard's header value parsing (https://fetch.spec.whatwg.org/#terminology-headers) and
// the CORS header classes (https://fetch.spec.whatwg.org/#cors-safelisted-request-header and on).
// Header names and values are byte strings.
#pragma once

#include "net/http.h"
#include "net/mime_type.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duknet::loader {

// The result of the Fetch Standard's algorithms that return null, failure or a value.
template<typename T>
struct ExtractResult {
    enum class Kind : uint8_t { Null, Failure, Value };
    Kind kind = Kind::Null;
    T value {}; // meaningful when kind is Value

    static ExtractResult null() { return {}; }
    static ExtractResult failure() { return { Kind::Failure, {} }; }
    static ExtractResult of(T value) { return { Kind::Value, std::move(value) }; }
    bool is_null() const { return kind == Kind::Null; }
    bool is_failure() const { return kind == Kind::Failure; }
    bool has_value() const { return kind == Kind::Value; }
};

// https://fetch.spec.whatwg.org/#concept-header-list-get-decode-split; nullopt is null.
std::optional<std::vector<std::string>> get_decode_and_split(const net::HeaderList&, std::string_view name);
// https://fetch.spec.whatwg.org/#header-value-get-decode-and-split (the standard reserves it for
// blessed call sites such as https://fetch.spec.whatwg.org/#forbidden-request-header).
std::vector<std::string> get_decode_and_split_value(std::string_view value);

// https://fetch.spec.whatwg.org/#header-list-extract-length: the `Content-Length`.
// A length beyond uint64_t is null (the standard's numbers are unbounded).
ExtractResult<uint64_t> extract_length(const net::HeaderList&);

// https://fetch.spec.whatwg.org/#concept-header-extract-mime-type: the `Content-Type`; nullopt is failure.
std::optional<net::MimeType> extract_mime_type(const net::HeaderList&);

// https://fetch.spec.whatwg.org/#legacy-extract-an-encoding; mime_type nullopt is failure.
// get_an_encoding is https://encoding.spec.whatwg.org/#concept-encoding-get, returning
// std::optional<Encoding> (nullopt is failure): net::get_an_encoding for net::Encoding.
template<typename Encoding, typename GetAnEncoding>
Encoding legacy_extract_an_encoding(const std::optional<net::MimeType>& mime_type, Encoding fallback_encoding, GetAnEncoding&& get_an_encoding)
{
    // 1. If mimeType is failure, then return fallbackEncoding.
    if (!mime_type)
        return fallback_encoding;
    // 2. If mimeType["charset"] does not exist, then return fallbackEncoding.
    auto const charset = mime_type->parameter("charset");
    if (!charset)
        return fallback_encoding;
    // 3. Let tentativeEncoding be the result of getting an encoding from mimeType["charset"].
    auto tentative_encoding = get_an_encoding(*charset);
    // 4. If tentativeEncoding is failure, then return fallbackEncoding.
    if (!tentative_encoding)
        return fallback_encoding;
    // 5. Return tentativeEncoding.
    return *tentative_encoding;
}

// https://fetch.spec.whatwg.org/#extract-header-list-values, for the headers whose ABNF is a list of
// tokens: `Access-Control-Allow-Methods` (#method), `Access-Control-Allow-Headers` and
// `Access-Control-Expose-Headers` (#field-name). Empty list elements are ignored (RFC 9110 §5.6.1);
// an element that is not a token is failure. `*` is a token.
ExtractResult<std::vector<std::string>> extract_header_list_values(std::string_view name, const net::HeaderList&);

// https://fetch.spec.whatwg.org/#simple-range-header-value: (start, end), either may be null;
// nullopt is failure. A number beyond uint64_t is failure.
struct SingleRange {
    std::optional<uint64_t> start;
    std::optional<uint64_t> end;
};
std::optional<SingleRange> parse_single_range_header_value(std::string_view value, bool allow_whitespace);

// https://fetch.spec.whatwg.org/#cors-safelisted-method
bool is_cors_safelisted_method(std::string_view method);
// https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte
bool is_cors_unsafe_request_header_byte(char);
// https://fetch.spec.whatwg.org/#cors-safelisted-request-header
bool is_cors_safelisted_request_header(std::string_view name, std::string_view value);
// https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names: lowercased, sorted, unique.
std::vector<std::string> cors_unsafe_request_header_names(const net::HeaderList&);
// https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name, given the list of exposed
// header names (the response's CORS-exposed header-name list).
bool is_cors_safelisted_response_header_name(std::string_view name, const std::vector<std::string>& exposed_names);
// https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header-name
bool is_no_cors_safelisted_request_header_name(std::string_view name);
// https://fetch.spec.whatwg.org/#no-cors-safelisted-request-header
bool is_no_cors_safelisted_request_header(std::string_view name, std::string_view value);

} // namespace duknet::loader
