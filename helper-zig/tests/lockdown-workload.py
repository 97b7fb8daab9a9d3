#!/usr/bin/env python3
"""The libnftables workload the seccomp allowlist was measured with (tests/seccomp-measure.sh) and
is checked against (tests/lockdown-selftest.sh): runs `nftj-lockdown-selftest workload` with a
series of batches (tables, chains, interval sets, 20 000 elements, rules, list, echo, check,
failing batches) and prints one line per answer. Exit 0 only when every frame was answered and
each batch ended as expected. Run it inside a throwaway network namespace (unshare -n)."""
import struct, subprocess, sys, json
def frame(flag, obj):
    b = flag.encode() + json.dumps(obj).encode()
    return struct.pack(">I", len(b)) + b
cmds = []
T = {"family":"inet","name":"app"}
cmds.append(('-', {"nftables":[{"add":{"table":T}}]}))
cmds.append(('-', {"nftables":[{"add":{"chain":{"family":"inet","table":"app","name":"input","type":"filter","hook":"input","prio":0,"policy":"accept"}}}]}))
cmds.append(('e', {"nftables":[{"add":{"set":{"family":"inet","table":"app","name":"blocked","type":"ipv4_addr","flags":["interval"]}}}]}))
cmds.append(('e', {"nftables":[{"add":{"element":{"family":"inet","table":"app","name":"blocked","elem":[{"prefix":{"addr":"10.%d.0.0"%i,"len":16}} for i in range(200)]}}}]}))
cmds.append(('e', {"nftables":[{"add":{"rule":{"family":"inet","table":"app","chain":"input","expr":[{"match":{"op":"==","left":{"payload":{"protocol":"ip","field":"saddr"}},"right":"@blocked"}},{"counter":None},{"drop":None}]}}}]}))
cmds.append(('c', {"nftables":[{"add":{"rule":{"family":"inet","table":"app","chain":"input","expr":[{"match":{"op":"==","left":{"payload":{"protocol":"tcp","field":"dport"}},"right":22}},{"accept":None}]}}}]}))
cmds.append(('-', {"nftables":[{"list":{"ruleset":None}}]}))
cmds.append(('-', {"nftables":[{"list":{"table":T}}]}))
cmds.append(('-', {"nftables":[{"add":{"chain":{"family":"inet","table":"nope","name":"x"}}}]}))  # fails
cmds.append(('-', {"nftables":[{"delete":{"table":{"family":"inet","name":"nope"}}}]}))  # fails
cmds.append(('-', {"nftables":[{"add":{"table":T}},{"add":{"table":T}}]}))
cmds.append(('-', {"nftables":[{"add":{"element":{"family":"inet","table":"app","name":"blocked","elem":[{"prefix":{"addr":"11.%d.%d.0"%(i//256,i%256),"len":24}} for i in range(20000)]}}}]}))
cmds.append(('-', {"nftables":[{"list":{"set":{"family":"inet","table":"app","name":"blocked"}}}]}))
cmds.append(('-', {"nftables":[{"flush":{"table":T}}]}))
cmds.append(('-', {"nftables":[{"delete":{"table":T}}]}))
cmds.append(('-', {"nftables":[{"list":{"tables":None}}]}))
failing = {8, 9}  # zero-based indexes of the batches that must fail
data = b"".join(frame(f,o) for f,o in cmds)
p = subprocess.run(sys.argv[1:], input=data, stdout=subprocess.PIPE)
out = p.stdout; i = 0; n = 0; as_expected = True
while i + 4 <= len(out):
    l, = struct.unpack(">I", out[i:i+4]); body = out[i+4:i+4+l]; i += 4 + l; n += 1
    rc, rest = body[:1], body[2:]
    o, e = rest.split(b"\0", 1)
    print(n, rc.decode(), len(o), o[:100], e[:150])
    as_expected = as_expected and rc == (b"1" if n - 1 in failing else b"0")
print("exit", p.returncode, "frames", n, "of", len(cmds))
print("as expected" if as_expected else "NOT as expected")
sys.exit(0 if p.returncode == 0 and n == len(cmds) and as_expected else 1)
