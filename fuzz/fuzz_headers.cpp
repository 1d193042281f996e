// libFuzzer target: the Fetch Standard's header value parsers and header-list algorithms
// (loader/header_parsing.h, loader/headers.h).
// The whole input is one header value; its lines, split at the first ':', are a header list.
// Checked: nothing crashes, and the results have the shapes the standard defines.
#include "loader/header_parsing.h"
#include "loader/headers.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

using namespace duknet;

namespace {

#define CHECK(condition)                                                          \
    do {                                                                          \
        if (!(condition)) {                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            abort();                                                              \
        }                                                                         \
    } while (0)

bool has_upper(std::string_view s)
{
    return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

void check_value(std::string_view value)
{
    (void)loader::get_decode_and_split_value(value);
    for (bool allow_whitespace : { false, true }) {
        auto const range = loader::parse_single_range_header_value(value, allow_whitespace);
        // Steps 17 and 18 of https://fetch.spec.whatwg.org/#simple-range-header-value.
        CHECK(!range || range->start || range->end);
        CHECK(!range || !range->start || !range->end || *range->start <= *range->end);
    }
    // Normalizing is idempotent, and yields a header value unless NUL, CR or LF is inside.
    std::string const normalized = loader::normalize_header_value(value);
    CHECK(loader::normalize_header_value(normalized) == normalized);
    if (normalized.find_first_of(std::string_view("\0\r\n", 3)) == std::string::npos)
        CHECK(loader::is_header_value(normalized));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    std::string_view const input(reinterpret_cast<const char*>(data), size);
    check_value(input);

    net::HeaderList list;
    for (std::string_view rest = input; !rest.empty();) {
        size_t const newline = rest.find('\n');
        std::string_view const line = rest.substr(0, newline);
        rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
        size_t const colon = line.find(':');
        std::string_view const name = line.substr(0, colon);
        std::string_view const value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        list.emplace_back(std::string(name), loader::normalize_header_value(value));
        check_value(value);
        (void)loader::is_cors_safelisted_request_header(name, value);
        (void)loader::is_forbidden_request_header(name, value);
        (void)loader::is_no_cors_safelisted_request_header(name, value);
    }

    (void)loader::get_decode_and_split(list, "Range");
    (void)loader::extract_length(list);
    for (auto name : { "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers" })
        (void)loader::extract_header_list_values(name, list);

    // A sorted-lowercase set (https://fetch.spec.whatwg.org/#convert-header-names-to-a-sorted-lowercase-set).
    auto const unsafe = loader::cors_unsafe_request_header_names(list);
    CHECK(std::adjacent_find(unsafe.begin(), unsafe.end(), std::greater_equal<>()) == unsafe.end());
    CHECK(std::none_of(unsafe.begin(), unsafe.end(), has_upper));

    // Lowercase names in order; only `set-cookie` may repeat.
    auto const combined = loader::header_list_sort_and_combine(list);
    for (size_t i = 0; i < combined.size(); ++i) {
        CHECK(!has_upper(combined[i].first));
        if (i > 0) {
            CHECK(combined[i - 1].first <= combined[i].first);
            CHECK(combined[i - 1].first != combined[i].first || combined[i].first == "set-cookie");
        }
    }
    return 0;
}
