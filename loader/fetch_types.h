// The Fetch Standard's request and response records as the loader uses them, and what a load's
// client hears. Thread: values, usable on any thread.
#pragma once

#include "loader/header_parsing.h"
#include "net/http.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace duknet::loader {

// https://fetch.spec.whatwg.org/#concept-request (the members this engine uses)
struct Request {
    enum class Mode { SameOrigin, NoCors, Cors, Navigate };
    enum class CredentialsMode { Omit, SameOrigin, Include };
    enum class RedirectMode { Follow, Error, Manual };

    std::string method = "GET";
    net::URL url;
    net::HeaderList header_list;
    std::shared_ptr<const net::Bytes> body;
    // The request's client's origin: the document's (or worker's) origin.
    net::Origin origin = net::Origin::make_opaque();
    Mode mode = Mode::NoCors;
    CredentialsMode credentials_mode = CredentialsMode::SameOrigin;
    RedirectMode redirect_mode = RedirectMode::Follow;
    // https://fetch.spec.whatwg.org/#use-cors-preflight-flag (XHR sets it for upload listeners)
    bool use_cors_preflight = false;
    // https://fetch.spec.whatwg.org/#unsafe-request-flag: set for requests made by script.
    bool unsafe_request = false;
    // 0: no timeout. A timed-out load fails with Failure::Reason::Timeout.
    std::chrono::milliseconds timeout { 0 };
    // Upload progress is reported only when someone listens (the XHR upload listener flag).
    bool report_upload_progress = false;
    // Set by ThreadableLoader::load_synchronously.
    bool synchronous = false;
    // Passed on as net::HttpRequest::body_block_headroom: a large body of known length comes in
    // slices of one block, which the client can take over whole once every slice is in.
    std::optional<size_t> body_block_headroom;
};

// https://fetch.spec.whatwg.org/#concept-response (the head: the body arrives as data). What the
// client gets is already the filtered response its type says.
struct Response {
    enum class Type { Basic, Cors, Default, Opaque, OpaqueRedirect };

    Type type = Type::Default;
    unsigned status = 0;
    std::string status_text;
    net::HeaderList header_list;
    std::vector<net::URL> url_list; // the last one is the response's URL
    bool body_expected = true;     // false for HEAD, 204, 304 and opaque responses
    // The body is decoded from its Content-Encoding: Content-Length does not give its length.
    bool content_decoded = false;

    const net::URL& url() const { return url_list.back(); }
    bool redirected() const { return url_list.size() > 1; }
    // The length of the body as it arrives: its Content-Length, unless it is decoded.
    std::optional<uint64_t> body_length() const
    {
        auto length = extract_length(header_list);
        if (content_decoded || !length.has_value())
            return std::nullopt;
        return length.value;
    }
};

struct Failure {
    enum class Reason { NetworkError, Timeout };
    Reason reason = Reason::NetworkError;
    // The real cause, for --verbose and traces; script sees only the standard's network error.
    std::string detail;
};

// Receives a load's reports on the thread that started it, in order: upload progress (zero or
// more), the response, data chunks (zero or more), then finish; or one failure at any point.
class LoaderClient {
public:
    virtual ~LoaderClient() = default;
    virtual void did_send_data(uint64_t bytes_sent, uint64_t total) = 0;
    virtual void did_receive_response(Response) = 0;
    virtual void did_receive_data(net::BodyChunk chunk) = 0;
    virtual void did_finish_loading() = 0;
    virtual void did_fail(Failure) = 0;
};

} // namespace duknet::loader
