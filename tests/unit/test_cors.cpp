#include "loader/cors.h"

#include <doctest/doctest.h>

using namespace duknet::loader;
using std::chrono::seconds;

TEST_CASE("a preflight's lifetime: Access-Control-Max-Age, capped, or the browsers' default")
{
    CHECK(preflight_max_age(std::nullopt) == seconds(5));
    CHECK(preflight_max_age(std::string("")) == seconds(5));
    CHECK(preflight_max_age(std::string("60")) == seconds(60));
    CHECK(preflight_max_age(std::string("0")) == seconds(0));
    CHECK(preflight_max_age(std::string("007")) == seconds(7));
    CHECK(preflight_max_age(std::string("7200")) == seconds(7200));
    CHECK(preflight_max_age(std::string("86400")) == seconds(7200));
    CHECK(preflight_max_age(std::string("99999999999999999999")) == seconds(7200));
    CHECK(preflight_max_age(std::string("-1")) == seconds(5));
    CHECK(preflight_max_age(std::string("1.5")) == seconds(5));
    CHECK(preflight_max_age(std::string("60, 70")) == seconds(5));
}

TEST_CASE("the preflight cache matches by origin, URL and credentials, and expires")
{
    CorsPreflightCache cache;
    auto now = CorsPreflightCache::Clock::now();
    CorsPreflightCache::Key key { "http://a.test", "http://b.test/x", false };
    cache.add_method(key, "PUT", now + seconds(10));
    cache.add_header_name(key, "X-Custom", now + seconds(10));
    CHECK(cache.has_method(key, "PUT", now));
    CHECK_FALSE(cache.has_method(key, "put", now)); // methods match byte-case-sensitively
    CHECK(cache.has_header_name(key, "x-custom", now));
    CHECK_FALSE(cache.has_method(key, "PUT", now + seconds(11)));
    CHECK_FALSE(cache.has_method({ "http://a.test", "http://b.test/y", false }, "PUT", now));
    // An entry made without credentials does not serve a request with them; the reverse does.
    CHECK_FALSE(cache.has_method({ "http://a.test", "http://b.test/x", true }, "PUT", now));
    cache.add_method({ "http://a.test", "http://b.test/z", true }, "PATCH", now + seconds(10));
    CHECK(cache.has_method({ "http://a.test", "http://b.test/z", false }, "PATCH", now));
    CHECK_FALSE(cache.has_method({ "null", "http://b.test/x", false }, "PUT", now));
    CorsPreflightCache::Key credentialed { "http://a.test", "http://b.test/x", true };
    cache.add_method(credentialed, "*", now + seconds(10));
    CHECK_FALSE(cache.has_method(credentialed, "DELETE", now)); // `*` does not count with credentials
    cache.add_method(key, "*", now + seconds(10));
    CHECK(cache.has_method(key, "DELETE", now));
    cache.clear("http://a.test", "http://b.test/x");
    CHECK_FALSE(cache.has_method(key, "PUT", now));
}
