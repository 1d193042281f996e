// FormData (https://xhr.spec.whatwg.org/#interface-formdata): an entry list kept in C++, with
// the File objects of its file entries in a hidden array of the wrapper (entry i's File at index
// i), so that get() returns the same File each time. Also the multipart/form-data encoding and
// parser.
#include "bindings/form_data.h"

#include "bindings/globals.h"
#include "bindings/js.h"
#include "bindings/runtime.h"
#include "net/encoding.h"
#include "net/mime_type.h"

#include <algorithm>
#include <random>

namespace duknet::bindings {

namespace {

struct FormDataObject {
    static constexpr const char* hidden_key = DUKNET_HIDDEN("formData");
    std::vector<FormDataEntry> entries;
};

// The wrapper's array of File objects, parallel to the entry list (undefined for strings).
constexpr const char* files_key = DUKNET_HIDDEN("formDataFiles");

FormDataObject& initialize_form_data(duk_context* ctx, duk_idx_t object)
{
    object = duk_normalize_index(ctx, object);
    attach_native(ctx, object, std::make_unique<FormDataObject>());
    duk_push_array(ctx);
    duk_put_prop_string(ctx, object, files_key);
    return *native_of<FormDataObject>(ctx, object);
}

// Pushes the value of entry `i` of the FormData at `form`: its string, or its File.
void push_entry_value(duk_context* ctx, duk_idx_t form, size_t i)
{
    const FormDataEntry& entry = native_of<FormDataObject>(ctx, form)->entries[i];
    if (!entry.file)
        return push_utf8(ctx, entry.value);
    duk_get_prop_string(ctx, form, files_key);
    duk_get_prop_index(ctx, -1, duk_uarridx_t(i));
    duk_remove(ctx, -2);
}

// Appends entry to the entry list of the FormData at `form`; `file` is its File or undefined.
void append_entry(duk_context* ctx, duk_idx_t form, FormDataEntry entry, duk_idx_t file)
{
    form = duk_normalize_index(ctx, form);
    file = duk_normalize_index(ctx, file);
    auto& entries = native_of<FormDataObject>(ctx, form)->entries;
    duk_get_prop_string(ctx, form, files_key);
    duk_dup(ctx, file);
    duk_put_prop_index(ctx, -2, duk_uarridx_t(entries.size()));
    duk_pop(ctx);
    entries.push_back(std::move(entry));
}

// Removes the entries named `name` from the entry list of the FormData at `form`. A replacement
// takes the place of the first of them, or is appended if there is none; `file` is its File or
// undefined.
void replace_entries_named(duk_context* ctx, duk_idx_t form, const std::string& name,
                           std::optional<FormDataEntry> replacement, duk_idx_t file)
{
    form = duk_normalize_index(ctx, form);
    file = duk_normalize_index(ctx, file);
    auto& entries = native_of<FormDataObject>(ctx, form)->entries;
    std::vector<FormDataEntry> kept;
    duk_get_prop_string(ctx, form, files_key);
    duk_push_array(ctx);
    for (size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].name != name) {
            duk_get_prop_index(ctx, -2, duk_uarridx_t(i));
            kept.push_back(std::move(entries[i]));
        } else if (replacement) {
            duk_dup(ctx, file);
            kept.push_back(std::move(*replacement));
            replacement.reset();
        } else {
            continue;
        }
        duk_put_prop_index(ctx, -2, duk_uarridx_t(kept.size() - 1));
    }
    duk_put_prop_string(ctx, form, files_key);
    duk_pop(ctx);
    entries = std::move(kept);
    if (replacement)
        append_entry(ctx, form, std::move(*replacement), file);
}

