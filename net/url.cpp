// The WHATWG URL Standard, https://url.spec.whatwg.org/
// Step numbers in comments refer to the standard's algorithms. Validation errors are not reported.
#include "net/url.h"

#include <idn2.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cstddef>

namespace duknet::net {

namespace {

constexpr int EOF_CODE_POINT = -1;

// https://infra.spec.whatwg.org/#code-points
constexpr bool is_ascii_digit(int c) { return c >= '0' && c <= '9'; }
constexpr bool is_ascii_upper_alpha(int c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_ascii_lower_alpha(int c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_ascii_alpha(int c) { return is_ascii_upper_alpha(c) || is_ascii_lower_alpha(c); }
constexpr bool is_ascii_alphanumeric(int c) { return is_ascii_digit(c) || is_ascii_alpha(c); }
constexpr bool is_ascii_hex_digit(int c) { return is_ascii_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f'); }
constexpr bool is_ascii(int c) { return c >= 0 && c < 0x80; }
constexpr bool is_c0_control(int c) { return c >= 0 && c <= 0x1F; }
constexpr bool is_c0_control_or_space(int c) { return is_c0_control(c) || c == ' '; }
constexpr bool is_ascii_tab_or_newline(int c) { return c == '\t' || c == '\n' || c == '\r'; }
constexpr char ascii_lowercase(char c) { return is_ascii_upper_alpha(c) ? static_cast<char>(c + ('a' - 'A')) : c; }

int hex_value(int c)
{
    if (is_ascii_digit(c))
        return c - '0';
    return (c | 0x20) - 'a' + 10;
}

std::string to_ascii_lowercase(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = ascii_lowercase(c);
    return out;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lowercase(x) == ascii_lowercase(y); });
}

bool starts_with_ignoring_ascii_case(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && equals_ignoring_ascii_case(s.substr(0, prefix.size()), prefix);
}

bool is_all_ascii(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), [](char c) { return is_ascii(static_cast<unsigned char>(c)); });
}

// ---------------------------------------------------------------------------------------------
// UTF-8 (https://encoding.spec.whatwg.org/#utf-8-decoder)

constexpr char32_t REPLACEMENT_CHARACTER = 0xFFFD;
constexpr char32_t INVALID_SEQUENCE = 0x110000;

// Decodes the code point at input[i] as the Encoding Standard's UTF-8 decoder does: an invalid
// sequence yields INVALID_SEQUENCE (which stands for U+FFFD) and consumes its maximal valid prefix
// (at least one byte). Returns the number of bytes consumed.
size_t decode_utf8_code_point(std::string_view input, size_t i, char32_t& code_point)
{
    auto const byte = [&](size_t k) { return static_cast<unsigned char>(input[k]); };
    unsigned lead = byte(i);
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    size_t needed;
    unsigned lower = 0x80, upper = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        needed = 1;
        code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        lower = lead == 0xE0 ? 0xA0 : 0x80;
        upper = lead == 0xED ? 0x9F : 0xBF;
        needed = 2;
        code_point = lead & 0xF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        lower = lead == 0xF0 ? 0x90 : 0x80;
        upper = lead == 0xF4 ? 0x8F : 0xBF;
        needed = 3;
        code_point = lead & 0x7;
    } else {
        code_point = INVALID_SEQUENCE;
        return 1;
    }
    for (size_t seen = 1; seen <= needed; ++seen) {
        if (i + seen >= input.size() || byte(i + seen) < lower || byte(i + seen) > upper) {
            code_point = INVALID_SEQUENCE;
            return seen;
        }
        code_point = (code_point << 6) | (byte(i + seen) & 0x3F);
        lower = 0x80;
        upper = 0xBF;
    }
    return needed + 1;
}

void append_utf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

bool is_valid_utf8(std::string_view input)
{
    for (size_t i = 0; i < input.size();) {
        char32_t c;
        i += decode_utf8_code_point(input, i, c);
        if (c == INVALID_SEQUENCE)
            return false;
    }
    return true;
}

// The scalar value string that input stands for: input itself when it is valid UTF-8, otherwise a
// copy in storage with each invalid sequence replaced by U+FFFD (https://encoding.spec.whatwg.org/#utf-8-decode-without-bom).
std::string_view as_scalar_values(std::string_view input, std::string& storage)
{
    if (is_valid_utf8(input))
        return input;
    storage.clear();
    storage.reserve(input.size() + 8);
    for (size_t i = 0; i < input.size();) {
        char32_t c;
        i += decode_utf8_code_point(input, i, c);
        append_utf8(storage, c == INVALID_SEQUENCE ? REPLACEMENT_CHARACTER : c);
    }
    return storage;
}

