// The Fetch Standard's header value parsers and CORS header classes.
// Step numbers in comments refer to the standard's algorithms.
#include "loader/header_parsing.h"

#include "loader/headers.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <initializer_list>
#include <iterator>

namespace duknet::loader {

namespace {

// https://infra.spec.whatwg.org/#ascii-digit
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

// digits (one or more ASCII digits) interpreted as a decimal number; nullopt beyond uint64_t.
std::optional<uint64_t> interpret_as_decimal_number(std::string_view digits)
{
    uint64_t number = 0;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), number).ec != std::errc())
        return std::nullopt;
    return number;
}

// Whether name is a byte-case-insensitive match for one of names.
bool matches_one_of(std::string_view name, std::initializer_list<std::string_view> names)
{
    return std::any_of(names.begin(), names.end(), [&](std::string_view candidate) { return net::header_name_equals(name, candidate); });
}

// https://fetch.spec.whatwg.org/#extract-header-values, for a header whose ABNF is #token
// (https://httpwg.org/specs/rfc9110.html#abnf.extension); nullopt is failure.
std::optional<std::vector<std::string>> extract_header_values(std::string_view value)
{
    // 1. If parsing header's value, per the ABNF for header's name, fails, then return failure.
    // 2. Return one or more values resulting from parsing header's value, per the ABNF for header's name.
    std::vector<std::string> values;
    size_t position = 0;
    while (true) {
        // An element, with the optional whitespace (OWS) around it removed.
        auto const element = net::strip_leading_and_trailing(net::collect_a_sequence_of_code_points([](char c) { return c != ','; }, value, position), net::is_http_tab_or_space);
        // Empty elements are ignored; a method and a field-name are both a token.
        if (!element.empty()) {
            if (!is_header_name(element))
                return std::nullopt;
            values.emplace_back(element);
        }
        if (position >= value.size())
            return values;
        ++position; // past U+002C (,)
    }
}

// Steps 8-9 and 14-15 of https://fetch.spec.whatwg.org/#simple-range-header-value: collect ASCII
// digits into bound, interpreted as a decimal number, or null when there are none. False when the
// number exceeds uint64_t.
bool collect_range_bound(std::string_view data, size_t& position, std::optional<uint64_t>& bound)
{
    auto const digits = net::collect_a_sequence_of_code_points(is_ascii_digit, data, position);
    if (digits.empty())
        return true;
    bound = interpret_as_decimal_number(digits);
    return bound.has_value();
}

// https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set
std::vector<std::string> convert_header_names_to_a_sorted_lowercase_set(const std::vector<std::string_view>& header_names)
{
    // 1. Let headerNamesSet be a new ordered set.
    // 2. For each name of headerNames, append the result of byte-lowercasing name to headerNamesSet.
    std::vector<std::string> header_names_set;
    header_names_set.reserve(header_names.size());
    for (auto name : header_names)
        header_names_set.push_back(ascii_lowercase(name));
    // 3. Return the result of sorting headerNamesSet in ascending order with byte less than.
    std::sort(header_names_set.begin(), header_names_set.end());
    header_names_set.erase(std::unique(header_names_set.begin(), header_names_set.end()), header_names_set.end());
    return header_names_set;
}

} // namespace

std::optional<std::vector<std::string>> get_decode_and_split(const net::HeaderList& list, std::string_view name)
{
    // 1. Let value be the result of getting name from list.
    auto const value = header_list_get(list, name);
    // 2. If value is null, then return null.
    if (!value)
        return std::nullopt;
    // 3. Return the result of getting, decoding, and splitting value.
    return get_decode_and_split_value(*value);
}

std::vector<std::string> get_decode_and_split_value(std::string_view value)
{
    // 1. Let input be the result of isomorphic decoding value. (Byte 0xNN stands for U+00NN here.)
    std::string_view const input = value;
    // 2. Let position be a position variable for input, initially pointing at the start of input.
    size_t position = 0;
    // 3. Let values be a list of strings, initially « ».
    std::vector<std::string> values;
    // 4. Let temporaryValue be the empty string.
    std::string temporary_value;
    // 5. While true:
    while (true) {
        // 1. Append the result of collecting a sequence of code points that are not U+0022 (") or
        //    U+002C (,) from input, given position, to temporaryValue.
        temporary_value += net::collect_a_sequence_of_code_points([](char c) { return c != '"' && c != ','; }, input, position);
        // 2. If position is not past the end of input and the code point at position within input is U+0022 ("):
        if (position < input.size() && input[position] == '"') {
            // 1. Append the result of collecting an HTTP quoted string from input, given position, to temporaryValue.
            temporary_value += net::collect_an_http_quoted_string(input, position);
            // 2. If position is not past the end of input, then continue.
            if (position < input.size())
                continue;
        }
        // 3. Remove all HTTP tab or space from the start and end of temporaryValue.
        // 4. Append temporaryValue to values.
        values.emplace_back(net::strip_leading_and_trailing(temporary_value, net::is_http_tab_or_space));
        // 5. Set temporaryValue to the empty string.
        temporary_value.clear();
        // 6. If position is past the end of input, then return values.
        if (position >= input.size())
            return values;
        // 7. Assert: the code point at position within input is U+002C (,).
        assert(input[position] == ',');
        // 8. Advance position by 1.
        ++position;
    }
}

