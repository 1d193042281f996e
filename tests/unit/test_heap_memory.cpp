// Unit tests of bindings/heap_memory: a body read whole into a net::BodyBlock becomes a Duktape
// buffer without a copy, and the heap frees it as its own (the sanitizer builds check the free);
// through a runtime, from the socket to script.
#include "bindings/heap_memory.h"
#include "bindings/runtime.h"
#include "net/io_thread.h"
#include "scenario_server_process.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

using namespace duknet;
using bindings::HeapMemory;

TEST_CASE("a body block becomes a buffer of the heap in place, and the heap frees it")
{
    HeapMemory memory;
    duk_context* ctx = duk_create_heap(HeapMemory::allocate, HeapMemory::reallocate, HeapMemory::release, &memory, nullptr);
    REQUIRE(ctx);
    memory.measure_fixed_buffer_header(ctx);
    REQUIRE(memory.block_headroom());

    constexpr size_t length = 3 * 1024 * 1024;
    auto block = net::BodyBlock::allocate(*memory.block_headroom(), length);
    REQUIRE(block);
    std::memset(block->prepare_write(0, length), 'x', length);
    block->data()[length - 1] = 'y';
    const uint8_t* body = block->data();
    REQUIRE(HeapMemory::push_block_as_buffer(ctx, *block));
    duk_size_t size = 0;
    CHECK(duk_get_buffer(ctx, -1, &size) == body);
    CHECK(size == length);
    CHECK(block->allocation() == nullptr);
    block.reset();

    // Script reads it through an ArrayBuffer, after a collection.
    duk_push_buffer_object(ctx, -1, 0, length, DUK_BUFOBJ_ARRAYBUFFER);
    duk_put_global_string(ctx, "body");
    duk_pop(ctx);
    duk_gc(ctx, 0);
    duk_eval_string(ctx, "var bytes = new Uint8Array(body); String.fromCharCode(bytes[0], bytes[12345], bytes[bytes.length - 1]) + body.byteLength");
    CHECK(std::string(duk_get_string(ctx, -1)) == "xxy3145728");
    duk_pop(ctx);

    // A block whose headroom is not the header's stays the caller's.
    auto other = net::BodyBlock::allocate(*memory.block_headroom() + 8, 100);
    REQUIRE(other);
    duk_idx_t top = duk_get_top(ctx);
    CHECK_FALSE(HeapMemory::push_block_as_buffer(ctx, *other));
    CHECK(duk_get_top(ctx) == top);
    CHECK(other->allocation() != nullptr);
    duk_destroy_heap(ctx);
}

TEST_CASE("a heap with other allocation functions takes no block")
{
    duk_context* ctx = duk_create_heap_default();
    REQUIRE(ctx);
    auto block = net::BodyBlock::allocate(64, 100);
    REQUIRE(block);
    CHECK_FALSE(HeapMemory::push_block_as_buffer(ctx, *block));
    CHECK(duk_get_top(ctx) == 0);
    CHECK(block->allocation() != nullptr);
    duk_destroy_heap(ctx);
}

TEST_CASE("a runtime measures the header of its heap's buffers: the headroom its loads ask for")
{
    bindings::Runtime runtime(std::make_shared<net::IoThread>(), {});
    HeapMemory memory;
    duk_context* ctx = duk_create_heap(HeapMemory::allocate, HeapMemory::reallocate, HeapMemory::release, &memory, nullptr);
    memory.measure_fixed_buffer_header(ctx);
    duk_destroy_heap(ctx);
    REQUIRE(memory.block_headroom());
    CHECK(runtime.body_block_headroom() == memory.block_headroom());
}

TEST_CASE("large bodies that XHR and fetch read whole become their ArrayBuffers; a streamed one does not")
{
    ScenarioServerProcess server;
    bindings::RuntimeOptions options;
    options.document_url = net::URL::parse(server.url("/"));
    std::vector<std::string> lines;
    options.console_sink = [&](std::string_view, std::string_view line) { lines.emplace_back(line); };
    bindings::Runtime runtime(std::make_shared<net::IoThread>(), std::move(options));
    duk_memory_functions functions;
    duk_get_memory_functions(runtime.context(), &functions);
    const auto& memory = *static_cast<const HeapMemory*>(functions.udata);

    // The last byte of /bytes/3000000 is 'a' + 2999999 % 26, 'p'.
    REQUIRE(runtime.evaluate(R"js(
        var xhr = new XMLHttpRequest();
        xhr.open('GET', '/bytes/3000000');
        xhr.responseType = 'arraybuffer';
        xhr.onload = function () { console.log('xhr ' + xhr.response.byteLength + ' ' + String.fromCharCode(new Uint8Array(xhr.response)[2999999])); };
        xhr.send();
        fetch('/bytes/2000000').then(function (r) { return r.arrayBuffer(); }).then(function (b) { console.log('fetch ' + b.byteLength); });
    )js", "whole.js"));
    runtime.run();
    std::sort(lines.begin(), lines.end());
    CHECK(lines == std::vector<std::string> { "fetch 2000000", "xhr 3000000 p" });
    CHECK(memory.adopted_blocks() == 2);

    lines.clear();
    REQUIRE(runtime.evaluate(R"js(
        fetch('/bytes/2000000').then(function (r) {
            var reader = r.body.getReader(), total = 0;
            return (function read() {
                return reader.read().then(function (chunk) {
                    if (chunk.done)
                        return console.log('streamed ' + total);
                    total += chunk.value.byteLength;
                    return read();
                });
            })();
        });
    )js", "streamed.js"));
    runtime.run();
    CHECK(lines == std::vector<std::string> { "streamed 2000000" });
    CHECK(memory.adopted_blocks() == 2);
}
