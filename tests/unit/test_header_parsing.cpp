// Unit tests of loader/header_parsing: the Fetch Standard's header value parsers (with the examples
// the standard gives) and its CORS header classes.
#include "loader/header_parsing.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using namespace duknet::loader;
using duknet::net::HeaderList;
using Strings = std::vector<std::string>;

TEST_CASE("get, decode, and split: the Fetch Standard's examples")
{
    struct Example {
        HeaderList headers;
        std::optional<Strings> output;
    };
    // https://fetch.spec.whatwg.org/#example-header-list-get-decode-split, with `A` as the name.
    Example const examples[] = {
        { { { "A", "nosniff," } }, Strings { "nosniff", "" } },
        { { { "A", "nosniff" }, { "B", "sniff" }, { "A", "" } }, Strings { "nosniff", "" } },
        { { { "A", "" }, { "B", "sniff" } }, Strings { "" } },
        { { { "B", "sniff" } }, std::nullopt },
        { { { "A", "text/html;\", x/x" } }, Strings { "text/html;\", x/x" } },
        { { { "A", "text/html;\"" }, { "A", "x/x" } }, Strings { "text/html;\", x/x" } },
        { { { "A", "x/x;test=\"hi\",y/y" } }, Strings { "x/x;test=\"hi\"", "y/y" } },
        { { { "A", "x/x;test=\"hi\"" }, { "C", "**bingo**" }, { "A", "y/y" } }, Strings { "x/x;test=\"hi\"", "y/y" } },
        { { { "A", "x / x,,,1" } }, Strings { "x / x", "", "", "1" } },
        { { { "A", "x / x" }, { "A", "," }, { "A", "1" } }, Strings { "x / x", "", "", "1" } },
        { { { "A", "\"1,2\", 3" } }, Strings { "\"1,2\"", "3" } },
        { { { "A", "\"1,2\"" }, { "D", "4" }, { "A", "3" } }, Strings { "\"1,2\"", "3" } },
    };
    for (auto const& example : examples) {
        auto const output = get_decode_and_split(example.headers, "A");
        CHECK(output == example.output);
        CHECK(get_decode_and_split(example.headers, "a") == output);
    }
}

TEST_CASE("get, decode, and split a header value")
{
    CHECK(get_decode_and_split_value("") == Strings { "" });
    CHECK(get_decode_and_split_value(" \ta ,\t b\t") == Strings { "a", "b" });
    CHECK(get_decode_and_split_value("a\"b,\\\"c\"d,e") == Strings { "a\"b,\\\"c\"d", "e" });
    CHECK(get_decode_and_split_value("\"unterminated, \\") == Strings { "\"unterminated, \\" });
    CHECK(get_decode_and_split_value("\xE9, \xFF") == Strings { "\xE9", "\xFF" });
}

TEST_CASE("extract a length")
{
    auto const length = [](HeaderList const& headers) -> std::string {
        auto const result = extract_length(headers);
        if (result.is_null())
            return "null";
        if (result.is_failure())
            return "failure";
        return std::to_string(result.value);
    };
    CHECK(length({}) == "null");
    CHECK(length({ { "Content-Type", "42" } }) == "null");
    CHECK(length({ { "Content-Length", "42" } }) == "42");
    CHECK(length({ { "content-length", "0" } }) == "0");
    CHECK(length({ { "Content-Length", "42, 42" } }) == "42");
    CHECK(length({ { "Content-Length", "42" }, { "Content-Length", "42" } }) == "42");
    CHECK(length({ { "Content-Length", "42" }, { "Content-Length", "43" } }) == "failure");
    CHECK(length({ { "Content-Length", "42,042" } }) == "failure");
    CHECK(length({ { "Content-Length", "42, 42, abc" } }) == "failure");
    CHECK(length({ { "Content-Length", "" } }) == "null");
    CHECK(length({ { "Content-Length", "abc" } }) == "null");
    CHECK(length({ { "Content-Length", "4 2" } }) == "null");
    CHECK(length({ { "Content-Length", "-1" } }) == "null");
    CHECK(length({ { "Content-Length", "+1" } }) == "null");
    CHECK(length({ { "Content-Length", "\"42\"" } }) == "null");
    CHECK(length({ { "Content-Length", "18446744073709551615" } }) == "18446744073709551615");
    CHECK(length({ { "Content-Length", "18446744073709551616" } }) == "null");
}