ExtractResult<uint64_t> extract_length(const net::HeaderList& headers)
{
    // 1. Let values be the result of getting, decoding, and splitting `Content-Length` from headers.
    auto const values = get_decode_and_split(headers, "Content-Length");
    // 2. If values is null, then return null.
    if (!values)
        return ExtractResult<uint64_t>::null();
    // 3. Let candidateValue be null.
    std::string const* candidate_value = nullptr;
    // 4. For each value of values:
    for (auto const& value : *values) {
        // 1. If candidateValue is null, then set candidateValue to value.
        if (!candidate_value)
            candidate_value = &value;
        // 2. Otherwise, if value is not candidateValue, return failure.
        else if (value != *candidate_value)
            return ExtractResult<uint64_t>::failure();
    }
    assert(candidate_value); // get, decode, and split returns at least one value
    // 5. If candidateValue is the empty string or has a code point that is not an ASCII digit, then return null.
    if (candidate_value->empty() || !std::all_of(candidate_value->begin(), candidate_value->end(), is_ascii_digit))
        return ExtractResult<uint64_t>::null();
    // 6. Return candidateValue, interpreted as decimal number. (Null when it exceeds uint64_t.)
    auto const length = interpret_as_decimal_number(*candidate_value);
    if (!length)
        return ExtractResult<uint64_t>::null();
    return ExtractResult<uint64_t>::of(*length);
}

std::optional<net::MimeType> extract_mime_type(const net::HeaderList& headers)
{
    // 1. Let charset be null.
    std::optional<std::string> charset;
    // 2. Let essence be null.
    std::optional<std::string> essence;
    // 3. Let mimeType be null.
    std::optional<net::MimeType> mime_type;
    // 4. Let values be the result of getting, decoding, and splitting `Content-Type` from headers.
    auto const values = get_decode_and_split(headers, "Content-Type");
    // 5. If values is null, then return failure.
    if (!values)
        return std::nullopt;
    // 6. For each value of values:
    for (auto const& value : *values) {
        // 1. Let temporaryMimeType be the result of parsing value.
        auto temporary_mime_type = net::MimeType::parse(value);
        // 2. If temporaryMimeType is failure or its essence is "*/*", then continue.
        if (!temporary_mime_type || temporary_mime_type->essence() == "*/*")
            continue;
        // 3. Set mimeType to temporaryMimeType.
        mime_type = std::move(temporary_mime_type);
        // 4. If mimeType's essence is not essence, then:
        if (essence != mime_type->essence()) {
            // 1. Set charset to null.
            // 2. If mimeType's parameters["charset"] exists, then set charset to mimeType's parameters["charset"].
            charset = mime_type->parameter("charset");
            // 3. Set essence to mimeType's essence.
            essence = mime_type->essence();
        }
        // 5. Otherwise, if mimeType's parameters["charset"] does not exist, and charset is non-null,
        //    set mimeType's parameters["charset"] to charset.
        else if (!mime_type->parameter("charset") && charset) {
            mime_type->set_parameter("charset", *charset);
        }
    }
    // 7. If mimeType is null, then return failure.
    // 8. Return mimeType.
    return mime_type;
}