// https://xhr.spec.whatwg.org/#create-an-entry for (name, the value at `value`, filename); pushes
// the entry's File, or undefined when its value is a string.
FormDataEntry create_an_entry(duk_context* ctx, std::string name, duk_idx_t value, std::optional<std::string> filename)
{
    value = duk_normalize_index(ctx, value);
    // 1. Set name to the result of converting name into a scalar value string (done: USVString).
    FormDataEntry entry { std::move(name), {}, std::nullopt, {} };
    const BlobData* blob = blob_of(ctx, value);
    // 2. If value is a string, then set value to the result of converting value into a scalar
    //    value string.
    if (!blob) {
        entry.value = to_utf8(ctx, value);
        duk_push_undefined(ctx);
        return entry;
    }
    // 3.1. If value is not a File object, then set value to a new File object, representing the
    //      same bytes, whose name attribute value is "blob".
    // 3.2. If filename is given, then set value to a new File object, representing the same
    //      bytes, whose name attribute is filename.
    const FileData* file = file_of(ctx, value);
    if (!file || filename)
        push_file(ctx, *blob, FileData { filename.value_or("blob"), file ? file->last_modified : file_time_now() });
    else
        duk_dup(ctx, value);
    // 4. Return an entry whose name is name and whose value is value.
    entry.file = *blob_of(ctx, -1);
    entry.filename = file_of(ctx, -1)->name;
    return entry;
}

// The entry that append() and set() make of (name, value) or (name, blobValue, filename); pushes
// its File or undefined.
FormDataEntry entry_from_arguments(duk_context* ctx, const char* operation)
{
    require_arguments(ctx, "FormData", operation, 2);
    bool blob_overload = duk_get_top(ctx) >= 3;
    std::string name = to_utf8(ctx, 0);
    if (blob_overload && !blob_of(ctx, 1))
        throw_type_error(ctx, std::string("Failed to execute '") + operation + "' on 'FormData': parameter 2 is not of type 'Blob'.");
    std::optional<std::string> filename;
    if (blob_overload && !duk_is_undefined(ctx, 2))
        filename = to_utf8(ctx, 2);
    return create_an_entry(ctx, std::move(name), 1, std::move(filename));
}

// https://xhr.spec.whatwg.org/#dom-formdata
duk_ret_t form_data_constructor(duk_context* ctx)
{
    if (!duk_is_constructor_call(ctx))
        throw_type_error(ctx, "Failed to construct 'FormData': Please use the 'new' operator, this DOM object constructor cannot be called as a function.");
    // 1. If form is given: there are no form elements here, so no value is of its type (nor of
    //    the submitter's, which is nullable).
    if (duk_get_top(ctx) >= 1 && !duk_is_undefined(ctx, 0))
        throw_type_error(ctx, "Failed to construct 'FormData': parameter 1 is not of type 'HTMLFormElement'.");
    if (duk_get_top(ctx) >= 2 && !duk_is_null_or_undefined(ctx, 1))
        throw_type_error(ctx, "Failed to construct 'FormData': parameter 2 is not of type 'HTMLElement'.");
    duk_push_this(ctx);
    initialize_form_data(ctx, -1);
    return 0;
}

// https://xhr.spec.whatwg.org/#dom-formdata-append
duk_ret_t form_data_append(duk_context* ctx)
{
    this_native<FormDataObject>(ctx);
    // 1-2. Let entry be the result of creating an entry with name, value (or blobValue), and
    //      filename if given.
    FormDataEntry entry = entry_from_arguments(ctx, "append");
    // 3. Append entry to this's entry list.
    duk_push_this(ctx);
    append_entry(ctx, -1, std::move(entry), -2);
    return 0;
}

// https://xhr.spec.whatwg.org/#dom-formdata-set
duk_ret_t form_data_set(duk_context* ctx)
{
    this_native<FormDataObject>(ctx);
    // 1-2. Let entry be the result of creating an entry with name, value, and filename if given.
    FormDataEntry entry = entry_from_arguments(ctx, "set");
    // 3. If there are entries in this's entry list whose name is name, then replace the first
    //    such entry with entry and remove the others.
    // 4. Otherwise, append entry to this's entry list.
    std::string name = entry.name;
    duk_push_this(ctx);
    replace_entries_named(ctx, -1, name, std::move(entry), -2);
    return 0;
}

// https://xhr.spec.whatwg.org/#dom-formdata-delete: remove all entries whose name is name.
duk_ret_t form_data_delete(duk_context* ctx)
{
    this_native<FormDataObject>(ctx);
    require_arguments(ctx, "FormData", "delete", 1);
    std::string name = to_utf8(ctx, 0);
    duk_push_this(ctx);
    duk_push_undefined(ctx);
    replace_entries_named(ctx, -2, name, std::nullopt, -1);
    return 0;
}

