#!/usr/bin/env python3
"""duknet against its peers on one nginx on loopback (see bench/run). Each figure is one run of
one client; ratios compare clients measured in the same run."""
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

DUKNET = os.path.abspath(sys.argv[1])
SMALL_REQUESTS = 20000
BIG_BYTES = 256 * 1024 * 1024


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def start_nginx(folder, port):
    www = os.path.join(folder, 'www')
    os.makedirs(www)
    with open(os.path.join(www, 'small.txt'), 'w') as small:
        small.write('hello, bench\n')
    with open(os.path.join(www, 'big.bin'), 'wb') as big:
        big.truncate(BIG_BYTES)
    temp = ''.join('%s_temp_path %s/%s;\n' % (k, folder, k) for k in ('client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'))
    config = os.path.join(folder, 'nginx.conf')
    with open(config, 'w') as out:
        out.write('daemon off;\nmaster_process off;\npid %s/nginx.pid;\nerror_log %s/error.log;\n'
                  'events { worker_connections 1024; }\nhttp {\n access_log off;\n%s'
                  ' keepalive_requests 1000000; keepalive_timeout 60; sendfile on;\n'
                  ' server { listen 127.0.0.1:%d; root %s; }\n}\n' % (folder, folder, temp, port, www))
    nginx = subprocess.Popen([shutil.which('nginx') or '/usr/sbin/nginx', '-p', folder, '-c', config])
    for _ in range(100):
        try:
            socket.create_connection(('127.0.0.1', port), timeout=1).close()
            return nginx
        except OSError:
            time.sleep(0.05)
    raise RuntimeError('nginx did not start')


def timed(command, stdin=None):
    """Runs command under GNU time: (seconds of wall time, peak RSS in MiB, stdout)."""
    result = subprocess.run(['/usr/bin/time', '-f', '%e %M'] + command, capture_output=True, text=True, input=stdin)
    if result.returncode != 0:
        raise RuntimeError('%s failed: %s' % (command[0], result.stderr[-500:]))
    wall, rss_kb = result.stderr.strip().splitlines()[-1].split()
    return float(wall), int(rss_kb) / 1024.0, result.stdout


def script(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, 'w') as out:
        out.write(text)
    return path


def inner_seconds(stdout):
    """The clients print 'ms N' for the time their requests took (start-up excluded)."""
    for line in stdout.splitlines():
        if line.startswith('ms '):
            return float(line.split()[1]) / 1000.0
    raise RuntimeError('no timing in ' + stdout)


SEQUENTIAL_XHR = '''var url = '%s', n = %d, start = Date.now();
(function next(i) {
    if (i === n) { console.log('ms ' + (Date.now() - start)); return; }
    var xhr = new XMLHttpRequest(); xhr.open('GET', url); xhr.onload = function () { next(i + 1); }; xhr.send();
})(0);
'''
SEQUENTIAL_FETCH = '''var url = '%s', n = %d, start = Date.now();
(function next(i) {
    if (i === n) { console.log('ms ' + (Date.now() - start)); return; }
    fetch(url).then(function (r) { return r.text(); }).then(function () { next(i + 1); });
})(0);
'''
PARALLEL_XHR = '''var url = '%s', n = %d, inFlight = 64, started = 0, done = 0, start = Date.now();
function one() {
    if (started === n) return;
    started++;
    var xhr = new XMLHttpRequest(); xhr.open('GET', url);
    xhr.onload = function () { if (++done === n) console.log('ms ' + (Date.now() - start)); else one(); };
    xhr.send();
}
for (var i = 0; i < inFlight; ++i) one();
'''
PARALLEL_FETCH = '''var url = '%s', n = %d, inFlight = 64, started = 0, done = 0, start = Date.now();
function one() {
    if (started === n) return;
    started++;
    fetch(url).then(function (r) { return r.text(); }).then(function () { if (++done === n) console.log('ms ' + (Date.now() - start)); else one(); });
}
for (var i = 0; i < inFlight; ++i) one();
'''
BIG_XHR = '''var start = Date.now(), xhr = new XMLHttpRequest();
xhr.open('GET', '%s'); xhr.responseType = 'arraybuffer';
xhr.onload = function () { console.log('ms ' + (Date.now() - start) + ' bytes ' + xhr.response.byteLength); };
xhr.send();
'''
BIG_FETCH = '''var start = Date.now();
fetch('%s').then(function (r) { return r.arrayBuffer(); }).then(function (b) { console.log('ms ' + (Date.now() - start) + ' bytes ' + b.byteLength); });
'''
NODE_SEQUENTIAL_FETCH = '''const url = '%s', n = %d; (async () => { const start = Date.now();
for (let i = 0; i < n; ++i) await (await fetch(url)).text();
console.log('ms ' + (Date.now() - start)); })();
'''
NODE_HTTP = '''const http = require('http'); const url = '%s', n = %d, inFlight = %d;
const agent = new http.Agent({ keepAlive: true, maxSockets: inFlight });
let started = 0, done = 0; const start = Date.now();
function one() { if (started === n) return; started++;
  http.get(url, { agent }, (res) => { res.resume(); res.on('end', () => { if (++done === n) { console.log('ms ' + (Date.now() - start)); agent.destroy(); } else one(); }); }); }
for (let i = 0; i < inFlight; ++i) one();
'''
NODE_PARALLEL_FETCH = '''const url = '%s', n = %d; let started = 0, done = 0; const start = Date.now();
function one() { if (started === n) return; started++;
  fetch(url).then((r) => r.text()).then(() => { if (++done === n) console.log('ms ' + (Date.now() - start)); else one(); }); }
for (let i = 0; i < 64; ++i) one();
'''
NODE_BIG_FETCH = '''const start = Date.now(); fetch('%s').then((r) => r.arrayBuffer()).then((b) => console.log('ms ' + (Date.now() - start) + ' bytes ' + b.byteLength));
'''