ExtractResult<std::vector<std::string>> extract_header_list_values(std::string_view name, const net::HeaderList& list)
{
    using Result = ExtractResult<std::vector<std::string>>;
    auto const has_name = [&](auto const& header) { return net::header_name_equals(header.first, name); };
    // 1. If list does not contain name, then return null.
    if (std::none_of(list.begin(), list.end(), has_name))
        return Result::null();
    // 2. If the ABNF for name allows a single header and list contains more than one, then return
    //    failure. (The ABNF of the names handled here is a list: any number of headers is fine.)
    // 3. Let values be an empty list.
    std::vector<std::string> values;
    // 4. For each header header list contains whose name is name:
    for (auto const& header : list) {
        if (!has_name(header))
            continue;
        // 1. Let extract be the result of extracting header values from header.
        auto extract = extract_header_values(header.second);
        // 2. If extract is failure, then return failure.
        if (!extract)
            return Result::failure();
        // 3. Append each value in extract, in order, to values.
        std::move(extract->begin(), extract->end(), std::back_inserter(values));
    }
    // 5. Return values.
    return Result::of(std::move(values));
}

std::optional<SingleRange> parse_single_range_header_value(std::string_view value, bool allow_whitespace)
{
    auto const collect_http_tab_or_space_if_allowed = [&](size_t& position) {
        if (allow_whitespace)
            net::collect_a_sequence_of_code_points(net::is_http_tab_or_space, value, position);
    };
    // 1. Let data be the isomorphic decoding of value. (Byte 0xNN stands for U+00NN here.)
    std::string_view const data = value;
    // 2. If data does not start with "bytes", then return failure.
    constexpr std::string_view bytes = "bytes";
    if (!data.starts_with(bytes))
        return std::nullopt;
    // 3. Let position be a position variable for data, initially pointing at the 5th code point of data.
    size_t position = bytes.size();
    // 4. If allowWhitespace is true, collect a sequence of code points that are HTTP tab or space, from data given position.
    collect_http_tab_or_space_if_allowed(position);
    // 5. If the code point at position within data is not U+003D (=), then return failure.
    if (position >= data.size() || data[position] != '=')
        return std::nullopt;
    // 6. Advance position by 1.
    ++position;
    // 7. If allowWhitespace is true, collect a sequence of code points that are HTTP tab or space, from data given position.
    collect_http_tab_or_space_if_allowed(position);
    SingleRange range;
    // 8. Let rangeStart be the result of collecting a sequence of code points that are ASCII digits, from data given position.
    // 9. Let rangeStartValue be rangeStart, interpreted as decimal number, if rangeStart is not the
    //    empty string; otherwise null.
    if (!collect_range_bound(data, position, range.start))
        return std::nullopt;
    // 10. If allowWhitespace is true, collect a sequence of code points that are HTTP tab or space, from data given position.
    collect_http_tab_or_space_if_allowed(position);
    // 11. If the code point at position within data is not U+002D (-), then return failure.
    if (position >= data.size() || data[position] != '-')
        return std::nullopt;
    // 12. Advance position by 1.
    ++position;
    // 13. If allowWhitespace is true, collect a sequence of code points that are HTTP tab or space, from data given position.
    collect_http_tab_or_space_if_allowed(position);
    // 14. Let rangeEnd be the result of collecting a sequence of code points that are ASCII digits, from data given position.
    // 15. Let rangeEndValue be rangeEnd, interpreted as decimal number, if rangeEnd is not the empty
    //     string; otherwise null.
    if (!collect_range_bound(data, position, range.end))
        return std::nullopt;
    // 16. If position is not past the end of data, then return failure.
    if (position < data.size())
        return std::nullopt;
    // 17. If rangeEndValue and rangeStartValue are null, then return failure.
    if (!range.start && !range.end)
        return std::nullopt;
    // 18. If rangeStartValue and rangeEndValue are numbers, and rangeStartValue is greater than
    //     rangeEndValue, then return failure.
    if (range.start && range.end && *range.start > *range.end)
        return std::nullopt;
    // 19. Return (rangeStartValue, rangeEndValue).
    return range;
}

bool is_cors_safelisted_method(std::string_view method)
{
    return method == "GET" || method == "HEAD" || method == "POST";
}

bool is_cors_unsafe_request_header_byte(char c)
{
    auto const byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && byte != 0x09)
        return true;
    return byte == 0x7F || std::string_view("\"():<>?@[\\]{}").find(c) != std::string_view::npos;
}

