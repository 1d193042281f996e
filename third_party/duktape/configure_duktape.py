#!/usr/bin/env python3
"""Copies Debian's Duktape amalgamation into the build tree, switched to C++ exceptions."""
import pathlib
import sys

duktape_c, duktape_h, duk_config_h, outdir = map(pathlib.Path, sys.argv[1:5])
config = duk_config_h.read_text()
marker = '#undef DUK_USE_CPP_EXCEPTIONS'
if marker not in config:
    sys.exit('duk_config.h has no DUK_USE_CPP_EXCEPTIONS switch; unexpected Duktape version')
config = config.replace(marker, '#define DUK_USE_CPP_EXCEPTIONS', 1)
(outdir / 'duk_config.h').write_text(config)
(outdir / 'duktape.h').write_text(duktape_h.read_text())
(outdir / 'duktape.cpp').write_text(duktape_c.read_text())
