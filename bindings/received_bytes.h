// A response body as it arrives, for XMLHttpRequest and fetch(): the bytes grow in a Duktape
// buffer kept on a script object (a wrapper, a fetch handle), so that the finished body becomes
// an ArrayBuffer or Uint8Array without a copy.
// Thread: the thread of the heap that holds the owner object.
#pragma once

#include "net/http.h"

#include <duktape.h>

#include <cstdint>
#include <string_view>

namespace duknet::bindings {

class ReceivedBytes {
public:
    uint64_t size() const { return m_length; }
    // `owner` is the heap pointer of the object that holds the buffer.
    void append(duk_context*, void* owner, const net::Bytes&);
    // Gives back the spare capacity, once the whole body is in.
    void trim(duk_context*, void* owner);
    // Starts over with a new buffer: views of the old one keep their bytes.
    void clear(duk_context*, void* owner);
    // Valid while the owner holds the buffer and nothing is appended.
    std::string_view view(duk_context*, void* owner) const;
    // Pushes the buffer; its first size() bytes are the received bytes.
    void push_buffer(duk_context*, void* owner) const;

private:
    uint64_t m_length = 0;
};

} // namespace duknet::bindings
