// libFuzzer target: the WHATWG URL parser (net/url.h) and the URL API's setters.
// Checked: whatever the input, nothing crashes, and parsing is idempotent: a URL's serialization
// parses again to the same href (https://url.spec.whatwg.org/#url-serializing relies on it).
#include "net/url.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using duknet::net::URL;

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, const std::string& href, const std::string& again)
{
    fprintf(stderr, "%s\n  input (%zu bytes): %.*s\n  href:  %s\n  again: %s\n", what, input.size(),
        static_cast<int>(input.size()), input.data(), href.c_str(), again.c_str());
    abort();
}

// Parsing a URL's href must succeed and give the same href.
void check_idempotent(const URL& url, std::string_view input)
{
    std::string const href = url.href();
    auto const again = URL::parse(href);
    if (!again)
        fail("href of a parsed URL does not parse", input, href, "(failure)");
    if (again->href() != href)
        fail("parse(href) changes the href", input, href, again->href());
}

// Runs the getters too: each serializes part of the record and has its own code paths.
void read_all(const URL& url)
{
    (void)url.origin().serialize();
    (void)url.protocol();
    (void)url.host_and_port();
    (void)url.hostname();
    (void)url.port_string();
    (void)url.pathname();
    (void)url.search();
    (void)url.hash();
    (void)url.host_for_connect();
    (void)url.port_or_default();
}

// Fields after the first NUL are setter calls: the field's first byte picks the setter (modulo
// 10; the seeds, built from setters_tests.json, use 'P' to 'Y'), the rest is the value.
void run_setters(URL url, std::string_view fields, std::string_view input)
{
    while (!fields.empty()) {
        size_t const end = fields.find('\0');
        std::string_view const field = fields.substr(0, end);
        fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 1);
        if (field.empty())
            continue;
        std::string_view const value = field.substr(1);
        switch (static_cast<uint8_t>(field[0]) % 10) {
        case 0: url.set_protocol(value); break;
        case 1: url.set_host(value); break;
        case 2: url.set_hostname(value); break;
        case 3: url.set_port(value); break;
        case 4: url.set_pathname(value); break;
        case 5: url.set_search(value); break;
        case 6: url.set_hash(value); break;
        case 7: url.set_username(value); break;
        case 8: url.set_password(value); break;
        case 9: (void)url.set_href(value); break;
        }
        read_all(url);
        // Setters can build records that plain parsing never gives: in file: URLs the Windows
        // drive letter quirks (C| and C: path segments) make such a record's href reparse
        // differently, the known case where the standard is not idempotent. Elsewhere it must be.
        std::string const href = url.href();
        auto const again = URL::parse(href);
        if (!again)
            fail("href after a setter does not parse", input, href, "(failure)");
        if (url.scheme() != "file" && again->href() != href)
            fail("href after a setter is not idempotent", input, href, again->href());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view const input(reinterpret_cast<const char*>(data), size);
    size_t const nul = input.find('\0');
    std::string_view const url_input = input.substr(0, nul);

    // The input alone.
    if (auto url = URL::parse(url_input)) {
        check_idempotent(*url, url_input);
        read_all(*url);
        if (nul != std::string_view::npos)
            run_setters(*url, input.substr(nul + 1), input);
    }

    // Against a fixed base with every component set, so relative references resolve.
    static const URL fixed_base = *URL::parse("http://user:pass@example.org:8080/a/b/c?query#fragment");
    if (auto url = URL::parse(url_input, &fixed_base))
        check_idempotent(*url, url_input);

    // Against a base parsed from the first half (bases with opaque paths, file: hosts...).
    std::string_view const first = url_input.substr(0, url_input.size() / 2);
    std::string_view const second = url_input.substr(url_input.size() / 2);
    if (auto base = URL::parse(first)) {
        if (auto url = URL::parse(second, &*base))
            check_idempotent(*url, url_input);
    }
    return 0;
}
