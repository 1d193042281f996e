#!/usr/bin/env python3
"""Runs a command while the scenario server listens on a free loopback port.

usage: with_server.py SCENARIO_SERVER -- COMMAND [ARG...]
Every `{PORT}` in the command's arguments is replaced by the server's port. The server is
stopped (its stdin closed) when the command ends; the command's exit status is returned.
"""
import subprocess
import sys


def start_server(path):
    command = [sys.executable, path] if path.endswith('.py') else [path]
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    line = server.stdout.readline()
    if not line.startswith('PORT '):
        server.kill()
        sys.exit('scenario server did not start: %r' % line)
    return server, line.split()[1]


def stop_server(server):
    server.stdin.close()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


def main():
    separator = sys.argv.index('--')
    server, port = start_server(sys.argv[1])
    try:
        command = [arg.replace('{PORT}', port) for arg in sys.argv[separator + 1:]]
        return subprocess.call(command)
    finally:
        stop_server(server)


if __name__ == '__main__':
    sys.exit(main())
