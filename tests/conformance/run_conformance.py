#!/usr/bin/env python3
"""Runs one conformance script through `duknet run` against a fresh scenario server.

usage: run_conformance.py DUKNET SCENARIO_SERVER SCRIPT.js

The script runs with --base-url http://127.0.0.1:PORT/ and must print exactly SCRIPT.expected on
stdout (`{PORT}` there stands for the server's port). Optional leading comment lines set:
  //! args: EXTRA ARGS        more `duknet run` options (`{PORT}` is substituted)
  //! exit: N                 the expected exit status (default 0)
  //! stderr: TEXT            a line of stderr must contain TEXT (repeatable, in order)
  //! trace: NAME...          run with --trace; the trace must be valid Chrome Trace Event JSON
                              with a span of each NAME (a task source or a network phase)
  //! env: NAME=VALUE         set an environment variable for the run (repeatable)
  //! copy: FILE              copy FILE (beside the script) into {TMPDIR} before the run
  //! file: NAME: TEXT        after the run, {TMPDIR}/NAME must contain TEXT (repeatable)
`{TMPDIR}` stands for a fresh folder of the run's own.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from with_server import start_server, stop_server  # noqa: E402


def read_directives(script):
    directives = {'args': [], 'exit': 0, 'stderr': [], 'trace': [], 'copy': [], 'file': [], 'env': []}
    with open(script, encoding='utf-8') as source:
        for line in source:
            if not line.startswith('//!'):
                break
            key, _, value = line[3:].strip().partition(':')
            value = value.strip()
            if key == 'args':
                directives['args'] += value.split()
            elif key == 'exit':
                directives['exit'] = int(value)
            elif key == 'stderr':
                directives['stderr'].append(value)
            elif key == 'trace':
                directives['trace'] += value.split(',')
            elif key == 'env':
                directives['env'].append(value)
            elif key == 'copy':
                directives['copy'].append(value)
            elif key == 'file':
                name, _, text = value.partition(':')
                directives['file'].append((name.strip(), text.strip()))
    return directives


def check_trace(path, wanted_names):
    try:
        with open(path, encoding='utf-8') as trace:
            events = json.load(trace)['traceEvents']
    except (OSError, ValueError, KeyError) as error:
        return ['the trace is not Chrome Trace Event JSON: %s' % error]
    names = {event['name'] for event in events if event.get('ph') == 'X' and event['dur'] >= 0}
    return ['the trace has no %r span (it has %s)' % (name, sorted(names)) for name in wanted_names if name not in names]


def substitute(text, substitutions):
    for name, value in substitutions.items():
        text = text.replace('{%s}' % name, value)
    return text


def run_script(duknet, script, base_url, substitutions, prelude=()):
    """Runs SCRIPT (after the PRELUDE files) and returns the list of failures."""
    directives = read_directives(script)
    scratch = tempfile.mkdtemp(prefix='duknet-test-')
    substitutions = dict(substitutions, TMPDIR=scratch)
    for name in directives['copy']:
        shutil.copy(os.path.join(os.path.dirname(script), name), scratch)
    with open(os.path.splitext(script)[0] + '.expected', encoding='utf-8') as expected_file:
        expected = substitute(expected_file.read(), substitutions)
    trace_file = tempfile.NamedTemporaryFile(suffix='.json', delete=False).name
    command = [duknet, 'run', '--timeout', '60', '--base-url', base_url]
    command += [substitute(arg, substitutions) for arg in directives['args']]
    if directives['trace']:
        command += ['--trace', trace_file]
    command += list(prelude) + [script]
    environment = dict(os.environ)
    for assignment in directives['env']:
        name, _, value = substitute(assignment, substitutions).partition('=')
        environment[name] = value
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, env=environment)
    failures = []
    if result.stdout != expected:
        failures.append('stdout differs:\n--- expected\n%s--- actual\n%s---' % (expected, result.stdout))
    if result.returncode != directives['exit']:
        failures.append('exit status %d, expected %d' % (result.returncode, directives['exit']))
    stderr_lines = result.stderr.splitlines()
    position = 0
    for wanted in directives['stderr']:
        wanted = substitute(wanted, substitutions)
        while position < len(stderr_lines) and wanted not in stderr_lines[position]:
            position += 1
        if position == len(stderr_lines):
            failures.append('no stderr line contains %r' % wanted)
            break
        position += 1
    if directives['trace']:
        failures += check_trace(trace_file, [name.strip() for name in directives['trace']])
    os.unlink(trace_file)
    for name, text in directives['file']:
        try:
            with open(os.path.join(scratch, name), encoding='utf-8') as produced:
                if substitute(text, substitutions) not in produced.read():
                    failures.append('%s does not contain %r' % (name, text))
        except OSError as error:
            failures.append('cannot read %s: %s' % (name, error))
    shutil.rmtree(scratch, ignore_errors=True)
    if failures:
        failures.append('stderr was:\n' + result.stderr)
    return failures


def main():
    duknet, server_path, script = sys.argv[1:4]
    server, port = start_server(server_path)
    try:
        failures = run_script(duknet, script, 'http://127.0.0.1:%s/' % port, {'PORT': port})
    finally:
        stop_server(server)
    if failures:
        print('\n'.join(failures))
        return 1
    print('ok: %s' % os.path.basename(script))
    return 0


if __name__ == '__main__':
    sys.exit(main())
