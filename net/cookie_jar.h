// A browser cookie store as "Cookies: HTTP State Management Mechanism" (draft-ietf-httpbis-rfc6265bis-20,
// https://datatracker.ietf.org/doc/draft-ietf-httpbis-rfc6265bis/) defines it: Set-Cookie parsing (5.6),
// the storage model (5.7) and the retrieval model (5.8).
// Thread safety: every public member function of CookieJar locks the jar's mutex, so one jar can be
// used from the network thread and from the embedding API's thread at once.
//
// Choices the draft leaves to the user agent:
// - Cookies are kept only for http, https, ws and wss URLs; other URLs neither set nor get cookies.
// - A "secure" connection (5.7 steps 13 and 16, 5.8.3) is an https or wss URL, or one whose host is a
//   potentially trustworthy loopback host as Secure Contexts defines it: "localhost", "*.localhost",
//   127.0.0.0/8 and [::1]. (Browsers do the same, so Secure cookies work against a local test server.)
// - Public suffixes (5.7 step 9) are rejected, using libpsl's newest list (the system's or the built-in
//   one), both its ICANN and its private sections, with the implicit "*" rule: a single-label Domain
//   attribute such as "example" is a public suffix. A domain cookie whose domain is a public suffix
//   (from insert() or load_netscape()) is never returned (the note of 5.8.3).
// - Lifetimes are capped at 400 days (5.5); a cookie counts as expired once now reaches its expiry-time
//   (as in Chrome); session cookies expire at time_point::max() and live until clear().
//   "Lax-allowing-unsafe" enforcement (5.6.7.2) is not applied.
// - Limits (5.7, 6.1): at most MAX_COOKIES_PER_DOMAIN cookies share a domain field and MAX_COOKIES are
//   stored; excess cookies are evicted in the priority order of 5.7 (expired, then insecure cookies of
//   the crowded domain, then any of its cookies, then any cookie; the least recently accessed first).
// - Cookies are keyed by host only, not by scheme or port, and are not partitioned.
#pragma once

#include "net/url.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace duknet::net {

// 5.6.7, 5.7 step 17: the same-site-flag.
enum class SameSite : uint8_t { Default, None, Lax, Strict };

// 5.7: the fields the user agent stores about each cookie.
struct Cookie {
    using TimePoint = std::chrono::system_clock::time_point;

    std::string name;
    std::string value;
    std::string domain; // lower case, no leading dot: the request's host, or the Domain attribute
    std::string path;
    TimePoint expiry_time = TimePoint::max(); // TimePoint::max() for session cookies
    TimePoint creation_time;
    TimePoint last_access_time;
    bool persistent = false; // false: a session cookie
    bool host_only = true; // false: also sent to subdomains of domain
    bool secure_only = false;
    bool http_only = false;
    SameSite same_site = SameSite::Default;

    bool operator==(const Cookie&) const = default;
};

// What the jar needs to know about the request (or the script calling a non-HTTP API) that sets or
// gets cookies, for the SameSite rules of 5.7 step 18 and 5.8.3.
struct SameSiteContext {
    // 5.2: the request's URL is same-site with its client's "site for cookies" (or it has no client);
    // for a non-HTTP API, the calling document's "site for cookies" is same-site with the top-level origin.
    bool same_site = true;
    // The request navigates a top-level traversable.
    bool top_level_navigation = false;
    // The request's method is "safe": GET, HEAD, OPTIONS or TRACE.
    bool safe_method = true;
};

// https://html.spec.whatwg.org/#same-site (schemeful, with the public suffix list).
bool is_same_site(const Origin&, const Origin&);

class CookieJar {
public:
    using TimePoint = std::chrono::system_clock::time_point;

    static constexpr size_t MAX_COOKIES_PER_DOMAIN = 180; // as Chrome and Firefox; 6.1 asks for at least 50
    static constexpr size_t MAX_COOKIES = 3000; // 6.1 asks for at least 3000

    // 5.6 and 5.7: parses one Set-Cookie header value (http_api true) or a document.cookie assignment
    // (http_api false) received from request_url at time now, and stores, replaces or deletes a cookie
    // or ignores it.
    void set_cookie_from_header(const URL& request_url, std::string_view set_cookie_value, const SameSiteContext& context, bool http_api, TimePoint now);

    // 5.8.3: the cookie-string for request_url at time now: the Cookie header value (http_api true) or
    // what document.cookie returns (http_api false); "" when no cookie applies. Updates the
    // last-access-time of the cookies it returns.
    std::string cookie_header_for(const URL& request_url, const SameSiteContext& context, bool http_api, TimePoint now);

    // The embedding API. all_cookies() returns the store in insertion order, a replacement taking the
    // old cookie's place (it may hold expired cookies not yet evicted: expired cookies are evicted when
    // set_cookie_from_header() or cookie_header_for() is given the current time). insert() stores a
    // cookie as given (domain lower case, without a leading dot), replacing the one with the same name,
    // domain, host-only-flag and path, and then removes excess cookies.
    std::vector<Cookie> all_cookies() const;
    void insert(Cookie cookie);
    void clear();

    // The Netscape cookies.txt format as curl reads and writes it: one cookie a line, tab-separated
    // domain (with a leading dot for domain cookies), include-subdomains TRUE/FALSE, path, secure
    // TRUE/FALSE, expiry in Unix seconds (0 for a session cookie), name and value; the line of an
    // HttpOnly cookie starts with "#HttpOnly_"; other lines starting with '#' and blank lines are
    // ignored. Loaded cookies get the same-site-flag "Default" and creation and last-access times of
    // the Unix epoch, so they sort in file order. load_netscape() returns false if a line was malformed
    // (the well-formed ones are still loaded).
    bool load_netscape(std::istream& in);
    void save_netscape(std::ostream& out) const;

private:
    mutable std::mutex mutex_;
    std::vector<Cookie> cookies_; // in insertion order (see all_cookies())
};

} // namespace duknet::net
