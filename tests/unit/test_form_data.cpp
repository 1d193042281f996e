// Unit tests of bindings/form_data's C++ side: the HTML Standard's multipart/form-data encoding
// (round trips through the parser), hand-written bodies for the parser of
// https://andreubotella.github.io/multipart-form-data/, and FormData/Blob values crossing between
// C++ and script.
#include "bindings/blob.h"
#include "bindings/form_data.h"
#include "bindings/js.h"
#include "bindings/runtime.h"
#include "net/io_thread.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <string>
#include <vector>

using namespace duknet;
using bindings::BlobData;
using bindings::FormDataEntry;
using bindings::multipart_form_data_encode;
using bindings::parse_multipart_form_data;

namespace {

FormDataEntry text_entry(std::string name, std::string value)
{
    return FormDataEntry { std::move(name), std::move(value), std::nullopt, {} };
}

FormDataEntry file_entry(std::string name, std::string bytes, std::string type, std::string filename)
{
    size_t size = bytes.size();
    BlobData blob { std::make_shared<const std::string>(std::move(bytes)), 0, size, std::move(type) };
    return FormDataEntry { std::move(name), {}, std::move(blob), std::move(filename) };
}

constexpr std::string_view boundary = "BOUNDARY";

// A body of parts, each given as its header lines and its content, closed by the final delimiter.
std::string body_of(std::vector<std::pair<std::string, std::string>> parts)
{
    std::string body;
    for (auto& [headers, content] : parts)
        body += "--BOUNDARY\r\n" + headers + "\r\n" + content + "\r\n";
    return body + "--BOUNDARY--\r\n";
}

} // namespace

TEST_CASE("multipart/form-data encoding: the parts, escapes and newline normalization")
{
    auto [body, used_boundary] = multipart_form_data_encode({
        text_entry("a", "1"),
        text_entry("we\"ird\nname\r", "line1\nline2\rline3\r\nend"),
        file_entry("f", std::string("\0\xFF" "bin\r\n--", 8), "image/png", "pic \"1\"\n.png"),
        file_entry("untyped", "", "", "blob"),
        text_entry("\xC3\xA9", "\xC3\xBC"),
    });
    CHECK(used_boundary.starts_with("----duknetFormBoundary"));
    REQUIRE(used_boundary.size() == 38);
    CHECK(std::all_of(used_boundary.begin() + 22, used_boundary.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }));
    std::string const delimiter = "--" + used_boundary;
    CHECK(body == delimiter + "\r\n"
            "Content-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + delimiter + "\r\n"
            "Content-Disposition: form-data; name=\"we%22ird%0D%0Aname%0D%0A\"\r\n\r\nline1\r\nline2\r\nline3\r\nend\r\n"
            + delimiter + "\r\n"
            "Content-Disposition: form-data; name=\"f\"; filename=\"pic %221%22%0A.png\"\r\n"
            "Content-Type: image/png\r\n\r\n" + std::string("\0\xFF" "bin\r\n--", 8) + "\r\n"
            + delimiter + "\r\n"
            "Content-Disposition: form-data; name=\"untyped\"; filename=\"blob\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n\r\n"
            + delimiter + "\r\n"
            "Content-Disposition: form-data; name=\"\xC3\xA9\"\r\n\r\n\xC3\xBC\r\n"
            + delimiter + "--\r\n");

    // Back through the parser: names and values come back with CR LF newlines.
    auto parsed = parse_multipart_form_data(body, used_boundary);
    REQUIRE(parsed);
    REQUIRE(parsed->size() == 5);
    CHECK((*parsed)[0].name == "a");
    CHECK((*parsed)[0].value == "1");
    CHECK(!(*parsed)[0].file);
    CHECK((*parsed)[1].name == "we\"ird\r\nname\r\n");
    CHECK((*parsed)[1].value == "line1\r\nline2\r\nline3\r\nend");
    REQUIRE((*parsed)[2].file);
    CHECK((*parsed)[2].file->view() == std::string_view("\0\xFF" "bin\r\n--", 8));
    CHECK((*parsed)[2].file->type == "image/png");
    CHECK((*parsed)[2].filename == "pic \"1\"\n.png");
    REQUIRE((*parsed)[3].file);
    CHECK((*parsed)[3].file->size == 0);
    CHECK((*parsed)[3].file->type == "application/octet-stream");
    CHECK((*parsed)[4].name == "\xC3\xA9");
    CHECK((*parsed)[4].value == "\xC3\xBC");
}

