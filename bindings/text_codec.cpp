// TextEncoder and TextDecoder (https://encoding.spec.whatwg.org/#api), over net/encoding.h.
#include "bindings/blob.h"
#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/runtime.h"
#include "net/encoding.h"

#include <cstring>

namespace duknet::bindings {

namespace {

// A TextEncoder has no state: the value only brands its wrapper.
struct TextEncoderObject {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("textEncoder");
};

struct TextDecoderObject {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("textDecoder");
    net::Decoder decoder;
};

duk_ret_t text_encoder_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'TextEncoder': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
    duk_push_this(ctx);
    attach_native(ctx, -1, std::make_unique<TextEncoderObject>());
    return 0;
}

// https://encoding.spec.whatwg.org/#dom-textencoder-encoding
duk_ret_t text_encoder_encoding(duk_context* ctx)
{
    this_native<TextEncoderObject>(ctx);
    duk_push_string(ctx, "utf-8");
    return 1;
}

// https://encoding.spec.whatwg.org/#dom-textencoder-encode
duk_ret_t text_encoder_encode(duk_context* ctx)
{
    this_native<TextEncoderObject>(ctx);
    // input is a USVString, "" by default; its UTF-8 encoding, in a new Uint8Array.
    std::string bytes = duk_is_undefined(ctx, 0) ? std::string() : to_utf8(ctx, 0);
    push_buffer_copy(ctx, bytes, DUK_BUFOBJ_UINT8ARRAY);
    return 1;
}

// The length of the UTF-8 sequence that starts with `lead` (valid UTF-8).
size_t utf8_sequence_length(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// https://encoding.spec.whatwg.org/#dom-textencoder-encodeinto
duk_ret_t text_encoder_encode_into(duk_context* ctx)
{
    this_native<TextEncoderObject>(ctx);
    require_arguments(ctx, "TextEncoder", "encodeInto", 2);
    std::string source = to_utf8(ctx, 0);
    duk_get_global_string(ctx, "Uint8Array");
    bool is_uint8_array = duk_is_buffer_data(ctx, 1) && duk_instanceof(ctx, 1, -1);
    duk_pop(ctx);
    if (!is_uint8_array)
        throw_type_error(ctx, "Failed to execute 'encodeInto' on 'TextEncoder': parameter 2 is not of type 'Uint8Array'.");
    duk_size_t capacity = 0;
    auto* destination = static_cast<char*>(duk_get_buffer_data(ctx, 1, &capacity));
    // 1-2. Let read and written be 0.
    double read = 0;
    size_t written = 0;
    // 3-5. For each scalar value of source (its UTF-8 sequence), while destination has room for
    //      all of its bytes: read counts its UTF-16 code units (2 above U+FFFF), written its bytes.
    for (size_t position = 0; position < source.size();) {
        size_t length = utf8_sequence_length(static_cast<unsigned char>(source[position]));
        if (capacity - written < length)
            break;
        std::memcpy(destination + written, source.data() + position, length);
        read += length == 4 ? 2 : 1;
        written += length;
        position += length;
    }
    // 6. Return «[ "read" → read, "written" → written ]».
    duk_push_object(ctx);
    duk_push_number(ctx, read);
    duk_put_prop_string(ctx, -2, "read");
    duk_push_number(ctx, double(written));
    duk_put_prop_string(ctx, -2, "written");
    return 1;
}

// https://encoding.spec.whatwg.org/#dom-textdecoder
duk_ret_t text_decoder_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'TextDecoder': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
    duk_set_top(ctx, 2);
    std::string label = duk_is_undefined(ctx, 0) ? std::string("utf-8") : to_utf8(ctx, 0);
    // TextDecoderOptions: fatal and ignoreBOM, false by default.
    bool fatal = false, ignore_bom = false;
    if (is_dictionary(ctx, 1, "TextDecoder", "constructor")) {
        duk_get_prop_string(ctx, 1, "fatal");
        fatal = duk_to_boolean(ctx, -1);
        duk_get_prop_string(ctx, 1, "ignoreBOM");
        ignore_bom = duk_to_boolean(ctx, -1);
        duk_pop_2(ctx);
    }
    // 1. Let encoding be the result of getting an encoding from label.
    auto encoding = net::get_an_encoding(label);
    // 2. If encoding is failure or replacement, then throw a RangeError.
    if (!encoding || encoding->id() == net::Encoding::Id::Replacement) {
        push_utf8(ctx, "Failed to construct 'TextDecoder': The encoding label provided ('" + label + "') is invalid.");
        duk_push_error_object(ctx, DUK_ERR_RANGE_ERROR, "%s", duk_get_string(ctx, -1));
        duk_throw(ctx);
    }
    // 3. Set this's encoding to encoding.
    // 4. If options["fatal"] is true, then set this's error mode to "fatal".
    // 5. Set this's ignore BOM to options["ignoreBOM"].
    duk_push_this(ctx);
    attach_native(ctx, -1, std::make_unique<TextDecoderObject>(TextDecoderObject {
        encoding->new_decoder(fatal ? net::ErrorMode::Fatal : net::ErrorMode::Replacement, ignore_bom) }));
    return 0;
}

// https://encoding.spec.whatwg.org/#dom-textdecoder-encoding: the name, ASCII lowercased.
duk_ret_t text_decoder_encoding(duk_context* ctx)
{
    std::string name(this_native<TextDecoderObject>(ctx).decoder.encoding().name());
    for (char& c : name) {
        if (c >= 'A' && c <= 'Z')
            c = char(c + ('a' - 'A'));
    }
    duk_push_lstring(ctx, name.data(), name.size());
    return 1;
}

duk_ret_t text_decoder_fatal(duk_context* ctx)
{
    duk_push_boolean(ctx, this_native<TextDecoderObject>(ctx).decoder.error_mode() == net::ErrorMode::Fatal);
    return 1;
}

duk_ret_t text_decoder_ignore_bom(duk_context* ctx)
{
    duk_push_boolean(ctx, this_native<TextDecoderObject>(ctx).decoder.ignore_bom());
    return 1;
}

// https://encoding.spec.whatwg.org/#dom-textdecoder-decode
duk_ret_t text_decoder_decode(duk_context* ctx)
{
    net::Decoder& decoder = this_native<TextDecoderObject>(ctx).decoder;
    // input: an optional BufferSource; options: TextDecodeOptions, stream false by default.
    if (!duk_is_undefined(ctx, 0) && !duk_is_buffer_data(ctx, 0))
        throw_type_error(ctx, "Failed to execute 'decode' on 'TextDecoder': The provided value is not of type '(ArrayBuffer or ArrayBufferView)'.");
    bool stream = false;
    if (is_dictionary(ctx, 1, "TextDecoder", "decode")) {
        duk_get_prop_string(ctx, 1, "stream");
        stream = duk_to_boolean(ctx, -1);
        duk_pop(ctx);
    }
    // 1-4. Reset the decoder unless the last call streamed; push a copy of input's bytes.
    // 5. Process them; an error in fatal mode throws a TypeError.
    auto output = decoder.decode(buffer_source_bytes(ctx, 0).value_or(std::string_view()), stream);
    if (!output)
        throw_type_error(ctx, "Failed to execute 'decode' on 'TextDecoder': The encoded data was not valid for encoding "
                + std::string(decoder.encoding().name()) + ".");
    push_utf8(ctx, *output);
    return 1;
}

} // namespace

void install_text_codec(Runtime& runtime)
{
    duk_context* ctx = runtime.context();

    define_class(ctx, "TextEncoder", text_encoder_constructor, 0, nullptr);
    define_accessor(ctx, -1, "encoding", text_encoder_encoding);
    define_method(ctx, -1, "encode", text_encoder_encode, 1, 0);
    define_method(ctx, -1, "encodeInto", text_encoder_encode_into, DUK_VARARGS, 2);
    define_to_string_tag(ctx, -1, "TextEncoder");
    duk_pop(ctx);

    define_class(ctx, "TextDecoder", text_decoder_constructor, 0, nullptr);
    define_accessor(ctx, -1, "encoding", text_decoder_encoding);
    define_accessor(ctx, -1, "fatal", text_decoder_fatal);
    define_accessor(ctx, -1, "ignoreBOM", text_decoder_ignore_bom);
    define_method(ctx, -1, "decode", text_decoder_decode, 2, 0);
    define_to_string_tag(ctx, -1, "TextDecoder");
    duk_pop(ctx);
}

} // namespace duknet::bindings
