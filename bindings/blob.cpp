// Blob and File (https://w3c.github.io/FileAPI/). A Blob's bytes are one immutable buffer that
// its slices share.
#include "bindings/blob.h"

#include "bindings/globals.h"
#include "bindings/runtime.h"
#include "net/encoding.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

namespace duknet::bindings {

std::string_view BlobData::view() const
{
    if (!bytes)
        return {};
    return std::string_view(*bytes).substr(offset, size);
}

int64_t file_time_now()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// WebIDL helpers -------------------------------------------------------------------------------


namespace {

// What a Blob or File wrapper owns.
struct BlobObject {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("blob");
    BlobData data;
    std::optional<FileData> file;
};

void push_blob_object(duk_context* ctx, BlobObject object)
{
    duk_push_object(ctx);
    push_prototype(ctx, object.file ? "File" : "Blob");
    duk_set_prototype(ctx, -2);
    attach_native(ctx, -1, std::make_unique<BlobObject>(std::move(object)));
}

BlobData make_blob_data(std::string bytes, std::string type)
{
    size_t size = bytes.size();
    return BlobData { std::make_shared<const std::string>(std::move(bytes)), 0, size, std::move(type) };
}

// https://w3c.github.io/FileAPI/#dom-blob-blob step 3 (and File's 3.1, slice()'s 3): the type,
// ASCII lowercased, or "" when it has a code point outside U+0020..U+007E.
std::string normalize_type(duk_context* ctx, duk_idx_t index)
{
    duk_size_t length;
    const char* data = duk_to_lstring(ctx, index, &length);
    // Code units above U+007F take more than one byte in CESU-8, each at least 0x80.
    std::string type(data, length);
    for (char& c : type) {
        auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte > 0x7E)
            return {};
        if (byte >= 'A' && byte <= 'Z')
            c = char(byte + ('a' - 'A'));
    }
    return type;
}

// https://webidl.spec.whatwg.org/#es-long-long
int64_t to_long_long(duk_context* ctx, duk_idx_t index)
{
    constexpr double two_to_64 = 18446744073709551616.0, two_to_63 = 9223372036854775808.0;
    double x = duk_to_number(ctx, index);
    if (!std::isfinite(x))
        return 0;
    x = std::trunc(x);
    // x modulo 2^64 as a signed integer. Doubles of magnitude 2^63 and more are multiples of 2^11,
    // so that the arithmetic below is exact.
    if (std::fabs(x) < two_to_63)
        return static_cast<int64_t>(x);
    x = std::fmod(x, two_to_64);
    if (x < 0)
        x += two_to_64;
    if (x >= two_to_63)
        x -= two_to_64;
    return static_cast<int64_t>(x);
}

// https://webidl.spec.whatwg.org/#abstract-opdef-converttoint for a [Clamp] long long.
int64_t to_clamped_long_long(duk_context* ctx, duk_idx_t index)
{
    constexpr double bound = 9007199254740991.0; // 2^53 - 1
    double x = duk_to_number(ctx, index);
    if (std::isnan(x))
        return 0;
    // Round to the nearest integer, ties to even (the default rounding mode).
    return static_cast<int64_t>(std::nearbyint(std::clamp(x, -bound, bound)));
}

// A BlobPart converted from script: the bytes of a BufferSource or Blob, or a USVString's UTF-8
// (its line endings still to be converted).
struct BlobPart {
    std::string bytes;
    bool is_string = false;
};

// https://webidl.spec.whatwg.org/#es-union for (BufferSource or Blob or USVString).
BlobPart to_blob_part(duk_context* ctx, duk_idx_t index)
{
    if (const BlobData* blob = blob_of(ctx, index))
        return { std::string(blob->view()), false };
    if (auto bytes = buffer_source_bytes(ctx, index))
        return { std::string(*bytes), false };
    return { to_utf8(ctx, index), true };
}

// https://webidl.spec.whatwg.org/#es-sequence for sequence<BlobPart>. Duktape's arrays have no
// @@iterator: an array without one is read by index.
std::vector<BlobPart> to_blob_parts(duk_context* ctx, duk_idx_t index, const char* interface)
{
    index = duk_normalize_index(ctx, index);
    auto fail = [&] {
        throw_type_error(ctx, std::string("Failed to construct '") + interface
                + "': The provided value cannot be converted to a sequence.");
    };
    if (!duk_is_object(ctx, index))
        fail();
    std::vector<BlobPart> parts;
    duk_get_prop_string(ctx, index, DUK_WELLKNOWN_SYMBOL("Symbol.iterator"));
    if (duk_is_undefined(ctx, -1) && duk_is_array(ctx, index)) {
        duk_pop(ctx);
        duk_size_t length = duk_get_length(ctx, index);
        for (duk_size_t i = 0; i < length; ++i) {
            duk_get_prop_index(ctx, index, duk_uarridx_t(i));
            parts.push_back(to_blob_part(ctx, -1));
            duk_pop(ctx);
        }
        return parts;
    }
    if (!duk_is_callable(ctx, -1))
        fail();
    // https://tc39.es/ecma262/#sec-getiterator, then IteratorStep until done. Exceptions of the
    // iterator propagate to the constructor's caller, as WebIDL says.
    duk_dup(ctx, index);
    duk_call_method(ctx, 0);
    if (!duk_is_object(ctx, -1))
        throw_type_error(ctx, "Result of the Symbol.iterator method is not an object");
    duk_get_prop_string(ctx, -1, "next");
    for (;;) {
        duk_dup(ctx, -1);
        duk_dup(ctx, -3);
        duk_call_method(ctx, 0);
        if (!duk_is_object(ctx, -1))
            throw_type_error(ctx, "Iterator result is not an object");
        duk_get_prop_string(ctx, -1, "done");
        bool done = duk_to_boolean(ctx, -1);
        duk_pop(ctx);
        if (done) {
            duk_pop_3(ctx);
            return parts;
        }
        duk_get_prop_string(ctx, -1, "value");
        parts.push_back(to_blob_part(ctx, -1));
        duk_pop_2(ctx);
    }
}

// https://w3c.github.io/FileAPI/#dfn-BlobPropertyBag and #dfn-FilePropertyBag.
struct PropertyBag {
    std::string type;
    bool native_endings = false;
    std::optional<int64_t> last_modified;
};

// https://webidl.spec.whatwg.org/#es-dictionary: members in order, the inherited ones first.
PropertyBag to_property_bag(duk_context* ctx, duk_idx_t index, const char* interface)
{
    PropertyBag bag;
    if (!is_dictionary(ctx, index, interface, "constructor"))
        return bag;
    if (get_member(ctx, index, "endings")) {
        std::string endings = to_utf8(ctx, -1);
        if (endings != "transparent" && endings != "native")
            throw_type_error(ctx, std::string("Failed to construct '") + interface + "': The provided value '" + endings
                    + "' is not a valid enum value of type EndingType.");
        bag.native_endings = endings == "native";
    }
    duk_pop(ctx);
    if (get_member(ctx, index, "type"))
        bag.type = normalize_type(ctx, -1);
    duk_pop(ctx);
    if (std::string_view(interface) == "File") {
        if (get_member(ctx, index, "lastModified"))
            bag.last_modified = to_long_long(ctx, -1);
        duk_pop(ctx);
    }
    return bag;
}

// https://w3c.github.io/FileAPI/#convert-line-endings-to-native
std::string convert_line_endings_to_native(std::string_view s)
{
    // 1. Let native line ending be U+000A LF (this is no Windows build).
    // 2-5. Each CR LF, lone CR and lone LF becomes native line ending.
    std::string result;
    result.reserve(s.size());
    for (size_t position = 0; position < s.size(); ++position) {
        if (s[position] == '\r') {
            result += '\n';
            if (position + 1 < s.size() && s[position + 1] == '\n')
                ++position;
        } else {
            result += s[position];
        }
    }
    return result;
}

// https://w3c.github.io/FileAPI/#process-blob-parts
std::string process_blob_parts(const std::vector<BlobPart>& parts, const PropertyBag& options)
{
    // 1. Let bytes be an empty sequence of bytes.
    std::string bytes;
    // 2. For each element in parts: a string (already UTF-8 encoded) has its line endings
    //    converted when endings is "native"; a BufferSource's or Blob's bytes are appended.
    for (const BlobPart& part : parts)
        bytes += part.is_string && options.native_endings ? convert_line_endings_to_native(part.bytes) : part.bytes;
    // 3. Return bytes.
    return bytes;
}

// https://w3c.github.io/FileAPI/#constructorBlob
duk_ret_t blob_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'Blob': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
    duk_set_top(ctx, 2);
    // 1. If invoked with zero parameters, return a new Blob of 0 bytes with type "".
    std::vector<BlobPart> parts;
    if (!duk_is_undefined(ctx, 0))
        parts = to_blob_parts(ctx, 0, "Blob");
    PropertyBag options = to_property_bag(ctx, 1, "Blob");
    // 2. Let bytes be the result of processing blob parts given blobParts and options.
    // 3. The type member, normalized (by to_property_bag).
    // 4. Return a Blob object referring to bytes as its associated byte sequence, with its size
    //    set to the length of bytes, and its type set to the value of t.
    duk_push_this(ctx);
    attach_native(ctx, -1, std::make_unique<BlobObject>(BlobObject {
        make_blob_data(process_blob_parts(parts, options), std::move(options.type)), std::nullopt }));
    return 0;
}