// The indices of the entries named as argument 0 ("name") says, in order; `this` is pushed.
std::vector<size_t> entries_named(duk_context* ctx, const char* operation)
{
    auto& form = this_native<FormDataObject>(ctx);
    require_arguments(ctx, "FormData", operation, 1);
    std::string name = to_utf8(ctx, 0);
    duk_push_this(ctx);
    std::vector<size_t> indices;
    for (size_t i = 0; i < form.entries.size(); ++i) {
        if (form.entries[i].name == name)
            indices.push_back(i);
    }
    return indices;
}

// https://xhr.spec.whatwg.org/#dom-formdata-get: the value of the first entry whose name is
// name, or null.
duk_ret_t form_data_get(duk_context* ctx)
{
    auto indices = entries_named(ctx, "get");
    if (indices.empty())
        duk_push_null(ctx);
    else
        push_entry_value(ctx, -1, indices.front());
    return 1;
}

// https://xhr.spec.whatwg.org/#dom-formdata-getall: the values of all entries whose name is
// name, in order.
duk_ret_t form_data_get_all(duk_context* ctx)
{
    auto indices = entries_named(ctx, "getAll");
    duk_idx_t form = duk_get_top_index(ctx);
    duk_push_array(ctx);
    for (size_t k = 0; k < indices.size(); ++k) {
        push_entry_value(ctx, form, indices[k]);
        duk_put_prop_index(ctx, -2, duk_uarridx_t(k));
    }
    return 1;
}

// https://xhr.spec.whatwg.org/#dom-formdata-has
duk_ret_t form_data_has(duk_context* ctx)
{
    duk_push_boolean(ctx, !entries_named(ctx, "has").empty());
    return 1;
}

// https://webidl.spec.whatwg.org/#es-forEach for a pair iterator: the callback sees each entry
// of the list as it is when its turn comes. Exceptions are rethrown (they reach the caller).
duk_ret_t form_data_for_each(duk_context* ctx)
{
    this_native<FormDataObject>(ctx);
    require_arguments(ctx, "FormData", "forEach", 1);
    if (!duk_is_callable(ctx, 0))
        throw_type_error(ctx, "Failed to execute 'forEach' on 'FormData': parameter 1 is not of type 'Function'.");
    duk_set_top(ctx, 2);
    duk_push_this(ctx);
    // 1-4. While i is less than the size of the (current) value pairs: invoke idlCallback with
    //      «pair's value, pair's key, idlObject» and thisArg, then increment i.
    for (size_t i = 0; i < native_of<FormDataObject>(ctx, 2)->entries.size(); ++i) {
        duk_dup(ctx, 0);
        duk_dup(ctx, 1);
        push_entry_value(ctx, 2, i);
        push_utf8(ctx, native_of<FormDataObject>(ctx, 2)->entries[i].name);
        duk_dup(ctx, 2);
        duk_call_method(ctx, 3);
        duk_pop(ctx);
    }
    return 0;
}

// FormData is a pair iterable of (name, value) over its entry list.
struct FormDataPairs {
    using Object = FormDataObject;
    static constexpr const char* iterator_prototype_key = "FormDataIteratorPrototype";
    static size_t size(duk_context* ctx, duk_idx_t form) { return native_of<FormDataObject>(ctx, form)->entries.size(); }
    static void push_key(duk_context* ctx, duk_idx_t form, size_t i) { push_utf8(ctx, native_of<FormDataObject>(ctx, form)->entries[i].name); }
    static void push_value(duk_context* ctx, duk_idx_t form, size_t i) { push_entry_value(ctx, form, i); }
};

// multipart/form-data ---------------------------------------------------------------------------

// Replaces each CR not followed by LF, and each LF not preceded by CR, by CR LF.
std::string normalize_newlines(std::string_view s)
{
    std::string result;
    result.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\r' || s[i] == '\n') {
            result += "\r\n";
            if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n')
                ++i;
        } else {
            result += s[i];
        }
    }
    return result;
}

// Field names and filenames: LF as `%0A`, CR as `%0D`, `"` as `%22`, and no other escapes.
std::string escape_name(std::string_view name)
{
    std::string result;
    result.reserve(name.size());
    for (char c : name) {
        switch (c) {
        case '\n': result += "%0A"; break;
        case '\r': result += "%0D"; break;
        case '"': result += "%22"; break;
        default: result += c;
        }
    }
    return result;
}

