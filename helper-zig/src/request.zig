//! The typed request: the envelope of every frame, decoded from the parsed tree.
//!
//!   {"id":N,"op":"hello","protocol":1}
//!   {"id":N,"op":"nft","batch":{"nftables":[...]},"check":bool?,"echo":bool?,"stream":bool?,
//!    "summary":bool?,"executor":"auto"|"libnftables"?}
//!   {"id":N,"op":"nft","batch":{"nftables":[...]},"part":true}   one part of a larger request
//!   {"id":N,"op":"sysctl_get","names":[...]}, {"id":N,"op":"sysctl_set","values":{...}}
//!   {"id":N,"op":"digest","since":G?}   the owned tables' state digest (src/digest.zig)
//!
//! Unknown ops and unknown or missing fields are refused with `invalid_request` and a JSON Pointer
//! to the field. The commands inside `batch.nftables` are checked by src/validate.zig.

const std = @import("std");
const assert = std.debug.assert;
const json = @import("json.zig");

pub const id_max: i64 = (1 << 53) - 1;
pub const protocol_version: i64 = 1;

pub const Code = enum {
    invalid_json,
    invalid_request,
    limit_exceeded,
    lookup_refused,
    unsupported_protocol,
    policy_denied,
    rate_limited,
};

/// A refusal found while reading a request. `node` is the offending value; `key` names a member
/// of it (a missing or unknown field) when that is more precise.
pub const Refusal = struct {
    code: Code,
    message: []const u8,
    node: u32,
    key: ?[]const u8 = null,
    command: ?u32 = null,
};

pub const Hello = struct { protocol: i64 };

pub const Nft = struct {
    /// The `batch.nftables` array node.
    commands: u32,
    check: bool,
    echo: bool,
    /// `"executor": "libnftables"`: run the request through libnftables even where the direct
    /// path would carry it (for tests that compare the two). Validation, policy, rate limit and
    /// answer are the same; only the executor differs, so a client gains nothing by it.
    libnftables: bool = false,
    /// `"stream": true`: the answer may come as several frames, all but the last marked
    /// `"more": true` (docs/protocol.md, "Streamed answers").
    stream: bool = false,
    /// `"summary": true` with one `list table`: the table's chains and sets without rules and
    /// elements, and their counts (docs/protocol.md, "Summary of a table").
    summary: bool = false,
    /// `"part": true`: the first or a middle frame of a request larger than one frame; its
    /// commands are judged with the whole request, once its last frame (same id, no "part") has
    /// come (docs/protocol.md, "Requests larger than a frame"). A part carries no other flag.
    part: bool = false,
};

/// sysctl_get / sysctl_set: the members are checked by src/sysctl.zig.
pub const Sysctl = struct { set: bool };

/// digest: the owned tables' state digest, unless the ruleset generation is still `since`.
pub const Digest = struct { since: ?u32 };

pub const Op = union(enum) { hello: Hello, nft: Nft, sysctl: Sysctl, digest: Digest };

pub const Request = struct { id: i64, op: Op };

pub const Decoded = union(enum) {
    ok: Request,
    /// `id` is null when the id itself could not be read.
    refused: struct { id: ?i64, refusal: Refusal },
};

/// Reads the id first so that every later refusal can carry it.
pub fn decode(tree: *const json.Tree) Decoded {
    const root = tree.root;
    assert(tree.kind(root) == .object);
    const id_node = tree.member(root, "id");
    if (id_node == json.none) return refuse(null, .invalid_request, "missing field", root, "id");
    if (tree.kind(id_node) != .integer or tree.negative(id_node) or tree.magnitude(id_node) == 0) {
        return refuse(null, .invalid_request, "id must be an integer from 1 to 2^53-1", id_node, null);
    }
    const id = tree.integer(id_node);
    assert(id >= 1 and id <= id_max);

    const op_node = tree.member(root, "op");
    if (op_node == json.none) return refuse(id, .invalid_request, "missing field", root, "op");
    if (tree.kind(op_node) != .string) return refuse(id, .invalid_request, "op must be a string", op_node, null);
    const op = tree.string(op_node);
    if (std.mem.eql(u8, op, "hello")) return decodeHello(tree, id);
    if (std.mem.eql(u8, op, "nft")) return decodeNft(tree, id);
    if (std.mem.eql(u8, op, "digest")) return decodeDigest(tree, id);
    // The members of sysctl requests are decoded by src/sysctl.zig.
    if (std.mem.eql(u8, op, "sysctl_get")) return .{ .ok = .{ .id = id, .op = .{ .sysctl = .{ .set = false } } } };
    if (std.mem.eql(u8, op, "sysctl_set")) return .{ .ok = .{ .id = id, .op = .{ .sysctl = .{ .set = true } } } };
    return refuse(id, .invalid_request, "unknown op", op_node, null);
}

