// Reading one HTTP/1.1 response with Boost.Beast's parser, independent of the stream it comes
// from: the parser's limits, interim responses, the head as a ResponseHead, and the body in
// chunks, decoded from its Content-Encoding. The network thread drives it over a connection;
// the fuzzer drives the very same code over bytes in memory.
// Private to net/ (and the fuzzers). Thread: one thread at a time (the network thread).
#pragma once

#include "net/content_decoding.h"
#include "net/http.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>

namespace duknet::net {

class ResponseReading {
public:
    using Parser = boost::beast::http::response_parser<boost::beast::http::buffer_body>;
    // Browsers accept large response heads; Chromium's limit is 256 KiB, for the whole head (its
    // status line and every header, however many; Beast's own limit is per read).
    static constexpr uint32_t head_limit = 256 * 1024;
    // Each chunk is a message to the requesting thread, which wakes it: on a large body, chunks
    // of 256 KiB took a quarter less CPU than chunks of 64 KiB.
    static constexpr size_t chunk_size = 256 * 1024;
    // An encoded body is read in smaller pieces: all that one piece decodes to is delivered in
    // one go, pause or not, and a piece of zeros decodes to a thousand times its size.
    static constexpr size_t encoded_piece_size = 64 * 1024;

    // A body whose Content-Length is at least this is read whole into one BodyBlock (when the
    // request asks for it): up to this much, one copy of the body costs little.
    static constexpr uint64_t block_threshold = 1024 * 1024;
    // Larger bodies are read in chunks: that much memory in one piece is not to be counted on.
    static constexpr uint64_t max_block_length = uint64_t(1) << 30;

    // `block_headroom`: the request's HttpRequest::body_block_headroom.
    ResponseReading(bool head_request, std::optional<size_t> block_headroom);

    // The parser to read the head into, and then the body.
    Parser& parser() { return *m_parser; }

    // After each read of the head: `consumed` more bytes of it were parsed. The failure the
    // response is once the head outgrows head_limit.
    std::optional<NetworkFailure> count_head_bytes(size_t consumed);
    bool is_head_done() const { return m_parser->is_header_done(); }

    // After the head was read: the final response's head, or nullopt for an interim 1xx
    // response (the parser is then ready for the next head).
    std::optional<ResponseHead> take_head();

    // Before each body read: where it goes, a fresh chunk buffer or the next piece of the
    // block. Once the body's length is known (Content-Length, not chunked) and none of it waits
    // in `buffered` (the bytes read but not yet parsed), the returned span is where the next read
    // from the stream goes, straight from the socket: the parser has nothing left to frame, and
    // its copy was a fifth of the network thread's time on a large body. nullopt: the read goes
    // through the parser, which puts the body there.
    std::optional<std::span<uint8_t>> prepare_body_buffer(const boost::beast::flat_buffer& buffered);
    // After a read into the span prepare_body_buffer() returned.
    void count_direct_body_bytes(size_t received);
    // After each body read: hands what arrived to `deliver` (decoded, in pieces of at most
    // chunk_size; slices of the BodyBlock when the body is read into one, the last of which
    // holds the block's only reference here). nullopt, or the failure the body is (a corrupt
    // encoding).
    using Deliver = std::function<void(BodyChunk)>;
    std::optional<NetworkFailure> take_body(const Deliver& deliver);
    // The requester keeps no more of the body than it consumes (it streams it, or drops it):
    // from the next read on, the body comes in chunks of its own, and the block is let go once
    // the slices already sent are.
    void read_rest_in_chunks() { m_block_headroom.reset(); }
    // Once the body is done: the rest of a decoded body, or the failure it is (truncated).
    std::optional<NetworkFailure> finish(const Deliver& deliver);

    bool is_done() const { return m_direct_body_remaining ? *m_direct_body_remaining == 0 : m_parser->is_done(); }
    bool keep_alive() const { return m_parser->keep_alive(); }

private:
    void reset_parser();
    void allocate_block_if_wanted();
    std::span<uint8_t> next_piece(size_t size);

    bool m_head_request;
    // Reset once the requester wants no block (any more).
    std::optional<size_t> m_block_headroom;
    std::optional<Parser> m_parser;
    size_t m_head_bytes = 0;
    // Where the next read goes: into m_chunk, or into m_block at m_block_offset.
    Bytes m_chunk;
    std::shared_ptr<BodyBlock> m_block;
    size_t m_block_offset = 0;
    size_t m_piece_size = 0;
    // Set once the body is read past the parser: how much of it is still to come.
    std::optional<uint64_t> m_direct_body_remaining;
    size_t m_direct_received = 0;
    std::unique_ptr<ContentDecoder> m_decoder;
};

} // namespace duknet::net
