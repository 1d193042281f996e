// Unit tests of net/data_url and net/base64: the Fetch Standard's data: URL test vectors of
// web-platform-tests (data-urls/data-urls.json, data-urls/base64.json).
#include "net/base64.h"
#include "net/data_url.h"
#include "net/url.h"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>
#include <string>

using duknet::net::process_data_url;
using duknet::net::URL;

namespace {

boost::json::value load_wpt_json(std::string const& name)
{
    std::string const path = std::string(DUKNET_WPT_DATA_DIR) + "/data-urls/" + name;
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot open " << path);
    std::stringstream contents;
    contents << file.rdbuf();
    return boost::json::parse(contents.str());
}

// A JSON array of byte values.
std::string to_bytes(boost::json::value const& array)
{
    std::string bytes;
    for (auto const& byte : array.as_array())
        bytes += static_cast<char>(byte.to_number<int>());
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

// What fetching a data: URL gives: failure (nullopt), or the Content-Type (the serialized MIME type)
// and the body. A string that does not parse as a URL fails like a data: URL the processor rejects.
struct Fetched {
    std::string content_type;
    std::string body;
    bool operator==(Fetched const&) const = default;
};

std::optional<Fetched> fetch_data_url(std::string_view input)
{
    auto const url = URL::parse(input);
    if (!url)
        return std::nullopt;
    auto const data_url = process_data_url(*url);
    if (!data_url)
        return std::nullopt;
    return Fetched { data_url->mime_type.serialize(), data_url->body };
}

std::string describe(std::optional<Fetched> const& fetched)
{
    if (!fetched)
        return "failure";
    return "\"" + printable(fetched->content_type) + "\" with body \"" + printable(fetched->body) + '"';
}

std::string describe(std::optional<std::string> const& bytes)
{
    return bytes ? '"' + printable(*bytes) + '"' : std::string("failure");
}

} // namespace

TEST_CASE("WPT data-urls/data-urls.json")
{
    int passed = 0;
    int total = 0;
    auto const tests = load_wpt_json("data-urls.json");
    for (auto const& entry : tests.as_array()) {
        auto const& test = entry.as_array();
        std::string const input(test.at(0).as_string());
        std::optional<Fetched> expected;
        // The MIME types here are ASCII, so the JSON's UTF-8 is the bytes of the header value.
        if (!test.at(1).is_null())
            expected = Fetched { std::string(test.at(1).as_string()), to_bytes(test.at(2)) };

        auto const actual = fetch_data_url(input);
        bool const ok = actual == expected;
        CHECK_MESSAGE(ok, "input \"" << printable(input) << "\": expected " << describe(expected) << ", got " << describe(actual));
        ++total;
        passed += ok ? 1 : 0;
    }
    MESSAGE("data-urls/data-urls.json: " << passed << "/" << total << " passed");
}

TEST_CASE("WPT data-urls/base64.json")
{
    // As the web-platform-tests do, each case runs through forgiving-base64 decode directly (atob())
    // and as the body of "data:;base64,input" (fetch()).
    int decode_passed = 0;
    int data_url_passed = 0;
    int total = 0;
    auto const tests = load_wpt_json("base64.json");
    for (auto const& entry : tests.as_array()) {
        auto const& test = entry.as_array();
        // The input's UTF-8 bytes: every code point beyond ASCII fails decoding as a byte would.
        std::string const input(test.at(0).as_string());
        std::optional<std::string> expected;
        if (!test.at(1).is_null())
            expected = to_bytes(test.at(1));

        auto const decoded = duknet::net::forgiving_base64_decode(input);
        bool const decode_ok = decoded == expected;
        CHECK_MESSAGE(decode_ok, "forgiving-base64 decode of \"" << printable(input) << "\": expected " << describe(expected) << ", got " << describe(decoded));

        auto const fetched = fetch_data_url("data:;base64," + input);
        std::optional<std::string> body;
        if (fetched)
            body = fetched->body;
        bool const data_url_ok = body == expected;
        CHECK_MESSAGE(data_url_ok, "data:;base64," << printable(input) << ": expected " << describe(expected) << ", got " << describe(body));
        if (fetched)
            CHECK(fetched->content_type == "text/plain;charset=US-ASCII");

        ++total;
        decode_passed += decode_ok ? 1 : 0;
        data_url_passed += data_url_ok ? 1 : 0;
    }
    MESSAGE("data-urls/base64.json: " << decode_passed << "/" << total << " passed through forgiving_base64_decode, "
                                      << data_url_passed << "/" << total << " through data: URLs");
}
