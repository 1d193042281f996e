// URLs, hosts and origins as the WHATWG URL Standard (https://url.spec.whatwg.org/) defines them.
// Every type here is a plain value: it holds no references to shared state, so values can be
// copied, moved and used on any thread (concurrent reads of one value are safe; writes need the
// usual external synchronisation).
// Strings are UTF-8. Input that is not valid UTF-8 is treated as the standard treats scalar value
// strings: each invalid sequence stands for U+FFFD.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duknet::net {

// https://html.spec.whatwg.org/#concept-origin
// Either a tuple origin (scheme, host, port) or an opaque origin. Each opaque origin made by
// make_opaque() gets a unique id, so only copies of it are same origin with it.
class Origin {
public:
    static Origin make_opaque();
    static Origin make_tuple(std::string scheme, std::string host_serialized, std::optional<uint16_t> port);

    bool is_opaque() const { return opaque_id_ != 0; }
    const std::string& scheme() const { return scheme_; }
    const std::string& host() const { return host_; } // serialized host; empty when opaque
    std::optional<uint16_t> port() const { return port_; }

    // https://html.spec.whatwg.org/#same-origin
    bool is_same_origin(const Origin& other) const;
    // https://html.spec.whatwg.org/#same-origin-domain (there is no document.domain here)
    bool is_same_origin_domain(const Origin& other) const { return is_same_origin(other); }
    // https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin ("null" when opaque)
    std::string serialize() const;

private:
    std::string scheme_;
    std::string host_;
    std::optional<uint16_t> port_;
    uint64_t opaque_id_ = 0;
};

// https://url.spec.whatwg.org/#concept-host
struct Host {
    enum class Kind : uint8_t { Domain, IPv4, IPv6, Opaque, Empty };
    Kind kind = Kind::Empty;
    std::string serialized; // https://url.spec.whatwg.org/#concept-host-serializer (IPv6 with brackets)

    bool operator==(const Host&) const = default;
};

// https://url.spec.whatwg.org/#percent-encoded-bytes
enum class PercentEncodeSet : uint8_t {
    C0Control,
    Fragment,
    Query,
    SpecialQuery,
    Path,
    Userinfo,
    Component,
    ApplicationXWWWFormUrlencoded,
};

// https://url.spec.whatwg.org/#concept-url
class URL {
public:
    // https://url.spec.whatwg.org/#concept-basic-url-parser (no state override); nullopt on failure.
    static std::optional<URL> parse(std::string_view input, const URL* base = nullptr);

    // https://url.spec.whatwg.org/#concept-url-serializer
    std::string serialize(bool exclude_fragment = false) const;
    std::string href() const { return serialize(); }

    // The components as the standard's URL record holds them.
    const std::string& scheme() const { return scheme_; }
    const std::string& username() const { return username_; }
    const std::string& password() const { return password_; }
    const std::optional<Host>& host() const { return host_; }
    std::optional<std::string> host_serialized() const;
    std::optional<uint16_t> port() const { return port_; }
    std::optional<uint16_t> port_or_default() const; // the special scheme's default port when port is null
    const std::optional<std::string>& query() const { return query_; }
    const std::optional<std::string>& fragment() const { return fragment_; }
    const std::vector<std::string>& path_segments() const { return path_; } // empty when the path is opaque

    // https://url.spec.whatwg.org/#is-special
    bool is_special() const;
    // https://url.spec.whatwg.org/#url-opaque-path
    bool has_opaque_path() const { return opaque_path_.has_value(); }
    // https://url.spec.whatwg.org/#include-credentials
    bool includes_credentials() const { return !username_.empty() || !password_.empty(); }
    // https://url.spec.whatwg.org/#cannot-have-a-username-password-port
    bool cannot_have_username_password_port() const;
    // https://url.spec.whatwg.org/#url-path-serializer
    std::string serialize_path() const;

    bool is_ipv6_host() const { return host_ && host_->kind == Host::Kind::IPv6; }
    // What to resolve/connect to: the domain, the dotted IPv4 address, or the IPv6 address
    // without brackets. Empty when there is no host.
    std::string host_for_connect() const;

    // https://url.spec.whatwg.org/#concept-url-origin
    Origin origin() const;

    // The URL API (https://url.spec.whatwg.org/#api): getters return what the URL class's
    // attributes return, setters run the setter steps (state-override parsing) of the standard.
    bool set_href(std::string_view value); // false (URL unchanged) when value does not parse
    std::string protocol() const;
    void set_protocol(std::string_view value);
    void set_username(std::string_view value);
    void set_password(std::string_view value);
    std::string host_and_port() const; // the "host" attribute
    void set_host(std::string_view value);
    std::string hostname() const;
    void set_hostname(std::string_view value);
    std::string port_string() const; // the "port" attribute
    void set_port(std::string_view value);
    std::string pathname() const { return serialize_path(); }
    void set_pathname(std::string_view value);
    std::string search() const;
    void set_search(std::string_view value);
    std::string hash() const;
    void set_hash(std::string_view value);

    bool operator==(const URL&) const = default;

private:
    friend class BasicURLParser;

    void potentially_strip_trailing_spaces_from_an_opaque_path();

    std::string scheme_;
    std::string username_;
    std::string password_;
    std::optional<Host> host_;
    std::optional<uint16_t> port_;
    std::vector<std::string> path_;
    std::optional<std::string> opaque_path_;
    std::optional<std::string> query_;
    std::optional<std::string> fragment_;
};

// A name whose public suffix is "localhost" or "localhost." (https://fetch.spec.whatwg.org/#resolve-an-origin).
bool is_localhost_name(std::string_view domain);
// A loopback host, which the Secure Contexts spec deems potentially trustworthy: 127.0.0.0/8,
// [::1], and localhost names.
bool is_loopback_host(const Host&);

// https://url.spec.whatwg.org/#concept-host-parser; nullopt on failure.
std::optional<Host> parse_host(std::string_view input, bool is_opaque);
// https://url.spec.whatwg.org/#concept-domain-to-ascii; nullopt on failure.
std::optional<std::string> domain_to_ascii(std::string_view domain, bool be_strict);
// https://url.spec.whatwg.org/#string-utf-8-percent-encode (spaceAsPlus as in
// https://url.spec.whatwg.org/#string-percent-encode-after-encoding)
std::string utf8_percent_encode(std::string_view input, PercentEncodeSet set, bool space_as_plus = false);
// https://url.spec.whatwg.org/#string-percent-decode (the result is a byte sequence)
std::string percent_decode(std::string_view input);
// https://url.spec.whatwg.org/#concept-urlencoded-parser
std::vector<std::pair<std::string, std::string>> urlencoded_parse(std::string_view input);
// https://url.spec.whatwg.org/#concept-urlencoded-serializer
std::string urlencoded_serialize(const std::vector<std::pair<std::string, std::string>>& tuples);

} // namespace duknet::net
