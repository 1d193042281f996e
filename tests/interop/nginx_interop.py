#!/usr/bin/env python3
"""Interop with a real server: starts nginx on loopback (plain HTTP and several HTTPS servers
with certificates made here by a test CA, using the openssl command line), then runs every
tests/interop/*.js through `duknet run` as the conformance scripts run, and stops nginx.

usage: nginx_interop.py DUKNET [NGINX]

The scripts get `INTEROP` (the ports and the CA file) from a generated prelude file, and
`{HTTP}`, `{TLS}`, `{WRONG_HOST}`, `{EXPIRED}`, `{UNTRUSTED}`, `{CA}`, `{PROXY}` (a forward proxy,
tests/interop/test_proxy.py) in their directives and expected output stand for the same values.
"""
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'conformance'))
from run_conformance import run_script  # noqa: E402
from with_server import start_server, stop_server  # noqa: E402

SERVERS = ['HTTP', 'TLS', 'WRONG_HOST', 'EXPIRED', 'UNTRUSTED', 'ONE_REQUEST_TLS']


def openssl(*args, cwd):
    subprocess.run(['openssl'] + list(args), cwd=cwd, check=True, capture_output=True)


def make_certificates(folder):
    """A test CA; a server certificate for localhost/interop.test/127.0.0.1 signed by it; one for
    another name; an expired one; and a self-signed one nobody trusts."""
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
            '-days', '30', '-subj', '/CN=duknet test CA', cwd=folder)
    with open(os.path.join(folder, 'ca.cnf'), 'w') as config:
        config.write('[ca]\ndefault_ca = test\n[test]\ndatabase = index.txt\nnew_certs_dir = .\n'
                     'serial = serial\ndefault_md = sha256\npolicy = any\ncopy_extensions = copy\n'
                     '[any]\ncommonName = supplied\n')
    open(os.path.join(folder, 'index.txt'), 'w').close()
    with open(os.path.join(folder, 'serial'), 'w') as serial:
        serial.write('1000\n')

    def issue(name, san, start='', end=''):
        openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', name + '.key', '-out', name + '.csr',
                '-subj', '/CN=' + name, '-addext', 'subjectAltName=' + san, cwd=folder)
        dates = ['-startdate', start, '-enddate', end] if start else ['-days', '30']
        openssl('ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key',
                '-in', name + '.csr', '-out', name + '.pem', *dates, cwd=folder)

    issue('server', 'DNS:localhost,DNS:interop.test,IP:127.0.0.1')
    issue('wrong-host', 'DNS:other.test')
    issue('expired', 'DNS:localhost,IP:127.0.0.1', '20200101000000Z', '20200201000000Z')
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'untrusted.key', '-out', 'untrusted.pem',
            '-days', '30', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', cwd=folder)


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def write_site(folder):
    www = os.path.join(folder, 'www')
    os.makedirs(os.path.join(www, 'static'))
    with open(os.path.join(www, 'hello.txt'), 'w') as hello:
        hello.write('hello from nginx\n')
    with open(os.path.join(www, 'big.txt'), 'w') as big:
        big.write(''.join('line %05d of a compressible text file\n' % i for i in range(3000)))
    subprocess.run(['gzip', '-k', '-9', os.path.join(www, 'big.txt')], check=True)
    shutil.copy(os.path.join(www, 'big.txt'), os.path.join(www, 'static', 'big.txt'))
    shutil.copy(os.path.join(www, 'big.txt.gz'), os.path.join(www, 'static', 'big.txt.gz'))


def write_config(folder, ports):
    def tls_server(port, certificate, extra=''):
        return ('server { listen 127.0.0.1:%d ssl; ssl_certificate %s/%s.pem; ssl_certificate_key %s/%s.key;\n'
                '  ssl_protocols TLSv1.2 TLSv1.3; root %s/www;\n'
                '  add_header Access-Control-Allow-Origin * always; %s }\n'
                % (port, folder, certificate, folder, certificate, folder, extra))
    temp_paths = ''.join('%s_temp_path %s/%s;\n' % (kind, folder, kind)
                         for kind in ('client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'))
    config = ('daemon off;\nmaster_process off;\npid %s/nginx.pid;\nerror_log %s/error.log;\n'
              'events { worker_connections 256; }\n'
              'http {\n  access_log %s/access.log;\n%s'
              '  keepalive_timeout 30;\n  default_type text/plain;\n'
              '  gzip on; gzip_types text/plain; gzip_min_length 1;\n'
              '  server { listen 127.0.0.1:%d; root %s/www;\n'
              '    add_header X-Connection $connection always; add_header X-Connection-Requests $connection_requests always;\n'
              '    add_header Access-Control-Allow-Origin * always;\n'
              '    location = /redirect { return 302 /hello.txt; }\n'
              '    location /static/ { gzip off; gzip_static on; }\n  }\n'
              % (folder, folder, folder, temp_paths, ports['HTTP'], folder))
    config += tls_server(ports['TLS'], 'server')
    config += tls_server(ports['WRONG_HOST'], 'wrong-host')
    config += tls_server(ports['EXPIRED'], 'expired')
    config += tls_server(ports['UNTRUSTED'], 'untrusted')
    # One request per connection: the next one needs a new handshake, which resumes the session.
    config += tls_server(ports['ONE_REQUEST_TLS'], 'server', 'keepalive_requests 1; ssl_session_cache shared:TLS:1m; ssl_session_tickets on;')
    config += '}\n'
    path = os.path.join(folder, 'nginx.conf')
    with open(path, 'w') as config_file:
        config_file.write(config)
    return path


def wait_for_ports(ports, deadline):
    for port in ports:
        while True:
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError('nginx did not listen on %d' % port)
                time.sleep(0.05)


def main():
    duknet = sys.argv[1]
    nginx_binary = sys.argv[2] if len(sys.argv) > 2 else shutil.which('nginx') or '/usr/sbin/nginx'
    folder = tempfile.mkdtemp(prefix='duknet-interop-')
    nginx = None
    try:
        make_certificates(folder)
        write_site(folder)
        ports = {name: free_port() for name in SERVERS}
        config = write_config(folder, ports)
        nginx = subprocess.Popen([nginx_binary, '-p', folder, '-c', config], stderr=subprocess.PIPE)
        wait_for_ports(ports.values(), time.monotonic() + 10)

        proxy, proxy_port = start_server(os.path.join(HERE, 'test_proxy.py'))
        substitutions = {name: str(port) for name, port in ports.items()}
        substitutions['PROXY'] = proxy_port
        substitutions['CA'] = os.path.join(folder, 'ca.pem')
        prelude = os.path.join(folder, 'interop.js')
        with open(prelude, 'w') as prelude_file:
            prelude_file.write('var INTEROP = %s;\n' % repr(substitutions).replace("'", '"'))
        failed = 0
        for script in sorted(glob.glob(os.path.join(HERE, '*.js'))):
            failures = run_script(duknet, script, 'http://127.0.0.1:%d/' % ports['HTTP'], substitutions, [prelude])
            print(('FAIL: %s\n%s' % (os.path.basename(script), '\n'.join(failures))) if failures
                  else 'ok: %s' % os.path.basename(script))
            failed += bool(failures)
        stop_server(proxy)
        return 1 if failed else 0
    finally:
        if nginx:
            nginx.terminate()
            nginx.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
