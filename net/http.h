// Plain records that cross from the loader down to the I/O thread and back up: an HTTP request,
// a response head, a network failure, and the delegate through which one transaction reports.
// Thread: values, usable on any thread; TransactionDelegate is called on the I/O thread.
#pragma once

#include "net/bytes.h"
#include "net/url.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace duknet::net {

// Header names keep the case they were given; lookups are case-insensitive.
using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    URL url;
    HeaderList headers;
    std::shared_ptr<const Bytes> body; // null: no body
    // Cookies go with the request, and the response's Set-Cookie is stored.
    bool include_credentials = false;
    // The origin of the document (or worker) making the request: its site decides SameSite.
    Origin initiator_origin = Origin::make_opaque();
    // Opens a connection beyond the per-origin limit rather than wait for a slot, as Chromium's
    // LOAD_IGNORE_LIMITS does for synchronous loads: their thread is blocked, so the loads that
    // hold the slots may be waiting for that very thread to take their bodies.
    bool ignore_connection_limit = false;
    // Set: a body that arrives as it is, with a Content-Length from 1 MiB to 1 GiB, is read whole
    // into one BodyBlock with this much headroom, and comes up in slices of it (see BodyBlock).
    std::optional<size_t> body_block_headroom {};
};

struct ResponseHead {
    unsigned status = 0;
    std::string status_text;
    HeaderList headers;
    unsigned http_version = 11; // 10 or 11
    // The body arrives decoded from its Content-Encoding (so its length is not Content-Length).
    bool content_decoded = false;
};

// Why a transaction failed. Script only ever sees "a network error"; the kind and detail are for
// --verbose and traces.
struct NetworkFailure {
    enum class Kind {
        NameResolution,
        ConnectionRefused,
        ConnectionReset,
        ConnectionClosed, // the peer closed before the response was complete
        MalformedResponse,
        ContentDecoding, // a corrupt or truncated gzip/deflate/br body
        Tls,
        Other,
    };
    Kind kind = Kind::Other;
    std::string detail;
};

const char* to_string(NetworkFailure::Kind);

// Reports of one transaction, in this order: upload progress (zero or more), the response head,
// body chunks (zero or more), then completion; or a failure at any point. Nothing is reported
// after completion, failure or cancel().
class TransactionDelegate {
public:
    virtual ~TransactionDelegate() = default;
    virtual void on_upload_progress(uint64_t bytes_sent, uint64_t total) = 0;
    virtual void on_response_head(ResponseHead) = 0;
    virtual void on_body_data(BodyChunk chunk) = 0;
    virtual void on_complete() = 0;
    virtual void on_failure(NetworkFailure) = 0;
};

// Case-insensitive header name comparison (header names are ASCII).
bool header_name_equals(std::string_view a, std::string_view b);
// The first value of the header named `name`, if any.
std::optional<std::string> first_header_value(const HeaderList&, std::string_view name);

} // namespace duknet::net
