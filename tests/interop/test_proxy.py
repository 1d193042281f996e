#!/usr/bin/env python3
"""A small forward proxy for the tests: plain http requests in absolute form are forwarded (one
upstream connection each), CONNECT opens a tunnel. It remembers what it was asked, and answers
`GET http://proxy.log/` with that list (one "METHOD target" per line).

usage: test_proxy.py     (prints "PORT <n>", serves until its stdin closes)
"""
import socket
import socketserver
import sys
import threading

seen = []
seen_lock = threading.Lock()


def read_head(stream):
    head = b''
    while b'\r\n\r\n' not in head:
        data = stream.recv(4096)
        if not data:
            return None, b''
        head += data
    end = head.index(b'\r\n\r\n') + 4
    return head[:end], head[end:]


def relay(source, destination):
    try:
        while True:
            data = source.recv(65536)
            if not data:
                break
            destination.sendall(data)
    except OSError:
        pass
    finally:
        try:
            destination.shutdown(socket.SHUT_WR)
        except OSError:
            pass


class ProxyHandler(socketserver.BaseRequestHandler):
    def handle(self):
        client = self.request
        head, rest = read_head(client)
        if head is None:
            return
        lines = head.decode('latin-1').split('\r\n')
        method, target, _ = lines[0].split(' ', 2)
        with seen_lock:
            seen.append('%s %s' % (method, target))
        if method == 'CONNECT':
            host, port = target.rsplit(':', 1)
            upstream = socket.create_connection((host.strip('[]'), int(port)))
            client.sendall(b'HTTP/1.1 200 Connection Established\r\n\r\n')
            if rest:
                upstream.sendall(rest)
            other = threading.Thread(target=relay, args=(upstream, client), daemon=True)
            other.start()
            relay(client, upstream)
            other.join()
            upstream.close()
            return
        if target == 'http://proxy.log/':
            with seen_lock:
                body = '\n'.join(seen[:-1]).encode()
            client.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nAccess-Control-Allow-Origin: *\r\n'
                           b'Content-Length: %d\r\nConnection: close\r\n\r\n' % len(body) + body)
            return
        # An absolute-form request: forward it in origin form, on a connection of its own.
        authority = target.split('/', 3)[2]
        host, _, port = authority.rpartition(':') if ']' not in authority.rpartition(':')[2] else (authority, '', '')
        if not host:
            host, port = authority, '80'
        path = '/' + target.split('/', 3)[3] if target.count('/') >= 3 else '/'
        headers = [line for line in lines[1:] if line and not line.lower().startswith(('connection:', 'proxy-connection:'))]
        request = '%s %s HTTP/1.1\r\n%s\r\nVia: 1.1 test-proxy\r\nConnection: close\r\n\r\n' % (method, path, '\r\n'.join(headers))
        upstream = socket.create_connection((host.strip('[]'), int(port or 80)))
        upstream.sendall(request.encode('latin-1') + rest)
        relay(upstream, client)
        upstream.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    server = Server(('127.0.0.1', 0), ProxyHandler)
    print('PORT %d' % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # the harness holds our stdin: when it goes away, so do we
    server.shutdown()


if __name__ == '__main__':
    main()