fn decodeHello(tree: *const json.Tree, id: i64) Decoded {
    const root = tree.root;
    if (unknownField(tree, root, &.{ "id", "op", "protocol" })) |key| {
        return refuse(id, .invalid_request, "unknown field", root, key);
    }
    const protocol_node = tree.member(root, "protocol");
    if (protocol_node == json.none) return refuse(id, .invalid_request, "missing field", root, "protocol");
    if (tree.kind(protocol_node) != .integer) {
        return refuse(id, .invalid_request, "protocol must be an integer", protocol_node, null);
    }
    if (tree.negative(protocol_node) or tree.magnitude(protocol_node) != protocol_version) {
        return refuse(id, .unsupported_protocol, "only protocol 1 is supported", protocol_node, null);
    }
    return .{ .ok = .{ .id = id, .op = .{ .hello = .{ .protocol = protocol_version } } } };
}

fn decodeDigest(tree: *const json.Tree, id: i64) Decoded {
    const root = tree.root;
    if (unknownField(tree, root, &.{ "id", "op", "since" })) |key| {
        return refuse(id, .invalid_request, "unknown field", root, key);
    }
    const since = tree.member(root, "since");
    if (since == json.none) return .{ .ok = .{ .id = id, .op = .{ .digest = .{ .since = null } } } };
    const valid = tree.kind(since) == .integer and !tree.negative(since) and
        tree.magnitude(since) <= std.math.maxInt(u32);
    if (!valid) return refuse(id, .invalid_request, "since must be a ruleset generation from 0 to 2^32-1", since, null);
    return .{ .ok = .{ .id = id, .op = .{ .digest = .{ .since = @intCast(tree.magnitude(since)) } } } };
}

fn decodeNft(tree: *const json.Tree, id: i64) Decoded {
    const root = tree.root;
    if (unknownField(
        tree,
        root,
        &.{ "id", "op", "batch", "check", "echo", "executor", "stream", "summary", "part" },
    )) |key| {
        return refuse(id, .invalid_request, "unknown field", root, key);
    }
    const batch = tree.member(root, "batch");
    if (batch == json.none) return refuse(id, .invalid_request, "missing field", root, "batch");
    if (tree.kind(batch) != .object) return refuse(id, .invalid_request, "batch must be an object", batch, null);
    if (unknownField(tree, batch, &.{"nftables"})) |key| {
        return refuse(id, .invalid_request, "unknown field", batch, key);
    }
    const commands = tree.member(batch, "nftables");
    if (commands == json.none) return refuse(id, .invalid_request, "missing field", batch, "nftables");
    if (tree.kind(commands) != .array) return refuse(id, .invalid_request, "nftables must be an array", commands, null);
    var flags = [5]bool{ false, false, false, false, false };
    const names = [5][]const u8{ "check", "echo", "stream", "summary", "part" };
    for (names, 0..) |name, slot| {
        const node = tree.member(root, name);
        if (node == json.none) continue;
        switch (tree.kind(node)) {
            .true_value => flags[slot] = true,
            .false_value => flags[slot] = false,
            else => return refuse(id, .invalid_request, "must be a boolean", node, null),
        }
    }
    // "executor": "auto" (the default) or "libnftables" (docs/protocol.md).
    const executor = tree.member(root, "executor");
    const libnftables = executor != json.none and stringIs(tree, executor, "libnftables");
    if (executor != json.none and !libnftables and !stringIs(tree, executor, "auto")) {
        return refuse(id, .invalid_request, "executor must be \"auto\" or \"libnftables\"", executor, null);
    }
    if (flags[4]) {
        // The flags of a request larger than a frame go on its last frame.
        if (unknownField(tree, root, &.{ "id", "op", "batch", "part" })) |key| {
            return refuse(
                id,
                .invalid_request,
                "a part carries only id, op, batch and part; the flags go on the last frame",
                root,
                key,
            );
        }
    }
    return .{ .ok = .{
        .id = id,
        .op = .{ .nft = .{
            .commands = commands,
            .check = flags[0],
            .echo = flags[1],
            .stream = flags[2],
            .summary = flags[3],
            .part = flags[4],
            .libnftables = libnftables,
        } },
    } };
}

