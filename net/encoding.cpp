// The WHATWG Encoding Standard's decoders (https://encoding.spec.whatwg.org/).
//
// Every decoder here is the standard's algorithm written out by hand, so error handling, the bytes
// an error puts back, and streaming behave exactly as the standard says. ICU is used for one thing
// only: as the source of the legacy encodings' indexes (pointer -> code point). Each index is built
// once, on first use, by decoding the bytes of every pointer with an ICU converter, and is then
// corrected where ICU's table is not the standard's index. ICU's converters are not run on the input
// itself: with the substitute callback they emit U+001A rather than U+FFFD for illegal bytes, the
// Shift_JIS ones (windows-31j, ibm-943) and ibm-866 decode 0x1A, 0x1C and 0x7F as IBM PC controls,
// and where they split an illegal sequence is theirs, not the standard's (which bytes an error puts
// back is part of each decoder's algorithm).
//
// Every index was compared, pointer by pointer, with the standard's index files (all 128 pointers of
// each single-byte index, all pointers of the multi-byte ones, all 39420 four-byte pointers of
// gb18030 below U+10000); the single-byte indexes are compared again by tests/unit/test_encoding.cpp.
// What ICU 72 (Debian's libicu72) gives and what is corrected:
//   single-byte: the converter named in kSingleByteSources matches the index except KOI8-U (ICU's
//     ibm-1168 is KOI8-U, the standard's is KOI8-RU: 0xAE, 0xBE), windows-874 (ICU maps 0xDB-0xDE
//     and 0xFC-0xFF to private use, the standard leaves them unmapped), windows-1253 (0xAA is
//     unmapped in the standard), windows-1255 (0xCA is U+05BA in the standard) and ISO-8859-16, for
//     which this ICU has no converter: it is ISO-8859-1's table with the 40 differing bytes listed.
//   jis0208: windows-31j (ibm-943_P15A-2003), through Shift_JIS bytes: equal. The standard maps the
//     user-defined pointers 8836-10715 to private use in the decoder itself.
//   jis0212: euc-jp-2007, through 0x8F-prefixed EUC-JP bytes: ICU also maps 21 IBM extensions
//     (pointers 7708-7727, 7730) that the standard leaves unmapped.
//   euc-kr: windows-949-2000: equal once ICU's private-use mappings are taken as unmapped.
//   gb18030: gb18030 (GB 18030-2005): equal but for 0xA3A0 (U+3000 in the standard) and the 18
//     two-byte mappings the standard took from GB 18030-2022; the four-byte sequences below U+10000
//     equal the standard's "index gb18030 ranges" (above it, they are computed as the standard does).
//   big5: ibm-1375_P100-2008 (Big5-HKSCS): once its private-use mappings are taken as unmapped, 157
//     pointers differ (HKSCS-2008 characters ICU lacks or maps to private use); they are listed.
// If a converter cannot be opened (ICU data without it), that index is empty: every pointer is an
// error.
#include "net/encoding.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <span>
#include <utility>
#include <variant>
#include <vector>

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
// Indexes (https://encoding.spec.whatwg.org/#indexes), built from ICU and corrected (see the top)

constexpr char32_t kNoCodePoint = 0; // no index maps a pointer to U+0000

class Index {
public:
    Index() = default;
    explicit Index(std::vector<char32_t> code_points) : code_points_(std::move(code_points)) {}
    // https://encoding.spec.whatwg.org/#index-code-point (kNoCodePoint for null)
    char32_t code_point(uint32_t pointer) const { return pointer < code_points_.size() ? code_points_[pointer] : kNoCodePoint; }

private:
    std::vector<char32_t> code_points_;
};

struct IndexCorrection {
    uint32_t pointer;
    char32_t code_point; // kNoCodePoint: the standard's index has no such pointer
};

struct PointerBytes {
    std::array<char, 4> bytes{};
    uint8_t size = 0;
};

