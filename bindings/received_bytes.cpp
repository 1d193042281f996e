#include "bindings/received_bytes.h"

#include "bindings/js.h"

#include <algorithm>
#include <cstring>

#include <sys/mman.h>
#include <unistd.h>

namespace duknet::bindings {

static constexpr const char* buffer_key = DUKNET_HIDDEN("receivedBytes");
// Duktape's limit on a buffer's length.
static constexpr uint64_t max_preallocated_length = 0x7ffffffe;

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
    push_buffer(ctx, owner);
    auto* data = static_cast<const char*>(duk_get_buffer(ctx, -1, nullptr));
    duk_pop(ctx);
    return { data, m_length };
}

// Makes the buffer for a body's first chunk and pushes it. At the expected length it is a fixed
// buffer left unzeroed (the body overwrites it), since Duktape zeroes every byte of a dynamic
// buffer it allocates or grows: for a 256 MiB body that zeroing, and the remapping as it grew,
// were a fifth of the script thread's time.
uint8_t* ReceivedBytes::push_new_buffer(duk_context* ctx, uint64_t needed)
{
    m_populated = 0;
    if (m_expected_length >= needed && m_expected_length <= max_preallocated_length) {
        // A length a server claims may not be allocatable: then the buffer grows as bytes come.
        auto preallocate = [](duk_context* ctx, void* udata) -> duk_ret_t {
            duk_push_buffer_raw(ctx, static_cast<duk_size_t>(*static_cast<uint64_t*>(udata)), DUK_BUF_FLAG_NOZERO);
            return 1;
        };
        if (duk_safe_call(ctx, preallocate, &m_expected_length, 0, 1) == DUK_EXEC_SUCCESS)
            return static_cast<uint8_t*>(duk_get_buffer(ctx, -1, nullptr));
        duk_pop(ctx);
    }
    return static_cast<uint8_t*>(duk_push_dynamic_buffer(ctx, static_cast<duk_size_t>(needed)));
}

// Pages of a preallocated buffer are populated ahead of the bytes, in one system call each:
// faulting them in one at a time cost 150 ms for 256 MiB, populating them 90 ms. What is
// populated stays within twice what arrived, so memory follows the bytes, not the length the
// server claimed.
void ReceivedBytes::populate_ahead(uint8_t* data, uint64_t capacity, uint64_t needed)
{
#ifdef MADV_POPULATE_WRITE
    static constexpr uint64_t max_step = 8 * 1024 * 1024;
    if (needed <= m_populated)
        return;
    uint64_t end = std::min(capacity, needed + std::min(needed, max_step));
    static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
    uintptr_t first = (reinterpret_cast<uintptr_t>(data + m_populated) + page - 1) & ~(page - 1);
    uintptr_t last = reinterpret_cast<uintptr_t>(data + end);
    // Best effort: a kernel older than 5.14 refuses, and the pages fault in as they are written.
    if (last > first)
        madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
    m_populated = end;
#endif
}

void ReceivedBytes::append(duk_context* ctx, void* owner, const net::Bytes& bytes)
{
    if (bytes.empty())
        return;
    uint64_t needed = m_length + bytes.size();
    duk_push_heapptr(ctx, owner);
    uint8_t* data;
    if (duk_get_prop_string(ctx, -1, buffer_key)) {
        data = static_cast<uint8_t*>(duk_get_buffer(ctx, -1, nullptr));
    } else {
        duk_pop(ctx);
        data = push_new_buffer(ctx, needed);
        duk_dup_top(ctx);
        duk_put_prop_string(ctx, -3, buffer_key);
    }
    duk_size_t capacity = 0;
    duk_get_buffer(ctx, -1, &capacity);
    if (needed > capacity) {
        // A body of unknown length (or one past its expected length). Doubling keeps its copies
        // few; past 16 MiB, growing by an eighth keeps the spare capacity (which Duktape zeroes,
        // so it is resident) small. Large blocks are remapped, not copied, when they grow.
        static constexpr duk_size_t doubling_limit = 16 * 1024 * 1024;
        duk_size_t grown = std::max<duk_size_t>(capacity < doubling_limit ? capacity * 2 : capacity + capacity / 8, needed);
        if (duk_is_dynamic_buffer(ctx, -1)) {
            data = static_cast<uint8_t*>(duk_resize_buffer(ctx, -1, grown));
        } else {
            // More than the expected length (the loader never delivers that): the bytes move on
            // to a buffer that can grow.
            auto* larger = static_cast<uint8_t*>(duk_push_dynamic_buffer(ctx, grown));
            std::memcpy(larger, data, m_length);
            duk_dup_top(ctx);
            duk_put_prop_string(ctx, -4, buffer_key);
            duk_remove(ctx, -2);
            data = larger;
        }
    } else if (!duk_is_dynamic_buffer(ctx, -1)) {
        populate_ahead(data, capacity, needed);
    }
    std::memcpy(data + m_length, bytes.data(), bytes.size());
    m_length = needed;
    duk_pop_2(ctx);
}

void ReceivedBytes::trim(duk_context* ctx, void* owner)
{
    push_buffer(ctx, owner);
    duk_size_t capacity = 0;
    void* data = duk_get_buffer(ctx, -1, &capacity);
    if (duk_is_dynamic_buffer(ctx, -1)) {
        duk_resize_buffer(ctx, -1, m_length);
    } else if (m_length < capacity) {
        // Handed on before the expected length is in: the bytes move to a buffer of their own,
        // so that no view holds on to the rest.
        void* own = duk_push_buffer_raw(ctx, static_cast<duk_size_t>(m_length), DUK_BUF_FLAG_NOZERO);
        if (m_length > 0)
            std::memcpy(own, data, m_length);
        duk_push_heapptr(ctx, owner);
        duk_dup(ctx, -2);
        duk_put_prop_string(ctx, -2, buffer_key);
        duk_pop_2(ctx);
    }
    duk_pop(ctx);
}

void ReceivedBytes::clear(duk_context* ctx, void* owner)
{
    m_length = 0;
    m_expected_length = 0;
    if (!owner)
        return;
    duk_push_heapptr(ctx, owner);
    duk_del_prop_string(ctx, -1, buffer_key);
    duk_pop(ctx);
}

} // namespace duknet::bindings