std::string to_utf8(std::u32string_view code_points)
{
    std::string out;
    for (char32_t c : code_points)
        append_utf8(out, c);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Percent-encoded bytes (https://url.spec.whatwg.org/#percent-encoded-bytes)

constexpr bool is_in_ascii_part_of(int c, PercentEncodeSet set)
{
    switch (set) {
    case PercentEncodeSet::C0Control:
        // The C0 controls and all code points greater than U+007E (~).
        return is_c0_control(c) || c > 0x7E;
    case PercentEncodeSet::Fragment:
        // The C0 control percent-encode set and U+0020 SPACE, U+0022 ("), U+003C (<), U+003E (>), and U+0060 (`).
        return is_in_ascii_part_of(c, PercentEncodeSet::C0Control) || c == ' ' || c == '"' || c == '<' || c == '>' || c == '`';
    case PercentEncodeSet::Query:
        // The C0 control percent-encode set and U+0020 SPACE, U+0022 ("), U+0023 (#), U+003C (<), and U+003E (>).
        return is_in_ascii_part_of(c, PercentEncodeSet::C0Control) || c == ' ' || c == '"' || c == '#' || c == '<' || c == '>';
    case PercentEncodeSet::SpecialQuery:
        // The query percent-encode set and U+0027 (').
        return is_in_ascii_part_of(c, PercentEncodeSet::Query) || c == '\'';
    case PercentEncodeSet::Path:
        // The query percent-encode set and U+003F (?), U+0060 (`), U+007B ({), and U+007D (}).
        return is_in_ascii_part_of(c, PercentEncodeSet::Query) || c == '?' || c == '`' || c == '{' || c == '}';
    case PercentEncodeSet::Userinfo:
        // The path percent-encode set and U+002F (/), U+003A (:), U+003B (;), U+003D (=), U+0040 (@),
        // U+005B ([) to U+005E (^), inclusive, and U+007C (|).
        return is_in_ascii_part_of(c, PercentEncodeSet::Path) || c == '/' || c == ':' || c == ';' || c == '=' || c == '@' || (c >= '[' && c <= '^') || c == '|';
    case PercentEncodeSet::Component:
        // The userinfo percent-encode set and U+0024 ($) to U+0026 (&), inclusive, U+002B (+), and U+002C (,).
        return is_in_ascii_part_of(c, PercentEncodeSet::Userinfo) || (c >= '$' && c <= '&') || c == '+' || c == ',';
    case PercentEncodeSet::ApplicationXWWWFormUrlencoded:
        // The component percent-encode set and U+0021 (!), U+0027 (') to U+0029 RIGHT PARENTHESIS, inclusive, and U+007E (~).
        return is_in_ascii_part_of(c, PercentEncodeSet::Component) || c == '!' || (c >= '\'' && c <= ')') || c == '~';
    }
    return true;
}

constexpr size_t PERCENT_ENCODE_SET_COUNT = static_cast<size_t>(PercentEncodeSet::ApplicationXWWWFormUrlencoded) + 1;

// Bit s of entry c: whether ASCII code point c is in percent-encode set s.
constexpr std::array<uint8_t, 128> PERCENT_ENCODE_SET_TABLE = [] {
    std::array<uint8_t, 128> table {};
    for (size_t c = 0; c < table.size(); ++c) {
        for (size_t s = 0; s < PERCENT_ENCODE_SET_COUNT; ++s) {
            if (is_in_ascii_part_of(static_cast<int>(c), static_cast<PercentEncodeSet>(s)))
                table[c] |= static_cast<uint8_t>(1u << s);
        }
    }
    return table;
}();

// Every percent-encode set includes all non-ASCII code points, so every byte of their UTF-8
// encoding is percent-encoded.
bool is_in_percent_encode_set(unsigned char byte, PercentEncodeSet set)
{
    return byte >= 0x80 || (PERCENT_ENCODE_SET_TABLE[byte] >> static_cast<unsigned>(set)) & 1;
}

// https://url.spec.whatwg.org/#percent-encode
void append_percent_encoded_byte(std::string& out, unsigned char byte)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    out += '%';
    out += hex[byte >> 4];
    out += hex[byte & 0xF];
}

// https://url.spec.whatwg.org/#string-percent-encode-after-encoding with UTF-8, appending to out.
// Input must be valid UTF-8 (a scalar value string).
void append_utf8_percent_encoded(std::string& out, std::string_view input, PercentEncodeSet set, bool space_as_plus = false)
{
    for (char ch : input) {
        auto const byte = static_cast<unsigned char>(ch);
        // 5.3.1. If spaceAsPlus is true and byte is 0x20 (SP), then append U+002B (+) to output and continue.
        if (space_as_plus && byte == ' ')
            out += '+';
        // 5.3.4. If isomorph is not in percentEncodeSet, then append isomorph to output.
        else if (!is_in_percent_encode_set(byte, set))
            out += ch;
        // 5.3.5. Otherwise, percent-encode byte and append the result to output.
        else
            append_percent_encoded_byte(out, byte);
    }
}

// ---------------------------------------------------------------------------------------------
// Punycode (RFC 3492), used by Unicode ToASCII (UTS #46) for labels of any length.

namespace punycode {

constexpr uint32_t BASE = 36, TMIN = 1, TMAX = 26, SKEW = 38, DAMP = 700, INITIAL_BIAS = 72, INITIAL_N = 0x80;
constexpr uint32_t MAX_INT = 0xFFFFFFFF;
// Punycode is quadratic; like the idna crate of Servo and Firefox, longer input is refused (such a
// label is far beyond what DNS could ever carry).
constexpr size_t MAX_ENCODE_INPUT_LENGTH = 1000;
constexpr size_t MAX_DECODE_INPUT_LENGTH = 2000;

uint32_t adapt(uint32_t delta, uint32_t num_points, bool first_time)
{
    delta = first_time ? delta / DAMP : delta / 2;
    delta += delta / num_points;
    uint32_t k = 0;
    while (delta > ((BASE - TMIN) * TMAX) / 2) {
        delta /= BASE - TMIN;
        k += BASE;
    }
    return k + (BASE - TMIN + 1) * delta / (delta + SKEW);
}

uint32_t threshold(uint32_t k, uint32_t bias)
{
    return k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
}

char encode_digit(uint32_t d)
{
    return static_cast<char>(d < 26 ? 'a' + d : '0' + (d - 26));
}

uint32_t decode_digit(char c)
{
    if (is_ascii_digit(c))
        return static_cast<uint32_t>(c - '0' + 26);
    if (is_ascii_alpha(c))
        return static_cast<uint32_t>(ascii_lowercase(c) - 'a');
    return BASE;
}

std::optional<std::string> encode(std::u32string_view input)
{
    if (input.size() > MAX_ENCODE_INPUT_LENGTH)
        return std::nullopt;
    std::string output;
    for (char32_t c : input) {
        if (c < 0x80)
            output += static_cast<char>(c);
    }
    uint32_t const basic_count = static_cast<uint32_t>(output.size());
    uint32_t handled = basic_count;
    if (basic_count > 0)
        output += '-';
    uint32_t n = INITIAL_N, delta = 0, bias = INITIAL_BIAS;
    while (handled < input.size()) {
        uint32_t m = MAX_INT;
        for (char32_t c : input) {
            if (c >= n && c < m)
                m = c;
        }
        if (m - n > (MAX_INT - delta) / (handled + 1))
            return std::nullopt;
        delta += (m - n) * (handled + 1);
        n = m;
        for (char32_t c : input) {
            if (c < n && ++delta == 0)
                return std::nullopt;
            if (c != n)
                continue;
            uint32_t q = delta;
            for (uint32_t k = BASE;; k += BASE) {
                uint32_t const t = threshold(k, bias);
                if (q < t)
                    break;
                output += encode_digit(t + (q - t) % (BASE - t));
                q = (q - t) / (BASE - t);
            }
            output += encode_digit(q);
            bias = adapt(delta, handled + 1, handled == basic_count);
            delta = 0;
            ++handled;
        }
        ++delta;
        ++n;
    }
    return output;
}

std::optional<std::u32string> decode(std::string_view input)
{
    if (input.size() > MAX_DECODE_INPUT_LENGTH)
        return std::nullopt;
    std::u32string output;
    size_t const delimiter = input.rfind('-');
    size_t in = 0;
    if (delimiter != std::string_view::npos && delimiter > 0) {
        for (char c : input.substr(0, delimiter)) {
            if (!is_ascii(static_cast<unsigned char>(c)))
                return std::nullopt;
            output += static_cast<char32_t>(c);
        }
        in = delimiter + 1;
    }
    uint32_t n = INITIAL_N, i = 0, bias = INITIAL_BIAS;
    while (in < input.size()) {
        uint32_t const old_i = i;
        uint32_t w = 1;
        for (uint32_t k = BASE;; k += BASE) {
            if (in >= input.size())
                return std::nullopt;
            uint32_t const digit = decode_digit(input[in++]);
            if (digit >= BASE || digit > (MAX_INT - i) / w)
                return std::nullopt;
            i += digit * w;
            uint32_t const t = threshold(k, bias);
            if (digit < t)
                break;
            if (w > MAX_INT / (BASE - t))
                return std::nullopt;
            w *= BASE - t;
        }
        uint32_t const length = static_cast<uint32_t>(output.size()) + 1;
        bias = adapt(i - old_i, length, old_i == 0);
        if (i / length > MAX_INT - n)
            return std::nullopt;
        n += i / length;
        i %= length;
        if (n > 0x10FFFF || (n >= 0xD800 && n <= 0xDFFF))
            return std::nullopt;
        output.insert(output.begin() + i, static_cast<char32_t>(n));
        ++i;
    }
    return output;
}

} // namespace punycode

// ---------------------------------------------------------------------------------------------
// IDNA (https://url.spec.whatwg.org/#idna)
//
// Unicode ToASCII (UTS #46) with the URL Standard's options is computed per label with libidn2
// (which holds the UTS #46 mapping table, NFC and the CheckBidi / CheckJoiners rules). libidn2's
// lookup also applies rules that the URL Standard switches off or that only IDNA2008 has:
// CheckHyphens, VerifyDnsLength (63 octets per label, 255 per domain) and IDNA2008's DISALLOWED
// and UNASSIGNED code points (e.g. symbols such as U+2020, valid in UTS #46). When a label fails
// only for one of those reasons, it is mapped in pieces that avoid them, and Punycode-encoded here.

bool is_only_stricter_than_uts46(int idn2_rc)
{
    switch (idn2_rc) {
    case IDN2_2HYPHEN:
    case IDN2_HYPHEN_STARTEND:
    case IDN2_DISALLOWED:
    case IDN2_UNASSIGNED:
    case IDN2_TOO_BIG_LABEL:
    case IDN2_TOO_BIG_DOMAIN:
    case IDN2_PUNYCODE_BIG_OUTPUT:
        return true;
    default:
        return false;
    }
}

// The deviation characters of UTS #46: U+00DF (ß), U+03C2 (ς), U+200C ZWNJ and U+200D ZWJ.
bool contains_deviation_character(std::string_view utf8)
{
    for (std::string_view deviation : { "\xC3\x9F", "\xCF\x82", "\xE2\x80\x8C", "\xE2\x80\x8D" }) {
        if (utf8.find(deviation) != std::string_view::npos)
            return true;
    }
    return false;
}

// libidn2's IDNA lookup of one label (valid UTF-8 without U+0000); returns its idn2_rc.
int idn2_to_ascii(std::string_view label, int flags, std::string& output)
{
    std::string const nul_terminated(label);
    char* result = nullptr;
    int const rc = idn2_to_ascii_8z(nul_terminated.c_str(), &result, flags);
    if (rc == IDN2_OK)
        output = result;
    idn2_free(result);
    return rc;
}

// The UTS #46 mapping (with NFC) of piece, validated by libidn2, as code points. A piece is a run of
// non-ASCII code points, possibly preceded by one ASCII code point, so that NFC of a label is the
// concatenation of NFC of its pieces and of its other (ASCII) code points.
std::optional<std::u32string> map_label_piece(std::string_view piece)
{
    std::string ascii;
    int rc = idn2_to_ascii(piece, IDN2_NONTRANSITIONAL, ascii);
    // Without deviation characters, transitional processing maps as nontransitional processing does,
    // and libidn2 then skips IDNA2008's code point rules.
    if (rc != IDN2_OK && is_only_stricter_than_uts46(rc) && !contains_deviation_character(piece))
        rc = idn2_to_ascii(piece, IDN2_TRANSITIONAL, ascii);
    if (rc != IDN2_OK)
        return std::nullopt;
    if (starts_with_ignoring_ascii_case(ascii, "xn--"))
        return punycode::decode(std::string_view(ascii).substr(4));
    return std::u32string(ascii.begin(), ascii.end());
}

std::optional<std::string> non_ascii_label_to_ascii(std::string_view label, bool is_decoded_a_label);

// https://www.unicode.org/reports/tr46/#ProcessingStepPunycode for a label that starts with "xn--"
// (already ASCII lowercased): it must decode to a non-ASCII label that is valid, i.e. that Unicode
// ToASCII leaves as it is.
bool is_valid_a_label(std::string_view label)
{
    auto const decoded = punycode::decode(label.substr(4));
    if (!decoded || std::all_of(decoded->begin(), decoded->end(), [](char32_t c) { return c < 0x80; }))
        return false;
    auto const reencoded = non_ascii_label_to_ascii(to_utf8(*decoded), true);
    return reencoded && *reencoded == label;
}

// Unicode ToASCII of one label that is entirely ASCII.
std::optional<std::string> ascii_label_to_ascii(std::string_view label)
{
    // All ASCII code points are valid (UseSTD3ASCIIRules is false) or mapped to their lowercase.
    std::string lowercased = to_ascii_lowercase(label);
    if (lowercased.starts_with("xn--") && !is_valid_a_label(lowercased))
        return std::nullopt;
    return lowercased;
}

// Unicode ToASCII of one label that contains a non-ASCII code point. When the label is the decoding
// of an A-label, mapping it to ASCII means it has mapped (so not valid) code points.
std::optional<std::string> non_ascii_label_to_ascii(std::string_view label, bool is_decoded_a_label)
{
    std::string ascii;
    int const rc = idn2_to_ascii(label, IDN2_NONTRANSITIONAL, ascii);
    if (rc == IDN2_OK)
        return ascii;
    if (!is_only_stricter_than_uts46(rc))
        return std::nullopt;

    // Map the label in pieces: ASCII code points map to their lowercase; a run of non-ASCII code
    // points is mapped together with the ASCII code point before it (which it may compose with),
    // unless that is U+002D (-), which libidn2 would check as a leading hyphen.
    std::u32string mapped;
    auto const is_ascii_at = [&](size_t i) { return is_ascii(static_cast<unsigned char>(label[i])); };
    for (size_t i = 0; i < label.size();) {
        if (is_ascii_at(i) && (i + 1 == label.size() || is_ascii_at(i + 1) || label[i] == '-')) {
            mapped += static_cast<char32_t>(ascii_lowercase(label[i]));
            ++i;
            continue;
        }
        size_t end = is_ascii_at(i) ? i + 1 : i;
        while (end < label.size() && !is_ascii_at(end))
            ++end;
        auto const piece = map_label_piece(label.substr(i, end - i));
        if (!piece)
            return std::nullopt;
        mapped += *piece;
        i = end;
    }
    if (std::all_of(mapped.begin(), mapped.end(), [](char32_t c) { return c < 0x80; })) {
        if (is_decoded_a_label)
            return std::nullopt;
        return ascii_label_to_ascii(std::string(mapped.begin(), mapped.end()));
    }
    auto const encoded = punycode::encode(mapped);
    if (!encoded)
        return std::nullopt;
    return "xn--" + *encoded;
}

// https://www.unicode.org/reports/tr46/#ToASCII with CheckHyphens, UseSTD3ASCIIRules and
// VerifyDnsLength false, CheckBidi and CheckJoiners true, nontransitional processing.
// Domain must be valid UTF-8.
std::optional<std::string> unicode_to_ascii(std::string_view domain)
{
    std::string result;
    result.reserve(domain.size());
    size_t label_start = 0;
    for (size_t i = 0;; ++i) {
        // U+002E (.) and the code points that UTS #46 maps to it: U+3002, U+FF0E and U+FF61.
        size_t separator_length = 0;
        if (i == domain.size() || domain[i] == '.')
            separator_length = 1;
        else if (domain.substr(i, 3) == "\xE3\x80\x82" || domain.substr(i, 3) == "\xEF\xBC\x8E" || domain.substr(i, 3) == "\xEF\xBD\xA1")
            separator_length = 3;
        if (separator_length == 0)
            continue;
        std::string_view const label = domain.substr(label_start, i - label_start);
        auto const ascii_label = is_all_ascii(label) ? ascii_label_to_ascii(label) : non_ascii_label_to_ascii(label, false);
        if (!ascii_label)
            return std::nullopt;
        result += *ascii_label;
        if (i == domain.size())
            return result;
        result += '.';
        i += separator_length - 1;
        label_start = i + 1;
    }
}

bool has_label_starting_with_xn(std::string_view domain)
{
    for (size_t i = 0; i < domain.size(); ++i) {
        if ((i == 0 || domain[i - 1] == '.') && starts_with_ignoring_ascii_case(domain.substr(i), "xn--"))
            return true;
    }
    return false;
}

// https://url.spec.whatwg.org/#forbidden-host-code-point
constexpr bool is_forbidden_host_code_point(int c)
{
    switch (c) {
    case 0x00: case '\t': case '\n': case '\r': case ' ': case '#': case '/': case ':': case '<':
    case '>': case '?': case '@': case '[': case '\\': case ']': case '^': case '|':
        return true;
    default:
        return false;
    }
}

// https://url.spec.whatwg.org/#forbidden-domain-code-point
constexpr bool is_forbidden_domain_code_point(int c)
{
    return is_forbidden_host_code_point(c) || is_c0_control(c) || c == '%' || c == 0x7F;
}

} // namespace

std::optional<std::string> domain_to_ascii(std::string_view domain, bool be_strict)
{
    std::string storage;
    domain = as_scalar_values(domain, storage);
    // U+0000 passes Unicode ToASCII unchanged and then fails step 4, so it is not handed to libidn2.
    if (domain.find('\0') != std::string_view::npos)
        return std::nullopt;
    std::optional<std::string> result;
    // 1. Let result be the result of running Unicode ToASCII with domain_name set to domain,
    //    CheckHyphens set to beStrict, CheckBidi set to true, CheckJoiners set to true,
    //    UseSTD3ASCIIRules set to beStrict, Transitional_Processing set to false,
    //    VerifyDnsLength set to beStrict, and IgnoreInvalidPunycode set to false.
    //    If beStrict is false, domain is an ASCII string, and strictly splitting domain on U+002E (.)
    //    does not produce any item that starts with an ASCII case-insensitive match for "xn--", this
    //    step is equivalent to ASCII lowercasing domain.
    if (!be_strict && is_all_ascii(domain) && !has_label_starting_with_xn(domain)) {
        result = to_ascii_lowercase(domain);
    } else if (!be_strict) {
        result = unicode_to_ascii(domain);
    } else {
        // With beStrict, libidn2's lookup (which is at least as strict) is the whole of Unicode ToASCII.
        std::string ascii;
        if (idn2_to_ascii(domain, IDN2_NONTRANSITIONAL | IDN2_USE_STD3_ASCII_RULES, ascii) == IDN2_OK)
            result = std::move(ascii);
    }
    // 2. If result is a failure value, domain-to-ASCII validation error, return failure.
    // 3. If result is the empty string, domain-to-ASCII validation error, return failure.
    if (!result || result->empty())
        return std::nullopt;
    // 4. If result contains a forbidden domain code point, domain-invalid-code-point validation error, return failure.
    if (std::any_of(result->begin(), result->end(), [](char c) { return is_forbidden_domain_code_point(static_cast<unsigned char>(c)); }))
        return std::nullopt;
    // 5. Assert: result is not the empty string and does not contain a forbidden domain code point.
    // 6. Return result.
    return result;
}

