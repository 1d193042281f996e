// Blob and File (https://w3c.github.io/FileAPI/): immutable bytes that slices share, for script
// and for the bodies of XMLHttpRequest and fetch. Also the link between a script object and the
// C++ value it carries, which Blob, FormData and TextDecoder share.
// Thread: the Runtime's thread.
#pragma once

#include "bindings/js.h"

#include <duktape.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace duknet::bindings {

class Runtime;

// https://w3c.github.io/FileAPI/#blob-section: `size` bytes at `offset` of a shared buffer.
struct BlobData {
    std::shared_ptr<const std::string> bytes;
    size_t offset = 0;
    size_t size = 0;
    // https://w3c.github.io/FileAPI/#dfn-type: ASCII lowercase, or "".
    std::string type;

    std::string_view view() const;
};

// https://w3c.github.io/FileAPI/#file-section: what a File adds to its Blob.
struct FileData {
    std::string name;
    // Milliseconds since the Unix epoch.
    int64_t last_modified = 0;
};

// The Blob (or File) at `index`, or null if the value is not one. Valid while that object lives.
const BlobData* blob_of(duk_context*, duk_idx_t);
// The File at `index`, or null if the value is not one.
const FileData* file_of(duk_context*, duk_idx_t);
// Pushes a new Blob; a new File.
void push_blob(duk_context*, BlobData);
void push_file(duk_context*, BlobData, FileData);
// The current time as File's lastModified default (https://w3c.github.io/FileAPI/#dom-file-file step 3.3).
int64_t file_time_now();

// Blob and File.
void install_blob(Runtime&);

// WebIDL helpers for the bindings of Blob, FormData, TextEncoder and TextDecoder ----------------
// A TypeError unless at least `count` arguments were passed ("Failed to execute ...").
void require_arguments(duk_context*, const char* interface, const char* operation, duk_idx_t count);
// https://webidl.spec.whatwg.org/#es-dictionary step 1: false for undefined and null (every
// member takes its default), true for an object, a TypeError otherwise.
bool is_dictionary(duk_context*, duk_idx_t, const char* interface, const char* operation);
// https://webidl.spec.whatwg.org/#es-dictionary step 4.1.3-4: pushes the member `name` of the
// dictionary object at `dictionary`; false when it is undefined (not present).
bool get_member(duk_context*, duk_idx_t dictionary, const char* name);
// https://webidl.spec.whatwg.org/#BufferSource: the bytes of the ArrayBuffer or view at `index`;
// nullopt if the value is neither. Valid until script runs again.
std::optional<std::string_view> buffer_source_bytes(duk_context*, duk_idx_t);
// Pushes a new ArrayBuffer (DUK_BUFOBJ_ARRAYBUFFER) or view (DUK_BUFOBJ_UINT8ARRAY...) over a
// copy of `bytes`.
void push_buffer_copy(duk_context*, std::string_view bytes, duk_uint_t buffer_object_type);
// Defines Symbol.toStringTag on the prototype at `prototype` (https://webidl.spec.whatwg.org/#dfn-class-string).
void define_to_string_tag(duk_context*, duk_idx_t prototype, const char* tag);

// Script objects that own a C++ value ----------------------------------------------------------
// T names the hidden property that holds its pointer: `static constexpr const char* hidden_key`.
// Only an own property counts: an object inheriting from a wrapper (Object.create) is no wrapper,
// and as Duktape's finalizers are inherited, it must not delete the value either.
template<typename T>
T* native_of(duk_context* ctx, duk_idx_t object)
{
    if (!duk_is_object(ctx, object))
        return nullptr;
    object = duk_normalize_index(ctx, object);
    duk_push_string(ctx, T::hidden_key);
    duk_get_prop_desc(ctx, object, 0);
    T* value = nullptr;
    if (duk_is_object(ctx, -1)) {
        duk_get_prop_string(ctx, -1, "value");
        value = static_cast<T*>(duk_get_pointer(ctx, -1));
        duk_pop(ctx);
    }
    duk_pop(ctx);
    return value;
}

// The object's finalizer deletes the value (it may run again if the object is resurrected: the
// pointer goes the first time).
template<typename T>
duk_ret_t finalize_native(duk_context* ctx)
{
    delete native_of<T>(ctx, 0);
    duk_del_prop_string(ctx, 0, T::hidden_key);
    return 0;
}

template<typename T>
void attach_native(duk_context* ctx, duk_idx_t object, std::unique_ptr<T> value)
{
    object = duk_normalize_index(ctx, object);
    duk_push_pointer(ctx, value.release());
    duk_put_prop_string(ctx, object, T::hidden_key);
    duk_push_c_function(ctx, finalize_native<T>, 1);
    duk_set_finalizer(ctx, object);
}

// The value of `this`, or a TypeError ("Illegal invocation").
template<typename T>
T& this_native(duk_context* ctx)
{
    duk_push_this(ctx);
    T* value = native_of<T>(ctx, -1);
    duk_pop(ctx);
    if (!value)
        throw_type_error(ctx, "Illegal invocation");
    return *value;
}

} // namespace duknet::bindings
