// Unit tests of net/encoding: labels, the UTF-8/UTF-16/x-user-defined/replacement decoders with the
// standard's error cases and streaming, TextDecoder's BOM handling, fatal mode, and the legacy
// encodings, whose indexes come from ICU (see net/encoding.cpp).
#include "net/encoding.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using duknet::net::Decoder;
using duknet::net::Encoding;
using duknet::net::ErrorMode;
using duknet::net::get_an_encoding;
using namespace std::string_view_literals;

namespace {

Encoding encoding(std::string_view label)
{
    std::optional<Encoding> const e = get_an_encoding(label);
    REQUIRE_MESSAGE(e.has_value(), label);
    return *e;
}

std::string name_of(std::string_view label)
{
    std::optional<Encoding> const e = get_an_encoding(label);
    return e ? std::string(e->name()) : std::string("(none)");
}

// One flushing decode() in replacement mode, BOM handling on (a new TextDecoder(label).decode(bytes)).
std::string decode(std::string_view label, std::string_view bytes)
{
    return *encoding(label).new_decoder().decode(bytes);
}

std::optional<std::string> decode_fatal(std::string_view label, std::string_view bytes)
{
    return encoding(label).new_decoder(ErrorMode::Fatal).decode(bytes);
}

// The bytes decoded in chunks split at the given positions, the last call flushing.
std::optional<std::string> decode_in_chunks(std::string_view label, std::string_view bytes, const std::vector<size_t>& splits,
    ErrorMode mode = ErrorMode::Replacement)
{
    Decoder decoder = encoding(label).new_decoder(mode);
    std::string out;
    size_t start = 0;
    for (size_t const split : splits) {
        std::optional<std::string> const part = decoder.decode(bytes.substr(start, split - start), true);
        if (!part)
            return std::nullopt;
        out += *part;
        start = split;
    }
    std::optional<std::string> const last = decoder.decode(bytes.substr(start), false);
    if (!last)
        return std::nullopt;
    return out + *last;
}

// Decoding in two chunks at every position, and byte by byte, gives what decoding at once gives.
void check_streaming(std::string_view label, std::string_view bytes)
{
    std::string const whole = decode(label, bytes);
    for (size_t split = 0; split <= bytes.size(); ++split)
        CHECK_MESSAGE(decode_in_chunks(label, bytes, {split}) == whole, label, " split at ", split);
    std::vector<size_t> every;
    for (size_t i = 1; i < bytes.size(); ++i)
        every.push_back(i);
    CHECK_MESSAGE(decode_in_chunks(label, bytes, every) == whole, label, " byte by byte");
}

std::string utf8_of(char32_t c)
{
    return duknet::net::utf8_encode(c < 0x10000 ? std::u16string(1, static_cast<char16_t>(c))
                                                : std::u16string{static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)),
                                                      static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF))});
}

const std::string kReplacement = "\xEF\xBF\xBD";

std::string replacements(size_t n)
{
    std::string out;
    for (size_t i = 0; i < n; ++i)
        out += kReplacement;
    return out;
}

// The Encoding Standard's single-byte indexes (https://encoding.spec.whatwg.org/#legacy-single-byte-encodings):
// for pointers 0-127 (bytes 0x80-0xFF), each code point as four hex digits, 0000 where the index has
// no pointer. Taken from the standard's index-*.txt files.
struct SingleByteIndex {
    std::string_view label;
    std::string_view code_points;
};

