#include "bindings/received_bytes.h"

#include "bindings/heap_memory.h"
#include "bindings/js.h"

#include <algorithm>
#include <cstring>
#include <utility>

namespace duknet::bindings {

static constexpr const char* buffer_key = DUKNET_HIDDEN("receivedBytes");

void ReceivedBytes::push_buffer(duk_context* ctx, void* owner) const
{
    duk_push_heapptr(ctx, owner);
    if (!duk_get_prop_string(ctx, -1, buffer_key)) {
        duk_pop(ctx);
        duk_push_dynamic_buffer(ctx, 0);
        duk_dup_top(ctx);
        duk_put_prop_string(ctx, -3, buffer_key);
    }
    duk_remove(ctx, -2);
}

std::string_view ReceivedBytes::view(duk_context* ctx, void* owner) const
{
    if (m_length == 0)
        return {};
    if (m_block)
        return { reinterpret_cast<const char*>(m_block->data()), m_length };
    push_buffer(ctx, owner);
    auto* data = static_cast<const char*>(duk_get_buffer(ctx, -1, nullptr));
    duk_pop(ctx);
    return { data, m_length };
}

// Makes the buffer on top of the stack the owner's, and pops it.
void ReceivedBytes::store_buffer(duk_context* ctx, void* owner)
{
    duk_push_heapptr(ctx, owner);
    duk_swap_top(ctx, -2);
    duk_put_prop_string(ctx, -2, buffer_key);
    duk_pop(ctx);
}

// The bytes so far move from the block to a buffer that can grow.
void ReceivedBytes::copy_out_of_block(duk_context* ctx, void* owner)
{
    auto* data = duk_push_dynamic_buffer(ctx, static_cast<duk_size_t>(m_length));
    std::memcpy(data, m_block->data(), m_length);
    store_buffer(ctx, owner);
    // Only now: the allocations above may throw, and the bytes are then still in the block.
    m_block.reset();
}

void ReceivedBytes::append(duk_context* ctx, void* owner, net::BodyChunk chunk)
{
    if (chunk.empty())
        return;
    // A slice that goes on from the bytes so far (the first one, or the next of the same
    // block) is already where it belongs.
    bool starts_block = !m_block && m_length == 0;
    if (chunk.block() && chunk.offset() == m_length && (starts_block || chunk.block() == m_block)) {
        m_block = chunk.block();
        m_length += chunk.size();
        return;
    }
    if (m_block)
        copy_out_of_block(ctx, owner);
    uint64_t needed = m_length + chunk.size();
    push_buffer(ctx, owner);
    duk_size_t capacity = 0;
    auto* data = static_cast<uint8_t*>(duk_get_buffer(ctx, -1, &capacity));
    if (needed > capacity) {
        // Doubling keeps the copies few; past 16 MiB, growing by an eighth keeps the spare
        // capacity (which Duktape zeroes, so it is resident) small. Large blocks are remapped,
        // not copied, when they grow.
        static constexpr duk_size_t doubling_limit = 16 * 1024 * 1024;
        duk_size_t grown = std::max<duk_size_t>(capacity < doubling_limit ? capacity * 2 : capacity + capacity / 8, needed);
        data = static_cast<uint8_t*>(duk_resize_buffer(ctx, -1, grown));
    }
    std::memcpy(data + m_length, chunk.data(), chunk.size());
    m_length = needed;
    duk_pop(ctx);
}

void ReceivedBytes::trim(duk_context* ctx, void* owner)
{
    if (m_block) {
        // A reference of this call's own: taking the block over runs a garbage collection, whose
        // finalizers may run script that clears or settles these bytes meanwhile.
        auto block = m_block;
        // The whole body, held nowhere else: the block becomes the buffer.
        bool whole = m_length == block->size() && block.use_count() == 2;
        if (whole && HeapMemory::push_block_as_buffer(ctx, *block)) {
            if (m_block != block)
                return duk_pop(ctx);
            // The block's memory is the buffer's now. Until the owner holds it, there are no
            // bytes to read: storing it may throw.
            m_block.reset();
            uint64_t length = std::exchange(m_length, 0);
            store_buffer(ctx, owner);
            m_length = length;
            return;
        }
        if (m_block == block)
            copy_out_of_block(ctx, owner);
    }
    push_buffer(ctx, owner);
    if (duk_is_dynamic_buffer(ctx, -1))
        duk_resize_buffer(ctx, -1, static_cast<duk_size_t>(m_length));
    duk_pop(ctx);
}

void ReceivedBytes::clear(duk_context* ctx, void* owner)
{
    m_length = 0;
    m_block.reset();
    if (!owner)
        return;
    duk_push_heapptr(ctx, owner);
    duk_del_prop_string(ctx, -1, buffer_key);
    duk_pop(ctx);
}

} // namespace duknet::bindings
