// libFuzzer target: MIME type parsing and serialization (net/mime_type.h) and the Fetch
// Standard's `Content-Type` extraction (loader/header_parsing.h).
// Checked: nothing crashes, and a parsed MIME type survives serialize-then-parse unchanged (the
// serializer quotes exactly the values the parser would otherwise misread).
#include "loader/header_parsing.h"
#include "net/encoding.h"
#include "net/mime_type.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using duknet::net::MimeType;

namespace {

void check_round_trip(const MimeType& mime_type)
{
    std::string const serialized = mime_type.serialize();
    auto const again = MimeType::parse(serialized);
    if (!again || *again != mime_type || again->serialize() != serialized) {
        fprintf(stderr, "MIME type does not survive serialize/parse: %s -> %s\n", serialized.c_str(),
            again ? again->serialize().c_str() : "(failure)");
        abort();
    }
    (void)mime_type.essence();
    (void)mime_type.is_xml();
    (void)mime_type.is_html();
    (void)mime_type.is_json();
    (void)mime_type.parameter("charset");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view const input(reinterpret_cast<const char*>(data), size);

    if (auto mime_type = MimeType::parse(input))
        check_round_trip(*mime_type);

    // Each line is one `Content-Type` header: extraction combines them the way a response with
    // several such headers is read.
    duknet::net::HeaderList headers;
    for (std::string_view rest = input; !rest.empty();) {
        size_t const newline = rest.find('\n');
        headers.emplace_back("Content-Type", std::string(rest.substr(0, newline)));
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
    }
    auto const extracted = duknet::loader::extract_mime_type(headers);
    if (extracted)
        check_round_trip(*extracted);
    (void)duknet::loader::legacy_extract_an_encoding(extracted, duknet::net::Encoding::utf8(),
        [](std::string_view label) { return duknet::net::get_an_encoding(label); });
    return 0;
}
