// Thread: pure functions and plain values, usable on any thread.
// MIME types as the MIME Sniffing Standard defines them (https://mimesniff.spec.whatwg.org/#mime-types),
// and the HTTP code point classes its parser shares with the Fetch Standard.
// Strings here are byte strings: byte 0xNN stands for code point U+00NN (isomorphic decoding), so
// parse() is https://mimesniff.spec.whatwg.org/#parse-a-mime-type-from-bytes and serialize() is
// https://mimesniff.spec.whatwg.org/#serialize-a-mime-type-to-bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duknet::net {

// https://fetch.spec.whatwg.org/#http-tab-or-space
bool is_http_tab_or_space(char);
// https://fetch.spec.whatwg.org/#http-whitespace
bool is_http_whitespace(char);
// https://mimesniff.spec.whatwg.org/#http-token-code-point
bool is_http_token_code_point(char);
// https://mimesniff.spec.whatwg.org/#http-quoted-string-token-code-point
bool is_http_quoted_string_token_code_point(char);

// https://infra.spec.whatwg.org/#collect-a-sequence-of-code-points
template<typename Predicate>
std::string_view collect_a_sequence_of_code_points(Predicate predicate, std::string_view input, size_t& position)
{
    size_t const start = position;
    while (position < input.size() && predicate(input[position]))
        ++position;
    return input.substr(start, position - start);
}

// input without the code points matching predicate at its end; strip_leading_and_trailing also
// removes those at its start (as https://infra.spec.whatwg.org/#strip-leading-and-trailing-ascii-whitespace
// does for ASCII whitespace).
template<typename Predicate>
std::string_view strip_trailing(std::string_view input, Predicate predicate)
{
    while (!input.empty() && predicate(input.back()))
        input.remove_suffix(1);
    return input;
}
template<typename Predicate>
std::string_view strip_leading_and_trailing(std::string_view input, Predicate predicate)
{
    while (!input.empty() && predicate(input.front()))
        input.remove_prefix(1);
    return strip_trailing(input, predicate);
}

// https://fetch.spec.whatwg.org/#collect-an-http-quoted-string
// Precondition: position < input.size() and input[position] is U+0022 ("). Advances position past
// the quoted string (or to the end of input when it is unterminated).
std::string collect_an_http_quoted_string(std::string_view input, size_t& position, bool extract_value = false);

// https://mimesniff.spec.whatwg.org/#mime-type
class MimeType {
public:
    // An ordered map: names are unique, in insertion order.
    using Parameters = std::vector<std::pair<std::string, std::string>>;

    // type and subtype must be non-empty HTTP tokens in ASCII lowercase.
    MimeType(std::string type, std::string subtype);

    // https://mimesniff.spec.whatwg.org/#parse-a-mime-type; nullopt is failure.
    static std::optional<MimeType> parse(std::string_view input);
    // https://mimesniff.spec.whatwg.org/#serialize-a-mime-type
    std::string serialize() const;

    const std::string& type() const { return type_; }
    const std::string& subtype() const { return subtype_; }
    // https://mimesniff.spec.whatwg.org/#mime-type-essence
    std::string essence() const;
    const Parameters& parameters() const { return parameters_; }
    // parameters[name]; name is matched exactly (parameter names are ASCII lowercase).
    std::optional<std::string> parameter(std::string_view name) const;
    // Sets parameters[name] to value, keeping the position of an existing entry. name must be an
    // HTTP token in ASCII lowercase; value must solely contain HTTP quoted-string token code points.
    void set_parameter(std::string_view name, std::string_view value);

    // https://mimesniff.spec.whatwg.org/#xml-mime-type
    bool is_xml() const;
    // https://mimesniff.spec.whatwg.org/#html-mime-type
    bool is_html() const;
    // https://mimesniff.spec.whatwg.org/#json-mime-type
    bool is_json() const;

    bool operator==(const MimeType&) const = default;

private:
    std::string type_;
    std::string subtype_;
    Parameters parameters_;
};

} // namespace duknet::net