std::string generate_boundary()
{
    static constexpr std::string_view alphanumerics = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    thread_local std::mt19937 generator { std::random_device {}() };
    std::uniform_int_distribution<size_t> pick(0, alphanumerics.size() - 1);
    std::string boundary = "----duknetFormBoundary";
    for (int i = 0; i < 16; ++i)
        boundary += alphanumerics[pick(generator)];
    return boundary;
}

bool starts_with_at(std::string_view input, size_t position, std::string_view prefix)
{
    return position <= input.size() && input.substr(position).starts_with(prefix);
}

// https://andreubotella.github.io/multipart-form-data/#parse-a-multipart-form-data-name
std::optional<std::string> parse_a_multipart_form_data_name(std::string_view input, size_t& position)
{
    // 1. Assert: The byte at (position - 1) is 0x22 (").
    // 2. Let name be the result of collecting a sequence of bytes that are not 0x0A (LF), 0x0D
    //    (CR) or 0x22 ("), given position.
    std::string_view collected = net::collect_a_sequence_of_code_points(
        [](char c) { return c != '\n' && c != '\r' && c != '"'; }, input, position);
    // 3. If the byte at position is not 0x22 ("), return failure. Otherwise, advance position by 1.
    if (!starts_with_at(input, position, "\""))
        return std::nullopt;
    ++position;
    // 4. Replace any occurrence of `%0A` by 0x0A (LF), `%0D` by 0x0D (CR) and `%22` by 0x22 (").
    std::string name;
    for (size_t i = 0; i < collected.size(); ++i) {
        std::string_view escape = collected.substr(i, 3);
        char replacement = escape == "%0A" ? '\n' : escape == "%0D" ? '\r' : escape == "%22" ? '"' : '\0';
        if (replacement) {
            name += replacement;
            i += 2;
        } else {
            name += collected[i];
        }
    }
    // 5. Return the UTF-8 decoding without BOM of name.
    return net::utf8_decode_without_bom(name);
}

struct PartHeaders {
    std::string name;
    std::optional<std::string> filename;
    std::optional<std::string> content_type;
};

// https://andreubotella.github.io/multipart-form-data/#parse-multipart-form-data-headers
std::optional<PartHeaders> parse_multipart_form_data_headers(std::string_view input, size_t& position)
{
    // 1. Let name, filename and contentType be null.
    std::optional<std::string> name, filename, content_type;
    // 2. While true:
    for (;;) {
        // 2.1. If position points to a sequence of bytes starting with CR LF: if name is null,
        //      return failure; otherwise return name, filename and contentType.
        if (starts_with_at(input, position, "\r\n")) {
            if (!name)
                return std::nullopt;
            return PartHeaders { std::move(*name), std::move(filename), std::move(content_type) };
        }
        // 2.2. Let header name be the result of collecting a sequence of bytes that are not
        //      0x0A (LF), 0x0D (CR) or 0x3A (:), given position.
        std::string_view header_name = net::collect_a_sequence_of_code_points(
            [](char c) { return c != '\n' && c != '\r' && c != ':'; }, input, position);
        // 2.3. Remove any HTTP tab or space bytes from the start or end of header name.
        header_name = net::strip_leading_and_trailing(header_name, net::is_http_tab_or_space);
        // 2.4. If header name does not match the field-name token production, return failure.
        if (header_name.empty() || !std::all_of(header_name.begin(), header_name.end(), net::is_http_token_code_point))
            return std::nullopt;
        // 2.5. If the byte at position is not 0x3A (:), return failure. 2.6. Advance position by 1.
        if (!starts_with_at(input, position, ":"))
            return std::nullopt;
        ++position;
        // 2.7. Collect a sequence of bytes that are HTTP tab or space bytes given position.
        net::collect_a_sequence_of_code_points(net::is_http_tab_or_space, input, position);
        // 2.8. Byte-lowercase header name and switch on the result:
        std::string lowercase(header_name);
        std::transform(lowercase.begin(), lowercase.end(), lowercase.begin(), [](char c) {
            return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c;
        });
        auto is_not_newline = [](char c) { return c != '\n' && c != '\r'; };
        if (lowercase == "content-disposition") {
            // 1. Set name and filename to null.
            name.reset();
            filename.reset();
            // 2. If position does not point to a sequence of bytes starting with
            //    `form-data; name="`, return failure.
            // 3. Advance position so it points at the byte after the next 0x22 (") byte.
            constexpr std::string_view form_data_name = "form-data; name=\"";
            if (!starts_with_at(input, position, form_data_name))
                return std::nullopt;
            position += form_data_name.size();
            // 4. Set name to the result of parsing a multipart/form-data name given input and
            //    position, if the result is not failure. Otherwise, return failure.
            name = parse_a_multipart_form_data_name(input, position);
            if (!name)
                return std::nullopt;
            // 5. If position points to a sequence of bytes starting with `; filename="`: advance
            //    past it, and set filename to the result of parsing a multipart/form-data name
            //    given input and position, if it is not failure. Otherwise, return failure.
            constexpr std::string_view filename_prefix = "; filename=\"";
            if (starts_with_at(input, position, filename_prefix)) {
                position += filename_prefix.size();
                filename = parse_a_multipart_form_data_name(input, position);
                if (!filename)
                    return std::nullopt;
            }
        } else if (lowercase == "content-type") {
            // 1. Let header value be the result of collecting a sequence of bytes that are not
            //    0x0A (LF) or 0x0D (CR), given position.
            std::string_view header_value = net::collect_a_sequence_of_code_points(is_not_newline, input, position);
            // 2. Remove any HTTP tab or space bytes from the end of header value.
            // 3. Set contentType to the isomorphic decoding of header value (a byte string here).
            content_type = std::string(net::strip_trailing(header_value, net::is_http_tab_or_space));
        } else {
            // Otherwise: collect a sequence of bytes that are not 0x0A (LF) or 0x0D (CR), given
            // position. (Do nothing with those bytes.)
            net::collect_a_sequence_of_code_points(is_not_newline, input, position);
        }
        // 2.9. If position does not point to a sequence of bytes starting with CR LF, return
        //      failure. Otherwise, advance position by 2 (past the newline).
        if (!starts_with_at(input, position, "\r\n"))
            return std::nullopt;
        position += 2;
    }
}

} // namespace

