// FormData (https://xhr.spec.whatwg.org/#interface-formdata) and its multipart/form-data
// serialization and parsing, for XMLHttpRequest and fetch bodies.
// Thread: the Runtime's thread; multipart_form_data_encode and parse_multipart_form_data are pure
// functions, usable on any thread.
#pragma once

#include "bindings/blob.h"

#include <duktape.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duknet::bindings {

class Runtime;

// https://xhr.spec.whatwg.org/#concept-formdata-entry: a name (UTF-8) and a value, which is a
// string (UTF-8, in `value`) or, when `file` is set, a File named `filename`.
struct FormDataEntry {
    std::string name;
    std::string value;
    std::optional<BlobData> file;
    std::string filename;
};

// The entry list of the FormData at `index`, or null if the value is not a FormData. Valid while
// that object lives and script does not change it.
const std::vector<FormDataEntry>* form_data_entries_of(duk_context*, duk_idx_t);
// Pushes a new FormData with these entries (its Files are new, last modified now).
void push_form_data(duk_context*, std::vector<FormDataEntry>);

// https://html.spec.whatwg.org/#multipart/form-data-encoding-algorithm with UTF-8: returns the
// body and its boundary, a fresh random one ("----duknetFormBoundary" and 16 alphanumerics).
std::pair<std::string, std::string> multipart_form_data_encode(const std::vector<FormDataEntry>&);

// https://andreubotella.github.io/multipart-form-data/#multipart-form-data-parser, as the Fetch
// Standard's body.formData() uses it: `boundary` is the MIME type's boundary parameter. nullopt
// is failure.
std::optional<std::vector<FormDataEntry>> parse_multipart_form_data(std::string_view body, std::string_view boundary);

// FormData.
void install_form_data(Runtime&);

} // namespace duknet::bindings