struct IndexSource {
    const char* icu_converter;
    uint32_t pointer_count;
    PointerBytes (*bytes_of)(uint32_t pointer);
    bool private_use_is_unmapped; // ICU's mappings to U+E000-U+F8FF are not in the standard's index
    std::span<const IndexCorrection> corrections;
};

bool is_private_use(char32_t c)
{
    return c >= 0xE000 && c <= 0xF8FF;
}

// The single code point ICU decodes the bytes to, or kNoCodePoint (an error, or more than one).
char32_t icu_code_point(UConverter* converter, const PointerBytes& pointer_bytes)
{
    ucnv_reset(converter);
    std::array<UChar, 4> units;
    UChar* target = units.data();
    const char* source = pointer_bytes.bytes.data();
    UErrorCode status = U_ZERO_ERROR;
    ucnv_toUnicode(converter, &target, units.data() + units.size(), &source, source + pointer_bytes.size, nullptr, true, &status);
    size_t const count = static_cast<size_t>(target - units.data());
    if (U_FAILURE(status) || count == 0)
        return kNoCodePoint;
    if (count == 1 && !U16_IS_SURROGATE(units[0]))
        return units[0];
    if (count == 2 && U16_IS_LEAD(units[0]) && U16_IS_TRAIL(units[1]))
        return U16_GET_SUPPLEMENTARY(units[0], units[1]);
    return kNoCodePoint;
}

Index build_index(const IndexSource& source)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(source.icu_converter, &status);
    if (U_FAILURE(status))
        return Index();
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::vector<char32_t> code_points(source.pointer_count, kNoCodePoint);
    for (uint32_t pointer = 0; pointer < source.pointer_count; ++pointer) {
        char32_t const c = icu_code_point(converter, source.bytes_of(pointer));
        code_points[pointer] = source.private_use_is_unmapped && is_private_use(c) ? kNoCodePoint : c;
    }
    ucnv_close(converter);
    for (auto const& correction : source.corrections)
        code_points.at(correction.pointer) = correction.code_point;
    return Index(std::move(code_points));
}

constexpr PointerBytes single_byte(uint32_t pointer)
{
    return {{static_cast<char>(0x80 + pointer)}, 1};
}

constexpr PointerBytes two_bytes(uint32_t lead, uint32_t trail)
{
    return {{static_cast<char>(lead), static_cast<char>(trail)}, 2};
}

// Pointers are byte - 0x80.
constexpr IndexCorrection kKoi8UCorrections[] = {{0x2E, 0x045E}, {0x3E, 0x040E}};
constexpr IndexCorrection kWindows1253Corrections[] = {{0x2A, kNoCodePoint}};
constexpr IndexCorrection kWindows1255Corrections[] = {{0x4A, 0x05BA}};
constexpr IndexCorrection kIso8859_16Corrections[] = {
    {0x21, 0x0104}, {0x22, 0x0105}, {0x23, 0x0141}, {0x24, 0x20AC}, {0x25, 0x201E}, {0x26, 0x0160}, {0x28, 0x0161},
    {0x2A, 0x0218}, {0x2C, 0x0179}, {0x2E, 0x017A}, {0x2F, 0x017B}, {0x32, 0x010C}, {0x33, 0x0142}, {0x34, 0x017D},
    {0x35, 0x201D}, {0x38, 0x017E}, {0x39, 0x010D}, {0x3A, 0x0219}, {0x3C, 0x0152}, {0x3D, 0x0153}, {0x3E, 0x0178},
    {0x3F, 0x017C}, {0x43, 0x0102}, {0x45, 0x0106}, {0x50, 0x0110}, {0x51, 0x0143}, {0x55, 0x0150}, {0x57, 0x015A},
    {0x58, 0x0170}, {0x5D, 0x0118}, {0x5E, 0x021A}, {0x63, 0x0103}, {0x65, 0x0107}, {0x70, 0x0111}, {0x71, 0x0144},
    {0x75, 0x0151}, {0x77, 0x015B}, {0x78, 0x0171}, {0x7D, 0x0119}, {0x7E, 0x021B},
};

