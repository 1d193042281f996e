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
    // The length the body will have, when the response says (0: unknown). The first chunk then
    // makes a buffer of that size, which the body fills without growing it.
    void expect_length(uint64_t length) { m_expected_length = length; }
    // `owner` is the heap pointer of the object that holds the buffer.
    void append(duk_context*, void* owner, const net::Bytes&);
    // Gives back the spare capacity: once the whole body is in, or before the bytes so far are
    // handed on (a buffer made at the expected length is then copied to their length).
    void trim(duk_context*, void* owner);
    // Starts over with a new buffer: views of the old one keep their bytes.
    void clear(duk_context*, void* owner);
    // Valid while the owner holds the buffer and nothing is appended.
    std::string_view view(duk_context*, void* owner) const;
    // Pushes the buffer; its first size() bytes are the received bytes.
    void push_buffer(duk_context*, void* owner) const;

private:
    uint8_t* push_new_buffer(duk_context*, uint64_t needed);
    void populate_ahead(uint8_t* data, uint64_t capacity, uint64_t needed);

    uint64_t m_length = 0;
    uint64_t m_expected_length = 0;
    // How much of a buffer made at the expected length has its pages populated.
    uint64_t m_populated = 0;
};

} // namespace duknet::bindings
