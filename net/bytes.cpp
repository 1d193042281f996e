#include "net/bytes.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include <sys/mman.h>
#include <unistd.h>

namespace duknet::net {

std::shared_ptr<BodyBlock> BodyBlock::allocate(size_t headroom, size_t length)
{
    if (length > std::numeric_limits<size_t>::max() - headroom)
        return nullptr;
    // Left unzeroed: the body overwrites every byte of it that anyone reads.
    Allocation allocation(static_cast<uint8_t*>(std::malloc(headroom + length)));
    if (!allocation)
        return nullptr;
    return std::shared_ptr<BodyBlock>(new BodyBlock(std::move(allocation), headroom, length));
}

BodyBlock::BodyBlock(Allocation allocation, size_t headroom, size_t length)
    : m_allocation(std::move(allocation))
    , m_headroom(headroom)
    , m_length(length)
{
}

// From malloc, so that whoever the allocation is released to can free it.
void BodyBlock::Free::operator()(uint8_t* allocation) const
{
    std::free(allocation);
}

uint8_t* BodyBlock::prepare_write(size_t offset, size_t length)
{
    size_t end = offset + length;
#ifdef MADV_POPULATE_WRITE
    static constexpr size_t max_step = 8 * 1024 * 1024;
    if (end > m_populated) {
        size_t ahead = std::min(m_length, end + std::min(end, max_step));
        static const uintptr_t page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
        uintptr_t first = (reinterpret_cast<uintptr_t>(data() + m_populated) + page - 1) & ~(page - 1);
        uintptr_t last = reinterpret_cast<uintptr_t>(data() + ahead);
        // Best effort: a kernel older than 5.14 refuses, and the pages fault in as they are written.
        if (last > first)
            madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
        m_populated = ahead;
    }
#endif
    return data() + offset;
}

} // namespace duknet::net
