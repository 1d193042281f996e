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

    explicit ResponseReading(bool head_request);

    // The parser to read the head into, and then the body.
    Parser& parser() { return *m_parser; }

    // After each read of the head: `consumed` more bytes of it were parsed. The failure the
    // response is once the head outgrows head_limit.
    std::optional<NetworkFailure> count_head_bytes(size_t consumed);
    bool is_head_done() const { return m_parser->is_header_done(); }

    // After the head was read: the final response's head, or nullopt for an interim 1xx
    // response (the parser is then ready for the next head).
    std::optional<ResponseHead> take_head();

    // Before each body read: a fresh chunk buffer. Once the body's length is known
    // (Content-Length, not chunked) and none of it waits in `buffered` (the bytes read but not
    // yet parsed), the returned span is where the next read from the stream goes, straight from
    // the socket: the parser has nothing left to frame, and its copy was a fifth of the network
    // thread's time on a large body. nullopt: the read goes through the parser, which puts the
    // body into the chunk.
    std::optional<std::span<uint8_t>> prepare_body_buffer(const boost::beast::flat_buffer& buffered);
    // After a read into the span prepare_body_buffer() returned.
    void count_direct_body_bytes(size_t received);
    // After each body read: hands what arrived to `deliver` (decoded, in pieces of at most
    // chunk_size). nullopt, or the failure the body is (a corrupt encoding).
    using Deliver = std::function<void(Bytes)>;
    std::optional<NetworkFailure> take_body(const Deliver& deliver);
    // Once the body is done: the rest of a decoded body, or the failure it is (truncated).
    std::optional<NetworkFailure> finish(const Deliver& deliver);

    bool is_done() const { return m_direct_body_remaining ? *m_direct_body_remaining == 0 : m_parser->is_done(); }
    bool keep_alive() const { return m_parser->keep_alive(); }

private:
    void reset_parser();

    bool m_head_request;
    std::optional<Parser> m_parser;
    size_t m_head_bytes = 0;
    Bytes m_chunk;
    // Set once the body is read past the parser: how much of it is still to come.
    std::optional<uint64_t> m_direct_body_remaining;
    size_t m_direct_received = 0;
    std::unique_ptr<ContentDecoder> m_decoder;
};

} // namespace duknet::net
