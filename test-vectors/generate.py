#!/usr/bin/env python3
"""Writes test-vectors/requests/*.json (see README.md). The JSON files are the checked-in source
of truth; this script is how they were made and how to add more: edit, run, review the diff.

Policy assumed by every vector: the sample policy helper-zig/conf/nftj-helper.policy.json
(tables inet nftj_demo and inet app, every operation, 50/s burst 200).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "requests")
# The optional external corpus, found as every test finds it: $NFTJ_EXTERNAL_CORPUS, else beside
# the repository. Without it the bogon vectors already checked in are kept as they are.
EXTERNAL = os.environ.get("NFTJ_EXTERNAL_CORPUS") or os.path.join(HERE, "..", "..", "shared", "corpus")
CORPUS_BOGONS = os.path.join(EXTERNAL, "nft-bogons")

vectors = {}


def add(name, description, expect, frame=None, frame_text=None, frame_hex=None, stream_hex=None,
        helper_only=False, sysctl_policy=None):
    assert name not in vectors, name
    body = {"description": description}
    given = [x is not None for x in (frame, frame_text, frame_hex, stream_hex)]
    assert sum(given) == 1, name
    if frame is not None:
        body["frame"] = frame
    if frame_text is not None:
        body["frame_text"] = frame_text
    if frame_hex is not None:
        body["frame_hex"] = frame_hex
    if stream_hex is not None:
        body["stream_hex"] = stream_hex
    body["expect"] = expect
    if helper_only:
        body["helperOnly"] = True
    if sysctl_policy is not None:
        body["sysctlPolicy"] = sysctl_policy
    vectors[name] = body


def ok():
    return {"ok": True}


def err(code, path=None):
    result = {"ok": False, "code": code}
    if path is not None:
        result["path"] = path
    return result


def nft(*commands, **extra):
    frame = {"id": 7, "op": "nft", "batch": {"nftables": list(commands)}}
    frame.update(extra)
    return frame


T = {"family": "inet", "table": "app"}


def rule(*expr, table="app", family="inet", **extra):
    body = {"family": family, "table": table, "chain": "c", "expr": list(expr)}
    body.update(extra)
    return {"add": {"rule": body}}


def match(left, right, op="=="):
    return {"match": {"op": op, "left": left, "right": right}}


def payload(protocol, field):
    return {"payload": {"protocol": protocol, "field": field}}


def meta(key):
    return {"meta": {"key": key}}


def ct(key, **extra):
    body = {"key": key}
    body.update(extra)
    return {"ct": body}


ACCEPT = {"accept": None}


def hexs(data):
    return data.hex()


# ------------------------------------------------------------------------------------------
# Framing (stream_hex: the raw bytes on the helper's stdin, headers included).

add("framing-length-zero", "frame length 0 is fatal: final frame id null, exit 10",
    {"ok": False, "code": "frame_empty", "exit": 10}, stream_hex="00000000")
add("framing-length-over-limit", "frame length frameMax+1 is fatal: exit 11",
    {"ok": False, "code": "frame_too_large", "exit": 11}, stream_hex="01000001")
add("framing-length-ffffffff", "frame length 0xFFFFFFFF is fatal: exit 11",
    {"ok": False, "code": "frame_too_large", "exit": 11}, stream_hex="ffffffff")
add("framing-length-80000000", "frame length 0x80000000 is fatal: exit 11",
    {"ok": False, "code": "frame_too_large", "exit": 11}, stream_hex="80000000")
for count in (1, 2, 3):
    add(f"framing-header-{count}-bytes", f"{count} header byte(s) then end of input: exit 12",
        {"ok": False, "code": "frame_truncated", "exit": 12}, stream_hex="00000010"[: 2 * count])
add("framing-body-truncated", "end of input inside the body: exit 12",
    {"ok": False, "code": "frame_truncated", "exit": 12}, stream_hex="00000010" + hexs(b'{"id":1'))
hello = json.dumps({"id": 1, "op": "hello", "protocol": 1}, separators=(",", ":")).encode()
add("framing-two-frames-then-eof", "two hello frames in one write, then clean end of input (exit 0)",
    {"ok": True, "exit": 0, "responses": 2},
    stream_hex=hexs((len(hello).to_bytes(4, "big") + hello) * 2))
add("framing-frame-max-accepted", "a length of exactly frameMax is accepted by the decoder (the body is then judged); here the body is truncated",
    {"ok": False, "code": "frame_truncated", "exit": 12}, stream_hex="01000000" + hexs(b"{}"))

# ------------------------------------------------------------------------------------------
# JSON encoding and structure (bad-inputs 6, 10–22).

add("json-trailing-object", "bytes after the JSON value: {}{}", err("invalid_json"), frame_text="{}{}")
add("json-trailing-nul", "a NUL byte after the value", err("invalid_json"), frame_hex=hexs(b"{}\x00"))
add("json-trailing-garbage", "text after a valid request",
    err("invalid_json"), frame_text='{"id":1,"op":"hello","protocol":1} x')
add("json-two-values", "several JSON values", err("invalid_json"),
    frame_text='{"id":1,"op":"hello","protocol":1}\n{"id":2,"op":"hello","protocol":1}')
add("json-invalid-utf8", "invalid UTF-8 byte 0xFF in a string", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"h\xffello","protocol":1}'))
add("json-overlong-utf8", "overlong encoding of '/' (C0 AF)", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"\xc0\xafhello","protocol":1}'))
add("json-overlong-utf8-3", "overlong 3-byte encoding (E0 80 AF)", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"\xe0\x80\xaf","protocol":1}'))
add("json-surrogate-utf8", "a UTF-16 surrogate encoded in UTF-8 (ED A0 80)", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"\xed\xa0\x80","protocol":1}'))
add("json-above-10ffff", "a code point above U+10FFFF (F4 90 80 80)", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"\xf4\x90\x80\x80","protocol":1}'))
add("json-bom-start", "a byte order mark before the object", err("invalid_json"),
    frame_hex=hexs(b'\xef\xbb\xbf{"id":1,"op":"hello","protocol":1}'))
add("json-bom-in-string", "a byte order mark inside a string", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"\xef\xbb\xbfhello","protocol":1}'))
add("json-raw-nul-in-string", "a raw NUL byte inside a string", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"hel\x00lo","protocol":1}'))
add("json-escaped-nul", "\\u0000 in a string", err("invalid_json"),
    frame_text='{"id":1,"op":"hel\\u0000lo","protocol":1}')
add("json-lone-high-surrogate", "lone high surrogate escape \\ud800", err("invalid_json"),
    frame_text='{"id":1,"op":"\\ud800","protocol":1}')
add("json-lone-low-surrogate", "lone low surrogate escape \\udc00", err("invalid_json"),
    frame_text='{"id":1,"op":"\\udc00","protocol":1}')
add("json-high-surrogate-then-text", "high surrogate followed by a non-surrogate escape", err("invalid_json"),
    frame_text='{"id":1,"op":"\\ud800\\u0041","protocol":1}')
add("json-control-char", "an unescaped control character (TAB) in a string", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"hel\tlo","protocol":1}'))
add("json-control-char-newline", "an unescaped newline in a string", err("invalid_json"),
    frame_hex=hexs(b'{"id":1,"op":"hel\nlo","protocol":1}'))
add("json-depth-33", "nesting 33 deep (the limit is 32)", err("invalid_json"),
    frame_text='{"id":1,"op":"hello","protocol":1,"x":' + "[" * 32 + "]" * 32 + "}")
add("json-depth-32-parses", "nesting exactly 32 deep parses; the unknown field is then refused",
    err("invalid_request", "/x"), frame_text='{"id":1,"op":"hello","protocol":1,"x":' + "[" * 31 + "]" * 31 + "}")
add("json-deep-100000", "100 000 '[' (no recursion in the parser)", err("invalid_json"),
    frame_text='{"x":' + "[" * 100000)
add("json-duplicate-key", "duplicate keys", err("invalid_json"),
    frame_text='{"id":1,"op":"hello","op":"hello","protocol":1}')
add("json-duplicate-key-escaped", "keys equal only after unescaping (\"o\\u0070\" and \"op\")", err("invalid_json"),
    frame_text='{"id":1,"op":"hello","o\\u0070":"nft","protocol":1}')
add("json-duplicate-key-nested", "duplicate keys in a nested object", err("invalid_json"),
    frame_text='{"id":1,"op":"nft","batch":{"nftables":[{"add":{"table":{"family":"inet","name":"app","name":"x"}}}]}}')
for name, text in [("1e999", "1e999"), ("minus-zero", "-0"), ("1.0", "1.0"), ("2pow63", "9223372036854775808"),
                   ("2pow64", "18446744073709551616"), ("2pow53", "9007199254740992"), ("leading-zero", "01"),
                   ("plus", "+1"), ("nan", "NaN"), ("infinity", "Infinity"), ("exponent", "1E2"),
                   ("fraction", "0.5"), ("hex", "0x10")]:
    add(f"json-number-{name}", f"number {text} as the id", err("invalid_json"),
        frame_text='{"id":' + text + ',"op":"hello","protocol":1}')
add("json-number-max-id", "id 2^53-1 is the largest accepted", ok(),
    frame={"id": 9007199254740991, "op": "hello", "protocol": 1})
add("json-top-level-array", "a top-level array", err("invalid_json"), frame_text="[]")
add("json-top-level-string", "a top-level string", err("invalid_json"), frame_text='"hello"')
add("json-top-level-number", "a top-level number", err("invalid_json"), frame_text="1")
add("json-empty-object", "{} is JSON but not a request", err("invalid_request", "/id"), frame_text="{}")
add("json-whitespace-only", "only whitespace", err("invalid_json"), frame_text="   ")
add("json-trailing-comma-object", "trailing comma in an object", err("invalid_json"),
    frame_text='{"id":1,"op":"hello","protocol":1,}')
add("json-trailing-comma-array", "trailing comma in an array", err("invalid_json"),
    frame_text='{"id":1,"op":"nft","batch":{"nftables":[{"list":{"tables":null}},]}}')
add("json-comment-line", "a // comment", err("invalid_json"),
    frame_text='{"id":1,"op":"hello","protocol":1} // hi')
add("json-comment-block", "a /* */ comment", err("invalid_json"),
    frame_text='{"id":1,/* x */"op":"hello","protocol":1}')
add("json-single-quotes", "single-quoted strings", err("invalid_json"), frame_text="{'id':1}")
add("json-unquoted-key", "unquoted key", err("invalid_json"), frame_text='{id:1,"op":"hello","protocol":1}')
add("json-bad-escape", "invalid escape \\x", err("invalid_json"), frame_text='{"id":1,"op":"\\x41","protocol":1}')
add("json-bad-literal", "truncated literal tru", err("invalid_json"),
    frame_text='{"id":1,"op":"nft","check":tru,"batch":{"nftables":[]}}')
add("json-long-string", "a string of 4097 bytes (the limit is 4096)", err("limit_exceeded"),
    frame_text='{"id":1,"op":"' + "a" * 4097 + '","protocol":1}')
add("json-too-many-members", "an object with 65 members (the limit is 64)", err("limit_exceeded"),
    frame_text="{" + ",".join(f'"k{i}":1' for i in range(65)) + "}")
add("text-include-passwd", "nft text: include \"/etc/passwd\" (never reaches libnftables; nothing read)",
    err("invalid_json"), frame_text='include "/etc/passwd"')
add("text-flush-ruleset", "nft text: flush ruleset", err("invalid_json"), frame_text="flush ruleset")
add("text-add-table", "nft text: add table inet app", err("invalid_json"), frame_text="add table inet app")

# ------------------------------------------------------------------------------------------
# Envelope.

add("hello-ok", "hello, protocol 1", ok(), frame={"id": 1, "op": "hello", "protocol": 1})
add("hello-protocol-2", "hello with protocol 2", err("unsupported_protocol", "/protocol"),
    frame={"id": 1, "op": "hello", "protocol": 2})
add("hello-protocol-0", "hello with protocol 0", err("unsupported_protocol", "/protocol"),
    frame={"id": 1, "op": "hello", "protocol": 0})
add("hello-protocol-string", "hello with protocol \"1\"", err("invalid_request", "/protocol"),
    frame={"id": 1, "op": "hello", "protocol": "1"})
add("hello-missing-protocol", "hello without protocol", err("invalid_request", "/protocol"),
    frame={"id": 1, "op": "hello"})
add("hello-unknown-field", "hello with an unknown field", err("invalid_request", "/extra"),
    frame={"id": 1, "op": "hello", "protocol": 1, "extra": True})
add("envelope-missing-id", "no id", err("invalid_request", "/id"), frame={"op": "hello", "protocol": 1})
add("envelope-id-zero", "id 0", err("invalid_request", "/id"), frame={"id": 0, "op": "hello", "protocol": 1})
add("envelope-id-negative", "id -1", err("invalid_request", "/id"), frame={"id": -1, "op": "hello", "protocol": 1})
add("envelope-id-string", "id \"1\"", err("invalid_request", "/id"), frame={"id": "1", "op": "hello", "protocol": 1})
add("envelope-id-null", "id null", err("invalid_request", "/id"), frame={"id": None, "op": "hello", "protocol": 1})
add("envelope-missing-op", "no op", err("invalid_request", "/op"), frame={"id": 1, "protocol": 1})
add("envelope-op-number", "op is a number", err("invalid_request", "/op"), frame={"id": 1, "op": 5})
add("envelope-unknown-op", "unknown op", err("invalid_request", "/op"), frame={"id": 1, "op": "sysctl"})
add("digest-ok", "the owned tables' state digest", ok(), frame={"id": 1, "op": "digest"})
add("digest-since-ok", "the digest unless the ruleset generation is still 7", ok(),
    frame={"id": 1, "op": "digest", "since": 7})
add("digest-since-negative", "digest since -1", err("invalid_request", "/since"),
    frame={"id": 1, "op": "digest", "since": -1})
add("digest-since-too-large", "digest since 2^32", err("invalid_request", "/since"),
    frame={"id": 1, "op": "digest", "since": 4294967296})
add("digest-since-string", "digest since \"7\"", err("invalid_request", "/since"),
    frame={"id": 1, "op": "digest", "since": "7"})
add("digest-unknown-field", "digest with an unknown field", err("invalid_request", "/extra"),
    frame={"id": 1, "op": "digest", "extra": True})
add("nft-missing-batch", "nft without batch", err("invalid_request", "/batch"), frame={"id": 1, "op": "nft"})
add("nft-batch-null", "batch null", err("invalid_request", "/batch"), frame={"id": 1, "op": "nft", "batch": None})
add("nft-batch-array", "batch is an array", err("invalid_request", "/batch"), frame={"id": 1, "op": "nft", "batch": []})
add("nft-batch-extra-field", "batch with a metainfo field", err("invalid_request", "/batch/metainfo"),
    frame={"id": 1, "op": "nft", "batch": {"nftables": [], "metainfo": {}}})
add("nft-nftables-object", "nftables is an object", err("invalid_request", "/batch/nftables"),
    frame={"id": 1, "op": "nft", "batch": {"nftables": {}}})
add("nft-empty-batch", "empty command list", err("invalid_request", "/batch/nftables"),
    frame={"id": 1, "op": "nft", "batch": {"nftables": []}})
add("nft-check-string", "check is a string", err("invalid_request", "/check"),
    frame=nft({"list": {"tables": None}}, check="yes"))
add("nft-echo-number", "echo is a number", err("invalid_request", "/echo"),
    frame=nft({"list": {"tables": None}}, echo=1))
add("nft-unknown-field", "unknown top-level field", err("invalid_request", "/dry"),
    frame=nft({"list": {"tables": None}}, dry=True))
add("nft-check-echo-ok", "check and echo given", ok(),
    frame=nft({"add": {"table": {"family": "inet", "name": "app"}}}, check=True, echo=True))

# ------------------------------------------------------------------------------------------
# Commands and objects.

add("cmd-unknown-command", "unknown command", err("invalid_request", "/batch/nftables/0/frobnicate"),
    frame=nft({"frobnicate": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-destroy", "destroy is not in libnftables 1.0.6", err("invalid_request", "/batch/nftables/0/destroy"),
    frame=nft({"destroy": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-metainfo", "a metainfo object in the batch", err("invalid_request"),
    frame=nft({"metainfo": {"json_schema_version": 1}}))
add("cmd-bare-object", "a bare object (implicit add) is not accepted", err("invalid_request", "/batch/nftables/0/table"),
    frame=nft({"table": {"family": "inet", "name": "app"}}))
add("cmd-two-members", "a command object with two members", err("invalid_request", "/batch/nftables/0"),
    frame=nft({"add": {"table": {"family": "inet", "name": "app"}}, "delete": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-unknown-object", "unknown object", err("invalid_request", "/batch/nftables/0/add/widget"),
    frame=nft({"add": {"widget": {"family": "inet", "table": "app", "name": "w"}}}))
add("cmd-unknown-family", "unknown family", err("invalid_request", "/batch/nftables/0/add/table/family"),
    frame=nft({"add": {"table": {"family": "inet4", "name": "app"}}}))
add("cmd-table-null", "a table given as null", err("invalid_request", "/batch/nftables/0/add/table"),
    frame=nft({"add": {"table": None}}))
add("cmd-unknown-field", "unknown field in a table", err("invalid_request", "/batch/nftables/0/add/table/colour"),
    frame=nft({"add": {"table": {"family": "inet", "name": "app", "colour": "blue"}}}))
add("cmd-missing-family", "table without family", err("invalid_request", "/batch/nftables/0/add/table/family"),
    frame=nft({"add": {"table": {"name": "app"}}}))
add("cmd-wrong-type-name", "table name is a number", err("invalid_request", "/batch/nftables/0/add/table/name"),
    frame=nft({"add": {"table": {"family": "inet", "name": 5}}}))
add("cmd-add-ruleset", "add ruleset", err("invalid_request"), frame=nft({"add": {"ruleset": None}}))
add("cmd-list-chains-plural", "plural listings other than tables are not accepted", err("invalid_request"),
    frame=nft({"list": {"chains": None}}))
add("cmd-list-ruleset-filter", "list ruleset with a family filter", err("invalid_request"),
    frame=nft({"list": {"ruleset": {"family": "inet"}}}))
add("cmd-list-ruleset", "list ruleset (answered with the policy's tables only)", ok(),
    frame=nft({"list": {"ruleset": None}}))
add("cmd-list-tables", "list tables (answered with the policy's tables only)", ok(),
    frame=nft({"list": {"tables": None}}))
add("cmd-list-ruleset-not-alone", "list ruleset must be the only command of its batch", err("invalid_request"),
    frame=nft({"list": {"ruleset": None}}, {"add": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-list-table", "list an owned table", ok(), frame=nft({"list": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-list-set", "list an owned set", ok(), frame=nft({"list": {"set": dict(T, name="s")}}))
add("cmd-flush-table", "flush an owned table", ok(), frame=nft({"flush": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-flush-chain", "flush a chain", ok(), frame=nft({"flush": {"chain": dict(T, name="c")}}))
add("cmd-flush-set", "flush a set", ok(), frame=nft({"flush": {"set": dict(T, name="s")}}))
add("cmd-delete-table", "delete an owned table", ok(), frame=nft({"delete": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-delete-chain-handle", "delete a chain by handle", ok(), frame=nft({"delete": {"chain": dict(T, handle=3)}}))
add("cmd-delete-rule", "delete a rule by handle", ok(), frame=nft({"delete": {"rule": dict(T, chain="c", handle=4)}}))
add("cmd-delete-rule-no-handle", "delete a rule without handle", err("invalid_request", "/batch/nftables/0/delete/rule/handle"),
    frame=nft({"delete": {"rule": dict(T, chain="c")}}))
add("cmd-delete-element", "delete set elements", ok(),
    frame=nft({"delete": {"element": dict(T, name="s", elem=["10.0.0.1"])}}))
add("cmd-rename-chain", "rename a chain", ok(), frame=nft({"rename": {"chain": dict(T, name="c", newname="c2")}}))
add("cmd-rename-missing-newname", "rename without newname", err("invalid_request", "/batch/nftables/0/rename/chain/newname"),
    frame=nft({"rename": {"chain": dict(T, name="c")}}))
add("cmd-rename-table", "rename works on chains only", err("invalid_request"),
    frame=nft({"rename": {"table": {"family": "inet", "name": "app", "newname": "x"}}}))
add("cmd-reset-counter", "reset a named counter", ok(), frame=nft({"reset": {"counter": dict(T, name="cnt")}}))
add("cmd-reset-counters-plural", "reset counters (plural) is not accepted", err("invalid_request"),
    frame=nft({"reset": {"counters": None}}))
add("cmd-insert-rule-index", "insert a rule at an index", ok(),
    frame=nft({"insert": {"rule": dict(T, chain="c", index=0, expr=[ACCEPT])}}))
add("cmd-replace-rule", "replace a rule by handle", ok(),
    frame=nft({"replace": {"rule": dict(T, chain="c", handle=4, expr=[{"drop": None}])}}))
add("cmd-replace-rule-no-handle", "replace without handle", err("invalid_request", "/batch/nftables/0/replace/rule/handle"),
    frame=nft({"replace": {"rule": dict(T, chain="c", expr=[{"drop": None}])}}))
add("cmd-insert-table", "insert works on rules only", err("invalid_request"),
    frame=nft({"insert": {"table": {"family": "inet", "name": "app"}}}))
add("cmd-rule-empty-expr", "a rule without statements", err("invalid_request", "/batch/nftables/0/add/rule/expr"),
    frame=nft(rule()))
add("cmd-rule-handle-and-index", "handle and index together", err("invalid_request"),
    frame=nft(rule(ACCEPT, handle=2, index=1)))
add("cmd-rule-handle-zero", "handle 0", err("invalid_request", "/batch/nftables/0/add/rule/handle"),
    frame=nft(rule(ACCEPT, handle=0)))
add("cmd-rule-comment", "a rule with a comment", ok(), frame=nft(rule(ACCEPT, comment="allow all, said the ticket")))
add("cmd-rule-comment-128", "a comment of 128 bytes", ok(), frame=nft(rule(ACCEPT, comment="c" * 128)))
add("cmd-rule-comment-129", "a comment of 129 bytes", err("limit_exceeded"), frame=nft(rule(ACCEPT, comment="c" * 129)))
add("cmd-rule-comment-quote", "a comment with a double quote", err("invalid_request"), frame=nft(rule(ACCEPT, comment='say "hi"')))
add("cmd-rule-comment-newline", "a comment with an escaped newline", err("invalid_request"), frame=nft(rule(ACCEPT, comment="a\nb")))
add("cmd-rule-comment-unicode", "a comment with non-ASCII text", ok(), frame=nft(rule(ACCEPT, comment="grüße ✓")))

# Tables, chains.
add("obj-table", "add an owned table", ok(), frame=nft({"add": {"table": {"family": "inet", "name": "app"}}}))
add("obj-table-create", "create an owned table", ok(), frame=nft({"create": {"table": {"family": "inet", "name": "nftj_demo"}}}))
add("obj-chain-regular", "a regular chain", ok(), frame=nft({"add": {"chain": dict(T, name="c")}}))
add("obj-chain-base", "a base chain", ok(),
    frame=nft({"add": {"chain": dict(T, name="input", type="filter", hook="input", prio=0, policy="accept")}}))
add("obj-chain-base-negative-prio", "a base chain with a negative priority", ok(),
    frame=nft({"add": {"chain": dict(T, name="pre", type="nat", hook="prerouting", prio=-100)}}))
add("obj-chain-prio-out-of-range", "priority beyond 32 bits", err("invalid_request"),
    frame=nft({"add": {"chain": dict(T, name="pre", type="filter", hook="input", prio=4294967296)}}))
add("obj-chain-partial-base", "a base chain without priority", err("invalid_request", "/batch/nftables/0/add/chain/prio"),
    frame=nft({"add": {"chain": dict(T, name="input", type="filter", hook="input")}}))
add("obj-chain-unknown-hook", "unknown hook", err("invalid_request"),
    frame=nft({"add": {"chain": dict(T, name="input", type="filter", hook="inbound", prio=0)}}))
add("obj-chain-ingress-dev", "an ingress chain with a device", ok(),
    frame=nft({"add": {"chain": {"family": "inet", "table": "app", "name": "ing", "type": "filter", "hook": "ingress", "prio": 0, "dev": "lo"}}}))
add("obj-chain-ingress-devs", "an ingress chain with two devices", ok(),
    frame=nft({"add": {"chain": {"family": "inet", "table": "app", "name": "ing", "type": "filter", "hook": "ingress", "prio": 0, "dev": ["lo", "eth0"]}}}))
add("obj-chain-ingress-no-dev", "an ingress chain without device", err("invalid_request"),
    frame=nft({"add": {"chain": dict(T, name="ing", type="filter", hook="ingress", prio=0)}}))
add("obj-chain-dev-empty", "device name empty (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"chain": dict(T, name="ing", type="filter", hook="ingress", prio=0, dev="")}}))
add("obj-chain-dev-16", "device name of 16 bytes", err("limit_exceeded"),
    frame=nft({"add": {"chain": dict(T, name="ing", type="filter", hook="ingress", prio=0, dev="d234567890123456")}}))
add("obj-chain-dev-15", "device name of 15 bytes", ok(),
    frame=nft({"add": {"chain": dict(T, name="ing", type="filter", hook="ingress", prio=0, dev="d23456789012345")}}))
# Sets and maps.
add("obj-set-simple", "an ipv4 set with elements", ok(),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", elem=["10.0.0.1", "10.0.0.2"])}}))
add("obj-set-all-options", "a set with flags, timeout, gc-interval, size, policy, comment", ok(),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", flags=["interval", "timeout"], timeout=60,
                                   **{"gc-interval": 30}, size=65535, policy="memory", comment="blocklist")}}))
add("obj-set-interval-elements", "an interval set with prefixes and ranges", ok(),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", flags="interval",
                                   elem=[{"prefix": {"addr": "10.0.0.0", "len": 8}}, {"range": ["192.168.0.1", "192.168.0.9"]}])}}))
add("obj-set-ipv6", "an ipv6 set", ok(), frame=nft({"add": {"set": dict(T, name="s6", type="ipv6_addr", elem=["2001:db8::1", "::1"])}}))
add("obj-set-service", "an inet_service set with numbers", ok(), frame=nft({"add": {"set": dict(T, name="ports", type="inet_service", elem=[22, 80, 443])}}))
add("obj-set-service-name", "an inet_service set with a service name", err("lookup_refused"),
    frame=nft({"add": {"set": dict(T, name="ports", type="inet_service", elem=["ssh"])}}))
add("obj-set-ifname", "an ifname set declared with its elements", ok(),
    frame=nft({"add": {"set": dict(T, name="ifs", type="ifname", elem=["eth0", "wg0"])}}))
add("obj-set-ifname-then-element", "elements of an ifname set declared earlier in the same batch", ok(),
    frame=nft({"add": {"set": dict(T, name="ifs", type="ifname")}}, {"add": {"element": dict(T, name="ifs", elem=["eth1"])}}))
add("obj-element-unknown-set-keyword", "a keyword added to a set whose type the batch does not declare", err("lookup_refused"),
    frame=nft({"add": {"element": dict(T, name="s", elem=["established"])}}))
add("obj-element-unknown-set-host", "a host name added to a set of unknown type", err("lookup_refused"),
    frame=nft({"add": {"element": dict(T, name="s", elem=["localhost"])}}))
add("obj-element-unknown-set-numbers", "numbers and numeric addresses for a set of unknown type", ok(),
    frame=nft({"add": {"element": dict(T, name="s", elem=["10.1.2.3", "2001:db8::2", "00:11:22:33:44:55", 7])}}))
add("obj-element-elem-object", "element objects with timeout, expires and comment", ok(),
    frame=nft({"add": {"element": dict(T, name="s", elem=[{"elem": {"val": "10.0.0.3", "timeout": 30, "expires": 20, "comment": "temp"}}])}}))
add("obj-element-elem-counter", "an element object with a counter", ok(),
    frame=nft({"add": {"element": dict(T, name="s", elem=[{"elem": {"val": "10.0.0.3", "counter": {"packets": 0, "bytes": 0}}}])}}))
add("obj-element-existing-map-verdicts", "[key, verdict] pairs added to a map made by an earlier batch (the helper knows its type)", ok(),
    frame=nft({"add": {"element": dict(T, name="m", elem=[["10.0.0.1", {"accept": None}], ["10.0.0.2", {"jump": {"target": "input"}}]])}}))
add("obj-element-existing-map-values", "[key, value] pairs added to a map made by an earlier batch", ok(),
    frame=nft({"add": {"element": dict(T, name="m", elem=[["10.0.0.1", 42], [{"prefix": {"addr": "10.1.0.0", "len": 16}}, "192.0.2.1"],
                                                          [{"concat": ["10.0.0.3", 80]}, {"concat": ["192.0.2.2", 8080]}]])}}))
add("obj-element-existing-map-bad-verdict", "a pair whose verdict is no verdict, added to a map made earlier", err("invalid_request"),
    frame=nft({"add": {"element": dict(T, name="m", elem=[["10.0.0.1", {"accept": 1}]])}}))
add("obj-element-elem-unknown-field", "an element object with an unknown field", err("invalid_request"),
    frame=nft({"add": {"element": dict(T, name="s", elem=[{"elem": {"val": "10.0.0.3", "ttl": 3}}])}}))
add("obj-set-concat", "a concatenated set type with concat elements", ok(),
    frame=nft({"add": {"set": dict(T, name="pairs", type=["ipv4_addr", "inet_service"], elem=[{"concat": ["10.0.0.1", 22]}])}}))
add("obj-set-concat-wrong-arity", "a concat element with the wrong number of components", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="pairs", type=["ipv4_addr", "inet_service"], elem=[{"concat": ["10.0.0.1", 22, 1]}])}}))
add("obj-set-type-single-array", "a one-component type array (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="s", type=["ifname"], flags=["interval"], elem=[[]])}}))
add("obj-set-type-empty-array", "an empty type array (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="s", type=[], elem=[{"concat": ["foo", "bar"]}])}}))
add("obj-set-unknown-type", "unknown set type", err("invalid_request"), frame=nft({"add": {"set": dict(T, name="s", type="ipv5_addr")}}))
add("obj-set-no-type", "a set without type", err("invalid_request"), frame=nft({"add": {"set": dict(T, name="s")}}))
add("obj-set-stmt-empty", "a set with an empty statement object (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", stmt=[{}])}}))
add("obj-set-stmt-accept", "a set applies only counter, limit and quota to its elements", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", stmt=[{"accept": None}])}}))
add("obj-set-empty-elem", "an empty element list", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", elem=[])}}))
add("good-fib-oif-missing", "fib saddr . iif oif missing: the index comes from the helper's route socket",
    ok(), frame=nft(rule(match({"fib": {"result": "oif", "flags": ["saddr", "iif"]}}, False))))
# What nft lists, taken back (test-vectors/rulesets): each construct the validators accept
# because a listing holds it, with its refused neighbours.
add("good-table-flags", "a table's flags (libnftables 1.0.6 reads and ignores them)", ok(),
    frame=nft({"add": {"table": {"family": "inet", "name": "app", "flags": ["dormant"], "comment": "the app's table"}}}))
add("good-table-flags-own-name", "a table's flags as nft 1.0.6 lists them: the table's own name", ok(),
    frame=nft({"add": {"table": {"family": "inet", "name": "app", "flags": "app"}}}))
add("bad-table-flags-unknown", "a table flag that does not exist", err("invalid_request", "/batch/nftables/0/add/table/flags"),
    frame=nft({"add": {"table": {"family": "inet", "name": "app", "flags": "sleepy"}}}))
add("good-object-comments", "comments on a chain and on named objects", ok(),
    frame=nft({"add": {"chain": dict(T, name="c", comment="regular")}},
              {"add": {"counter": dict(T, name="k", comment="counts")}},
              {"add": {"quota": dict(T, name="q", bytes=1000, comment="caps")}},
              {"add": {"limit": dict(T, name="l", rate=10, per="second", comment="limits")}}))
add("good-limit-byte-units", "a named limit in kbytes with a burst in kbytes", ok(),
    frame=nft({"add": {"limit": dict(T, name="l", rate=10, per="second", rate_unit="kbytes", burst=5, burst_unit="kbytes")}}))
add("bad-limit-rate-unit", "a named limit in an unknown unit", err("invalid_request"),
    frame=nft({"add": {"limit": dict(T, name="l", rate=10, per="second", rate_unit="gbytes")}}))
add("good-set-auto-merge", "an interval set with auto-merge", ok(),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", flags=["interval"], **{"auto-merge": True})}}))
add("good-set-stmt-counter", "a set that counts each element", ok(),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", stmt=[{"counter": {"packets": 0, "bytes": 0}}])}}))
add("good-set-iface-index", "a set of interface indexes: names resolved through the helper's route socket", ok(),
    frame=nft({"add": {"set": dict(T, name="s", type="iface_index", elem=["lo", 1])}}))
add("good-set-types-listed", "set types nft lists (ct_dir, icmp_code, fib_addrtype)", ok(),
    frame=nft({"add": {"set": dict(T, name="d", type="ct_dir", elem=["original"])}},
              {"add": {"set": dict(T, name="i", type="icmp_code", elem=["port-unreachable"])}},
              {"add": {"set": dict(T, name="f", type="fib_addrtype", elem=["local"])}}))
add("lookup-set-type-uid", "a set of uids: libnftables 1.0.6 resolves each element through NSS, even a number (SIGSYS)",
    err("invalid_request", "/batch/nftables/0/add/set/type"), frame=nft({"add": {"set": dict(T, name="u", type="uid", elem=[0])}}))
add("good-map-counter-names", "a map to counters and the rule that counts through it", ok(),
    frame=nft({"add": {"counter": dict(T, name="c1")}},
              {"add": {"map": dict(T, name="m", type="ipv4_addr", map="counter", elem=[["10.0.0.1", "c1"]])}},
              rule({"counter": {"map": {"key": payload("ip", "saddr"), "data": "@m"}}})))
add("good-ct-helper-map", "a ct helper chosen by an anonymous map on a concatenation, as nft lists it", ok(),
    frame=nft({"add": {"ct helper": dict(T, name="sip-u", type="sip", protocol="udp", l3proto="ip")}},
              rule({"ct helper": {"map": {"key": {"concat": [payload("ip", "protocol"), payload("th", "dport")]},
                                          "data": {"set": [[{"concat": ["udp", {"range": [10000, 20000]}]}, "sip-u"]]}}}})))
add("bad-ct-helper-map-name", "a ct helper map whose data is no name", err("lookup_refused"),
    frame=nft(rule({"ct helper": {"map": {"key": payload("udp", "dport"), "data": {"set": [[5060, "sip u"]]}}}})))
add("good-elem-limit-quota", "element objects with a limit and a quota, as nft lists a set whose stmt gives them", ok(),
    frame=nft({"add": {"set": dict(T, name="l", type="ipv4_addr", stmt=[{"limit": {"rate": 1, "per": "second"}}],
                                   elem=[{"elem": {"val": "10.0.0.1", "limit": {"rate": 1, "burst": 5, "per": "second"}}}])}},
              {"add": {"set": dict(T, name="q", type="ipv4_addr", stmt=[{"quota": {"val": 500, "val_unit": "bytes"}}],
                                   elem=[{"elem": {"val": "10.0.0.1", "quota": {"val": 500, "val_unit": "bytes"}}}])}}))
add("bad-elem-limit-unit", "an element's limit with an unknown time unit", err("invalid_request"),
    frame=nft({"add": {"element": dict(T, name="s", elem=[{"elem": {"val": "10.0.0.1", "limit": {"rate": 1, "per": "fortnight"}}}])}}))
add("bad-map-counter-name", "a counter map whose data is no name", err("lookup_refused"),
    frame=nft({"add": {"map": dict(T, name="m", type="ipv4_addr", map="counter", elem=[["10.0.0.1", "c 1"]])}}))
add("good-map-catchall-declared", "the catch-all key of a map declared without interval, in its declaration", ok(),
    frame=nft({"add": {"map": dict(T, name="m", type="ipv4_addr", map="verdict", elem=[["10.0.0.1", {"drop": None}], ["*", {"accept": None}]])}}))
add("good-flag-list", "ct state given as a list of flags (as nft lists it)", ok(),
    frame=nft(rule(match(ct("state"), ["established", "related"]), ACCEPT)))
add("good-flag-list-mask", "tcp flags & (fin|syn|rst|ack) == syn, the mask as a list of flags", ok(),
    frame=nft(rule(match({"&": [payload("tcp", "flags"), ["fin", "syn", "rst", "ack"]]}, "syn"))))
add("bad-flag-list-not-flags", "a list where the type has no flags", err("invalid_request"),
    frame=nft(rule(match(payload("tcp", "dport"), [22, 80]))))
add("good-ipsec", "ipsec in reqid 1 and ipsec out ip saddr", ok(),
    frame=nft(rule(match({"ipsec": {"key": "reqid", "dir": "in"}}, 1)),
              rule(match({"ipsec": {"key": "saddr", "dir": "out", "family": "ip"}}, "10.0.0.1"))))
add("bad-ipsec-key", "ipsec with an unknown key", err("invalid_request"),
    frame=nft(rule(match({"ipsec": {"key": "colour", "dir": "in"}}, 1))))
add("good-set-statement-timeout-limit", "update @s { ip saddr timeout 30s limit rate 10/second }", ok(),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", flags=["dynamic", "timeout"])}},
              rule({"set": {"op": "update", "set": "@s", "elem": {"elem": {"val": payload("ip", "saddr"), "timeout": 30}},
                            "stmt": [{"limit": {"rate": 10, "per": "second"}}]}})))
add("bad-set-statement-stmt", "a set statement applying a verdict to its element", err("invalid_request"),
    frame=nft(rule({"set": {"op": "add", "set": "@s", "elem": payload("ip", "saddr"), "stmt": [{"drop": None}]}})))
add("good-ipv6-v4-mapped", "an IPv4-mapped IPv6 prefix (::ffff:0.0.0.0/96), as firewalld writes it", ok(),
    frame=nft(rule(match(payload("ip6", "saddr"), {"prefix": {"addr": "::ffff:0.0.0.0", "len": 96}}))))
add("good-meta-groups-and-realms", "meta iifgroup, rt classid and meta ipsec as nft lists them", ok(),
    frame=nft(rule(match(meta("iifgroup"), "default"), match({"rt": {"key": "classid"}}, 3), match(meta("ipsec"), True))))
add("obj-set-catchall", "the catch-all element of a named set (libnftables 1.0.6 crashes on it in interval sets)",
    err("invalid_request"), frame=nft({"add": {"element": dict(T, name="s", elem=["*"])}}))
add("obj-set-catchall-declared", "the catch-all element of a set declared in the same batch: still refused", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr")}}, {"add": {"element": dict(T, name="s", elem=["*"])}}))
add("obj-map-catchall-interval", "the catch-all key of an interval map (crashes libnftables 1.0.6)", err("invalid_request"),
    frame=nft({"add": {"map": dict(T, name="m", type="ipv4_addr", map="verdict", flags="interval", elem=[["*", {"drop": None}]])}}))
add("good-vmap-literal-catchall", "the catch-all in an anonymous verdict map literal", ok(),
    frame=nft(rule(match(payload("ip", "saddr"), "10.0.0.1"), {"vmap": {"key": payload("ip", "saddr"), "data": {"set": [[{"prefix": {"addr": "10.0.0.0", "len": 8}}, {"drop": None}], ["*", {"accept": None}]]}}})))
add("obj-map", "a map ipv4 → mark", ok(),
    frame=nft({"add": {"map": dict(T, name="m", type="ipv4_addr", map="mark", elem=[["10.0.0.1", 1], ["10.0.0.2", 2]])}}))
add("obj-map-catchall-as-data", "the catch-all used as data (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"map": dict(T, name="m", type="ipv4_addr", map="mark", elem=[["1.2.3.4", "*"]])}}))
add("obj-map-no-data-type", "a map without its data type", err("invalid_request"),
    frame=nft({"add": {"map": dict(T, name="m", type="ipv4_addr")}}))
add("obj-set-with-map-field", "a set given a data type", err("invalid_request"),
    frame=nft({"add": {"set": dict(T, name="s", type="ipv4_addr", map="mark")}}))
add("obj-vmap", "a verdict map", ok(),
    frame=nft({"add": {"map": dict(T, name="vm", type="inet_service", map="verdict",
                                   elem=[[22, {"accept": None}], [23, {"drop": None}], [24, {"jump": {"target": "c"}}]])}}))
add("obj-vmap-empty-jump", "a verdict map with an empty jump target (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"map": dict(T, name="vm", type="ipv4_addr", map="verdict", elem=[["1.2.3.4", {"jump": {"target": ""}}]])}}))
add("obj-vmap-data-not-verdict", "a verdict map with a number as data", err("invalid_request"),
    frame=nft({"add": {"map": dict(T, name="vm", type="inet_service", map="verdict", elem=[[22, 1]])}}))
# Named objects.
add("obj-counter", "a named counter", ok(), frame=nft({"add": {"counter": dict(T, name="cnt")}}))
add("obj-counter-values", "a named counter with initial values", ok(), frame=nft({"add": {"counter": dict(T, name="cnt", packets=1, bytes=64)}}))
add("obj-quota", "a named quota", ok(), frame=nft({"add": {"quota": dict(T, name="q", bytes=1000000, inv=True)}}))
add("obj-limit", "a named limit", ok(), frame=nft({"add": {"limit": dict(T, name="l", rate=10, per="second", burst=5, unit="packets")}}))
add("obj-limit-bad-unit", "a named limit with an unknown time unit", err("invalid_request"),
    frame=nft({"add": {"limit": dict(T, name="l", rate=10, per="fortnight")}}))
add("obj-ct-helper", "a ct helper", ok(), frame=nft({"add": {"ct helper": dict(T, name="ftp-standard", type="ftp", protocol="tcp", l3proto="ip")}}))
add("obj-ct-timeout", "a ct timeout policy", ok(),
    frame=nft({"add": {"ct timeout": dict(T, name="tt", protocol="tcp", l3proto="ip", policy={"established": 123, "close": 12})}}))
add("obj-ct-timeout-bad-protocol", "a ct timeout with protocol Xcp (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"ct timeout": dict(T, name="tt", protocol="Xcp", l3proto="ip", policy={"established": 123})}}))
add("obj-ct-expectation", "a ct expectation", ok(),
    frame=nft({"add": {"ct expectation": dict(T, name="e", protocol="tcp", dport=22, timeout=1000, size=8, l3proto="ip")}}))
add("obj-secmark", "a secmark", ok(), frame=nft({"add": {"secmark": dict(T, name="sm", context="system_u:object_r:ssh_server_packet_t:s0")}}))
add("obj-synproxy", "a synproxy object", ok(), frame=nft({"add": {"synproxy": dict(T, name="sp", mss=1460, wscale=7, flags=["timestamp", "sack-perm"])}}))
add("obj-flowtable", "a flowtable", ok(), frame=nft({"add": {"flowtable": dict(T, name="ft", hook="ingress", prio=0, dev=["lo"])}}))
add("obj-flowtable-no-prio", "a flowtable without priority (upstream crash shape)", err("invalid_request"),
    frame=nft({"add": {"flowtable": dict(T, name="ft", hook="ingress", dev=["lo"])}}))

# ------------------------------------------------------------------------------------------
# Names (bad-inputs 24).

for name, value, code in [("quote", 'a"b', "invalid_request"), ("newline", "a\nb", "invalid_request"),
                          ("dollar", "$app", "invalid_request"), ("at", "@app", "invalid_request"),
                          ("star", "*", "invalid_request"), ("empty", "", "invalid_request"),
                          ("space", "my table", "invalid_request"), ("unicode", "täble", "invalid_request"),
                          ("256", "a" * 256, "limit_exceeded"), ("backslash", "a\\b", "invalid_request")]:
    add(f"name-chain-{name}", f"chain name: {name}", err(code, "/batch/nftables/0/add/chain/name"),
        frame=nft({"add": {"chain": dict(T, name=value)}}))
add("name-chain-255", "a chain name of 255 bytes", ok(), frame=nft({"add": {"chain": dict(T, name="a" * 255)}}))
add("name-chain-charset", "a chain name using every accepted character class", ok(),
    frame=nft({"add": {"chain": dict(T, name="In_put-1.v2/x")}}))
add("name-jump-empty", "jump to an empty target", err("invalid_request"), frame=nft(rule({"jump": {"target": ""}})))
add("name-jump-at", "jump to \"@c\"", err("invalid_request"), frame=nft(rule({"goto": {"target": "@c"}})))
add("name-set-ref-star", "a set reference \"@*\"", err("invalid_request"),
    frame=nft(rule(match(payload("ip", "saddr"), "@*"))))

# ------------------------------------------------------------------------------------------
# Policy (bad-inputs 28).

add("policy-other-table", "add a table outside the policy", err("policy_denied", "/batch/nftables/0"),
    frame=nft({"add": {"table": {"family": "inet", "name": "other"}}}))
add("policy-other-family", "the owned name in another family", err("policy_denied"),
    frame=nft({"add": {"table": {"family": "ip", "name": "app"}}}))
add("policy-accept-rule-foreign-table", "an accept rule for another program's table", err("policy_denied", "/batch/nftables/1"),
    frame=nft(rule(ACCEPT), rule(ACCEPT, table="firewalld")))
add("policy-flush-ruleset", "flush ruleset", err("policy_denied"), frame=nft({"flush": {"ruleset": None}}))
add("policy-delete-table-by-handle", "delete a table by handle only (cannot be checked)", err("policy_denied"),
    frame=nft({"delete": {"table": {"family": "inet", "handle": 1}}}))
add("policy-list-foreign-table", "list a table outside the policy", err("policy_denied"),
    frame=nft({"list": {"table": {"family": "inet", "name": "firewalld"}}}))
add("policy-reserved-rate-table", "the table that keeps the rate limit in the kernel: no policy can own it",
    err("policy_denied", "/batch/nftables/0"),
    frame=nft({"add": {"element": {"family": "inet", "table": "nftj_rate", "name": "p0", "elem": ["10.0.0.1"]}}}))
add("policy-whole-batch-checked", "a denied command after allowed ones: nothing runs", err("policy_denied", "/batch/nftables/2"),
    frame=nft({"add": {"table": {"family": "inet", "name": "app"}}}, {"add": {"chain": dict(T, name="c")}},
              {"delete": {"table": {"family": "inet", "name": "other"}}}))

# ------------------------------------------------------------------------------------------
# Lookups (bad-inputs 25) — measured with strace on libnftables 1.0.6.

L = "/batch/nftables/0/add/rule/expr/0/match/right"
add("lookup-host-name", "ip saddr localhost (DNS)", err("lookup_refused", L), frame=nft(rule(match(payload("ip", "saddr"), "localhost"))))
add("lookup-host-in-set", "a host name inside an anonymous set", err("lookup_refused"),
    frame=nft(rule(match(payload("ip", "saddr"), {"set": ["1.2.3.4", "example.com"]}))))
add("lookup-service-name", "tcp dport ssh (/etc/services)", err("lookup_refused", L), frame=nft(rule(match(payload("tcp", "dport"), "ssh"))))
add("lookup-numeric-string-port", "tcp dport \"22\" (use the JSON number)", err("lookup_refused", L), frame=nft(rule(match(payload("tcp", "dport"), "22"))))
add("lookup-protocol-gre", "meta l4proto gre: answered from the protocols table the helper read at start", ok(),
    frame=nft(rule(match(meta("l4proto"), "gre"))))
add("lookup-protocol-igmp", "ip protocol igmp: answered from the protocols table the helper read at start", ok(),
    frame=nft(rule(match(payload("ip", "protocol"), "igmp"))))
add("lookup-protocol-not-a-name", "a protocol that is not a name", err("lookup_refused", L),
    frame=nft(rule(match(payload("ip", "protocol"), "-gre"))))
add("lookup-skuid", "meta skuid (NSS lookup even for numbers)", err("lookup_refused"), frame=nft(rule(match(meta("skuid"), 0))))
add("lookup-skgid-name", "meta skgid root", err("lookup_refused"), frame=nft(rule(match(meta("skgid"), "root"))))
add("lookup-iif", "meta iif by name: resolved through the helper's route socket", ok(), frame=nft(rule(match(meta("iif"), "lo"))))
add("lookup-oif-number", "meta oif 1", ok(), frame=nft(rule(match(meta("oif"), 1))))
add("lookup-iif-not-an-interface", "meta iif with a name no interface can have", err("invalid_request", L),
    frame=nft(rule(match(meta("iif"), "eth 0"))))
add("lookup-ipv6-zone", "an IPv6 address with a zone (%lo is an interface lookup)", err("lookup_refused", L),
    frame=nft(rule(match(payload("ip6", "saddr"), "fe80::1%lo"))))
add("lookup-ipv4-short", "127.1 (inet_aton shorthand)", err("lookup_refused", L), frame=nft(rule(match(payload("ip", "saddr"), "127.1"))))
add("lookup-ipv4-prefix-string", "\"10.0.0.0/8\" as a string (resolved as a host name)", err("lookup_refused", L),
    frame=nft(rule(match(payload("ip", "saddr"), "10.0.0.0/8"))))
add("lookup-ipv4-for-ipv6", "an IPv4 address where IPv6 is expected", err("lookup_refused", L),
    frame=nft(rule(match(payload("ip6", "saddr"), "1.2.3.4"))))
add("lookup-hour-string", "meta hour \"17:00\": the local time zone the helper loaded at start", ok(),
    frame=nft(rule(match(meta("hour"), "17:00"))))
add("lookup-hour-not-a-time", "meta hour with a string that is no time", err("lookup_refused", L),
    frame=nft(rule(match(meta("hour"), "noon"))))
add("lookup-time-string", "meta time \"2030-01-01 00:00:00\"", ok(), frame=nft(rule(match(meta("time"), "2030-01-01 00:00:00"))))
add("lookup-ct-label", "ct label by name (/etc/connlabel.conf)", err("lookup_refused", L), frame=nft(rule(match(ct("label"), "foo"))))
add("lookup-realm-name", "meta rtclassid by name: libnftables read its realm table at start", ok(),
    frame=nft(rule(match(meta("rtclassid"), "cosmos"))))
add("lookup-fwd-device-map", "fwd to a device chosen by a map of interface names, in a netdev table outside the policy",
    err("policy_denied"), frame=nft(rule({"fwd": {"dev": {"map": {"key": meta("mark"), "data": {"set": [[1, "lo"], [2, "lo"]]}}}}},
                                         family="netdev")))
add("lookup-dup-device-map", "dup to a device chosen by a map, in a netdev table outside the policy", err("policy_denied"),
    frame=nft(rule({"dup": {"addr": {"map": {"key": meta("mark"), "data": {"set": [[1, "lo"]]}}}}}, family="netdev")))
add("bad-fwd-device-map-host", "a device map whose data is a host name, not an interface", err("invalid_request"),
    frame=nft(rule({"fwd": {"dev": {"map": {"key": meta("mark"), "data": {"set": [[1, "a b"]]}}}}}, family="netdev")))
add("good-dup-address-map", "dup to an address chosen by a map, with a device", ok(),
    frame=nft(rule({"dup": {"addr": {"map": {"key": payload("ip", "saddr"), "data": {"set": [["192.0.2.120", "192.0.2.1"]]}}},
                            "dev": "lo"}})))
add("lookup-fwd", "fwd to a device (resolved through the route socket) in a netdev table outside the policy",
    err("policy_denied"), frame=nft(rule({"fwd": {"dev": "lo"}}, family="netdev")))
add("lookup-dup-dev", "dup with a device: resolved through the helper's route socket", ok(),
    frame=nft(rule({"dup": {"addr": "10.0.0.1", "dev": "eth0"}})))
add("lookup-snat-host", "snat to a host name", err("lookup_refused"), frame=nft(rule({"snat": {"addr": "gateway", "family": "ip"}})))
add("lookup-keyword-wrong-type", "a ct state keyword where an address is expected", err("lookup_refused", L),
    frame=nft(rule(match(payload("ip", "saddr"), "established"))))
add("lookup-cgroupv2", "socket cgroupv2 (resolves a path in the file system)",
    err("lookup_refused", "/batch/nftables/0/add/rule/expr/0/match/left/socket/key"),
    frame=nft(rule(match({"socket": {"key": "cgroupv2", "level": 1}}, "user.slice"))))
add("lookup-osf", "osf (reads the OS fingerprint file)", err("lookup_refused", "/batch/nftables/0/add/rule/expr/0/match/left/osf"),
    frame=nft(rule(match({"osf": {"key": "name"}}, "Linux"))))
add("lookup-meta-time-number", "meta hour as a number needs no lookup", ok(), frame=nft(rule(match(meta("hour"), 3600))))
add("lookup-protocol-tcp", "meta l4proto tcp (compiled-in)", ok(), frame=nft(rule(match(meta("l4proto"), "tcp"))))
add("lookup-protocol-number", "meta l4proto 47", ok(), frame=nft(rule(match(meta("l4proto"), 47))))
add("lookup-iifname", "iifname by name (no lookup)", ok(), frame=nft(rule(match(meta("iifname"), "eth0"))))
add("lookup-iifname-wildcard", "iifname with a trailing wildcard", ok(), frame=nft(rule(match(meta("iifname"), "veth*"))))
add("lookup-iifname-16", "iifname of 16 bytes", err("limit_exceeded", L), frame=nft(rule(match(meta("iifname"), "abcdefghijklmnop"))))
add("lookup-iifname-quote", "iifname with a quote", err("invalid_request", L), frame=nft(rule(match(meta("iifname"), 'et"h0'))))

# ------------------------------------------------------------------------------------------
# Good rules of each expression and statement kind.

good = {
    "match-tcp-dport": [match(payload("tcp", "dport"), 22), ACCEPT],
    "match-tcp-dport-ne": [match(payload("tcp", "dport"), 233, "!=")],
    "match-tcp-dport-range": [match(payload("tcp", "dport"), {"range": [33, 45]})],
    "match-tcp-dport-set": [match(payload("tcp", "dport"), {"set": [22, 80, {"range": [8000, 8080]}]})],
    "match-tcp-flags": [match(payload("tcp", "flags"), {"set": ["syn", "ack"]})],
    "match-tcp-flags-mask": [match({"&": [payload("tcp", "flags"), {"|": ["syn", "ack"]}]}, "syn")],
    "match-ip-saddr": [match(payload("ip", "saddr"), "192.168.1.1")],
    "match-ip-saddr-prefix": [match(payload("ip", "saddr"), {"prefix": {"addr": "10.0.0.0", "len": 8}})],
    "match-ip-saddr-range": [match(payload("ip", "saddr"), {"range": ["10.0.0.1", "10.0.0.9"]})],
    "match-ip-set-ref": [match(payload("ip", "saddr"), "@blocklist"), {"drop": None}],
    "match-ip-protocol": [match(payload("ip", "protocol"), {"set": ["tcp", "udp", 47]})],
    "match-ip-dscp": [match(payload("ip", "dscp"), "cs1")],
    "match-ip-ttl": [match(payload("ip", "ttl"), 64, "<")],
    "match-ip6-daddr": [match(payload("ip6", "daddr"), "2001:db8::1")],
    "match-ip6-prefix": [match(payload("ip6", "saddr"), {"prefix": {"addr": "fe80::", "len": 64}})],
    "match-ip6-nexthdr": [match(payload("ip6", "nexthdr"), "icmpv6")],
    "match-icmp-type": [match(payload("icmp", "type"), "echo-request")],
    "match-icmpv6-type": [match(payload("icmpv6", "type"), {"set": ["nd-neighbor-solicit", "nd-router-advert"]})],
    "match-udp-sport": [match(payload("udp", "sport"), 53)],
    "match-sctp-dport": [match(payload("sctp", "dport"), 5060)],
    "match-dccp-type": [match(payload("dccp", "type"), "request")],
    "match-th-dport": [match(payload("th", "dport"), 443)],
    "match-ether-saddr": [match(payload("ether", "saddr"), "00:0f:54:0c:11:04")],
    "match-ether-type": [match(payload("ether", "type"), "ip6")],
    "match-vlan-id": [match(payload("vlan", "id"), 100)],
    "match-arp-operation": [match(payload("arp", "operation"), "request")],
    "match-raw-payload": [match({"payload": {"base": "th", "offset": 16, "len": 16}}, 22)],
    "match-meta-l4proto": [match(meta("l4proto"), "udp")],
    "match-meta-mark": [match(meta("mark"), 42)],
    "match-meta-mark-mask": [match({"&": [meta("mark"), 255]}, 1)],
    "match-meta-pkttype": [match(meta("pkttype"), "broadcast")],
    "match-meta-nfproto": [match(meta("nfproto"), "ipv6")],
    "match-meta-iiftype": [match(meta("iiftype"), "loopback")],
    "match-meta-oifname-set": [match(meta("oifname"), {"set": ["eth0", "wg*"]})],
    "match-meta-day": [match(meta("day"), "Monday")],
    "match-meta-priority": [match(meta("priority"), "1:2")],
    "match-meta-secpath": [match(meta("secpath"), True)],
    "match-ct-state": [match(ct("state"), {"set": ["established", "related"]}), ACCEPT],
    "match-ct-state-in": [match(ct("state"), ["established", "related"][0], "in")],
    "match-ct-status": [match(ct("status"), "dnat")],
    "match-ct-direction": [match(ct("direction"), "reply")],
    "match-ct-mark": [match(ct("mark"), 5)],
    "match-ct-helper": [match(ct("helper"), "ftp")],
    "match-ct-original-saddr": [match(ct("saddr", dir="original", family="ip"), "10.0.0.1")],
    "match-ct-count": [{"ct count": {"val": 10, "inv": True}}, {"drop": None}],
    "match-rt-mtu": [match({"rt": {"key": "mtu"}}, 1500, ">")],
    "match-fib-type": [match({"fib": {"result": "type", "flags": ["daddr", "iif"]}}, "local")],
    "match-fib-oifname": [match({"fib": {"result": "oifname", "flags": ["saddr", "iif"]}}, "eth0")],
    "match-socket-transparent": [match({"socket": {"key": "transparent"}}, 1)],
    "match-exthdr-exists": [match({"exthdr": {"name": "frag"}}, True)],
    "match-exthdr-field": [match({"exthdr": {"name": "hbh", "field": "hdrlength"}}, 1)],
    "match-tcp-option": [match({"tcp option": {"name": "maxseg", "field": "size"}}, 1460)],
    "match-tcp-option-exists": [match({"tcp option": {"name": "sack-perm"}}, True)],
    "match-numgen": [match({"numgen": {"mode": "inc", "mod": 2}}, 0)],
    "match-jhash": [match({"jhash": {"mod": 4, "expr": payload("ip", "saddr"), "seed": 1}}, 1)],
    "match-concat-set": [match({"concat": [payload("ip", "saddr"), payload("tcp", "dport")]},
                               {"set": [{"concat": ["10.0.0.1", 22]}]})],
    "match-concat-set-ref": [match({"concat": [payload("ip", "saddr"), payload("tcp", "dport")]}, "@pairs")],
    "counter-anonymous": [{"counter": None}],
    "counter-values": [{"counter": {"packets": 0, "bytes": 0}}],
    "counter-named": [{"counter": "cnt"}],
    "limit-rate": [{"limit": {"rate": 10, "per": "second", "burst": 5}}, ACCEPT],
    "limit-bytes": [{"limit": {"rate": 1, "rate_unit": "mbytes", "per": "second"}}],
    "limit-named": [{"limit": "l"}],
    "quota-anonymous": [{"quota": {"val": 25, "val_unit": "mbytes", "inv": True}}],
    "quota-named": [{"quota": "q"}],
    "log-full": [{"log": {"prefix": "nftj: ", "level": "info", "flags": ["tcp sequence", "ip options"]}}],
    "log-group": [{"log": {"group": 2, "snaplen": 64, "queue-threshold": 1}}],
    "log-null": [{"log": None}],
    "reject-default": [{"reject": None}],
    "reject-tcp-reset": [match(meta("l4proto"), "tcp"), {"reject": {"type": "tcp reset"}}],
    "reject-icmpx": [{"reject": {"type": "icmpx", "expr": "admin-prohibited"}}],
    "reject-icmp-code": [{"reject": {"type": "icmp", "expr": "host-unreachable"}}],
    "verdict-drop": [{"drop": None}],
    "verdict-continue": [{"continue": None}],
    "verdict-return": [{"return": None}],
    "verdict-jump": [{"jump": {"target": "other"}}],
    "verdict-goto": [{"goto": {"target": "other"}}],
    "vmap-anonymous": [{"vmap": {"key": payload("tcp", "dport"), "data": {"set": [[22, ACCEPT], [23, {"drop": None}]]}}}],
    "vmap-named": [{"vmap": {"key": payload("ip", "saddr"), "data": "@vm"}}],
    "mangle-meta-mark": [{"mangle": {"key": meta("mark"), "value": 1}}],
    "mangle-ct-mark-from-meta": [{"mangle": {"key": ct("mark"), "value": meta("mark")}}],
    "mangle-ct-mark-binop": [{"mangle": {"key": ct("mark"), "value": {"|": [meta("mark"), 16]}}}],
    "mangle-payload": [{"mangle": {"key": payload("ip", "ttl"), "value": 64}}],
    "notrack": [{"notrack": None}],
    "queue-num": [{"queue": {"num": 1, "flags": ["bypass"]}}],
    "queue-range": [{"queue": {"num": {"range": [1, 3]}, "flags": "fanout"}}],
    "dup-addr": [{"dup": {"addr": "10.0.0.2"}}],
    "set-statement-add": [{"set": {"op": "add", "elem": payload("ip", "saddr"), "set": "@seen"}}],
    "set-statement-update-concat": [{"set": {"op": "update", "elem": {"concat": [payload("ip", "saddr"), payload("tcp", "dport")]}, "set": "@pairs"}}],
    "ct-helper-assign": [{"ct helper": "ftp-standard"}],
    "ct-timeout-assign": [{"ct timeout": "tt"}],
    "ct-expectation-assign": [{"ct expectation": "e"}],
    "synproxy-inline": [{"synproxy": {"mss": 1460, "wscale": 7, "flags": ["timestamp"]}}],
    "synproxy-named": [{"synproxy": "sp"}],
    "tproxy": [{"tproxy": {"family": "ip", "addr": "127.0.0.1", "port": 8080}}],
    "flow-offload": [{"flow": {"op": "add", "flowtable": "@ft"}}],
    "secmark-assign": [{"secmark": "sm"}],
}
for name, expr in good.items():
    add(f"good-{name}", f"an accepted rule: {name}", ok(), frame=nft(rule(*expr)))

add("good-nat-snat", "snat to an address and port range", ok(),
    frame=nft(rule({"snat": {"addr": "10.0.0.1", "family": "ip", "port": {"range": [1024, 2048]}, "flags": ["persistent"]}})))
add("good-nat-dnat-map", "dnat through a map lookup", ok(),
    frame=nft(rule({"dnat": {"family": "ip", "addr": {"map": {"key": payload("tcp", "dport"), "data": {"set": [[80, "10.0.0.2"], [443, "10.0.0.3"]]}}}}})))
add("good-nat-masquerade", "masquerade", ok(), frame=nft(rule({"masquerade": None})))
add("good-nat-masquerade-port", "masquerade with ports and flags", ok(),
    frame=nft(rule({"masquerade": {"port": {"range": [1024, 2048]}, "flags": "random"}})))
add("good-nat-redirect", "redirect to a port", ok(), frame=nft(rule({"redirect": {"port": 8080}})))
add("bad-nat-masquerade-addr", "masquerade takes no address", err("invalid_request"), frame=nft(rule({"masquerade": {"addr": "10.0.0.1"}})))
add("bad-reject-icmp-no-expr", "reject with an ICMP type but no code (upstream crash shape)", err("invalid_request"),
    frame=nft(rule({"reject": {"type": "icmpv6"}})))
add("bad-reject-typo", "reject with a misspelt field (upstream crash shape)", err("invalid_request"),
    frame=nft(rule({"reject": {"type": "icmpv6", "exprlimit": "port-unreachable"}})))
add("bad-binop-three-operands", "a binary operation with three operands (upstream crash shape)", err("invalid_request"),
    frame=nft(rule({"mangle": {"key": ct("mark"), "value": {"<<": [{"|": [meta("mark"), 16]}, {}, 8]}}})))
add("bad-concat-one", "a concatenation of one (upstream crash shape)", err("invalid_request"),
    frame=nft(rule(match({"concat": [payload("ip", "saddr")]}, "10.0.0.1"))))
add("bad-concat-empty", "an empty concatenation", err("invalid_request"), frame=nft(rule(match({"concat": []}, 1))))
add("bad-unknown-statement", "an unknown statement", err("invalid_request"), frame=nft(rule({"xt": {"type": "match", "name": "conntrack"}})))
add("bad-meter", "the meter statement is not accepted", err("invalid_request"),
    frame=nft(rule({"meter": {"name": "m", "key": payload("ip", "saddr"), "stmt": {"counter": None}}})))
add("bad-unknown-expression", "an unknown expression", err("invalid_request"), frame=nft(rule(match({"ipsec": {"key": "spi"}}, 1))))
add("bad-unknown-payload-field", "an unknown payload field", err("invalid_request"), frame=nft(rule(match(payload("tcp", "port"), 1))))
add("bad-unknown-meta-key", "an unknown meta key", err("invalid_request"), frame=nft(rule(match(meta("colour"), 1))))
add("bad-match-op", "an unknown match operator", err("invalid_request"), frame=nft(rule(match(payload("tcp", "dport"), 22, "=~"))))
add("bad-match-missing-op", "a match without op", err("invalid_request"),
    frame=nft(rule({"match": {"left": payload("tcp", "dport"), "right": 22}})))
add("bad-match-right-null", "a match with null on the right", err("invalid_request"), frame=nft(rule(match(payload("tcp", "dport"), None))))
add("bad-match-right-negative", "a negative value", err("invalid_request"), frame=nft(rule(match(payload("tcp", "dport"), -1))))
add("bad-match-right-array", "a bare array on the right", err("invalid_request"), frame=nft(rule(match(payload("tcp", "dport"), [22, 23]))))
add("bad-verdict-with-value", "accept with a value", err("invalid_request"), frame=nft(rule({"accept": True})))
add("bad-statement-two-keys", "a statement object with two members", err("invalid_request"), frame=nft(rule({"accept": None, "drop": None})))
add("bad-set-ref-in-mangle", "a set reference as a mangle value", err("invalid_request"),
    frame=nft(rule({"mangle": {"key": meta("mark"), "value": "@s"}})))
add("bad-catchall-in-match", "the catch-all in a match", err("invalid_request"), frame=nft(rule(match(payload("tcp", "dport"), "*"))))
add("bad-boolean-for-port", "a boolean where a port is expected", err("invalid_request"), frame=nft(rule(match(payload("tcp", "dport"), True))))
add("bad-log-prefix-128", "a log prefix of 128 bytes", err("limit_exceeded"), frame=nft(rule({"log": {"prefix": "p" * 128}})))
add("good-log-prefix-127", "a log prefix of 127 bytes", ok(), frame=nft(rule({"log": {"prefix": "p" * 127}})))
add("bad-prefix-len", "an IPv4 prefix of length 33", err("invalid_request"),
    frame=nft(rule(match(payload("ip", "saddr"), {"prefix": {"addr": "10.0.0.0", "len": 33}}))))
add("bad-raw-payload-len", "a raw payload of length 0", err("invalid_request"),
    frame=nft(rule(match({"payload": {"base": "th", "offset": 0, "len": 0}}, 1))))
add("bad-ct-dir-on-state", "ct state with a direction", err("invalid_request"), frame=nft(rule(match(ct("state", dir="original"), "new"))))

# ------------------------------------------------------------------------------------------
# The upstream crash reproducers (nft-bogons), reshaped into commands: each must be refused
# before libnftables sees it. Objects without a command become "add".
BOGON_EXPECT = {}


def bogon_commands(document):
    commands = []
    for item in document.get("nftables", []):
        if "metainfo" in item:
            continue
        commands.append({"add": item})
    return commands


if os.path.isdir(CORPUS_BOGONS):
    for filename in sorted(os.listdir(CORPUS_BOGONS)):
        path = os.path.join(CORPUS_BOGONS, filename)
        with open(path, "rb") as handle:
            raw = handle.read()
        base = "bogon-" + filename.rsplit(".", 1)[0].replace("_", "-").lower()
        add(base + "-raw", f"upstream bogon {filename}, as the raw frame body", {"ok": False},
            frame_hex=hexs(raw))
        try:
            document = json.loads(raw)
        except ValueError:
            continue
        commands = bogon_commands(document)
        if commands:
            add(base + "-commands", f"upstream bogon {filename}, reshaped into add commands", {"ok": False},
                frame=nft(*commands))
else:
    print(f"note: {CORPUS_BOGONS} not found; bogon vectors not regenerated", file=sys.stderr)

# ------------------------------------------------------------------------------------------
# Known crash shapes of libnftables 1.0.6 reachable from the accepted language, found by probing
# the helper (helper-zig/tests/hostile.py): refused before libnftables sees them.

add("crash-delete-ct-timeout", "libnftables 1.0.6 aborts (assert in cmd_evaluate_delete) on any delete of a ct timeout",
    err("invalid_request", "/batch/nftables/0/delete/ct timeout"),
    frame=nft({"delete": {"ct timeout": dict(T, name="tt")}}))
# snat/dnat to a lookup in a named set (not a map) dereferences NULL in libnftables 1.0.6; a map
# declared with an array as its data type is silently created as a set, so the shape of the
# black-box report (a map "ipv4_addr . inet_service : ipv4_addr . inet_service", then dnat to it)
# reaches the same crash. The validators refuse the array at the declaration and a lookup in a set
# the batch declares; the helper also refuses a lookup in a set that exists already.
NAT_CHAIN = {"add": {"chain": dict(T, name="pre", type="nat", hook="prerouting", prio=-100, policy="accept")}}
SNAT_CHAIN = {"add": {"chain": dict(T, name="post", type="nat", hook="postrouting", prio=100, policy="accept")}}
CONCAT_KEY = {"concat": [payload("ip", "saddr"), payload("tcp", "dport")]}
for family, key_type, data_type in [("ip", "ipv4_addr", "ipv4_addr"), ("ip6", "ipv6_addr", "ipv6_addr")]:
    add(f"crash-map-data-concat-{family}", f"a map whose data is a concatenation ({data_type} . inet_service): libnftables 1.0.6 creates a set, and dnat to it crashes",
        err("invalid_request", "/batch/nftables/1/add/map/map"),
        frame=nft(NAT_CHAIN, {"add": {"map": dict(T, name="m", type=[key_type, "inet_service"], map=[data_type, "inet_service"])}},
                  {"add": {"rule": dict(T, chain="pre", expr=[{"dnat": {"family": family, "addr": {"map": {"key": CONCAT_KEY if family == "ip" else {"concat": [payload("ip6", "saddr"), payload("tcp", "dport")]}, "data": "@m"}}}}])}}))
add("crash-map-data-concat-ip-table", "the black-box report's shape in an ip table: nat chain, map ipv4_addr . inet_service : ipv4_addr . inet_service, dnat ip to map over concat(ip saddr, tcp dport)",
    err("invalid_request", "/batch/nftables/2/add/map/map"),
    frame=nft({"add": {"table": {"family": "ip", "name": "app"}}},
              {"add": {"chain": {"family": "ip", "table": "app", "name": "pre", "type": "nat", "hook": "prerouting", "prio": -100, "policy": "accept"}}},
              {"add": {"map": {"family": "ip", "table": "app", "name": "m", "type": ["ipv4_addr", "inet_service"], "map": ["ipv4_addr", "inet_service"]}}},
              {"add": {"rule": {"family": "ip", "table": "app", "chain": "pre", "expr": [{"dnat": {"family": "ip", "addr": {"map": {"key": CONCAT_KEY, "data": "@m"}}}}]}}}))
for verb, chain in [("dnat", NAT_CHAIN), ("snat", SNAT_CHAIN)]:
    for family in ["ip", "ip6"]:
        field = payload(family, "saddr")
        add(f"crash-{verb}-{family}-lookup-in-set", f"{verb} {family} to a lookup in a named set (no data): libnftables 1.0.6 dereferences NULL",
            err("invalid_request", f"/batch/nftables/2/add/rule/expr/0/{verb}/addr/map/data"),
            frame=nft(chain, {"add": {"set": dict(T, name="s", type="ipv4_addr" if family == "ip" else "ipv6_addr")}},
                      {"add": {"rule": dict(T, chain=chain["add"]["chain"]["name"], expr=[{verb: {"family": family, "addr": {"map": {"key": field, "data": "@s"}}}}])}}))
add("good-nat-dnat-named-map", "dnat to a lookup in a named map with one data type (the shape that works)", ok(),
    frame=nft(NAT_CHAIN, {"add": {"map": dict(T, name="m", type="ipv4_addr", map="ipv4_addr")}},
              {"add": {"rule": dict(T, chain="pre", expr=[{"dnat": {"family": "ip", "addr": {"map": {"key": payload("ip", "saddr"), "data": "@m"}}}}])}}))
# A port beside an address map whose data is a concatenation (address . port): libnftables 1.0.6
# aborts (assertion in netlink_gen_nat_stmt). Found by the hostile-frames probing; the map's data
# already carries the port, so the port goes.
TCP = {"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": 6}}
CONCAT_DATA = {"set": [["192.0.2.1", {"concat": ["198.51.100.1", 80]}]]}
for verb, chain in [("dnat", NAT_CHAIN), ("snat", SNAT_CHAIN)]:
    for port_name, port in [("port", 8080), ("port-map", {"map": {"key": payload("ip", "saddr"), "data": {"set": [["192.0.2.1", 80]]}}})]:
        add(f"crash-{verb}-concat-data-map-and-{port_name}", f"{verb} ip to an address map whose data is address . port, and a {port_name.replace('-', ' ')} beside it: libnftables 1.0.6 aborts",
            err("invalid_request", f"/batch/nftables/1/add/rule/expr/1/{verb}/port"),
            frame=nft(chain, {"add": {"rule": dict(T, chain=chain["add"]["chain"]["name"], expr=[TCP, {verb: {"family": "ip", "addr": {"map": {"key": payload("ip", "saddr"), "data": CONCAT_DATA}}, "port": port}}])}}))
add("good-nat-dnat-concat-data-map", "dnat ip to an address map whose data is address . port, no port beside it (the shape that works)", ok(),
    frame=nft(NAT_CHAIN, {"add": {"rule": dict(T, chain="pre", expr=[TCP, {"dnat": {"family": "ip", "addr": {"map": {"key": payload("ip", "saddr"), "data": CONCAT_DATA}}}}])}}))
add("good-nat-dnat-address-map-and-port", "dnat ip to an address map of plain addresses and a port beside it (works)", ok(),
    frame=nft(NAT_CHAIN, {"add": {"rule": dict(T, chain="pre", expr=[TCP, {"dnat": {"family": "ip", "addr": {"map": {"key": payload("ip", "saddr"), "data": {"set": [["192.0.2.1", "198.51.100.1"]]}}}, "port": 8080}}])}}))
add("crash-delete-ct-expectation", "libnftables 1.0.6 aborts (assert in cmd_evaluate_delete) on any delete of a ct expectation",
    err("invalid_request", "/batch/nftables/0/delete/ct expectation"),
    frame=nft({"delete": {"ct expectation": dict(T, name="e")}}))

# ------------------------------------------------------------------------------------------
# Sysctl requests. Only the helper judges them (the Java side checks names and values in its own
# API, not whole frames): helperOnly, with the sysctl allowlist they assume in "sysctlPolicy".

SYSCTL_POLICY = ["net.ipv4.ip_forward", "net.ipv4.conf.*.rp_filter", "net.ipv4.ip_local_port_range",
                 "net.ipv6.conf.eth0.forwarding"]


def sysctl_vector(name, description, expect, frame):
    add("sysctl-" + name, description, expect, frame=frame, helper_only=True, sysctl_policy=SYSCTL_POLICY)


def sysctl_get(*names, **extra):
    frame = {"id": 7, "op": "sysctl_get", "names": list(names)}
    frame.update(extra)
    return frame


def sysctl_set(values, **extra):
    frame = {"id": 7, "op": "sysctl_set", "values": values}
    frame.update(extra)
    return frame


sysctl_vector("get-ok", "get of allowed names, one through the policy's interface wildcard", ok(),
              sysctl_get("net.ipv4.ip_forward", "net.ipv4.conf.eth0.rp_filter"))
sysctl_vector("get-all-interfaces", "the wildcard also allows the pseudo-interfaces all and default", ok(),
              sysctl_get("net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter"))
sysctl_vector("get-dotted-interface", "an interface name may contain dots (VLAN eth0.100)", ok(),
              sysctl_get("net.ipv4.conf.eth0.100.rp_filter"))
sysctl_vector("set-ok", "set of allowed names with values in range", ok(),
              sysctl_set({"net.ipv4.ip_forward": "1", "net.ipv4.ip_local_port_range": "32768 60999"}))
sysctl_vector("set-loose-rp-filter", "rp_filter 2 (loose) is a valid value", ok(),
              sysctl_set({"net.ipv4.conf.eth0.rp_filter": "2"}))
sysctl_vector("get-outside-policy", "a known parameter the policy does not name", err("policy_denied", "/names/0"),
              sysctl_get("net.ipv4.tcp_syncookies"))
sysctl_vector("get-interface-outside-policy", "the policy names the parameter for eth0 only",
              err("policy_denied", "/names/0"), sysctl_get("net.ipv6.conf.eth1.forwarding"))
sysctl_vector("set-outside-policy", "a set of a known parameter the policy does not name",
              err("policy_denied", "/values/net.ipv4.tcp_syncookies"), sysctl_set({"net.ipv4.tcp_syncookies": "1"}))
sysctl_vector("get-unknown-parameter", "a net.* name the helper's table does not have",
              err("invalid_request", "/names/0"), sysctl_get("net.ipv4.tcp_fake"))
sysctl_vector("get-not-net", "only net.* parameters exist for the helper", err("invalid_request", "/names/0"),
              sysctl_get("kernel.hostname"))
sysctl_vector("get-traversal", "an interface part with slashes never becomes a path",
              err("invalid_request", "/names/0"), sysctl_get("net.ipv4.conf.../../../kernel.rp_filter"))
sysctl_vector("get-path-form", "a path is not a name", err("invalid_request", "/names/0"),
              sysctl_get("/proc/sys/net/ipv4/ip_forward"))
sysctl_vector("get-long-interface", "interface names are at most 15 bytes", err("invalid_request", "/names/0"),
              sysctl_get("net.ipv4.conf.0123456789abcdef.rp_filter"))
sysctl_vector("get-wildcard-name", "the policy's wildcard is never a requested name",
              err("invalid_request", "/names/0"), sysctl_get("net.ipv4.conf.*.rp_filter"))
sysctl_vector("get-duplicate", "a name twice", err("invalid_request", "/names/1"),
              sysctl_get("net.ipv4.ip_forward", "net.ipv4.ip_forward"))
sysctl_vector("get-empty", "names must not be empty", err("invalid_request", "/names"), sysctl_get())
sysctl_vector("get-names-not-array", "names is an array of strings", err("invalid_request", "/names"),
              {"id": 7, "op": "sysctl_get", "names": "net.ipv4.ip_forward"})
sysctl_vector("get-name-not-string", "a name is a string", err("invalid_request", "/names/0"),
              {"id": 7, "op": "sysctl_get", "names": [1]})
sysctl_vector("get-too-many", "at most 128 names", err("limit_exceeded", "/names"),
              sysctl_get(*["net.ipv4.conf.d%d.rp_filter" % i for i in range(129)]))
sysctl_vector("get-unknown-field", "an unknown member of the request", err("invalid_request", "/x"),
              sysctl_get("net.ipv4.ip_forward", x=1))
sysctl_vector("set-value-out-of-range", "ip_forward is 0 or 1", err("invalid_request", "/values/net.ipv4.ip_forward"),
              sysctl_set({"net.ipv4.ip_forward": "2"}))
sysctl_vector("set-value-not-string", "values are strings", err("invalid_request", "/values/net.ipv4.ip_forward"),
              sysctl_set({"net.ipv4.ip_forward": 1}))
sysctl_vector("set-ports-reversed", "a port range is LOW HIGH with LOW <= HIGH",
              err("invalid_request", "/values/net.ipv4.ip_local_port_range"),
              sysctl_set({"net.ipv4.ip_local_port_range": "60999 32768"}))
sysctl_vector("set-empty", "values must not be empty", err("invalid_request", "/values"), sysctl_set({}))
sysctl_vector("set-check-flag", "sysctl_set has no dry run", err("invalid_request", "/check"),
              sysctl_set({"net.ipv4.ip_forward": "1"}, check=True))
sysctl_vector("get-invalid-before-policy", "every name is validated before the policy is asked",
              err("invalid_request", "/names/1"), sysctl_get("net.ipv4.tcp_ecn", "kernel.hostname"))

# ------------------------------------------------------------------------------------------
# Helper-only behaviour.

add("helper-rate-burst", "the 201st mutating request inside one second is rate limited (burst 200); the helper judges this from its own clock",
    {"ok": False, "code": "rate_limited"}, frame=nft({"add": {"table": {"family": "inet", "name": "app"}}}), helper_only=True)


def main():
    # Regenerates its own vectors only: hand-written ones (java-*.json) stay, and so do the bogon
    # vectors when the external corpus they come from is not beside the repository.
    os.makedirs(OUT, exist_ok=True)
    keep = ("java-",) if os.path.isdir(CORPUS_BOGONS) else ("java-", "bogon-")
    for old in os.listdir(OUT):
        if old.endswith(".json") and not old.startswith(keep):
            os.remove(os.path.join(OUT, old))
    for name, body in sorted(vectors.items()):
        with open(os.path.join(OUT, name + ".json"), "w", encoding="utf-8") as handle:
            json.dump(body, handle, ensure_ascii=False, indent=1)
            handle.write("\n")
    print(f"wrote {len(vectors)} vectors to {OUT}")


if __name__ == "__main__":
    main()
