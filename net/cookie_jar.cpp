// Cookies as draft-ietf-httpbis-rfc6265bis-20 defines them. Section and step numbers in comments
// refer to that draft.
#include "net/cookie_jar.h"

#include <libpsl.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>

namespace duknet::net {

namespace {

using TimePoint = Cookie::TimePoint;
using std::chrono::seconds;

constexpr size_t MAX_NAME_AND_VALUE_LENGTH = 4096; // 5.6 step 5
constexpr size_t MAX_ATTRIBUTE_VALUE_LENGTH = 1024; // 5.6, attribute parsing step 6
constexpr seconds COOKIE_AGE_LIMIT{400LL * 24 * 60 * 60}; // 5.5
constexpr std::string_view NETSCAPE_HTTP_ONLY_PREFIX = "#HttpOnly_";

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_wsp(char c) { return c == ' ' || c == '\t'; }
constexpr char ascii_lowercase(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

// 5.6 step 1: %x00-08 / %x0A-1F / %x7F (CTL characters excluding HTAB).
constexpr bool is_ctl_except_htab(char c)
{
    auto const byte = static_cast<unsigned char>(c);
    return (byte <= 0x1F && byte != 0x09) || byte == 0x7F;
}

std::string to_ascii_lowercase(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lowercase);
    return out;
}

bool equals_ignoring_ascii_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lowercase(x) == ascii_lowercase(y); });
}

bool starts_with_ignoring_ascii_case(std::string_view s, std::string_view prefix)
{
    return s.size() >= prefix.size() && equals_ignoring_ascii_case(s.substr(0, prefix.size()), prefix);
}