// https://w3c.github.io/FileAPI/#file-constructor
duk_ret_t file_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'File': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
    require_arguments(ctx, "File", "constructor", 2);
    duk_set_top(ctx, 3);
    std::vector<BlobPart> parts = to_blob_parts(ctx, 0, "File");
    std::string name = to_utf8(ctx, 1);
    PropertyBag options = to_property_bag(ctx, 2, "File");
    // 1. Let bytes be the result of processing blob parts given fileBits and options.
    // 2. Let n be the fileName argument.
    // 3. Process FilePropertyBag: the type, normalized (by to_property_bag); d is the
    //    lastModified member, or the current date and time.
    // 4. Return a new File object F such that F refers to the bytes byte sequence, F.size is set
    //    to the number of total bytes in bytes, F.name is set to n, F.type is set to t, and
    //    F.lastModified is set to d.
    duk_push_this(ctx);
    attach_native(ctx, -1, std::make_unique<BlobObject>(BlobObject {
        make_blob_data(process_blob_parts(parts, options), std::move(options.type)),
        FileData { std::move(name), options.last_modified.value_or(file_time_now()) } }));
    return 0;
}

duk_ret_t blob_size(duk_context* ctx)
{
    duk_push_number(ctx, double(this_native<BlobObject>(ctx).data.size));
    return 1;
}

