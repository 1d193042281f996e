// Compiles a built-in script (prelude.js, fetch.js) at build time and writes its Duktape bytecode
// into a C++ header, so that a runtime loads the compiled function at start-up instead of
// compiling the source: compiling them was half of an empty script's run. The bytecode is only
// ever loaded by the Duktape build that made it (the same library).
// usage: compile_builtin_script SCRIPT.js HEADER.h SYMBOL FILENAME
#include <duktape.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

static duk_ret_t compile_and_dump(duk_context* ctx, void*)
{
    // [source, filename] -> [bytecode]
    duk_compile(ctx, DUK_COMPILE_EVAL);
    duk_dump_function(ctx);
    return 1;
}

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: compile_builtin_script SCRIPT.js HEADER.h SYMBOL FILENAME\n");
        return 2;
    }
    std::ifstream input(argv[1], std::ios::binary);
    std::string source((std::istreambuf_iterator<char>(input)), std::istreambuf_iterator<char>());
    if (!input) {
        std::perror(argv[1]);
        return 1;
    }
    duk_context* ctx = duk_create_heap_default();
    duk_push_lstring(ctx, source.data(), source.size());
    duk_push_string(ctx, argv[4]);
    if (duk_safe_call(ctx, compile_and_dump, nullptr, 2, 1) != DUK_EXEC_SUCCESS) {
        std::fprintf(stderr, "%s: %s\n", argv[1], duk_safe_to_string(ctx, -1));
        return 1;
    }
    duk_size_t size = 0;
    auto* bytes = static_cast<const unsigned char*>(duk_get_buffer_data(ctx, -1, &size));
    std::ostringstream header;
    header << "// Duktape bytecode of " << argv[4] << ", made by bindings/compile_builtin_script.cpp; do not edit.\n"
           << "#pragma once\n\ninline constexpr unsigned char " << argv[3] << "[] = {";
    for (duk_size_t i = 0; i < size; ++i)
        header << (i % 20 ? " " : "\n    ") << unsigned(bytes[i]) << ",";
    header << "\n};\n";
    duk_destroy_heap(ctx);
    std::ofstream output(argv[2], std::ios::binary);
    output << header.str();
    if (!output.flush()) {
        std::perror(argv[2]);
        return 1;
    }
    return 0;
}
