// The Fetch Standard's data: URL processor. Step numbers in comments refer to the standard.
#include "net/data_url.h"

#include "net/base64.h"

#include <algorithm>
#include <cassert>

namespace duknet::net {

namespace {

// https://infra.spec.whatwg.org/#ascii-whitespace
bool is_ascii_whitespace(char c) { return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '; }

// Whether mime_type ends with U+003B (;), followed by zero or more U+0020 SPACE, followed by an
// ASCII case-insensitive match for "base64".
bool ends_with_base64_parameter(std::string_view mime_type)
{
    constexpr std::string_view base64 = "base64";
    if (mime_type.size() < base64.size())
        return false;
    auto const suffix = mime_type.substr(mime_type.size() - base64.size());
    auto const ascii_lowercase = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    if (!std::equal(suffix.begin(), suffix.end(), base64.begin(), [&](char a, char b) { return ascii_lowercase(a) == b; }))
        return false;
    auto const rest = strip_trailing(mime_type.substr(0, mime_type.size() - base64.size()), [](char c) { return c == ' '; });
    return rest.ends_with(';');
}

} // namespace

std::optional<DataURLStruct> process_data_url(const URL& data_url)
{
    // 1. Assert: dataURL's scheme is "data".
    assert(data_url.scheme() == "data");
    // 2. Let input be the result of running the URL serializer on dataURL with exclude fragment set to true.
    std::string const serialization = data_url.serialize(true);
    // 3. Remove the leading "data:" from input (the scheme and U+003A (:)).
    std::string_view const input = std::string_view(serialization).substr(data_url.scheme().size() + 1);
    // 4. Let position point at the start of input.
    size_t position = 0;
    // 5. Let mimeType be the result of collecting a sequence of code points that are not equal to
    //    U+002C (,), given position.
    // 6. Strip leading and trailing ASCII whitespace from mimeType.
    std::string mime_type(strip_leading_and_trailing(collect_a_sequence_of_code_points([](char c) { return c != ','; }, input, position), is_ascii_whitespace));
    // 7. If position is past the end of input, then return failure.
    if (position >= input.size())
        return std::nullopt;
    // 8. Advance position by 1.
    ++position;
    // 9. Let encodedBody be the remainder of input.
    auto const encoded_body = input.substr(position);
    // 10. Let body be the percent-decoding of encodedBody.
    std::string body = percent_decode(encoded_body);
    // 11. If mimeType ends with U+003B (;), followed by zero or more U+0020 SPACE, followed by an
    //     ASCII case-insensitive match for "base64", then:
    if (ends_with_base64_parameter(mime_type)) {
        // 1. Let stringBody be the isomorphic decode of body. (Bytes stand for themselves here.)
        // 2. Set body to the forgiving-base64 decode of stringBody.
        auto decoded = forgiving_base64_decode(body);
        // 3. If body is failure, then return failure.
        if (!decoded)
            return std::nullopt;
        body = std::move(*decoded);
        // 4. Remove the last 6 code points from mimeType.
        mime_type.resize(mime_type.size() - 6);
        // 5. Remove trailing U+0020 SPACE code points from mimeType, if any.
        while (mime_type.back() == ' ')
            mime_type.pop_back();
        // 6. Remove the last U+003B (;) from mimeType.
        mime_type.pop_back();
    }
    // 12. If mimeType starts with ";", then prepend "text/plain" to mimeType.
    if (mime_type.starts_with(';'))
        mime_type.insert(0, "text/plain");
    // 13. Let mimeTypeRecord be the result of parsing mimeType.
    auto mime_type_record = MimeType::parse(mime_type);
    // 14. If mimeTypeRecord is failure, then set mimeTypeRecord to text/plain;charset=US-ASCII.
    if (!mime_type_record) {
        mime_type_record.emplace("text", "plain");
        mime_type_record->set_parameter("charset", "US-ASCII");
    }
    // 15. Return a new data: URL struct whose MIME type is mimeTypeRecord and body is body.
    return DataURLStruct { std::move(*mime_type_record), std::move(body) };
}

} // namespace duknet::net
