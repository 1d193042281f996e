// Thread: a ContentDecoder is used by one thread at a time (the network thread).
//
// HTTP content codings (https://httpwg.org/specs/rfc9110.html#field.content-encoding) decoded as
// a stream: gzip / x-gzip, deflate (zlib-wrapped, or raw as servers sometimes send it) and br,
// stacked in any order. Choices, following browsers:
// - A Content-Encoding naming a coding this file cannot decode makes the whole list unsupported:
//   Chromium then passes the body through undecoded, and so does Fetch's "handle content codings"
//   (https://fetch.spec.whatwg.org/#handle-content-codings). Firefox skips just the unknown item.
//   More than max_content_codings codings also count as unsupported: each one holds a
//   decompressor's window, and no server stacks that many.
// - "identity" items and empty items are skipped (as Firefox; Chromium passes the whole body
//   through on "identity"), so "identity" alone or an empty value means nothing to decode.
// - Bytes after the end of a coded stream are ignored, as in Chromium and Firefox; for gzip that
//   includes any further gzip member, which both browsers drop too.
// - Stricter than browsers: a gzip trailer with a wrong CRC-32 or length is corrupt (neither
//   Chromium nor Firefox checks it), and a body cut off before the end of any stream, gzip
//   trailer included, fails finish() (Chromium never checks; Firefox fails gzip cut off in the
//   deflate data). The caller may still keep what was decoded.
// - A body of zero bytes is an empty body whatever the coding, as Chromium treats it (servers
//   label empty responses "gzip").
// - deflate: a body starting with a valid zlib header (RFC 1950 CMF/FLG check) is zlib-wrapped,
//   anything else raw deflate. Browsers accept both too (they retry as raw when zlib fails).
#pragma once

#include "net/bytes.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace duknet::net {

class ContentDecoder;

inline constexpr size_t max_content_codings = 5;

// Parses a Content-Encoding value (comma-separated, case-insensitive, whitespace around items).
// nullopt: a coding is unsupported (see above; the caller decides, browsers use the raw body).
// A null pointer: nothing to decode (no coding, or only "identity").
// Otherwise a decoder that undoes the codings in reverse order of listing.
std::optional<std::unique_ptr<ContentDecoder>> make_content_decoder(std::string_view content_encoding);

// Decodes one response body. Memory stays bounded however well the body compresses: each call
// appends at most max_output bytes to `out`, and whatever is still pending waits inside the
// decoder (as encoded input, plus at most one small buffer per stacked coding) until the caller
// asks for more. So the network thread can stop reading the socket while its consumer is slow,
// and call decode({}, out) again when it wants more output.
class ContentDecoder {
public:
    enum class Status {
        ok,          // decode(): all the input so far is decoded; finish(): the body is complete.
        output_full, // max_output bytes were appended and more may be pending: call again with no
                     // new input (decode({}, out) or finish(out)) before feeding more.
        error,       // Corrupt input, or from finish() a truncated body. The decoder is then unusable.
    };
    static constexpr size_t default_max_output = 64 * 1024;

    ContentDecoder(ContentDecoder const&) = delete;
    ContentDecoder& operator=(ContentDecoder const&) = delete;
    ~ContentDecoder();

    // Takes all of `in` (the next encoded bytes of the body) and appends up to max_output (> 0)
    // decoded bytes to `out`. Input fed while output is pending is kept, not lost, but then the
    // encoded backlog is the caller's to bound.
    Status decode(std::span<const uint8_t> in, Bytes& out, size_t max_output = default_max_output);
    // At the end of the encoded body: appends up to max_output pending bytes, and once none are
    // left says whether the body was complete.
    Status finish(Bytes& out, size_t max_output = default_max_output);

private:
    struct Stage; // One coding's decompressor and its pending input.

    explicit ContentDecoder(std::vector<std::unique_ptr<Stage>>);
    friend std::optional<std::unique_ptr<ContentDecoder>> make_content_decoder(std::string_view);

    Status drain(Bytes& out, size_t max_output);
    void discard_after_ended_stages();
    size_t pull(size_t stage, std::span<uint8_t> out);
    bool refill(size_t stage);
    bool complete(size_t stage) const;

    // stages_[0] decodes the bytes from the network (the last coding listed); the last stage's
    // output is the decoded body.
    std::vector<std::unique_ptr<Stage>> stages_;
    bool failed_ = false;
};

} // namespace duknet::net
