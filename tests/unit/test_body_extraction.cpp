// https://fetch.spec.whatwg.org/#concept-bodyinit-extract, as XHR's send() and fetch share it:
// the bytes and the Content-Type each kind of script value gives.
#include "bindings/body.h"
#include "bindings/runtime.h"
#include "net/io_thread.h"

#include <doctest/doctest.h>

using namespace duknet;

namespace {

struct Extracted {
    std::string bytes;
    std::string type; // "(none)" when there is none
    bool is_string;
};

Extracted extract(bindings::Runtime& runtime, const char* expression)
{
    duk_context* ctx = runtime.context();
    REQUIRE(duk_peval_string(ctx, expression) == 0);
    auto body = bindings::extract_body(ctx, -1);
    duk_pop(ctx);
    return { std::string(body.bytes->begin(), body.bytes->end()), body.type.value_or("(none)"), body.is_string };
}

}

TEST_CASE("extracting a body from each kind of script value")
{
    auto io = std::make_shared<net::IoThread>();
    bindings::Runtime runtime(io, {});
    auto string = extract(runtime, "'h\\u00e9\\ud800'");
    CHECK(string.bytes == "h\xC3\xA9\xEF\xBF\xBD"); // UTF-8, a lone surrogate as U+FFFD
    CHECK(string.type == "text/plain;charset=UTF-8");
    CHECK(string.is_string);
    auto object = extract(runtime, "({ toString: function () { return 'as text'; } })");
    CHECK(object.bytes == "as text");
    CHECK(object.is_string);
    auto buffer = extract(runtime, "new Uint8Array([1, 2, 3, 4]).buffer");
    CHECK(buffer.bytes == std::string("\x01\x02\x03\x04", 4));
    CHECK(buffer.type == "(none)");
    CHECK_FALSE(buffer.is_string);
    auto view = extract(runtime, "new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2)");
    CHECK(view.bytes == std::string("\x02\x03", 2));
    auto blob = extract(runtime, "new Blob(['ab', new Uint8Array([99])], { type: 'Text/Plain' })");
    CHECK(blob.bytes == "abc");
    CHECK(blob.type == "text/plain");
    auto untyped = extract(runtime, "new Blob(['x']).slice(0, 1)");
    CHECK(untyped.type == "(none)");
    auto params = extract(runtime, "new URLSearchParams({ a: 'b c', d: '\\u00e9' })");
    CHECK(params.bytes == "a=b+c&d=%C3%A9");
    CHECK(params.type == "application/x-www-form-urlencoded;charset=UTF-8");
    auto form = extract(runtime, "(function () { var f = new FormData(); f.append('k', 'v'); return f; })()");
    CHECK(form.type.starts_with("multipart/form-data; boundary="));
    std::string boundary = form.type.substr(form.type.find('=') + 1);
    CHECK(form.bytes == "--" + boundary + "\r\nContent-Disposition: form-data; name=\"k\"\r\n\r\nv\r\n--" + boundary + "--\r\n");
}
