#include "net/content_decoding.h"

#include <array>

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <cassert>
#include <climits>
#include <cstddef>
#include <new>

namespace duknet::net {

namespace {

// `out` grows by this much at a time, so that a call which decodes little does not zero-fill
// max_output bytes.
constexpr size_t output_step = 4096;

// How much one stacked stage asks of the stage before it at a time: the bound on each
// intermediate buffer.
constexpr size_t stage_buffer_size = 32 * 1024;

// One coding's streaming decompressor.
class Codec {
public:
    enum class Step {
        more,  // Decoded what it could; it needs more input or more output space.
        end,   // The coded stream is complete; further input is ignored.
        error, // Corrupt input.
    };
    virtual ~Codec() = default;
    // Decodes from the front of `in` into the front of `out`, and drops what it used from both.
    virtual Step run(std::span<const uint8_t>& in, std::span<uint8_t>& out) = 0;
};

class ZlibCodec final : public Codec {
public:
    enum class Format { gzip, zlib_or_raw_deflate };
    explicit ZlibCodec(Format format)
        : format_(format)
    {
    }
    ~ZlibCodec() override
    {
        if (initialized_)
            inflateEnd(&stream_);
    }

    Step run(std::span<const uint8_t>& in, std::span<uint8_t>& out) override
    {
        if (!initialized_) {
            // deflate's wrapper is chosen from its first two bytes, so wait for them.
            if (format_ == Format::zlib_or_raw_deflate && in.size() < 2)
                return Step::more;
            int const window_bits = format_ == Format::gzip ? 15 + 16 : has_zlib_header(in[0], in[1]) ? 15 : -15;
            if (inflateInit2(&stream_, window_bits) != Z_OK)
                return Step::error;
            initialized_ = true;
        }
        // zlib counts in uInt; the rest is left for the next call.
        uInt const in_size = static_cast<uInt>(std::min<size_t>(in.size(), UINT_MAX));
        uInt const out_size = static_cast<uInt>(std::min<size_t>(out.size(), UINT_MAX));
        stream_.next_in = const_cast<Bytef*>(in.data()); // zlib does not write through next_in.
        stream_.avail_in = in_size;
        stream_.next_out = out.data();
        stream_.avail_out = out_size;
        int const result = inflate(&stream_, Z_NO_FLUSH);
        in = in.subspan(in_size - stream_.avail_in);
        out = out.subspan(out_size - stream_.avail_out);
        switch (result) {
        case Z_OK:
        case Z_BUF_ERROR: // No progress possible without more input: not an error in itself.
            return Step::more;
        case Z_STREAM_END:
            return Step::end;
        default: // Z_DATA_ERROR, Z_NEED_DICT (no dictionary exists in HTTP), Z_MEM_ERROR
            return Step::error;
        }
    }

private:
    // RFC 1950 section 2.2: method 8 (deflate), window at most 32K, FCHECK makes CMF.FLG a multiple of 31.
    static bool has_zlib_header(uint8_t cmf, uint8_t flg)
    {
        return (cmf & 0x0f) == 8 && (cmf >> 4) <= 7 && (cmf * 256 + flg) % 31 == 0;
    }

    Format format_;
    bool initialized_ = false;
    z_stream stream_ {};
};

class BrotliCodec final : public Codec {
public:
    BrotliCodec()
        : state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr))
    {
        if (!state_)
            throw std::bad_alloc();
    }

    Step run(std::span<const uint8_t>& in, std::span<uint8_t>& out) override
    {
        size_t in_left = in.size();
        uint8_t const* next_in = in.data();
        size_t out_left = out.size();
        uint8_t* next_out = out.data();
        BrotliDecoderResult const result = BrotliDecoderDecompressStream(state_.get(), &in_left, &next_in, &out_left, &next_out, nullptr);
        in = in.last(in_left);
        out = out.last(out_left);
        switch (result) {
        case BROTLI_DECODER_RESULT_SUCCESS:
            return Step::end;
        case BROTLI_DECODER_RESULT_ERROR:
            return Step::error;
        default: // BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT, BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT
            return Step::more;
        }
    }

private:
    struct Destroy {
        void operator()(BrotliDecoderState* state) const { BrotliDecoderDestroyInstance(state); }
    };
    std::unique_ptr<BrotliDecoderState, Destroy> state_;
};

// Case-insensitive comparison with a lowercase name.
bool equals_lowercase(std::string_view s, std::string_view lowercase)
{
    return std::ranges::equal(s, lowercase, [](char c, char l) { return (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) == l; });
}

std::string_view trim_ows(std::string_view s)
{
    size_t const first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

} // namespace

struct ContentDecoder::Stage {
    explicit Stage(std::unique_ptr<Codec> c)
        : codec(std::move(c))
    {
    }

    std::span<const uint8_t> unread() const { return std::span(input).subspan(read); }
    // Drops the bytes already decoded, so that appending keeps the buffer small.
    void compact()
    {
        input.erase(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(read));
        read = 0;
    }

    std::unique_ptr<Codec> codec;
    // A plain vector: it grows by stage_buffer_size at every refill, which for Bytes would be an
    // element-by-element loop in an unoptimised build.
    std::vector<uint8_t> input;
    size_t read = 0;       // Bytes of `input` already decoded.
    bool received = false; // Some input has arrived (an empty input is an empty body).
    bool ended = false;    // The coded stream is complete.
};

