// Response bytes through the network thread's HTTP/1.1 reading (net/response_reading.h): the
// parser's limits, interim responses, chunked / Content-Length / read-to-close bodies (a
// Content-Length body read past the parser once nothing of it is buffered, a large one into one
// BodyBlock), and content decoding, over an in-memory stream that hands the bytes out in pieces
// of varying sizes (as a socket would).
#include "net/response_reading.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;

// A SyncReadStream over fixed bytes: each read returns at most the next piece size, and the
// end of the bytes is the end of the stream.
class MemoryStream {
public:
    MemoryStream(std::string_view bytes, uint8_t piece_seed)
        : m_bytes(bytes)
        , m_piece_seed(piece_seed)
    {
    }

    template<typename Buffers>
    size_t read_some(const Buffers& buffers, boost::system::error_code& ec)
    {
        if (m_bytes.empty()) {
            ec = asio::error::eof;
            return 0;
        }
        ec = {};
        size_t piece = 1 + (m_piece_seed = uint8_t(m_piece_seed * 31 + 7)) % 64;
        if (m_piece_seed & 1)
            piece *= 97; // now and then a large read
        size_t copied = asio::buffer_copy(buffers, asio::buffer(m_bytes.data(), std::min(piece, m_bytes.size())));
        m_bytes.remove_prefix(copied);
        return copied;
    }
    template<typename Buffers>
    size_t read_some(const Buffers& buffers)
    {
        boost::system::error_code ec;
        size_t n = read_some(buffers, ec);
        if (ec)
            throw boost::system::system_error(ec);
        return n;
    }

private:
    std::string_view m_bytes;
    uint8_t m_piece_seed;
};

}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 1)
        return 0;
    // The first byte: a HEAD request or not, a body read into one block or not (when its
    // Content-Length is large enough), and how the stream cuts the bytes.
    bool head_request = data[0] & 0x80;
    auto block_headroom = (data[0] & 0x40) ? std::optional<size_t>(48) : std::nullopt;
    MemoryStream stream({ reinterpret_cast<const char*>(data + 1), size - 1 }, data[0]);
    boost::beast::flat_buffer buffer;
    duknet::net::ResponseReading reading(head_request, block_headroom);
    size_t delivered = 0;
    auto deliver = [&](duknet::net::BodyChunk chunk) {
        // Each delivery is bounded, however well the body compresses.
        if (chunk.size() > duknet::net::ResponseReading::chunk_size)
            __builtin_trap();
        // Slices of a block follow each other, within it.
        if (chunk.block() && (chunk.offset() != delivered || chunk.offset() + chunk.size() > chunk.block()->size()))
            __builtin_trap();
        delivered += chunk.size();
    };
    boost::system::error_code ec;
    // The head, a piece at a time as the network thread reads it (interim responses repeat this).
    for (;;) {
        size_t consumed = http::read_some(stream, buffer, reading.parser(), ec);
        if (ec || reading.count_head_bytes(consumed))
            return 0;
        if (reading.is_head_done() && reading.take_head())
            break;
    }
    while (!reading.is_done()) {
        if (auto direct = reading.prepare_body_buffer(buffer)) {
            reading.count_direct_body_bytes(stream.read_some(asio::buffer(direct->data(), direct->size()), ec));
        } else {
            http::read_some(stream, buffer, reading.parser(), ec);
            if (ec == http::error::need_buffer)
                ec = {};
        }
        if (reading.take_body(deliver) || ec)
            return 0;
    }
    reading.finish(deliver);
    return 0;
}
