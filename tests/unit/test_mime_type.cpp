// Unit tests of net/mime_type: the MIME Sniffing Standard's test vectors of web-platform-tests
// (mimesniff/mime-types.json, mimesniff/generated-mime-types.json) and direct tests of the record,
// its groups and the Fetch Standard's "collect an HTTP quoted string".
#include "net/mime_type.h"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>

using duknet::net::MimeType;

namespace {

boost::json::value load_wpt_json(std::string const& name)
{
    std::string const path = std::string(DUKNET_WPT_DATA_DIR) + "/mimesniff/" + name;
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot open " << path);
    std::stringstream contents;
    contents << file.rdbuf();
    return boost::json::parse(contents.str());
}

// The tests' strings are JavaScript strings (UTF-8 in the JSON text); the parser takes byte strings.
// A code point up to U+00FF becomes that byte (isomorphic encoding). A code point above U+00FF,
// which no byte string holds, becomes 0x00: like it, 0x00 is not HTTP whitespace, not an HTTP
// (quoted-string) token code point and none of the parser's delimiters, so the parser treats both
// alike, and neither can reach the output (a type, subtype, name or value holding one is dropped).
std::string to_parser_bytes(std::string_view utf8)
{
    std::string bytes;
    for (size_t i = 0; i < utf8.size();) {
        auto const lead = static_cast<unsigned char>(utf8[i]);
        size_t const length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        uint32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
        for (size_t j = 1; j < length && i + j < utf8.size(); ++j)
            code_point = (code_point << 6) | (static_cast<unsigned char>(utf8[i + j]) & 0x3F);
        bytes += code_point <= 0xFF ? static_cast<char>(code_point) : '\0';
        i += length;
    }
    return bytes;
}

// bytes with the unprintable ones as \xNN, for failure messages.
std::string printable(std::string_view bytes)
{
    std::ostringstream out;
    for (char c : bytes) {
        auto const byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F)
            out << c;
        else
            out << "\\x" << std::hex << std::setw(2) << std::setfill('0') << unsigned(byte);
    }
    return out.str();
}

std::string describe(std::optional<std::string> const& serialization)
{
    return serialization ? '"' + printable(*serialization) + '"' : std::string("failure");
}

void run_wpt_mime_type_tests(std::string const& name)
{
    int passed = 0;
    int total = 0;
    auto const tests = load_wpt_json(name);
    for (auto const& entry : tests.as_array()) {
        if (entry.is_string()) // a comment
            continue;
        auto const& test = entry.as_object();
        auto const input = to_parser_bytes(test.at("input").as_string());
        std::optional<std::string> expected;
        if (!test.at("output").is_null())
            expected = to_parser_bytes(test.at("output").as_string());

        auto const mime_type = MimeType::parse(input);
        std::optional<std::string> actual;
        if (mime_type)
            actual = mime_type->serialize();
        bool const ok = actual == expected;
        CHECK_MESSAGE(ok, "input \"" << printable(input) << "\": expected " << describe(expected) << ", got " << describe(actual));
        // A serialization parses back to the same record.
        if (mime_type)
            CHECK_MESSAGE(MimeType::parse(*actual) == mime_type, "reparsing the serialization of \"" << printable(input) << '"');
        ++total;
        passed += ok ? 1 : 0;
    }
    MESSAGE("mimesniff/" << name << ": " << passed << "/" << total << " passed");
}

} // namespace

TEST_CASE("WPT mimesniff/mime-types.json")
{
    run_wpt_mime_type_tests("mime-types.json");
}

TEST_CASE("WPT mimesniff/generated-mime-types.json")
{
    run_wpt_mime_type_tests("generated-mime-types.json");
}

TEST_CASE("MimeType record")
{
    auto mime_type = MimeType::parse(" Text/HTML ; Charset=\"utf-8\"; foo=bar;foo=baz;empty=\"\"");
    REQUIRE(mime_type);
    CHECK(mime_type->type() == "text");
    CHECK(mime_type->subtype() == "html");
    CHECK(mime_type->essence() == "text/html");
    CHECK(mime_type->parameter("charset") == "utf-8");
    CHECK(mime_type->parameter("foo") == "bar");
    CHECK(mime_type->parameter("empty") == "");
    CHECK(!mime_type->parameter("Charset"));
    CHECK(mime_type->serialize() == "text/html;charset=utf-8;foo=bar;empty=\"\"");

    mime_type->set_parameter("foo", "a \"b\" \\c");
    mime_type->set_parameter("new", "x");
    CHECK(mime_type->serialize() == "text/html;charset=utf-8;foo=\"a \\\"b\\\" \\\\c\";empty=\"\";new=x");

    MimeType plain("text", "plain");
    plain.set_parameter("charset", "US-ASCII");
    CHECK(plain.serialize() == "text/plain;charset=US-ASCII");
    CHECK(plain.parameters().size() == 1);

    CHECK(!MimeType::parse(""));
    CHECK(!MimeType::parse("text"));
    CHECK(!MimeType::parse("text/"));
    CHECK(!MimeType::parse("/html"));
    CHECK(!MimeType::parse("te xt/html"));
}

TEST_CASE("MIME type groups")
{
    auto const group = [](std::string_view input) {
        auto const mime_type = MimeType::parse(input);
        REQUIRE(mime_type);
        return std::string(mime_type->is_xml() ? "xml" : "") + (mime_type->is_html() ? "html" : "") + (mime_type->is_json() ? "json" : "");
    };
    CHECK(group("text/xml") == "xml");
    CHECK(group("Application/XML;charset=utf-8") == "xml");
    CHECK(group("image/svg+xml") == "xml");
    CHECK(group("application/xhtml+xml") == "xml");
    CHECK(group("text/html") == "html");
    CHECK(group("TEXT/HTML;charset=gbk") == "html");
    CHECK(group("application/xhtml") == "");
    CHECK(group("application/json") == "json");
    CHECK(group("text/json") == "json");
    CHECK(group("application/ld+json") == "json");
    CHECK(group("text/plain") == "");
    CHECK(group("xml/html") == "");
}

TEST_CASE("collect an HTTP quoted string")
{
    using duknet::net::collect_an_http_quoted_string;
    struct Example {
        std::string_view input;
        std::string_view output;
        std::string_view extracted;
        size_t final_position;
    };
    // The Fetch Standard's examples (https://fetch.spec.whatwg.org/#collect-an-http-quoted-string).
    for (auto const& example : {
             Example { "\"\\", "\"\\", "\\", 2 },
             Example { "\"Hello\" World", "\"Hello\"", "Hello", 7 },
             Example { "\"Hello \\\\ World\\\"\"", "\"Hello \\\\ World\\\"\"", "Hello \\ World\"", 18 },
         }) {
        CAPTURE(example.input);
        size_t position = 0;
        CHECK(collect_an_http_quoted_string(example.input, position) == example.output);
        CHECK(position == example.final_position);
        position = 0;
        CHECK(collect_an_http_quoted_string(example.input, position, true) == example.extracted);
        CHECK(position == example.final_position);
    }
    size_t position = 3;
    CHECK(collect_an_http_quoted_string("a; \"b\"c", position, true) == "b");
    CHECK(position == 6);
    position = 0;
    CHECK(collect_an_http_quoted_string("\"unterminated", position, true) == "unterminated");
    CHECK(position == 13);
}
