# A misbehaving stand-in for nftj-helper, for the Java transport's tests only. FakeHelpers
# installs one copy per mode, with "MODE = ..." prepended, and starts it by absolute path.
import json, os, signal, struct, sys, time

inp = sys.stdin.buffer
out = sys.stdout.buffer


def read():
    h = inp.read(4)
    if len(h) < 4:
        return None
    n = struct.unpack('>I', h)[0]
    return json.loads(inp.read(n))


def write(obj):
    b = json.dumps(obj).encode()
    out.write(struct.pack('>I', len(b)) + b)
    out.flush()


SANDBOX = {"seccomp": 2, "noNewPrivs": True, "dumpable": False, "capEffective": "0000000000001000",
           "capPermitted": "0000000000001000", "capInheritable": "0000000000000000",
           "capAmbient": "0000000000000000", "boundingDropped": True, "uid": 0, "pid": os.getpid()}


def hello(req, **over):
    r = {"protocol": 1, "helper": "fake-" + MODE, "libnftables": "0", "frameMax": 1 << 24,
         "responseMax": 1 << 26, "policy": {"tables": [], "operations": []}, "sandbox": dict(SANDBOX)}
    r.update(over)
    write({"id": req["id"], "ok": True, "result": r})


def echo(req):
    write({"id": req["id"], "ok": True, "result": {"nftables": [], "echo": req}})


req = read()
if MODE == 'unlocked':
    hello(req, sandbox=dict(SANDBOX, seccomp=0, noNewPrivs=False))
elif MODE == 'protocol2':
    hello(req, protocol=2)
elif MODE == 'startup_failed':
    write({"id": None, "ok": False, "error": {"code": "startup_failed", "reason": "policy",
                                             "message": "policy file /x/conf/nftj-helper.policy.json is missing"}})
    sys.stderr.write("nftj-helper: policy file missing\n")
    sys.exit(25)
elif MODE == 'startup_unknown':
    write({"id": None, "ok": False, "error": {"code": "startup_failed", "reason": "a_reason_of_a_newer_helper",
                                             "message": "refused"}})
    sys.exit(29)
elif MODE == 'exit22':
    sys.exit(22)  # a startup check failed before any frame: the exit status alone names it
elif MODE == 'silent_start':
    time.sleep(3600)
elif MODE == 'parts':
    # small frames, so that a request of a few kilobytes comes in parts
    hello(req, frameMax=4096, requestMax=1 << 20)
elif MODE == 'env':
    environ = open('/proc/self/environ', 'rb').read().decode('latin-1')
    hello(req, environ=environ, argv=sys.argv[1:], cmdline=open('/proc/self/cmdline', 'rb').read().decode('latin-1'))
else:
    hello(req)

if MODE == 'deaf':
    # answers hello, then reads nothing at all: not even the first request
    time.sleep(3600)

count = 0
assembling = None  # MODE parts: [id, frames, commands] of the request being assembled
while True:
    req = read()
    if req is None:
        sys.exit(0)
    count += 1
    if MODE in ('echo', 'env', 'unlocked'):
        echo(req)
    elif MODE in ('stream', 'slow_stream'):
        # a streamed answer: two frames marked "more", then the last (each after 1.5 s when slow)
        for part in range(3):
            if MODE == 'slow_stream':
                time.sleep(1.5)
            frame = {"id": req["id"], "ok": True, "result": {"nftables": [{"part": part}]}}
            if part < 2 and req.get("stream"):
                frame["more"] = True
            write(frame)
            if not req.get("stream"):
                break
    elif MODE == 'parts':
        # every part of a request before any other frame; one answer, at its last frame
        commands = req["batch"]["nftables"]
        if assembling is not None and assembling[0] != req["id"]:
            write({"id": assembling[0], "ok": False, "error": {"code": "invalid_request", "message": "interleaved"}})
            assembling = None
        if assembling is None:
            assembling = [req["id"], 0, []]
        assembling[1] += 1
        assembling[2] += commands
        if not req.get("part"):
            write({"id": req["id"], "ok": True, "result": {"nftables": [], "frames": assembling[1],
                                                            "commands": assembling[2], "flags": sorted(k for k in req if k not in ("id", "op", "batch"))}})
            assembling = None
    elif MODE == 'slow':
        time.sleep(0.2)
        echo(req)
    elif MODE == 'garbage':
        out.write(struct.pack('>I', 9) + b'not json!')
        out.flush()
    elif MODE == 'not_object':
        write([1, 2, 3])
    elif MODE == 'wrong_id':
        write({"id": req["id"] + 1000, "ok": True, "result": {}})
    elif MODE == 'stall':
        # half a frame, then silence: the JVM must time out, kill us and fail the request
        out.write(struct.pack('>I', 100) + b'{"id":')
        out.flush()
        time.sleep(3600)
    elif MODE == 'stall_read':
        # never reads again: the JVM's writes fill the pipe; no caller may block on it
        time.sleep(3600)
    elif MODE == 'flood_length':
        # an endless stream whose first four bytes announce a 1 GiB frame
        chunk = b'A' * 65536
        while True:
            out.write(chunk)
    elif MODE == 'flood_frames':
        # valid frames nobody asked for, as fast as possible
        while True:
            write({"id": 999999, "ok": True, "result": {"x": "y" * 1000}})
    elif MODE == 'flood_stderr':
        chunk = b'E' * 65536
        for _ in range(3200):  # 200 MiB to stderr, then a normal answer
            sys.stderr.buffer.write(chunk)
        sys.stderr.buffer.flush()
        echo(req)
    elif MODE == 'sigsys':
        os.kill(os.getpid(), signal.SIGSYS)
        time.sleep(10)
    elif MODE == 'segv_libnftables':
        # what libnftables' assertion and the real helper's fatal-signal handler write before it
        # re-raises the signal
        sys.stderr.write("nftj-helper: nat.c:12: gen: Assertion `proto == NULL' failed.\n")
        sys.stderr.write("nftj-helper: fatal signal 11 (SIGSEGV) in libnftables\n")
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGSEGV)
        time.sleep(10)
    elif MODE == 'abort_helper':
        sys.stderr.write("nftj-helper: panic: index out of bounds\nnftj-helper: fatal signal 6 (SIGABRT) in the helper\n")
        sys.stderr.flush()
        os.kill(os.getpid(), signal.SIGABRT)
        time.sleep(10)
    elif MODE == 'exit3':
        sys.exit(3)
    elif MODE == 'die_second':
        if count >= 2:
            os.kill(os.getpid(), signal.SIGKILL)
        echo(req)
    elif MODE == 'error':
        write({"id": req["id"], "ok": False, "error": {"code": "nft_failed", "command": 0, "path": "/add/rule",
                                                      "message": "Error: Could not process rule: No such file or directory\n\"x\"\n"}})
    else:
        sys.exit(70)