const std::vector<FormDataEntry>* form_data_entries_of(duk_context* ctx, duk_idx_t index)
{
    auto* form = native_of<FormDataObject>(ctx, index);
    return form ? &form->entries : nullptr;
}

void push_form_data(duk_context* ctx, std::vector<FormDataEntry> entries)
{
    duk_push_object(ctx);
    push_prototype(ctx, "FormData");
    duk_set_prototype(ctx, -2);
    initialize_form_data(ctx, -1);
    for (FormDataEntry& entry : entries) {
        if (entry.file)
            push_file(ctx, *entry.file, FileData { entry.filename, file_time_now() });
        else
            duk_push_undefined(ctx);
        append_entry(ctx, -2, std::move(entry), -1);
        duk_pop(ctx);
    }
}

std::pair<std::string, std::string> multipart_form_data_encode(const std::vector<FormDataEntry>& entry_list)
{
    std::string boundary = generate_boundary();
    std::string body;
    // 1. For each entry of entry list, newlines in its name, and in its value if that is not a
    //    File, are normalized to CR LF (below, as each part is written).
    // 2. Return the encoding of entry list by RFC 7578's rules, with the encoding UTF-8 (the
    //    names and values are UTF-8 already): one part per entry, in order; field names and
    //    filenames escaped; no Content-Type for non-file fields, the File's type (or
    //    application/octet-stream) for file fields.
    for (const FormDataEntry& entry : entry_list) {
        body += "--" + boundary + "\r\n";
        body += "Content-Disposition: form-data; name=\"" + escape_name(normalize_newlines(entry.name)) + "\"";
        if (entry.file) {
            body += "; filename=\"" + escape_name(entry.filename) + "\"\r\n";
            body += "Content-Type: " + (entry.file->type.empty() ? std::string("application/octet-stream") : entry.file->type) + "\r\n\r\n";
            body += entry.file->view();
        } else {
            body += "\r\n\r\n" + normalize_newlines(entry.value);
        }
        body += "\r\n";
    }
    body += "--" + boundary + "--\r\n";
    return { std::move(body), std::move(boundary) };
}

