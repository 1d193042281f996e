// libFuzzer target: the Encoding Standard's decoders (net/encoding.h).
// The first byte picks the encoding and BOM handling, the second seeds the piece sizes; the rest
// is decoded whole and in streamed pieces, in replacement and in fatal mode.
// Checked, as the standard guarantees: streaming does not change the result (in either mode); the
// output is UTF-8 of scalar values; fatal mode fails only on an error, which replacement mode
// shows as U+FFFD, and otherwise gives replacement mode's text.
#include "net/encoding.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

using namespace duknet::net;

namespace {

constexpr auto last_id = static_cast<uint8_t>(Encoding::Id::XUserDefined);

[[noreturn]] void fail(const char* what, const Encoding& encoding)
{
    fprintf(stderr, "%s (%.*s)\n", what, static_cast<int>(encoding.name().size()), encoding.name().data());
    abort();
}

// Well-formed UTF-8: shortest forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view s)
{
    for (size_t i = 0; i < s.size();) {
        auto const b = static_cast<uint8_t>(s[i]);
        size_t const length = b < 0x80 ? 1 : b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
        if (length == 0 || i + length > s.size())
            return false;
        char32_t c = length == 1 ? b : b & (0xFF >> (length + 1));
        for (size_t k = 1; k < length; ++k) {
            auto const t = static_cast<uint8_t>(s[i + k]);
            if ((t & 0xC0) != 0x80)
                return false;
            c = (c << 6) | (t & 0x3F);
        }
        if ((length == 3 && c < 0x800) || (length == 4 && (c < 0x10000 || c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
            return false;
        i += length;
    }
    return true;
}

// Decodes bytes with stream = true in pieces whose sizes come from `seed` (some empty), then
// flushes with an empty call; nullopt as soon as a call fails.
std::optional<std::string> decode_streamed(Decoder decoder, std::string_view bytes, uint32_t seed)
{
    std::string text;
    uint32_t state = seed;
    while (!bytes.empty()) {
        state = state * 1103515245 + 12345;
        size_t const piece = std::min<size_t>(bytes.size(), (state >> 16) % 8);
        auto const part = decoder.decode(bytes.substr(0, piece), true);
        if (!part)
            return std::nullopt;
        text += *part;
        bytes.remove_prefix(piece);
    }
    auto const last = decoder.decode({}, false);
    if (!last)
        return std::nullopt;
    return text + *last;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    Encoding const encoding(static_cast<Encoding::Id>(data[0] % (last_id + 1)));
    bool const ignore_bom = data[0] / (last_id + 1) % 2;
    uint32_t const seed = data[1];
    std::string_view const bytes(reinterpret_cast<const char*>(data + 2), size - 2);

    auto const replaced = encoding.new_decoder(ErrorMode::Replacement, ignore_bom).decode(bytes);
    if (!replaced)
        fail("replacement mode failed", encoding);
    if (!is_valid_utf8(*replaced))
        fail("output is not UTF-8", encoding);
    if (decode_streamed(encoding.new_decoder(ErrorMode::Replacement, ignore_bom), bytes, seed) != replaced)
        fail("streamed replacement-mode text differs from the whole", encoding);

    auto const fatal = encoding.new_decoder(ErrorMode::Fatal, ignore_bom).decode(bytes);
    if (decode_streamed(encoding.new_decoder(ErrorMode::Fatal, ignore_bom), bytes, seed) != fatal)
        fail("streamed fatal-mode result differs from the whole", encoding);
    if (fatal && fatal != replaced)
        fail("fatal mode succeeded with other text than replacement mode", encoding);
    if (!fatal && replaced->find("\xEF\xBF\xBD") == std::string::npos)
        fail("fatal mode failed where replacement mode shows no error", encoding);

    // A decoder is reusable: after a flush, the next decode starts afresh.
    auto decoder = encoding.new_decoder(ErrorMode::Replacement, ignore_bom);
    (void)decoder.decode(bytes.substr(0, bytes.size() / 2), true);
    (void)decoder.decode({}, false);
    if (decoder.decode(bytes) != replaced)
        fail("a flushed decoder does not start afresh", encoding);
    return 0;
}