TEST_CASE("multipart/form-data encoding: fresh boundaries, and an empty entry list")
{
    auto [body, first_boundary] = multipart_form_data_encode({});
    CHECK(body == "--" + first_boundary + "--\r\n");
    CHECK(multipart_form_data_encode({}).second != first_boundary);
    auto parsed = parse_multipart_form_data(body, first_boundary);
    REQUIRE(parsed);
    CHECK(parsed->empty());
}

TEST_CASE("multipart/form-data parser: names, filenames and headers")
{
    auto parsed = parse_multipart_form_data(body_of({
        { "Content-Disposition: form-data; name=\"a%22b%0Ac%0Dd%41%0a\"\r\n", "v" },
        { "content-disposition: form-data; name=\"f\"; filename=\"x%22.txt\"\r\n", "file" },
        { "X-Unknown: ignored\r\n  CONTENT-TYPE :\t Text/HTML; charset=utf-8 \t\r\nContent-Disposition: form-data; name=\"typed\"; filename=\"\"\r\n", "<p>" },
        { "Content-Disposition: form-data; name=\"wide\"; filename=\"w\"\r\nContent-Type: text/\xE9\r\n", "" },
        { "Content-Disposition: form-data; name=\"empty\"\r\n", "" },
        { "Content-Disposition: form-data; name=\"bytes\"\r\n", "\xEF\xBB\xBFx\xFFy\r\nz" },
    }), boundary);
    REQUIRE(parsed);
    REQUIRE(parsed->size() == 6);
    // Only %0A, %0D and %22 are unescaped.
    CHECK((*parsed)[0].name == "a\"b\nc\rd%41%0a");
    CHECK((*parsed)[0].value == "v");
    // A filename makes a File; its type is text/plain without a Content-Type.
    REQUIRE((*parsed)[1].file);
    CHECK((*parsed)[1].filename == "x\".txt");
    CHECK((*parsed)[1].file->view() == "file");
    CHECK((*parsed)[1].file->type == "text/plain");
    // Header names are matched case-insensitively, with spaces around them; the value loses its
    // trailing spaces and keeps its case.
    REQUIRE((*parsed)[2].file);
    CHECK((*parsed)[2].name == "typed");
    CHECK((*parsed)[2].filename == "");
    CHECK((*parsed)[2].file->type == "Text/HTML; charset=utf-8");
    CHECK((*parsed)[2].file->view() == "<p>");
    // A Content-Type that is not ASCII becomes the empty string.
    REQUIRE((*parsed)[3].file);
    CHECK((*parsed)[3].file->type == "");
    CHECK((*parsed)[4].value == "");
    // Values are UTF-8 decoded without BOM: the BOM stays, invalid bytes become U+FFFD.
    CHECK((*parsed)[5].value == "\xEF\xBB\xBFx\xEF\xBF\xBDy\r\nz");
}