constexpr IndexSource single_byte_source(const char* icu_converter, bool private_use_is_unmapped = false,
    std::span<const IndexCorrection> corrections = {})
{
    return {icu_converter, 128, single_byte, private_use_is_unmapped, corrections};
}

// The single-byte encodings' indexes, indexed by Id - Id::Ibm866 (ISO-8859-8-I has ISO-8859-8's).
constexpr IndexSource kSingleByteSources[] = {
    single_byte_source("ibm-866_P100-1995"),
    single_byte_source("ISO-8859-2"),
    single_byte_source("ISO-8859-3"),
    single_byte_source("ISO-8859-4"),
    single_byte_source("ISO-8859-5"),
    single_byte_source("ISO-8859-6"),
    single_byte_source("ISO-8859-7"),
    single_byte_source("ISO-8859-8"),
    single_byte_source("ISO-8859-8"),
    single_byte_source("ISO-8859-10"),
    single_byte_source("ISO-8859-13"),
    single_byte_source("ISO-8859-14"),
    single_byte_source("ISO-8859-15"),
    single_byte_source("ISO-8859-1", false, kIso8859_16Corrections),
    single_byte_source("KOI8-R"),
    single_byte_source("KOI8-U", false, kKoi8UCorrections),
    single_byte_source("macintosh"),
    single_byte_source("windows-874-2000", true),
    single_byte_source("windows-1250"),
    single_byte_source("windows-1251"),
    single_byte_source("windows-1252"),
    single_byte_source("windows-1253", false, kWindows1253Corrections),
    single_byte_source("windows-1254"),
    single_byte_source("windows-1255", false, kWindows1255Corrections),
    single_byte_source("windows-1256"),
    single_byte_source("windows-1257"),
    single_byte_source("windows-1258"),
    single_byte_source("x-mac-cyrillic"),
};
constexpr size_t kSingleByteCount = static_cast<size_t>(Id::XMacCyrillic) - static_cast<size_t>(Id::Ibm866) + 1;
static_assert(std::size(kSingleByteSources) == kSingleByteCount);

constexpr IndexCorrection kJis0212Corrections[] = {
    {7708, kNoCodePoint}, {7709, kNoCodePoint}, {7710, kNoCodePoint}, {7711, kNoCodePoint}, {7712, kNoCodePoint},
    {7713, kNoCodePoint}, {7714, kNoCodePoint}, {7715, kNoCodePoint}, {7716, kNoCodePoint}, {7717, kNoCodePoint},
    {7718, kNoCodePoint}, {7719, kNoCodePoint}, {7720, kNoCodePoint}, {7721, kNoCodePoint}, {7722, kNoCodePoint},
    {7723, kNoCodePoint}, {7724, kNoCodePoint}, {7725, kNoCodePoint}, {7726, kNoCodePoint}, {7727, kNoCodePoint},
    {7730, kNoCodePoint},
};

constexpr IndexCorrection kGb18030Corrections[] = {
    {6555, 0x3000}, // 0xA3A0
    // GB 18030-2022: 0xA6D9-0xA6DF, 0xA6EC, 0xA6ED, 0xA6F3
    {7182, 0xFE10}, {7183, 0xFE12}, {7184, 0xFE11}, {7185, 0xFE13}, {7186, 0xFE14}, {7187, 0xFE15}, {7188, 0xFE16},
    {7201, 0xFE17}, {7202, 0xFE18}, {7208, 0xFE19},
    // GB 18030-2022: 0xFE59, 0xFE61, 0xFE66, 0xFE67, 0xFE6D, 0xFE7E, 0xFE90, 0xFEA0
    {23775, 0x9FB4}, {23783, 0x9FB5}, {23788, 0x9FB6}, {23789, 0x9FB7}, {23795, 0x9FB8}, {23812, 0x9FB9},
    {23829, 0x9FBA}, {23845, 0x9FBB},
};

