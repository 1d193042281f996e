// Unit tests of bindings/url_bindings: the URL Standard's JavaScript API, run in script. Every case
// of web-platform-tests' urltestdata.json (through new URL, URL.canParse, URL.parse and the href
// setter) and setters_tests.json (through the setters), then hand-written URLSearchParams checks.
#include "bindings/js.h"
#include "bindings/runtime.h"
#include "net/io_thread.h"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

using namespace duknet;

namespace {

// The checks, in script. Each check function returns what went wrong (empty: it passed).
constexpr const char* harness = R"js(
var failures = [];
function expectEqual(actual, expected, what) {
    if (actual !== expected)
        failures.push(what + ': got ' + JSON.stringify(actual) + ', expected ' + JSON.stringify(expected));
}
function expectTypeError(f, what) {
    try {
        f();
    } catch (e) {
        if (!(e instanceof TypeError))
            failures.push(what + ': threw ' + e + ' instead of a TypeError');
        return;
    }
    failures.push(what + ': did not throw');
}
function entriesOf(params) {
    var entries = [], iterator = params.entries(), result;
    while (!(result = iterator.next()).done)
        entries.push(result.value);
    return entries;
}
function iterable(items) {
    var object = {};
    object[Symbol.iterator] = function () {
        var index = 0;
        return { next: function () { return index < items.length ? { value: items[index++], done: false } : { done: true }; } };
    };
    return object;
}

// The WPT files' surrogate escapes reach script as the text "\uD800" (see hide_surrogate_escapes).
function restoreSurrogates(text) {
    return text.replace(/\\u(d[89a-f][0-9a-f]{2})/gi, function (escape, hex) { return String.fromCharCode(parseInt(hex, 16)); });
}

var urlAttributes = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
function expectAttributes(url, expected, what) {
    urlAttributes.forEach(function (name) {
        if (name in expected)
            expectEqual(url[name], expected[name], what + ' ' + name);
    });
    if ('searchParams' in expected)
        expectEqual(url.searchParams.toString(), expected.searchParams, what + ' searchParams');
}

// url-constructor.any.js, url-statics-canparse.any.js, url-statics-parse.any.js and failure.html.
function checkURLTest(test) {
    failures = [];
    var input = restoreSurrogates(test.input);
    var base = test.base === null ? undefined : restoreSurrogates(test.base);
    var what = JSON.stringify(test.input) + ' against ' + JSON.stringify(test.base);
    expectEqual(URL.canParse(input, base), !test.failure, what + ' canParse');
    var parsed = URL.parse(input, base);
    if (test.failure) {
        expectTypeError(function () { new URL(input, base); }, what);
        expectEqual(parsed, null, what + ' URL.parse');
        if (base === undefined)
            expectTypeError(function () { new URL('about:blank').href = input; }, what + ' href setter');
        return failures;
    }
    var url = new URL(input, base);
    expectAttributes(url, test, what);
    // The query object holds the query.
    expectEqual(url.searchParams.toString(), new URLSearchParams(url.search).toString(), what + ' searchParams');
    expectEqual(parsed && parsed.href, test.href, what + ' URL.parse');
    if (base === undefined) {
        var target = new URL('about:blank?before');
        target.href = input;
        expectAttributes(target, test, what + ' href setter');
        expectEqual(target.searchParams.toString(), url.searchParams.toString(), what + ' href setter searchParams');
    }
    return failures;
}

// url-setters.any.js
function checkSetterTest(attribute, test) {
    failures = [];
    var url = new URL(restoreSurrogates(test.href));
    var value = restoreSurrogates(test.new_value);
    var list = url.searchParams.toString();
    url[attribute] = value;
    var what = JSON.stringify(test.href) + '.' + attribute + ' = ' + JSON.stringify(test.new_value);
    expectAttributes(url, test.expected, what);
    // The search setter parses the given value (not the query) into the query object's list; the
    // other setters leave it.
    // (A leading "&" keeps the constructor from removing a second "?"; the parser skips it.)
    if (attribute === 'search')
        list = new URLSearchParams('&' + value.replace(/^\?/, '')).toString();
    expectEqual(url.searchParams.toString(), list, what + ' searchParams');
    return failures;
}

function checkURLClass() {
    failures = [];
    expectTypeError(function () { URL('http://a/'); }, 'URL without new');
    expectTypeError(function () { new URL(); }, 'no argument');
    expectTypeError(function () { new URL('/path'); }, 'relative URL without a base');
    expectTypeError(function () { new URL('/path', 'not a base'); }, 'invalid base');
    expectTypeError(function () { new URL('/path', undefined); }, 'an undefined base is no base');
    expectEqual(new URL('http://a/', undefined).href, 'http://a/', 'undefined base');
    expectEqual(new URL('b', 'http://a/c').href, 'http://a/b', 'relative URL against a base');
    expectEqual(URL.length, 1, 'URL.length');
    expectEqual(URL.canParse('x', 'http://a/'), true, 'canParse with base');
    expectEqual(URL.canParse('x'), false, 'canParse without base');
    expectEqual(URL.parse('x'), null, 'parse failure');
    var url = new URL('http://a/b');
    expectEqual(String(url), 'http://a/b', 'stringifier');
    expectEqual(JSON.stringify({ u: url }), '{"u":"http://a/b"}', 'toJSON');
    expectTypeError(function () { url.href = 'not a URL'; }, 'href setter failure');
    expectEqual(url.href, 'http://a/b', 'href unchanged after a failure');
    expectEqual(Object.getPrototypeOf(URL.parse('http://a/')), URL.prototype, 'URL.parse prototype');
    expectTypeError(function () { Object.getOwnPropertyDescriptor(URL.prototype, 'href').get.call({}); }, 'getter on a plain object');
    expectTypeError(function () { return Object.create(url).href; }, 'getter on an object inheriting from a URL');
    expectTypeError(function () { URL.prototype.toString.call(new URLSearchParams()); }, 'toString on URLSearchParams');
    expectEqual(new URL('http://a/\uD800\uD83D\uDE00').pathname, '/%EF%BF%BD%F0%9F%98%80', 'USVString conversion');
    return failures;
}

function checkConstructorForms() {
    failures = [];
    expectEqual(URLSearchParams.length, 0, 'URLSearchParams.length');
    expectTypeError(function () { URLSearchParams('a=b'); }, 'without new');
    expectEqual(new URLSearchParams().toString(), '', 'no init');
    expectEqual(new URLSearchParams(undefined).toString(), '', 'undefined');
    expectEqual(new URLSearchParams('').size, 0, 'empty string');
    expectEqual(new URLSearchParams('?a=b&c=d').toString(), 'a=b&c=d', 'leading ? removed');
    expectEqual(new URLSearchParams('??a=b').toString(), '%3Fa=b', 'only one ? removed');
    expectEqual(new URLSearchParams(null).toString(), 'null=', 'null is a string');
    expectEqual(new URLSearchParams(1.5).toString(), '1.5=', 'a number is a string');
    expectEqual(JSON.stringify(entriesOf(new URLSearchParams([['a', 'b'], ['a', 'c'], ['', '']]))), '[["a","b"],["a","c"],["",""]]', 'array of pairs');
    expectEqual(new URLSearchParams([]).size, 0, 'empty sequence');
    expectEqual(new URLSearchParams(iterable([iterable(['x', 'y']), ['z', '']])).toString(), 'x=y&z=', 'iterable of iterables');
    var params = new URLSearchParams('a=1&b=2');
    expectEqual(new URLSearchParams(params).toString(), 'a=1&b=2', 'a URLSearchParams (iterable)');
    expectEqual(new URLSearchParams(params.entries()).toString(), 'a=1&b=2', 'an iterator (iterable)');
    expectTypeError(function () { new URLSearchParams([['a']]); }, 'pair of one');
    expectTypeError(function () { new URLSearchParams([['a', 'b', 'c']]); }, 'pair of three');
    expectTypeError(function () { new URLSearchParams(['ab']); }, 'pair that is not a sequence');
    expectTypeError(function () { new URLSearchParams([{}]); }, 'pair that is not iterable');
    expectEqual(new URLSearchParams({ b: '1', a: 2, c: null }).toString(), 'b=1&a=2&c=null', 'record, in order');
    expectEqual(new URLSearchParams(Object.create({ inherited: 'x' }, { own: { value: 'y', enumerable: true }, hidden: { value: 'z' } })).toString(),
                'own=y', 'record of own enumerable properties');
    expectEqual(new URLSearchParams({ '\uD835x': '1', xx: '2', '\uD83Dx': '3' }).toString(), '%EF%BF%BDx=3&xx=2', 'record keys as USVStrings');
    expectTypeError(function () { new URLSearchParams(DOMException.prototype); }, 'record whose getter throws');
    expectEqual(new URLSearchParams('a=\uD800').get('a'), '\uFFFD', 'lone surrogate in a string');
    expectEqual(new URLSearchParams([['\uDC00', '\uD800\uDC00']]).toString(), '%EF%BF%BD=%F0%90%80%80', 'lone surrogate in a pair');
    return failures;
}

function checkMethods() {
    failures = [];
    var params = new URLSearchParams('a=1&b=2&a=3&c');
    expectEqual(params.get('a'), '1', 'get first');
    expectEqual(params.get('x'), null, 'get missing');
    expectEqual(params.getAll('a').join(), '1,3', 'getAll');
    expectEqual(params.getAll('x').length, 0, 'getAll missing');
    expectEqual(params.has('c'), true, 'has');
    expectEqual(params.has('a', '3'), true, 'has with value');
    expectEqual(params.has('a', '2'), false, 'has with another value');
    expectEqual(params.has('a', undefined), true, 'has with undefined value');
    params.delete('a', '1');
    expectEqual(params.toString(), 'b=2&a=3&c=', 'delete with value');
    params.delete('a', undefined);
    expectEqual(params.toString(), 'b=2&c=', 'delete with undefined value');
    params.append('b', '4');
    params.append('d', '5');
    params.set('b', '6');
    expectEqual(params.toString(), 'b=6&c=&d=5', 'set replaces the first and removes the others');
    params.set('e', '7');
    expectEqual(params.toString(), 'b=6&c=&d=5&e=7', 'set appends');
    expectEqual(params.size, 4, 'size');
    expectTypeError(function () { params.append('x'); }, 'append with one argument');
    expectTypeError(function () { params.get(); }, 'get without argument');
    expectTypeError(function () { URLSearchParams.prototype.get.call({}, 'a'); }, 'method on a plain object');
    return failures;
}

function checkSort() {
    failures = [];
    // urlsearchparams-sort.any.js
    [
        ['z=b&a=b&z=a&a=a', [['a', 'b'], ['a', 'a'], ['z', 'b'], ['z', 'a']]],
        ['\uFFFD=x&\uFFFC&\uFFFD=a', [['\uFFFC', ''], ['\uFFFD', 'x'], ['\uFFFD', 'a']]],
        ['\uFB03&\uD83C\uDF08', [['\uD83C\uDF08', ''], ['\uFB03', '']]],
        ['\u00E9&e\uFFFD&e\u0301', [['e\u0301', ''], ['e\uFFFD', ''], ['\u00E9', '']]],
        ['z=z&a=a&z=y&a=b&z=x&a=c&z=w&a=d&z=v&a=e&z=u&a=f&z=t&a=g',
         [['a', 'a'], ['a', 'b'], ['a', 'c'], ['a', 'd'], ['a', 'e'], ['a', 'f'], ['a', 'g'],
          ['z', 'z'], ['z', 'y'], ['z', 'x'], ['z', 'w'], ['z', 'v'], ['z', 'u'], ['z', 't']]],
        ['bbb&bb&aaa&aa=x&aa=y', [['aa', 'x'], ['aa', 'y'], ['aaa', ''], ['bb', ''], ['bbb', '']]],
        ['z=z&=f&=t&=x', [['', 'f'], ['', 't'], ['', 'x'], ['z', 'z']]],
        ['a\uD83C\uDF08&a\uD83D\uDCA9', [['a\uD83C\uDF08', ''], ['a\uD83D\uDCA9', '']]],
        ['\uFFFD=1&\uD83D\uDE00=2&\uFFFD=3&\uD83D\uDE00=4', [['\uD83D\uDE00', '2'], ['\uD83D\uDE00', '4'], ['\uFFFD', '1'], ['\uFFFD', '3']]]
    ].forEach(function (test) {
        var params = new URLSearchParams(test[0]);
        params.sort();
        expectEqual(JSON.stringify(entriesOf(params)), JSON.stringify(test[1]), 'sort ' + JSON.stringify(test[0]));
        var url = new URL('http://example.com/?' + test[0]);
        url.searchParams.sort();
        expectEqual(JSON.stringify(entriesOf(new URLSearchParams(url.search))), JSON.stringify(test[1]), 'URL sort ' + JSON.stringify(test[0]));
    });
    var empty = new URL('http://example.com/?');
    empty.searchParams.sort();
    expectEqual(empty.href, 'http://example.com/', 'sorting an empty list nulls the query');
    return failures;
}

function checkLiveIteration() {
    failures = [];
    var params = new URLSearchParams('a=1&b=2&c=3');
    var keys = params.keys();
    expectEqual(keys.next().value, 'a', 'first key');
    params.delete('a');
    expectEqual(keys.next().value, 'c', 'a deletion before the index shifts the list');
    params.append('d', '4');
    expectEqual(keys.next().value, 'd', 'appended during iteration');
    var end = keys.next();
    expectEqual(end.done, true, 'done');
    expectEqual(end.value, undefined, 'done value');
    params.append('e', '5');
    expectEqual(keys.next().value, 'e', 'appended after the end');
    var values = params.values();
    expectEqual(values.next().value, '2', 'values');
    var entry = params[Symbol.iterator]().next();
    expectEqual(JSON.stringify(entry), '{"value":["b","2"],"done":false}', '@@iterator gives entries');
    expectEqual(params[Symbol.iterator], params.entries, '@@iterator is entries');
    expectEqual(values[Symbol.iterator](), values, 'an iterator is its own iterable');
    expectTypeError(function () { Object.create(values).next(); }, 'next on an object inheriting from an iterator');
    // urlsearchparams-foreach.any.js: deleting the next parameter during iteration.
    var url = new URL('http://localhost/query?param0=0&param1=1&param2=2');
    var seen = [];
    url.searchParams.forEach(function (value, name, object) {
        if (name === 'param0')
            url.searchParams.delete('param1');
        expectEqual(object, url.searchParams, 'forEach third argument');
        expectEqual(this.tag, 'thisArg', 'forEach thisArg');
        seen.push(name + '=' + value);
    }, { tag: 'thisArg' });
    expectEqual(seen.join('&'), 'param0=0&param2=2', 'forEach sees deletions');
    var appended = [];
    var growing = new URLSearchParams('a=1');
    growing.forEach(function (value, name) {
        appended.push(name);
        if (appended.length < 3)
            growing.append(name + name, value);
    });
    expectEqual(appended.join(), 'a,aa,aaaa', 'forEach sees appends');
    expectTypeError(function () { growing.forEach(null); }, 'forEach without a callback');
    return failures;
}

function checkUpdateSteps() {
    failures = [];
    var url = new URL('http://example.com/?a=1#fragment');
    url.searchParams.append('b', '2 3');
    expectEqual(url.href, 'http://example.com/?a=1&b=2+3#fragment', 'append updates the query');
    url.searchParams.delete('a');
    url.searchParams.delete('b');
    expectEqual(url.href, 'http://example.com/#fragment', 'an empty list makes the query null');
    url.search = '?x=1&x=2';
    expectEqual(url.searchParams.getAll('x').join(), '1,2', 'search setter updates the list');
    url.search = '';
    expectEqual(url.searchParams.size, 0, 'empty search empties the list');
    url.href = 'http://example.com/?h=1';
    expectEqual(url.searchParams.get('h'), '1', 'href setter updates the list');
    url.href = 'http://example.com/';
    expectEqual(url.searchParams.size, 0, 'href setter without query empties the list');
    url.searchParams.set('q', 'v');
    expectEqual(url.search, '?q=v', 'set updates the query');
    url.hash = 'h';
    expectEqual(url.searchParams.get('q'), 'v', 'other setters leave the list');
    // urlsearchparams-delete.any.js: potentially strip trailing spaces from an opaque path.
    var opaque = new URL('data:space    ?query');
    opaque.searchParams.delete('query');
    expectEqual(opaque.href, 'data:space', 'trailing spaces stripped');
    var withFragment = new URL('data:space    ?query#fragment');
    withFragment.searchParams.delete('query');
    expectEqual(withFragment.href, 'data:space    #fragment', 'trailing spaces kept before a fragment');
    var special = new URL('http://example.com/');
    special.searchParams.set('k', '\'');
    expectEqual(special.search, '?k=%27', 'the serialization is the query');
    return failures;
}

function checkEncoding() {
    failures = [];
    var params = new URLSearchParams('a=b+c&d=e%20f&g=%zz&h=%2B&i=%C3%A9');
    expectEqual(params.get('a'), 'b c', '+ is a space');
    expectEqual(params.get('d'), 'e f', '%20 is a space');
    expectEqual(params.get('g'), '%zz', 'an invalid escape is kept');
    expectEqual(params.get('h'), '+', '%2B is a plus');
    expectEqual(params.get('i'), '\u00E9', 'UTF-8 is decoded');
    expectEqual(params.toString(), 'a=b+c&d=e+f&g=%25zz&h=%2B&i=%C3%A9', 'serialization');
    expectEqual(new URLSearchParams({ 'a b': 'c+d', '\u00E9': '\uD83D\uDE00', '*-._': '~!' }).toString(),
                'a+b=c%2Bd&%C3%A9=%F0%9F%98%80&*-._=%7E%21', 'serialization of spaces, plus signs and non-ASCII');
    var url = new URL('http://example.com/?q=a%20b');
    expectEqual(url.searchParams.get('q'), 'a b', '%20 in a URL');
    url.searchParams.set('q', 'a b');
    expectEqual(url.search, '?q=a+b', 'a space becomes + in the URL');
    return failures;
}

function checkSearchParamsIdentity() {
    failures = [];
    var url = new URL('http://example.com/?a=b');
    var params = url.searchParams;
    expectEqual(url.searchParams, params, 'the same object each time');
    expectEqual(params instanceof URLSearchParams, true, 'a URLSearchParams');
    url.href = 'http://example.com/?c=d';
    expectEqual(url.searchParams, params, 'the same object after href is set');
    expectEqual(params.get('c'), 'd', 'and it has the new query');
    url.search = 'e=f';
    expectEqual(url.searchParams, params, 'the same object after search is set');
    expectEqual(new URL('http://example.com/').searchParams === params, false, 'another URL has another object');
    expectEqual(URL.parse('http://a/?x=1').searchParams.get('x'), '1', 'URL.parse links a query object');
    var detached = new URLSearchParams(params);
    detached.append('g', 'h');
    expectEqual(url.search, '?e=f', 'a copy is not linked');
    return failures;
}
)js";