const SingleByteIndex kSingleByteIndexes[] = {
    {"ibm866",
        "0410041104120413041404150416041704180419041A041B041C041D041E041F04200421042204230424042504260427"
        "04280429042A042B042C042D042E042F0430043104320433043404350436043704380439043A043B043C043D043E043F"
        "259125922593250225242561256225562555256325512557255D255C255B251025142534252C251C2500253C255E255F"
        "255A25542569256625602550256C25672568256425652559255825522553256B256A2518250C25882584258C25902580"
        "0440044104420443044404450446044704480449044A044B044C044D044E044F040104510404045404070457040E045E"
        "00B0221900B7221A211600A425A000A0"
    },
    {"iso-8859-2",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A0010402D8014100A4013D015A00A700A80160015E0164017900AD017D017B"
        "00B0010502DB014200B4013E015B02C700B80161015F0165017A02DD017E017C015400C100C2010200C40139010600C7"
        "010C00C9011800CB011A00CD00CE010E01100143014700D300D4015000D600D70158016E00DA017000DC00DD016200DF"
        "015500E100E2010300E4013A010700E7010D00E9011900EB011B00ED00EE010F01110144014800F300F4015100F600F7"
        "0159016F00FA017100FC00FD016302D9"
    },
    {"iso-8859-3",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A0012602D800A300A40000012400A700A80130015E011E013400AD0000017B"
        "00B0012700B200B300B400B5012500B700B80131015F011F013500BD0000017C00C000C100C2000000C4010A010800C7"
        "00C800C900CA00CB00CC00CD00CE00CF000000D100D200D300D4012000D600D7011C00D900DA00DB00DC016C015C00DF"
        "00E000E100E2000000E4010B010900E700E800E900EA00EB00EC00ED00EE00EF000000F100F200F300F4012100F600F7"
        "011D00F900FA00FB00FC016D015D02D9"
    },
    {"iso-8859-4",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A001040138015600A40128013B00A700A8016001120122016600AD017D00AF"
        "00B0010502DB015700B40129013C02C700B80161011301230167014A017E014B010000C100C200C300C400C500C6012E"
        "010C00C9011800CB011600CD00CE012A01100145014C013600D400D500D600D700D8017200DA00DB00DC0168016A00DF"
        "010100E100E200E300E400E500E6012F010D00E9011900EB011700ED00EE012B01110146014D013700F400F500F600F7"
        "00F8017300FA00FB00FC0169016B02D9"
    },
    {"iso-8859-5",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A0040104020403040404050406040704080409040A040B040C00AD040E040F"
        "0410041104120413041404150416041704180419041A041B041C041D041E041F04200421042204230424042504260427"
        "04280429042A042B042C042D042E042F0430043104320433043404350436043704380439043A043B043C043D043E043F"
        "0440044104420443044404450446044704480449044A044B044C044D044E044F21160451045204530454045504560457"
        "04580459045A045B045C00A7045E045F"
    },
    {"iso-8859-6",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A000000000000000A40000000000000000000000000000060C00AD00000000"
        "00000000000000000000000000000000000000000000061B000000000000061F00000621062206230624062506260627"
        "06280629062A062B062C062D062E062F0630063106320633063406350636063706380639063A00000000000000000000"
        "0640064106420643064406450646064706480649064A064B064C064D064E064F06500651065200000000000000000000"
        "00000000000000000000000000000000"
    },
    {"iso-8859-7",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A02018201900A320AC20AF00A600A700A800A9037A00AB00AC00AD00002015"
        "00B000B100B200B303840385038600B703880389038A00BB038C00BD038E038F03900391039203930394039503960397"
        "03980399039A039B039C039D039E039F03A003A1000003A303A403A503A603A703A803A903AA03AB03AC03AD03AE03AF"
        "03B003B103B203B303B403B503B603B703B803B903BA03BB03BC03BD03BE03BF03C003C103C203C303C403C503C603C7"
        "03C803C903CA03CB03CC03CD03CE0000"
    },
    {"iso-8859-8",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A0000000A200A300A400A500A600A700A800A900D700AB00AC00AD00AE00AF"
        "00B000B100B200B300B400B500B600B700B800B900F700BB00BC00BD00BE000000000000000000000000000000000000"
        "000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002017"
        "05D005D105D205D305D405D505D605D705D805D905DA05DB05DC05DD05DE05DF05E005E105E205E305E405E505E605E7"
        "05E805E905EA00000000200E200F0000"
    },
    {"iso-8859-10",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A0010401120122012A0128013600A7013B011001600166017D00AD016A014A"
        "00B0010501130123012B0129013700B7013C011101610167017E2015016B014B010000C100C200C300C400C500C6012E"
        "010C00C9011800CB011600CD00CE00CF00D00145014C00D300D400D500D6016800D8017200DA00DB00DC00DD00DE00DF"
        "010100E100E200E300E400E500E6012F010D00E9011900EB011700ED00EE00EF00F00146014D00F300F400F500F60169"
        "00F8017300FA00FB00FC00FD00FE0138"
    },
    {"iso-8859-13",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A0201D00A200A300A4201E00A600A700D800A9015600AB00AC00AD00AE00C6"
        "00B000B100B200B3201C00B500B600B700F800B9015700BB00BC00BD00BE00E60104012E0100010600C400C501180112"
        "010C00C90179011601220136012A013B01600143014500D3014C00D500D600D701720141015A016A00DC017B017D00DF"
        "0105012F0101010700E400E501190113010D00E9017A011701230137012B013C01610144014600F3014D00F500F600F7"
        "01730142015B016B00FC017C017E2019"
    },
    {"iso-8859-14",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A01E021E0300A3010A010B1E0A00A71E8000A91E821E0B1EF200AD00AE0178"
        "1E1E1E1F012001211E401E4100B61E561E811E571E831E601EF31E841E851E6100C000C100C200C300C400C500C600C7"
        "00C800C900CA00CB00CC00CD00CE00CF017400D100D200D300D400D500D61E6A00D800D900DA00DB00DC00DD017600DF"
        "00E000E100E200E300E400E500E600E700E800E900EA00EB00EC00ED00EE00EF017500F100F200F300F400F500F61E6B"
        "00F800F900FA00FB00FC00FD017700FF"
    },
    {"iso-8859-15",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A000A100A200A320AC00A5016000A7016100A900AA00AB00AC00AD00AE00AF"
        "00B000B100B200B3017D00B500B600B7017E00B900BA00BB01520153017800BF00C000C100C200C300C400C500C600C7"
        "00C800C900CA00CB00CC00CD00CE00CF00D000D100D200D300D400D500D600D700D800D900DA00DB00DC00DD00DE00DF"
        "00E000E100E200E300E400E500E600E700E800E900EA00EB00EC00ED00EE00EF00F000F100F200F300F400F500F600F7"
        "00F800F900FA00FB00FC00FD00FE00FF"
    },
    {"iso-8859-16",
        "0080008100820083008400850086008700880089008A008B008C008D008E008F00900091009200930094009500960097"
        "00980099009A009B009C009D009E009F00A001040105014120AC201E016000A7016100A9021800AB017900AD017A017B"
        "00B000B1010C0142017D201D00B600B7017E010D021900BB015201530178017C00C000C100C2010200C4010600C600C7"
        "00C800C900CA00CB00CC00CD00CE00CF0110014300D200D300D4015000D6015A017000D900DA00DB00DC0118021A00DF"
        "00E000E100E2010300E4010700E600E700E800E900EA00EB00EC00ED00EE00EF0111014400F200F300F4015100F6015B"
        "017100F900FA00FB00FC0119021B00FF"
    },
    {"koi8-r",
        "25002502250C251025142518251C2524252C2534253C258025842588258C2590259125922593232025A02219221A2248"
        "2264226500A0232100B000B200B700F725502551255204512553255425552556255725582559255A255B255C255D255E"
        "255F25602561040125622563256425652566256725682569256A256B256C00A9044E0430043104460434043504440433"
        "044504380439043A043B043C043D043E043F044F044004410442044304360432044C044B04370448044D04490447044A"
        "042E0410041104260414041504240413042504180419041A041B041C041D041E041F042F042004210422042304160412"
        "042C042B04170428042D04290427042A"
    },
    {"koi8-u",
        "25002502250C251025142518251C2524252C2534253C258025842588258C2590259125922593232025A02219221A2248"
        "2264226500A0232100B000B200B700F725502551255204510454255404560457255725582559255A255B0491045E255E"
        "255F25602561040104042563040604072566256725682569256A0490040E00A9044E0430043104460434043504440433"
        "044504380439043A043B043C043D043E043F044F044004410442044304360432044C044B04370448044D04490447044A"
        "042E0410041104260414041504240413042504180419041A041B041C041D041E041F042F042004210422042304160412"
        "042C042B04170428042D04290427042A"
    },
    {"macintosh",
        "00C400C500C700C900D100D600DC00E100E000E200E400E300E500E700E900E800EA00EB00ED00EC00EE00EF00F100F3"
        "00F200F400F600F500FA00F900FB00FC202000B000A200A300A7202200B600DF00AE00A9212200B400A8226000C600D8"
        "221E00B12264226500A500B522022211220F03C0222B00AA00BA03A900E600F800BF00A100AC221A01922248220600AB"
        "00BB202600A000C000C300D50152015320132014201C201D2018201900F725CA00FF0178204420AC2039203AFB01FB02"
        "202100B7201A201E203000C200CA00C100CB00C800CD00CE00CF00CC00D300D4F8FF00D200DA00DB00D9013102C602DC"
        "00AF02D802D902DA00B802DD02DB02C7"
    },
    {"windows-874",
        "20AC008100820083008420260086008700880089008A008B008C008D008E008F009020182019201C201D202220132014"
        "00980099009A009B009C009D009E009F00A00E010E020E030E040E050E060E070E080E090E0A0E0B0E0C0E0D0E0E0E0F"
        "0E100E110E120E130E140E150E160E170E180E190E1A0E1B0E1C0E1D0E1E0E1F0E200E210E220E230E240E250E260E27"
        "0E280E290E2A0E2B0E2C0E2D0E2E0E2F0E300E310E320E330E340E350E360E370E380E390E3A00000000000000000E3F"
        "0E400E410E420E430E440E450E460E470E480E490E4A0E4B0E4C0E4D0E4E0E4F0E500E510E520E530E540E550E560E57"
        "0E580E590E5A0E5B0000000000000000"
    },
    {"windows-1250",
        "20AC0081201A0083201E2026202020210088203001602039015A0164017D0179009020182019201C201D202220132014"
        "009821220161203A015B0165017E017A00A002C702D8014100A4010400A600A700A800A9015E00AB00AC00AD00AE017B"
        "00B000B102DB014200B400B500B600B700B80105015F00BB013D02DD013E017C015400C100C2010200C40139010600C7"
        "010C00C9011800CB011A00CD00CE010E01100143014700D300D4015000D600D70158016E00DA017000DC00DD016200DF"
        "015500E100E2010300E4013A010700E7010D00E9011900EB011B00ED00EE010F01110144014800F300F4015100F600F7"
        "0159016F00FA017100FC00FD016302D9"
    },
    {"windows-1251",
        "04020403201A0453201E20262020202120AC203004092039040A040C040B040F045220182019201C201D202220132014"
        "009821220459203A045A045C045B045F00A0040E045E040800A4049000A600A7040100A9040400AB00AC00AD00AE0407"
        "00B000B104060456049100B500B600B704512116045400BB045804050455045704100411041204130414041504160417"
        "04180419041A041B041C041D041E041F0420042104220423042404250426042704280429042A042B042C042D042E042F"
        "0430043104320433043404350436043704380439043A043B043C043D043E043F04400441044204430444044504460447"
        "04480449044A044B044C044D044E044F"
    },
    {"windows-1252",
        "20AC0081201A0192201E20262020202102C62030016020390152008D017D008F009020182019201C201D202220132014"
        "02DC21220161203A0153009D017E017800A000A100A200A300A400A500A600A700A800A900AA00AB00AC00AD00AE00AF"
        "00B000B100B200B300B400B500B600B700B800B900BA00BB00BC00BD00BE00BF00C000C100C200C300C400C500C600C7"
        "00C800C900CA00CB00CC00CD00CE00CF00D000D100D200D300D400D500D600D700D800D900DA00DB00DC00DD00DE00DF"
        "00E000E100E200E300E400E500E600E700E800E900EA00EB00EC00ED00EE00EF00F000F100F200F300F400F500F600F7"
        "00F800F900FA00FB00FC00FD00FE00FF"
    },
    {"windows-1253",
        "20AC0081201A0192201E20262020202100882030008A2039008C008D008E008F009020182019201C201D202220132014"
        "00982122009A203A009C009D009E009F00A00385038600A300A400A500A600A700A800A9000000AB00AC00AD00AE2015"
        "00B000B100B200B3038400B500B600B703880389038A00BB038C00BD038E038F03900391039203930394039503960397"
        "03980399039A039B039C039D039E039F03A003A1000003A303A403A503A603A703A803A903AA03AB03AC03AD03AE03AF"
        "03B003B103B203B303B403B503B603B703B803B903BA03BB03BC03BD03BE03BF03C003C103C203C303C403C503C603C7"
        "03C803C903CA03CB03CC03CD03CE0000"
    },
    {"windows-1254",
        "20AC0081201A0192201E20262020202102C62030016020390152008D008E008F009020182019201C201D202220132014"
        "02DC21220161203A0153009D009E017800A000A100A200A300A400A500A600A700A800A900AA00AB00AC00AD00AE00AF"
        "00B000B100B200B300B400B500B600B700B800B900BA00BB00BC00BD00BE00BF00C000C100C200C300C400C500C600C7"
        "00C800C900CA00CB00CC00CD00CE00CF011E00D100D200D300D400D500D600D700D800D900DA00DB00DC0130015E00DF"
        "00E000E100E200E300E400E500E600E700E800E900EA00EB00EC00ED00EE00EF011F00F100F200F300F400F500F600F7"
        "00F800F900FA00FB00FC0131015F00FF"
    },
    {"windows-1255",
        "20AC0081201A0192201E20262020202102C62030008A2039008C008D008E008F009020182019201C201D202220132014"
        "02DC2122009A203A009C009D009E009F00A000A100A200A320AA00A500A600A700A800A900D700AB00AC00AD00AE00AF"
        "00B000B100B200B300B400B500B600B700B800B900F700BB00BC00BD00BE00BF05B005B105B205B305B405B505B605B7"
        "05B805B905BA05BB05BC05BD05BE05BF05C005C105C205C305F005F105F205F305F40000000000000000000000000000"
        "05D005D105D205D305D405D505D605D705D805D905DA05DB05DC05DD05DE05DF05E005E105E205E305E405E505E605E7"
        "05E805E905EA00000000200E200F0000"
    },
    {"windows-1256",
        "20AC067E201A0192201E20262020202102C6203006792039015206860698068806AF20182019201C201D202220132014"
        "06A921220691203A0153200C200D06BA00A0060C00A200A300A400A500A600A700A800A906BE00AB00AC00AD00AE00AF"
        "00B000B100B200B300B400B500B600B700B800B9061B00BB00BC00BD00BE061F06C10621062206230624062506260627"
        "06280629062A062B062C062D062E062F063006310632063306340635063600D7063706380639063A0640064106420643"
        "00E0064400E2064506460647064800E700E800E900EA00EB0649064A00EE00EF064B064C064D064E00F4064F065000F7"
        "065100F9065200FB00FC200E200F06D2"
    },
    {"windows-1257",
        "20AC0081201A0083201E20262020202100882030008A2039008C00A802C700B8009020182019201C201D202220132014"
        "00982122009A203A009C00AF02DB009F00A0000000A200A300A4000000A600A700D800A9015600AB00AC00AD00AE00C6"
        "00B000B100B200B300B400B500B600B700F800B9015700BB00BC00BD00BE00E60104012E0100010600C400C501180112"
        "010C00C90179011601220136012A013B01600143014500D3014C00D500D600D701720141015A016A00DC017B017D00DF"
        "0105012F0101010700E400E501190113010D00E9017A011701230137012B013C01610144014600F3014D00F500F600F7"
        "01730142015B016B00FC017C017E02D9"
    },
    {"windows-1258",
        "20AC0081201A0192201E20262020202102C62030008A20390152008D008E008F009020182019201C201D202220132014"
        "02DC2122009A203A0153009D009E017800A000A100A200A300A400A500A600A700A800A900AA00AB00AC00AD00AE00AF"
        "00B000B100B200B300B400B500B600B700B800B900BA00BB00BC00BD00BE00BF00C000C100C2010200C400C500C600C7"
        "00C800C900CA00CB030000CD00CE00CF011000D1030900D300D401A000D600D700D800D900DA00DB00DC01AF030300DF"
        "00E000E100E2010300E400E500E600E700E800E900EA00EB030100ED00EE00EF011100F1032300F300F401A100F600F7"
        "00F800F900FA00FB00FC01B020AB00FF"
    },
    {"x-mac-cyrillic",
        "0410041104120413041404150416041704180419041A041B041C041D041E041F04200421042204230424042504260427"
        "04280429042A042B042C042D042E042F202000B0049000A300A7202200B6040600AE00A9212204020452226004030453"
        "221E00B122642265045600B504910408040404540407045704090459040A045A0458040500AC221A01922248220600AB"
        "00BB202600A0040B045B040C045C045520132014201C201D2018201900F7201E040E045E040F045F211604010451044F"
        "0430043104320433043404350436043704380439043A043B043C043D043E043F04400441044204430444044504460447"
        "04480449044A044B044C044D044E20AC"
    },
};