duk_ret_t blob_type(duk_context* ctx)
{
    // The type is ASCII: its bytes are the same in CESU-8.
    const std::string& type = this_native<BlobObject>(ctx).data.type;
    duk_push_lstring(ctx, type.data(), type.size());
    return 1;
}

// https://w3c.github.io/FileAPI/#slice-method-algo steps 1-2: relativeStart or relativeEnd.
int64_t relative_position(duk_context* ctx, duk_idx_t index, int64_t size, int64_t if_undefined)
{
    if (duk_is_undefined(ctx, index))
        return if_undefined;
    int64_t position = to_clamped_long_long(ctx, index);
    return position < 0 ? std::max<int64_t>(size + position, 0) : std::min(position, size);
}

// https://w3c.github.io/FileAPI/#dfn-slice
duk_ret_t blob_slice(duk_context* ctx)
{
    const BlobData& blob = this_native<BlobObject>(ctx).data;
    auto size = static_cast<int64_t>(blob.size);
    // 1. relativeStart: 0 if start is not given; max(size + start, 0) if negative; else min(start, size).
    int64_t relative_start = relative_position(ctx, 0, size, 0);
    // 2. relativeEnd likewise, size if end is not given.
    int64_t relative_end = relative_position(ctx, 1, size, size);
    // 3. relativeContentType: "" if contentType is not given, else normalized as the constructor does.
    std::string relative_content_type = duk_is_undefined(ctx, 2) ? std::string() : normalize_type(ctx, 2);
    // 4. Let span be max((relativeEnd - relativeStart), 0).
    int64_t span = std::max<int64_t>(relative_end - relative_start, 0);
    // 5. Return a new Blob of the span bytes from relativeStart, with type relativeContentType.
    push_blob(ctx, BlobData { blob.bytes, blob.offset + size_t(relative_start), size_t(span), std::move(relative_content_type) });
    return 1;
}