// The WPT files hold lone surrogate escapes (\uD800) that Boost.JSON does not accept: each
// surrogate escape's backslash is escaped, so the string holds the text "\uD800", and the harness
// turns that text back into code units (the files spell no literal "\u" text).
std::string hide_surrogate_escapes(std::string_view json)
{
    std::string out;
    out.reserve(json.size());
    for (size_t i = 0; i < json.size(); ++i) {
        out += json[i];
        if (json[i] != '\\' || i + 1 == json.size())
            continue;
        std::string_view escape = json.substr(i + 1, 3);
        bool surrogate = escape.size() == 3 && escape[0] == 'u' && (escape[1] == 'd' || escape[1] == 'D')
            && std::string_view("89abcdefABCDEF").find(escape[2]) != std::string_view::npos;
        out += surrogate ? '\\' : json[++i];
    }
    return out;
}

boost::json::value load_wpt_json(const std::string& name)
{
    std::string path = std::string(DUKNET_WPT_DATA_DIR) + "/url/" + name;
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot open " << path);
    std::stringstream contents;
    contents << file.rdbuf();
    return boost::json::parse(hide_surrogate_escapes(contents.str()));
}

// The JSON values the test files hold, as script values.
void push_json(duk_context* ctx, const boost::json::value& value)
{
    switch (value.kind()) {
    case boost::json::kind::string:
        bindings::push_utf8(ctx, value.get_string());
        break;
    case boost::json::kind::bool_:
        duk_push_boolean(ctx, value.get_bool());
        break;
    case boost::json::kind::null:
        duk_push_null(ctx);
        break;
    case boost::json::kind::object:
        duk_push_object(ctx);
        for (const auto& [key, member] : value.get_object()) {
            bindings::push_utf8(ctx, key);
            push_json(ctx, member);
            duk_put_prop(ctx, -3);
        }
        break;
    default:
        FAIL("unexpected JSON value " << value);
    }
}