TEST_CASE("multipart/form-data parser: failures")
{
    std::string const valid = body_of({ { "Content-Disposition: form-data; name=\"a\"\r\n", "1" } });
    REQUIRE(parse_multipart_form_data(valid, boundary));
    // The boundary: another one, none, or a body that does not start with it.
    CHECK(!parse_multipart_form_data(valid, "OTHER"));
    CHECK(!parse_multipart_form_data(valid, ""));
    CHECK(!parse_multipart_form_data("preamble\r\n" + valid, boundary));
    CHECK(!parse_multipart_form_data("", boundary));
    // The end: the final delimiter must be followed by CR LF and nothing else.
    CHECK(!parse_multipart_form_data(valid.substr(0, valid.size() - 2), boundary));
    CHECK(!parse_multipart_form_data(valid + "epilogue", boundary));
    CHECK(!parse_multipart_form_data("--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", boundary));
    // Newlines: LF alone is no line break.
    CHECK(!parse_multipart_form_data("--BOUNDARY\nContent-Disposition: form-data; name=\"a\"\n\n1\n--BOUNDARY--\n", boundary));
    CHECK(!parse_multipart_form_data("--BOUNDARY\r\nContent-Disposition: form-data; name=\"a\"\n\r\n1\r\n--BOUNDARY--\r\n", boundary));
    // The content ends at the first occurrence of the boundary, which must follow CR LF `--`.
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data; name=\"a\"\r\n", "xBOUNDARYx" } }), boundary));
    // Headers: a name is required, in `form-data; name="..."` exactly, quoted to the end.
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Type: text/plain\r\n", "1" } }), boundary));
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data;name=\"a\"\r\n", "1" } }), boundary));
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data; name=a\r\n", "1" } }), boundary));
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data; name=\"a\r\n", "1" } }), boundary));
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data; name=\"a\"; filename=\"f\r\n", "1" } }), boundary));
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data; name=\"a\" trailing\r\n", "1" } }), boundary));
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data; name=\"a\"\r\nNoColon\r\n", "1" } }), boundary));
    CHECK(!parse_multipart_form_data(body_of({ { "Content-Disposition: form-data; name=\"a\"\r\nBad name: x\r\n", "1" } }), boundary));
}

TEST_CASE("FormData and Blob values between C++ and script")
{
    bindings::Runtime runtime(std::make_shared<net::IoThread>(), bindings::RuntimeOptions {});
    duk_context* ctx = runtime.context();

    // push_form_data: script sees the entries, file entries as Files.
    bindings::push_form_data(ctx, { text_entry("t", "\xC3\xA9"), file_entry("f", "bytes", "text/csv", "data.csv") });
    duk_put_global_string(ctx, "pushed");
    REQUIRE(runtime.evaluate(R"js(
        var file = pushed.get('f');
        var summary = pushed.get('t') + '|' + (file instanceof File) + '|' + file.name + '|' + file.type + '|' + file.size
            + '|' + (typeof file.lastModified);
        var built = new FormData();
        built.append('s', 'x\ny');
        built.append('b', new Blob(['abc'], { type: 'x/y' }).slice(1, 3, 'A/B'), 'name.bin');
        var sliced = new Blob(['0123456789']).slice(2, 5, 'Text/Plain');
    )js", "test_form_data.js"));
    duk_get_global_string(ctx, "summary");
    CHECK(std::string(duk_get_string(ctx, -1)) == "\xC3\xA9|true|data.csv|text/csv|5|number");
    duk_pop(ctx);

    // form_data_entries_of: what script built.
    duk_get_global_string(ctx, "built");
    auto* entries = bindings::form_data_entries_of(ctx, -1);
    REQUIRE(entries);
    REQUIRE(entries->size() == 2);
    CHECK((*entries)[0].name == "s");
    CHECK((*entries)[0].value == "x\ny");
    REQUIRE((*entries)[1].file);
    CHECK((*entries)[1].file->view() == "bc");
    CHECK((*entries)[1].file->type == "a/b");
    CHECK((*entries)[1].filename == "name.bin");
    CHECK(!bindings::blob_of(ctx, -1));
    duk_pop(ctx);

    // blob_of: a slice shares the bytes of its Blob.
    duk_get_global_string(ctx, "sliced");
    const BlobData* sliced = bindings::blob_of(ctx, -1);
    REQUIRE(sliced);
    CHECK(sliced->view() == "234");
    CHECK(sliced->offset == 2);
    CHECK(sliced->bytes->size() == 10);
    CHECK(sliced->type == "text/plain");
    CHECK(!bindings::form_data_entries_of(ctx, -1));
    CHECK(!bindings::file_of(ctx, -1));
    duk_pop(ctx);

    // push_blob: a Blob for script.
    bindings::push_blob(ctx, BlobData { sliced->bytes, 7, 3, "x/y" });
    duk_put_global_string(ctx, "made");
    REQUIRE(runtime.evaluate("var made_text; made.text().then(function (t) { made_text = made.type + ':' + t; });", "made.js"));
    duk_get_global_string(ctx, "made_text");
    CHECK(std::string(duk_get_string(ctx, -1)) == "x/y:789");
    duk_pop(ctx);
}
