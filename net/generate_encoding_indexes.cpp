// Writes the legacy encodings' indexes (https://encoding.spec.whatwg.org/#indexes, pointer -> code
// point) as C++ arrays, at build time: usage: generate_encoding_indexes OUTPUT.cpp
//
// ICU is the source: each index is made by decoding the bytes of every pointer with an ICU
// converter, then corrected where ICU's table is not the standard's index. So duknet itself does
// not load ICU (most of a megabyte of memory at start-up) nor build tables at run time. ICU's
// converters could not replace the decoders in net/encoding.cpp anyway: with the substitute callback they emit U+001A rather than U+FFFD for illegal bytes, the
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
// If a converter cannot be opened (ICU data without it), generation fails.
#include "net/encoding_indexes.h"

#include <unicode/uclean.h>
#include <unicode/ucnv.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

namespace {

constexpr char32_t kNoCodePoint = 0; // no index maps a pointer to U+0000

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

std::vector<char32_t> build_index(const IndexSource& source)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(source.icu_converter, &status);
    if (U_FAILURE(status)) {
        std::fprintf(stderr, "generate_encoding_indexes: ICU has no converter %s\n", source.icu_converter);
        std::exit(1);
    }
    ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
    std::vector<char32_t> code_points(source.pointer_count, kNoCodePoint);
    for (uint32_t pointer = 0; pointer < source.pointer_count; ++pointer) {
        char32_t const c = icu_code_point(converter, source.bytes_of(pointer));
        code_points[pointer] = source.private_use_is_unmapped && is_private_use(c) ? kNoCodePoint : c;
    }
    ucnv_close(converter);
    for (auto const& correction : source.corrections)
        code_points.at(correction.pointer) = correction.code_point;
    return code_points;
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
static_assert(std::size(kSingleByteSources) == std::size(duknet::net::encoding_indexes::single_byte));

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

void write_index(FILE* out, const std::string& declaration, const IndexSource& source)
{
    auto code_points = build_index(source);
    std::fprintf(out, "%s = {", declaration.c_str());
    for (size_t i = 0; i < code_points.size(); ++i)
        std::fprintf(out, "%s0x%X,", i % 16 ? " " : "\n    ", static_cast<unsigned>(code_points[i]));
    std::fprintf(out, "\n};\n");
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: generate_encoding_indexes OUTPUT.cpp\n");
        return 2;
    }
    FILE* out = std::fopen(argv[1], "w");
    if (!out) {
        std::perror(argv[1]);
        return 1;
    }
    std::fprintf(out, "// Generated from ICU's tables by net/generate_encoding_indexes.cpp; do not edit.\n"
                      "#include \"net/encoding_indexes.h\"\n\nnamespace duknet::net::encoding_indexes {\n\n");
    for (size_t i = 0; i < std::size(kSingleByteSources); ++i)
        write_index(out, "static const char32_t single_byte_" + std::to_string(i) + "[128]", kSingleByteSources[i]);
    std::fprintf(out, "\nconst std::span<const char32_t> single_byte[%zu] = {", std::size(kSingleByteSources));
    for (size_t i = 0; i < std::size(kSingleByteSources); ++i)
        std::fprintf(out, "%ssingle_byte_%zu,", i % 8 ? " " : "\n    ", i);
    std::fprintf(out, "\n};\n\n");
    static const char* const names[] = { "jis0208", "jis0212", "euc_kr", "gb18030", "gb18030_bmp_ranges", "big5" };
    static_assert(std::size(names) == std::size(kMultiByteSources));
    static_assert(std::size(kMultiByteSources) == std::size(duknet::net::encoding_indexes::multi_byte));
    for (size_t i = 0; i < std::size(kMultiByteSources); ++i)
        write_index(out, "static const char32_t " + std::string(names[i]) + "_index[" + std::to_string(kMultiByteSources[i].pointer_count) + "]", kMultiByteSources[i]);
    std::fprintf(out, "\nconst std::span<const char32_t> multi_byte[%zu] = {\n", std::size(kMultiByteSources));
    for (auto* name : names)
        std::fprintf(out, "    %s_index,\n", name);
    std::fprintf(out, "};\n\n} // namespace duknet::net::encoding_indexes\n");
    u_cleanup();
    if (std::fclose(out) != 0) {
        std::perror(argv[1]);
        return 1;
    }
    return 0;
}