std::optional<std::vector<FormDataEntry>> parse_multipart_form_data(std::string_view input, std::string_view boundary)
{
    // 1-2. (The caller has the MIME type and its boundary parameter.) An empty boundary would
    //      delimit nothing.
    if (boundary.empty())
        return std::nullopt;
    // 3. Let entry list be an empty entry list.
    std::vector<FormDataEntry> entry_list;
    // 4. Let position be a pointer to a byte in input, initially pointing at the first byte.
    size_t position = 0;
    // 5. While true:
    for (;;) {
        // 5.1. If position points to a sequence of bytes starting with `--` followed by
        //      boundary, advance position by 2 + the length of boundary. Otherwise, return failure.
        if (!starts_with_at(input, position, "--") || !starts_with_at(input, position + 2, boundary))
            return std::nullopt;
        position += 2 + boundary.size();
        // 5.2. If position points to the sequence of bytes `--` CR LF followed by the end of
        //      input, return entry list.
        if (input.substr(position) == "--\r\n")
            return entry_list;
        // 5.3. If position does not point to a sequence of bytes starting with CR LF, return
        //      failure. 5.4. Advance position by 2.
        if (!starts_with_at(input, position, "\r\n"))
            return std::nullopt;
        position += 2;
        // 5.5. Let name, filename and contentType be the result of parsing multipart/form-data
        //      headers on input and position, if the result is not failure. Otherwise, return failure.
        auto headers = parse_multipart_form_data_headers(input, position);
        if (!headers)
            return std::nullopt;
        // 5.6. Advance position by 2. (This skips past the empty line that marks the end of the headers.)
        position += 2;
        // 5.7-5.8. Body loop: body is the bytes up to where it first ends with boundary, less
        //      its last 4 + (length of boundary) bytes; position goes back as much. Without
        //      boundary, position goes past the end of input, and 5.9 fails.
        size_t found = input.find(boundary, position);
        if (found == std::string_view::npos)
            return std::nullopt;
        size_t body_end = std::max(found, position + 4) - 4;
        std::string_view body = input.substr(position, body_end - position);
        position = found - 4;
        // 5.9. If position does not point to a sequence of bytes starting with CR LF, return
        //      failure. Otherwise, advance position by 2.
        if (!starts_with_at(input, position, "\r\n"))
            return std::nullopt;
        position += 2;
        FormDataEntry entry { std::move(headers->name), {}, std::nullopt, {} };
        if (headers->filename) {
            // 5.10.1. If contentType is null, set contentType to "text/plain".
            std::string content_type = headers->content_type.value_or("text/plain");
            // 5.10.2. If contentType is not an ASCII string, set contentType to the empty string.
            if (!std::all_of(content_type.begin(), content_type.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
                content_type.clear();
            // 5.10.3. Let value be a new File object with name filename, type contentType, and body body.
            entry.file = BlobData { std::make_shared<const std::string>(body), 0, body.size(), std::move(content_type) };
            entry.filename = std::move(*headers->filename);
        } else {
            // 5.11. Otherwise, let value be the UTF-8 decoding without BOM of body.
            entry.value = net::utf8_decode_without_bom(body);
        }
        // 5.12-5.13. Create an entry with name and value, and append it to entry list.
        entry_list.push_back(std::move(entry));
    }
}

void install_form_data(Runtime& runtime)
{
    duk_context* ctx = runtime.context();

    define_class(ctx, "FormData", form_data_constructor, 0, nullptr);
    define_method(ctx, -1, "append", form_data_append, DUK_VARARGS, 2);
    define_method(ctx, -1, "delete", form_data_delete, DUK_VARARGS, 1);
    define_method(ctx, -1, "get", form_data_get, DUK_VARARGS, 1);
    define_method(ctx, -1, "getAll", form_data_get_all, DUK_VARARGS, 1);
    define_method(ctx, -1, "has", form_data_has, DUK_VARARGS, 1);
    define_method(ctx, -1, "set", form_data_set, DUK_VARARGS, 2);
    define_pair_iterable<FormDataPairs>(ctx, -1, "FormData Iterator");
    define_method(ctx, -1, "forEach", form_data_for_each, DUK_VARARGS, 1);
    define_to_string_tag(ctx, -1, "FormData");
    duk_pop(ctx);
}

} // namespace duknet::bindings