namespace {

// ---------------------------------------------------------------------------------------------
// IP addresses (https://url.spec.whatwg.org/#ip-address-parsing)

using IPv6Address = std::array<uint16_t, 8>;

// Numbers above this are all equally out of range for an IPv4 address.
constexpr uint64_t IPV4_NUMBER_CAP = uint64_t(1) << 40;

struct IPv4NumberResult {
    uint64_t number;
    bool validation_error;
};

// https://url.spec.whatwg.org/#ipv4-number-parser
std::optional<IPv4NumberResult> parse_ipv4_number(std::string_view input)
{
    // 1. If input is the empty string, then return failure.
    if (input.empty())
        return std::nullopt;
    // 2. Let validationError be false.
    bool validation_error = false;
    // 3. Let R be 10.
    uint64_t radix = 10;
    // 4. If input contains at least two code points and the first two code points are either "0X" or "0x", then:
    if (input.size() >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X')) {
        // 1. Set validationError to true. 2. Remove the first two code points from input. 3. Set R to 16.
        validation_error = true;
        input.remove_prefix(2);
        radix = 16;
    }
    // 5. Otherwise, if input contains at least two code points and the first code point is U+0030 (0), then:
    else if (input.size() >= 2 && input[0] == '0') {
        // 1. Set validationError to true. 2. Remove the first code point from input. 3. Set R to 8.
        validation_error = true;
        input.remove_prefix(1);
        radix = 8;
    }
    // 6. If input is the empty string, then return (0, true).
    if (input.empty())
        return IPv4NumberResult { 0, true };
    // 7. If input contains a code point that is not a radix-R digit, then return failure.
    // 8. Let output be the mathematical integer value that is represented by input in radix-R notation,
    //    using ASCII hex digits for digits with values 0 through 15.
    uint64_t output = 0;
    for (char c : input) {
        bool const is_digit = radix == 16 ? is_ascii_hex_digit(c) : radix == 8 ? (c >= '0' && c <= '7') : is_ascii_digit(c);
        if (!is_digit)
            return std::nullopt;
        output = std::min(output * radix + static_cast<uint64_t>(hex_value(c)), IPV4_NUMBER_CAP);
    }
    // 9. Return (output, validationError).
    return IPv4NumberResult { output, validation_error };
}

// Splits on c, keeping empty items (https://infra.spec.whatwg.org/#strictly-split).
std::vector<std::string_view> strictly_split(std::string_view input, char delimiter)
{
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (size_t i = 0; i <= input.size(); ++i) {
        if (i == input.size() || input[i] == delimiter) {
            parts.push_back(input.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

// https://url.spec.whatwg.org/#ends-in-a-number-checker
bool ends_in_a_number(std::string_view input)
{
    // 1. Let parts be the result of strictly splitting input on U+002E (.).
    auto parts = strictly_split(input, '.');
    // 2. If the last item in parts is the empty string, then:
    if (parts.back().empty()) {
        // 1. If parts's size is 1, then return false. 2. Remove the last item from parts.
        if (parts.size() == 1)
            return false;
        parts.pop_back();
    }
    // 3. Let last be the last item in parts.
    std::string_view const last = parts.back();
    // 4. If last is non-empty and contains only ASCII digits, then return true.
    if (!last.empty() && std::all_of(last.begin(), last.end(), [](char c) { return is_ascii_digit(c); }))
        return true;
    // 5. If parsing last as an IPv4 number does not return failure, then return true.
    // 6. Return false.
    return parse_ipv4_number(last).has_value();
}

// https://url.spec.whatwg.org/#concept-ipv4-parser
std::optional<uint32_t> parse_ipv4(std::string_view input)
{
    // 1. Let parts be the result of strictly splitting input on U+002E (.).
    auto parts = strictly_split(input, '.');
    // 2. If the last item in parts is the empty string, then: 1. IPv4-empty-part validation error.
    //    2. If parts's size is greater than 1, then remove the last item from parts.
    if (parts.back().empty() && parts.size() > 1)
        parts.pop_back();
    // 3. If parts's size is greater than 4, IPv4-too-many-parts validation error, return failure.
    if (parts.size() > 4)
        return std::nullopt;
    // 4. Let numbers be an empty list.
    std::vector<uint64_t> numbers;
    // 5. For each part of parts:
    for (std::string_view part : parts) {
        // 1. Let result be the result of parsing part.
        // 2. If result is failure, IPv4-non-numeric-part validation error, return failure.
        // 3. If result[1] is true, IPv4-non-decimal-part validation error.
        // 4. Append result[0] to numbers.
        auto const result = parse_ipv4_number(part);
        if (!result)
            return std::nullopt;
        numbers.push_back(result->number);
    }
    // 6. If any item in numbers is greater than 255, IPv4-out-of-range-part validation error.
    // 7. If any but the last item in numbers is greater than 255, then return failure.
    if (std::any_of(numbers.begin(), numbers.end() - 1, [](uint64_t n) { return n > 255; }))
        return std::nullopt;
    // 8. If the last item in numbers is greater than or equal to 256^(5 − numbers's size), then return failure.
    if (numbers.back() >= (uint64_t(1) << (8 * (5 - numbers.size()))))
        return std::nullopt;
    // 9. Let ipv4 be the last item in numbers.
    uint64_t ipv4 = numbers.back();
    // 10. Remove the last item from numbers.
    numbers.pop_back();
    // 11. Let counter be 0.
    // 12. For each n of numbers: 1. Increment ipv4 by n × 256^(3 − counter). 2. Increment counter by 1.
    for (size_t counter = 0; counter < numbers.size(); ++counter)
        ipv4 += numbers[counter] << (8 * (3 - counter));
    // 13. Return ipv4.
    return static_cast<uint32_t>(ipv4);
}

// https://url.spec.whatwg.org/#concept-ipv4-serializer
std::string serialize_ipv4(uint32_t address)
{
    // 1. Let output be the empty string. 2. Let n be the value of address.
    // 3. For each i in the range 1 to 4, inclusive: 1. Prepend n % 256, serialized, to output.
    //    2. If i is not 4, then prepend U+002E (.) to output. 3. Set n to floor(n / 256).
    std::string output;
    for (int shift = 24; shift >= 0; shift -= 8) {
        output += std::to_string((address >> shift) & 0xFF);
        if (shift != 0)
            output += '.';
    }
    // 4. Return output.
    return output;
}

// https://url.spec.whatwg.org/#concept-ipv6-parser
std::optional<IPv6Address> parse_ipv6(std::string_view input)
{
    // 1. Let address be a new IPv6 address whose IPv6 pieces are all 0.
    IPv6Address address {};
    // 2. Let pieceIndex be 0.
    size_t piece_index = 0;
    // 3. Let compress be null.
    std::optional<size_t> compress;
    // 4. Let pointer be a pointer for input.
    size_t pointer = 0;
    auto const c = [&]() -> int { return pointer < input.size() ? static_cast<unsigned char>(input[pointer]) : EOF_CODE_POINT; };
    auto const remaining_starts_with = [&](char ch) { return pointer + 1 < input.size() && input[pointer + 1] == ch; };

    // 5. If c is U+003A (:), then:
    if (c() == ':') {
        // 1. If remaining does not start with U+003A (:), IPv6-invalid-compression validation error, return failure.
        if (!remaining_starts_with(':'))
            return std::nullopt;
        // 2. Increase pointer by 2.
        pointer += 2;
        // 3. Increase pieceIndex by 1 and then set compress to pieceIndex.
        compress = ++piece_index;
    }
    // 6. While c is not the EOF code point:
    while (c() != EOF_CODE_POINT) {
        // 1. If pieceIndex is 8, IPv6-too-many-pieces validation error, return failure.
        if (piece_index == 8)
            return std::nullopt;
        // 2. If c is U+003A (:), then:
        if (c() == ':') {
            // 1. If compress is non-null, IPv6-multiple-compression validation error, return failure.
            if (compress)
                return std::nullopt;
            // 2. Increase pointer and pieceIndex by 1, set compress to pieceIndex, and then continue.
            ++pointer;
            compress = ++piece_index;
            continue;
        }
        // 3. Let value and length be 0.
        uint32_t value = 0;
        size_t length = 0;
        // 4. While length is less than 4 and c is an ASCII hex digit, set value to value × 0x10 + c
        //    interpreted as hexadecimal number, and increase pointer and length by 1.
        while (length < 4 && is_ascii_hex_digit(c())) {
            value = value * 0x10 + static_cast<uint32_t>(hex_value(c()));
            ++pointer;
            ++length;
        }
        // 5. If c is U+002E (.), then:
        if (c() == '.') {
            // 1. If length is 0, IPv4-in-IPv6-invalid-code-point validation error, return failure.
            if (length == 0)
                return std::nullopt;
            // 2. Decrease pointer by length.
            pointer -= length;
            // 3. If pieceIndex is greater than 6, IPv4-in-IPv6-too-many-pieces validation error, return failure.
            if (piece_index > 6)
                return std::nullopt;
            // 4. Let numbersSeen be 0.
            int numbers_seen = 0;
            // 5. While c is not the EOF code point:
            while (c() != EOF_CODE_POINT) {
                // 1. Let ipv4Piece be null.
                std::optional<uint32_t> ipv4_piece;
                // 2. If numbersSeen is greater than 0, then:
                if (numbers_seen > 0) {
                    // 1. If c is a U+002E (.) and numbersSeen is less than 4, then increase pointer by 1.
                    // 2. Otherwise, IPv4-in-IPv6-invalid-code-point validation error, return failure.
                    if (c() == '.' && numbers_seen < 4)
                        ++pointer;
                    else
                        return std::nullopt;
                }
                // 3. If c is not an ASCII digit, IPv4-in-IPv6-invalid-code-point validation error, return failure.
                if (!is_ascii_digit(c()))
                    return std::nullopt;
                // 4. While c is an ASCII digit:
                while (is_ascii_digit(c())) {
                    // 1. Let number be c interpreted as decimal number.
                    uint32_t const number = static_cast<uint32_t>(c() - '0');
                    // 2. If ipv4Piece is null, then set ipv4Piece to number. Otherwise, if ipv4Piece is 0,
                    //    IPv4-in-IPv6-invalid-code-point validation error, return failure.
                    //    Otherwise, set ipv4Piece to ipv4Piece × 10 + number.
                    if (!ipv4_piece)
                        ipv4_piece = number;
                    else if (*ipv4_piece == 0)
                        return std::nullopt;
                    else
                        ipv4_piece = *ipv4_piece * 10 + number;
                    // 3. If ipv4Piece is greater than 255, IPv4-in-IPv6-out-of-range-part validation error, return failure.
                    if (*ipv4_piece > 255)
                        return std::nullopt;
                    // 4. Increase pointer by 1.
                    ++pointer;
                }
                // 5. Set address[pieceIndex] to address[pieceIndex] × 0x100 + ipv4Piece.
                address[piece_index] = static_cast<uint16_t>(address[piece_index] * 0x100 + *ipv4_piece);
                // 6. Increase numbersSeen by 1.
                ++numbers_seen;
                // 7. If numbersSeen is 2 or 4, then increase pieceIndex by 1.
                if (numbers_seen == 2 || numbers_seen == 4)
                    ++piece_index;
            }
            // 6. If numbersSeen is not 4, IPv4-in-IPv6-too-few-parts validation error, return failure.
            if (numbers_seen != 4)
                return std::nullopt;
            // 7. Break.
            break;
        }
        // 6. Otherwise, if c is U+003A (:):
        if (c() == ':') {
            // 1. Increase pointer by 1.
            ++pointer;
            // 2. If c is the EOF code point, IPv6-invalid-code-point validation error, return failure.
            if (c() == EOF_CODE_POINT)
                return std::nullopt;
        }
        // 7. Otherwise, if c is not the EOF code point, IPv6-invalid-code-point validation error, return failure.
        else if (c() != EOF_CODE_POINT) {
            return std::nullopt;
        }
        // 8. Set address[pieceIndex] to value.
        address[piece_index] = static_cast<uint16_t>(value);
        // 9. Increase pieceIndex by 1.
        ++piece_index;
    }
    // 7. If compress is non-null, then:
    if (compress) {
        // 1. Let swaps be pieceIndex − compress.
        size_t swaps = piece_index - *compress;
        // 2. Set pieceIndex to 7.
        piece_index = 7;
        // 3. While pieceIndex is not 0 and swaps is greater than 0, swap address[pieceIndex] with
        //    address[compress + swaps − 1], and then decrease both pieceIndex and swaps by 1.
        while (piece_index != 0 && swaps > 0) {
            std::swap(address[piece_index], address[*compress + swaps - 1]);
            --piece_index;
            --swaps;
        }
    }
    // 8. Otherwise, if compress is null and pieceIndex is not 8, IPv6-too-few-pieces validation error, return failure.
    else if (piece_index != 8) {
        return std::nullopt;
    }
    // 9. Return address.
    return address;
}

// https://url.spec.whatwg.org/#concept-ipv6-serializer
std::string serialize_ipv6(IPv6Address const& address)
{
    // 1. Let output be the empty string.
    std::string output;
    // 2. Let compress be an index to the first IPv6 piece in the first longest sequences of address's
    //    IPv6 pieces that are 0.
    // 3. If there is no sequence of address's IPv6 pieces that are 0 that is longer than 1, then set compress to null.
    std::optional<size_t> compress;
    size_t longest = 1;
    for (size_t i = 0; i < 8;) {
        size_t run = 0;
        while (i + run < 8 && address[i + run] == 0)
            ++run;
        if (run > longest) {
            longest = run;
            compress = i;
        }
        i += std::max<size_t>(run, 1);
    }
    // 4. Let ignore0 be false.
    bool ignore0 = false;
    // 5. For each pieceIndex in the range 0 to 7, inclusive:
    for (size_t piece_index = 0; piece_index < 8; ++piece_index) {
        // 1. If ignore0 is true and address[pieceIndex] is 0, then continue.
        // 2. Otherwise, if ignore0 is true, set ignore0 to false.
        if (ignore0 && address[piece_index] == 0)
            continue;
        ignore0 = false;
        // 3. If compress is pieceIndex, then: 1. Let separator be "::" if pieceIndex is 0, and U+003A (:)
        //    otherwise. 2. Append separator to output. 3. Set ignore0 to true and continue.
        if (compress == piece_index) {
            output += piece_index == 0 ? "::" : ":";
            ignore0 = true;
            continue;
        }
        // 4. Append address[pieceIndex], represented as the shortest possible lowercase hexadecimal number, to output.
        char buffer[4];
        auto const end = std::to_chars(buffer, buffer + 4, address[piece_index], 16).ptr;
        output.append(buffer, end);
        // 5. If pieceIndex is not 7, then append U+003A (:) to output.
        if (piece_index != 7)
            output += ':';
    }
    // 6. Return output.
    return output;
}

// https://url.spec.whatwg.org/#concept-opaque-host-parser
std::optional<Host> parse_opaque_host(std::string_view input)
{
    // 1. If input contains a forbidden host code point, host-invalid-code-point validation error, return failure.
    if (std::any_of(input.begin(), input.end(), [](char c) { return is_forbidden_host_code_point(static_cast<unsigned char>(c)); }))
        return std::nullopt;
    // 2. If input contains a code point that is not a URL code point and not U+0025 (%), invalid-URL-unit validation error.
    // 3. If input contains a U+0025 (%) and the two code points following it are not ASCII hex digits, invalid-URL-unit validation error.
    // 4. Return the result of running UTF-8 percent-encode on input using the C0 control percent-encode set.
    Host host { input.empty() ? Host::Kind::Empty : Host::Kind::Opaque, {} };
    append_utf8_percent_encoded(host.serialized, input, PercentEncodeSet::C0Control);
    return host;
}

// https://url.spec.whatwg.org/#concept-host-parser with input being valid UTF-8.
std::optional<Host> parse_host_scalar_values(std::string_view input, bool is_opaque)
{
    // 1. If input starts with U+005B ([), then:
    if (input.starts_with('[')) {
        // 1. If input does not end with U+005D (]), IPv6-unclosed validation error, return failure.
        if (input.size() < 2 || !input.ends_with(']'))
            return std::nullopt;
        // 2. Return the result of IPv6 parsing input with its leading U+005B ([) and trailing U+005D (]) removed.
        auto const address = parse_ipv6(input.substr(1, input.size() - 2));
        if (!address)
            return std::nullopt;
        return Host { Host::Kind::IPv6, "[" + serialize_ipv6(*address) + "]" };
    }
    // 2. If isOpaque is true, then return the result of opaque-host parsing input.
    if (is_opaque)
        return parse_opaque_host(input);
    // 3. Assert: input is not the empty string.
    if (input.empty())
        return std::nullopt;
    // 4. Let domain be the result of running UTF-8 decode without BOM on the percent-decoding of input.
    //    (domain to ASCII fails on invalid UTF-8, as it does on U+FFFD.)
    std::string const domain = percent_decode(input);
    // 5. Let asciiDomain be the result of running domain to ASCII with domain and false.
    // 6. If asciiDomain is failure, then return failure.
    auto ascii_domain = domain_to_ascii(domain, false);
    if (!ascii_domain)
        return std::nullopt;
    // 7. If asciiDomain ends in a number, then return the result of IPv4 parsing asciiDomain.
    if (ends_in_a_number(*ascii_domain)) {
        auto const address = parse_ipv4(*ascii_domain);
        if (!address)
            return std::nullopt;
        return Host { Host::Kind::IPv4, serialize_ipv4(*address) };
    }
    // 8. Return asciiDomain.
    return Host { Host::Kind::Domain, std::move(*ascii_domain) };
}

// ---------------------------------------------------------------------------------------------
// URL concepts

// https://url.spec.whatwg.org/#default-port (nullopt for non-special schemes and "file")
std::optional<uint16_t> default_port(std::string_view scheme)
{
    if (scheme == "http" || scheme == "ws")
        return 80;
    if (scheme == "https" || scheme == "wss")
        return 443;
    if (scheme == "ftp")
        return 21;
    return std::nullopt;
}

// https://url.spec.whatwg.org/#special-scheme
bool is_special_scheme(std::string_view scheme)
{
    return scheme == "ftp" || scheme == "file" || scheme == "http" || scheme == "https" || scheme == "ws" || scheme == "wss";
}

// https://url.spec.whatwg.org/#windows-drive-letter
bool is_windows_drive_letter(std::string_view s)
{
    return s.size() == 2 && is_ascii_alpha(s[0]) && (s[1] == ':' || s[1] == '|');
}

// https://url.spec.whatwg.org/#normalized-windows-drive-letter
bool is_normalized_windows_drive_letter(std::string_view s)
{
    return s.size() == 2 && is_ascii_alpha(s[0]) && s[1] == ':';
}

// https://url.spec.whatwg.org/#start-with-a-windows-drive-letter
bool starts_with_windows_drive_letter(std::string_view s)
{
    // 1. Its length is greater than or equal to 2. 2. Its first two code points are a Windows drive letter.
    // 3. Its length is 2 or its third code point is U+002F (/), U+005C (\), U+003F (?), or U+0023 (#).
    return s.size() >= 2 && is_windows_drive_letter(s.substr(0, 2)) && (s.size() == 2 || s[2] == '/' || s[2] == '\\' || s[2] == '?' || s[2] == '#');
}

// https://url.spec.whatwg.org/#single-dot-path-segment
bool is_single_dot_path_segment(std::string_view s)
{
    return s == "." || equals_ignoring_ascii_case(s, "%2e");
}

// https://url.spec.whatwg.org/#double-dot-path-segment
bool is_double_dot_path_segment(std::string_view s)
{
    return s == ".." || equals_ignoring_ascii_case(s, ".%2e") || equals_ignoring_ascii_case(s, "%2e.") || equals_ignoring_ascii_case(s, "%2e%2e");
}

std::atomic<uint64_t> next_opaque_origin_id { 1 };

} // namespace

std::optional<Host> parse_host(std::string_view input, bool is_opaque)
{
    std::string storage;
    return parse_host_scalar_values(as_scalar_values(input, storage), is_opaque);
}

std::string utf8_percent_encode(std::string_view input, PercentEncodeSet set, bool space_as_plus)
{
    std::string storage;
    std::string output;
    append_utf8_percent_encoded(output, as_scalar_values(input, storage), set, space_as_plus);
    return output;
}

// https://url.spec.whatwg.org/#percent-decode
std::string percent_decode(std::string_view input)
{
    // 1. Let output be an empty byte sequence.
    std::string output;
    output.reserve(input.size());
    // 2. For each byte byte in input:
    for (size_t i = 0; i < input.size(); ++i) {
        // 1. If byte is not 0x25 (%), then append byte to output.
        // 2. Otherwise, if byte is 0x25 (%) and the next two bytes after byte in input are not in the
        //    ranges 0x30 (0) to 0x39 (9), 0x41 (A) to 0x46 (F), and 0x61 (a) to 0x66 (f), all inclusive,
        //    append byte to output.
        if (input[i] != '%' || i + 2 >= input.size() || !is_ascii_hex_digit(input[i + 1]) || !is_ascii_hex_digit(input[i + 2])) {
            output += input[i];
            continue;
        }
        // 3. Otherwise: 1. Let bytePoint be the two bytes after byte in input, decoded, and then
        //    interpreted as hexadecimal number. 2. Append a byte whose value is bytePoint to output.
        //    3. Skip the next two bytes in input.
        output += static_cast<char>(hex_value(input[i + 1]) * 16 + hex_value(input[i + 2]));
        i += 2;
    }
    // 3. Return output.
    return output;
}

// ---------------------------------------------------------------------------------------------
// https://url.spec.whatwg.org/#concept-basic-url-parser

class BasicURLParser {
public:
    enum class State : uint8_t {
        SchemeStart,
        Scheme,
        NoScheme,
        SpecialRelativeOrAuthority,
        PathOrAuthority,
        Relative,
        RelativeSlash,
        SpecialAuthoritySlashes,
        SpecialAuthorityIgnoreSlashes,
        Authority,
        Host,
        Hostname,
        Port,
        File,
        FileSlash,
        FileHost,
        PathStart,
        Path,
        OpaquePath,
        Query,
        Fragment,
    };

    // Runs the basic URL parser on url. Without a state override, url is a new URL and input has
    // its leading and trailing C0 controls and spaces removed. Returns false on failure.
    static bool parse(std::string_view raw_input, URL const* base, URL& url, std::optional<State> state_override)
    {
        std::string storage;
        std::string_view input = as_scalar_values(raw_input, storage);
        // 1. If url is not given: 1. Set url to a new URL. 2. If input contains any leading or trailing
        //    C0 control or space, invalid-URL-unit validation error. 3. Remove any leading and trailing
        //    C0 control or space from input.
        if (!state_override) {
            while (!input.empty() && is_c0_control_or_space(static_cast<unsigned char>(input.front())))
                input.remove_prefix(1);
            while (!input.empty() && is_c0_control_or_space(static_cast<unsigned char>(input.back())))
                input.remove_suffix(1);
        }
        // 2. If input contains any ASCII tab or newline, invalid-URL-unit validation error.
        // 3. Remove all ASCII tab or newline from input.
        std::string cleaned;
        cleaned.reserve(input.size());
        for (char c : input) {
            if (!is_ascii_tab_or_newline(c))
                cleaned += c;
        }
        BasicURLParser parser(cleaned, base, url, state_override);
        return parser.run();
    }

private:
    BasicURLParser(std::string_view input, URL const* base, URL& url, std::optional<State> state_override)
        : input_(input)
        , base_(base)
        , url_(url)
        , state_override_(state_override)
        // 4. Let state be state override if given, or scheme start state otherwise.
        , state_(state_override.value_or(State::SchemeStart))
    {
    }

    // The pointer is only read when it is not negative.
    size_t position() const { return static_cast<size_t>(pointer_); }
    int c() const { return position() < input_.size() ? static_cast<unsigned char>(input_[position()]) : EOF_CODE_POINT; }
    std::string_view remaining() const { return input_.substr(std::min(input_.size(), position() + 1)); }
    std::string_view from_pointer() const { return input_.substr(std::min(input_.size(), position())); }
    bool is_special() const { return url_.is_special(); }
    // c is U+002F (/), or url is special and c is U+005C (\).
    bool c_is_slash_for_url() const { return c() == '/' || (is_special() && c() == '\\'); }

    bool run()
    {
        // 8. Let pointer be a pointer for input.
        // 9. Keep running the following state machine by switching on state. If after a run pointer
        //    points to the EOF code point, go to the next step. Otherwise, increase pointer by 1 and
        //    continue with the state machine.
        for (;; ++pointer_) {
            std::optional<bool> const result = run_state();
            if (result)
                return *result;
            if (pointer_ >= static_cast<std::ptrdiff_t>(input_.size()))
                break;
        }
        // 10. Return url.
        return true;
    }

    // Runs the current state once: nullopt to continue, true to return url, false to return failure.
    std::optional<bool> run_state()
    {
        switch (state_) {
        case State::SchemeStart: return scheme_start_state();
        case State::Scheme: return scheme_state();
        case State::NoScheme: return no_scheme_state();
        case State::SpecialRelativeOrAuthority: return special_relative_or_authority_state();
        case State::PathOrAuthority: return path_or_authority_state();
        case State::Relative: return relative_state();
        case State::RelativeSlash: return relative_slash_state();
        case State::SpecialAuthoritySlashes: return special_authority_slashes_state();
        case State::SpecialAuthorityIgnoreSlashes: return special_authority_ignore_slashes_state();
        case State::Authority: return authority_state();
        case State::Host:
        case State::Hostname: return host_state();
        case State::Port: return port_state();
        case State::File: return file_state();
        case State::FileSlash: return file_slash_state();
        case State::FileHost: return file_host_state();
        case State::PathStart: return path_start_state();
        case State::Path: return path_state();
        case State::OpaquePath: return opaque_path_state();
        case State::Query: return query_state();
        case State::Fragment: return fragment_state();
        }
        return false;
    }

    static constexpr std::optional<bool> CONTINUE = std::nullopt;
    static constexpr std::optional<bool> RETURN = true;
    static constexpr std::optional<bool> FAILURE = false;

    // https://url.spec.whatwg.org/#scheme-start-state
    std::optional<bool> scheme_start_state()
    {
        // 1. If c is an ASCII alpha, append c, lowercased, to buffer, and set state to scheme state.
        if (is_ascii_alpha(c())) {
            buffer_ += ascii_lowercase(static_cast<char>(c()));
            state_ = State::Scheme;
        }
        // 2. Otherwise, if state override is not given, set state to no scheme state and decrease pointer by 1.
        else if (!state_override_) {
            state_ = State::NoScheme;
            --pointer_;
        }
        // 3. Otherwise, return failure.
        else {
            return FAILURE;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#scheme-state
    std::optional<bool> scheme_state()
    {
        // 1. If c is an ASCII alphanumeric, U+002B (+), U+002D (-), or U+002E (.), append c, lowercased, to buffer.
        if (is_ascii_alphanumeric(c()) || c() == '+' || c() == '-' || c() == '.') {
            buffer_ += ascii_lowercase(static_cast<char>(c()));
            return CONTINUE;
        }
        // 2. Otherwise, if c is U+003A (:), then:
        if (c() == ':') {
            // 1. If state override is given, then:
            if (state_override_) {
                // 1. If url's scheme is a special scheme and buffer is not a special scheme, then return.
                // 2. If url's scheme is not a special scheme and buffer is a special scheme, then return.
                if (is_special() != is_special_scheme(buffer_))
                    return RETURN;
                // 3. If url includes credentials or has a non-null port, and buffer is "file", then return.
                if ((url_.includes_credentials() || url_.port_) && buffer_ == "file")
                    return RETURN;
                // 4. If url's scheme is "file" and its host is an empty host, then return.
                if (url_.scheme_ == "file" && url_.host_ && url_.host_->kind == Host::Kind::Empty)
                    return RETURN;
            }
            // 2. Set url's scheme to buffer.
            url_.scheme_ = std::move(buffer_);
            // 3. If state override is given, then:
            if (state_override_) {
                // 1. If url's port is url's scheme's default port, then set url's port to null.
                if (url_.port_ && url_.port_ == default_port(url_.scheme_))
                    url_.port_ = std::nullopt;
                // 2. Return.
                return RETURN;
            }
            // 4. Set buffer to the empty string.
            buffer_.clear();
            // 5. If url's scheme is "file", then: 1. If remaining does not start with "//",
            //    special-scheme-missing-following-solidus validation error. 2. Set state to file state.
            if (url_.scheme_ == "file") {
                state_ = State::File;
            }
            // 6. Otherwise, if url is special, base is non-null, and base's scheme is url's scheme:
            //    1. Assert: base is special. 2. Set state to special relative or authority state.
            else if (is_special() && base_ && base_->scheme_ == url_.scheme_) {
                state_ = State::SpecialRelativeOrAuthority;
            }
            // 7. Otherwise, if url is special, set state to special authority slashes state.
            else if (is_special()) {
                state_ = State::SpecialAuthoritySlashes;
            }
            // 8. Otherwise, if remaining starts with an U+002F (/), set state to path or authority state and increase pointer by 1.
            else if (remaining().starts_with('/')) {
                state_ = State::PathOrAuthority;
                ++pointer_;
            }
            // 9. Otherwise, set url's path to the empty string and set state to opaque path state.
            else {
                url_.path_.clear();
                url_.opaque_path_ = std::string();
                state_ = State::OpaquePath;
            }
            return CONTINUE;
        }
        // 3. Otherwise, if state override is not given, set buffer to the empty string, state to no
        //    scheme state, and start over (from the first code point in input).
        if (!state_override_) {
            buffer_.clear();
            state_ = State::NoScheme;
            pointer_ = -1;
            return CONTINUE;
        }
        // 4. Otherwise, return failure.
        return FAILURE;
    }

    // https://url.spec.whatwg.org/#no-scheme-state
    std::optional<bool> no_scheme_state()
    {
        // 1. If base is null, or base has an opaque path and c is not U+0023 (#),
        //    missing-scheme-non-relative-URL validation error, return failure.
        if (!base_ || (base_->has_opaque_path() && c() != '#'))
            return FAILURE;
        // 2. Otherwise, if base has an opaque path and c is U+0023 (#), set url's scheme to base's
        //    scheme, url's path to base's path, url's query to base's query, url's fragment to the
        //    empty string, and set state to fragment state.
        if (base_->has_opaque_path()) {
            url_.scheme_ = base_->scheme_;
            url_.path_ = base_->path_;
            url_.opaque_path_ = base_->opaque_path_;
            url_.query_ = base_->query_;
            url_.fragment_ = std::string();
            state_ = State::Fragment;
        }
        // 3. Otherwise, if base's scheme is not "file", set state to relative state and decrease pointer by 1.
        else if (base_->scheme_ != "file") {
            state_ = State::Relative;
            --pointer_;
        }
        // 4. Otherwise, set state to file state and decrease pointer by 1.
        else {
            state_ = State::File;
            --pointer_;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#special-relative-or-authority-state
    std::optional<bool> special_relative_or_authority_state()
    {
        // 1. If c is U+002F (/) and remaining starts with U+002F (/), then set state to special
        //    authority ignore slashes state and increase pointer by 1.
        if (c() == '/' && remaining().starts_with('/')) {
            state_ = State::SpecialAuthorityIgnoreSlashes;
            ++pointer_;
        }
        // 2. Otherwise, special-scheme-missing-following-solidus validation error, set state to
        //    relative state and decrease pointer by 1.
        else {
            state_ = State::Relative;
            --pointer_;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#path-or-authority-state
    std::optional<bool> path_or_authority_state()
    {
        // 1. If c is U+002F (/), then set state to authority state.
        if (c() == '/') {
            state_ = State::Authority;
        }
        // 2. Otherwise, set state to path state, and decrease pointer by 1.
        else {
            state_ = State::Path;
            --pointer_;
        }
        return CONTINUE;
    }

    void copy_authority_from_base()
    {
        url_.username_ = base_->username_;
        url_.password_ = base_->password_;
        url_.host_ = base_->host_;
        url_.port_ = base_->port_;
    }

    // https://url.spec.whatwg.org/#relative-state
    std::optional<bool> relative_state()
    {
        // 1. Assert: base's scheme is not "file".
        // 2. Set url's scheme to base's scheme.
        url_.scheme_ = base_->scheme_;
        // 3. If c is U+002F (/), then set state to relative slash state.
        // 4. Otherwise, if url is special and c is U+005C (\), invalid-reverse-solidus validation
        //    error, set state to relative slash state.
        if (c_is_slash_for_url()) {
            state_ = State::RelativeSlash;
            return CONTINUE;
        }
        // 5. Otherwise: 1. Set url's username to base's username, url's password to base's password,
        //    url's host to base's host, url's port to base's port, url's path to a clone of base's
        //    path, and url's query to base's query.
        copy_authority_from_base();
        url_.path_ = base_->path_;
        url_.query_ = base_->query_;
        // 2. If c is U+003F (?), then set url's query to the empty string, and state to query state.
        if (c() == '?') {
            url_.query_ = std::string();
            state_ = State::Query;
        }
        // 3. Otherwise, if c is U+0023 (#), set url's fragment to the empty string and state to fragment state.
        else if (c() == '#') {
            url_.fragment_ = std::string();
            state_ = State::Fragment;
        }
        // 4. Otherwise, if c is not the EOF code point: 1. Set url's query to null. 2. Shorten url's
        //    path. 3. Set state to path state and decrease pointer by 1.
        else if (c() != EOF_CODE_POINT) {
            url_.query_ = std::nullopt;
            shorten_path();
            state_ = State::Path;
            --pointer_;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#relative-slash-state
    std::optional<bool> relative_slash_state()
    {
        // 1. If url is special and c is U+002F (/) or U+005C (\), then: 1. If c is U+005C (\),
        //    invalid-reverse-solidus validation error. 2. Set state to special authority ignore slashes state.
        if (is_special() && (c() == '/' || c() == '\\')) {
            state_ = State::SpecialAuthorityIgnoreSlashes;
        }
        // 2. Otherwise, if c is U+002F (/), then set state to authority state.
        else if (c() == '/') {
            state_ = State::Authority;
        }
        // 3. Otherwise, set url's username to base's username, url's password to base's password,
        //    url's host to base's host, url's port to base's port, state to path state, and then,
        //    decrease pointer by 1.
        else {
            copy_authority_from_base();
            state_ = State::Path;
            --pointer_;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#special-authority-slashes-state
    std::optional<bool> special_authority_slashes_state()
    {
        // 1. If c is U+002F (/) and remaining starts with U+002F (/), then set state to special
        //    authority ignore slashes state and increase pointer by 1.
        if (c() == '/' && remaining().starts_with('/')) {
            state_ = State::SpecialAuthorityIgnoreSlashes;
            ++pointer_;
        }
        // 2. Otherwise, special-scheme-missing-following-solidus validation error, set state to
        //    special authority ignore slashes state and decrease pointer by 1.
        else {
            state_ = State::SpecialAuthorityIgnoreSlashes;
            --pointer_;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#special-authority-ignore-slashes-state
    std::optional<bool> special_authority_ignore_slashes_state()
    {
        // 1. If c is neither U+002F (/) nor U+005C (\), then set state to authority state and decrease pointer by 1.
        // 2. Otherwise, special-scheme-missing-following-solidus validation error.
        if (c() != '/' && c() != '\\') {
            state_ = State::Authority;
            --pointer_;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#authority-state
    std::optional<bool> authority_state()
    {
        // 1. If c is U+0040 (@), then:
        if (c() == '@') {
            // 1. Invalid-credentials validation error.
            // 2. If atSignSeen is true, then prepend "%40" to buffer.
            if (at_sign_seen_)
                buffer_.insert(0, "%40");
            // 3. Set atSignSeen to true.
            at_sign_seen_ = true;
            // 4. For each codePoint in buffer:
            for (size_t i = 0; i < buffer_.size(); ++i) {
                // 1. If codePoint is U+003A (:) and passwordTokenSeen is false, then set passwordTokenSeen to true and continue.
                if (buffer_[i] == ':' && !password_token_seen_) {
                    password_token_seen_ = true;
                    continue;
                }
                // 2. Let encodedCodePoints be the result of running UTF-8 percent-encode codePoint using the userinfo percent-encode set.
                // 3. If passwordTokenSeen is true, then append encodedCodePoints to url's password.
                // 4. Otherwise, append encodedCodePoints to url's username.
                append_utf8_percent_encoded(password_token_seen_ ? url_.password_ : url_.username_, std::string_view(buffer_).substr(i, 1), PercentEncodeSet::Userinfo);
            }
            // 5. Set buffer to the empty string.
            buffer_.clear();
        }
        // 2. Otherwise, if one of the following is true: c is the EOF code point, U+002F (/), U+003F (?),
        //    or U+0023 (#); url is special and c is U+005C (\); then:
        else if (c() == EOF_CODE_POINT || c_is_slash_for_url() || c() == '?' || c() == '#') {
            // 1. If atSignSeen is true and buffer is the empty string, host-missing validation error, return failure.
            if (at_sign_seen_ && buffer_.empty())
                return FAILURE;
            // 2. Decrease pointer by buffer's code point length + 1, set buffer to the empty string, and set state to host state.
            pointer_ -= static_cast<std::ptrdiff_t>(buffer_.size()) + 1;
            buffer_.clear();
            state_ = State::Host;
        }
        // 3. Otherwise, append c to buffer.
        else {
            buffer_ += static_cast<char>(c());
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#host-state
    std::optional<bool> host_state()
    {
        // 1. If state override is given and url's scheme is "file", then decrease pointer by 1 and set state to file host state.
        if (state_override_ && url_.scheme_ == "file") {
            --pointer_;
            state_ = State::FileHost;
        }
        // 2. Otherwise, if c is U+003A (:) and insideBrackets is false, then:
        else if (c() == ':' && !inside_brackets_) {
            // 1. If buffer is the empty string, host-missing validation error, return failure.
            if (buffer_.empty())
                return FAILURE;
            // 2. If state override is given and state override is hostname state, then return failure.
            if (state_override_ == State::Hostname)
                return FAILURE;
            // 3. Let host be the result of host parsing buffer with url is not special.
            // 4. If host is failure, then return failure.
            auto host = parse_host_scalar_values(buffer_, !is_special());
            if (!host)
                return FAILURE;
            // 5. Set url's host to host, buffer to the empty string, and state to port state.
            url_.host_ = std::move(host);
            buffer_.clear();
            state_ = State::Port;
        }
        // 3. Otherwise, if one of the following is true: c is the EOF code point, U+002F (/), U+003F (?),
        //    or U+0023 (#); url is special and c is U+005C (\); then decrease pointer by 1, and then:
        else if (c() == EOF_CODE_POINT || c_is_slash_for_url() || c() == '?' || c() == '#') {
            --pointer_;
            // 1. If url is special and buffer is the empty string, host-missing validation error, return failure.
            if (is_special() && buffer_.empty())
                return FAILURE;
            // 2. Otherwise, if state override is given, buffer is the empty string, and either url
            //    includes credentials or url's port is non-null, return failure.
            if (state_override_ && buffer_.empty() && (url_.includes_credentials() || url_.port_))
                return FAILURE;
            // 3. Let host be the result of host parsing buffer with url is not special.
            // 4. If host is failure, then return failure.
            auto host = parse_host_scalar_values(buffer_, !is_special());
            if (!host)
                return FAILURE;
            // 5. Set url's host to host, buffer to the empty string, and state to path start state.
            url_.host_ = std::move(host);
            buffer_.clear();
            state_ = State::PathStart;
            // 6. If state override is given, then return.
            if (state_override_)
                return RETURN;
        }
        // 4. Otherwise: 1. If c is U+005B ([), then set insideBrackets to true. 2. If c is U+005D (]),
        //    then set insideBrackets to false. 3. Append c to buffer.
        else {
            if (c() == '[')
                inside_brackets_ = true;
            if (c() == ']')
                inside_brackets_ = false;
            buffer_ += static_cast<char>(c());
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#port-state
    std::optional<bool> port_state()
    {
        // 1. If c is an ASCII digit, append c to buffer.
        if (is_ascii_digit(c())) {
            buffer_ += static_cast<char>(c());
        }
        // 2. Otherwise, if one of the following is true: c is the EOF code point, U+002F (/), U+003F (?),
        //    or U+0023 (#); url is special and c is U+005C (\); or state override is given; then:
        else if (c() == EOF_CODE_POINT || c_is_slash_for_url() || c() == '?' || c() == '#' || state_override_) {
            // 1. If buffer is not the empty string, then:
            if (!buffer_.empty()) {
                // 1. Let port be the mathematical integer value that is represented by buffer in radix-10
                //    using ASCII digits for digits with values 0 through 9.
                // 2. If port is greater than 2^16 − 1, port-out-of-range validation error, return failure.
                uint32_t port = 0;
                for (char digit : buffer_) {
                    port = port * 10 + static_cast<uint32_t>(digit - '0');
                    if (port > 0xFFFF)
                        return FAILURE;
                }
                // 3. Set url's port to null, if port is url's scheme's default port; otherwise to port.
                if (default_port(url_.scheme_) == port)
                    url_.port_ = std::nullopt;
                else
                    url_.port_ = static_cast<uint16_t>(port);
                // 4. Set buffer to the empty string.
                buffer_.clear();
                // 5. If state override is given, then return.
                if (state_override_)
                    return RETURN;
            }
            // 2. If state override is given, then return failure.
            if (state_override_)
                return FAILURE;
            // 3. Set state to path start state and decrease pointer by 1.
            state_ = State::PathStart;
            --pointer_;
        }
        // 3. Otherwise, port-invalid validation error, return failure.
        else {
            return FAILURE;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#file-state
    std::optional<bool> file_state()
    {
        // 1. Set url's scheme to "file".
        url_.scheme_ = "file";
        // 2. Set url's host to the empty string.
        url_.host_ = Host {};
        // 3. If c is U+002F (/) or U+005C (\), then: 1. If c is U+005C (\), invalid-reverse-solidus
        //    validation error. 2. Set state to file slash state.
        if (c() == '/' || c() == '\\') {
            state_ = State::FileSlash;
        }
        // 4. Otherwise, if base is non-null and base's scheme is "file":
        else if (base_ && base_->scheme_ == "file") {
            // 1. Set url's host to base's host, url's path to a clone of base's path, and url's query to base's query.
            url_.host_ = base_->host_;
            url_.path_ = base_->path_;
            url_.query_ = base_->query_;
            // 2. If c is U+003F (?), then set url's query to the empty string and state to query state.
            if (c() == '?') {
                url_.query_ = std::string();
                state_ = State::Query;
            }
            // 3. Otherwise, if c is U+0023 (#), set url's fragment to the empty string and state to fragment state.
            else if (c() == '#') {
                url_.fragment_ = std::string();
                state_ = State::Fragment;
            }
            // 4. Otherwise, if c is not the EOF code point:
            else if (c() != EOF_CODE_POINT) {
                // 1. Set url's query to null.
                url_.query_ = std::nullopt;
                // 2. If the code point substring from pointer to the end of input does not start with a
                //    Windows drive letter, then shorten url's path.
                if (!starts_with_windows_drive_letter(from_pointer()))
                    shorten_path();
                // 3. Otherwise: 1. File-invalid-Windows-drive-letter validation error. 2. Set url's path to « ».
                else
                    url_.path_.clear();
                // 4. Set state to path state and decrease pointer by 1.
                state_ = State::Path;
                --pointer_;
            }
        }
        // 5. Otherwise, set state to path state, and decrease pointer by 1.
        else {
            state_ = State::Path;
            --pointer_;
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#file-slash-state
    std::optional<bool> file_slash_state()
    {
        // 1. If c is U+002F (/) or U+005C (\), then: 1. If c is U+005C (\), invalid-reverse-solidus
        //    validation error. 2. Set state to file host state.
        if (c() == '/' || c() == '\\') {
            state_ = State::FileHost;
            return CONTINUE;
        }
        // 2. Otherwise: 1. If base is non-null and base's scheme is "file", then:
        if (base_ && base_->scheme_ == "file") {
            // 1. Set url's host to base's host.
            url_.host_ = base_->host_;
            // 2. If the code point substring from pointer to the end of input does not start with a
            //    Windows drive letter and base's path[0] is a normalized Windows drive letter, then
            //    append base's path[0] to url's path.
            if (!starts_with_windows_drive_letter(from_pointer()) && !base_->path_.empty() && is_normalized_windows_drive_letter(base_->path_[0]))
                url_.path_.push_back(base_->path_[0]);
        }
        // 2. Set state to path state, and decrease pointer by 1.
        state_ = State::Path;
        --pointer_;
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#file-host-state
    std::optional<bool> file_host_state()
    {
        // 1. If c is the EOF code point, U+002F (/), U+005C (\), U+003F (?), or U+0023 (#), then
        //    decrease pointer by 1 and then:
        if (c() == EOF_CODE_POINT || c() == '/' || c() == '\\' || c() == '?' || c() == '#') {
            --pointer_;
            // 1. If state override is not given and buffer is a Windows drive letter,
            //    file-invalid-Windows-drive-letter-host validation error, set state to path state.
            if (!state_override_ && is_windows_drive_letter(buffer_)) {
                state_ = State::Path;
            }
            // 2. Otherwise, if buffer is the empty string, then:
            else if (buffer_.empty()) {
                // 1. Set url's host to the empty string.
                url_.host_ = Host {};
                // 2. If state override is given, then return.
                if (state_override_)
                    return RETURN;
                // 3. Set state to path start state.
                state_ = State::PathStart;
            }
            // 3. Otherwise, run these steps:
            else {
                // 1. Let host be the result of host parsing buffer with url is not special.
                // 2. If host is failure, then return failure.
                auto host = parse_host_scalar_values(buffer_, !is_special());
                if (!host)
                    return FAILURE;
                // 3. If host is "localhost", then set host to the empty string.
                if (host->kind == Host::Kind::Domain && host->serialized == "localhost")
                    host = Host {};
                // 4. Set url's host to host.
                url_.host_ = std::move(host);
                // 5. If state override is given, then return.
                if (state_override_)
                    return RETURN;
                // 6. Set buffer to the empty string and state to path start state.
                buffer_.clear();
                state_ = State::PathStart;
            }
        }
        // 2. Otherwise, append c to buffer.
        else {
            buffer_ += static_cast<char>(c());
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#path-start-state
    std::optional<bool> path_start_state()
    {
        // 1. If url is special, then: 1. If c is U+005C (\), invalid-reverse-solidus validation error.
        //    2. Set state to path state. 3. If c is neither U+002F (/) nor U+005C (\), then decrease pointer by 1.
        if (is_special()) {
            state_ = State::Path;
            if (c() != '/' && c() != '\\')
                --pointer_;
        }
        // 2. Otherwise, if state override is not given and c is U+003F (?), set url's query to the
        //    empty string and state to query state.
        else if (!state_override_ && c() == '?') {
            url_.query_ = std::string();
            state_ = State::Query;
        }
        // 3. Otherwise, if state override is not given and c is U+0023 (#), set url's fragment to the
        //    empty string and state to fragment state.
        else if (!state_override_ && c() == '#') {
            url_.fragment_ = std::string();
            state_ = State::Fragment;
        }
        // 4. Otherwise, if c is not the EOF code point: 1. Set state to path state. 2. If c is not
        //    U+002F (/), then decrease pointer by 1.
        else if (c() != EOF_CODE_POINT) {
            state_ = State::Path;
            if (c() != '/')
                --pointer_;
        }
        // 5. Otherwise, if state override is given and url's host is null, append the empty string to url's path.
        else if (state_override_ && !url_.host_) {
            url_.path_.emplace_back();
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#path-state
    std::optional<bool> path_state()
    {
        // 1. If one of the following is true: c is the EOF code point or U+002F (/); url is special and
        //    c is U+005C (\); state override is not given and c is U+003F (?) or U+0023 (#); then:
        if (c() == EOF_CODE_POINT || c_is_slash_for_url() || (!state_override_ && (c() == '?' || c() == '#'))) {
            // 1. If url is special and c is U+005C (\), invalid-reverse-solidus validation error.
            // 2. If buffer is a double-dot URL path segment, then:
            if (is_double_dot_path_segment(buffer_)) {
                // 1. Shorten url's path.
                shorten_path();
                // 2. If neither c is U+002F (/), nor url is special and c is U+005C (\), append the empty string to url's path.
                if (!c_is_slash_for_url())
                    url_.path_.emplace_back();
            }
            // 3. Otherwise, if buffer is a single-dot URL path segment and if neither c is U+002F (/),
            //    nor url is special and c is U+005C (\), append the empty string to url's path.
            else if (is_single_dot_path_segment(buffer_)) {
                if (!c_is_slash_for_url())
                    url_.path_.emplace_back();
            }
            // 4. Otherwise, if buffer is not a single-dot URL path segment, then:
            else {
                // 1. If url's scheme is "file", url's path is empty, and buffer is a Windows drive letter,
                //    then replace the second code point in buffer with U+003A (:).
                if (url_.scheme_ == "file" && url_.path_.empty() && is_windows_drive_letter(buffer_))
                    buffer_[1] = ':';
                // 2. Append buffer to url's path.
                url_.path_.push_back(buffer_);
            }
            // 5. Set buffer to the empty string.
            buffer_.clear();
            // 6. If c is U+003F (?), then set url's query to the empty string and state to query state.
            if (c() == '?') {
                url_.query_ = std::string();
                state_ = State::Query;
            }
            // 7. If c is U+0023 (#), then set url's fragment to the empty string and state to fragment state.
            if (c() == '#') {
                url_.fragment_ = std::string();
                state_ = State::Fragment;
            }
        }
        // 2. Otherwise, run these steps: 1. If c is not a URL code point and not U+0025 (%),
        //    invalid-URL-unit validation error. 2. If c is U+0025 (%) and remaining does not start with
        //    two ASCII hex digits, invalid-URL-unit validation error. 3. UTF-8 percent-encode c using the
        //    path percent-encode set and append the result to buffer.
        else {
            append_utf8_percent_encoded(buffer_, from_pointer().substr(0, 1), PercentEncodeSet::Path);
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#cannot-be-a-base-url-path-state
    std::optional<bool> opaque_path_state()
    {
        // 1. If c is U+003F (?), then set url's query to the empty string and state to query state.
        if (c() == '?') {
            url_.query_ = std::string();
            state_ = State::Query;
        }
        // 2. Otherwise, if c is U+0023 (#), then set url's fragment to the empty string and state to fragment state.
        else if (c() == '#') {
            url_.fragment_ = std::string();
            state_ = State::Fragment;
        }
        // 3. Otherwise: 1. If c is not the EOF code point, not a URL code point, and not U+0025 (%),
        //    invalid-URL-unit validation error. 2. If c is U+0025 (%) and remaining does not start with
        //    two ASCII hex digits, invalid-URL-unit validation error. 3. If c is not the EOF code point,
        //    UTF-8 percent-encode c using the C0 control percent-encode set and append the result to url's path.
        else if (c() != EOF_CODE_POINT) {
            append_utf8_percent_encoded(*url_.opaque_path_, from_pointer().substr(0, 1), PercentEncodeSet::C0Control);
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#query-state
    std::optional<bool> query_state()
    {
        // 1. If encoding is not UTF-8 and ... (the encoding is always UTF-8 here.)
        // 2. If one of the following is true: state override is not given and c is U+0023 (#); c is the EOF code point; then:
        if ((!state_override_ && c() == '#') || c() == EOF_CODE_POINT) {
            // 1. Let queryPercentEncodeSet be the special-query percent-encode set if url is special;
            //    otherwise the query percent-encode set.
            auto const query_percent_encode_set = is_special() ? PercentEncodeSet::SpecialQuery : PercentEncodeSet::Query;
            // 2. Percent-encode after encoding, given encoding, buffer, and queryPercentEncodeSet, and
            //    append the result to url's query.
            append_utf8_percent_encoded(*url_.query_, buffer_, query_percent_encode_set);
            // 3. Set buffer to the empty string.
            buffer_.clear();
            // 4. If c is U+0023 (#), then set url's fragment to the empty string and state to fragment state.
            if (c() == '#') {
                url_.fragment_ = std::string();
                state_ = State::Fragment;
            }
        }
        // 3. Otherwise, if c is not the EOF code point: 1. If c is not a URL code point and not U+0025 (%),
        //    invalid-URL-unit validation error. 2. If c is U+0025 (%) and remaining does not start with two
        //    ASCII hex digits, invalid-URL-unit validation error. 3. Append c to buffer.
        else if (c() != EOF_CODE_POINT) {
            buffer_ += static_cast<char>(c());
        }
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#fragment-state
    std::optional<bool> fragment_state()
    {
        // 1. If c is not the EOF code point, then: 1. If c is not a URL code point and not U+0025 (%),
        //    invalid-URL-unit validation error. 2. If c is U+0025 (%) and remaining does not start with
        //    two ASCII hex digits, invalid-URL-unit validation error. 3. UTF-8 percent-encode c using the
        //    fragment percent-encode set and append the result to url's fragment.
        if (c() != EOF_CODE_POINT)
            append_utf8_percent_encoded(*url_.fragment_, from_pointer().substr(0, 1), PercentEncodeSet::Fragment);
        return CONTINUE;
    }

    // https://url.spec.whatwg.org/#shorten-a-urls-path
    void shorten_path()
    {
        // 1. Assert: url does not have an opaque path.
        // 2. Let path be url's path.
        auto& path = url_.path_;
        // 3. If url's scheme is "file", path's size is 1, and path[0] is a normalized Windows drive letter, then return.
        if (url_.scheme_ == "file" && path.size() == 1 && is_normalized_windows_drive_letter(path[0]))
            return;
        // 4. Remove path's last item, if any.
        if (!path.empty())
            path.pop_back();
    }

    std::string_view input_;
    URL const* base_;
    URL& url_;
    std::optional<State> state_override_;
    State state_;
    // 6. Let buffer be the empty string.
    std::string buffer_;
    // 7. Let atSignSeen, insideBrackets, and passwordTokenSeen be false.
    bool at_sign_seen_ = false;
    bool inside_brackets_ = false;
    bool password_token_seen_ = false;
    std::ptrdiff_t pointer_ = 0;
};

// ---------------------------------------------------------------------------------------------
// URL

std::optional<URL> URL::parse(std::string_view input, URL const* base)
{
    URL url;
    if (!BasicURLParser::parse(input, base, url, std::nullopt))
        return std::nullopt;
    return url;
}

bool URL::is_special() const
{
    return is_special_scheme(scheme_);
}

std::optional<std::string> URL::host_serialized() const
{
    if (!host_)
        return std::nullopt;
    return host_->serialized;
}

std::optional<uint16_t> URL::port_or_default() const
{
    return port_ ? port_ : default_port(scheme_);
}

bool URL::cannot_have_username_password_port() const
{
    // A URL cannot have a username/password/port if its host is null or the empty string, or its scheme is "file".
    return !host_ || host_->serialized.empty() || scheme_ == "file";
}

std::string URL::host_for_connect() const
{
    if (!host_)
        return {};
    if (host_->kind == Host::Kind::IPv6)
        return host_->serialized.substr(1, host_->serialized.size() - 2);
    return host_->serialized;
}

std::string URL::serialize_path() const
{
    // 1. If url has an opaque path, then return url's path.
    if (opaque_path_)
        return *opaque_path_;
    // 2. Let output be the empty string.
    // 3. For each segment of url's path: append U+002F (/) followed by segment to output.
    std::string output;
    for (auto const& segment : path_) {
        output += '/';
        output += segment;
    }
    // 4. Return output.
    return output;
}

std::string URL::serialize(bool exclude_fragment) const
{
    // 1. Let output be url's scheme and U+003A (:) concatenated.
    std::string output = scheme_ + ':';
    // 2. If url's host is non-null:
    if (host_) {
        // 1. Append "//" to output.
        output += "//";
        // 2. If url includes credentials, then: 1. Append url's username to output. 2. If url's
        //    password is not the empty string, then append U+003A (:), followed by url's password, to
        //    output. 3. Append U+0040 (@) to output.
        if (includes_credentials()) {
            output += username_;
            if (!password_.empty())
                output += ':' + password_;
            output += '@';
        }
        // 3. Append url's host, serialized, to output.
        output += host_->serialized;
        // 4. If url's port is non-null, append U+003A (:) followed by url's port, serialized, to output.
        if (port_)
            output += ':' + std::to_string(*port_);
    }
    // 3. If url's host is null, url does not have an opaque path, url's path's size is greater than 1,
    //    and url's path[0] is the empty string, then append U+002F (/) followed by U+002E (.) to output.
    if (!host_ && !opaque_path_ && path_.size() > 1 && path_[0].empty())
        output += "/.";
    // 4. Append the result of URL path serializing url to output.
    output += serialize_path();
    // 5. If url's query is non-null, append U+003F (?), followed by url's query, to output.
    if (query_)
        output += '?' + *query_;
    // 6. If exclude fragment is false and url's fragment is non-null, then append U+0023 (#), followed
    //    by url's fragment, to output.
    if (!exclude_fragment && fragment_)
        output += '#' + *fragment_;
    // 7. Return output.
    return output;
}

Origin URL::origin() const
{
    // "blob":
    if (scheme_ == "blob") {
        // 1. If url's blob URL entry is non-null, then return url's blob URL entry's environment's
        //    origin. (There is no blob URL store here.)
        // 2. Let pathURL be the result of parsing the result of URL path serializing url.
        auto const path_url = URL::parse(serialize_path());
        // 3. If pathURL is failure, then return a new opaque origin.
        // 4. If pathURL's scheme is "http", "https", or "file", then return pathURL's origin.
        if (path_url && (path_url->scheme_ == "http" || path_url->scheme_ == "https" || path_url->scheme_ == "file"))
            return path_url->origin();
        // 5. Return a new opaque origin.
        return Origin::make_opaque();
    }
    // "ftp", "http", "https", "ws", "wss": return the tuple origin (url's scheme, url's host, url's port, null).
    if (scheme_ == "ftp" || scheme_ == "http" || scheme_ == "https" || scheme_ == "ws" || scheme_ == "wss")
        return Origin::make_tuple(scheme_, host_->serialized, port_);
    // "file": unfortunate as it is, this is left as an exercise to the reader. When in doubt, return a new opaque origin.
    // Otherwise: return a new opaque origin.
    return Origin::make_opaque();
}

// https://url.spec.whatwg.org/#dom-url-href
bool URL::set_href(std::string_view value)
{
    // 1. Let parsedURL be the result of running the basic URL parser on the given value.
    // 2. If parsedURL is failure, then throw a TypeError.
    auto parsed = URL::parse(value);
    if (!parsed)
        return false;
    // 3. Set this's URL to parsedURL.
    *this = std::move(*parsed);
    return true;
}

// https://url.spec.whatwg.org/#dom-url-protocol
std::string URL::protocol() const
{
    return scheme_ + ':';
}

void URL::set_protocol(std::string_view value)
{
    // Basic URL parse the given value, followed by U+003A (:), with this's URL as url and scheme start
    // state as state override.
    std::string input(value);
    input += ':';
    BasicURLParser::parse(input, nullptr, *this, BasicURLParser::State::SchemeStart);
}

// https://url.spec.whatwg.org/#dom-url-username
void URL::set_username(std::string_view value)
{
    // 1. If this's URL cannot have a username/password/port, then return.
    if (cannot_have_username_password_port())
        return;
    // 2. Set the username given this's URL and the given value: set url's username to the result of
    //    running UTF-8 percent-encode on username using the userinfo percent-encode set.
    username_ = utf8_percent_encode(value, PercentEncodeSet::Userinfo);
}

// https://url.spec.whatwg.org/#dom-url-password
void URL::set_password(std::string_view value)
{
    // 1. If this's URL cannot have a username/password/port, then return.
    if (cannot_have_username_password_port())
        return;
    // 2. Set the password given this's URL and the given value: set url's password to the result of
    //    running UTF-8 percent-encode on password using the userinfo percent-encode set.
    password_ = utf8_percent_encode(value, PercentEncodeSet::Userinfo);
}

// https://url.spec.whatwg.org/#dom-url-host
std::string URL::host_and_port() const
{
    // 1. Let url be this's URL. 2. If url's host is null, then return the empty string.
    if (!host_)
        return {};
    // 3. If url's port is null, return url's host, serialized.
    // 4. Return url's host, serialized, followed by U+003A (:) and url's port, serialized.
    if (!port_)
        return host_->serialized;
    return host_->serialized + ':' + std::to_string(*port_);
}

void URL::set_host(std::string_view value)
{
    // 1. If this's URL has an opaque path, then return.
    if (has_opaque_path())
        return;
    // 2. Basic URL parse the given value with this's URL as url and host state as state override.
    BasicURLParser::parse(value, nullptr, *this, BasicURLParser::State::Host);
}

// https://url.spec.whatwg.org/#dom-url-hostname
std::string URL::hostname() const
{
    // 1. If this's URL's host is null, then return the empty string.
    // 2. Return this's URL's host, serialized.
    return host_ ? host_->serialized : std::string();
}

void URL::set_hostname(std::string_view value)
{
    // 1. If this's URL has an opaque path, then return.
    if (has_opaque_path())
        return;
    // 2. Basic URL parse the given value with this's URL as url and hostname state as state override.
    BasicURLParser::parse(value, nullptr, *this, BasicURLParser::State::Hostname);
}

// https://url.spec.whatwg.org/#dom-url-port
std::string URL::port_string() const
{
    // 1. If this's URL's port is null, then return the empty string.
    // 2. Return this's URL's port, serialized.
    return port_ ? std::to_string(*port_) : std::string();
}

void URL::set_port(std::string_view value)
{
    // 1. If this's URL cannot have a username/password/port, then return.
    if (cannot_have_username_password_port())
        return;
    // 2. If the given value is the empty string, then set this's URL's port to null.
    if (value.empty())
        port_ = std::nullopt;
    // 3. Otherwise, basic URL parse the given value with this's URL as url and port state as state override.
    else
        BasicURLParser::parse(value, nullptr, *this, BasicURLParser::State::Port);
}

// https://url.spec.whatwg.org/#dom-url-pathname
void URL::set_pathname(std::string_view value)
{
    // 1. If this's URL has an opaque path, then return.
    if (has_opaque_path())
        return;
    // 2. Empty this's URL's path.
    path_.clear();
    // 3. Basic URL parse the given value with this's URL as url and path start state as state override.
    BasicURLParser::parse(value, nullptr, *this, BasicURLParser::State::PathStart);
}

// https://url.spec.whatwg.org/#potentially-strip-trailing-spaces-from-an-opaque-path
void URL::potentially_strip_trailing_spaces_from_an_opaque_path()
{
    // 1. If url does not have an opaque path, then return.
    // 2. If url's fragment is non-null, then return.
    // 3. If url's query is non-null, then return.
    if (!opaque_path_ || fragment_ || query_)
        return;
    // 4. Remove all trailing U+0020 SPACE code points from url's path.
    while (!opaque_path_->empty() && opaque_path_->back() == ' ')
        opaque_path_->pop_back();
}

// https://url.spec.whatwg.org/#dom-url-search
std::string URL::search() const
{
    // 1. If this's URL's query is either null or the empty string, then return the empty string.
    // 2. Return U+003F (?), followed by this's URL's query.
    return query_ && !query_->empty() ? '?' + *query_ : std::string();
}

void URL::set_search(std::string_view value)
{
    // 1. Let url be this's URL.
    // 2. If the given value is the empty string, then set url's query to null, empty this's query
    //    object's list, potentially strip trailing spaces from an opaque path with this, and return.
    if (value.empty()) {
        query_ = std::nullopt;
        potentially_strip_trailing_spaces_from_an_opaque_path();
        return;
    }
    // 3. Let input be the given value with a single leading U+003F (?) removed, if any.
    if (value.starts_with('?'))
        value.remove_prefix(1);
    // 4. Set url's query to the empty string.
    query_ = std::string();
    // 5. Basic URL parse input with url as url and query state as state override.
    BasicURLParser::parse(value, nullptr, *this, BasicURLParser::State::Query);
}

// https://url.spec.whatwg.org/#dom-url-hash
std::string URL::hash() const
{
    // 1. If this's URL's fragment is either null or the empty string, then return the empty string.
    // 2. Return U+0023 (#), followed by this's URL's fragment.
    return fragment_ && !fragment_->empty() ? '#' + *fragment_ : std::string();
}

void URL::set_hash(std::string_view value)
{
    // 1. If the given value is the empty string, then set this's URL's fragment to null, potentially
    //    strip trailing spaces from an opaque path with this, and return.
    if (value.empty()) {
        fragment_ = std::nullopt;
        potentially_strip_trailing_spaces_from_an_opaque_path();
        return;
    }
    // 2. Let input be the given value with a single leading U+0023 (#) removed, if any.
    if (value.starts_with('#'))
        value.remove_prefix(1);
    // 3. Set this's URL's fragment to the empty string.
    fragment_ = std::string();
    // 4. Basic URL parse input with this's URL as url and fragment state as state override.
    BasicURLParser::parse(value, nullptr, *this, BasicURLParser::State::Fragment);
}

// ---------------------------------------------------------------------------------------------
// Origin

Origin Origin::make_opaque()
{
    Origin origin;
    origin.opaque_id_ = next_opaque_origin_id.fetch_add(1, std::memory_order_relaxed);
    return origin;
}

Origin Origin::make_tuple(std::string scheme, std::string host_serialized, std::optional<uint16_t> port)
{
    Origin origin;
    origin.scheme_ = std::move(scheme);
    origin.host_ = std::move(host_serialized);
    origin.port_ = port;
    return origin;
}

bool Origin::is_same_origin(Origin const& other) const
{
    // 1. If A and B are the same opaque origin, then return true.
    if (is_opaque() || other.is_opaque())
        return opaque_id_ == other.opaque_id_;
    // 2. If A and B are both tuple origins and their schemes, hosts, and port are identical, then return true.
    // 3. Return false.
    return scheme_ == other.scheme_ && host_ == other.host_ && port_ == other.port_;
}

std::string Origin::serialize() const
{
    // 1. If origin is an opaque origin, then return "null".
    if (is_opaque())
        return "null";
    // 2. Otherwise, let result be origin's scheme.
    // 3. Append "://" to result.
    // 4. Append origin's host, serialized, to result.
    std::string result = scheme_ + "://" + host_;
    // 5. If origin's port is non-null, append a U+003A COLON character (:), and origin's port, serialized, to result.
    if (port_)
        result += ':' + std::to_string(*port_);
    // 6. Return result.
    return result;
}

// ---------------------------------------------------------------------------------------------
// application/x-www-form-urlencoded (https://url.spec.whatwg.org/#application/x-www-form-urlencoded)

std::vector<std::pair<std::string, std::string>> urlencoded_parse(std::string_view input)
{
    // 2. Let output be an initially empty list of name-value tuples where both name and value hold a string.
    std::vector<std::pair<std::string, std::string>> output;
    auto const decode = [](std::string_view bytes) {
        // 4. Replace any 0x2B (+) in name and value with 0x20 (SP).
        std::string replaced(bytes);
        std::replace(replaced.begin(), replaced.end(), '+', ' ');
        // 5. Let nameString and valueString be the result of running UTF-8 decode without BOM on the
        //    percent-decoding of name and value, respectively.
        std::string const decoded = percent_decode(replaced);
        std::string storage;
        return std::string(as_scalar_values(decoded, storage));
    };
    // 1. Let sequences be the result of splitting input on 0x26 (&).
    // 3. For each byte sequence bytes in sequences:
    for (std::string_view bytes : strictly_split(input, '&')) {
        // 1. If bytes is the empty byte sequence, then continue.
        if (bytes.empty())
            continue;
        // 2. If bytes contains a 0x3D (=), then let name be the bytes from the start of bytes up to but
        //    excluding its first 0x3D (=), and let value be the bytes, if any, after the first 0x3D (=)
        //    up to the end of bytes.
        // 3. Otherwise, let name have the value of bytes and let value be the empty byte sequence.
        size_t const equals = bytes.find('=');
        std::string_view const name = bytes.substr(0, equals);
        std::string_view const value = equals == std::string_view::npos ? std::string_view() : bytes.substr(equals + 1);
        // 6. Append (nameString, valueString) to output.
        output.emplace_back(decode(name), decode(value));
    }
    // 4. Return output.
    return output;
}

std::string urlencoded_serialize(std::vector<std::pair<std::string, std::string>> const& tuples)
{
    // 1. Let encoding be UTF-8. 2. Let output be the empty string.
    std::string output;
    // 3. For each tuple of tuples:
    for (auto const& [name, value] : tuples) {
        // 4. If output is not the empty string, then append U+0026 (&) to output.
        if (!output.empty())
            output += '&';
        // 2. Let name be the result of running percent-encode after encoding with encoding, tuple's
        //    name, the application/x-www-form-urlencoded percent-encode set, and true.
        // 3. Let value be ... tuple's value ...
        // 5. Append name, followed by U+003D (=), followed by value, to output.
        output += utf8_percent_encode(name, PercentEncodeSet::ApplicationXWWWFormUrlencoded, true);
        output += '=';
        output += utf8_percent_encode(value, PercentEncodeSet::ApplicationXWWWFormUrlencoded, true);
    }
    // 4. Return output.
    return output;
}

bool is_localhost_name(std::string_view domain)
{
    if (domain.ends_with('.'))
        domain.remove_suffix(1);
    return domain == "localhost" || domain.ends_with(".localhost");
}

bool is_loopback_host(const Host& host)
{
    switch (host.kind) {
    case Host::Kind::Domain:
        return is_localhost_name(host.serialized);
    case Host::Kind::IPv4:
        return host.serialized.starts_with("127.");
    case Host::Kind::IPv6:
        return host.serialized == "[::1]";
    default:
        return false;
    }
}

} // namespace duknet::net
