// Bytes: the byte buffer that carries bodies from the network thread up.
// Thread: a value, usable on any thread.
#pragma once

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

} // namespace duknet::net
