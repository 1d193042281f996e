// The legacy encodings' indexes (https://encoding.spec.whatwg.org/#indexes): pointer -> code point,
// 0 where the standard's index has no such pointer. They are generated at build time by
// net/generate_encoding_indexes.cpp.
// Thread: constant data, any thread.
#pragma once

#include <span>

namespace duknet::net::encoding_indexes {

// In the order of Encoding::Id from Ibm866 to XMacCyrillic.
extern const std::span<const char32_t> single_byte[28];
// jis0208, jis0212, euc-kr, gb18030, the gb18030 ranges below U+10000, big5.
extern const std::span<const char32_t> multi_byte[6];

} // namespace duknet::net::encoding_indexes
