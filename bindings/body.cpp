#include "bindings/body.h"

#include "bindings/blob.h"
#include "bindings/form_data.h"
#include "bindings/js.h"

namespace duknet::bindings {

static std::shared_ptr<const net::Bytes> bytes_of(std::string_view bytes)
{
    return std::make_shared<const net::Bytes>(bytes.begin(), bytes.end());
}

ExtractedBody extract_body(duk_context* ctx, duk_idx_t index)
{
    index = duk_normalize_index(ctx, index);
    // Blob: its bytes; its type if not empty.
    if (const BlobData* blob = blob_of(ctx, index)) {
        ExtractedBody body { bytes_of(blob->view()), std::nullopt };
        if (!blob->type.empty())
            body.type = blob->type;
        return body;
    }
    // BufferSource: a copy of its bytes.
    if (auto bytes = buffer_source_bytes(ctx, index))
        return { bytes_of(*bytes), std::nullopt };
    // FormData: the multipart/form-data encoding, with its boundary in the type.
    if (auto* entries = form_data_entries_of(ctx, index)) {
        auto [encoded, boundary] = multipart_form_data_encode(*entries);
        return { bytes_of(encoded), "multipart/form-data; boundary=" + boundary };
    }
    // URLSearchParams: the application/x-www-form-urlencoded serialization.
    duk_get_global_string(ctx, "URLSearchParams");
    bool is_search_params = duk_is_object(ctx, index) && duk_is_function(ctx, -1) && duk_instanceof(ctx, index, -1);
    duk_pop(ctx);
    if (is_search_params)
        return { bytes_of(to_utf8(ctx, index)), "application/x-www-form-urlencoded;charset=UTF-8" };
    // Scalar value string: UTF-8 encoded.
    return { bytes_of(to_utf8(ctx, index)), "text/plain;charset=UTF-8", true };
}

} // namespace duknet::bindings