unsigned hex_at(std::string_view hex, size_t pointer)
{
    return static_cast<unsigned>(std::stoul(std::string(hex.substr(pointer * 4, 4)), nullptr, 16));
}

} // namespace

TEST_CASE("get an encoding: labels, names, whitespace and case")
{
    CHECK(name_of("utf-8") == "UTF-8");
    CHECK(name_of("unicode-1-1-utf-8") == "UTF-8");
    CHECK(name_of("unicode11utf8") == "UTF-8");
    CHECK(name_of("x-unicode20utf8") == "UTF-8");
    CHECK(name_of("UTF8") == "UTF-8");
    CHECK(name_of(" \t\n\f\rUtF-8\r\n ") == "UTF-8");
    CHECK(name_of("866") == "IBM866");
    CHECK(name_of("latin2") == "ISO-8859-2");
    CHECK(name_of("ISO_8859-3:1988") == "ISO-8859-3");
    CHECK(name_of("csisolatincyrillic") == "ISO-8859-5");
    CHECK(name_of("iso-8859-6-i") == "ISO-8859-6");
    CHECK(name_of("sun_eu_greek") == "ISO-8859-7");
    CHECK(name_of("visual") == "ISO-8859-8");
    CHECK(name_of("logical") == "ISO-8859-8-I");
    CHECK(name_of("l6") == "ISO-8859-10");
    CHECK(name_of("iso885913") == "ISO-8859-13");
    CHECK(name_of("iso8859-14") == "ISO-8859-14");
    CHECK(name_of("l9") == "ISO-8859-15");
    CHECK(name_of("iso-8859-16") == "ISO-8859-16");
    CHECK(name_of("koi") == "KOI8-R");
    CHECK(name_of("koi8-ru") == "KOI8-U");
    CHECK(name_of("x-mac-roman") == "macintosh");
    CHECK(name_of("tis-620") == "windows-874");
    CHECK(name_of("iso-8859-11") == "windows-874");
    CHECK(name_of("x-cp1250") == "windows-1250");
    CHECK(name_of("cp1251") == "windows-1251");
    CHECK(name_of("iso-8859-1") == "windows-1252");
    CHECK(name_of("ASCII") == "windows-1252");
    CHECK(name_of("us-ascii") == "windows-1252");
    CHECK(name_of("latin1") == "windows-1252");
    CHECK(name_of("windows-1253") == "windows-1253");
    CHECK(name_of("iso-8859-9") == "windows-1254");
    CHECK(name_of("cp1255") == "windows-1255");
    CHECK(name_of("x-cp1256") == "windows-1256");
    CHECK(name_of("windows-1257") == "windows-1257");
    CHECK(name_of("cp1258") == "windows-1258");
    CHECK(name_of("x-mac-ukrainian") == "x-mac-cyrillic");
    CHECK(name_of("gb2312") == "GBK");
    CHECK(name_of("chinese") == "GBK");
    CHECK(name_of("x-gbk") == "GBK");
    CHECK(name_of("gb18030") == "gb18030");
    CHECK(name_of("big5-hkscs") == "Big5");
    CHECK(name_of("x-x-big5") == "Big5");
    CHECK(name_of("cseucpkdfmtjapanese") == "EUC-JP");
    CHECK(name_of("csiso2022jp") == "ISO-2022-JP");
    CHECK(name_of("ms932") == "Shift_JIS");
    CHECK(name_of("windows-31j") == "Shift_JIS");
    CHECK(name_of("SJIS") == "Shift_JIS");
    CHECK(name_of("ks_c_5601-1987") == "EUC-KR");
    CHECK(name_of("windows-949") == "EUC-KR");
    CHECK(name_of("iso-2022-kr") == "replacement");
    CHECK(name_of("hz-gb-2312") == "replacement");
    CHECK(name_of("iso-2022-cn-ext") == "replacement");
    CHECK(name_of("replacement") == "replacement");
    CHECK(name_of("unicodefffe") == "UTF-16BE");
    CHECK(name_of("utf-16be") == "UTF-16BE");
    CHECK(name_of("utf-16") == "UTF-16LE");
    CHECK(name_of("unicode") == "UTF-16LE");
    CHECK(name_of("ucs-2") == "UTF-16LE");
    CHECK(name_of("csunicode") == "UTF-16LE");
    CHECK(name_of("x-user-defined") == "x-user-defined");

    // Each name is also a label of its encoding.
    for (auto const* name : {"UTF-8", "IBM866", "ISO-8859-8-I", "KOI8-U", "macintosh", "x-mac-cyrillic", "GBK", "gb18030", "Big5",
             "EUC-JP", "ISO-2022-JP", "Shift_JIS", "EUC-KR", "replacement", "UTF-16BE", "UTF-16LE", "x-user-defined"})
        CHECK(name_of(name) == name);

    // Not labels: unknown encodings, inner or non-ASCII whitespace, Unicode case folding.
    for (auto const* label : {"", " ", "utf-7", "utf-32", "utf-16-le", "latin10", "iso-8859-12", "x-user-defined2", "utf 8",
             "\vutf-8", "\xC2\xA0utf-8", "\xE2\x84\xAAoi8-r"})
        CHECK_MESSAGE(!get_an_encoding(label), label);
    CHECK(!get_an_encoding("utf-8\0"sv));

    // Encoding is a small value type.
    static_assert(sizeof(Encoding) == 1);
    CHECK(encoding("latin1") == encoding("windows-1252"));
    CHECK(encoding("latin1") != encoding("latin2"));
    CHECK(Encoding::utf8().name() == "UTF-8");
}

