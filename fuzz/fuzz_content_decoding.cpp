// libFuzzer target: HTTP content decoding (net/content_decoding.h).
// The first byte picks the Content-Encoding, the second seeds max_output and the piece sizes; the
// rest is the body.
// Checked: nothing crashes; no call appends more than max_output bytes (the API's memory bound);
// and how the body is cut into pieces changes neither the decoded bytes nor whether it is valid.
#include "net/content_decoding.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>
#include <vector>

using duknet::net::ContentDecoder;

namespace {

constexpr std::string_view codings[] = {
    "gzip", "deflate", "br", "x-gzip", "gzip, br", "deflate, gzip", "br, deflate",
    "gzip, gzip", "identity, gzip", "GZIP , Deflate", "br, br, br",
};

// A decompression bomb can expand a small input enormously; stop comparing beyond this.
constexpr size_t output_cap = 256 * 1024;

struct Result {
    duknet::net::Bytes bytes;
    bool ok = false;
    bool capped = false; // stopped at output_cap: `ok` is then unknown
};

[[noreturn]] void fail(const char* what)
{
    fprintf(stderr, "%s\n", what);
    abort();
}

// Runs `call(input)`, then `call({})` while it says output_full (the API's contract: no new input
// until the output is drained), checking each call's output bound.
template<typename Call>
ContentDecoder::Status drain(Call call, std::span<const uint8_t> input, Result& result, size_t max_output)
{
    for (;;) {
        size_t const before = result.bytes.size();
        auto const status = call(input);
        if (result.bytes.size() - before > max_output)
            fail("a call appended more than max_output bytes");
        if (status != ContentDecoder::Status::output_full || result.bytes.size() >= output_cap)
            return status;
        input = {};
    }
}

// Decodes body cut into pieces whose sizes come from a small generator seeded by `seed`
// (seed 0: the whole body at once, with a large max_output).
Result decode(std::string_view coding, std::span<const uint8_t> body, uint32_t seed)
{
    Result result;
    auto decoder = duknet::net::make_content_decoder(coding);
    if (!decoder || !*decoder)
        fail("a supported coding made no decoder");
    size_t const max_output = seed ? size_t(1) << (seed % 13) : ContentDecoder::default_max_output; // 1 to 4096
    uint32_t state = seed;
    while (!body.empty() && result.bytes.size() < output_cap) {
        size_t piece = body.size();
        if (seed) {
            state = state * 1103515245 + 12345;
            piece = std::min<size_t>(body.size(), (state >> 16) % 64); // sometimes 0: an empty piece
        }
        auto const status = drain([&](auto in) { return (*decoder)->decode(in, result.bytes, max_output); }, body.first(piece), result, max_output);
        body = body.subspan(piece);
        if (status == ContentDecoder::Status::error)
            return result;
    }
    if (result.bytes.size() >= output_cap) {
        result.capped = true;
        return result;
    }
    auto const status = drain([&](auto) { return (*decoder)->finish(result.bytes, max_output); }, {}, result, max_output);
    result.capped = result.bytes.size() >= output_cap;
    result.ok = status == ContentDecoder::Status::ok;
    return result;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    std::string_view const coding = codings[data[0] % std::size(codings)];
    uint32_t const seed = 1 + data[1];
    std::span<const uint8_t> const body(data + 2, size - 2);

    Result const whole = decode(coding, body, 0);
    Result const pieces = decode(coding, body, seed);
    if (whole.capped || pieces.capped)
        return 0;
    if (whole.ok != pieces.ok)
        fail("validity depends on how the body is cut");
    if (whole.ok && whole.bytes != pieces.bytes)
        fail("decoded bytes depend on how the body is cut");
    return 0;
}