TEST_CASE("extract a MIME type: the Fetch Standard's examples")
{
    auto const extract = [](HeaderList const& headers) -> std::string {
        auto const mime_type = extract_mime_type(headers);
        return mime_type ? mime_type->serialize() : "failure";
    };
    // https://fetch.spec.whatwg.org/#example-extract-a-mime-type
    CHECK(extract({ { "Content-Type", "text/plain;charset=gbk, text/html" } }) == "text/html");
    CHECK(extract({ { "Content-Type", "text/html;charset=gbk;a=b, text/html;x=y" } }) == "text/html;x=y;charset=gbk");
    CHECK(extract({ { "Content-Type", "text/html;charset=gbk;a=b" }, { "Content-Type", "text/html;x=y" } }) == "text/html;x=y;charset=gbk");
    CHECK(extract({ { "Content-Type", "text/html;charset=gbk" }, { "Content-Type", "x/x" }, { "Content-Type", "text/html;x=y" } }) == "text/html;x=y");
    CHECK(extract({ { "Content-Type", "text/html" }, { "Content-Type", "cannot-parse" } }) == "text/html");
    CHECK(extract({ { "Content-Type", "text/html" }, { "Content-Type", "*/*" } }) == "text/html");
    CHECK(extract({ { "Content-Type", "text/html" }, { "Content-Type", "" } }) == "text/html");

    CHECK(extract({}) == "failure");
    CHECK(extract({ { "Content-Type", "" } }) == "failure");
    CHECK(extract({ { "Content-Type", "*/*" } }) == "failure");
    CHECK(extract({ { "content-type", "TEXT/HTML; Charset=\"a,b\"" } }) == "text/html;charset=\"a,b\"");
    CHECK(extract({ { "Content-Type", "text/html;charset=gbk, text/html;charset=utf-8" } }) == "text/html;charset=utf-8");
    CHECK(extract({ { "Content-Type", "text/html;charset=gbk, TEXT/HTML" } }) == "text/html;charset=gbk");
}

TEST_CASE("legacy extract an encoding")
{
    auto const get_an_encoding = [](std::string_view label) -> std::optional<std::string> {
        if (label == "gbk")
            return "GBK";
        return std::nullopt;
    };
    auto const extract = [&](std::string_view content_type) {
        return legacy_extract_an_encoding(duknet::net::MimeType::parse(content_type), std::string("UTF-8"), get_an_encoding);
    };
    CHECK(legacy_extract_an_encoding(std::nullopt, std::string("UTF-8"), get_an_encoding) == "UTF-8");
    CHECK(extract("text/plain") == "UTF-8");
    CHECK(extract("text/plain;charset=gbk") == "GBK");
    CHECK(extract("text/plain;charset=\"gbk\"") == "GBK");
    CHECK(extract("text/plain;charset=bogus") == "UTF-8");
    CHECK(extract("text/plain;charset=") == "UTF-8");
}

TEST_CASE("extract header list values")
{
    auto const extract = [](HeaderList const& headers) -> std::string {
        auto const result = extract_header_list_values("Access-Control-Allow-Methods", headers);
        if (result.is_null())
            return "null";
        if (result.is_failure())
            return "failure";
        std::string joined = "[";
        for (auto const& value : result.value)
            joined += value + "|";
        return joined + "]";
    };
    CHECK(extract({}) == "null");
    CHECK(extract({ { "Access-Control-Allow-Headers", "GET" } }) == "null");
    CHECK(extract({ { "Access-Control-Allow-Methods", "GET" } }) == "[GET|]");
    CHECK(extract({ { "access-control-allow-methods", "GET, POST,PUT" } }) == "[GET|POST|PUT|]");
    CHECK(extract({ { "Access-Control-Allow-Methods", "GET" }, { "X", "Y" }, { "ACCESS-CONTROL-ALLOW-METHODS", "post" } }) == "[GET|post|]");
    CHECK(extract({ { "Access-Control-Allow-Methods", "*" } }) == "[*|]");
    CHECK(extract({ { "Access-Control-Allow-Methods", " ,GET,\t, ,PUT," } }) == "[GET|PUT|]");
    CHECK(extract({ { "Access-Control-Allow-Methods", "" } }) == "[]");
    CHECK(extract({ { "Access-Control-Allow-Methods", "GET POST" } }) == "failure");
    CHECK(extract({ { "Access-Control-Allow-Methods", "GET, \"POST\"" } }) == "failure");
    CHECK(extract({ { "Access-Control-Allow-Methods", "GET" }, { "Access-Control-Allow-Methods", "P(T" } }) == "failure");
    CHECK(extract({ { "Access-Control-Allow-Methods", "GET, PÜT" } }) == "failure");

    auto const headers = extract_header_list_values("Access-Control-Expose-Headers", { { "Access-Control-Expose-Headers", "X-Foo, x-bar" } });
    REQUIRE(headers.has_value());
    CHECK(headers.value == Strings { "X-Foo", "x-bar" });
}

