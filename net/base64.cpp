#include "net/base64.h"

namespace duknet::net {

static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int alphabet_index(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

std::optional<std::string> forgiving_base64_decode(std::string_view input)
{
    // 1. Remove all ASCII whitespace from data.
    std::string data;
    data.reserve(input.size());
    for (char c : input) {
        if (c != '\t' && c != '\n' && c != '\f' && c != '\r' && c != ' ')
            data += c;
    }
    // 2. If data's code point length divides by 4 leaving no remainder, then: if data ends with
    //    one or two U+003D (=) code points, then remove them from data.
    if (data.size() % 4 == 0) {
        if (data.ends_with("=="))
            data.resize(data.size() - 2);
        else if (data.ends_with("="))
            data.resize(data.size() - 1);
    }
    // 3. If data's code point length divides by 4 leaving a remainder of 1, return failure.
    if (data.size() % 4 == 1)
        return std::nullopt;
    // 4. If data contains a code point that is not in the base64 alphabet, return failure.
    // 5-8. Decode, 6 bits at a time.
    std::string output;
    output.reserve(data.size() * 3 / 4);
    uint32_t buffer = 0;
    int bits = 0;
    for (char c : data) {
        int value = alphabet_index(c);
        if (value < 0)
            return std::nullopt;
        buffer = (buffer << 6) | uint32_t(value);
        bits += 6;
        if (bits == 24) {
            output += char(buffer >> 16);
            output += char((buffer >> 8) & 0xFF);
            output += char(buffer & 0xFF);
            buffer = 0;
            bits = 0;
        }
    }
    // 9. If buffer is not empty (12 or 18 bits), discard the extra bits and output what remains.
    if (bits == 12) {
        output += char(buffer >> 4);
    } else if (bits == 18) {
        output += char(buffer >> 10);
        output += char((buffer >> 2) & 0xFF);
    }
    return output;
}

std::string base64_encode(std::string_view bytes)
{
    std::string output;
    output.reserve((bytes.size() + 2) / 3 * 4);
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        uint32_t triple = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
        output += alphabet[triple >> 18];
        output += alphabet[(triple >> 12) & 63];
        output += alphabet[(triple >> 6) & 63];
        output += alphabet[triple & 63];
    }
    size_t rest = bytes.size() - i;
    if (rest > 0) {
        uint32_t triple = uint8_t(bytes[i]) << 16;
        if (rest == 2)
            triple |= uint8_t(bytes[i + 1]) << 8;
        output += alphabet[triple >> 18];
        output += alphabet[(triple >> 12) & 63];
        output += rest == 2 ? alphabet[(triple >> 6) & 63] : '=';
        output += '=';
    }
    return output;
}

} // namespace duknet::net
