// The MIME Sniffing Standard's MIME type record, parser and serializer.
// Step numbers in comments refer to the standards' algorithms.
#include "net/mime_type.h"

#include <algorithm>
#include <cassert>
#include <unordered_set>

namespace duknet::net {

namespace {

std::string ascii_lowercase(std::string_view input)
{
    std::string result(input);
    std::transform(result.begin(), result.end(), result.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    return result;
}

bool solely_contains_http_token_code_points(std::string_view input)
{
    return std::all_of(input.begin(), input.end(), is_http_token_code_point);
}

bool solely_contains_http_quoted_string_token_code_points(std::string_view input)
{
    return std::all_of(input.begin(), input.end(), is_http_quoted_string_token_code_point);
}

template<typename Parameters>
auto find_parameter(Parameters& parameters, std::string_view name)
{
    return std::find_if(parameters.begin(), parameters.end(), [&](auto const& parameter) { return parameter.first == name; });
}

} // namespace

bool is_http_tab_or_space(char c) { return c == '\t' || c == ' '; }

bool is_http_whitespace(char c) { return c == '\n' || c == '\r' || is_http_tab_or_space(c); }

bool is_http_token_code_point(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_http_quoted_string_token_code_point(char c)
{
    auto const byte = static_cast<unsigned char>(c);
    return byte == '\t' || (byte >= 0x20 && byte <= 0x7E) || byte >= 0x80;
}

std::string collect_an_http_quoted_string(std::string_view input, size_t& position, bool extract_value)
{
    // 1. Let positionStart be position.
    size_t const position_start = position;
    // 2. Let value be the empty string.
    std::string value;
    // 3. Assert: the code point at position within input is U+0022 (").
    assert(position < input.size() && input[position] == '"');
    // 4. Advance position by 1.
    ++position;
    // 5. While true:
    while (true) {
        // 1. Append the result of collecting a sequence of code points that are not U+0022 (") or
        //    U+005C (\) from input, given position, to value.
        value += collect_a_sequence_of_code_points([](char c) { return c != '"' && c != '\\'; }, input, position);
        // 2. If position is past the end of input, then break.
        if (position >= input.size())
            break;
        // 3. Let quoteOrBackslash be the code point at position within input.
        char const quote_or_backslash = input[position];
        // 4. Advance position by 1.
        ++position;
        // 5. If quoteOrBackslash is U+005C (\), then:
        if (quote_or_backslash == '\\') {
            // 1. If position is past the end of input, then append U+005C (\) to value and break.
            if (position >= input.size()) {
                value += '\\';
                break;
            }
            // 2. Append the code point at position within input to value.
            value += input[position];
            // 3. Advance position by 1.
            ++position;
            continue;
        }
        // 6. Otherwise: (1. Assert: quoteOrBackslash is U+0022 (").) 2. Break.
        break;
    }
    // 6. If extract-value is true, then return value.
    if (extract_value)
        return value;
    // 7. Return the code points from positionStart to position, inclusive, within input.
    return std::string(input.substr(position_start, position - position_start));
}

MimeType::MimeType(std::string type, std::string subtype)
    : type_(std::move(type))
    , subtype_(std::move(subtype))
{
}

std::optional<MimeType> MimeType::parse(std::string_view input)
{
    // 1. Remove any leading and trailing HTTP whitespace from input.
    input = strip_leading_and_trailing(input, is_http_whitespace);
    // 2. Let position be a position variable for input, initially pointing at the start of input.
    size_t position = 0;
    // 3. Let type be the result of collecting a sequence of code points that are not U+002F (/)
    //    from input, given position.
    auto const type = collect_a_sequence_of_code_points([](char c) { return c != '/'; }, input, position);
    // 4. If type is the empty string or does not solely contain HTTP token code points, then return failure.
    if (type.empty() || !solely_contains_http_token_code_points(type))
        return std::nullopt;
    // 5. If position is past the end of input, then return failure.
    if (position >= input.size())
        return std::nullopt;
    // 6. Advance position by 1. (This skips past U+002F (/).)
    ++position;
    // 7. Let subtype be the result of collecting a sequence of code points that are not U+003B (;)
    //    from input, given position.
    auto subtype = collect_a_sequence_of_code_points([](char c) { return c != ';'; }, input, position);
    // 8. Remove any trailing HTTP whitespace from subtype.
    subtype = strip_trailing(subtype, is_http_whitespace);
    // 9. If subtype is the empty string or does not solely contain HTTP token code points, then return failure.
    if (subtype.empty() || !solely_contains_http_token_code_points(subtype))
        return std::nullopt;
    // 10. Let mimeType be a new MIME type record whose type is type, in ASCII lowercase, and subtype
    //     is subtype, in ASCII lowercase.
    MimeType mime_type(ascii_lowercase(type), ascii_lowercase(subtype));
    // The names in mimeType's parameters, so that step 11.10's "does not exist" is not a linear search.
    std::unordered_set<std::string> parameter_names;
    // 11. While position is not past the end of input:
    while (position < input.size()) {
        // 1. Advance position by 1. (This skips past U+003B (;).)
        ++position;
        // 2. Collect a sequence of code points that are HTTP whitespace from input given position.
        collect_a_sequence_of_code_points(is_http_whitespace, input, position);
        // 3. Let parameterName be the result of collecting a sequence of code points that are not
        //    U+003B (;) or U+003D (=) from input, given position.
        // 4. Set parameterName to parameterName, in ASCII lowercase.
        auto parameter_name = ascii_lowercase(collect_a_sequence_of_code_points([](char c) { return c != ';' && c != '='; }, input, position));
        // 5. If position is not past the end of input, then:
        if (position < input.size()) {
            // 1. If the code point at position within input is U+003B (;), then continue.
            if (input[position] == ';')
                continue;
            // 2. Advance position by 1. (This skips past U+003D (=).)
            ++position;
        }
        // 6. If position is past the end of input, then break.
        if (position >= input.size())
            break;
        // 7. Let parameterValue be null.
        std::string parameter_value;
        // 8. If the code point at position within input is U+0022 ("), then:
        if (input[position] == '"') {
            // 1. Set parameterValue to the result of collecting an HTTP quoted string from input,
            //    given position and true.
            parameter_value = collect_an_http_quoted_string(input, position, true);
            // 2. Collect a sequence of code points that are not U+003B (;) from input, given position.
            collect_a_sequence_of_code_points([](char c) { return c != ';'; }, input, position);
        }
        // 9. Otherwise:
        else {
            // 1. Set parameterValue to the result of collecting a sequence of code points that are
            //    not U+003B (;) from input, given position.
            // 2. Remove any trailing HTTP whitespace from parameterValue.
            parameter_value = strip_trailing(collect_a_sequence_of_code_points([](char c) { return c != ';'; }, input, position), is_http_whitespace);
            // 3. If parameterValue is the empty string, then continue.
            if (parameter_value.empty())
                continue;
        }
        // 10. If all of the following are true: parameterName is not the empty string, parameterName
        //     solely contains HTTP token code points, parameterValue solely contains HTTP
        //     quoted-string token code points, mimeType's parameters[parameterName] does not exist;
        //     then set mimeType's parameters[parameterName] to parameterValue.
        if (!parameter_name.empty() && solely_contains_http_token_code_points(parameter_name)
            && solely_contains_http_quoted_string_token_code_points(parameter_value)
            && parameter_names.insert(parameter_name).second)
            mime_type.parameters_.emplace_back(std::move(parameter_name), std::move(parameter_value));
    }
    // 12. Return mimeType.
    return mime_type;
}

std::string MimeType::serialize() const
{
    // 1. Let serialization be the concatenation of mimeType's type, U+002F (/), and mimeType's subtype.
    std::string serialization = essence();
    // 2. For each name → value of mimeType's parameters:
    for (auto const& [name, value] : parameters_) {
        // 1. Append U+003B (;) to serialization.
        // 2. Append name to serialization.
        // 3. Append U+003D (=) to serialization.
        serialization += ';';
        serialization += name;
        serialization += '=';
        // 4. If value does not solely contain HTTP token code points or value is the empty string, then:
        //    1. Precede each occurrence of U+0022 (") or U+005C (\) in value with U+005C (\).
        //    2. Prepend U+0022 (") to value.
        //    3. Append U+0022 (") to value.
        // 5. Append value to serialization.
        if (value.empty() || !solely_contains_http_token_code_points(value)) {
            serialization += '"';
            for (char c : value) {
                if (c == '"' || c == '\\')
                    serialization += '\\';
                serialization += c;
            }
            serialization += '"';
        } else {
            serialization += value;
        }
    }
    // 3. Return serialization.
    return serialization;
}

std::string MimeType::essence() const { return type_ + '/' + subtype_; }

std::optional<std::string> MimeType::parameter(std::string_view name) const
{
    auto it = find_parameter(parameters_, name);
    if (it == parameters_.end())
        return std::nullopt;
    return it->second;
}

void MimeType::set_parameter(std::string_view name, std::string_view value)
{
    auto it = find_parameter(parameters_, name);
    if (it != parameters_.end())
        it->second = value;
    else
        parameters_.emplace_back(name, value);
}

bool MimeType::is_xml() const
{
    return subtype_.ends_with("+xml") || essence() == "text/xml" || essence() == "application/xml";
}

bool MimeType::is_html() const { return essence() == "text/html"; }

bool MimeType::is_json() const
{
    return subtype_.ends_with("+json") || essence() == "application/json" || essence() == "text/json";
}

} // namespace duknet::net