constexpr IndexCorrection kBig5Corrections[] = {
    {1008, 0x9F97}, {1016, 0x9F96}, {1099, 0x31C0}, {1100, 0x31C1}, {1101, 0x31C2}, {1102, 0x31C3},
    {1103, 0x31C4}, {1105, 0x31C5}, {1108, 0x31C6}, {1109, 0x31C7}, {1112, 0x31C8}, {1114, 0x31C9},
    {1115, 0x31CA}, {1116, 0x31CB}, {1117, 0x31CC}, {1119, 0x31CD}, {1120, 0x31CE}, {1170, 0x23DA},
    {1171, 0x23DB}, {1730, 0x9FA6}, {1772, 0x9FA7}, {1779, 0x9FA8}, {1812, 0x9FA9}, {1814, 0x9FAA},
    {1816, 0x9FAB}, {1821, 0x9FAC}, {1844, 0x9FAD}, {1845, 0x9FAE}, {1847, 0x9FAF}, {1866, 0x9FB2},
    {1892, 0x9FB3}, {2082, 0x7BB8}, {2088, 0x7C06}, {2103, 0x7CCE}, {2114, 0x7DD2}, {2123, 0x7E1D},
    {2148, 0x8005}, {2151, 0x8028}, {2221, 0x83C1}, {2239, 0x84A8}, {2244, 0x840F}, {2303, 0x89A6},
    {2304, 0x89A9}, {2354, 0x8D77}, {2400, 0x90FD}, {2413, 0x92B9}, {2477, 0x975C}, {2498, 0x97FF},
    {2605, 0x9F16}, {2673, 0x8503}, {2746, 0x5159}, {2747, 0x515B}, {2748, 0x515D}, {2749, 0x515E},
    {2771, 0x936E}, {2780, 0x7479}, {2990, 0x6D67}, {3087, 0x799B}, {3259, 0x9097}, {3301, 0x975D},
    {3436, 0x701E}, {3451, 0x5B28}, {4136, 0x7201}, {4138, 0x77D7}, {4141, 0x7E87}, {4182, 0x99D6},
    {4206, 0x91D4}, {4220, 0x60DE}, {4230, 0x6FB6}, {4241, 0x8F36}, {4258, 0x4FBB}, {4273, 0x71DF},
    {4279, 0x9104}, {4282, 0x9DF0}, {4294, 0x83CF}, {4329, 0x5C10}, {4330, 0x79E3}, {4349, 0x5A67},
    {4419, 0x8F0B}, {4422, 0x7B51}, {4494, 0x62D0}, {4624, 0x6062}, {4694, 0x75F9}, {4708, 0x6C4A},
    {4742, 0x9B2E}, {4748, 0x9F17}, {4815, 0x50ED}, {4828, 0x5F0C}, {4902, 0x880F}, {4922, 0x62CE},
    {4982, 0x7468}, {4992, 0x7162}, {4997, 0x7250}, {5432, 0x2400}, {5433, 0x2401}, {5434, 0x2402},
    {5435, 0x2403}, {5436, 0x2404}, {5437, 0x2405}, {5438, 0x2406}, {5439, 0x2407}, {5440, 0x2408},
    {5441, 0x2409}, {5442, 0x240A}, {5443, 0x240B}, {5444, 0x240C}, {5445, 0x240D}, {5446, 0x240E},
    {5447, 0x240F}, {5448, 0x2410}, {5449, 0x2411}, {5450, 0x2412}, {5451, 0x2413}, {5452, 0x2414},
    {5453, 0x2415}, {5454, 0x2416}, {5455, 0x2417}, {5456, 0x2418}, {5457, 0x2419}, {5458, 0x241A},
    {5459, 0x241B}, {5460, 0x241C}, {5461, 0x241D}, {5462, 0x241E}, {5463, 0x241F}, {5464, 0x2421},
    {10942, 0x5EF4}, {10946, 0x65E0}, {10948, 0x7676}, {10950, 0x96B6}, {10957, 0x3003}, {10958, 0x4EDD},
    {11204, 0x31CF}, {11210, 0x9FB0}, {11212, 0x9FB1}, {19028, 0x5029}, {19035, 0x507D}, {19088, 0x5305},
    {19096, 0x5344}, {19112, 0x537F}, {19162, 0x5605}, {19240, 0x5A77}, {19299, 0x5E75}, {19305, 0x5ED0},
    {19326, 0x5F58}, {19355, 0x60A4}, {19398, 0x6490}, {19439, 0x6674}, {19454, 0x675E}, {19553, 0x6C9C},
    {19554, 0x6E1D}, {19557, 0x6E2F}, {19611, 0x716E}, {19643, 0x732A}, {19672, 0x745C}, {19697, 0x74E9},
    {19748, 0x7809},
};