std::string_view trim_wsp(std::string_view s)
{
    while (!s.empty() && is_wsp(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_wsp(s.back()))
        s.remove_suffix(1);
    return s;
}

// "The characters up to, but not including, the first <c>" and the characters after it.
struct Split {
    std::string_view before;
    std::string_view after;
    bool found;
};

Split split_at_first(std::string_view s, char c)
{
    size_t const i = s.find(c);
    if (i == std::string_view::npos)
        return {s, {}, false};
    return {s.substr(0, i), s.substr(i + 1), true};
}

// ---- 5.1.1 Dates ----

// Step 1: delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
constexpr bool is_date_delimiter(char c)
{
    auto const byte = static_cast<unsigned char>(c);
    return byte == 0x09 || (byte >= 0x20 && byte <= 0x2F) || (byte >= 0x3B && byte <= 0x40) || (byte >= 0x5B && byte <= 0x60) || (byte >= 0x7B && byte <= 0x7E);
}

// The "[ non-digit *OCTET ]" tail of the day-of-month, year and time productions.
bool digits_end_at(std::string_view token, size_t i)
{
    return i == token.size() || !is_digit(token[i]);
}

// Reads min_digits to max_digits DIGITs at token[i]; returns how many it read, 0 when too few.
size_t read_digits(std::string_view token, size_t i, size_t min_digits, size_t max_digits, int& value)
{
    size_t n = 0;
    value = 0;
    for (; i + n < token.size() && n < max_digits && is_digit(token[i + n]); ++n)
        value = value * 10 + (token[i + n] - '0');
    return n >= min_digits ? n : 0;
}

// day-of-month = 1*2DIGIT [ non-digit *OCTET ]; year = 2*4DIGIT [ non-digit *OCTET ]
std::optional<int> match_number(std::string_view token, size_t min_digits, size_t max_digits)
{
    int value;
    size_t const n = read_digits(token, 0, min_digits, max_digits, value);
    if (n == 0 || !digits_end_at(token, n))
        return std::nullopt;
    return value;
}

struct HmsTime {
    int hour;
    int minute;
    int second;
};

// time = hms-time [ non-digit *OCTET ]; hms-time = time-field ":" time-field ":" time-field;
// time-field = 1*2DIGIT
std::optional<HmsTime> match_time(std::string_view token)
{
    std::array<int, 3> fields;
    size_t i = 0;
    for (size_t field = 0; field < fields.size(); ++field) {
        if (field > 0) {
            if (i == token.size() || token[i] != ':')
                return std::nullopt;
            ++i;
        }
        size_t const n = read_digits(token, i, 1, 2, fields[field]);
        if (n == 0)
            return std::nullopt;
        i += n;
    }
    if (!digits_end_at(token, i))
        return std::nullopt;
    return HmsTime{fields[0], fields[1], fields[2]};
}

// month = ( "jan" / "feb" / ... / "dec" ) *OCTET, case-insensitively; 1 to 12.
std::optional<unsigned> match_month(std::string_view token)
{
    static constexpr std::array<std::string_view, 12> MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    for (size_t i = 0; i < MONTHS.size(); ++i) {
        if (starts_with_ignoring_ascii_case(token, MONTHS[i]))
            return static_cast<unsigned>(i + 1);
    }
    return std::nullopt;
}

// 5.1.1: parses a cookie-date; nullopt when it fails to parse.
std::optional<std::chrono::sys_seconds> parse_cookie_date(std::string_view cookie_date)
{
    std::optional<HmsTime> time;
    std::optional<int> day_of_month;
    std::optional<unsigned> month;
    std::optional<int> year;
    // Steps 1 and 2: each date-token in order.
    size_t i = 0;
    while (true) {
        while (i < cookie_date.size() && is_date_delimiter(cookie_date[i]))
            ++i;
        if (i == cookie_date.size())
            break;
        size_t const start = i;
        while (i < cookie_date.size() && !is_date_delimiter(cookie_date[i]))
            ++i;
        std::string_view const token = cookie_date.substr(start, i - start);
        // Steps 2.1 to 2.4.
        if (!time && (time = match_time(token)))
            continue;
        if (!day_of_month && (day_of_month = match_number(token, 1, 2)))
            continue;
        if (!month && (month = match_month(token)))
            continue;
        if (!year)
            year = match_number(token, 2, 4);
    }
    // Step 5, first condition (steps 3 and 4 need the year).
    if (!time || !day_of_month || !month || !year)
        return std::nullopt;
    // Steps 3 and 4.
    if (*year >= 70 && *year <= 99)
        *year += 1900;
    else if (*year >= 0 && *year <= 69)
        *year += 2000;
    // Step 5, the other conditions.
    if (*day_of_month < 1 || *day_of_month > 31 || *year < 1601 || time->hour > 23 || time->minute > 59 || time->second > 59)
        return std::nullopt;
    // Step 6.
    std::chrono::year_month_day const date{std::chrono::year{*year}, std::chrono::month{*month}, std::chrono::day{static_cast<unsigned>(*day_of_month)}};
    if (!date.ok())
        return std::nullopt;
    // Step 7.
    return std::chrono::sys_days{date} + std::chrono::hours{time->hour} + std::chrono::minutes{time->minute} + seconds{time->second};
}

// ---- 5.1.2 to 5.1.4: hosts, domains and paths ----

// The canonicalized request-host (5.1.2) of a URL cookies apply to, which the URL parser already
// produced (lower case, with A-labels); nullopt for the URLs the jar keeps no cookies for.
std::optional<std::string> canonicalized_host(const URL& url)
{
    static constexpr std::array<std::string_view, 4> COOKIE_SCHEMES = {"http", "https", "ws", "wss"};
    if (std::find(COOKIE_SCHEMES.begin(), COOKIE_SCHEMES.end(), url.scheme()) == COOKIE_SCHEMES.end() || !url.host())
        return std::nullopt;
    return url.host()->serialized;
}

// Whether url denotes a "secure" connection (see the header).
bool denotes_secure_connection(const URL& url)
{
    if (url.scheme() == "https" || url.scheme() == "wss")
        return true;
    return url.host() && is_loopback_host(*url.host());
}

bool is_ip_address(std::string_view host)
{
    std::optional<Host> const parsed = parse_host(host, false);
    return parsed && (parsed->kind == Host::Kind::IPv4 || parsed->kind == Host::Kind::IPv6);
}

// 5.1.3
bool domain_matches(std::string_view string, std::string_view domain_string)
{
    if (string == domain_string)
        return true;
    return string.size() > domain_string.size() && string.ends_with(domain_string) && string[string.size() - domain_string.size() - 1] == '.'
        && !is_ip_address(string);
}

// 5.1.4: the default-path of a cookie set by url.
std::string default_path(const URL& url)
{
    // Step 1.
    std::string const uri_path = url.serialize_path();
    // Steps 2 and 3.
    if (uri_path.empty() || uri_path[0] != '/' || std::count(uri_path.begin(), uri_path.end(), '/') <= 1)
        return "/";
    // Step 4.
    return uri_path.substr(0, uri_path.rfind('/'));
}

// 5.1.4
bool path_matches(std::string_view request_path, std::string_view cookie_path)
{
    if (request_path == cookie_path)
        return true;
    return request_path.starts_with(cookie_path) && (cookie_path.ends_with('/') || request_path[cookie_path.size()] == '/');
}

// libpsl's newest list (the system's, or its built-in one).
psl_ctx_t const* public_suffix_list()
{
    static std::unique_ptr<psl_ctx_t, decltype(&psl_free)> const latest(psl_latest(nullptr), &psl_free);
    return latest ? latest.get() : psl_builtin();
}

// 5.7 step 9.
bool is_public_suffix(std::string const& domain)
{
    psl_ctx_t const* const psl = public_suffix_list();
    return psl && psl_is_public_suffix2(psl, domain.c_str(), PSL_TYPE_ANY) != 0;
}

// ---- 5.6 The Set-Cookie Header Field ----

// A received cookie: its cookie-name, cookie-value and cookie-attribute-list. The storage model
// only uses the last attribute of each name (5.7 steps 6, 7, 11 and 17), so only that one is kept.
struct ReceivedCookie {
    std::string name;
    std::string value;
    std::optional<TimePoint> max_age; // 5.6.2: the expiry-time
    std::optional<TimePoint> expires; // 5.6.1: the expiry-time
    std::optional<std::string> domain; // 5.6.3
    std::optional<std::string> path; // 5.6.4
    bool secure = false; // 5.6.5
    bool http_only = false; // 5.6.6
    SameSite same_site = SameSite::Default; // 5.6.7: enforcement
};

// 5.6.1 steps 3 to 5: the expiry-time of a parsed Expires date.
TimePoint expires_expiry_time(std::chrono::sys_seconds date, TimePoint now)
{
    // Steps 3 and 4 (compared in seconds: cookie-dates reach back to 1601, beyond the reach of TimePoint).
    if (date > std::chrono::floor<seconds>(now) + COOKIE_AGE_LIMIT)
        return now + COOKIE_AGE_LIMIT;
    // Step 5.
    if (date < std::chrono::ceil<seconds>(TimePoint::min()))
        return TimePoint::min();
    return TimePoint{date.time_since_epoch()};
}

// 5.6.2: the expiry-time of a Max-Age attribute-value; nullopt when the cookie-av is ignored.
std::optional<TimePoint> max_age_expiry_time(std::string_view value, TimePoint now)
{
    // Steps 1 to 3: an optional "-", then one or more DIGITs.
    bool const negative = value.starts_with('-');
    std::string_view const digits = negative ? value.substr(1) : value;
    if (digits.empty() || !std::all_of(digits.begin(), digits.end(), is_digit))
        return std::nullopt;
    // Steps 4 to 6 (a value too large for delta-seconds exceeds cookie-age-limit anyway).
    auto delta_seconds = static_cast<uint64_t>(COOKIE_AGE_LIMIT.count());
    if (!negative)
        std::from_chars(digits.data(), digits.data() + digits.size(), delta_seconds);
    delta_seconds = std::min<uint64_t>(delta_seconds, COOKIE_AGE_LIMIT.count());
    // Step 7.
    if (negative || delta_seconds == 0)
        return TimePoint::min();
    return now + seconds{delta_seconds};
}

// 5.6.1 to 5.6.7: processes one cookie-av (attributes with unrecognized names are ignored).
void process_cookie_av(ReceivedCookie& cookie, std::string_view name, std::string_view value, std::string const& default_path, TimePoint now)
{
    if (equals_ignoring_ascii_case(name, "Expires")) {
        // 5.6.1 steps 1 and 2: a value that fails to parse is ignored.
        if (std::optional<std::chrono::sys_seconds> const date = parse_cookie_date(value))
            cookie.expires = expires_expiry_time(*date, now);
    } else if (equals_ignoring_ascii_case(name, "Max-Age")) {
        if (std::optional<TimePoint> const expiry_time = max_age_expiry_time(value, now))
            cookie.max_age = expiry_time;
    } else if (equals_ignoring_ascii_case(name, "Domain")) {
        // 5.6.3 steps 1 to 3.
        if (value.starts_with('.'))
            value.remove_prefix(1);
        cookie.domain = to_ascii_lowercase(value);
    } else if (equals_ignoring_ascii_case(name, "Path")) {
        // 5.6.4 step 1.
        cookie.path = value.empty() || value[0] != '/' ? default_path : std::string(value);
    } else if (equals_ignoring_ascii_case(name, "Secure")) {
        cookie.secure = true;
    } else if (equals_ignoring_ascii_case(name, "HttpOnly")) {
        cookie.http_only = true;
    } else if (equals_ignoring_ascii_case(name, "SameSite")) {
        // 5.6.7 steps 1 to 4.
        cookie.same_site = SameSite::Default;
        if (equals_ignoring_ascii_case(value, "None"))
            cookie.same_site = SameSite::None;
        else if (equals_ignoring_ascii_case(value, "Strict"))
            cookie.same_site = SameSite::Strict;
        else if (equals_ignoring_ascii_case(value, "Lax"))
            cookie.same_site = SameSite::Lax;
    }
}

// 5.6: parses a set-cookie-string; nullopt when it is ignored entirely.
std::optional<ReceivedCookie> parse_set_cookie_string(std::string_view set_cookie_string, std::string const& default_path, TimePoint now)
{
    // Step 1.
    if (std::any_of(set_cookie_string.begin(), set_cookie_string.end(), is_ctl_except_htab))
        return std::nullopt;
    // Step 2 (unparsed-attributes without their first ";", which attribute parsing step 2 discards).
    Split const pair_and_attributes = split_at_first(set_cookie_string, ';');
    // Step 3: without a "=", the name string is empty and the value string is the name-value-pair.
    Split const name_and_value = split_at_first(pair_and_attributes.before, '=');
    std::string_view name = name_and_value.found ? name_and_value.before : std::string_view{};
    std::string_view value = name_and_value.found ? name_and_value.after : name_and_value.before;
    // Step 4.
    name = trim_wsp(name);
    value = trim_wsp(value);
    // Step 5.
    if (name.size() + value.size() > MAX_NAME_AND_VALUE_LENGTH)
        return std::nullopt;
    // Step 6.
    ReceivedCookie cookie;
    cookie.name = name;
    cookie.value = value;

    // Parsing the unparsed-attributes: step 1 ends the loop; step 2 is done by the splits.
    std::optional<std::string_view> unparsed_attributes;
    if (pair_and_attributes.found)
        unparsed_attributes = pair_and_attributes.after;
    while (unparsed_attributes) {
        // Step 3.
        Split const av_and_rest = split_at_first(*unparsed_attributes, ';');
        unparsed_attributes.reset();
        if (av_and_rest.found)
            unparsed_attributes = av_and_rest.after;
        // Step 4.
        Split const attribute = split_at_first(av_and_rest.before, '=');
        // Step 5.
        std::string_view const attribute_name = trim_wsp(attribute.before);
        std::string_view const attribute_value = trim_wsp(attribute.after);
        // Step 6.
        if (attribute_value.size() > MAX_ATTRIBUTE_VALUE_LENGTH)
            continue;
        // Step 7.
        process_cookie_av(cookie, attribute_name, attribute_value, default_path, now);
    }
    return cookie;
}

// ---- 5.7 Storage Model ----

bool is_expired(Cookie const& cookie, TimePoint now)
{
    return cookie.expiry_time <= now;
}

// 5.7 steps 2 to 22 but step 16, which needs the cookie store: the cookie to store, or nullopt when
// the received cookie is ignored.
std::optional<Cookie> create_cookie(ReceivedCookie received, std::string const& request_host, std::string const& default_path, bool secure_connection,
    SameSiteContext const& context, bool http_api, TimePoint now)
{
    // Step 2. (Steps 3 and 4 hold: 5.6 steps 1 and 5 ignore such set-cookie-strings.)
    if (received.name.empty() && received.value.empty())
        return std::nullopt;
    // Step 5.
    Cookie cookie;
    cookie.name = std::move(received.name);
    cookie.value = std::move(received.value);
    cookie.creation_time = now;
    cookie.last_access_time = now;
    // Step 6 (without Max-Age and Expires, the defaults of Cookie: not persistent, the latest date).
    if (std::optional<TimePoint> const expiry_time = received.max_age ? received.max_age : received.expires) {
        cookie.persistent = true;
        cookie.expiry_time = *expiry_time;
    }
    // Step 7.
    std::string domain_attribute = received.domain.value_or("");
    // Step 8.
    if (!std::all_of(domain_attribute.begin(), domain_attribute.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::nullopt;
    // Step 9.
    if (!domain_attribute.empty() && is_public_suffix(domain_attribute)) {
        if (domain_attribute != request_host)
            return std::nullopt;
        domain_attribute.clear();
    }
    // Step 10.
    if (!domain_attribute.empty()) {
        if (!domain_matches(request_host, domain_attribute))
            return std::nullopt;
        cookie.host_only = false;
        cookie.domain = std::move(domain_attribute);
    } else {
        cookie.host_only = true;
        cookie.domain = request_host;
    }
    // Step 11.
    cookie.path = received.path.value_or(default_path);
    // Steps 12 and 13.
    cookie.secure_only = received.secure;
    if (cookie.secure_only && !secure_connection)
        return std::nullopt;
    // Steps 14 and 15.
    cookie.http_only = received.http_only;
    if (cookie.http_only && !http_api)
        return std::nullopt;
    // Step 17.
    cookie.same_site = received.same_site;
    // Step 18: a cross-site non-HTTP API call (18.1) or a cross-site request (18.2) that does not
    // navigate a top-level traversable (18.3) cannot set it (18.4).
    if (cookie.same_site != SameSite::None && !context.same_site && (!http_api || !context.top_level_navigation))
        return std::nullopt;
    // Step 19.
    if (cookie.same_site == SameSite::None && !cookie.secure_only)
        return std::nullopt;
    // Step 20.
    if (starts_with_ignoring_ascii_case(cookie.name, "__Secure-") && !cookie.secure_only)
        return std::nullopt;
    // Step 21.
    if (starts_with_ignoring_ascii_case(cookie.name, "__Host-") && !(cookie.secure_only && cookie.host_only && received.path && cookie.path == "/"))
        return std::nullopt;
    // Step 22.
    if (cookie.name.empty() && (starts_with_ignoring_ascii_case(cookie.value, "__Secure-") || starts_with_ignoring_ascii_case(cookie.value, "__Host-")))
        return std::nullopt;
    return cookie;
}

// 5.7 step 16: whether the store holds a secure cookie that the new, non-secure cookie would overlay.
bool overlays_secure_cookie(std::vector<Cookie> const& store, Cookie const& cookie)
{
    return std::any_of(store.begin(), store.end(), [&](Cookie const& existing) {
        return existing.name == cookie.name && existing.secure_only
            && (domain_matches(existing.domain, cookie.domain) || domain_matches(cookie.domain, existing.domain)) && path_matches(cookie.path, existing.path);
    });
}

// 5.7 step 23: the cookie with the same name, domain, host-only-flag and path as cookie.
std::vector<Cookie>::iterator find_old_cookie(std::vector<Cookie>& store, Cookie const& cookie)
{
    return std::find_if(store.begin(), store.end(), [&](Cookie const& old) {
        return old.name == cookie.name && old.domain == cookie.domain && old.host_only == cookie.host_only && old.path == cookie.path;
    });
}

// 5.7 steps 23.4 and 24. The new cookie takes the old one's place in the store, which keeps the
// order of cookies with equal creation-times (5.7 step 23.3).
void replace_or_insert(std::vector<Cookie>& store, Cookie cookie)
{
    if (auto const old = find_old_cookie(store, cookie); old != store.end())
        *old = std::move(cookie);
    else
        store.push_back(std::move(cookie));
}

// 5.7: "The user agent MUST evict all expired cookies from the cookie store".
void evict_expired(std::vector<Cookie>& store, TimePoint now)
{
    std::erase_if(store, [now](Cookie const& cookie) { return is_expired(cookie, now); });
}

template<typename Predicate>
std::vector<Cookie>::iterator least_recently_accessed(std::vector<Cookie>& store, Predicate predicate)
{
    auto oldest = store.end();
    for (auto it = store.begin(); it != store.end(); ++it) {
        if (predicate(*it) && (oldest == store.end() || it->last_access_time < oldest->last_access_time))
            oldest = it;
    }
    return oldest;
}

// 5.7 "remove excess cookies" after a cookie for domain was stored, in the draft's priority order
// (priority 1, expired cookies, is evict_expired()); the least recently accessed cookie goes first.
void remove_excess_cookies(std::vector<Cookie>& store, std::string const& domain)
{
    auto const domain_count = [&] { return std::count_if(store.begin(), store.end(), [&](Cookie const& c) { return c.domain == domain; }); };
    // Priorities 2 (the insecure cookies of a crowded domain) and 3 (any cookie of it).
    for (bool const evict_secure : {false, true}) {
        while (static_cast<size_t>(domain_count()) > CookieJar::MAX_COOKIES_PER_DOMAIN) {
            auto const victim = least_recently_accessed(store, [&](Cookie const& c) { return c.domain == domain && (evict_secure || !c.secure_only); });
            if (victim == store.end())
                break;
            store.erase(victim);
        }
    }
    // Priority 4.
    while (store.size() > CookieJar::MAX_COOKIES)
        store.erase(least_recently_accessed(store, [](Cookie const&) { return true; }));
}

// ---- 5.8 Retrieval Model ----

struct Retrieval {
    std::string host; // canonicalized
    std::string path;
    bool secure_connection;
    SameSiteContext const& context;
    bool http_api; // the retrieval's type is "HTTP"
};

// 5.8.3 step 1: whether cookie belongs in the cookie-list of the retrieval.
bool is_retrieved(Cookie const& cookie, Retrieval const& retrieval)
{
    // The domain, and the note on domains that became public suffixes.
    if (cookie.host_only ? retrieval.host != cookie.domain : (!domain_matches(retrieval.host, cookie.domain) || is_public_suffix(cookie.domain)))
        return false;
    if (!path_matches(retrieval.path, cookie.path))
        return false;
    if (cookie.secure_only && !retrieval.secure_connection)
        return false;
    if (cookie.http_only && !retrieval.http_api)
        return false;
    // SameSite: only "Lax" and "Default" cookies go cross-site, on safe top-level navigations.
    if (cookie.same_site != SameSite::None && !retrieval.context.same_site) {
        return retrieval.http_api && (cookie.same_site == SameSite::Lax || cookie.same_site == SameSite::Default) && retrieval.context.safe_method
            && retrieval.context.top_level_navigation;
    }
    return true;
}

// ---- Netscape cookies.txt ----

constexpr std::string_view netscape_boolean(bool value) { return value ? "TRUE" : "FALSE"; }

std::optional<bool> parse_netscape_boolean(std::string_view field)
{
    if (equals_ignoring_ascii_case(field, "TRUE"))
        return true;
    if (equals_ignoring_ascii_case(field, "FALSE"))
        return false;
    return std::nullopt;
}

// The tab-separated fields of a line; the last of at most max_fields takes the rest of the line.
std::vector<std::string_view> split_netscape_fields(std::string_view line, size_t max_fields)
{
    std::vector<std::string_view> fields;
    while (fields.size() + 1 < max_fields) {
        Split const split = split_at_first(line, '\t');
        fields.push_back(split.before);
        if (!split.found)
            return fields;
        line = split.after;
    }
    fields.push_back(line);
    return fields;
}

enum class NetscapeLine : uint8_t { Ignored, Cookie, Malformed };

// One line of a cookies.txt file; curl also reads lines without the value field.
NetscapeLine parse_netscape_line(std::string_view line, Cookie& cookie)
{
    cookie.http_only = line.starts_with(NETSCAPE_HTTP_ONLY_PREFIX);
    if (cookie.http_only)
        line.remove_prefix(NETSCAPE_HTTP_ONLY_PREFIX.size());
    else if (trim_wsp(line).empty() || line.starts_with('#'))
        return NetscapeLine::Ignored;
    std::vector<std::string_view> const fields = split_netscape_fields(line, 7);
    if (fields.size() < 6)
        return NetscapeLine::Malformed;
    std::string_view domain = fields[0];
    if (domain.starts_with('.'))
        domain.remove_prefix(1);
    std::optional<bool> const include_subdomains = parse_netscape_boolean(fields[1]);
    std::optional<bool> const secure = parse_netscape_boolean(fields[3]);
    int64_t expiry = 0;
    auto const [end, error] = std::from_chars(fields[4].data(), fields[4].data() + fields[4].size(), expiry);
    cookie.name = fields[5];
    cookie.value = fields.size() == 7 ? fields[6] : std::string_view{};
    if (domain.empty() || !include_subdomains || !fields[2].starts_with('/') || !secure || error != std::errc{} || end != fields[4].data() + fields[4].size()
        || (cookie.name.empty() && cookie.value.empty()))
        return NetscapeLine::Malformed;
    cookie.domain = to_ascii_lowercase(domain);
    cookie.host_only = !*include_subdomains;
    cookie.path = fields[2];
    cookie.secure_only = *secure;
    cookie.persistent = expiry != 0;
    if (cookie.persistent) {
        expiry = std::clamp(expiry, std::chrono::ceil<seconds>(TimePoint::min()).time_since_epoch().count(),
            std::chrono::floor<seconds>(TimePoint::max()).time_since_epoch().count());
        cookie.expiry_time = TimePoint{seconds{expiry}};
    }
    return NetscapeLine::Cookie;
}

// The expiry field of a cookies.txt line: 0 for a session cookie, else at least 1.
int64_t netscape_expiry(Cookie const& cookie)
{
    if (!cookie.persistent)
        return 0;
    return std::max<int64_t>(1, std::chrono::floor<seconds>(cookie.expiry_time).time_since_epoch().count());
}

// insert() and load_netscape(): 5.7 steps 23.4 and 24, then "remove excess cookies".
void insert_cookie(std::vector<Cookie>& store, Cookie cookie)
{
    std::string const domain = cookie.domain;
    replace_or_insert(store, std::move(cookie));
    remove_excess_cookies(store, domain);
}

} // namespace

void CookieJar::set_cookie_from_header(URL const& request_url, std::string_view set_cookie_value, SameSiteContext const& context, bool http_api, TimePoint now)
{
    std::optional<std::string> const host = canonicalized_host(request_url);
    if (!host)
        return;
    std::string const path = default_path(request_url);
    std::optional<ReceivedCookie> received = parse_set_cookie_string(set_cookie_value, path, now);
    if (!received)
        return;
    bool const secure_connection = denotes_secure_connection(request_url);
    std::optional<Cookie> cookie = create_cookie(std::move(*received), *host, path, secure_connection, context, http_api, now);
    if (!cookie)
        return;

    std::lock_guard const lock(mutex_);
    evict_expired(cookies_, now);
    // 5.7 step 16.
    if (!cookie->secure_only && !secure_connection && overlays_secure_cookie(cookies_, *cookie))
        return;
    // Step 23.
    if (auto const old = find_old_cookie(cookies_, *cookie); old != cookies_.end()) {
        // Step 23.2.
        if (!http_api && old->http_only)
            return;
        // Step 23.3.
        cookie->creation_time = old->creation_time;
    }
    // Steps 23.4 and 24. An expired cookie (Max-Age=0, an Expires date in the past) is evicted at once,
    // before excess cookies are removed: it only deletes the old one.
    std::string const domain = cookie->domain;
    replace_or_insert(cookies_, std::move(*cookie));
    evict_expired(cookies_, now);
    remove_excess_cookies(cookies_, domain);
}

std::string CookieJar::cookie_header_for(URL const& request_url, SameSiteContext const& context, bool http_api, TimePoint now)
{
    std::optional<std::string> host = canonicalized_host(request_url);
    if (!host)
        return {};
    Retrieval const retrieval{std::move(*host), request_url.serialize_path(), denotes_secure_connection(request_url), context, http_api};

    std::lock_guard const lock(mutex_);
    evict_expired(cookies_, now);
    // 5.8.3 step 1.
    std::vector<Cookie*> cookie_list;
    for (Cookie& cookie : cookies_) {
        if (is_retrieved(cookie, retrieval))
            cookie_list.push_back(&cookie);
    }
    // Step 2: longer paths first, then earlier creation-times (then the store's order).
    std::stable_sort(cookie_list.begin(), cookie_list.end(), [](Cookie const* a, Cookie const* b) {
        if (a->path.size() != b->path.size())
            return a->path.size() > b->path.size();
        return a->creation_time < b->creation_time;
    });
    std::string cookie_string;
    for (size_t i = 0; i < cookie_list.size(); ++i) {
        Cookie& cookie = *cookie_list[i];
        // Step 3.
        cookie.last_access_time = now;
        // Step 4.
        if (i > 0)
            cookie_string += "; ";
        if (!cookie.name.empty())
            cookie_string.append(cookie.name).push_back('=');
        cookie_string += cookie.value;
    }
    return cookie_string;
}

std::vector<Cookie> CookieJar::all_cookies() const
{
    std::lock_guard const lock(mutex_);
    return cookies_;
}

void CookieJar::insert(Cookie cookie)
{
    std::lock_guard const lock(mutex_);
    insert_cookie(cookies_, std::move(cookie));
}

void CookieJar::clear()
{
    std::lock_guard const lock(mutex_);
    cookies_.clear();
}

bool CookieJar::load_netscape(std::istream& in)
{
    bool well_formed = true;
    std::vector<Cookie> loaded;
    std::string line;
    while (std::getline(in, line)) {
        if (line.ends_with('\r'))
            line.pop_back();
        Cookie cookie;
        switch (parse_netscape_line(line, cookie)) {
        case NetscapeLine::Ignored:
            break;
        case NetscapeLine::Cookie:
            loaded.push_back(std::move(cookie));
            break;
        case NetscapeLine::Malformed:
            well_formed = false;
            break;
        }
    }
    std::lock_guard const lock(mutex_);
    for (Cookie& cookie : loaded)
        insert_cookie(cookies_, std::move(cookie));
    return well_formed;
}

void CookieJar::save_netscape(std::ostream& out) const
{
    std::lock_guard const lock(mutex_);
    out << "# Netscape HTTP Cookie File\n"
           "# https://curl.se/docs/http-cookies.html\n"
           "# This file was generated by duknet. Edit at your own risk.\n\n";
    for (Cookie const& cookie : cookies_) {
        out << (cookie.http_only ? NETSCAPE_HTTP_ONLY_PREFIX : "") << (cookie.host_only ? "" : ".") << cookie.domain << '\t'
            << netscape_boolean(!cookie.host_only) << '\t' << cookie.path << '\t' << netscape_boolean(cookie.secure_only) << '\t'
            << netscape_expiry(cookie) << '\t' << cookie.name << '\t' << cookie.value << '\n';
    }
}

// https://html.spec.whatwg.org/#same-site
bool is_same_site(const Origin& a, const Origin& b)
{
    // 1. If A and B are the same opaque origin, then return true.
    if (a.is_opaque() || b.is_opaque())
        return a.is_same_origin(b);
    // 2. If A and B are both tuple origins: their schemes are identical and their hosts are same
    //    site (https://url.spec.whatwg.org/#host-same-site: equal, or domains with the same
    //    non-null registrable domain).
    if (a.scheme() != b.scheme())
        return false;
    if (a.host() == b.host())
        return true;
    psl_ctx_t const* const psl = public_suffix_list();
    char const* a_domain = psl ? psl_registrable_domain(psl, a.host().c_str()) : nullptr;
    char const* b_domain = psl ? psl_registrable_domain(psl, b.host().c_str()) : nullptr;
    return a_domain && b_domain && std::string_view(a_domain) == b_domain;
}

} // namespace duknet::net
