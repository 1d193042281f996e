#include "bindings/received_bytes.h"

#include "bindings/js.h"

#include <algorithm>
#include <cstring>

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
    push_buffer(ctx, owner);
    auto* data = static_cast<const char*>(duk_get_buffer(ctx, -1, nullptr));
    duk_pop(ctx);
    return { data, m_length };
}

void ReceivedBytes::append(duk_context* ctx, void* owner, const net::Bytes& bytes)
{
    if (bytes.empty())
        return;
    push_buffer(ctx, owner);
    duk_size_t capacity = 0;
    auto* data = static_cast<uint8_t*>(duk_get_buffer(ctx, -1, &capacity));
    uint64_t needed = m_length + bytes.size();
    if (needed > capacity) {
        // The first chunk gets what it needs (most bodies are one chunk). Then doubling keeps a
        // body's copies few; past 16 MiB, growing by an eighth keeps the spare capacity (which
        // Duktape zeroes, so it is resident) small. Large blocks are remapped, not copied, when
        // they grow.
        static constexpr duk_size_t doubling_limit = 16 * 1024 * 1024;
        duk_size_t grown = capacity < doubling_limit ? capacity * 2 : capacity + capacity / 8;
        data = static_cast<uint8_t*>(duk_resize_buffer(ctx, -1, std::max<duk_size_t>(grown, needed)));
    }
    std::memcpy(data + m_length, bytes.data(), bytes.size());
    m_length = needed;
    duk_pop(ctx);
}

void ReceivedBytes::trim(duk_context* ctx, void* owner)
{
    push_buffer(ctx, owner);
    duk_resize_buffer(ctx, -1, m_length);
    duk_pop(ctx);
}

void ReceivedBytes::clear(duk_context* ctx, void* owner)
{
    m_length = 0;
    if (!owner)
        return;
    duk_push_heapptr(ctx, owner);
    duk_del_prop_string(ctx, -1, buffer_key);
    duk_pop(ctx);
}

} // namespace duknet::bindings
