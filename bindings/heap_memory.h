// The allocator of a Duktape heap: malloc, except that a body read whole into a net::BodyBlock
// can become a fixed buffer of the heap without a copy. A fixed buffer is one allocation, its
// header then its bytes; the block's allocation, with the header's size as its headroom, is
// handed to Duktape as that allocation, and Duktape frees it as any other.
// Thread: the heap's.
#pragma once

#include "net/bytes.h"

#include <duktape.h>

#include <cstddef>
#include <optional>

namespace duknet::bindings {

class HeapMemory {
public:
    // The functions for duk_create_heap(), with this HeapMemory as their udata.
    static void* allocate(void* udata, duk_size_t size);
    static void* reallocate(void* udata, void* pointer, duk_size_t size);
    static void release(void* udata, void* pointer);

    // Once the heap exists: finds the size of a fixed buffer's header (Duktape's API does not
    // give it) from the allocation of a buffer.
    void measure_fixed_buffer_header(duk_context*);
    // The headroom a BodyBlock needs to become a buffer of the heap; nullopt if not known.
    std::optional<size_t> block_headroom() const { return m_fixed_buffer_header; }

    // Pushes a fixed buffer that is the block's memory, taking the block's allocation. False,
    // with nothing pushed and the allocation still the block's, if it cannot be. Runs a garbage
    // collection first (and so, maybe, finalizers).
    static bool push_block_as_buffer(duk_context*, net::BodyBlock&);
    // How many blocks the heap took over so far.
    size_t adopted_blocks() const { return m_adopted_blocks; }

private:
    // The allocation that the next request of exactly m_adoptable_size bytes gets.
    void* m_adoptable = nullptr;
    size_t m_adoptable_size = 0;
    // While measuring: the last allocation made.
    bool m_recording = false;
    void* m_last_allocation = nullptr;
    size_t m_last_size = 0;
    std::optional<size_t> m_fixed_buffer_header;
    size_t m_adopted_blocks = 0;
};

} // namespace duknet::bindings