std::string joined(const std::vector<std::string>& lines)
{
    std::string text;
    for (const auto& line : lines)
        text += line + '\n';
    return text;
}

// A script runtime with the harness loaded.
class ScriptFixture {
public:
    ScriptFixture()
        : m_runtime(std::make_shared<net::IoThread>(), bindings::RuntimeOptions {})
    {
        duk_context* ctx = m_runtime.context();
        if (duk_peval_string(ctx, harness) != DUK_EXEC_SUCCESS)
            FAIL("harness: " << duk_safe_to_string(ctx, -1));
        duk_pop(ctx);
    }

    // Calls the harness function `name` with the arguments; returns the failures it reports.
    template<typename... Arguments>
    std::vector<std::string> check(const char* name, const Arguments&... arguments)
    {
        duk_context* ctx = m_runtime.context();
        duk_get_global_string(ctx, name);
        (push_json(ctx, arguments), ...);
        std::vector<std::string> failures;
        if (duk_pcall(ctx, duk_idx_t(sizeof...(arguments))) != DUK_EXEC_SUCCESS) {
            failures.push_back(std::string(name) + " threw " + duk_safe_to_string(ctx, -1));
        } else {
            for (duk_uarridx_t i = 0; i < duk_get_length(ctx, -1); ++i) {
                duk_get_prop_index(ctx, -1, i);
                failures.push_back(bindings::to_utf8(ctx, -1));
                duk_pop(ctx);
            }
        }
        duk_pop(ctx);
        return failures;
    }

private:
    bindings::Runtime m_runtime;
};

} // namespace

