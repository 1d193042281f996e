// The byte buffers that carry bodies from the network thread up: Bytes, and a body read whole
// into a BodyBlock, handed up in BodyChunk slices.
// Thread: Bytes and BodyChunk are values, usable on any thread; BodyBlock says below.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

namespace duknet::net {

// Growing a Bytes leaves the new bytes uninitialised instead of zeroing them: every buffer is
// grown to be written into (by a socket read, a decoder) and then cut to what was written, and
// zeroing a body's chunks cost the network thread a tenth of its time on a large body.
template<typename T>
struct UninitialisedGrowthAllocator : std::allocator<T> {
    template<typename U>
    struct rebind {
        using other = UninitialisedGrowthAllocator<U>;
    };
    template<typename U>
    void construct(U* place) noexcept(std::is_nothrow_default_constructible_v<U>)
    {
        ::new (static_cast<void*>(place)) U;
    }
    template<typename U, typename... Args>
    void construct(U* place, Args&&... args)
    {
        ::new (static_cast<void*>(place)) U(std::forward<Args>(args)...);
    }
};
using Bytes = std::vector<uint8_t, UninitialisedGrowthAllocator<uint8_t>>;

// One allocation that a whole body of known length is read into, so that the requester can take
// the memory over as it is (a script engine's buffer, whose header goes in the headroom before
// the body) instead of copying the body out of chunks.
// Thread: the network thread writes each byte once, before the chunk that holds it is posted
// (BodyChunk); readers see only bytes of chunks they were given, so no byte is ever written and
// read at the same time. Freed by whichever thread drops it last.
class BodyBlock {
public:
    // nullptr if that much memory is not to be had.
    static std::shared_ptr<BodyBlock> allocate(size_t headroom, size_t length);
    BodyBlock(const BodyBlock&) = delete;
    BodyBlock& operator=(const BodyBlock&) = delete;

    uint8_t* data() { return m_allocation.get() + m_headroom; }
    const uint8_t* data() const { return m_allocation.get() + m_headroom; }
    size_t size() const { return m_length; }
    size_t headroom() const { return m_headroom; }
    // Before the network thread writes [offset, offset + length): the pages of that range, and of
    // as much again ahead (within twice what arrived, so that memory follows the bytes and not
    // a length the server claims), are populated in one system call each: faulting them in one
    // at a time as the socket writes them made a 256 MiB body take a tenth to a quarter longer.
    uint8_t* prepare_write(size_t offset, size_t length);
    // The allocation (from malloc, the body `headroom` bytes into it); once released, the
    // caller frees it.
    void* allocation() const { return m_allocation.get(); }
    void release_allocation() { (void)m_allocation.release(); }

private:
    struct Free {
        void operator()(uint8_t*) const;
    };
    using Allocation = std::unique_ptr<uint8_t[], Free>;
    BodyBlock(Allocation, size_t headroom, size_t length);

    Allocation m_allocation;
    size_t m_headroom;
    size_t m_length;
    size_t m_populated = 0;
};

// A piece of a body on its way up: bytes of its own (a chunked, decoded or small body), or a
// slice of the BodyBlock the whole body is read into.
class BodyChunk {
public:
    BodyChunk(Bytes bytes)
        : m_bytes(std::move(bytes))
    {
    }
    BodyChunk(std::shared_ptr<BodyBlock> block, size_t offset, size_t size)
        : m_block(std::move(block))
        , m_offset(offset)
        , m_size(size)
    {
    }

    const uint8_t* data() const { return m_block ? m_block->data() + m_offset : m_bytes.data(); }
    size_t size() const { return m_block ? m_size : m_bytes.size(); }
    bool empty() const { return size() == 0; }
    // The memory the chunk keeps until it is consumed: a short read keeps its whole buffer.
    size_t held_bytes() const { return m_block ? m_size : m_bytes.capacity(); }
    // The block this is a slice of (null for bytes of its own), and where in the block it starts.
    const std::shared_ptr<BodyBlock>& block() const { return m_block; }
    size_t offset() const { return m_offset; }

private:
    Bytes m_bytes;
    std::shared_ptr<BodyBlock> m_block;
    size_t m_offset = 0;
    size_t m_size = 0;
};

} // namespace duknet::net