TEST_CASE("UTF-8 decoder")
{
    CHECK(decode("utf-8", "") == "");
    CHECK(decode("utf-8", "plain ASCII \x01\x7F") == "plain ASCII \x01\x7F");
    CHECK(decode("utf-8", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80") == "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
    CHECK(decode("utf-8", "\xF4\x8F\xBF\xBF\xEF\xBF\xBF") == "\xF4\x8F\xBF\xBF\xEF\xBF\xBF"); // U+10FFFF, U+FFFF
    CHECK(decode("utf-8", "\xED\x9F\xBF\xEE\x80\x80") == "\xED\x9F\xBF\xEE\x80\x80");     // U+D7FF, U+E000

    // Each byte that cannot start or continue a sequence is one error; a byte outside the allowed
    // range after a lead ends the sequence (one error) and is decoded again.
    CHECK(decode("utf-8", "\x80") == replacements(1));
    CHECK(decode("utf-8", "\xBF\xBF") == replacements(2));
    CHECK(decode("utf-8", "\xC0\x80") == replacements(2));                   // overlong NUL
    CHECK(decode("utf-8", "\xC1\xBF") == replacements(2));                   // overlong
    CHECK(decode("utf-8", "\xE0\x80\xAF") == replacements(3));               // overlong, 3 bytes
    CHECK(decode("utf-8", "\xE0\x9F\xBF") == replacements(3));
    CHECK(decode("utf-8", "\xF0\x80\x80\xAF") == replacements(4));           // overlong, 4 bytes
    CHECK(decode("utf-8", "\xF0\x8F\xBF\xBF") == replacements(4));
    CHECK(decode("utf-8", "\xED\xA0\x80") == replacements(3));               // U+D800
    CHECK(decode("utf-8", "\xED\xBF\xBF") == replacements(3));               // U+DFFF
    CHECK(decode("utf-8", "\xED\xA0\xBD\xED\xB8\x80") == replacements(6));   // a CESU-8 pair
    CHECK(decode("utf-8", "\xF4\x90\x80\x80") == replacements(4));           // above U+10FFFF
    CHECK(decode("utf-8", "\xF5\x80\x80\x80") == replacements(4));
    CHECK(decode("utf-8", "\xF8\x88\x80\x80\x80") == replacements(5));
    CHECK(decode("utf-8", "\xFE\xFF") == replacements(2));
    // Truncated sequences: one error each.
    CHECK(decode("utf-8", "\xC3") == replacements(1));
    CHECK(decode("utf-8", "\xE2\x82") == replacements(1));
    CHECK(decode("utf-8", "\xF0\x9F\x98") == replacements(1));
    CHECK(decode("utf-8", "\xE2\x82" "A") == kReplacement + "A");
    CHECK(decode("utf-8", "\xF0\x9F\x98\xC3\xA9") == kReplacement + "\xC3\xA9");
    CHECK(decode("utf-8", "a\xF0\x9F\x98" "b\xE2" "c") == "a" + kReplacement + "b" + kReplacement + "c");

    // The ASCII fast path hands over to the state machine mid-chunk and back.
    std::string long_text(1000, 'x');
    long_text += "\xE2\x82\xAC";
    long_text += std::string(17, 'y');
    long_text += "\xFF";
    CHECK(decode("utf-8", long_text) == std::string(1000, 'x') + "\xE2\x82\xAC" + std::string(17, 'y') + kReplacement);

    // Sequences split across stream calls at every position.
    check_streaming("utf-8", "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z");
    check_streaming("utf-8", "\xE0\x80\xAF\xED\xA0\x80\xF0\x9F\x98\xC3\xF4\x90\x80\x80\xE2\x82");
    CHECK(decode_in_chunks("utf-8", "\xE2\x82\xAC", {1, 1, 2, 2, 3}) == "\xE2\x82\xAC");
}

TEST_CASE("UTF-8 helpers: utf8_decode, utf8_decode_without_bom, utf8_encode")
{
    using duknet::net::utf8_decode;
    using duknet::net::utf8_decode_without_bom;
    using duknet::net::utf8_encode;
    CHECK(utf8_decode("\xEF\xBB\xBF" "a\xFF") == "a" + kReplacement);
    CHECK(utf8_decode("\xEF\xBB\xBF\xEF\xBB\xBF") == "\xEF\xBB\xBF"); // only the first BOM is skipped
    CHECK(utf8_decode("\xEF\xBB") == kReplacement);
    CHECK(utf8_decode_without_bom("\xEF\xBB\xBF" "a") == "\xEF\xBB\xBF" "a");
    CHECK(utf8_decode_without_bom("\xC0") == kReplacement);

    CHECK(utf8_encode(u"") == "");
    CHECK(utf8_encode(u"a\u00E9\u20AC") == "a\xC3\xA9\xE2\x82\xAC");
    CHECK(utf8_encode(u"\U0001F600") == "\xF0\x9F\x98\x80");
    CHECK(utf8_encode(std::u16string{0xD800}) == kReplacement);
    CHECK(utf8_encode(std::u16string{0xDC00, 0xD800}) == replacements(2));
    CHECK(utf8_encode(std::u16string{u'a', 0xD83D, u'b'}) == "a" + kReplacement + "b");
    CHECK(utf8_encode(std::u16string{0xD83D, 0xD83D, 0xDE00}) == kReplacement + "\xF0\x9F\x98\x80");
}

TEST_CASE("UTF-16 decoders")
{
    CHECK(decode("utf-16le", std::string("A\0\xE9\0\xAC\x20", 6)) == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(decode("utf-16be", std::string("\0A\0\xE9\x20\xAC", 6)) == "A\xC3\xA9\xE2\x82\xAC");
    CHECK(decode("utf-16le", "\x3D\xD8\x00\xDE"sv) == "\xF0\x9F\x98\x80");
    CHECK(decode("utf-16be", "\xD8\x3D\xDE\x00"sv) == "\xF0\x9F\x98\x80");
    // An odd byte count: the last byte is an error.
    CHECK(decode("utf-16le", "A") == kReplacement);
    CHECK(decode("utf-16le", std::string("A\0B", 3)) == "A" + kReplacement);
    CHECK(decode("utf-16be", std::string("\0A\0", 3)) == "A" + kReplacement);
    // Lone surrogates.
    CHECK(decode("utf-16le", "\x00\xDC"sv) == kReplacement);
    CHECK(decode("utf-16le", "\x3D\xD8") == kReplacement);
    CHECK(decode("utf-16le", std::string("\x3D\xD8" "A\0", 4)) == kReplacement + "A");
    CHECK(decode("utf-16be", std::string("\xD8\x3D\0A", 4)) == kReplacement + "A");
    CHECK(decode("utf-16le", "\x3D\xD8\x3D\xD8\x00\xDE"sv) == kReplacement + "\xF0\x9F\x98\x80");
    CHECK(decode("utf-16le", "\x3D\xD8\x3D\xD8") == replacements(2));
    CHECK(decode("utf-16le", std::string("\x3D\xD8\x00", 3)) == replacements(1));
    CHECK(decode_fatal("utf-16le", "\x00\xDC"sv) == std::nullopt);
    CHECK(decode_fatal("utf-16le", "a") == std::nullopt);
    check_streaming("utf-16le", std::string("a\0\x3D\xD8\x00\xDE\x3D\xD8" "b\0\xAC\x20\x00", 13));
    check_streaming("utf-16be", std::string("\0a\xD8\x3D\xDE\x00\xDC\x00\xD8\x3D", 10));
}

TEST_CASE("x-user-defined and replacement decoders")
{
    CHECK(decode("x-user-defined", "a\x80\xFF") == "a\xEF\x9E\x80\xEF\x9F\xBF"); // U+F780, U+F7FF
    CHECK(decode("replacement", "") == "");
    CHECK(decode("replacement", "anything at all") == kReplacement);
    CHECK(decode_fatal("replacement", "a") == std::nullopt);
    CHECK(decode_fatal("replacement", "") == "");
    CHECK(decode_in_chunks("replacement", "abc", {1, 2}) == kReplacement);
}

TEST_CASE("BOM sniffing and the one-shot decode")
{
    using duknet::net::bom_sniff;
    Encoding const windows_1252 = encoding("windows-1252");
    CHECK(bom_sniff("\xEF\xBB\xBF")->name() == "UTF-8");
    CHECK(bom_sniff("\xFE\xFF")->name() == "UTF-16BE");
    CHECK(bom_sniff("\xFF\xFE")->name() == "UTF-16LE");
    CHECK(!bom_sniff("\xEF\xBB"));
    CHECK(!bom_sniff(""));

    CHECK(duknet::net::decode("\xEF\xBB\xBF" "caf\xC3\xA9", windows_1252) == "caf\xC3\xA9");
    CHECK(duknet::net::decode(std::string("\xFE\xFF\0A", 4), windows_1252) == "A");
    CHECK(duknet::net::decode(std::string("\xFF\xFE" "A\0", 4), Encoding::utf8()) == "A");
    CHECK(duknet::net::decode("caf\xE9 \x80", windows_1252) == "caf\xC3\xA9 \xE2\x82\xAC");
    CHECK(duknet::net::decode("\xEF\xBB\xBF\xEF\xBB\xBF", Encoding::utf8()) == "\xEF\xBB\xBF");
    CHECK(duknet::net::decode("\xEF\xBB\xBF\xFF", windows_1252) == kReplacement);
    // Without a BOM the fallback decodes everything, a UTF-16 BOM-like prefix included.
    CHECK(duknet::net::decode("\xFE", windows_1252) == "\xC3\xBE");
}

TEST_CASE("TextDecoder: BOM seen, ignore BOM and do not flush")
{
    CHECK(decode("utf-8", "\xEF\xBB\xBF" "a") == "a");
    CHECK(decode("utf-8", "\xEF\xBB\xBF") == "");
    CHECK(decode("utf-8", "\xEF\xBB\xBF\xEF\xBB\xBF") == "\xEF\xBB\xBF");
    CHECK(decode("utf-16le", "\xFF\xFE" "a\0"sv) == "a");
    CHECK(decode("utf-16be", std::string("\xFE\xFF\0a", 4)) == "a");
    CHECK(decode("utf-16be", std::string("\xFF\xFE\0a", 4)) == "\xEF\xBF\xBE" "a"); // U+FFFE is no BOM
    CHECK(decode("windows-1252", "\xEF\xBB\xBF") == "\xC3\xAF\xC2\xBB\xC2\xBF");    // only UTF-8/16 strip it

    CHECK(*encoding("utf-8").new_decoder(ErrorMode::Replacement, true).decode("\xEF\xBB\xBF" "a") == "\xEF\xBB\xBF" "a");

    // The BOM split across calls; a BOM after the first code point is text.
    CHECK(decode_in_chunks("utf-8", "\xEF\xBB\xBF" "a", {1, 2, 3}) == "a");
    CHECK(decode_in_chunks("utf-8", "a\xEF\xBB\xBF", {1}) == "a\xEF\xBB\xBF");
    CHECK(decode_in_chunks("utf-16le", "\xFF\xFE" "a\0"sv, {1, 3}) == "a");

    Decoder decoder = Encoding::utf8().new_decoder();
    CHECK(decoder.decode("", true) == ""); // no code point yet: the BOM may still come
    CHECK(decoder.decode("\xEF\xBB\xBF" "a", true) == "a");
    CHECK(decoder.decode("\xEF\xBB\xBF", true) == "\xEF\xBB\xBF");
    CHECK(decoder.decode("\xE2\x82", true) == "");
    CHECK(decoder.decode("\xAC", false) == "\xE2\x82\xAC");
    // After a flush the next call starts over: a new BOM is stripped again.
    CHECK(decoder.decode("\xEF\xBB\xBF" "b") == "b");
    CHECK(decoder.decode("\xE2\x82", true) == "");
    CHECK(decoder.decode("") == kReplacement);
    CHECK(decoder.decode("c") == "c");

    CHECK(decoder.encoding() == Encoding::utf8());
    CHECK(decoder.error_mode() == ErrorMode::Replacement);
    CHECK(!decoder.ignore_bom());
}

TEST_CASE("fatal error mode")
{
    CHECK(decode_fatal("utf-8", "caf\xC3\xA9") == "caf\xC3\xA9");
    CHECK(decode_fatal("utf-8", "\xC3") == std::nullopt);
    CHECK(decode_fatal("utf-8", "a\xFF" "b") == std::nullopt);
    CHECK(decode_fatal("utf-8", "\xED\xA0\x80") == std::nullopt);

    Decoder decoder = Encoding::utf8().new_decoder(ErrorMode::Fatal);
    CHECK(decoder.decode("\xF0\x9F", true) == ""); // incomplete, but more may come
    CHECK(decoder.decode("\x98\x80", true) == "\xF0\x9F\x98\x80");
    CHECK(decoder.decode("\xE2", true) == "");
    CHECK(decoder.decode("") == std::nullopt); // flushed incomplete
    CHECK(decoder.decode("ok") == "ok");       // and a new start
    CHECK(decode_in_chunks("utf-8", "\xE2\x82\xAC", {1, 2}, ErrorMode::Fatal) == "\xE2\x82\xAC");
    CHECK(decode_in_chunks("utf-8", "\xE2\x82", {1}, ErrorMode::Fatal) == std::nullopt);

    CHECK(decode_fatal("windows-1252", "\x81\x8D") == "\xC2\x81\xC2\x8D"); // windows-1252 maps every byte
    CHECK(decode_fatal("windows-874", "\xDB") == std::nullopt);
    CHECK(decode_fatal("iso-8859-3", "\xA5") == std::nullopt);
    CHECK(decode_fatal("shift_jis", "\x82\xA0") == "\xE3\x81\x82");
    CHECK(decode_fatal("shift_jis", "\x82") == std::nullopt);
    CHECK(decode_fatal("shift_jis", "\xA0") == std::nullopt);
    CHECK(decode_fatal("euc-kr", "\xB0 ") == std::nullopt);
    CHECK(decode_fatal("gb18030", "\x81\x30\x81") == std::nullopt);
    CHECK(decode_fatal("big5", "\x80") == std::nullopt);
    CHECK(decode_fatal("iso-2022-jp", "\x0E") == std::nullopt);
}

TEST_CASE("single-byte encodings: every byte against the standard's index")
{
    for (auto const& index : kSingleByteIndexes) {
        INFO(index.label);
        Encoding const e = encoding(index.label);
        for (int byte = 0; byte < 0x80; ++byte)
            CHECK(decode(index.label, std::string(1, static_cast<char>(byte))) == std::string(1, static_cast<char>(byte)));
        for (size_t pointer = 0; pointer < 128; ++pointer) {
            std::string const input(1, static_cast<char>(0x80 + pointer));
            unsigned const code_point = hex_at(index.code_points, pointer);
            INFO("byte 0x", std::hex, 0x80 + pointer);
            CHECK(*e.new_decoder().decode(input) == (code_point ? utf8_of(code_point) : kReplacement));
            CHECK(e.new_decoder(ErrorMode::Fatal).decode(input).has_value() == (code_point != 0));
        }
    }
    // ISO-8859-8-I decodes as ISO-8859-8.
    std::string all_high;
    for (int byte = 0x80; byte <= 0xFF; ++byte)
        all_high += static_cast<char>(byte);
    CHECK(decode("iso-8859-8-i", all_high) == decode("iso-8859-8", all_high));
}

TEST_CASE("single-byte encodings: known bytes and ICU's differences")
{
    CHECK(decode("windows-1252", "\x80\x9F\xFF") == "\xE2\x82\xAC\xC5\xB8\xC3\xBF"); // U+20AC U+0178 U+00FF
    CHECK(decode("iso-8859-1", "\x80") == "\xE2\x82\xAC");                          // ISO-8859-1 is windows-1252
    CHECK(decode("windows-1252", "\x81") == "\xC2\x81");
    CHECK(decode("iso-8859-2", "\xA1") == "\xC4\x84");   // U+0104
    CHECK(decode("koi8-r", "\xC1") == "\xD0\xB0");       // U+0430
    CHECK(decode("koi8-u", "\xAE\xBE") == "\xD1\x9E\xD0\x8E"); // U+045E U+040E (ICU's KOI8-U has box drawing)
    CHECK(decode("windows-874", "\x80\xA1") == "\xE2\x82\xAC\xE0\xB8\x81");
    CHECK(decode("windows-874", "\xDB\xFF") == replacements(2)); // ICU: private use
    CHECK(decode("windows-1253", "\xAA") == kReplacement);        // ICU: U+00AA
    CHECK(decode("windows-1255", "\xCA") == "\xD6\xBA");         // U+05BA, ICU: unmapped
    CHECK(decode("iso-8859-16", "\xA4\xFE") == "\xE2\x82\xAC\xC8\x9B"); // no ICU converter
    CHECK(decode("macintosh", "\xF0") == "\xEF\xA3\xBF");        // U+F8FF
    CHECK(decode("ibm866", "\x1A\x1C\x7F\x80") == "\x1A\x1C\x7F\xD0\x90"); // ICU's ibm-866 swaps these controls
}

TEST_CASE("multi-byte encodings: known sequences")
{
    CHECK(decode("shift_jis", "\x82\xA0") == "\xE3\x81\x82");      // U+3042
    CHECK(decode("shift_jis", "\xB1\x5C\x7E\x80") == "\xEF\xBD\xB1\\~\xC2\x80");
    CHECK(decode("shift_jis", "\x1A\x1C\x7F") == "\x1A\x1C\x7F"); // ICU's windows-31j swaps these
    CHECK(decode("shift_jis", "\xF0\x40") == "\xEE\x80\x80");      // user-defined: U+E000
    CHECK(decode("shift_jis", "\x81\x5F") == "\xEF\xBC\xBC");      // U+FF3C
    CHECK(decode("shift_jis", "\x82" "A") == kReplacement + "A");  // an ASCII trail is decoded again
    CHECK(decode("shift_jis", "\x82\xFD") == kReplacement);
    CHECK(decode("euc-kr", "\xB0\xA1") == "\xEA\xB0\x80");         // U+AC00
    CHECK(decode("euc-kr", "\x81\x41") == "\xEA\xB0\x82");         // U+AC02 (UHC)
    CHECK(decode("euc-kr", "\xC9\xA1") == kReplacement);           // user-defined, ICU: private use
    CHECK(decode("gbk", "\xC4\xE3") == "\xE4\xBD\xA0");            // U+4F60
    CHECK(decode("gbk", "\x80") == "\xE2\x82\xAC");
    CHECK(decode("gb18030", "\xA8\xBC") == "\xE1\xB8\xBF");        // U+1E3F
    CHECK(decode("gb18030", "\xA3\xA0") == "\xE3\x80\x80");        // U+3000, ICU: U+E5E5
    CHECK(decode("gb18030", "\xA6\xD9\xFE\x59") == "\xEF\xB8\x90\xE9\xBE\xB4"); // GB 18030-2022: U+FE10 U+9FB4
    CHECK(decode("gb18030", "\x81\x30\x81\x30") == "\xC2\x80");    // U+0080
    CHECK(decode("gb18030", "\x81\x35\xF4\x37") == "\xEE\x9F\x87"); // U+E7C7
    CHECK(decode("gb18030", "\x84\x31\xA4\x39") == "\xEF\xBF\xBF"); // U+FFFF
    CHECK(decode("gb18030", "\x84\x31\xA5\x30") == kReplacement);  // beyond the BMP ranges
    CHECK(decode("gb18030", "\x90\x30\x81\x30") == "\xF0\x90\x80\x80"); // U+10000
    CHECK(decode("gb18030", "\xE3\x32\x9A\x35") == "\xF4\x8F\xBF\xBF"); // U+10FFFF
    CHECK(decode("gb18030", "\xE3\x32\x9A\x36") == kReplacement);
    // Three bytes put back: 0x30 decodes as '0', then 0x81 0x78 as a two-byte sequence.
    CHECK(decode("gb18030", "\x81\x30\x81" "x") == kReplacement + "0" + decode("gb18030", "\x81\x78"));
    CHECK(decode("gb18030", "\x81\x30" "x") == kReplacement + "0x");
    CHECK(decode("big5", "\xA4\xA4") == "\xE4\xB8\xAD");           // U+4E2D
    CHECK(decode("big5", "\x88\x62\x88\x64") == "\xC3\x8A\xCC\x84\xC3\x8A\xCC\x8C"); // two code points each
    CHECK(decode("big5", "\x87\xA4") == "\xE9\xBE\x97");           // U+9F97, ICU: unmapped
    CHECK(decode("big5", "\x81\x40") == kReplacement + "@");       // ICU: private use
    CHECK(decode("big5", "\xFE\xFE\xA1\x40") == "\xE7\xA7\x94\xE3\x80\x80"); // U+79D4 U+3000
    CHECK(decode("euc-jp", "\xA4\xA2") == "\xE3\x81\x82");         // U+3042
    CHECK(decode("euc-jp", "\x8E\xB1") == "\xEF\xBD\xB1");         // U+FF71
    CHECK(decode("euc-jp", "\x8F\xA2\xAF") == "\xCB\x98");         // JIS X 0212: U+02D8
    CHECK(decode("euc-jp", "\x8F\xF3\xA1") == kReplacement);       // ICU: an IBM extension
    CHECK(decode("euc-jp", "\x8E" "A") == kReplacement + "A");
    CHECK(decode("iso-2022-jp", "a\x1B$B\x24\x22\x1B(Bb") == "a\xE3\x81\x82" "b");
    CHECK(decode("iso-2022-jp", "\x1B(J\x5C\x7E\x1B(I\x21\x1B(B\\") == "\xC2\xA5\xE2\x80\xBE\xEF\xBD\xA1\\");
    CHECK(decode("iso-2022-jp", "\x1B$B\x1B(B") == kReplacement);    // two escapes without output
    CHECK(decode("iso-2022-jp", "\x1B(Za") == kReplacement + "(Za"); // unknown escape
    CHECK(decode("iso-2022-jp", "\x1B") == kReplacement);
    CHECK(decode("iso-2022-jp", "\x1B$B\x24") == kReplacement);      // truncated pair
    CHECK(decode("iso-2022-jp", "\x0E\x80") == replacements(2));
}

TEST_CASE("multi-byte encodings: sequences split across stream calls")
{
    check_streaming("shift_jis", "a\x82\xA0\xB1\x82" "A\xF0\x40\x81");
    check_streaming("euc-jp", "a\xA4\xA2\x8E\xB1\x8F\xA2\xAF\x8E" "A\xA4");
    check_streaming("euc-kr", "a\xB0\xA1\x81\x41\xB0" "A\xC9");
    check_streaming("gbk", "a\xC4\xE3\x80\x90\x30\x81\x30\x81\x30\x81" "x\x81\x30" "x\x81");
    check_streaming("gb18030", "\xE3\x32\x9A\x35\xA6\xD9\x84\x31\xA5\x30\x81");
    check_streaming("big5", "a\xA4\xA4\x88\x62\x81\x40\xA4");
    check_streaming("iso-2022-jp", "a\x1B$B\x24\x22\x24\x24\x1B(J\\\x1B(I!\x1B(Bb\x1B$B\x1B(B\x1B(Z\x1B");
    check_streaming("koi8-r", "\xC1\xC2 abc");
    CHECK(decode_in_chunks("shift_jis", "\x82\xA0", {1}) == "\xE3\x81\x82");
    CHECK(decode_in_chunks("euc-kr", "\xB0\xA1", {1}) == "\xEA\xB0\x80");
    CHECK(decode_in_chunks("gbk", "\xC4\xE3", {1}) == "\xE4\xBD\xA0");
    CHECK(decode_in_chunks("big5", "\xA4\xA4", {1}) == "\xE4\xB8\xAD");
    CHECK(decode_in_chunks("euc-jp", "\x8F\xA2\xAF", {1, 2}) == "\xCB\x98");
    CHECK(decode_in_chunks("gb18030", "\x90\x30\x81\x30", {1, 3}) == "\xF0\x90\x80\x80");
    CHECK(decode_in_chunks("shift_jis", "\x82", {1}) == kReplacement);
}

TEST_CASE("indexes are built once, safely from several threads")
{
    std::vector<std::thread> threads;
    std::vector<std::string> results(4);
    for (size_t i = 0; i < results.size(); ++i)
        threads.emplace_back([&results, i] { results[i] = *encoding("big5").new_decoder().decode("\xA4\xA4"); });
    for (auto& thread : threads)
        thread.join();
    for (auto const& result : results)
        CHECK(result == "\xE4\xB8\xAD");
}
