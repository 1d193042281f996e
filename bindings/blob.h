// Blob and File (https://w3c.github.io/FileAPI/): immutable bytes that slices share, for script
// and for the bodies of XMLHttpRequest and fetch.
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

} // namespace duknet::bindings
