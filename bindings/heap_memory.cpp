#include "bindings/heap_memory.h"

#include <cstdlib>
#include <utility>

namespace duknet::bindings {

void* HeapMemory::allocate(void* udata, duk_size_t size)
{
    auto* memory = static_cast<HeapMemory*>(udata);
    if (memory->m_adoptable && size == memory->m_adoptable_size)
        return std::exchange(memory->m_adoptable, nullptr);
    void* allocation = std::malloc(size);
    if (memory->m_recording) {
        memory->m_last_allocation = allocation;
        memory->m_last_size = size;
    }
    return allocation;
}

void* HeapMemory::reallocate(void*, void* pointer, duk_size_t size)
{
    return std::realloc(pointer, size);
}

void HeapMemory::release(void*, void* pointer)
{
    std::free(pointer);
}

void HeapMemory::measure_fixed_buffer_header(duk_context* ctx)
{
    m_recording = true;
    auto* data = static_cast<char*>(duk_push_buffer_raw(ctx, 1, DUK_BUF_FLAG_NOZERO));
    m_recording = false;
    // The buffer's allocation is the last one made (a collection may have run before it), and
    // its one byte ends it.
    auto* allocation = static_cast<char*>(m_last_allocation);
    if (allocation && m_last_size >= 1 && allocation + m_last_size - 1 == data)
        m_fixed_buffer_header = m_last_size - 1;
    duk_pop(ctx);
}

bool HeapMemory::push_block_as_buffer(duk_context* ctx, net::BodyBlock& block)
{
    duk_memory_functions functions;
    duk_get_memory_functions(ctx, &functions);
    if (functions.alloc_func != allocate)
        return false;
    auto* memory = static_cast<HeapMemory*>(functions.udata);
    if (memory->m_fixed_buffer_header != block.headroom() || !duk_check_stack(ctx, 1))
        return false;
    // A collection now (one per body of 1 MiB or more), so that none is due within the
    // allocation below: it would run finalizers, and a finalizer's allocation of exactly this
    // size would take the block (the fatal error below).
    duk_gc(ctx, 0);
    memory->m_adoptable = block.allocation();
    memory->m_adoptable_size = block.headroom() + block.size();
    auto push = [](duk_context* ctx, void* udata) -> duk_ret_t {
        duk_push_buffer_raw(ctx, static_cast<net::BodyBlock*>(udata)->size(), DUK_BUF_FLAG_NOZERO);
        return 1;
    };
    bool pushed = duk_safe_call(ctx, push, &block, 0, 1) == DUK_EXEC_SUCCESS;
    if (std::exchange(memory->m_adoptable, nullptr)) {
        // Duktape refused a buffer that large (before allocating it).
        duk_pop(ctx);
        return false;
    }
    bool adopted = pushed && duk_get_buffer(ctx, -1, nullptr) == block.data();
    // Duktape's now, in whichever allocation took it.
    block.release_allocation();
    // After the collection above, only a finalizer's allocation of this very size can have.
    if (!adopted)
        duk_fatal(ctx, "a body block went to another allocation");
    ++memory->m_adopted_blocks;
    return true;
}

} // namespace duknet::bindings
