// libFuzzer target: the data: URL processor (net/data_url.h) and forgiving-base64 (net/base64.h).
// Checked: nothing crashes; the decoded MIME type serializes and parses back to itself, and
// base64-encoding decoded bytes then decoding them again gives the same bytes.
#include "net/base64.h"
#include "net/data_url.h"
#include "net/url.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace duknet::net;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view const input(reinterpret_cast<const char*>(data), size);

    // The input as the rest of a data: URL, as fetch() would see it.
    if (auto url = URL::parse("data:" + std::string(input))) {
        if (auto result = process_data_url(*url)) {
            std::string const mime = result->mime_type.serialize();
            auto const again = MimeType::parse(mime);
            if (!again || *again != result->mime_type) {
                fprintf(stderr, "data: URL MIME type %s does not parse back\n", mime.c_str());
                abort();
            }
        }
    }

    // The input on its own as base64.
    if (auto bytes = forgiving_base64_decode(input)) {
        std::string const encoded = base64_encode(*bytes);
        auto const again = forgiving_base64_decode(encoded);
        if (!again || *again != *bytes) {
            fprintf(stderr, "base64 round trip fails: %s\n", encoded.c_str());
            abort();
        }
    }
    return 0;
}
