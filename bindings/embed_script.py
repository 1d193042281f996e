#!/usr/bin/env python3
"""Embeds a JavaScript file in a C++ header as a string constant."""
import sys

source_path, header_path, symbol = sys.argv[1:4]
with open(source_path, encoding='utf-8') as source:
    text = source.read()
delimiter = 'duknet_js'
if ')' + delimiter + '"' in text:
    sys.exit('the script contains the raw string delimiter')
with open(header_path, 'w', encoding='utf-8') as header:
    header.write('// Generated from %s; do not edit.\n#pragma once\n\n' % source_path.split('/')[-1])
    header.write('inline constexpr char %s[] = R"%s(%s)%s";\n' % (symbol, delimiter, text, delimiter))