bool is_cors_safelisted_request_header(std::string_view name, std::string_view value)
{
    auto const contains_cors_unsafe_request_header_byte = [&] { return std::any_of(value.begin(), value.end(), is_cors_unsafe_request_header_byte); };
    // 1. If value's length is greater than 128, then return false.
    if (value.size() > 128)
        return false;
    // 2. Byte-lowercase name and switch on the result:
    auto const lowercase_name = ascii_lowercase(name);
    if (lowercase_name == "accept") {
        // If value contains a CORS-unsafe request-header byte, then return false.
        if (contains_cors_unsafe_request_header_byte())
            return false;
    } else if (lowercase_name == "accept-language" || lowercase_name == "content-language") {
        // If value contains a byte that is not in the range 0x30 (0) to 0x39 (9), inclusive, is not
        // in the range 0x41 (A) to 0x5A (Z), inclusive, is not in the range 0x61 (a) to 0x7A (z),
        // inclusive, and is not 0x20 (SP), 0x2A (*), 0x2C (,), 0x2D (-), 0x2E (.), 0x3B (;), or
        // 0x3D (=), then return false.
        auto const is_language_byte = [](char c) {
            return is_ascii_digit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || std::string_view(" *,-.;=").find(c) != std::string_view::npos;
        };
        if (!std::all_of(value.begin(), value.end(), is_language_byte))
            return false;
    } else if (lowercase_name == "content-type") {
        // 1. If value contains a CORS-unsafe request-header byte, then return false.
        if (contains_cors_unsafe_request_header_byte())
            return false;
        // 2. Let mimeType be the result of parsing the result of isomorphic decoding value.
        auto const mime_type = net::MimeType::parse(value);
        // 3. If mimeType is failure, then return false.
        if (!mime_type)
            return false;
        // 4. If mimeType's essence is not "application/x-www-form-urlencoded", "multipart/form-data",
        //    or "text/plain", then return false.
        auto const essence = mime_type->essence();
        if (essence != "application/x-www-form-urlencoded" && essence != "multipart/form-data" && essence != "text/plain")
            return false;
    } else if (lowercase_name == "range") {
        // 1. Let rangeValue be the result of parsing a single range header value given value and false.
        auto const range_value = parse_single_range_header_value(value, false);
        // 2. If rangeValue is failure, then return false.
        if (!range_value)
            return false;
        // 3. If rangeValue[0] is null, then return false.
        if (!range_value->start)
            return false;
    } else {
        // Otherwise: Return false.
        return false;
    }
    // 3. Return true.
    return true;
}

std::vector<std::string> cors_unsafe_request_header_names(const net::HeaderList& headers)
{
    // 1. Let unsafeNames be a new list.
    std::vector<std::string_view> unsafe_names;
    // 2. Let potentiallyUnsafeNames be a new list.
    std::vector<std::string_view> potentially_unsafe_names;
    // 3. Let safelistValueSize be 0.
    size_t safelist_value_size = 0;
    // 4. For each header of headers:
    for (auto const& [name, value] : headers) {
        // 1. If header is not a CORS-safelisted request-header, then append header's name to unsafeNames.
        if (!is_cors_safelisted_request_header(name, value)) {
            unsafe_names.push_back(name);
        }
        // 2. Otherwise, append header's name to potentiallyUnsafeNames and increase
        //    safelistValueSize by header's value's length.
        else {
            potentially_unsafe_names.push_back(name);
            safelist_value_size += value.size();
        }
    }
    // 5. If safelistValueSize is greater than 1024, then for each name of potentiallyUnsafeNames,
    //    append name to unsafeNames.
    if (safelist_value_size > 1024)
        unsafe_names.insert(unsafe_names.end(), potentially_unsafe_names.begin(), potentially_unsafe_names.end());
    // 6. Return the result of convert header names to a sorted-lowercase set with unsafeNames.
    return convert_header_names_to_a_sorted_lowercase_set(unsafe_names);
}

bool is_cors_safelisted_response_header_name(std::string_view name, const std::vector<std::string>& exposed_names)
{
    if (matches_one_of(name, { "Cache-Control", "Content-Language", "Content-Length", "Content-Type", "Expires", "Last-Modified", "Pragma" }))
        return true;
    // Any item in list that is not a forbidden response-header name.
    return std::any_of(exposed_names.begin(), exposed_names.end(), [&](std::string const& exposed_name) {
        return !is_forbidden_response_header_name(exposed_name) && net::header_name_equals(name, exposed_name);
    });
}

bool is_no_cors_safelisted_request_header_name(std::string_view name)
{
    return matches_one_of(name, { "Accept", "Accept-Language", "Content-Language", "Content-Type" });
}

bool is_no_cors_safelisted_request_header(std::string_view name, std::string_view value)
{
    // 1. If name is not a no-CORS-safelisted request-header name, then return false.
    if (!is_no_cors_safelisted_request_header_name(name))
        return false;
    // 2. Return whether (name, value) is a CORS-safelisted request-header.
    return is_cors_safelisted_request_header(name, value);
}

} // namespace duknet::loader
