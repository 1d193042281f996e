// Unit tests of net/content_decoding: bodies encoded here with zlib and brotli, decoded whole and
// a byte at a time, stacked, corrupt, truncated, empty, and a decompression bomb.
#include "net/content_decoding.h"

#include <brotli/encode.h>
#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

using duknet::net::ContentDecoder;
using duknet::net::make_content_decoder;
using Status = ContentDecoder::Status;
using duknet::net::Bytes;

namespace {

constexpr size_t whole = std::numeric_limits<size_t>::max();

Bytes bytes_of(std::string_view text)
{
    return Bytes(text.begin(), text.end());
}

Bytes concat(Bytes a, Bytes const& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// Some compressible text and some noise, long enough to span several deflate blocks.
Bytes sample_body()
{
    Bytes body;
    uint32_t noise = 12345;
    for (int line = 0; line < 2000; ++line) {
        Bytes const text = bytes_of("line " + std::to_string(line) + ": the quick brown fox jumps over the lazy dog ");
        body.insert(body.end(), text.begin(), text.end());
        for (int i = 0; i < 8; ++i) {
            noise = noise * 1103515245 + 12345;
            body.push_back(static_cast<uint8_t>(noise >> 24));
        }
    }
    return body;
}

// window_bits as for deflateInit2: 15 + 16 gzip, 15 zlib, -15 raw deflate.
Bytes zlib_encode(Bytes const& plain, int window_bits)
{
    z_stream stream {};
    REQUIRE(deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    Bytes encoded(deflateBound(&stream, plain.size()));
    stream.next_in = const_cast<Bytef*>(plain.data());
    stream.avail_in = static_cast<uInt>(plain.size());
    stream.next_out = encoded.data();
    stream.avail_out = static_cast<uInt>(encoded.size());
    REQUIRE(deflate(&stream, Z_FINISH) == Z_STREAM_END);
    encoded.resize(stream.total_out);
    deflateEnd(&stream);
    return encoded;
}

Bytes gzip(Bytes const& plain) { return zlib_encode(plain, 15 + 16); }
Bytes zlib(Bytes const& plain) { return zlib_encode(plain, 15); }
Bytes raw_deflate(Bytes const& plain) { return zlib_encode(plain, -15); }

Bytes brotli(Bytes const& plain)
{
    size_t size = std::max<size_t>(BrotliEncoderMaxCompressedSize(plain.size()), 16);
    Bytes encoded(size);
    REQUIRE(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, plain.size(), plain.data(), &size, encoded.data()));
    encoded.resize(size);
    return encoded;
}

struct Decoded {
    Status status = Status::ok;
    Bytes body;
    size_t largest_call = 0; // The most bytes one call appended.
};

// Decodes `encoded`, fed `chunk` bytes at a time, as the network thread would: it drains pending
// output before feeding more.
Decoded decode_all(std::string_view coding, Bytes const& encoded, size_t chunk, size_t max_output = ContentDecoder::default_max_output)
{
    auto made = make_content_decoder(coding);
    REQUIRE(made.has_value());
    REQUIRE(*made != nullptr);
    ContentDecoder& decoder = **made;
    Decoded result;
    auto call = [&](auto&& step) {
        size_t const before = result.body.size();
        result.status = step();
        result.largest_call = std::max(result.largest_call, result.body.size() - before);
    };
    for (size_t offset = 0; offset < encoded.size() && result.status != Status::error; offset += std::min(chunk, encoded.size() - offset)) {
        auto const piece = std::span(encoded).subspan(offset, std::min(chunk, encoded.size() - offset));
        call([&] { return decoder.decode(piece, result.body, max_output); });
        while (result.status == Status::output_full)
            call([&] { return decoder.decode({}, result.body, max_output); });
    }
    if (result.status == Status::error)
        return result;
    do
        call([&] { return decoder.finish(result.body, max_output); });
    while (result.status == Status::output_full);
    return result;
}

struct Case {
    std::string_view coding;
    Bytes (*encode)(Bytes const&);
};
Case const single_codings[] = {
    { "gzip", gzip },
    { "x-gzip", gzip },
    { "deflate", zlib },
    { "deflate", raw_deflate },
    { "br", brotli },
};

} // namespace

TEST_CASE("each coding round-trips, whole and a byte at a time")
{
    Bytes const plain = sample_body();
    for (auto const& [coding, encode] : single_codings) {
        Bytes const encoded = encode(plain);
        for (size_t chunk : { whole, size_t(1) }) {
            CAPTURE(coding);
            CAPTURE(chunk);
            Decoded const decoded = decode_all(coding, encoded, chunk);
            CHECK(decoded.status == Status::ok);
            CHECK(decoded.body == plain);
        }
    }
}

TEST_CASE("stacked codings are undone in reverse order of listing")
{
    Bytes const plain = sample_body();
    for (size_t chunk : { whole, size_t(1) }) {
        CAPTURE(chunk);
        Decoded decoded = decode_all("gzip, br", brotli(gzip(plain)), chunk);
        CHECK(decoded.status == Status::ok);
        CHECK(decoded.body == plain);

        decoded = decode_all("deflate, gzip", gzip(raw_deflate(plain)), chunk, 1000);
        CHECK(decoded.status == Status::ok);
        CHECK(decoded.body == plain);
    }
    CHECK(decode_all("br, gzip", brotli(gzip(plain)), whole).status == Status::error);
}

TEST_CASE("Content-Encoding parsing: case, whitespace, empty items, identity")
{
    Bytes const plain = bytes_of("Hello, content codings");
    Decoded const decoded = decode_all("  GZip ,, \t bR\t", brotli(gzip(plain)), whole);
    CHECK(decoded.status == Status::ok);
    CHECK(decoded.body == plain);
    CHECK(decode_all("IDENTITY, deflate, identity", zlib(plain), whole).body == plain);

    for (std::string_view nothing : { "", " ", "identity", " Identity , ,identity " }) {
        CAPTURE(nothing);
        auto const made = make_content_decoder(nothing);
        REQUIRE(made.has_value());
        CHECK(*made == nullptr);
    }

    // max_content_codings stacked codings decode; one more is unsupported.
    Bytes encoded = plain;
    std::string coding = "gzip";
    for (size_t i = 1; i < duknet::net::max_content_codings; ++i)
        coding += ", gzip";
    for (size_t i = 0; i < duknet::net::max_content_codings; ++i)
        encoded = gzip(encoded);
    CHECK(decode_all(coding, encoded, whole).body == plain);
    CHECK_FALSE(make_content_decoder(coding + ", gzip").has_value());
}

TEST_CASE("unknown codings are unsupported, so that the caller passes the body through")
{
    for (std::string_view unknown : { "compress", "x-compress", "zstd", "x-deflate", "gzip, bogus", "bogus, br", "gzip;q=1", "g zip" }) {
        CAPTURE(unknown);
        CHECK_FALSE(make_content_decoder(unknown).has_value());
    }
}

TEST_CASE("corrupt input is an error, and the decoder stays failed")
{
    Bytes const plain = sample_body();
    Bytes bad_crc = gzip(plain);
    bad_crc[bad_crc.size() - 8] ^= 1; // The CRC-32 in the gzip trailer.
    Bytes bad_adler = zlib(plain);
    bad_adler.back() ^= 1;
    Bytes bad_brotli = brotli(plain);
    bad_brotli[bad_brotli.size() / 2] ^= 0xff;

    struct Corrupt {
        std::string_view coding;
        Bytes encoded;
    };
    Corrupt const corrupt[] = {
        { "gzip", bytes_of("this is not gzip") },
        { "gzip", bad_crc },
        { "deflate", bad_adler },
        { "deflate", bytes_of("\xff\xff not deflate either") },
        { "br", bad_brotli },
        { "gzip, br", brotli(bytes_of("plain text inside brotli")) },
    };
    for (auto const& [coding, encoded] : corrupt) {
        for (size_t chunk : { whole, size_t(1) }) {
            CAPTURE(coding);
            CAPTURE(chunk);
            CHECK(decode_all(coding, encoded, chunk).status == Status::error);
        }
    }

    auto made = make_content_decoder("gzip");
    ContentDecoder& decoder = **made;
    Bytes out;
    CHECK(decoder.decode(bytes_of("junk"), out) == Status::error);
    Bytes const good = gzip(plain);
    CHECK(decoder.decode(good, out) == Status::error);
    CHECK(decoder.finish(out) == Status::error);
    CHECK(out.empty());
}

TEST_CASE("a truncated body fails at finish()")
{
    Bytes const plain = sample_body();
    for (auto const& [coding, encode] : single_codings) {
        Bytes const encoded = encode(plain);
        for (size_t cut : { size_t(1), encoded.size() / 2, encoded.size() - 1 }) {
            CAPTURE(coding);
            CAPTURE(cut);
            auto made = make_content_decoder(coding);
            ContentDecoder& decoder = **made;
            Bytes out;
            Status const status = decoder.decode(std::span(encoded).first(cut), out, plain.size() + 1);
            CHECK(status == Status::ok);
            CHECK(std::equal(out.begin(), out.end(), plain.begin()));
            CHECK(decoder.finish(out) == Status::error);
        }
    }
    Bytes const stacked = brotli(gzip(plain));
    CHECK(decode_all("gzip, br", Bytes(stacked.begin(), stacked.end() - 1), whole).status == Status::error);
    Bytes const inner_cut = gzip(plain);
    CHECK(decode_all("gzip, br", brotli(Bytes(inner_cut.begin(), inner_cut.end() - 1)), whole).status == Status::error);
}

TEST_CASE("empty bodies")
{
    for (auto const& [coding, encode] : single_codings) {
        CAPTURE(coding);
        Decoded decoded = decode_all(coding, encode({}), whole);
        CHECK(decoded.status == Status::ok);
        CHECK(decoded.body.empty());
        // Zero bytes labelled with a coding: an empty body, as in Chromium.
        decoded = decode_all(coding, {}, whole);
        CHECK(decoded.status == Status::ok);
        CHECK(decoded.body.empty());
    }
    CHECK(decode_all("gzip, br", {}, whole).status == Status::ok);
    Decoded const nested = decode_all("gzip, br", brotli({}), whole);
    CHECK(nested.status == Status::ok);
    CHECK(nested.body.empty());
}

TEST_CASE("bytes after the end of the stream are ignored, further gzip members included")
{
    Bytes const plain = sample_body();
    Bytes const garbage = bytes_of("\r\ntrailing garbage");
    for (auto const& [coding, encode] : single_codings) {
        for (size_t chunk : { whole, size_t(1) }) {
            CAPTURE(coding);
            CAPTURE(chunk);
            Decoded const decoded = decode_all(coding, concat(encode(plain), garbage), chunk);
            CHECK(decoded.status == Status::ok);
            CHECK(decoded.body == plain);
        }
    }
    Decoded const members = decode_all("gzip", concat(gzip(bytes_of("first member")), gzip(bytes_of("second member"))), whole);
    CHECK(members.status == Status::ok);
    CHECK(members.body == bytes_of("first member"));
}

TEST_CASE("a decompression bomb comes out in bounded pieces")
{
    Bytes const plain(10 * 1024 * 1024, 'a');
    Bytes const encoded = gzip(plain);
    REQUIRE(encoded.size() < 20 * 1024);

    auto made = make_content_decoder("gzip");
    ContentDecoder& decoder = **made;
    Bytes out;
    CHECK(decoder.decode(encoded, out, 4096) == Status::output_full);
    CHECK(out.size() == 4096);

    for (size_t max_output : { size_t(4096), ContentDecoder::default_max_output }) {
        CAPTURE(max_output);
        Decoded decoded = decode_all("gzip", encoded, whole, max_output);
        CHECK(decoded.status == Status::ok);
        CHECK(decoded.largest_call == max_output);
        CHECK(decoded.body == plain);

        decoded = decode_all("gzip, br", brotli(encoded), whole, max_output);
        CHECK(decoded.status == Status::ok);
        CHECK(decoded.largest_call == max_output);
        CHECK(decoded.body == plain);
    }
}

TEST_CASE("input fed while output is pending is kept")
{
    Bytes const plain = sample_body();
    Bytes const encoded = gzip(plain);
    auto made = make_content_decoder("gzip");
    ContentDecoder& decoder = **made;
    Bytes out;
    size_t const half = encoded.size() / 2;
    CHECK(decoder.decode(std::span(encoded).first(half), out, 100) == Status::output_full);
    CHECK(decoder.decode(std::span(encoded).subspan(half), out, 100) == Status::output_full);
    Status status;
    while ((status = decoder.finish(out, 100)) == Status::output_full) { }
    CHECK(status == Status::ok);
    CHECK(out == plain);
}

// Found by fuzz_content_decoding: once the inner stream of a stacked coding ended, the outer one
// was no longer decoded, so its truncation and corruption went unnoticed (or depended on how the
// body was cut into pieces).
TEST_CASE("stacked codings still check the outer coding after the inner stream ends")
{
    Bytes const outer = gzip(gzip(sample_body()));
    SUBCASE("the outer trailer cut off fails finish()")
    {
        auto cut = outer;
        cut.resize(cut.size() - 8);
        for (size_t piece : { size_t(1), size_t(64), cut.size() }) {
            auto decoder = std::move(*make_content_decoder("gzip, gzip"));
            Bytes out;
            for (size_t offset = 0; offset < cut.size(); offset += piece)
                decoder->decode(std::span(cut).subspan(offset, std::min(piece, cut.size() - offset)), out, 1 << 20);
            CHECK(decoder->finish(out, 1 << 20) == ContentDecoder::Status::error);
        }
    }
    SUBCASE("a corrupt outer CRC is an error however the body is cut")
    {
        auto corrupt = outer;
        corrupt[corrupt.size() - 8] ^= 0xff;
        for (size_t piece : { size_t(1), size_t(64), corrupt.size() }) {
            auto decoder = std::move(*make_content_decoder("gzip, gzip"));
            Bytes out;
            Status status = Status::ok;
            for (size_t offset = 0; offset < corrupt.size() && status != Status::error; offset += piece)
                status = decoder->decode(std::span(corrupt).subspan(offset, std::min(piece, corrupt.size() - offset)), out, 1 << 20);
            if (status != Status::error)
                status = decoder->finish(out, 1 << 20);
            CHECK(status == Status::error);
        }
    }
}
