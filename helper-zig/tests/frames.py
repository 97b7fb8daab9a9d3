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


def install(helper, policy, prefix, group=None, capability=False):
    """Another installation of `helper` (a root-owned chain of directories under /run) with its own
    policy file: returns (directory, binary). With `group`, the binary and the policy belong to
    that group, as `nftj install` makes them; with `capability`, the binary carries the file
    capability cap_net_admin+ep (for a helper started by an unprivileged user). The caller removes
    the directory."""
    directory = tempfile.mkdtemp(prefix=prefix, dir="/run")
    os.chmod(directory, 0o755)
    for sub in ("lib", "conf"):
        os.mkdir(os.path.join(directory, sub), 0o755)
    binary = os.path.join(directory, "lib", "nftj-helper")
    shutil.copyfile(helper, binary)
    policy_path = os.path.join(directory, "conf", "nftj-helper.policy.json")
    with open(policy_path, "w") as handle:
        json.dump(policy, handle)
    if group is not None:
        os.chown(binary, 0, group)
        os.chown(policy_path, 0, group)
    os.chmod(binary, 0o750)
    os.chmod(policy_path, 0o644)
    if capability:
        subprocess.run(["setcap", "cap_net_admin+ep", binary], check=True)
    return directory, binary


class Deployment:
    """An installation of the helper (install above) and a fresh network namespace to run it in,
    both removed on close: `binary`, `prefix` (the command prefix that enters the namespace),
    `nft(...)` there."""

    def __init__(self, helper, policy, prefix, group=None, capability=False):
        self.root, self.binary = install(helper, policy, prefix, group=group, capability=capability)
        self.netns = "%s%d-%s" % (prefix, os.getpid(), os.path.basename(self.root)[-6:])
        subprocess.run(["ip", "netns", "add", self.netns], check=True)
        self.prefix = ["ip", "netns", "exec", self.netns]

    def nft(self, *args, stdin=None):
        return subprocess.run(self.prefix + ["nft"] + list(args), input=stdin, capture_output=True, text=True, check=False)

    def close(self):
        subprocess.run(["ip", "netns", "del", self.netns], check=False)
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()