TEST_CASE("parse a single range header value")
{
    auto const parse = [](std::string_view value, bool allow_whitespace) -> std::string {
        auto const range = parse_single_range_header_value(value, allow_whitespace);
        if (!range)
            return "failure";
        return (range->start ? std::to_string(*range->start) : "null") + "-" + (range->end ? std::to_string(*range->end) : "null");
    };
    CHECK(parse("bytes=0-", false) == "0-null");
    CHECK(parse("bytes=-500", false) == "null-500");
    CHECK(parse("bytes=10-20", false) == "10-20");
    CHECK(parse("bytes=5-5", false) == "5-5");
    CHECK(parse("bytes=6-5", false) == "failure");
    CHECK(parse("bytes=-", false) == "failure");
    CHECK(parse("bytes", false) == "failure");
    CHECK(parse("bytes=", false) == "failure");
    CHECK(parse("bytes=1", false) == "failure");
    CHECK(parse("Bytes=1-2", false) == "failure");
    CHECK(parse("bytes=1-2,3-4", false) == "failure");
    CHECK(parse("bytes=1-2 ", false) == "failure");
    CHECK(parse("bytes = 1 - 2", false) == "failure");
    CHECK(parse("bytes \t= 1 -\t2", true) == "1-2");
    CHECK(parse("bytes=1-2 ", true) == "failure");
    CHECK(parse("bytes=18446744073709551615-", false) == "18446744073709551615-null");
    CHECK(parse("bytes=18446744073709551616-", false) == "failure");
    CHECK(parse("bytes=-18446744073709551616", false) == "failure");
}

TEST_CASE("CORS-safelisted methods and request-headers")
{
    CHECK(is_cors_safelisted_method("GET"));
    CHECK(is_cors_safelisted_method("HEAD"));
    CHECK(is_cors_safelisted_method("POST"));
    CHECK(!is_cors_safelisted_method("get"));
    CHECK(!is_cors_safelisted_method("PUT"));

    CHECK(is_cors_unsafe_request_header_byte('\x01'));
    CHECK(!is_cors_unsafe_request_header_byte('\t'));
    CHECK(is_cors_unsafe_request_header_byte('\x7F'));
    CHECK(is_cors_unsafe_request_header_byte('"'));
    CHECK(is_cors_unsafe_request_header_byte('}'));
    CHECK(!is_cors_unsafe_request_header_byte('\xE9'));
    CHECK(!is_cors_unsafe_request_header_byte(' '));

    CHECK(is_cors_safelisted_request_header("Accept", "text/html, */*;q=0.8"));
    CHECK(is_cors_safelisted_request_header("ACCEPT", "\xE9\t"));
    CHECK(!is_cors_safelisted_request_header("Accept", "text/html(1)"));
    CHECK(!is_cors_safelisted_request_header("Accept", std::string(129, 'a')));
    CHECK(is_cors_safelisted_request_header("Accept", std::string(128, 'a')));

    CHECK(is_cors_safelisted_request_header("Accept-Language", "en-US,en;q=0.9, *"));
    CHECK(is_cors_safelisted_request_header("content-language", "de-DE"));
    CHECK(!is_cors_safelisted_request_header("Content-Language", "en_US"));
    CHECK(!is_cors_safelisted_request_header("Accept-Language", "en\t"));

    CHECK(is_cors_safelisted_request_header("Content-Type", "text/plain"));
    CHECK(is_cors_safelisted_request_header("Content-Type", "Text/Plain;charset=UTF-8"));
    CHECK(is_cors_safelisted_request_header("content-type", "multipart/form-data; boundary=something"));
    CHECK(is_cors_safelisted_request_header("Content-Type", "application/x-www-form-urlencoded"));
    CHECK(!is_cors_safelisted_request_header("Content-Type", "application/json"));
    CHECK(!is_cors_safelisted_request_header("Content-Type", "text/plain; charset=\"utf-8\""));
    CHECK(!is_cors_safelisted_request_header("Content-Type", "text/plain;x=("));
    CHECK(!is_cors_safelisted_request_header("Content-Type", "text/plain, application/json"));
    CHECK(!is_cors_safelisted_request_header("Content-Type", "not a MIME type"));

    CHECK(is_cors_safelisted_request_header("Range", "bytes=0-"));
    CHECK(is_cors_safelisted_request_header("range", "bytes=100-200"));
    CHECK(!is_cors_safelisted_request_header("Range", "bytes=-500"));
    CHECK(!is_cors_safelisted_request_header("Range", "bytes= 0-1"));
    CHECK(!is_cors_safelisted_request_header("Range", "bytes=5-1"));
    CHECK(!is_cors_safelisted_request_header("Range", "bytes=0-1,2-3"));

    CHECK(!is_cors_safelisted_request_header("X-Foo", "bar"));
    CHECK(!is_cors_safelisted_request_header("Authorization", "Basic"));
}

