// Unit tests of net/url: the WHATWG URL Standard test vectors of web-platform-tests
// (urltestdata.json, setters_tests.json, toascii.json) and a few direct tests.
#include "net/url.h"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

using duknet::net::Origin;
using duknet::net::URL;

namespace {

bool is_hex4(std::string_view s)
{
    return s.size() >= 4 && std::all_of(s.begin(), s.begin() + 4, [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

bool is_surrogate_escape(std::string_view text, size_t i, unsigned low, unsigned high)
{
    if (i + 6 > text.size() || text[i] != '\\' || text[i + 1] != 'u' || !is_hex4(text.substr(i + 2)))
        return false;
    unsigned const value = std::stoul(std::string(text.substr(i + 2, 4)), nullptr, 16);
    return value >= low && value <= high;
}

// The test files hold lone surrogates (\uD800 ...) that JavaScript turns into U+FFFD when it converts
// the string to a USVString; Boost.JSON rejects them, so they are rewritten as \uFFFD first.
std::string replace_lone_surrogate_escapes(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (text[i] != '\\' || i + 1 >= text.size()) {
            out += text[i++];
            continue;
        }
        if (is_surrogate_escape(text, i, 0xD800, 0xDBFF) && is_surrogate_escape(text, i + 6, 0xDC00, 0xDFFF)) {
            out.append(text.substr(i, 12));
            i += 12;
        } else if (is_surrogate_escape(text, i, 0xD800, 0xDFFF)) {
            out += "\\uFFFD";
            i += 6;
        } else {
            out.append(text.substr(i, 2));
            i += 2;
        }
    }
    return out;
}

boost::json::value load_wpt_json(std::string const& name)
{
    std::string const path = std::string(DUKNET_WPT_DATA_DIR) + "/url/" + name;
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot open " << path);
    std::stringstream contents;
    contents << file.rdbuf();
    return boost::json::parse(replace_lone_surrogate_escapes(contents.str()));
}

std::string as_string(boost::json::value const& value)
{
    return std::string(value.as_string());
}

std::string get_attribute(URL const& url, std::string_view name)
{
    if (name == "href")
        return url.href();
    if (name == "origin")
        return url.origin().serialize();
    if (name == "protocol")
        return url.protocol();
    if (name == "username")
        return url.username();
    if (name == "password")
        return url.password();
    if (name == "host")
        return url.host_and_port();
    if (name == "hostname")
        return url.hostname();
    if (name == "port")
        return url.port_string();
    if (name == "pathname")
        return url.pathname();
    if (name == "search")
        return url.search();
    if (name == "hash")
        return url.hash();
    FAIL("unknown attribute " << name);
    return {};
}

void set_attribute(URL& url, std::string_view name, std::string_view value)
{
    if (name == "href")
        url.set_href(value);
    else if (name == "protocol")
        url.set_protocol(value);
    else if (name == "username")
        url.set_username(value);
    else if (name == "password")
        url.set_password(value);
    else if (name == "host")
        url.set_host(value);
    else if (name == "hostname")
        url.set_hostname(value);
    else if (name == "port")
        url.set_port(value);
    else if (name == "pathname")
        url.set_pathname(value);
    else if (name == "search")
        url.set_search(value);
    else if (name == "hash")
        url.set_hash(value);
    else
        FAIL("unknown setter " << name);
}

struct PassCount {
    int passed = 0;
    int total = 0;
    void add(bool ok)
    {
        ++total;
        passed += ok ? 1 : 0;
    }
};

} // namespace

TEST_CASE("WPT url/urltestdata.json")
{
    auto const data = load_wpt_json("urltestdata.json");
    PassCount count;
    for (auto const& entry : data.as_array()) {
        if (!entry.is_object())
            continue; // a comment
        auto const& test = entry.as_object();
        std::string const input = as_string(test.at("input"));
        std::optional<std::string> const base_input = test.at("base").is_null() ? std::nullopt : std::optional(as_string(test.at("base")));
        INFO("input: \"" << input << "\" base: \"" << base_input.value_or("(null)") << "\"");
        bool ok = true;

        std::optional<URL> base;
        if (base_input) {
            base = URL::parse(*base_input);
            CHECK_MESSAGE(base.has_value(), "base does not parse");
            ok = ok && base.has_value();
        }
        auto const url = URL::parse(input, base ? &*base : nullptr);
        if (test.contains("failure")) {
            CHECK_MESSAGE(!url.has_value(), "expected failure, got " << (url ? url->href() : ""));
            count.add(ok && !url);
            continue;
        }
        CHECK_MESSAGE(url.has_value(), "unexpected failure");
        if (!url) {
            count.add(false);
            continue;
        }
        for (char const* name : { "href", "origin", "protocol", "username", "password", "host", "hostname", "port", "pathname", "search", "hash" }) {
            if (!test.contains(name))
                continue;
            std::string const expected = as_string(test.at(name));
            std::string const actual = get_attribute(*url, name);
            CHECK_MESSAGE(actual == expected, name << ": expected \"" << expected << "\", got \"" << actual << "\"");
            ok = ok && actual == expected;
        }
        // Parsing the serialization gives the same URL (the standard's idempotence goal).
        auto const reparsed = URL::parse(url->href());
        bool const idempotent = reparsed && *reparsed == *url;
        CHECK_MESSAGE(idempotent, "reparsing \"" << url->href() << "\" gives " << (reparsed ? reparsed->href() : "failure"));
        count.add(ok && idempotent);
    }
    MESSAGE("urltestdata: " << count.passed << "/" << count.total << " passed");
    CHECK(count.passed == count.total);
}

TEST_CASE("WPT url/setters_tests.json")
{
    auto const data = load_wpt_json("setters_tests.json");
    PassCount count;
    for (auto const& setter_tests : data.as_object()) {
        std::string const setter(setter_tests.key());
        if (setter == "comment")
            continue;
        for (auto const& entry : setter_tests.value().as_array()) {
            auto const& test = entry.as_object();
            std::string const href = as_string(test.at("href"));
            std::string const new_value = as_string(test.at("new_value"));
            INFO("setter: " << setter << " href: \"" << href << "\" new value: \"" << new_value << "\"");
            auto url = URL::parse(href);
            CHECK_MESSAGE(url.has_value(), "href does not parse");
            if (!url) {
                count.add(false);
                continue;
            }
            set_attribute(*url, setter, new_value);
            bool ok = true;
            for (auto const& expectation : test.at("expected").as_object()) {
                std::string const name(expectation.key());
                std::string const expected = as_string(expectation.value());
                std::string const actual = get_attribute(*url, name);
                CHECK_MESSAGE(actual == expected, name << ": expected \"" << expected << "\", got \"" << actual << "\"");
                ok = ok && actual == expected;
            }
            count.add(ok);
        }
    }
    MESSAGE("setters_tests: " << count.passed << "/" << count.total << " passed");
    CHECK(count.passed == count.total);
}

TEST_CASE("WPT url/toascii.json")
{
    auto const data = load_wpt_json("toascii.json");
    PassCount count;
    for (auto const& entry : data.as_array()) {
        if (!entry.is_object())
            continue; // a comment
        auto const& test = entry.as_object();
        std::string const input = as_string(test.at("input"));
        std::optional<std::string> const output = test.at("output").is_null() ? std::nullopt : std::optional(as_string(test.at("output")));
        INFO("input: \"" << input << "\" expected: \"" << output.value_or("(failure)") << "\"");
        bool ok = true;

        // As toascii.window.js does: new URL(`https://${input}/x`), ...
        auto const url = URL::parse("https://" + input + "/x");
        bool const constructor_ok = output ? url && url->host_and_port() == *output && url->pathname() == "/x" : !url;
        CHECK_MESSAGE(constructor_ok, "URL constructor gives " << (url ? url->href() : "failure"));
        ok = ok && constructor_ok;

        // ... and the host and hostname setters on https://x/x.
        for (char const* setter : { "host", "hostname" }) {
            auto set_url = URL::parse("https://x/x");
            REQUIRE(set_url.has_value());
            set_attribute(*set_url, setter, input);
            std::string const actual = get_attribute(*set_url, setter);
            std::string const expected = output.value_or("x");
            CHECK_MESSAGE(actual == expected, setter << " setter: expected \"" << expected << "\", got \"" << actual << "\"");
            ok = ok && actual == expected;
        }

        // domain to ASCII itself.
        auto const ascii = duknet::net::domain_to_ascii(input, false);
        CHECK_MESSAGE(ascii == output, "domain_to_ascii gives " << ascii.value_or("failure"));
        ok = ok && ascii == output;
        count.add(ok);
    }
    MESSAGE("toascii: " << count.passed << "/" << count.total << " passed");
    CHECK(count.passed == count.total);
}

TEST_CASE("application/x-www-form-urlencoded")
{
    using Tuples = std::vector<std::pair<std::string, std::string>>;
    CHECK(duknet::net::urlencoded_parse("a=1&b=2") == Tuples { { "a", "1" }, { "b", "2" } });
    CHECK(duknet::net::urlencoded_parse("&&a&=x&b==c&") == Tuples { { "a", "" }, { "", "x" }, { "b", "=c" } });
    CHECK(duknet::net::urlencoded_parse("a+b=c%20d%2Be") == Tuples { { "a b", "c d+e" } });
    CHECK(duknet::net::urlencoded_parse("%zz=%E2%82%AC%FF") == Tuples { { "%zz", "\xE2\x82\xAC\xEF\xBF\xBD" } });
    CHECK(duknet::net::urlencoded_parse("") == Tuples {});

    CHECK(duknet::net::urlencoded_serialize({ { "a b", "c+d" }, { "é", "*-._~!" } }) == "a+b=c%2Bd&%C3%A9=*-._%7E%21");
    CHECK(duknet::net::urlencoded_serialize({}) == "");
    Tuples const tuples { { "key with spaces", "value&=?#" }, { "", "" }, { "\xE2\x82\xAC", "x" } };
    CHECK(duknet::net::urlencoded_parse(duknet::net::urlencoded_serialize(tuples)) == tuples);
}

TEST_CASE("Origin")
{
    Origin const a = Origin::make_opaque();
    Origin const b = Origin::make_opaque();
    Origin const a_copy = a;
    CHECK(a.is_opaque());
    CHECK(a.is_same_origin(a_copy));
    CHECK(a.is_same_origin_domain(a_copy));
    CHECK_FALSE(a.is_same_origin(b));
    CHECK(a.serialize() == "null");

    auto const url1 = URL::parse("https://example.com/a?b#c");
    auto const url2 = URL::parse("https://EXAMPLE.com:443/other");
    auto const url3 = URL::parse("https://example.com:8443/");
    auto const url4 = URL::parse("http://example.com/");
    REQUIRE((url1 && url2 && url3 && url4));
    CHECK(url1->origin().is_same_origin(url2->origin()));
    CHECK_FALSE(url1->origin().is_same_origin(url3->origin()));
    CHECK_FALSE(url1->origin().is_same_origin(url4->origin()));
    CHECK(url3->origin().serialize() == "https://example.com:8443");
    CHECK(url3->origin().port() == 8443);
    CHECK(url1->origin().host() == "example.com");

    auto const data = URL::parse("data:text/plain,hi");
    REQUIRE(data);
    CHECK(data->origin().is_opaque());
    CHECK_FALSE(data->origin().is_same_origin(data->origin())); // each call makes a new opaque origin
    auto const blob = URL::parse("blob:https://example.com/uuid");
    REQUIRE(blob);
    CHECK(blob->origin().is_same_origin(url1->origin()));
}

TEST_CASE("URL helpers")
{
    auto const v6 = URL::parse("http://[::1]:8080/");
    REQUIRE(v6);
    CHECK(v6->is_ipv6_host());
    CHECK(v6->host_for_connect() == "::1");
    CHECK(v6->port_or_default() == 8080);

    auto const v4 = URL::parse("https://0x7f.1/");
    REQUIRE(v4);
    CHECK(v4->host_for_connect() == "127.0.0.1");
    CHECK(v4->port() == std::nullopt);
    CHECK(v4->port_or_default() == 443);
    CHECK(v4->host()->kind == duknet::net::Host::Kind::IPv4);

    auto const opaque = URL::parse("mailto:someone@example.com");
    REQUIRE(opaque);
    CHECK(opaque->has_opaque_path());
    CHECK(opaque->host_for_connect().empty());
    CHECK(opaque->port_or_default() == std::nullopt);

    auto const fragment = URL::parse("https://a/b?c#d");
    REQUIRE(fragment);
    CHECK(fragment->serialize(true) == "https://a/b?c");

    CHECK(duknet::net::percent_decode("%25%s%1G%41") == "%%s%1GA");
    CHECK(duknet::net::utf8_percent_encode("Say what\xE2\x80\xBD", duknet::net::PercentEncodeSet::Userinfo) == "Say%20what%E2%80%BD");

    // Invalid UTF-8 is treated as U+FFFD.
    auto const invalid = URL::parse("https://x/\xFF\xC0?\xED\xA0\x80#\xF0\x9F");
    REQUIRE(invalid);
    CHECK(invalid->href() == "https://x/%EF%BF%BD%EF%BF%BD?%EF%BF%BD%EF%BF%BD%EF%BF%BD#%EF%BF%BD");
    CHECK_FALSE(URL::parse("https://\xFF/"));

    // set_href leaves the URL unchanged on failure.
    auto url = URL::parse("https://example.com/");
    REQUIRE(url);
    CHECK_FALSE(url->set_href("not a url"));
    CHECK(url->href() == "https://example.com/");
    CHECK(url->set_href("wss://h:1/p"));
    CHECK(url->href() == "wss://h:1/p");
}
