#!/usr/bin/env python3
"""Starts a helper command (which must exec the helper itself: unshare, setpriv and `sh -c exec`
do), sends one hello frame, reads one answer frame, optionally inspects the running process in
/proc while it waits for the next frame, then closes its stdin and waits for it to exit.

Prints flat `key=value` lines for the test scripts to grep:
  exit=<status, 128+signal when killed>
  frame.<json path>=<value>          e.g. frame.result.sandbox.seccomp=2, frame.error.reason=...
  proc.status.<Field>=<value>        Seccomp, NoNewPrivs, CapEff, CapPrm, CapInh, CapAmb, CapBnd, Uid
  proc.limits.<resource>=<soft> <hard>
  proc.fd.<n>=<link target>
  proc.owner=<uid of /proc/PID/status>  root (0) when the process is not dumpable
  stderr=<first line>

usage: lockdown-client.py [--inspect] [--extra-fd] [--pty-stdin] [--no-hello] -- command...
  --extra-fd   the child inherits an extra open descriptor (fd 7, a pipe) that it must close
  --pty-stdin  stdin is a pseudo-terminal instead of a pipe
  --close-stdout  the reader of stdout is gone before the helper answers (its write gets EPIPE)
"""
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import time

TIMEOUT_SECONDS = 20


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for key, item in value.items():
            flatten(f"{prefix}.{key}", item, out)
    elif isinstance(value, list):
        out.append(f"{prefix}={json.dumps(value, separators=(',', ':'))}")
    elif isinstance(value, bool):
        out.append(f"{prefix}={'true' if value else 'false'}")
    elif value is None:
        out.append(f"{prefix}=null")
    else:
        out.append(f"{prefix}={value}")


def read_exact(fd, count, deadline):
    data = b""
    while len(data) < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def inspect(pid, out):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("Seccomp", "NoNewPrivs", "CapEff", "CapPrm", "CapInh", "CapAmb", "CapBnd", "Uid", "SigIgn"):
                out.append(f"proc.status.{name}={' '.join(value.split())}")
    names = {"Max core file size": "core", "Max file size": "fsize", "Max processes": "nproc",
             "Max open files": "nofile"}
    with open(f"/proc/{pid}/limits") as limits:
        for line in limits:
            for title, key in names.items():
                if line.startswith(title):
                    fields = line[len(title):].split()
                    out.append(f"proc.limits.{key}={fields[0]} {fields[1]}")
    for entry in sorted(os.listdir(f"/proc/{pid}/fd"), key=int):
        target = os.readlink(f"/proc/{pid}/fd/{entry}")
        out.append(f"proc.fd.{entry}={target.replace(str(pid), 'PID')}")
    # The kernel gives a task's /proc files (not the world-readable /proc/PID directory itself)
    # to root when the task is not dumpable.
    out.append(f"proc.owner={os.stat(f'/proc/{pid}/status').st_uid}")


def main():
    arguments = sys.argv[1:]
    split = arguments.index("--")
    flags, command = set(arguments[:split]), arguments[split + 1:]
    out = []
    keep = []
    stdin_target = subprocess.PIPE
    if "--pty-stdin" in flags:
        controller, terminal = pty.openpty()
        stdin_target = terminal
        keep.append(controller)
    pass_fds = ()
    if "--extra-fd" in flags:
        extra_read, extra_write = os.pipe()
        os.dup2(extra_read, 7)
        pass_fds = (7,)
        keep.extend([extra_read, extra_write])
    child = subprocess.Popen(command, stdin=stdin_target, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             pass_fds=pass_fds)
    if "--pty-stdin" in flags:
        os.close(terminal)
    if "--extra-fd" in flags:
        os.close(7)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    if "--close-stdout" in flags:
        child.stdout.close()
    if child.stdin is not None and "--no-hello" not in flags:
        request = json.dumps({"id": 1, "op": "hello", "protocol": 1}).encode()
        try:
            child.stdin.write(struct.pack(">I", len(request)) + request)
            child.stdin.flush()
        except BrokenPipeError:
            pass
    header = None if child.stdout.closed else read_exact(child.stdout.fileno(), 4, deadline)
    if header is not None:
        body = read_exact(child.stdout.fileno(), struct.unpack(">I", header)[0], deadline)
        if body is not None:
            flatten("frame", json.loads(body), out)
    if "--inspect" in flags and child.poll() is None:
        inspect(child.pid, out)
    if child.stdin is not None:
        try:
            child.stdin.close()
        except BrokenPipeError:
            pass
    try:
        child.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait()
        out.append("timeout=true")
    code = child.returncode
    out.append(f"exit={128 - code if code < 0 else code}")
    error_line = child.stderr.read().decode(errors="replace").strip().splitlines()
    out.append(f"stderr={error_line[0] if error_line else ''}")
    for fd in keep:
        os.close(fd)
    print("\n".join(out))


if __name__ == "__main__":
    main()
