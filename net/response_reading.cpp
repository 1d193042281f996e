#include "net/response_reading.h"

#include <algorithm>

namespace duknet::net {

ResponseReading::ResponseReading(bool head_request, std::optional<size_t> block_headroom)
    : m_head_request(head_request)
    , m_block_headroom(block_headroom)
{
    reset_parser();
}

void ResponseReading::reset_parser()
{
    m_parser.emplace();
    m_head_bytes = 0;
    m_parser->header_limit(head_limit);
    m_parser->body_limit(boost::none);
    // https://httpwg.org/specs/rfc9112.html#message.body.length: no body after HEAD.
    if (m_head_request)
        m_parser->skip(true);
}

std::optional<NetworkFailure> ResponseReading::count_head_bytes(size_t consumed)
{
    m_head_bytes += consumed;
    if (m_head_bytes <= head_limit)
        return std::nullopt;
    return NetworkFailure { NetworkFailure::Kind::MalformedResponse, "response head larger than 256 KiB" };
}

std::optional<ResponseHead> ResponseReading::take_head()
{
    auto& message = m_parser->get();
    unsigned status = message.result_int();
    // Interim 1xx responses (other than 101) are skipped; the final one follows.
    if (status >= 100 && status < 200 && status != 101) {
        reset_parser();
        return std::nullopt;
    }
    ResponseHead head;
    head.status = status;
    head.status_text = std::string(message.reason());
    head.http_version = message.version();
    for (auto& field : message)
        head.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    // https://fetch.spec.whatwg.org/#handle-content-codings: an unsupported coding leaves the
    // body as it came.
    if (auto coding = first_header_value(head.headers, "Content-Encoding")) {
        auto decoder = make_content_decoder(*coding);
        if (decoder && *decoder)
            m_decoder = std::move(*decoder);
    }
    head.content_decoded = m_decoder != nullptr;
    allocate_block_if_wanted();
    return head;
}

void ResponseReading::allocate_block_if_wanted()
{
    // Only a body that arrives as it is, of a length known before any of it is read.
    if (!m_block_headroom || m_decoder || m_parser->is_done() || m_parser->chunked())
        return;
    auto length = m_parser->content_length();
    if (!length || *length < block_threshold || *length > max_block_length)
        return;
    // Without the memory, the body comes in chunks as any other.
    m_block = BodyBlock::allocate(*m_block_headroom, static_cast<size_t>(*length));
}

std::span<uint8_t> ResponseReading::next_piece(size_t size)
{
    m_piece_size = size;
    // (No read is in flight now: the block can go.)
    if (!m_block_headroom)
        m_block.reset();
    if (m_block)
        return { m_block->prepare_write(m_block_offset, size), size };
    m_chunk.resize(size);
    return m_chunk;
}

std::optional<std::span<uint8_t>> ResponseReading::prepare_body_buffer(const boost::beast::flat_buffer& buffered)
{
    if (!m_direct_body_remaining && buffered.size() == 0 && !m_parser->chunked()) {
        if (auto remaining = m_parser->content_length_remaining(); remaining && *remaining > 0)
            m_direct_body_remaining = *remaining;
    }
    // No bigger than what a Content-Length says is left: a small body needs no whole chunk.
    size_t size = m_decoder ? encoded_piece_size : chunk_size;
    if (m_direct_body_remaining)
        size = static_cast<size_t>(std::min<uint64_t>(size, *m_direct_body_remaining));
    else if (auto remaining = m_parser->content_length_remaining(); remaining && *remaining > 0)
        size = static_cast<size_t>(std::min<uint64_t>(size, *remaining));
    auto piece = next_piece(size);
    if (m_direct_body_remaining) {
        m_direct_received = 0;
        return piece;
    }
    auto& body = m_parser->get().body();
    body.data = piece.data();
    body.size = piece.size();
    body.more = true;
    return std::nullopt;
}

void ResponseReading::count_direct_body_bytes(size_t received)
{
    m_direct_received = received;
    *m_direct_body_remaining -= received;
}

std::optional<NetworkFailure> ResponseReading::take_body(const Deliver& deliver)
{
    size_t received = m_direct_body_remaining ? m_direct_received : m_piece_size - m_parser->get().body().size;
    if (received == 0)
        return std::nullopt;
    if (m_block) {
        size_t offset = std::exchange(m_block_offset, m_block_offset + received);
        std::shared_ptr<BodyBlock> block = m_block;
        // The last slice takes the block along: nothing here touches it again.
        if (m_block_offset == m_block->size())
            m_block.reset();
        deliver(BodyChunk(std::move(block), offset, received));
        return std::nullopt;
    }
    m_chunk.resize(received);
    if (!m_decoder) {
        deliver(std::move(m_chunk));
        m_chunk = {};
        return std::nullopt;
    }
    std::span<const uint8_t> input(m_chunk);
    for (;;) {
        Bytes decoded;
        auto status = m_decoder->decode(input, decoded, chunk_size);
        input = {};
        if (status == ContentDecoder::Status::error)
            return NetworkFailure { NetworkFailure::Kind::ContentDecoding, "corrupt encoded body" };
        if (!decoded.empty())
            deliver(std::move(decoded));
        if (status == ContentDecoder::Status::ok)
            return std::nullopt;
    }
}

std::optional<NetworkFailure> ResponseReading::finish(const Deliver& deliver)
{
    if (!m_decoder)
        return std::nullopt;
    for (;;) {
        Bytes decoded;
        auto status = m_decoder->finish(decoded, chunk_size);
        if (status == ContentDecoder::Status::error)
            return NetworkFailure { NetworkFailure::Kind::ContentDecoding, "truncated encoded body" };
        if (!decoded.empty())
            deliver(std::move(decoded));
        if (status == ContentDecoder::Status::ok)
            return std::nullopt;
    }
}

} // namespace duknet::net
