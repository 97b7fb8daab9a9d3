"""Frame helpers for the black-box tests and benchmarks: 4-byte big-endian length + body."""
import json
import os
import shutil
import struct
import subprocess
import tempfile


def encode(body):
    if isinstance(body, (dict, list)):
        body = json.dumps(body, separators=(",", ":")).encode()
    elif isinstance(body, str):
        body = body.encode()
    return struct.pack(">I", len(body)) + body


def read_exact(stream, count):
    data = b""
    while len(data) < count:
        chunk = stream.read(count - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def read_frame(stream):
    header = read_exact(stream, 4)
    if header is None:
        return None
    (length,) = struct.unpack(">I", header)
    body = read_exact(stream, length)
    if body is None:
        raise RuntimeError("truncated response frame")
    return json.loads(body)


class Helper:
    """A running helper. `prefix` is the command prefix (e.g. ip netns exec NS)."""

    def __init__(self, binary, prefix=(), **popen):
        self.process = subprocess.Popen(list(prefix) + [binary], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={}, **popen)

    def send_raw(self, data):
        self.process.stdin.write(data)
        self.process.stdin.flush()

    def request(self, body):
        self.send_raw(encode(body))
        return read_frame(self.process.stdout)

    def close(self):
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        rest = self.process.stdout.read()
        code = self.process.wait(timeout=30)
        return code, rest, self.process.stderr.read()


def install(helper, policy, prefix):
    """Another installation of `helper` (a root-owned chain of directories under /run) with its own
    policy file: returns (directory, binary). The caller removes the directory."""
    directory = tempfile.mkdtemp(prefix=prefix, dir="/run")
    os.chmod(directory, 0o755)
    for sub in ("lib", "conf"):
        os.mkdir(os.path.join(directory, sub), 0o755)
    binary = os.path.join(directory, "lib", "nftj-helper")
    shutil.copyfile(helper, binary)
    os.chmod(binary, 0o750)
    with open(os.path.join(directory, "conf", "nftj-helper.policy.json"), "w") as handle:
        json.dump(policy, handle)
    os.chmod(os.path.join(directory, "conf", "nftj-helper.policy.json"), 0o644)
    return directory, binary
