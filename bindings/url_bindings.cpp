// The URL Standard's JavaScript API (https://url.spec.whatwg.org/#api): URL and URLSearchParams
// over net::URL. A URL wrapper and its query object (a URLSearchParams wrapper) refer to each
// other through hidden properties; each wrapper owns its C++ state.
#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/runtime.h"
#include "net/url.h"

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace duknet::bindings {

namespace {

using List = std::vector<std::pair<std::string, std::string>>;


struct URLObject {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("URL");
    net::URL url;
};

struct URLSearchParamsObject {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("URLSearchParams");
    List list;
};

// URLSearchParams is a pair iterable of its list (https://url.spec.whatwg.org/#interface-urlsearchparams).
struct SearchParamsPairs {
    using Object = URLSearchParamsObject;
    static constexpr const char* iterator_prototype_key = "URLSearchParams Iterator.prototype";
    static size_t size(duk_context* ctx, duk_idx_t query) { return native_of<URLSearchParamsObject>(ctx, query)->list.size(); }
    static void push_key(duk_context* ctx, duk_idx_t query, size_t i) { push_utf8(ctx, native_of<URLSearchParamsObject>(ctx, query)->list[i].first); }
    static void push_value(duk_context* ctx, duk_idx_t query, size_t i) { push_utf8(ctx, native_of<URLSearchParamsObject>(ctx, query)->list[i].second); }
};

// The links between wrappers: https://url.spec.whatwg.org/#concept-url-query-object and
// https://url.spec.whatwg.org/#concept-urlsearchparams-url-object.
constexpr const char* query_object_key = DUKNET_HIDDEN("queryObject");
constexpr const char* url_object_key = DUKNET_HIDDEN("urlObject");

// The prototypes, kept in the global stash so that script replacing the globals changes nothing.
void push_new_object(duk_context* ctx, const char* prototype)
{
    duk_push_object(ctx);
    duk_push_global_stash(ctx);
    duk_get_prop_string(ctx, -1, prototype);
    duk_set_prototype(ctx, -3);
    duk_pop(ctx);
}

// `action` is what failed, as in "execute 'get' on 'URLSearchParams'".

// An optional USVString argument: undefined (or missing) is "not given".
std::optional<std::string> optional_argument(duk_context* ctx, duk_idx_t index)
{
    if (duk_is_undefined(ctx, index))
        return std::nullopt;
    return to_utf8(ctx, index);
}

// Sequences and records (WebIDL) -------------------------------------------------------------

// https://webidl.spec.whatwg.org/#create-sequence-from-iterable: calls `each` with each value of
// the iterable at `value` on the stack top. Returns false, having done nothing, when the value is
// not an object with an @@iterator method. Duktape's arrays have no @@iterator: they are walked as
// %ArrayIteratorPrototype%.next would walk them.
bool for_each_in_iterable(duk_context* ctx, duk_idx_t value, const std::function<void()>& each)
{
    value = duk_normalize_index(ctx, value);
    if (!duk_is_object(ctx, value))
        return false;
    if (duk_is_array(ctx, value)) {
        for (duk_uarridx_t i = 0; i < duk_get_length(ctx, value); ++i) {
            duk_get_prop_index(ctx, value, i);
            each();
            duk_pop(ctx);
        }
        return true;
    }
    // GetMethod(V, @@iterator).
    duk_push_string(ctx, DUK_WELLKNOWN_SYMBOL("Symbol.iterator"));
    duk_get_prop(ctx, value);
    if (duk_is_null_or_undefined(ctx, -1)) {
        duk_pop(ctx);
        return false;
    }
    if (!duk_is_callable(ctx, -1))
        throw_type_error(ctx, "The object's @@iterator is not callable");
    // 1. Let iteratorRecord be GetIteratorFromMethod(iterable, method).
    duk_dup(ctx, value);
    duk_call_method(ctx, 0);
    if (!duk_is_object(ctx, -1))
        throw_type_error(ctx, "The iterator is not an object");
    duk_idx_t iterator = duk_get_top_index(ctx);
    duk_get_prop_string(ctx, iterator, "next");
    // 3. Repeat: let next be IteratorStep(iteratorRecord); if next is false, return; append
    //    IteratorValue(next).
    for (;;) {
        duk_dup(ctx, iterator + 1);
        duk_dup(ctx, iterator);
        duk_call_method(ctx, 0);
        if (!duk_is_object(ctx, -1))
            throw_type_error(ctx, "The iterator result is not an object");
        duk_get_prop_string(ctx, -1, "done");
        bool done = duk_to_boolean(ctx, -1);
        duk_pop(ctx);
        if (done)
            break;
        duk_get_prop_string(ctx, -1, "value");
        each();
        duk_pop_2(ctx);
    }
    duk_pop_3(ctx);
    return true;
}

// The init of https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams, converted to
// (sequence<sequence<USVString>> or record<USVString, USVString> or USVString), then
// https://url.spec.whatwg.org/#concept-urlsearchparams-initialize.
List initialize_list(duk_context* ctx, duk_idx_t init)
{
    List list;
    // The default is the empty string.
    if (duk_is_undefined(ctx, init))
        return list;
    std::vector<std::vector<std::string>> sequence;
    bool is_sequence = for_each_in_iterable(ctx, init, [&] {
        auto& pair = sequence.emplace_back();
        if (!for_each_in_iterable(ctx, -1, [&] { pair.push_back(to_utf8(ctx, -1)); }))
            throw_type_error(ctx, "Failed to construct 'URLSearchParams': The provided value cannot be converted to a sequence.");
    });
    // 1. If init is a sequence, then for each innerSequence of init:
    if (is_sequence) {
        for (auto& pair : sequence) {
            // 1. If innerSequence's size is not 2, then throw a TypeError.
            if (pair.size() != 2)
                throw_type_error(ctx, "Failed to construct 'URLSearchParams': Sequence initializer must only contain pair elements");
            // 2. Append (innerSequence[0], innerSequence[1]) to query's list.
            list.emplace_back(std::move(pair[0]), std::move(pair[1]));
        }
        return list;
    }
    // 2. Otherwise, if init is a record, then for each name -> value of init, append (name, value)
    //    to query's list. The record (https://webidl.spec.whatwg.org/#js-record) has the object's
    //    own enumerable string keys in order; keys that convert to the same USVString keep the
    //    first one's place and the last one's value.
    if (duk_is_object(ctx, init)) {
        duk_enum(ctx, init, DUK_ENUM_OWN_PROPERTIES_ONLY | DUK_ENUM_SORT_ARRAY_INDICES);
        while (duk_next(ctx, -1, 1)) {
            std::string name = to_utf8(ctx, -2);
            std::string value = to_utf8(ctx, -1);
            duk_pop_2(ctx);
            auto existing = std::find_if(list.begin(), list.end(), [&](const auto& tuple) { return tuple.first == name; });
            if (existing != list.end())
                existing->second = std::move(value);
            else
                list.emplace_back(std::move(name), std::move(value));
        }
        duk_pop(ctx);
        return list;
    }
    // 3. Otherwise (init is a string), set query's list to the result of parsing init; the
    //    constructor's step 1 removed a leading "?".
    std::string string = to_utf8(ctx, init);
    std::string_view input = string;
    if (input.starts_with('?'))
        input.remove_prefix(1);
    return net::urlencoded_parse(input);
}

// URLSearchParams ----------------------------------------------------------------------------

// https://url.spec.whatwg.org/#concept-urlsearchparams-update, for `this`.
void update(duk_context* ctx, const URLSearchParamsObject& query)
{
    duk_push_this(ctx);
    // 1. If query's URL object is null, then return.
    if (!duk_get_prop_string(ctx, -1, url_object_key)) {
        duk_pop_2(ctx);
        return;
    }
    net::URL& url = native_or_throw<URLObject>(ctx, -1).url;
    duk_pop_2(ctx);
    // 2. Let serializedQuery be the serialization of query's list.
    // 3-5. If serializedQuery is the empty string, set it to null. Set the URL's query to
    //      serializedQuery; if it is null, potentially strip trailing spaces from an opaque path.
    // The search setter does exactly 3-5: a serialization never starts with "?" and holds only
    // code points the query state leaves as they are (alphanumerics, *-._%+&=).
    url.set_search(net::urlencoded_serialize(query.list));
}

void push_new_search_params(duk_context* ctx, List list)
{
    push_new_object(ctx, "URLSearchParams.prototype");
    attach_native(ctx, -1, std::make_unique<URLSearchParamsObject>(URLSearchParamsObject { std::move(list) }));
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-urlsearchparams
duk_ret_t search_params_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'URLSearchParams': Please use the 'new' operator");
    duk_set_top(ctx, 1);
    // 1-3. If init is a string starting with "?", remove it; initialize this with init.
    List list = initialize_list(ctx, 0);
    duk_push_this(ctx);
    attach_native(ctx, -1, std::make_unique<URLSearchParamsObject>(URLSearchParamsObject { std::move(list) }));
    return 0;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-size
duk_ret_t search_params_size(duk_context* ctx)
{
    duk_push_uint(ctx, this_native<URLSearchParamsObject>(ctx).list.size());
    return 1;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-append
duk_ret_t search_params_append(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    require_arguments(ctx, "URLSearchParams", "append", 2);
    std::string name = to_utf8(ctx, 0);
    std::string value = to_utf8(ctx, 1);
    // 1. Append (name, value) to this's list.
    query.list.emplace_back(std::move(name), std::move(value));
    // 2. Run the update steps.
    update(ctx, query);
    return 0;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-delete
duk_ret_t search_params_delete(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    require_arguments(ctx, "URLSearchParams", "delete", 1);
    duk_set_top(ctx, 2);
    std::string name = to_utf8(ctx, 0);
    auto value = optional_argument(ctx, 1);
    // 1. If value is given, remove all tuples whose name is name and value is value.
    // 2. Otherwise, remove all tuples whose name is name.
    std::erase_if(query.list, [&](const auto& tuple) { return tuple.first == name && (!value || tuple.second == *value); });
    // 3. Run the update steps.
    update(ctx, query);
    return 0;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-get
duk_ret_t search_params_get(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    require_arguments(ctx, "URLSearchParams", "get", 1);
    std::string name = to_utf8(ctx, 0);
    // The value of the first tuple whose name is name, if there is such a tuple; otherwise null.
    auto found = std::find_if(query.list.begin(), query.list.end(), [&](const auto& tuple) { return tuple.first == name; });
    if (found == query.list.end())
        duk_push_null(ctx);
    else
        push_utf8(ctx, found->second);
    return 1;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-getall
duk_ret_t search_params_get_all(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    require_arguments(ctx, "URLSearchParams", "getAll", 1);
    std::string name = to_utf8(ctx, 0);
    // The values of all tuples whose name is name, in list order.
    duk_push_array(ctx);
    duk_uarridx_t index = 0;
    for (const auto& [tuple_name, value] : query.list) {
        if (tuple_name != name)
            continue;
        push_utf8(ctx, value);
        duk_put_prop_index(ctx, -2, index++);
    }
    return 1;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-has
duk_ret_t search_params_has(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    require_arguments(ctx, "URLSearchParams", "has", 1);
    duk_set_top(ctx, 2);
    std::string name = to_utf8(ctx, 0);
    auto value = optional_argument(ctx, 1);
    // 1. If value is given and there is a tuple whose name is name and value is value, return true.
    // 2. If value is not given and there is a tuple whose name is name, return true.
    // 3. Return false.
    duk_push_boolean(ctx, std::any_of(query.list.begin(), query.list.end(), [&](const auto& tuple) {
        return tuple.first == name && (!value || tuple.second == *value);
    }));
    return 1;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-set
duk_ret_t search_params_set(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    require_arguments(ctx, "URLSearchParams", "set", 2);
    std::string name = to_utf8(ctx, 0);
    std::string value = to_utf8(ctx, 1);
    auto has_name = [&](const auto& tuple) { return tuple.first == name; };
    // 1. If this's list contains any tuples whose name is name, then set the value of the first
    //    such tuple to value and remove the others.
    auto first = std::find_if(query.list.begin(), query.list.end(), has_name);
    if (first != query.list.end()) {
        first->second = std::move(value);
        query.list.erase(std::remove_if(first + 1, query.list.end(), has_name), query.list.end());
    } else {
        // 2. Otherwise, append (name, value) to this's list.
        query.list.emplace_back(std::move(name), std::move(value));
    }
    // 3. Run the update steps.
    update(ctx, query);
    return 0;
}

// The UTF-16 code units of valid UTF-8.
std::u16string utf16_code_units(std::string_view utf8)
{
    std::u16string units;
    units.reserve(utf8.size());
    for (size_t i = 0; i < utf8.size();) {
        auto lead = static_cast<unsigned char>(utf8[i++]);
        int length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
        for (int k = 1; k < length && i < utf8.size(); ++k)
            code_point = (code_point << 6) | (static_cast<unsigned char>(utf8[i++]) & 0x3F);
        if (code_point >= 0x10000) {
            units += char16_t(0xD800 + ((code_point - 0x10000) >> 10));
            units += char16_t(0xDC00 + (code_point & 0x3FF));
        } else {
            units += char16_t(code_point);
        }
    }
    return units;
}

// https://url.spec.whatwg.org/#dom-urlsearchparams-sort
duk_ret_t search_params_sort(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    // 1. Sort all tuples in this's list, if any, by their names. Sorting must be done by
    //    comparison of code units. The relative order between tuples with equal names must be
    //    preserved. (UTF-8's byte order is code point order, which is not code unit order.)
    std::vector<std::pair<std::u16string, List::value_type>> keyed;
    keyed.reserve(query.list.size());
    for (auto& tuple : query.list)
        keyed.emplace_back(utf16_code_units(tuple.first), std::move(tuple));
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t i = 0; i < keyed.size(); ++i)
        query.list[i] = std::move(keyed[i].second);
    // 2. Run the update steps.
    update(ctx, query);
    return 0;
}

// https://url.spec.whatwg.org/#urlsearchparams-stringification-behavior
duk_ret_t search_params_to_string(duk_context* ctx)
{
    push_utf8(ctx, net::urlencoded_serialize(this_native<URLSearchParamsObject>(ctx).list));
    return 1;
}

// https://webidl.spec.whatwg.org/#es-forEach: the value pairs to iterate over are this's list.
duk_ret_t search_params_for_each(duk_context* ctx)
{
    auto& query = this_native<URLSearchParamsObject>(ctx);
    duk_set_top(ctx, 2);
    // 4. If IsCallable(callbackFn) is false, throw a TypeError.
    if (!duk_is_callable(ctx, 0))
        throw_type_error(ctx, "Failed to execute 'forEach' on 'URLSearchParams': The callback provided as parameter 1 is not a function.");
    // 6-7. Let pairs be the list of value pairs to iterate over; let i be 0.
    // 8. While i < pairs's size: call callbackFn with thisArg and (value, key, this); set pairs
    //    to the current list of value pairs (the list itself: it is never copied); i = i + 1.
    for (size_t i = 0; i < query.list.size(); ++i) {
        duk_dup(ctx, 0);
        duk_dup(ctx, 1);
        push_utf8(ctx, query.list[i].second);
        push_utf8(ctx, query.list[i].first);
        duk_push_this(ctx);
        duk_call_method(ctx, 3);
        duk_pop(ctx);
    }
    return 0;
}

// URL ----------------------------------------------------------------------------------------

// https://url.spec.whatwg.org/#api-url-parser, on the arguments (url, base).
std::optional<net::URL> api_url_parser(duk_context* ctx, const char* operation)
{
    require_arguments(ctx, "URL", operation, 1);
    duk_set_top(ctx, 2);
    std::string url = to_utf8(ctx, 0);
    auto base = optional_argument(ctx, 1);
    // 1. Let parsedBase be null.
    std::optional<net::URL> parsed_base;
    // 2. If base is non-null: set parsedBase to the result of running the basic URL parser on
    //    base; if parsedBase is failure, then return failure.
    if (base) {
        parsed_base = net::URL::parse(*base);
        if (!parsed_base)
            return std::nullopt;
    }
    // 3. Return the result of running the basic URL parser on url with parsedBase.
    return net::URL::parse(url, parsed_base ? &*parsed_base : nullptr);
}

// https://url.spec.whatwg.org/#url-initialize
void initialize_url(duk_context* ctx, duk_idx_t object, net::URL url_record)
{
    object = duk_normalize_index(ctx, object);
    // 1. Let query be urlRecord's query, if that is non-null; otherwise the empty string.
    std::string query = url_record.query().value_or("");
    // 2. Set url's URL to urlRecord.
    attach_native(ctx, object, std::make_unique<URLObject>(URLObject { std::move(url_record) }));
    // 3-4. Set url's query object to a new URLSearchParams object, initialized with query.
    push_new_search_params(ctx, net::urlencoded_parse(query));
    // 5. Set url's query object's URL object to url.
    duk_dup(ctx, object);
    duk_put_prop_string(ctx, -2, url_object_key);
    duk_put_prop_string(ctx, object, query_object_key);
}

// https://url.spec.whatwg.org/#dom-url-url
duk_ret_t url_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'URL': Please use the 'new' operator");
    // 1-2. Let parsedURL be the result of running the API URL parser on url with base; if it is
    //      failure, then throw a TypeError.
    auto parsed_url = api_url_parser(ctx, "constructor");
    if (!parsed_url)
        throw_type_error(ctx, "Invalid URL");
    // 3. Initialize this with parsedURL.
    duk_push_this(ctx);
    initialize_url(ctx, -1, std::move(*parsed_url));
    return 0;
}

// https://url.spec.whatwg.org/#dom-url-parse
duk_ret_t url_parse(duk_context* ctx)
{
    // 1-2. Let parsedURL be the result of running the API URL parser on url with base; if it is
    //      failure, then return null.
    auto parsed_url = api_url_parser(ctx, "parse");
    if (!parsed_url) {
        duk_push_null(ctx);
        return 1;
    }
    // 3-5. Let url be a new URL object; initialize url with parsedURL; return url.
    push_new_object(ctx, "URL.prototype");
    initialize_url(ctx, -1, std::move(*parsed_url));
    return 1;
}

// https://url.spec.whatwg.org/#dom-url-canparse
duk_ret_t url_can_parse(duk_context* ctx)
{
    // 1-3. Return false when the API URL parser fails; otherwise true.
    duk_push_boolean(ctx, api_url_parser(ctx, "canParse").has_value());
    return 1;
}

net::URL& this_url(duk_context* ctx)
{
    return this_native<URLObject>(ctx).url;
}

// This URL's query object's list.
List& this_query_list(duk_context* ctx)
{
    duk_push_this(ctx);
    duk_get_prop_string(ctx, -1, query_object_key);
    List& list = native_or_throw<URLSearchParamsObject>(ctx, -1).list;
    duk_pop_2(ctx);
    return list;
}

std::string serialized_origin(const net::URL& url)
{
    return url.origin().serialize();
}

// The getters of https://url.spec.whatwg.org/#urlutils-members (href is also toString and toJSON).
template<auto getter>
duk_ret_t url_getter(duk_context* ctx)
{
    push_utf8(ctx, std::invoke(getter, this_url(ctx)));
    return 1;
}

// The setters that touch neither the query nor the query object.
template<void (net::URL::*setter)(std::string_view)>
duk_ret_t url_setter(duk_context* ctx)
{
    auto& url = this_url(ctx);
    (url.*setter)(to_utf8(ctx, 0));
    return 0;
}

// https://url.spec.whatwg.org/#dom-url-href
duk_ret_t url_set_href(duk_context* ctx)
{
    auto& url = this_url(ctx);
    // 1-3. Let parsedURL be the result of running the basic URL parser on the given value; if it
    //      is failure, throw a TypeError; set this's URL to parsedURL.
    if (!url.set_href(to_utf8(ctx, 0)))
        throw_type_error(ctx, "Invalid URL");
    // 4. Empty this's query object's list.
    // 5. If this's URL's query is non-null, set the list to the result of parsing it.
    this_query_list(ctx) = url.query() ? net::urlencoded_parse(*url.query()) : List();
    return 0;
}

// https://url.spec.whatwg.org/#dom-url-search
duk_ret_t url_set_search(duk_context* ctx)
{
    auto& url = this_url(ctx);
    std::string value = to_utf8(ctx, 0);
    // 1-5. Set url's query (null for the empty string, stripping an opaque path's trailing spaces).
    url.set_search(value);
    // 2. If the given value is the empty string, empty this's query object's list.
    // 3. Let input be the given value with a single leading "?" removed, if any.
    // 6. Set this's query object's list to the result of parsing input.
    std::string_view input = value;
    if (input.starts_with('?'))
        input.remove_prefix(1);
    this_query_list(ctx) = net::urlencoded_parse(input);
    return 0;
}

// https://url.spec.whatwg.org/#dom-url-searchparams
duk_ret_t url_search_params(duk_context* ctx)
{
    this_url(ctx);
    duk_push_this(ctx);
    duk_get_prop_string(ctx, -1, query_object_key);
    return 1;
}

} // namespace

void install_url_bindings(Runtime& runtime)
{
    duk_context* ctx = runtime.context();
    duk_push_global_stash(ctx);

    // https://url.spec.whatwg.org/#interface-urlsearchparams
    define_class(ctx, "URLSearchParams", search_params_constructor, 0, nullptr);
    define_accessor(ctx, -1, "size", search_params_size);
    define_method(ctx, -1, "append", search_params_append, DUK_VARARGS, 2);
    define_method(ctx, -1, "delete", search_params_delete, DUK_VARARGS, 1);
    define_method(ctx, -1, "get", search_params_get, DUK_VARARGS, 1);
    define_method(ctx, -1, "getAll", search_params_get_all, DUK_VARARGS, 1);
    define_method(ctx, -1, "has", search_params_has, DUK_VARARGS, 1);
    define_method(ctx, -1, "set", search_params_set, DUK_VARARGS, 2);
    define_method(ctx, -1, "sort", search_params_sort, 0, 0);
    define_method(ctx, -1, "toString", search_params_to_string, 0, 0);
    // iterable<USVString, USVString> (https://webidl.spec.whatwg.org/#es-iterable).
    define_pair_iterable<SearchParamsPairs>(ctx, -1, "URLSearchParams Iterator");
    define_method(ctx, -1, "forEach", search_params_for_each, 2, 1);
    duk_put_prop_string(ctx, -2, "URLSearchParams.prototype");

    // https://url.spec.whatwg.org/#url-class
    define_class(ctx, "URL", url_constructor, 1, nullptr);
    define_accessor(ctx, -1, "href", url_getter<&net::URL::href>, url_set_href);
    define_method(ctx, -1, "toString", url_getter<&net::URL::href>, 0, 0);
    define_accessor(ctx, -1, "origin", url_getter<serialized_origin>);
    define_accessor(ctx, -1, "protocol", url_getter<&net::URL::protocol>, url_setter<&net::URL::set_protocol>);
    define_accessor(ctx, -1, "username", url_getter<&net::URL::username>, url_setter<&net::URL::set_username>);
    define_accessor(ctx, -1, "password", url_getter<&net::URL::password>, url_setter<&net::URL::set_password>);
    define_accessor(ctx, -1, "host", url_getter<&net::URL::host_and_port>, url_setter<&net::URL::set_host>);
    define_accessor(ctx, -1, "hostname", url_getter<&net::URL::hostname>, url_setter<&net::URL::set_hostname>);
    define_accessor(ctx, -1, "port", url_getter<&net::URL::port_string>, url_setter<&net::URL::set_port>);
    define_accessor(ctx, -1, "pathname", url_getter<&net::URL::pathname>, url_setter<&net::URL::set_pathname>);
    define_accessor(ctx, -1, "search", url_getter<&net::URL::search>, url_set_search);
    define_accessor(ctx, -1, "searchParams", url_search_params);
    define_accessor(ctx, -1, "hash", url_getter<&net::URL::hash>, url_setter<&net::URL::set_hash>);
    define_method(ctx, -1, "toJSON", url_getter<&net::URL::href>, 0, 0);
    duk_put_prop_string(ctx, -2, "URL.prototype");
    duk_get_global_string(ctx, "URL");
    define_method(ctx, -1, "parse", url_parse, DUK_VARARGS, 1);
    define_method(ctx, -1, "canParse", url_can_parse, DUK_VARARGS, 1);
    duk_pop_2(ctx);
}

} // namespace duknet::bindings