TEST_CASE("CORS-unsafe request-header names")
{
    CHECK(cors_unsafe_request_header_names({}) == Strings {});
    CHECK(cors_unsafe_request_header_names({ { "Accept", "*/*" }, { "Content-Type", "text/plain" } }) == Strings {});
    CHECK(cors_unsafe_request_header_names({
              { "X-B", "1" },
              { "Accept", "text/html" },
              { "x-a", "2" },
              { "X-A", "3" },
              { "Content-Type", "application/json" },
          })
        == Strings { "content-type", "x-a", "x-b" });

    // Safelisted values of 1024 bytes in all are fine; more make all of those headers unsafe.
    HeaderList headers(8, { "Accept-Language", std::string(128, 'a') });
    CHECK(cors_unsafe_request_header_names(headers) == Strings {});
    headers.emplace_back("Accept", "a");
    headers.emplace_back("X-Custom", "1");
    CHECK(cors_unsafe_request_header_names(headers) == Strings { "accept", "accept-language", "x-custom" });
}

TEST_CASE("CORS-safelisted response-header names")
{
    CHECK(is_cors_safelisted_response_header_name("Content-Type", {}));
    CHECK(is_cors_safelisted_response_header_name("cache-control", {}));
    CHECK(is_cors_safelisted_response_header_name("PRAGMA", {}));
    CHECK(!is_cors_safelisted_response_header_name("X-Foo", {}));
    CHECK(!is_cors_safelisted_response_header_name("Date", {}));
    CHECK(is_cors_safelisted_response_header_name("x-foo", { "X-Bar", "X-Foo" }));
    CHECK(!is_cors_safelisted_response_header_name("Set-Cookie", { "Set-Cookie" }));
    CHECK(!is_cors_safelisted_response_header_name("set-cookie2", { "SET-COOKIE2" }));
    CHECK(!is_cors_safelisted_response_header_name("X-Foo", { "*" }));
}

TEST_CASE("no-CORS-safelisted request-headers")
{
    CHECK(is_no_cors_safelisted_request_header_name("Accept"));
    CHECK(is_no_cors_safelisted_request_header_name("accept-language"));
    CHECK(is_no_cors_safelisted_request_header_name("Content-Language"));
    CHECK(is_no_cors_safelisted_request_header_name("CONTENT-TYPE"));
    CHECK(!is_no_cors_safelisted_request_header_name("Range"));

    CHECK(is_no_cors_safelisted_request_header("Accept", "text/html"));
    CHECK(is_no_cors_safelisted_request_header("content-type", "text/plain"));
    CHECK(!is_no_cors_safelisted_request_header("Content-Type", "application/json"));
    CHECK(!is_no_cors_safelisted_request_header("Range", "bytes=0-"));
    CHECK(!is_no_cors_safelisted_request_header("X-Foo", "bar"));
}
