// A response body as it arrives, for XMLHttpRequest and fetch(): the bytes grow in a Duktape
// buffer kept on a script object (a wrapper, a fetch handle), so that the finished body becomes
// an ArrayBuffer or Uint8Array without a copy. A body that comes in slices of one
// net::BodyBlock stays in the block, which becomes the buffer once the whole body is in.
// Thread: the thread of the heap that holds the owner object.
#pragma once

#include "net/bytes.h"

#include <duktape.h>

#include <cstdint>
#include <memory>
#include <string_view>

namespace duknet::bindings {

class ReceivedBytes {
public:
    uint64_t size() const { return m_length; }
    // `owner` is the heap pointer of the object that holds the buffer.
    void append(duk_context*, void* owner, net::BodyChunk);
    // Once the whole body is in, or before the bytes so far are handed on: the bytes settle in
    // a buffer of their length (the block itself, when it holds the whole body).
    void trim(duk_context*, void* owner);
    // Starts over with a new buffer: views of the old one keep their bytes.
    void clear(duk_context*, void* owner);
    // Valid while the owner holds the buffer and nothing is appended.
    std::string_view view(duk_context*, void* owner) const;
    // After trim(): pushes the buffer, whose first size() bytes are the received bytes.
    void push_buffer(duk_context*, void* owner) const;

private:
    void store_buffer(duk_context*, void* owner);
    void copy_out_of_block(duk_context*, void* owner);

    uint64_t m_length = 0;
    // While the body comes in slices of one block: the block, whose first m_length bytes are
    // the received bytes.
    std::shared_ptr<net::BodyBlock> m_block;
};

} // namespace duknet::bindings