fn stringIs(tree: *const json.Tree, node: u32, expected: []const u8) bool {
    return tree.kind(node) == .string and std.mem.eql(u8, tree.string(node), expected);
}

fn refuse(id: ?i64, code: Code, message: []const u8, node: u32, key: ?[]const u8) Decoded {
    return .{ .refused = .{ .id = id, .refusal = .{ .code = code, .message = message, .node = node, .key = key } } };
}

/// The first member of `object` whose name is not in `allowed`, or null.
pub fn unknownField(tree: *const json.Tree, object: u32, allowed: []const []const u8) ?[]const u8 {
    assert(tree.kind(object) == .object);
    var key = tree.first(object);
    var remaining = tree.count(object);
    while (remaining > 0) : (remaining -= 1) {
        const name = tree.string(key);
        var known = false;
        for (allowed) |candidate| {
            if (std.mem.eql(u8, candidate, name)) known = true;
        }
        if (!known) return name;
        key = tree.next(tree.next(key));
    }
    return null;
}

/// Writes the JSON Pointer of `target` (optionally followed by `/key`) into `out`.
/// Nodes are numbered in document order, so the child whose subtree holds `target` is the last
/// child whose index is ≤ target: the descent needs no parent links and no recursion.
pub fn pointer(tree: *const json.Tree, target: u32, key: ?[]const u8, out: []u8) []const u8 {
    var length: usize = 0;
    var current = tree.root;
    var depth: u32 = 0;
    while (current != target) : (depth += 1) {
        assert(depth <= json.depth_capacity);
        const kind = tree.kind(current);
        assert(kind == .object or kind == .array);
        var child = tree.first(current);
        var chosen = json.none;
        var chosen_position: u32 = 0;
        var chosen_key: u32 = json.none;
        var position: u32 = 0;
        while (child != json.none) : (position += 1) {
            const value_node = if (kind == .object) tree.next(child) else child;
            if (value_node > target) break;
            chosen = value_node;
            chosen_position = position;
            chosen_key = child;
            child = tree.next(value_node);
        }
        assert(chosen != json.none);
        if (kind == .object) {
            length = appendSegment(out, length, tree.string(chosen_key));
        } else {
            var digits: [12]u8 = undefined;
            length = appendSegment(out, length, std.fmt.bufPrint(&digits, "{d}", .{chosen_position}) catch unreachable);
        }
        current = chosen;
    }
    if (key) |name| length = appendSegment(out, length, name);
    return out[0..length];
}

fn appendSegment(out: []u8, start: usize, segment: []const u8) usize {
    var length = start;
    if (length < out.len) {
        out[length] = '/';
        length += 1;
    }
    for (segment) |byte| {
        // JSON Pointer (RFC 6901): '~' is written "~0" and '/' is written "~1".
        const escaped = byte == '~' or byte == '/';
        const needed: usize = if (escaped) 2 else 1;
        if (length + needed > out.len) return length;
        if (escaped) {
            out[length] = '~';
            out[length + 1] = if (byte == '~') '0' else '1';
        } else out[length] = byte;
        length += needed;
    }
    return length;
}
