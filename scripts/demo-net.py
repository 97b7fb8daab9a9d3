#!/usr/bin/env python3
"""Network pieces of the README's demo (scripts/main), each run inside one of its namespaces.

  serve PORT...            in the "server" namespace: on each TCP port, greet every connection
                           with one line and close it.
  relay DIR HOST PORT...   in the "client" namespace: for each PORT, a file-system socket
                           DIR/tcp-PORT.sock; every connection to it becomes a TCP connection
                           from this namespace to HOST:PORT, and the server's greeting is passed
                           back. If the TCP connection fails or times out, the socket connection
                           is closed without data. The JVM in the server namespace probes the
                           firewall through these sockets: it cannot enter the client namespace.
Both run until killed.
"""
import os
import socket
import sys
import threading

CONNECT_TIMEOUT_SECONDS = 2.0


def serve(ports):
    for port in ports:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", port))
        s.listen(16)
        threading.Thread(target=greet, args=(s, port), daemon=True).start()
    threading.Event().wait()


def greet(listener, port):
    while True:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"hello from the server namespace, port %d\n" % port)


def relay(directory, host, ports):
    for port in ports:
        path = os.path.join(directory, "tcp-%d.sock" % port)
        if os.path.exists(path):
            os.unlink(path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        os.chmod(path, 0o666)  # the demo's JVM runs as an unprivileged user
        s.listen(16)
        threading.Thread(target=forward, args=(s, host, port), daemon=True).start()
    threading.Event().wait()


def forward(listener, host, port):
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=one, args=(conn, host, port), daemon=True).start()


def one(conn, host, port):
    with conn:
        try:
            with socket.create_connection((host, port), timeout=CONNECT_TIMEOUT_SECONDS) as tcp:
                data = tcp.recv(256)
                if data:
                    conn.sendall(data)
        except OSError:
            pass  # blocked or closed: the caller sees the socket close without data


def main(argv):
    if len(argv) >= 2 and argv[0] == "serve":
        serve([int(p) for p in argv[1:]])
    elif len(argv) >= 4 and argv[0] == "relay":
        relay(argv[1], argv[2], [int(p) for p in argv[3:]])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