TEST_CASE("URL bindings: every urltestdata.json case through new URL, URL.canParse, URL.parse and href")
{
    ScriptFixture fixture;
    size_t cases = 0, passed = 0;
    auto tests = load_wpt_json("urltestdata.json");
    for (const auto& test : tests.as_array()) {
        if (test.is_string())
            continue;
        ++cases;
        auto failures = fixture.check("checkURLTest", test);
        CHECK_MESSAGE(failures.empty(), joined(failures));
        passed += failures.empty();
    }
    MESSAGE("urltestdata.json: " << passed << " of " << cases << " cases passed");
    CHECK(cases > 800);
}

TEST_CASE("URL bindings: every setters_tests.json case through the setters")
{
    ScriptFixture fixture;
    size_t cases = 0, passed = 0;
    auto tests_by_attribute = load_wpt_json("setters_tests.json");
    for (const auto& [attribute, tests] : tests_by_attribute.as_object()) {
        if (attribute == "comment")
            continue;
        for (const auto& test : tests.as_array()) {
            ++cases;
            auto failures = fixture.check("checkSetterTest", boost::json::value(attribute), test);
            CHECK_MESSAGE(failures.empty(), joined(failures));
            passed += failures.empty();
        }
    }
    MESSAGE("setters_tests.json: " << passed << " of " << cases << " cases passed");
    CHECK(cases > 250);
}

TEST_CASE("URL bindings: the URL class")
{
    ScriptFixture fixture;
    auto failures = fixture.check("checkURLClass");
    CHECK_MESSAGE(failures.empty(), joined(failures));
}

TEST_CASE("URLSearchParams bindings")
{
    ScriptFixture fixture;
    for (const char* check : { "checkConstructorForms", "checkMethods", "checkSort", "checkLiveIteration",
             "checkUpdateSteps", "checkEncoding", "checkSearchParamsIdentity" }) {
        CAPTURE(check);
        auto failures = fixture.check(check);
        CHECK_MESSAGE(failures.empty(), joined(failures));
    }
}