enum class MultiByteIndex : uint8_t { Jis0208, Jis0212, EucKr, Gb18030, Gb18030Ranges, Big5 };

// The number of pointers of "index gb18030 ranges" below U+10000 (the four-byte sequences
// 0x81308130-0x8431A439), which come from ICU; the rest of the ranges are computed.
constexpr uint32_t kGb18030BmpRangesPointers = 39420;

constexpr IndexSource kMultiByteSources[] = {
    // Shift_JIS bytes of the pointer (the Shift_JIS decoder's steps, backwards).
    {"windows-31j", 11280,
        [](uint32_t p) {
            uint32_t const lead = p / 188, trail = p % 188;
            return two_bytes(lead + (lead < 0x1F ? 0x81 : 0xC1), trail + (trail < 0x3F ? 0x40 : 0x41));
        },
        false, {}},
    {"euc-jp-2007", 94 * 94,
        [](uint32_t p) { return PointerBytes{{'\x8F', static_cast<char>(0xA1 + p / 94), static_cast<char>(0xA1 + p % 94)}, 3}; },
        false, kJis0212Corrections},
    {"windows-949-2000", 126 * 190, [](uint32_t p) { return two_bytes(0x81 + p / 190, 0x41 + p % 190); }, true, {}},
    {"gb18030", 126 * 190,
        [](uint32_t p) {
            uint32_t const trail = p % 190;
            return two_bytes(0x81 + p / 190, trail + (trail < 0x3F ? 0x40 : 0x41));
        },
        false, kGb18030Corrections},
    {"gb18030", kGb18030BmpRangesPointers,
        [](uint32_t p) {
            return PointerBytes{{static_cast<char>(0x81 + p / 12600), static_cast<char>(0x30 + p / 1260 % 10),
                                    static_cast<char>(0x81 + p / 10 % 126), static_cast<char>(0x30 + p % 10)},
                4};
        },
        false, {}},
    {"ibm-1375_P100-2008", 126 * 157,
        [](uint32_t p) {
            uint32_t const trail = p % 157;
            return two_bytes(0x81 + p / 157, trail + (trail < 0x3F ? 0x40 : 0x62));
        },
        true, kBig5Corrections},
};

template <size_t N>
class LazyIndexes {
public:
    explicit LazyIndexes(const IndexSource (&sources)[N]) : sources_(sources) {}
    const Index& get(size_t i)
    {
        std::call_once(once_[i], [&] { indexes_[i] = build_index(sources_[i]); });
        return indexes_[i];
    }

private:
    const IndexSource (&sources_)[N];
    std::array<std::once_flag, N> once_;
    std::array<Index, N> indexes_;
};

const Index& single_byte_index(Id id)
{
    static LazyIndexes indexes(kSingleByteSources);
    return indexes.get(static_cast<size_t>(id) - static_cast<size_t>(Id::Ibm866));
}

const Index& multi_byte_index(MultiByteIndex which)
{
    static LazyIndexes indexes(kMultiByteSources);
    return indexes.get(static_cast<size_t>(which));
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