std::optional<std::unique_ptr<ContentDecoder>> make_content_decoder(std::string_view content_encoding)
{
    std::vector<std::unique_ptr<ContentDecoder::Stage>> stages;
    while (!content_encoding.empty()) {
        size_t const comma = content_encoding.find(',');
        std::string_view const item = trim_ows(content_encoding.substr(0, comma));
        content_encoding = comma == std::string_view::npos ? std::string_view() : content_encoding.substr(comma + 1);

        std::unique_ptr<Codec> codec;
        if (equals_lowercase(item, "gzip") || equals_lowercase(item, "x-gzip"))
            codec = std::make_unique<ZlibCodec>(ZlibCodec::Format::gzip);
        else if (equals_lowercase(item, "deflate"))
            codec = std::make_unique<ZlibCodec>(ZlibCodec::Format::zlib_or_raw_deflate);
        else if (equals_lowercase(item, "br"))
            codec = std::make_unique<BrotliCodec>();
        else if (item.empty() || equals_lowercase(item, "identity"))
            continue;
        else
            return std::nullopt;
        if (stages.size() == max_content_codings)
            return std::nullopt;
        stages.push_back(std::make_unique<ContentDecoder::Stage>(std::move(codec)));
    }
    if (stages.empty())
        return std::unique_ptr<ContentDecoder>();
    // The last coding listed was applied last, so it is undone first.
    std::ranges::reverse(stages);
    return std::unique_ptr<ContentDecoder>(new ContentDecoder(std::move(stages)));
}

ContentDecoder::ContentDecoder(std::vector<std::unique_ptr<Stage>> stages)
    : stages_(std::move(stages))
{
    assert(!stages_.empty());
}

ContentDecoder::~ContentDecoder() = default;

ContentDecoder::Status ContentDecoder::decode(std::span<const uint8_t> in, Bytes& out, size_t max_output)
{
    Stage& first = *stages_.front();
    if (!failed_ && !first.ended && !in.empty()) {
        first.compact();
        first.input.insert(first.input.end(), in.begin(), in.end());
        first.received = true;
    }
    return drain(out, max_output);
}

ContentDecoder::Status ContentDecoder::finish(Bytes& out, size_t max_output)
{
    Status const status = drain(out, max_output);
    if (status == Status::ok && !complete(stages_.size() - 1)) {
        failed_ = true;
        return Status::error;
    }
    return status;
}

ContentDecoder::Status ContentDecoder::drain(Bytes& out, size_t max_output)
{
    assert(max_output > 0);
    if (failed_)
        return Status::error;
    size_t produced = 0;
    while (produced < max_output) {
        size_t const offset = out.size();
        size_t const step = std::min(max_output - produced, output_step);
        out.resize(offset + step);
        size_t const added = pull(stages_.size() - 1, std::span(out).subspan(offset));
        out.resize(offset + added);
        produced += added;
        if (added < step)
            break;
    }
    discard_after_ended_stages();
    if (failed_)
        return Status::error;
    return produced == max_output && !stages_.back()->ended ? Status::output_full : Status::ok;
}

// Once a stage's stream ended, what the stage before it still decodes is ignored, but it is
// decoded all the same: that stage's own corruption, trailer and truncation still count.
void ContentDecoder::discard_after_ended_stages()
{
    std::array<uint8_t, 4096> scratch;
    for (size_t index = stages_.size() - 1; index > 0 && !failed_; --index) {
        if (!stages_[index]->ended)
            continue;
        while (!failed_ && pull(index - 1, scratch) > 0) {
        }
    }
}

// Fills `out` from stage `index` as far as its input, refilled from the stage before it, allows.
size_t ContentDecoder::pull(size_t index, std::span<uint8_t> out)
{
    Stage& stage = *stages_[index];
    size_t produced = 0;
    while (produced < out.size() && !stage.ended && !failed_) {
        std::span<const uint8_t> in = stage.unread();
        std::span<uint8_t> space = out.subspan(produced);
        size_t const in_before = in.size();
        size_t const space_before = space.size();
        Codec::Step const step = stage.codec->run(in, space);
        stage.read += in_before - in.size();
        produced += space_before - space.size();
        if (step == Codec::Step::error) {
            failed_ = true;
        } else if (step == Codec::Step::end) {
            stage.ended = true;
            stage.input = {}; // What follows the end of the stream is ignored.
            stage.read = 0;
        } else if (in.size() == in_before && space.size() == space_before && !refill(index)) {
            break;
        }
    }
    return produced;
}

// Appends up to stage_buffer_size bytes decoded by the stage before `index` to its input; false
// if there were none.
bool ContentDecoder::refill(size_t index)
{
    if (index == 0)
        return false; // The first stage's input comes only from decode().
    Stage& stage = *stages_[index];
    stage.compact();
    size_t const old_size = stage.input.size();
    stage.input.resize(old_size + stage_buffer_size);
    size_t const added = pull(index - 1, std::span(stage.input).subspan(old_size));
    stage.input.resize(old_size + added);
    stage.received = stage.received || added > 0;
    return added > 0;
}

// A stage is complete when its stream ended, or it never got any input (an empty body), and the
// stage feeding it is complete too.
bool ContentDecoder::complete(size_t index) const
{
    Stage const& stage = *stages_[index];
    return (stage.ended || !stage.received) && (index == 0 || complete(index - 1));
}

} // namespace duknet::net
