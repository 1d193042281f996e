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


def timed(command):
    """Runs command under GNU time: (seconds of wall time, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    result = subprocess.run(['/usr/bin/time', '-f', '%M'] + command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError('%s failed: %s' % (command[0], result.stderr[-500:]))
    rss_kb = result.stderr.strip().splitlines()[-1]
    return wall, int(rss_kb) / 1024.0, result.stdout


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


ROUNDS = int(os.environ.get('BENCH_ROUNDS', '3'))


def main():
    folder = tempfile.mkdtemp(prefix='duknet-bench-')
    port = free_port()
    nginx = start_nginx(folder, port)
    base = 'http://127.0.0.1:%d/' % port
    small, big = base + 'small.txt', base + 'big.bin'
    node = shutil.which('node')
    mib = BIG_BYTES / 1048576.0

    def duknet(name, text):
        path = script(folder, name, text)
        def measure():
            _, rss, out = timed([DUKNET, 'run', '--base-url', base, path])
            return inner_seconds(out), rss
        return measure

    def node_script(name, text):
        path = script(folder, name, text)
        def measure():
            _, rss, out = timed([node, path])
            return inner_seconds(out), rss
        return measure

    def whole_process(command):
        def measure():
            seconds, rss, _ = timed(command)
            return seconds, rss
        return measure

    def wrk_run(connections):
        return lambda: (SMALL_REQUESTS / wrk(small, connections), 0.0)

    curl_config = script(folder, 'a_curl.cfg', ''.join('url = "%s"\noutput = "/dev/null"\n' % small for _ in range(SMALL_REQUESTS)))
    # (case, client, measure() -> (seconds, peak RSS in MiB), units done, unit)
    clients = [
        # (a) 20,000 sequential small GETs on one keep-alive connection.
        ('a', 'duknet XHR', duknet('a_xhr.js', SEQUENTIAL_XHR % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s'),
        ('a', 'duknet fetch', duknet('a_fetch.js', SEQUENTIAL_FETCH % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s'),
        ('a', 'node fetch', node and node_script('a_node_fetch.js', NODE_SEQUENTIAL_FETCH % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s'),
        ('a', 'node http', node and node_script('a_node_http.js', NODE_HTTP % (small, SMALL_REQUESTS, 1)), SMALL_REQUESTS, 'req/s'),
        ('a', 'curl', whole_process(['curl', '-s', '-K', curl_config]), SMALL_REQUESTS, 'req/s'),
        ('a', 'wrk -c1', wrk_run(1), SMALL_REQUESTS, 'req/s'),
        # (b) 20,000 with 64 in flight (duknet keeps a browser's 6 connections per host).
        ('b', 'duknet XHR', duknet('b_xhr.js', PARALLEL_XHR % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s'),
        ('b', 'duknet fetch', duknet('b_fetch.js', PARALLEL_FETCH % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s'),
        ('b', 'node http', node and node_script('b_node_http.js', NODE_HTTP % (small, SMALL_REQUESTS, 64)), SMALL_REQUESTS, 'req/s'),
        ('b', 'node fetch', node and node_script('b_node_fetch.js', NODE_PARALLEL_FETCH % (small, SMALL_REQUESTS)), SMALL_REQUESTS, 'req/s'),
        ('b', 'wrk -c64', wrk_run(64), SMALL_REQUESTS, 'req/s'),
        # (c) one 256 MiB body, as an ArrayBuffer.
        ('c', 'duknet XHR', duknet('c_xhr.js', BIG_XHR % big), mib, 'MiB/s'),
        ('c', 'duknet fetch', duknet('c_fetch.js', BIG_FETCH % big), mib, 'MiB/s'),
        ('c', 'node fetch', node and node_script('c_node.js', NODE_BIG_FETCH % big), mib, 'MiB/s'),
        ('c', 'curl', whole_process(['curl', '-s', '-o', '/dev/null', big]), mib, 'MiB/s'),
        # (d) start-up of an empty script (the whole process).
        ('d', 'duknet', whole_process([DUKNET, 'run', script(folder, 'empty.js', '')]), 1, 'runs/s'),
        ('d', 'node -e 0', node and whole_process([node, '-e', '0']), 1, 'runs/s'),
    ]
    clients = [c for c in clients if c[2]]
    titles = {'a': 'a) sequential', 'b': 'b) 64 in flight', 'c': 'c) 256 MiB body', 'd': 'd) start-up'}
    # Each client runs ROUNDS times, the clients of a case taking turns; a client's figures are
    # its fastest run and the highest peak RSS of its runs.
    best = {}
    try:
        for case in 'abcd':
            if case == 'c':
                # The big file is read once first, so that no client pays for the disk.
                subprocess.run(['curl', '-s', '-o', '/dev/null', big], check=True)
            rounds = ROUNDS * 5 if case == 'd' else ROUNDS
            for _ in range(rounds):
                for c, client, measure, count, unit in clients:
                    if c != case:
                        continue
                    seconds, rss = measure()
                    old = best.get((case, client))
                    best[(case, client)] = (min(seconds, old[0]) if old else seconds, max(rss, old[1]) if old else rss, count, unit)
        print('%-18s %-14s %10s %13s %14s   (best of %d runs; d: of %d)' % ('case', 'client', 'time', 'peak RSS', 'rate', ROUNDS, ROUNDS * 5))
        for (case, client), (seconds, rss, count, unit) in best.items():
            print('%-18s %-14s %8.3f s %9.1f MiB %12.1f %s' % (titles[case], client, seconds, rss, count / seconds, unit))

        def rate(case, client):
            entry = best.get((case, client))
            return entry and entry[2] / entry[0]

        print('\nratios (duknet / peer; rates: higher is better, time and RSS: lower is better)')
        for case, mine, peer in (('a', 'duknet XHR', 'wrk -c1'), ('a', 'duknet fetch', 'wrk -c1'),
                                 ('a', 'duknet XHR', 'node fetch'), ('a', 'duknet fetch', 'node fetch'),
                                 ('a', 'duknet XHR', 'curl'),
                                 ('b', 'duknet XHR', 'node http'), ('b', 'duknet fetch', 'node http'),
                                 ('b', 'duknet XHR', 'wrk -c64'),
                                 ('c', 'duknet XHR', 'curl'), ('c', 'duknet fetch', 'curl'), ('c', 'duknet fetch', 'node fetch')):
            if rate(case, peer):
                print('%-36s %6.2fx' % ('%s) %s / %s' % (case, mine, peer), rate(case, mine) / rate(case, peer)))
        for client in ('duknet XHR', 'duknet fetch'):
            print('%-36s %6.2fx the body' % ('c) %s peak RSS' % client, best[('c', client)][1] / mib))
        if ('d', 'node -e 0') in best:
            mine, theirs = best[('d', 'duknet')], best[('d', 'node -e 0')]
            print('%-36s %6.2fx' % ('d) start-up time / node', mine[0] / theirs[0]))
            print('%-36s %6.2fx' % ('d) start-up peak RSS / node', mine[1] / theirs[1]))
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
