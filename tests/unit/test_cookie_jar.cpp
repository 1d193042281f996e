// Unit tests of net/cookie_jar: draft-ietf-httpbis-rfc6265bis-20 parsing (5.6), storage (5.7) and
// retrieval (5.8), the limits, and the Netscape cookies.txt format. Every test uses fixed times.
#include "net/cookie_jar.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using duknet::net::Cookie;
using duknet::net::CookieJar;
using duknet::net::SameSite;
using duknet::net::SameSiteContext;
using duknet::net::URL;

namespace {

using TimePoint = std::chrono::system_clock::time_point;
using namespace std::chrono_literals;

// 2023-11-14T22:13:20Z
TimePoint const NOW{std::chrono::seconds{1'700'000'000}};
auto const COOKIE_AGE_LIMIT = std::chrono::days{400};

TimePoint utc(std::chrono::year_month_day date, std::chrono::seconds time_of_day = 0s)
{
    return TimePoint{std::chrono::sys_days{date}} + time_of_day;
}

SameSiteContext const SAME_SITE{};
SameSiteContext const CROSS_SITE{.same_site = false, .top_level_navigation = false, .safe_method = true};
SameSiteContext const CROSS_SITE_NAVIGATION{.same_site = false, .top_level_navigation = true, .safe_method = true};
SameSiteContext const CROSS_SITE_UNSAFE_NAVIGATION{.same_site = false, .top_level_navigation = true, .safe_method = false};

URL parse_url(std::string_view input)
{
    std::optional<URL> url = URL::parse(input);
    REQUIRE(url);
    return *url;
}

Cookie make_cookie(std::string name, std::string domain, bool host_only = true)
{
    Cookie cookie;
    cookie.name = std::move(name);
    cookie.value = "1";
    cookie.domain = std::move(domain);
    cookie.path = "/";
    cookie.host_only = host_only;
    return cookie;
}

// A jar with shorthands: set() as a response's Set-Cookie header, get() as a request's Cookie header;
// script_set() and script_get() as document.cookie.
struct Jar : CookieJar {
    void set(std::string_view url, std::string_view header, TimePoint now = NOW, SameSiteContext const& context = SAME_SITE)
    {
        set_cookie_from_header(parse_url(url), header, context, true, now);
    }
    void script_set(std::string_view url, std::string_view value, TimePoint now = NOW, SameSiteContext const& context = SAME_SITE)
    {
        set_cookie_from_header(parse_url(url), value, context, false, now);
    }
    std::string get(std::string_view url, TimePoint now = NOW, SameSiteContext const& context = SAME_SITE)
    {
        return cookie_header_for(parse_url(url), context, true, now);
    }
    std::string script_get(std::string_view url, TimePoint now = NOW, SameSiteContext const& context = SAME_SITE)
    {
        return cookie_header_for(parse_url(url), context, false, now);
    }
    std::optional<Cookie> find(std::string_view name) const
    {
        for (Cookie const& cookie : all_cookies()) {
            if (cookie.name == name)
                return cookie;
        }
        return std::nullopt;
    }
    size_t size() const { return all_cookies().size(); }
};

// The expiry-time a cookie "a=1; <attributes>" set at NOW gets; nullopt when it is not stored.
std::optional<TimePoint> expiry_of(std::string_view attributes)
{
    Jar j;
    j.set("https://example.com/", "a=1; " + std::string(attributes));
    std::optional<Cookie> const cookie = j.find("a");
    if (!cookie)
        return std::nullopt;
    return cookie->expiry_time;
}

} // namespace

TEST_CASE_FIXTURE(Jar, "cookie-name and cookie-value (5.6 steps 1 to 6)")
{
    set("http://example.com/", "a=b");
    CHECK(get("http://example.com/") == "a=b");

    SUBCASE("whitespace around the name and value is removed, inside it kept")
    {
        set("http://example.com/", " \tn m = v w \t; Path=/");
        CHECK(find("n m")->value == "v w");
    }
    SUBCASE("the value is everything after the first '='")
    {
        set("http://example.com/", "c=d=e");
        CHECK(find("c")->value == "d=e");
    }
    SUBCASE("nameless cookies")
    {
        set("http://example.com/", "token", NOW + 1s);
        CHECK(get("http://example.com/") == "a=b; token");
        set("http://example.com/", "=other", NOW + 2s); // the same (empty) name: replaces "token"
        CHECK(get("http://example.com/") == "a=b; other");
        set("http://example.com/", "=");
        set("http://example.com/", "");
        set("http://example.com/", "  ; Path=/");
        CHECK(size() == 2);
    }
    SUBCASE("control characters but HTAB make the set-cookie-string ignored")
    {
        set("http://example.com/", std::string("c=d\x01"));
        set("http://example.com/", "c=d; Path=/\x7f");
        set("http://example.com/", std::string("c=d\0e", 5));
        CHECK(size() == 1);
    }
    SUBCASE("an attribute without a value and unknown attributes")
    {
        set("http://example.com/", "c=d; Unknown=1; ; Secure2; =x");
        CHECK(find("c")->path == "/");
    }
}

TEST_CASE_FIXTURE(Jar, "size limits (5.6 step 5 and attribute parsing step 6)")
{
    set("http://example.com/", std::string(96, 'n') + "=" + std::string(4000, 'v'));
    CHECK(size() == 1);
    set("http://example.com/", std::string(97, 'm') + "=" + std::string(4000, 'v'));
    CHECK(size() == 1);

    set("http://example.com/a/b", "p=1; Path=/" + std::string(1023, 'x'));
    CHECK(find("p")->path.size() == 1024);
    set("http://example.com/a/b", "q=1; Path=/" + std::string(1024, 'x'));
    CHECK(find("q")->path == "/a"); // the Path attribute is ignored: the default-path
    set("http://www.example.com/", "r=1; Domain=" + std::string(1021, 'x') + ".com");
    CHECK(find("r")->host_only);
}

TEST_CASE_FIXTURE(Jar, "host-only and domain cookies (5.7 steps 7 to 10)")
{
    set("http://www.example.com/", "host=1");
    set("http://www.example.com/", "domain=2; Domain=example.com");
    CHECK(find("host")->host_only);
    CHECK(find("host")->domain == "www.example.com");
    CHECK_FALSE(find("domain")->host_only);
    CHECK(find("domain")->domain == "example.com");

    CHECK(get("http://www.example.com/") == "host=1; domain=2");
    CHECK(get("http://example.com/") == "domain=2");
    CHECK(get("http://a.b.example.com/") == "domain=2");
    CHECK(get("http://sub.www.example.com/") == "domain=2");
    CHECK(get("http://notexample.com/") == "");
    CHECK(get("http://example.org/") == "");
    CHECK(get("http://WWW.EXAMPLE.COM./") == ""); // the canonical host is "www.example.com."

    SUBCASE("a leading dot is ignored and the domain lowercased")
    {
        set("http://www.example.com/", "dot=3; Domain=.EXAMPLE.com");
        CHECK(find("dot")->domain == "example.com");
        CHECK_FALSE(find("dot")->host_only);
    }
    SUBCASE("a Domain the request-host does not domain-match is rejected")
    {
        set("http://www.example.com/", "x=1; Domain=other.com");
        set("http://www.example.com/", "x=1; Domain=sub.www.example.com");
        set("http://www.example.com/", "x=1; Domain=ww.example.com");
        set("http://www.example.com/", "x=1; Domain=ple.com");
        CHECK_FALSE(find("x"));
    }
    SUBCASE("a Domain with a non-ASCII character is rejected")
    {
        set("http://www.example.com/", "x=1; Domain=ex\xc3\xa4mple.com");
        CHECK_FALSE(find("x"));
    }
    SUBCASE("an empty Domain makes a host-only cookie; the last Domain counts")
    {
        set("http://www.example.com/", "x=1; Domain=example.com; Domain=");
        CHECK(find("x")->host_only);
        set("http://www.example.com/", "y=1; Domain=; Domain=example.com");
        CHECK_FALSE(find("y")->host_only);
    }
    SUBCASE("IP addresses only domain-match themselves")
    {
        set("http://127.0.0.1/", "ip=1; Domain=0.0.1");
        CHECK_FALSE(find("ip"));
        set("http://127.0.0.1/", "ip=2; Domain=127.0.0.1");
        CHECK(get("http://127.0.0.1/") == "ip=2");
    }
}

TEST_CASE_FIXTURE(Jar, "public suffixes are rejected as Domain (5.7 step 9)")
{
    set("http://www.example.com/", "a=1; Domain=com");
    set("http://www.example.com/", "a=1; Domain=.com");
    set("http://www.bbc.co.uk/", "a=1; Domain=co.uk");
    set("http://foo.github.io/", "a=1; Domain=github.io"); // the list's private section
    set("http://www.site.example/", "a=1; Domain=example"); // the "*" rule
    CHECK(size() == 0);

    set("http://www.bbc.co.uk/", "b=1; Domain=bbc.co.uk");
    CHECK(get("http://news.bbc.co.uk/") == "b=1");
    CHECK(get("http://other.co.uk/") == "");

    // A public suffix that is the request-host itself makes a host-only cookie.
    set("http://co.uk/", "c=1; Domain=co.uk");
    CHECK(find("c")->host_only);
    CHECK(get("http://www.co.uk/") == "");
}

TEST_CASE_FIXTURE(Jar, "default-path and path-match (5.1.4, 5.6.4)")
{
    set("http://example.com/a/b/c?q=/x/y", "deep=1");
    set("http://example.com/a", "top=1");
    set("http://example.com/", "root=1");
    set("http://example.com/a/b/c", "relative=1; Path=docs");
    set("http://example.com/a/b/c", "empty=1; Path=");
    CHECK(find("deep")->path == "/a/b");
    CHECK(find("top")->path == "/");
    CHECK(find("root")->path == "/");
    CHECK(find("relative")->path == "/a/b");
    CHECK(find("empty")->path == "/a/b");

    clear();
    set("http://example.com/", "docs=1; Path=/docs");
    set("http://example.com/", "slash=1; Path=/docs/");
    CHECK(get("http://example.com/docs") == "docs=1");
    CHECK(get("http://example.com/docs/") == "slash=1; docs=1");
    CHECK(get("http://example.com/docs/web/page?x") == "slash=1; docs=1");
    CHECK(get("http://example.com/docsets") == "");
    CHECK(get("http://example.com/Docs") == "");
    CHECK(get("http://example.com/") == "");
}

TEST_CASE("Expires and the cookie-date algorithm (5.1.1, 5.6.1)")
{
    TimePoint const march_first = utc(std::chrono::year{2024} / 3 / 1, 12h);
    CHECK(expiry_of("Expires=Fri, 01 Mar 2024 12:00:00 GMT") == march_first); // RFC 1123
    CHECK(expiry_of("Expires=Friday, 01-Mar-24 12:00:00 GMT") == march_first); // RFC 850, a two-digit year
    CHECK(expiry_of("Expires=Fri Mar  1 12:00:00 2024") == march_first); // asctime()
    CHECK(expiry_of("expires=1 march 2024 12:00:00") == march_first);
    CHECK(expiry_of("Expires=12:00:00 2024 MAR 01 junk") == march_first);
    CHECK(expiry_of("Expires=Fri, 01 Mar 2024 12:0:0am") == march_first); // a non-digit ends the time
    CHECK(expiry_of("Expires=01/Mar/24 12:00:00") == march_first);
    CHECK(expiry_of("Expires=1 Mar 2024 1:2:3") == utc(std::chrono::year{2024} / 3 / 1, 1h + 2min + 3s));

    SUBCASE("two-digit years: 70 to 99 are 19xx, 0 to 69 are 20xx")
    {
        CHECK(expiry_of("Expires=1 Jan 24 00:00:00") == utc(std::chrono::year{2024} / 1 / 1));
        CHECK(expiry_of("Expires=1 Jan 00 00:00:00") == std::nullopt); // 2000: in the past
        CHECK(expiry_of("Expires=1 Jan 70 00:00:00") == std::nullopt); // 1970
        CHECK(expiry_of("Expires=1 Jan 69 00:00:00") == NOW + COOKIE_AGE_LIMIT); // 2069, capped
    }
    SUBCASE("dates that fail to parse are ignored: a session cookie")
    {
        for (char const* date : {"2024-03-01 12:00:00", "31 Feb 2024 12:00:00", "32 Mar 2024 12:00:00", "0 Mar 2024 12:00:00", "1 Mar 2024 24:00:00",
                 "1 Mar 2024 12:60:00", "1 Mar 2024 12:00:60", "1 Mar 2024", "1 Mar 12:00:00", "1 2024 12:00:00", "1 Mar 2024 12:00", "1 Mar 2024 123:00:00",
                 "1 Mar 2024 12:00:001", "1 Mar 20245 12:00:00", "1 Mar 1600 12:00:00", "001 Mar 2024 12:00:00", ""}) {
            CAPTURE(date);
            CHECK(expiry_of("Expires=" + std::string(date)) == TimePoint::max());
        }
        Jar j;
        j.set("https://example.com/", "a=1; Expires=nonsense");
        CHECK_FALSE(j.find("a")->persistent);
    }
    SUBCASE("29 February exists in leap years only")
    {
        CHECK(expiry_of("Expires=29 Feb 2024 00:00:00") == utc(std::chrono::year{2024} / 2 / 29));
        CHECK(expiry_of("Expires=29 Feb 2025 00:00:00") == TimePoint::max());
    }
    SUBCASE("an expiry-time beyond 400 days is capped (5.5)")
    {
        CHECK(expiry_of("Expires=Fri, 31 Dec 9999 23:59:59 GMT") == NOW + COOKIE_AGE_LIMIT);
        CHECK(expiry_of("Expires=1 Jan 1601 00:00:00") == std::nullopt); // before TimePoint's range: expired
    }
}

TEST_CASE_FIXTURE(Jar, "Expires in the past deletes a cookie; cookies expire")
{
    set("http://example.com/", "a=1; Expires=Fri, 01 Mar 2024 12:00:00 GMT");
    set("http://example.com/", "b=1; Max-Age=60");
    CHECK(find("a")->persistent);
    CHECK(get("http://example.com/", NOW + 59s) == "a=1; b=1");
    CHECK(get("http://example.com/", NOW + 60s) == "a=1");
    CHECK_FALSE(find("b")); // evicted
    set("http://example.com/", "a=; Expires=Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(size() == 0);
}

TEST_CASE_FIXTURE(Jar, "Max-Age (5.6.2)")
{
    CHECK(expiry_of("Max-Age=3600") == NOW + 1h);
    CHECK(expiry_of("Max-Age=3600; Expires=Fri, 01 Mar 2024 12:00:00 GMT") == NOW + 1h); // Max-Age wins
    CHECK(expiry_of("Expires=Fri, 01 Mar 2024 12:00:00 GMT; Max-Age=3600") == NOW + 1h);
    CHECK(expiry_of("Max-Age=1; Max-Age=7200") == NOW + 2h);
    CHECK(expiry_of("Max-Age=99999999999999999999999999") == NOW + COOKIE_AGE_LIMIT);
    CHECK(expiry_of("Max-Age=34560001") == NOW + COOKIE_AGE_LIMIT);
    for (char const* ignored : {"Max-Age=", "Max-Age=abc", "Max-Age=+5", "Max-Age=-", "Max-Age=-x", "Max-Age=1.5", "Max-Age=5s", "Max-Age=0x10"}) {
        CAPTURE(ignored);
        CHECK(expiry_of(ignored) == TimePoint::max());
    }
    CHECK(expiry_of("Max-Age=0") == std::nullopt);
    CHECK(expiry_of("Max-Age=-1") == std::nullopt);

    SUBCASE("Max-Age=0 and a negative Max-Age delete the cookie")
    {
        set("http://example.com/", "a=1");
        set("http://example.com/", "b=1; Max-Age=100");
        set("http://example.com/", "a=1; Max-Age=0");
        set("http://example.com/", "b=1; Max-Age=-5");
        CHECK(size() == 0);
    }
}

TEST_CASE_FIXTURE(Jar, "Secure (5.7 steps 12, 13 and 16; 5.8.3)")
{
    set("http://example.com/", "s=1; Secure");
    CHECK(size() == 0);
    set("https://example.com/", "s=1; Secure");
    CHECK(find("s")->secure_only);
    CHECK(get("http://example.com/") == "");
    CHECK(get("https://example.com/") == "s=1");
    CHECK(get("wss://example.com/socket") == "s=1");
    CHECK(get("ws://example.com/socket") == "");

    SUBCASE("an insecure origin cannot overwrite or overlay a secure cookie")
    {
        set("http://example.com/", "s=2");
        set("http://example.com/", "s=3; Path=/other");
        set("http://sub.example.com/", "s=4; Domain=example.com");
        CHECK(size() == 1);
        CHECK(get("https://example.com/") == "s=1");
        set("https://example.com/", "s=5"); // a secure origin can
        CHECK(get("http://example.com/") == "s=5");
    }
    SUBCASE("the path comparison is not symmetric")
    {
        clear();
        set("https://example.com/", "a=secure; Secure; Path=/login");
        set("http://example.com/", "a=root; Path=/");
        set("http://example.com/", "a=foo; Path=/foo");
        set("http://example.com/", "a=login; Path=/login");
        set("http://example.com/", "a=en; Path=/login/en");
        CHECK(size() == 3);
        CHECK(get("https://example.com/login/en") == "a=secure; a=root");
    }
    SUBCASE("loopback hosts denote secure connections")
    {
        set("http://localhost:8080/", "l=1; Secure");
        set("http://127.0.0.1/", "i=1; Secure");
        set("http://[::1]/", "v=1; Secure");
        set("http://app.localhost/", "a=1; Secure");
        CHECK(get("http://localhost/") == "l=1");
        CHECK(get("http://127.0.0.1/") == "i=1");
        CHECK(get("http://[::1]/") == "v=1");
        CHECK(get("http://app.localhost/") == "a=1");
    }
}

TEST_CASE_FIXTURE(Jar, "__Secure- and __Host- prefixes (5.4; 5.7 steps 20 to 22)")
{
    set("https://www.example.com/", "__Secure-a=1");
    set("https://www.example.com/", "__SECURE-a=1; Domain=example.com");
    set("http://www.example.com/", "__Secure-a=1; Secure");
    CHECK(size() == 0);
    set("https://www.example.com/", "__Secure-a=1; Secure; Domain=example.com");
    set("https://www.example.com/", "__secure-b=1; Secure");
    CHECK(size() == 2);

    clear();
    set("https://www.example.com/", "__Host-a=1");
    set("https://www.example.com/", "__Host-a=1; Secure"); // the default-path is "/", but Path is missing
    set("https://www.example.com/dir/", "__Host-a=1; Secure; Path=/dir");
    set("https://www.example.com/", "__Host-a=1; Secure; Path=/; Domain=example.com");
    set("https://www.example.com/", "__HOST-a=1; Secure; Path=/; Domain=www.example.com");
    set("http://www.example.com/", "__Host-a=1; Secure; Path=/");
    CHECK(size() == 0);
    set("https://www.example.com/dir/page", "__Host-a=1; Secure; Path=/");
    set("https://www.example.com/", "__host-b=1; Secure; Path=");
    CHECK(size() == 2);

    clear();
    set("https://www.example.com/", "=__Host-a=1; Secure; Path=/");
    set("https://www.example.com/", "__Secure-a; Secure");
    set("https://www.example.com/", "=__secure-x");
    CHECK(size() == 0);
}

TEST_CASE_FIXTURE(Jar, "HttpOnly and non-HTTP APIs (5.7 steps 14, 15 and 23.2; 5.8.3)")
{
    script_set("http://example.com/", "h=1; HttpOnly");
    CHECK(size() == 0);
    set("http://example.com/", "h=1; HttpOnly");
    script_set("http://example.com/", "s=1");
    CHECK(find("h")->http_only);
    CHECK(get("http://example.com/") == "h=1; s=1");
    CHECK(script_get("http://example.com/") == "s=1");

    script_set("http://example.com/", "h=2"); // cannot replace an HttpOnly cookie
    CHECK(get("http://example.com/") == "h=1; s=1");
    set("http://example.com/", "h=3");
    CHECK(script_get("http://example.com/") == "h=3; s=1");
}

TEST_CASE_FIXTURE(Jar, "SameSite (5.6.7; 5.7 steps 17 to 19; 5.8.3)")
{
    std::string_view const url = "https://site.example/";
    set(url, "strict=1; SameSite=Strict", NOW);
    set(url, "lax=1; SameSite=lax", NOW + 1s);
    set(url, "none=1; SameSite=NONE; Secure", NOW + 2s);
    set(url, "default=1", NOW + 3s);
    set(url, "bogus=1; SameSite=Bogus", NOW + 4s);
    set(url, "last=1; SameSite=Strict; SameSite=Lax", NOW + 5s);
    CHECK(find("strict")->same_site == SameSite::Strict);
    CHECK(find("lax")->same_site == SameSite::Lax);
    CHECK(find("none")->same_site == SameSite::None);
    CHECK(find("default")->same_site == SameSite::Default);
    CHECK(find("bogus")->same_site == SameSite::Default);
    CHECK(find("last")->same_site == SameSite::Lax);

    CHECK(get(url) == "strict=1; lax=1; none=1; default=1; bogus=1; last=1");
    CHECK(get(url, NOW, CROSS_SITE) == "none=1");
    CHECK(get(url, NOW, CROSS_SITE_NAVIGATION) == "lax=1; none=1; default=1; bogus=1; last=1");
    CHECK(get(url, NOW, CROSS_SITE_UNSAFE_NAVIGATION) == "none=1");
    CHECK(script_get(url, NOW, CROSS_SITE) == "none=1");
    CHECK(script_get(url, NOW, CROSS_SITE_NAVIGATION) == "none=1"); // the Lax exception is for HTTP only

    SUBCASE("SameSite=None requires Secure")
    {
        set(url, "insecure=1; SameSite=None");
        CHECK_FALSE(find("insecure"));
    }
    SUBCASE("cross-site responses set only SameSite=None cookies, but for top-level navigations")
    {
        clear();
        set(url, "a=1; SameSite=Lax", NOW, CROSS_SITE);
        set(url, "b=1", NOW, CROSS_SITE);
        set(url, "c=1; SameSite=Strict", NOW, CROSS_SITE);
        set(url, "d=1; SameSite=None; Secure", NOW, CROSS_SITE);
        CHECK(get(url) == "d=1");
        set(url, "e=1; SameSite=Strict", NOW + 1s, CROSS_SITE_UNSAFE_NAVIGATION);
        CHECK(get(url) == "d=1; e=1");
        script_set(url, "f=1", NOW, CROSS_SITE);
        script_set(url, "g=1; SameSite=None; Secure", NOW + 2s, CROSS_SITE);
        CHECK(get(url) == "d=1; e=1; g=1");
    }
}

TEST_CASE_FIXTURE(Jar, "the cookie-string: longer paths first, then earlier creation-times (5.8.3)")
{
    set("http://example.com/", "a=1; Path=/", NOW);
    set("http://example.com/", "b=2; Path=/foo", NOW + 1s);
    set("http://example.com/", "c=3; Path=/", NOW + 2s);
    set("http://example.com/", "d=4; Path=/foo/bar", NOW + 3s);
    set("http://example.com/", "e=5; Domain=example.com", NOW - 1s);
    CHECK(get("http://example.com/foo/bar") == "d=4; b=2; e=5; a=1; c=3");

    SUBCASE("replacing a cookie keeps its creation-time (5.7 step 23.3)")
    {
        set("http://example.com/", "a=new; Path=/", NOW + 10s);
        CHECK(find("a")->creation_time == NOW);
        CHECK(get("http://example.com/foo/bar") == "d=4; b=2; e=5; a=new; c=3");
    }
    SUBCASE("the last-access-time is updated")
    {
        CHECK(get("http://example.com/", NOW + 20s) == "e=5; a=1; c=3");
        CHECK(find("a")->last_access_time == NOW + 20s);
        CHECK(find("b")->last_access_time == NOW); // the retrieval above, not this one
    }
}

TEST_CASE_FIXTURE(Jar, "overwriting: name, domain, host-only-flag and path identify a cookie (5.7 step 23)")
{
    set("http://www.example.com/", "a=1", NOW);
    set("http://www.example.com/", "a=2", NOW + 1s);
    CHECK(size() == 1);
    set("http://www.example.com/", "a=3; Path=/x", NOW + 2s);
    set("http://www.example.com/", "a=4; Domain=www.example.com", NOW + 3s);
    set("http://www.example.com/", "A=5", NOW + 4s);
    CHECK(size() == 4);
    CHECK(get("http://www.example.com/x") == "a=3; a=2; a=4; A=5");
    set("http://www.example.com/", "a=6; Domain=www.example.com; HttpOnly; Max-Age=100", NOW + 5s);
    CHECK(size() == 4);
    CHECK(get("http://www.example.com/x") == "a=3; a=2; a=6; A=5");
    set("http://www.example.com/", "a=; Domain=www.example.com; Max-Age=0", NOW + 6s);
    CHECK(get("http://www.example.com/x") == "a=3; a=2; A=5");
}

TEST_CASE_FIXTURE(Jar, "URLs without cookies")
{
    set("file:///tmp/x", "a=1");
    set("data:text/plain,x", "a=1");
    set("ftp://example.com/", "a=1");
    CHECK(size() == 0);
    insert(make_cookie("a", "example.com"));
    CHECK(cookie_header_for(parse_url("file://example.com/"), SAME_SITE, true, NOW) == "");
}

TEST_CASE_FIXTURE(Jar, "eviction of excess cookies (5.7)")
{
    auto const name = [](size_t i) { return "c" + std::to_string(i); };

    SUBCASE("per domain: the least recently accessed")
    {
        for (size_t i = 0; i < CookieJar::MAX_COOKIES_PER_DOMAIN; ++i)
            set("http://example.com/", name(i) + "=1; Path=/p" + std::to_string(i), NOW + std::chrono::seconds(i));
        set("http://other.example/", "other=1", NOW - 1h);
        CHECK(get("http://example.com/p0", NOW + 1000s) == "c0=1");
        set("http://example.com/", "last=1", NOW + 1001s);
        CHECK(size() == CookieJar::MAX_COOKIES_PER_DOMAIN + 1);
        CHECK(find("c0"));
        CHECK_FALSE(find("c1"));
        CHECK(find("c2"));
        CHECK(find("last"));
        CHECK(find("other"));
    }
    SUBCASE("per domain: insecure cookies first")
    {
        for (size_t i = 0; i + 1 < CookieJar::MAX_COOKIES_PER_DOMAIN; ++i)
            set("https://example.com/", name(i) + "=1; Secure", NOW + std::chrono::seconds(i));
        set("https://example.com/", "insecure=1", NOW + 1000s);
        set("https://example.com/", "last=1; Secure", NOW + 1001s);
        CHECK(size() == CookieJar::MAX_COOKIES_PER_DOMAIN);
        CHECK_FALSE(find("insecure"));
        CHECK(find("c0"));
    }
    SUBCASE("expired cookies go first")
    {
        for (size_t i = 0; i + 1 < CookieJar::MAX_COOKIES_PER_DOMAIN; ++i)
            set("http://example.com/", name(i) + "=1", NOW + std::chrono::seconds(i));
        set("http://example.com/", "short=1; Max-Age=10", NOW + 1000s);
        set("http://example.com/", "last=1", NOW + 2000s);
        CHECK(size() == CookieJar::MAX_COOKIES_PER_DOMAIN);
        CHECK_FALSE(find("short"));
        CHECK(find("c0"));
    }
    SUBCASE("in total")
    {
        size_t const per_domain = 100;
        for (size_t i = 0; i < CookieJar::MAX_COOKIES; ++i) {
            Cookie cookie = make_cookie(name(i), "d" + std::to_string(i / per_domain) + ".example");
            cookie.last_access_time = NOW + std::chrono::seconds(i == 5 ? 1'000'000 : i);
            insert(std::move(cookie));
        }
        CHECK(size() == CookieJar::MAX_COOKIES);
        set("http://new.example/", "new=1", NOW + 2'000'000s);
        CHECK(size() == CookieJar::MAX_COOKIES);
        CHECK_FALSE(find("c0"));
        CHECK(find("c1"));
        CHECK(find("c5"));
        CHECK(find("new"));
    }
}

TEST_CASE_FIXTURE(Jar, "the embedding API")
{
    insert(make_cookie("a", "example.com", false));
    Cookie replacement = make_cookie("a", "example.com", false);
    replacement.value = "2";
    insert(replacement);
    insert(make_cookie("com", "com", false));
    CHECK(size() == 2);
    CHECK(get("http://www.example.com/") == "a=2"); // a domain cookie for a public suffix is not retrieved
    clear();
    CHECK(size() == 0);
    CHECK(get("http://www.example.com/") == "");
}

TEST_CASE_FIXTURE(Jar, "Netscape cookies.txt: save and load")
{
    set("https://www.example.com/", "host=1", NOW);
    set("https://www.example.com/", "dom=2; Domain=example.com; Path=/app; Max-Age=3600; HttpOnly", NOW + 1s);
    set("https://www.example.com/", "sec=3; Secure; Expires=Fri, 01 Mar 2024 12:00:00 GMT", NOW + 2s);
    set("https://www.example.com/", "nameless", NOW + 3s);
    set("https://www.example.com/", "tab=a\tb", NOW + 4s);

    std::ostringstream out;
    save_netscape(out);
    CHECK(out.str()
        == "# Netscape HTTP Cookie File\n"
           "# https://curl.se/docs/http-cookies.html\n"
           "# This file was generated by duknet. Edit at your own risk.\n"
           "\n"
           "www.example.com\tFALSE\t/\tFALSE\t0\thost\t1\n"
           "#HttpOnly_.example.com\tTRUE\t/app\tFALSE\t1700003601\tdom\t2\n"
           "www.example.com\tFALSE\t/\tTRUE\t1709294400\tsec\t3\n"
           "www.example.com\tFALSE\t/\tFALSE\t0\t\tnameless\n"
           "www.example.com\tFALSE\t/\tFALSE\t0\ttab\ta\tb\n");

    CookieJar loaded;
    std::istringstream in(out.str());
    CHECK(loaded.load_netscape(in));
    std::vector<Cookie> const before = all_cookies();
    std::vector<Cookie> const after = loaded.all_cookies();
    REQUIRE(after.size() == before.size());
    for (size_t i = 0; i < before.size(); ++i) {
        CAPTURE(before[i].name);
        Cookie expected = before[i];
        expected.creation_time = expected.last_access_time = TimePoint{};
        CHECK(after[i] == expected);
    }
    CHECK(loaded.cookie_header_for(parse_url("https://www.example.com/app"), SAME_SITE, true, NOW) == "dom=2; host=1; sec=3; nameless; tab=a\tb");
}

TEST_CASE("Netscape cookies.txt: a file curl wrote")
{
    std::istringstream in("# Netscape HTTP Cookie File\r\n"
                          "# https://curl.se/docs/http-cookies.html\r\n"
                          "# This file was generated by libcurl! Edit at your own risk.\r\n"
                          "\r\n"
                          "#HttpOnly_.example.com\tTRUE\t/\tFALSE\t1735689600\tsession_id\tabc123\r\n"
                          "www.example.com\tFALSE\t/app\tTRUE\t0\tpref\tdark mode\r\n"
                          "#HttpOnly_api.example.com\tFALSE\t/\ttrue\t1735689600\ttoken\t\r\n"
                          ".Example.ORG\tTRUE\t/\tFALSE\t1735689600\tnovalue\r\n"
                          "# a comment\r\n"
                          "   \r\n");
    CookieJar jar;
    CHECK(jar.load_netscape(in));
    std::vector<Cookie> const cookies = jar.all_cookies();
    REQUIRE(cookies.size() == 4);

    CHECK(cookies[0].name == "session_id");
    CHECK(cookies[0].value == "abc123");
    CHECK(cookies[0].domain == "example.com");
    CHECK_FALSE(cookies[0].host_only);
    CHECK(cookies[0].http_only);
    CHECK_FALSE(cookies[0].secure_only);
    CHECK(cookies[0].persistent);
    CHECK(cookies[0].expiry_time == utc(std::chrono::year{2025} / 1 / 1));
    CHECK(cookies[0].same_site == SameSite::Default);

    CHECK(cookies[1].domain == "www.example.com");
    CHECK(cookies[1].host_only);
    CHECK(cookies[1].path == "/app");
    CHECK(cookies[1].secure_only);
    CHECK_FALSE(cookies[1].persistent);
    CHECK(cookies[1].expiry_time == TimePoint::max());
    CHECK(cookies[1].value == "dark mode");

    CHECK(cookies[2].http_only);
    CHECK(cookies[2].secure_only);
    CHECK(cookies[2].value == "");
    CHECK(cookies[3].domain == "example.org");
    CHECK(cookies[3].value == "");

    CHECK(jar.cookie_header_for(parse_url("https://www.example.com/app/x"), SAME_SITE, true, NOW) == "pref=dark mode; session_id=abc123");
    CHECK(jar.cookie_header_for(parse_url("http://www.example.com/app/x"), SAME_SITE, false, NOW) == "");
    CHECK(jar.cookie_header_for(parse_url("https://api.example.com/"), SAME_SITE, true, NOW) == "session_id=abc123; token=");

    SUBCASE("malformed lines are skipped")
    {
        std::istringstream bad("example.com\tFALSE\t/\tFALSE\t0\n"
                               "example.com\tMAYBE\t/\tFALSE\t0\ta\tb\n"
                               "example.com\tFALSE\tnoslash\tFALSE\t0\ta\tb\n"
                               "example.com\tFALSE\t/\tFALSE\tsoon\ta\tb\n"
                               "\tFALSE\t/\tFALSE\t0\ta\tb\n"
                               "example.com\tFALSE\t/\tFALSE\t0\t\t\n"
                               "good.example\tFALSE\t/\tFALSE\t0\tgood\t1\n");
        CookieJar partial;
        CHECK_FALSE(partial.load_netscape(bad));
        REQUIRE(partial.all_cookies().size() == 1);
        CHECK(partial.all_cookies()[0].name == "good");
    }
}