def wrk(url, connections):
    result = subprocess.run(['wrk', '-t1' if connections == 1 else '-t2', '-c%d' % connections, '-d5s', url],
                            capture_output=True, text=True, check=True)
    for line in result.stdout.splitlines():
        if line.startswith('Requests/sec:'):
            return float(line.split()[1])
    raise RuntimeError(result.stdout)


def main():
    folder = tempfile.mkdtemp(prefix='duknet-bench-')
    port = free_port()
    nginx = start_nginx(folder, port)
    base = 'http://127.0.0.1:%d/' % port
    small, big = base + 'small.txt', base + 'big.bin'
    node = shutil.which('node')
    rows = []

    def row(case, client, seconds, rss, unit_count, unit):
        rate = unit_count / seconds if seconds else 0
        rows.append((case, client, seconds, rss, rate, unit))
        print('%-22s %-26s %8.2f s %9.1f MiB %12.1f %s' % (case, client, seconds, rss, rate, unit), flush=True)
        return rate

    def duknet(name, text):
        wall, rss, out = timed([DUKNET, 'run', '--base-url', base, script(folder, name, text)])
        return inner_seconds(out), rss

    try:
        print('%-22s %-26s %10s %13s %14s' % ('case', 'client', 'time', 'peak RSS', 'rate'))
        # (a) 20,000 sequential small GETs on one keep-alive connection.
        a = {}
        a['duknet XHR'] = row('a) sequential', 'duknet XHR', *duknet('a_xhr.js', SEQUENTIAL_XHR % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s')
        a['duknet fetch'] = row('a) sequential', 'duknet fetch', *duknet('a_fetch.js', SEQUENTIAL_FETCH % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s')
        if node:
            s, r, out = timed([node, script(folder, 'a_node_fetch.js', NODE_SEQUENTIAL_FETCH % (small, SMALL_REQUESTS))])
            a['node fetch'] = row('a) sequential', 'node fetch', inner_seconds(out), r, SMALL_REQUESTS, 'req/s')
            s, r, out = timed([node, script(folder, 'a_node_http.js', NODE_HTTP % (small, SMALL_REQUESTS, 1))])
            a['node http'] = row('a) sequential', 'node http', inner_seconds(out), r, SMALL_REQUESTS, 'req/s')
        curl_config = script(folder, 'a_curl.cfg', ''.join('url = "%s"\noutput = "/dev/null"\n' % small for _ in range(SMALL_REQUESTS)))
        s, r, _ = timed(['curl', '-s', '-K', curl_config])
        a['curl'] = row('a) sequential', 'curl (one process)', s, r, SMALL_REQUESTS, 'req/s')
        a['wrk -c1'] = row('a) sequential', 'wrk -c1', 1.0, 0, wrk(small, 1), 'req/s')
        # (b) 20,000 with 64 in flight (duknet keeps a browser's 6 connections per host).
        b = {}
        b['duknet XHR'] = row('b) 64 in flight', 'duknet XHR (6 conns)', *duknet('b_xhr.js', PARALLEL_XHR % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s')
        b['duknet fetch'] = row('b) 64 in flight', 'duknet fetch (6 conns)', *duknet('b_fetch.js', PARALLEL_FETCH % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s')
        if node:
            s, r, out = timed([node, script(folder, 'b_node_http.js', NODE_HTTP % (small, SMALL_REQUESTS, 64))])
            b['node http'] = row('b) 64 in flight', 'node http (64 conns)', inner_seconds(out), r, SMALL_REQUESTS, 'req/s')
            s, r, out = timed([node, script(folder, 'b_node_fetch.js', NODE_PARALLEL_FETCH % (small, SMALL_REQUESTS))])
            b['node fetch'] = row('b) 64 in flight', 'node fetch', inner_seconds(out), r, SMALL_REQUESTS, 'req/s')
        b['wrk -c64'] = row('b) 64 in flight', 'wrk -c64', 1.0, 0, wrk(small, 64), 'req/s')
        # (c) one 256 MiB body, as an ArrayBuffer.
        c, c_rss = {}, {}
        mib = BIG_BYTES / 1048576.0
        seconds, c_rss['duknet XHR'] = duknet('c_xhr.js', BIG_XHR % big)
        c['duknet XHR'] = row('c) 256 MiB body', 'duknet XHR arraybuffer', seconds, c_rss['duknet XHR'], mib, 'MiB/s')
        seconds, c_rss['duknet fetch'] = duknet('c_fetch.js', BIG_FETCH % big)
        c['duknet fetch'] = row('c) 256 MiB body', 'duknet fetch arrayBuffer', seconds, c_rss['duknet fetch'], mib, 'MiB/s')
        if node:
            s, r, out = timed([node, script(folder, 'c_node.js', NODE_BIG_FETCH % big)])
            c['node fetch'] = row('c) 256 MiB body', 'node fetch arrayBuffer', inner_seconds(out), r, mib, 'MiB/s')
        s, r, _ = timed(['curl', '-s', '-o', '/dev/null', big])
        c['curl'] = row('c) 256 MiB body', 'curl -o /dev/null', s, r, mib, 'MiB/s')
        # (d) start-up of an empty script.
        empty = script(folder, 'empty.js', '')
        runs = 20
        d = {}
        for client, command in (('duknet', [DUKNET, 'run', empty]), ('node -e 0', [node, '-e', '0']) if node else (None, None)):
            if not client:
                continue
            walls, peak = [], 0.0
            for _ in range(runs):
                wall, rss, _ = timed(command)
                walls.append(wall)
                peak = max(peak, rss)
            d[client] = (sum(walls) / runs, peak)
            row('d) start-up', client, d[client][0], peak, 1, 'runs/s')

        print('\nratios (duknet / peer; rates: higher is better, time and RSS: lower is better)')
        for label, mine, theirs in (('a) XHR / wrk -c1', a['duknet XHR'], a['wrk -c1']),
                                    ('a) XHR / node fetch', a['duknet XHR'], a.get('node fetch')),
                                    ('a) fetch / node fetch', a['duknet fetch'], a.get('node fetch')),
                                    ('a) XHR / curl', a['duknet XHR'], a['curl']),
                                    ('b) XHR / node http', b['duknet XHR'], b.get('node http')),
                                    ('b) fetch / node http', b['duknet fetch'], b.get('node http')),
                                    ('b) XHR / wrk -c64', b['duknet XHR'], b['wrk -c64']),
                                    ('c) XHR / curl MiB/s', c['duknet XHR'], c['curl']),
                                    ('c) fetch / curl MiB/s', c['duknet fetch'], c['curl'])):
            if theirs:
                print('%-26s %6.2fx' % (label, mine / theirs))
        print('%-26s %6.2fx the body' % ('c) XHR peak RSS', c_rss['duknet XHR'] / mib))
        print('%-26s %6.2fx the body' % ('c) fetch peak RSS', c_rss['duknet fetch'] / mib))
        if 'node -e 0' in d:
            print('%-26s %6.2fx' % ('d) start-up time / node', d['duknet'][0] / d['node -e 0'][0]))
            print('%-26s %6.2fx' % ('d) start-up RSS / node', d['duknet'][1] / d['node -e 0'][1]))
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
