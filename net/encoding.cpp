// The WHATWG Encoding Standard's decoders (https://encoding.spec.whatwg.org/).
//
// Every decoder here is the standard's algorithm written out by hand, so error handling, the bytes
// an error puts back, and streaming behave exactly as the standard says. The legacy encodings'
// indexes are tables generated at build time from ICU's (net/generate_encoding_indexes.cpp says how
// and what it corrects).
#include "net/encoding.h"

#include "net/encoding_indexes.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <span>
#include <utility>
#include <variant>

namespace duknet::net {

namespace {

using Id = Encoding::Id;

// ---------------------------------------------------------------------------------------------
// Names and labels (https://encoding.spec.whatwg.org/#names-and-labels)

struct EncodingInfo {
    std::string_view name;
    std::initializer_list<std::string_view> labels;
};

// Indexed by Encoding::Id.
const EncodingInfo kEncodings[] = {
    {"UTF-8", {"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"}},
    {"IBM866", {"866", "cp866", "csibm866", "ibm866"}},
    {"ISO-8859-2", {"csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"}},
    {"ISO-8859-3", {"csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"}},
    {"ISO-8859-4", {"csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"}},
    {"ISO-8859-5", {"csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"}},
    {"ISO-8859-6", {"arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114", "iso-8859-6", "iso-8859-6-e",
                    "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"}},
    {"ISO-8859-7", {"csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597",
                    "iso_8859-7", "iso_8859-7:1987", "sun_eu_greek"}},
    {"ISO-8859-8", {"csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598",
                    "iso_8859-8", "iso_8859-8:1988", "visual"}},
    {"ISO-8859-8-I", {"csiso88598i", "iso-8859-8-i", "logical"}},
    {"ISO-8859-10", {"csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"}},
    {"ISO-8859-13", {"iso-8859-13", "iso8859-13", "iso885913"}},
    {"ISO-8859-14", {"iso-8859-14", "iso8859-14", "iso885914"}},
    {"ISO-8859-15", {"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"}},
    {"ISO-8859-16", {"iso-8859-16"}},
    {"KOI8-R", {"cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"}},
    {"KOI8-U", {"koi8-ru", "koi8-u"}},
    {"macintosh", {"csmacintosh", "mac", "macintosh", "x-mac-roman"}},
    {"windows-874", {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"}},
    {"windows-1250", {"cp1250", "windows-1250", "x-cp1250"}},
    {"windows-1251", {"cp1251", "windows-1251", "x-cp1251"}},
    {"windows-1252", {"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100", "iso8859-1",
                      "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"}},
    {"windows-1253", {"cp1253", "windows-1253", "x-cp1253"}},
    {"windows-1254", {"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9", "iso_8859-9:1989",
                      "l5", "latin5", "windows-1254", "x-cp1254"}},
    {"windows-1255", {"cp1255", "windows-1255", "x-cp1255"}},
    {"windows-1256", {"cp1256", "windows-1256", "x-cp1256"}},
    {"windows-1257", {"cp1257", "windows-1257", "x-cp1257"}},
    {"windows-1258", {"cp1258", "windows-1258", "x-cp1258"}},
    {"x-mac-cyrillic", {"x-mac-cyrillic", "x-mac-ukrainian"}},
    {"GBK", {"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58", "x-gbk"}},
    {"gb18030", {"gb18030"}},
    {"Big5", {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"}},
    {"EUC-JP", {"cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"}},
    {"ISO-2022-JP", {"csiso2022jp", "iso-2022-jp"}},
    {"Shift_JIS", {"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"}},
    {"EUC-KR", {"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601",
                "ksc_5601", "windows-949"}},
    {"replacement", {"csiso2022kr", "hz-gb-2312", "iso-2022-cn", "iso-2022-cn-ext", "iso-2022-kr", "replacement"}},
    {"UTF-16BE", {"unicodefffe", "utf-16be"}},
    {"UTF-16LE", {"csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"}},
    {"x-user-defined", {"x-user-defined"}},
};
static_assert(std::size(kEncodings) == static_cast<size_t>(Id::XUserDefined) + 1);

bool is_ascii_whitespace(char c)
{
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

char ascii_lowercase(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool ascii_case_insensitive_equal(std::string_view a, std::string_view lowercase)
{
    return a.size() == lowercase.size()
        && std::equal(a.begin(), a.end(), lowercase.begin(), [](char x, char y) { return ascii_lowercase(x) == y; });
}

// ---------------------------------------------------------------------------------------------
// Indexes (https://encoding.spec.whatwg.org/#indexes), generated at build time

constexpr char32_t kNoCodePoint = 0; // no index maps a pointer to U+0000

class Index {
public:
    Index() = default;
    explicit Index(std::span<const char32_t> code_points) : code_points_(code_points) {}
    // https://encoding.spec.whatwg.org/#index-code-point (kNoCodePoint for null)
    char32_t code_point(uint32_t pointer) const { return pointer < code_points_.size() ? code_points_[pointer] : kNoCodePoint; }

private:
    std::span<const char32_t> code_points_;
};

enum class MultiByteIndex : uint8_t { Jis0208, Jis0212, EucKr, Gb18030, Gb18030Ranges, Big5 };

// The number of pointers of "index gb18030 ranges" below U+10000 (the four-byte sequences
// 0x81308130-0x8431A439), which are tabled; the rest of the ranges are computed.
constexpr uint32_t kGb18030BmpRangesPointers = 39420;

constexpr size_t kSingleByteCount = static_cast<size_t>(Id::XMacCyrillic) - static_cast<size_t>(Id::Ibm866) + 1;
static_assert(std::size(encoding_indexes::single_byte) == kSingleByteCount);

// The single-byte encodings' indexes, by Id - Id::Ibm866 (ISO-8859-8-I has ISO-8859-8's).
const Index& single_byte_index(Id id)
{
    static const auto indexes = [] {
        std::array<Index, kSingleByteCount> all;
        for (size_t i = 0; i < kSingleByteCount; ++i)
            all[i] = Index(encoding_indexes::single_byte[i]);
        return all;
    }();
    return indexes[static_cast<size_t>(id) - static_cast<size_t>(Id::Ibm866)];
}

const Index& multi_byte_index(MultiByteIndex which)
{
    static const auto indexes = [] {
        std::array<Index, std::size(encoding_indexes::multi_byte)> all;
        for (size_t i = 0; i < all.size(); ++i)
            all[i] = Index(encoding_indexes::multi_byte[i]);
        return all;
    }();
    return indexes[static_cast<size_t>(which)];
}

// https://encoding.spec.whatwg.org/#index-gb18030-ranges-code-point
char32_t gb18030_ranges_code_point(const Index& bmp_ranges, uint32_t pointer)
{
    // 1. Pointers beyond the ranges. 2.-4. (including pointer 7457 -> U+E7C7): the BMP part comes
    // from the ranges index; the last range starts at pointer 189000 with U+10000.
    if (pointer < kGb18030BmpRangesPointers)
        return bmp_ranges.code_point(pointer);
    if (pointer >= 189000 && pointer <= 1237575)
        return 0x10000 + pointer - 189000;
    return kNoCodePoint;
}

// ---------------------------------------------------------------------------------------------
// Streams and results (https://encoding.spec.whatwg.org/#concept-stream,
// https://encoding.spec.whatwg.org/#decoders)

constexpr int kEndOfQueue = -1;

bool is_ascii_byte(int byte)
{
    return byte >= 0x00 && byte <= 0x7F;
}

bool in_range(int byte, int low, int high)
{
    return byte >= low && byte <= high;
}

// The I/O queue of one decode() call: the given bytes, behind the bytes a decoder prepended.
class Input {
public:
    explicit Input(std::string_view bytes) : rest_(bytes) {}

    int read()
    {
        if (prepended_size_ > 0)
            return prepended_[--prepended_size_];
        if (position_ == rest_.size())
            return kEndOfQueue;
        return static_cast<unsigned char>(rest_[position_++]);
    }

    // https://encoding.spec.whatwg.org/#concept-stream-prepend; end-of-queue stays where it is.
    // The decoders prepend at most 3 bytes, each time after reading all earlier prepended ones
    // but the ones they prepend again, so 4 slots always suffice.
    void prepend(std::initializer_list<int> bytes)
    {
        for (auto it = std::rbegin(bytes); it != std::rend(bytes); ++it) {
            if (*it == kEndOfQueue)
                continue;
            if (prepended_size_ == prepended_.size())
                std::abort(); // unreachable, see above
            prepended_[prepended_size_++] = static_cast<uint8_t>(*it);
        }
    }

    // The longest run of ASCII bytes next in the queue, read; empty when bytes were prepended.
    std::string_view read_ascii_run()
    {
        if (prepended_size_ > 0)
            return {};
        size_t const start = position_;
        size_t end = start;
        uint64_t word;
        while (end + sizeof word <= rest_.size()) {
            std::memcpy(&word, rest_.data() + end, sizeof word);
            if (word & 0x8080808080808080ULL)
                break;
            end += sizeof word;
        }
        while (end < rest_.size() && !(static_cast<unsigned char>(rest_[end]) & 0x80))
            ++end;
        position_ = end;
        return rest_.substr(start, end - start);
    }

private:
    std::string_view rest_;
    size_t position_ = 0;
    std::array<uint8_t, 4> prepended_{};
    size_t prepended_size_ = 0;
};

// A handler's result: finished, one or two code points, error, or continue.
struct Result {
    enum class Kind : uint8_t { Continue, Finished, Error, CodePoints };
    Kind kind;
    char32_t first = 0;
    char32_t second = kNoCodePoint;

    static Result code_point(char32_t c) { return {Kind::CodePoints, c}; }
    static Result code_points(char32_t a, char32_t b) { return {Kind::CodePoints, a, b}; }
};
constexpr Result kContinue{Result::Kind::Continue};
constexpr Result kFinished{Result::Kind::Finished};
constexpr Result kError{Result::Kind::Error};

// A code point from an index, or an error when the index has none.
Result code_point_or_error(char32_t c)
{
    return c == kNoCodePoint ? kError : Result::code_point(c);
}

// ---------------------------------------------------------------------------------------------
// The decoders. Each has handle(byte, input), the standard's handler, and ascii_passthrough():
// whether an ASCII byte read now would be returned as its code point with no change of state, so
// runs of ASCII may skip the handler.

// https://encoding.spec.whatwg.org/#utf-8-decoder
struct Utf8Decoder {
    char32_t code_point = 0;
    int bytes_seen = 0;
    int bytes_needed = 0;
    int lower_boundary = 0x80;
    int upper_boundary = 0xBF;

    bool ascii_passthrough() const { return bytes_needed == 0; }

    Result handle(int byte, Input& input)
    {
        // 1.-2.
        if (byte == kEndOfQueue) {
            if (bytes_needed == 0)
                return kFinished;
            bytes_needed = 0;
            return kError;
        }
        // 3.
        if (bytes_needed == 0) {
            if (is_ascii_byte(byte))
                return Result::code_point(static_cast<char32_t>(byte));
            if (in_range(byte, 0xC2, 0xDF)) {
                bytes_needed = 1;
                code_point = byte & 0x1F;
            } else if (in_range(byte, 0xE0, 0xEF)) {
                if (byte == 0xE0)
                    lower_boundary = 0xA0;
                if (byte == 0xED)
                    upper_boundary = 0x9F;
                bytes_needed = 2;
                code_point = byte & 0xF;
            } else if (in_range(byte, 0xF0, 0xF4)) {
                if (byte == 0xF0)
                    lower_boundary = 0x90;
                if (byte == 0xF4)
                    upper_boundary = 0x8F;
                bytes_needed = 3;
                code_point = byte & 0x7;
            } else {
                return kError;
            }
            return kContinue;
        }
        // 4.
        if (!in_range(byte, lower_boundary, upper_boundary)) {
            code_point = 0;
            bytes_needed = bytes_seen = 0;
            lower_boundary = 0x80;
            upper_boundary = 0xBF;
            input.prepend({byte});
            return kError;
        }
        // 5.-8.
        lower_boundary = 0x80;
        upper_boundary = 0xBF;
        code_point = (code_point << 6) | (byte & 0x3F);
        if (++bytes_seen != bytes_needed)
            return kContinue;
        // 9.-11.
        char32_t const result = code_point;
        code_point = 0;
        bytes_needed = bytes_seen = 0;
        return Result::code_point(result);
    }
};

// https://encoding.spec.whatwg.org/#shared-utf-16-decoder
struct Utf16Decoder {
    bool is_big_endian;
    int utf16_lead_byte = kEndOfQueue; // kEndOfQueue for null
    char32_t utf16_lead_surrogate = kNoCodePoint;

    bool ascii_passthrough() const { return false; }

    Result handle(int byte, Input& input)
    {
        // 1.-2.
        if (byte == kEndOfQueue) {
            if (utf16_lead_byte == kEndOfQueue && utf16_lead_surrogate == kNoCodePoint)
                return kFinished;
            utf16_lead_byte = kEndOfQueue;
            utf16_lead_surrogate = kNoCodePoint;
            return kError;
        }
        // 3.
        if (utf16_lead_byte == kEndOfQueue) {
            utf16_lead_byte = byte;
            return kContinue;
        }
        // 4.
        char32_t const code_unit = is_big_endian ? (utf16_lead_byte << 8) + byte : (byte << 8) + utf16_lead_byte;
        utf16_lead_byte = kEndOfQueue;
        // 5.
        if (utf16_lead_surrogate != kNoCodePoint) {
            char32_t const lead_surrogate = utf16_lead_surrogate;
            utf16_lead_surrogate = kNoCodePoint;
            if (code_unit >= 0xDC00 && code_unit <= 0xDFFF)
                return Result::code_point(0x10000 + ((lead_surrogate - 0xD800) << 10) + (code_unit - 0xDC00));
            int const byte1 = static_cast<int>(code_unit >> 8), byte2 = static_cast<int>(code_unit & 0xFF);
            if (is_big_endian)
                input.prepend({byte1, byte2});
            else
                input.prepend({byte2, byte1});
            return kError;
        }
        // 6.-8.
        if (code_unit >= 0xD800 && code_unit <= 0xDBFF) {
            utf16_lead_surrogate = code_unit;
            return kContinue;
        }
        if (code_unit >= 0xDC00 && code_unit <= 0xDFFF)
            return kError;
        return Result::code_point(code_unit);
    }
};

// https://encoding.spec.whatwg.org/#single-byte-decoder
struct SingleByteDecoder {
    const Index* index;

    bool ascii_passthrough() const { return true; }

    Result handle(int byte, Input&)
    {
        if (byte == kEndOfQueue)
            return kFinished;
        if (is_ascii_byte(byte))
            return Result::code_point(static_cast<char32_t>(byte));
        return code_point_or_error(index->code_point(static_cast<uint32_t>(byte - 0x80)));
    }
};

// https://encoding.spec.whatwg.org/#x-user-defined-decoder
struct XUserDefinedDecoder {
    bool ascii_passthrough() const { return true; }

    Result handle(int byte, Input&)
    {
        if (byte == kEndOfQueue)
            return kFinished;
        if (is_ascii_byte(byte))
            return Result::code_point(static_cast<char32_t>(byte));
        return Result::code_point(0xF780 + static_cast<char32_t>(byte) - 0x80);
    }
};

// https://encoding.spec.whatwg.org/#replacement-decoder
struct ReplacementDecoder {
    bool replacement_error_returned = false;

    bool ascii_passthrough() const { return false; }

    Result handle(int byte, Input&)
    {
        if (byte == kEndOfQueue || replacement_error_returned)
            return kFinished;
        replacement_error_returned = true;
        return kError;
    }
};

// https://encoding.spec.whatwg.org/#gb18030-decoder
struct Gb18030Decoder {
    const Index* index;
    const Index* bmp_ranges;
    int first = 0, second = 0, third = 0;

    bool ascii_passthrough() const { return first == 0; }

    Result handle(int byte, Input& input)
    {
        // 1.-2.
        if (byte == kEndOfQueue) {
            if (first == 0 && second == 0 && third == 0)
                return kFinished;
            first = second = third = 0;
            return kError;
        }
        // 3.
        if (third != 0) {
            if (!in_range(byte, 0x30, 0x39)) {
                input.prepend({second, third, byte});
                first = second = third = 0;
                return kError;
            }
            uint32_t const pointer = (first - 0x81) * (10 * 126 * 10) + (second - 0x30) * (10 * 126) + (third - 0x81) * 10 + byte - 0x30;
            first = second = third = 0;
            return code_point_or_error(gb18030_ranges_code_point(*bmp_ranges, pointer));
        }
        // 4.
        if (second != 0) {
            if (in_range(byte, 0x81, 0xFE)) {
                third = byte;
                return kContinue;
            }
            input.prepend({second, byte});
            first = second = 0;
            return kError;
        }
        // 5.
        if (first != 0) {
            if (in_range(byte, 0x30, 0x39)) {
                second = byte;
                return kContinue;
            }
            int const lead = first;
            first = 0;
            int const offset = byte < 0x7F ? 0x40 : 0x41;
            if (in_range(byte, 0x40, 0x7E) || in_range(byte, 0x80, 0xFE)) {
                char32_t const c = index->code_point(static_cast<uint32_t>((lead - 0x81) * 190 + (byte - offset)));
                if (c != kNoCodePoint)
                    return Result::code_point(c);
            }
            if (is_ascii_byte(byte))
                input.prepend({byte});
            return kError;
        }
        // 6.-9.
        if (is_ascii_byte(byte))
            return Result::code_point(static_cast<char32_t>(byte));
        if (byte == 0x80)
            return Result::code_point(0x20AC);
        if (in_range(byte, 0x81, 0xFE)) {
            first = byte;
            return kContinue;
        }
        return kError;
    }
};

// The step the two-byte decoders (Big5, EUC-KR, Shift_JIS, EUC-JP) share after a failed lookup:
// an ASCII trail byte is put back and the lead is an error.
Result lead_byte_error(int byte, Input& input)
{
    if (is_ascii_byte(byte))
        input.prepend({byte});
    return kError;
}

// Steps 1.-2. the two-byte decoders share: end-of-queue finishes, or is an error after a lead.
Result end_of_queue(int& lead)
{
    if (lead == 0)
        return kFinished;
    lead = 0;
    return kError;
}

// https://encoding.spec.whatwg.org/#big5-decoder
struct Big5Decoder {
    const Index* index;
    int big5_lead = 0;

    bool ascii_passthrough() const { return big5_lead == 0; }

    Result handle(int byte, Input& input)
    {
        // 1.-2.
        if (byte == kEndOfQueue)
            return end_of_queue(big5_lead);
        // 3.
        if (big5_lead != 0) {
            int const lead = big5_lead;
            big5_lead = 0;
            int const offset = byte < 0x7F ? 0x40 : 0x62;
            if (in_range(byte, 0x40, 0x7E) || in_range(byte, 0xA1, 0xFE)) {
                uint32_t const pointer = static_cast<uint32_t>((lead - 0x81) * 157 + (byte - offset));
                switch (pointer) {
                case 1133: return Result::code_points(0x00CA, 0x0304);
                case 1135: return Result::code_points(0x00CA, 0x030C);
                case 1164: return Result::code_points(0x00EA, 0x0304);
                case 1166: return Result::code_points(0x00EA, 0x030C);
                default: break;
                }
                if (char32_t const c = index->code_point(pointer); c != kNoCodePoint)
                    return Result::code_point(c);
            }
            return lead_byte_error(byte, input);
        }
        // 4.-6.
        if (is_ascii_byte(byte))
            return Result::code_point(static_cast<char32_t>(byte));
        if (in_range(byte, 0x81, 0xFE)) {
            big5_lead = byte;
            return kContinue;
        }
        return kError;
    }
};

// https://encoding.spec.whatwg.org/#euc-kr-decoder
struct EucKrDecoder {
    const Index* index;
    int euc_kr_lead = 0;

    bool ascii_passthrough() const { return euc_kr_lead == 0; }

    Result handle(int byte, Input& input)
    {
        // 1.-2.
        if (byte == kEndOfQueue)
            return end_of_queue(euc_kr_lead);
        // 3.
        if (euc_kr_lead != 0) {
            int const lead = euc_kr_lead;
            euc_kr_lead = 0;
            if (in_range(byte, 0x41, 0xFE)) {
                if (char32_t const c = index->code_point(static_cast<uint32_t>((lead - 0x81) * 190 + (byte - 0x41))); c != kNoCodePoint)
                    return Result::code_point(c);
            }
            return lead_byte_error(byte, input);
        }
        // 4.-6.
        if (is_ascii_byte(byte))
            return Result::code_point(static_cast<char32_t>(byte));
        if (in_range(byte, 0x81, 0xFE)) {
            euc_kr_lead = byte;
            return kContinue;
        }
        return kError;
    }
};

// https://encoding.spec.whatwg.org/#shift_jis-decoder
struct ShiftJisDecoder {
    const Index* jis0208;
    int shift_jis_lead = 0;

    bool ascii_passthrough() const { return shift_jis_lead == 0; }

    Result handle(int byte, Input& input)
    {
        // 1.-2.
        if (byte == kEndOfQueue)
            return end_of_queue(shift_jis_lead);
        // 3.
        if (shift_jis_lead != 0) {
            int const lead = shift_jis_lead;
            shift_jis_lead = 0;
            int const offset = byte < 0x7F ? 0x40 : 0x41;
            int const lead_offset = lead < 0xA0 ? 0x81 : 0xC1;
            if (in_range(byte, 0x40, 0x7E) || in_range(byte, 0x80, 0xFC)) {
                uint32_t const pointer = static_cast<uint32_t>((lead - lead_offset) * 188 + byte - offset);
                if (pointer >= 8836 && pointer <= 10715)
                    return Result::code_point(0xE000 - 8836 + pointer);
                if (char32_t const c = jis0208->code_point(pointer); c != kNoCodePoint)
                    return Result::code_point(c);
            }
            return lead_byte_error(byte, input);
        }
        // 4.-7.
        if (is_ascii_byte(byte) || byte == 0x80)
            return Result::code_point(static_cast<char32_t>(byte));
        if (in_range(byte, 0xA1, 0xDF))
            return Result::code_point(0xFF61 - 0xA1 + static_cast<char32_t>(byte));
        if (in_range(byte, 0x81, 0x9F) || in_range(byte, 0xE0, 0xFC)) {
            shift_jis_lead = byte;
            return kContinue;
        }
        return kError;
    }
};

// https://encoding.spec.whatwg.org/#euc-jp-decoder
struct EucJpDecoder {
    const Index* jis0208;
    const Index* jis0212;
    bool euc_jp_jis0212 = false;
    int euc_jp_lead = 0;

    bool ascii_passthrough() const { return euc_jp_lead == 0; }

    Result handle(int byte, Input& input)
    {
        // 1.-2.
        if (byte == kEndOfQueue)
            return end_of_queue(euc_jp_lead);
        // 3.
        if (euc_jp_lead == 0x8E && in_range(byte, 0xA1, 0xDF)) {
            euc_jp_lead = 0;
            return Result::code_point(0xFF61 - 0xA1 + static_cast<char32_t>(byte));
        }
        // 4.
        if (euc_jp_lead == 0x8F && in_range(byte, 0xA1, 0xFE)) {
            euc_jp_jis0212 = true;
            euc_jp_lead = byte;
            return kContinue;
        }
        // 5.
        if (euc_jp_lead != 0) {
            int const lead = euc_jp_lead;
            euc_jp_lead = 0;
            char32_t c = kNoCodePoint;
            if (in_range(lead, 0xA1, 0xFE) && in_range(byte, 0xA1, 0xFE))
                c = (euc_jp_jis0212 ? jis0212 : jis0208)->code_point(static_cast<uint32_t>((lead - 0xA1) * 94 + byte - 0xA1));
            euc_jp_jis0212 = false;
            if (c != kNoCodePoint)
                return Result::code_point(c);
            return lead_byte_error(byte, input);
        }
        // 6.-8.
        if (is_ascii_byte(byte))
            return Result::code_point(static_cast<char32_t>(byte));
        if (byte == 0x8E || byte == 0x8F || in_range(byte, 0xA1, 0xFE)) {
            euc_jp_lead = byte;
            return kContinue;
        }
        return kError;
    }
};

// https://encoding.spec.whatwg.org/#iso-2022-jp-decoder
struct Iso2022JpDecoder {
    enum class State : uint8_t { Ascii, Roman, Katakana, LeadByte, TrailByte, EscapeStart, Escape };

    const Index* jis0208;
    State decoder_state = State::Ascii;
    State output_state = State::Ascii;
    int lead = 0;
    bool output = false;

    bool ascii_passthrough() const { return false; }

    // The states' common "otherwise" and end-of-queue steps, and the output flag they reset.
    Result emit(Result result)
    {
        output = false;
        return result;
    }

    Result handle(int byte, Input& input)
    {
        switch (decoder_state) {
        case State::Ascii:
        case State::Roman:
        case State::Katakana:
        case State::LeadByte:
            if (byte == 0x1B) {
                decoder_state = State::EscapeStart;
                return kContinue;
            }
            if (byte == kEndOfQueue)
                return kFinished;
            return handle_in_text(byte);
        case State::TrailByte:
            if (byte == 0x1B) {
                decoder_state = State::EscapeStart;
                return kError;
            }
            decoder_state = State::LeadByte;
            if (in_range(byte, 0x21, 0x7E))
                return code_point_or_error(jis0208->code_point(static_cast<uint32_t>((lead - 0x21) * 94 + byte - 0x21)));
            return kError; // for end-of-queue, prepending it changes nothing
        case State::EscapeStart:
            // 1.-3.
            if (byte == 0x24 || byte == 0x28) {
                lead = byte;
                decoder_state = State::Escape;
                return kContinue;
            }
            input.prepend({byte});
            decoder_state = output_state;
            return emit(kError);
        case State::Escape:
            return handle_escape(byte, input);
        }
        return kError;
    }

    // The ASCII, Roman, Katakana and lead byte states for a byte other than 0x1B and end-of-queue.
    Result handle_in_text(int byte)
    {
        switch (decoder_state) {
        case State::Ascii:
            if (is_ascii_byte(byte) && byte != 0x0E && byte != 0x0F)
                return emit(Result::code_point(static_cast<char32_t>(byte)));
            break;
        case State::Roman:
            if (byte == 0x5C)
                return emit(Result::code_point(0x00A5));
            if (byte == 0x7E)
                return emit(Result::code_point(0x203E));
            if (is_ascii_byte(byte) && byte != 0x0E && byte != 0x0F)
                return emit(Result::code_point(static_cast<char32_t>(byte)));
            break;
        case State::Katakana:
            if (in_range(byte, 0x21, 0x5F))
                return emit(Result::code_point(0xFF61 - 0x21 + static_cast<char32_t>(byte)));
            break;
        default: // State::LeadByte
            if (in_range(byte, 0x21, 0x7E)) {
                output = false;
                lead = byte;
                decoder_state = State::TrailByte;
                return kContinue;
            }
            break;
        }
        return emit(kError);
    }

    Result handle_escape(int byte, Input& input)
    {
        // 1.-3.
        int const escape_lead = lead;
        lead = 0;
        std::optional<State> state;
        if (escape_lead == 0x28 && byte == 0x42)
            state = State::Ascii;
        else if (escape_lead == 0x28 && byte == 0x4A)
            state = State::Roman;
        else if (escape_lead == 0x28 && byte == 0x49)
            state = State::Katakana;
        else if (escape_lead == 0x24 && (byte == 0x40 || byte == 0x42))
            state = State::LeadByte;
        // 4.
        if (state) {
            decoder_state = output_state = *state;
            bool const was_output = output;
            output = true;
            return was_output ? kError : kContinue;
        }
        // 5.-6.
        input.prepend({escape_lead, byte});
        decoder_state = output_state;
        return emit(kError);
    }
};

using AnyDecoder = std::variant<Utf8Decoder, Utf16Decoder, SingleByteDecoder, XUserDefinedDecoder, ReplacementDecoder,
    Gb18030Decoder, Big5Decoder, EucKrDecoder, ShiftJisDecoder, EucJpDecoder, Iso2022JpDecoder>;

AnyDecoder new_decoder_state(Id id)
{
    switch (id) {
    case Id::Utf8: return Utf8Decoder{};
    case Id::Utf16Be: return Utf16Decoder{true};
    case Id::Utf16Le: return Utf16Decoder{false};
    case Id::XUserDefined: return XUserDefinedDecoder{};
    case Id::Replacement: return ReplacementDecoder{};
    case Id::Gbk:
    case Id::Gb18030:
        return Gb18030Decoder{&multi_byte_index(MultiByteIndex::Gb18030), &multi_byte_index(MultiByteIndex::Gb18030Ranges)};
    case Id::Big5: return Big5Decoder{&multi_byte_index(MultiByteIndex::Big5)};
    case Id::EucKr: return EucKrDecoder{&multi_byte_index(MultiByteIndex::EucKr)};
    case Id::ShiftJis: return ShiftJisDecoder{&multi_byte_index(MultiByteIndex::Jis0208)};
    case Id::EucJp: return EucJpDecoder{&multi_byte_index(MultiByteIndex::Jis0208), &multi_byte_index(MultiByteIndex::Jis0212)};
    case Id::Iso2022Jp: return Iso2022JpDecoder{&multi_byte_index(MultiByteIndex::Jis0208)};
    default: return SingleByteDecoder{&single_byte_index(id)};
    }
}

// ---------------------------------------------------------------------------------------------
// Output

void append_utf8(std::string& out, char32_t c)
{
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        char const bytes[] = {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
        out.append(bytes, 2);
    } else if (c < 0x10000) {
        char const bytes[] = {static_cast<char>(0xE0 | (c >> 12)), static_cast<char>(0x80 | ((c >> 6) & 0x3F)),
            static_cast<char>(0x80 | (c & 0x3F))};
        out.append(bytes, 3);
    } else {
        char const bytes[] = {static_cast<char>(0xF0 | (c >> 18)), static_cast<char>(0x80 | ((c >> 12) & 0x3F)),
            static_cast<char>(0x80 | ((c >> 6) & 0x3F)), static_cast<char>(0x80 | (c & 0x3F))};
        out.append(bytes, 4);
    }
}

// The output I/O queue, serialized as https://encoding.spec.whatwg.org/#concept-td-serialize does:
// while skip_bom is true, the first code point is dropped when it is U+FEFF.
struct Output {
    std::string text;
    bool skip_bom;

    void push(char32_t c)
    {
        if (std::exchange(skip_bom, false) && c == 0xFEFF)
            return;
        append_utf8(text, c);
    }

    void push_ascii(std::string_view run)
    {
        if (run.empty())
            return;
        skip_bom = false;
        text.append(run);
    }
};

// https://encoding.spec.whatwg.org/#concept-encoding-process, for each item until end-of-queue
// (returned at once when do_not_flush) or finished; false on an error in Fatal mode.
template <typename D>
bool process_queue(D& decoder, Input& input, Output& output, ErrorMode mode, bool do_not_flush)
{
    for (;;) {
        if (decoder.ascii_passthrough())
            output.push_ascii(input.read_ascii_run());
        int const byte = input.read();
        if (byte == kEndOfQueue && do_not_flush)
            return true;
        Result const result = decoder.handle(byte, input);
        switch (result.kind) {
        case Result::Kind::Continue: break;
        case Result::Kind::Finished: return true;
        case Result::Kind::Error:
            if (mode == ErrorMode::Fatal)
                return false;
            output.push(0xFFFD);
            break;
        case Result::Kind::CodePoints:
            output.push(result.first);
            if (result.second != kNoCodePoint)
                output.push(result.second);
            break;
        }
    }
}

bool is_unicode_encoding(Id id)
{
    return id == Id::Utf8 || id == Id::Utf16Be || id == Id::Utf16Le;
}

} // namespace

struct Decoder::State {
    AnyDecoder decoder;
};

std::string_view Encoding::name() const
{
    return kEncodings[static_cast<size_t>(id_)].name;
}

Decoder Encoding::new_decoder(ErrorMode mode, bool ignore_bom) const
{
    return Decoder(*this, mode, ignore_bom);
}

std::optional<Encoding> get_an_encoding(std::string_view label)
{
    // 1. Remove any leading and trailing ASCII whitespace.
    while (!label.empty() && is_ascii_whitespace(label.front()))
        label.remove_prefix(1);
    while (!label.empty() && is_ascii_whitespace(label.back()))
        label.remove_suffix(1);
    // 2.-3. An ASCII case-insensitive match for a label of the table.
    for (size_t i = 0; i < std::size(kEncodings); ++i) {
        for (std::string_view const candidate : kEncodings[i].labels) {
            if (ascii_case_insensitive_equal(label, candidate))
                return Encoding(static_cast<Id>(i));
        }
    }
    return std::nullopt;
}

Decoder::Decoder(Encoding encoding, ErrorMode mode, bool ignore_bom)
    : encoding_(encoding)
    , mode_(mode)
    , ignore_bom_(ignore_bom)
    , state_(std::make_unique<State>(State{new_decoder_state(encoding.id())}))
{
}

Decoder::Decoder(Decoder&&) noexcept = default;
Decoder& Decoder::operator=(Decoder&&) noexcept = default;
Decoder::~Decoder() = default;

std::optional<std::string> Decoder::decode(std::string_view bytes, bool stream)
{
    // 1. Without "do not flush", start over with a new decoder.
    if (!do_not_flush_) {
        state_->decoder = new_decoder_state(encoding_.id());
        bom_seen_ = false;
    }
    // 2.
    do_not_flush_ = stream;
    // 3.-5. Process the input; the output is serialized as it goes.
    Input input(bytes);
    Output output{{}, is_unicode_encoding(encoding_.id()) && !ignore_bom_ && !bom_seen_};
    output.text.reserve(bytes.size());
    bool const ok = std::visit([&](auto& decoder) { return process_queue(decoder, input, output, mode_, do_not_flush_); }, state_->decoder);
    if (!ok)
        return std::nullopt;
    if (is_unicode_encoding(encoding_.id()) && !ignore_bom_ && !output.skip_bom)
        bom_seen_ = true;
    return std::move(output.text);
}

std::optional<Encoding> bom_sniff(std::string_view bytes)
{
    if (bytes.starts_with("\xEF\xBB\xBF"))
        return Encoding::utf8();
    if (bytes.starts_with("\xFE\xFF"))
        return Encoding(Id::Utf16Be);
    if (bytes.starts_with("\xFF\xFE"))
        return Encoding(Id::Utf16Le);
    return std::nullopt;
}

std::string decode(std::string_view bytes, const Encoding& fallback)
{
    // 1.-3. BOM sniff, and read (skip) the BOM.
    std::optional<Encoding> encoding = bom_sniff(bytes);
    if (encoding)
        bytes.remove_prefix(encoding->id() == Id::Utf8 ? 3 : 2);
    else
        encoding = fallback;
    // 4. Run the decoder in replacement mode; ignore_bom, as the BOM was dealt with above.
    return *encoding->new_decoder(ErrorMode::Replacement, true).decode(bytes);
}

std::string utf8_decode(std::string_view bytes)
{
    // 1.-2. Skip a UTF-8 BOM, then run the UTF-8 decoder.
    if (bytes.starts_with("\xEF\xBB\xBF"))
        bytes.remove_prefix(3);
    return utf8_decode_without_bom(bytes);
}

std::string utf8_decode_without_bom(std::string_view bytes)
{
    return *Encoding::utf8().new_decoder(ErrorMode::Replacement, true).decode(bytes);
}

std::string utf8_encode(std::u16string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        char32_t c = text[i];
        if (c >= 0xD800 && c <= 0xDBFF && i + 1 < text.size() && text[i + 1] >= 0xDC00 && text[i + 1] <= 0xDFFF)
            c = 0x10000 + ((c - 0xD800) << 10) + (text[++i] - 0xDC00);
        else if (c >= 0xD800 && c <= 0xDFFF)
            c = 0xFFFD;
        append_utf8(out, c);
    }
    return out;
}

} // namespace duknet::net