// text(), arrayBuffer() and bytes(): the bytes are all here, so the promise is resolved at once
// with the result of reading them all.
template<void (*push_result)(duk_context*, std::string_view)>
duk_ret_t blob_read(duk_context* ctx)
{
    push_result(ctx, this_native<BlobObject>(ctx).data.view());
    Runtime::from(ctx).push_promise_resolved_with(-1);
    return 1;
}

// https://w3c.github.io/FileAPI/#text-method-algo: UTF-8 decode.
void push_text(duk_context* ctx, std::string_view bytes)
{
    push_utf8(ctx, net::utf8_decode(bytes));
}

// https://w3c.github.io/FileAPI/#arraybuffer-method-algo: a new ArrayBuffer of the bytes.
void push_array_buffer(duk_context* ctx, std::string_view bytes)
{
    push_buffer_copy(ctx, bytes, DUK_BUFOBJ_ARRAYBUFFER);
}

// https://w3c.github.io/FileAPI/#bytes-method-algo: a new Uint8Array of the bytes.
void push_uint8_array(duk_context* ctx, std::string_view bytes)
{
    push_buffer_copy(ctx, bytes, DUK_BUFOBJ_UINT8ARRAY);
}

const FileData& this_file(duk_context* ctx)
{
    auto& object = this_native<BlobObject>(ctx);
    if (!object.file)
        throw_type_error(ctx, "Illegal invocation");
    return *object.file;
}

duk_ret_t file_name(duk_context* ctx)
{
    push_utf8(ctx, this_file(ctx).name);
    return 1;
}

duk_ret_t file_last_modified(duk_context* ctx)
{
    duk_push_number(ctx, double(this_file(ctx).last_modified));
    return 1;
}

} // namespace

const BlobData* blob_of(duk_context* ctx, duk_idx_t index)
{
    auto* object = native_of<BlobObject>(ctx, index);
    return object ? &object->data : nullptr;
}

const FileData* file_of(duk_context* ctx, duk_idx_t index)
{
    auto* object = native_of<BlobObject>(ctx, index);
    return object && object->file ? &*object->file : nullptr;
}

void push_blob(duk_context* ctx, BlobData data)
{
    push_blob_object(ctx, BlobObject { std::move(data), std::nullopt });
}

void push_file(duk_context* ctx, BlobData data, FileData file)
{
    push_blob_object(ctx, BlobObject { std::move(data), std::move(file) });
}

void install_blob(Runtime& runtime)
{
    duk_context* ctx = runtime.context();

    define_class(ctx, "Blob", blob_constructor, 0, nullptr);
    define_accessor(ctx, -1, "size", blob_size);
    define_accessor(ctx, -1, "type", blob_type);
    define_method(ctx, -1, "slice", blob_slice, 3, 0);
    define_method(ctx, -1, "text", blob_read<push_text>, 0, 0);
    define_method(ctx, -1, "arrayBuffer", blob_read<push_array_buffer>, 0, 0);
    define_method(ctx, -1, "bytes", blob_read<push_uint8_array>, 0, 0);
    define_to_string_tag(ctx, -1, "Blob");
    duk_pop(ctx);

    define_class(ctx, "File", file_constructor, 2, "Blob");
    define_accessor(ctx, -1, "name", file_name);
    define_accessor(ctx, -1, "lastModified", file_last_modified);
    define_to_string_tag(ctx, -1, "File");
    duk_pop(ctx);
}

} // namespace duknet::bindings
