//! Set elements from validated JSON (libnftables-json(5) element values) to the kernel's
//! encoding, per key type of the set the kernel reported (src/setinfo.zig): the byte order and
//! length of each datatype, prefixes and ranges as [start, end) intervals the way nft writes them,
//! concatenations padded to 4 bytes per component, map data and verdicts.
//!
//! Three outcomes: `ok`; `mismatch` when the value cannot be of the set's type (an IPv6 address
//! for an ipv4_addr key), a typed error naming the element; `unsupported` when the value is of a
//! form this encoder leaves to libnftables (a protocol name, a hex mark, an interface wildcard),
//! so the whole request goes there instead.

const std = @import("std");
const builtin = @import("builtin");
const assert = std.debug.assert;
const c = @import("c.zig");
const json = @import("json.zig");
const mutation = @import("mutation.zig");
const setinfo = @import("setinfo.zig");
const Datatype = setinfo.Datatype;

pub const Value = struct {
    bytes: [setinfo.value_bytes_max]u8 = [_]u8{0} ** setinfo.value_bytes_max,
    len: u32 = 0,

    pub fn slice(value: *const Value) []const u8 {
        return value.bytes[0..value.len];
    }
};

pub const Verdict = struct { code: i32, chain: []const u8 = "" };

pub const Data = union(enum) { value: Value, verdict: Verdict };

pub const End = enum {
    /// A plain element: no end.
    none,
    /// Interval set: an end element with this (exclusive) key follows the start.
    exclusive,
    /// Interval reaching the top of the key space: no end element; marked open in user data.
    open,
    /// Concatenated interval set: the element carries its last key (inclusive).
    inclusive,
};

pub const Element = struct {
    key: Value = .{},
    key_end: Value = .{},
    end: End = .none,
    data: ?Data = null,
    timeout_ms: ?u64 = null,
    expires_ms: ?u64 = null,
    comment: ?[]const u8 = null,

    /// Netlink elements this becomes: 2 for an interval with an end element, else 1.
    pub fn pieces(element: *const Element) u32 {
        return if (element.end == .exclusive) 2 else 1;
    }
};

pub const Mismatch = struct { node: u32, reason: []const u8 };

pub const Parsed = union(enum) {
    ok: Element,
    mismatch: Mismatch,
    unsupported,
};

pub const Mode = enum { add, delete };

/// One entry of an `elem` array, for a set described by `info`.
pub fn parse(tree: *const json.Tree, node: u32, info: *const setinfo.Info, mode: Mode) Parsed {
    var element = Element{};
    var key_node = node;
    var data_node: u32 = json.none;
    if (info.isMap() and mode == .add) {
        if (tree.kind(node) != .array or tree.count(node) != 2) return mismatch(node, "a map element is [key, value]");
        key_node = tree.first(node);
        data_node = tree.next(key_node);
    } else if (tree.kind(node) == .array) {
        if (!info.isMap()) return mismatch(node, "a set element is a value, not a [key, value] pair");
        return .unsupported;
    }
    if (elementObject(tree, key_node)) |inner| {
        switch (readOptions(tree, inner, &element)) {
            .ok => |value| key_node = value,
            .mismatch => |value| return .{ .mismatch = value },
            .unsupported => return .unsupported,
        }
        if ((element.timeout_ms != null or element.expires_ms != null) and !info.hasTimeout()) {
            return mismatch(key_node, "a timeout needs a set with the timeout flag");
        }
    }
    if (parseKey(tree, key_node, info, &element)) |failure| return failure;
    if (data_node != json.none) {
        element.data = switch (parseData(tree, data_node, info.data.?)) {
            .ok => |value| value,
            .mismatch => |value| return .{ .mismatch = value },
            .unsupported => return .unsupported,
        };
    }
    return .{ .ok = element };
}

fn mismatch(node: u32, reason: []const u8) Parsed {
    return .{ .mismatch = .{ .node = node, .reason = reason } };
}

fn elementObject(tree: *const json.Tree, node: u32) ?u32 {
    if (tree.kind(node) != .object or tree.count(node) != 1) return null;
    const key = tree.first(node);
    if (!std.mem.eql(u8, tree.string(key), "elem")) return null;
    const inner = tree.next(key);
    return if (tree.kind(inner) == .object) inner else null;
}

const Options = union(enum) { ok: u32, mismatch: Mismatch, unsupported };

/// {"elem": {"val": V, "timeout": s, "expires": s, "comment": text}}: returns V's node.
fn readOptions(tree: *const json.Tree, object: u32, element: *Element) Options {
    var value: u32 = json.none;
    var key = tree.first(object);
    var remaining = tree.count(object);
    while (remaining > 0) : (remaining -= 1) {
        const name = tree.string(key);
        const member = tree.next(key);
        key = tree.next(member);
        if (std.mem.eql(u8, name, "val")) {
            value = member;
        } else if (std.mem.eql(u8, name, "timeout") or std.mem.eql(u8, name, "expires")) {
            if (tree.kind(member) != .integer or tree.negative(member)) return .unsupported;
            const seconds = tree.magnitude(member);
            if (seconds > std.math.maxInt(u64) / 1000) return .{ .mismatch = .{
                .node = member,
                .reason = "timeout out of range",
            } };
            if (name[0] == 't') element.timeout_ms = seconds * 1000 else element.expires_ms = seconds * 1000;
        } else if (std.mem.eql(u8, name, "comment")) {
            if (tree.kind(member) != .string) return .unsupported;
            const text = tree.string(member);
            if (text.len == 0 or text.len >= c.NFTNL_UDATA_COMMENT_MAXLEN) return .unsupported;
            element.comment = text;
        } else return .unsupported; // counters, statements: libnftables
    }
    if (value == json.none) return .unsupported;
    return .{ .ok = value };
}

/// The key (and the end of an interval) into `element`; null on success.
fn parseKey(tree: *const json.Tree, node: u32, info: *const setinfo.Info, element: *Element) ?Parsed {
    if (!info.concatenated()) {
        var range = switch (parseRange(tree, node, info.key[0], info.interval())) {
            .ok => |value| value,
            .mismatch => |value| return .{ .mismatch = value },
            .unsupported => return .unsupported,
        };
        element.key.len = info.key_len;
        @memcpy(element.key.bytes[0..info.key_len], range.first.slice());
        if (!info.interval()) return null;
        element.key_end.len = info.key_len;
        if (increment(range.last.bytes[0..info.key_len])) {
            element.end = .exclusive;
            @memcpy(element.key_end.bytes[0..info.key_len], range.last.slice());
        } else element.end = .open;
        return null;
    }
    if (!isConcat(tree, node)) return mismatch(node, "the set's key is a concatenation: {\"concat\": [...]}");
    const items = tree.next(tree.first(node));
    if (tree.count(items) != info.key_count) return mismatch(
        node,
        "the concatenation has another number of parts than the set's key",
    );
    var item = tree.first(items);
    var offset: u32 = 0;
    var index: u32 = 0;
    while (item != json.none) : ({
        item = tree.next(item);
        index += 1;
    }) {
        const range = switch (parseRange(tree, item, info.key[index], info.interval())) {
            .ok => |value| value,
            .mismatch => |value| return .{ .mismatch = value },
            .unsupported => return .unsupported,
        };
        const width = info.componentBytes(index);
        @memcpy(element.key.bytes[offset..][0..range.first.len], range.first.slice());
        @memcpy(element.key_end.bytes[offset..][0..range.last.len], range.last.slice());
        offset += width;
    }
    assert(offset == info.key_len);
    element.key.len = offset;
    element.key_end.len = offset;
    if (info.interval()) element.end = .inclusive;
    return null;
}

fn isConcat(tree: *const json.Tree, node: u32) bool {
    if (tree.kind(node) != .object or tree.count(node) != 1) return false;
    const key = tree.first(node);
    return std.mem.eql(u8, tree.string(key), "concat") and tree.kind(tree.next(key)) == .array;
}

const Range = struct { first: Value, last: Value };
const RangeResult = union(enum) { ok: Range, mismatch: Mismatch, unsupported };

/// A scalar, a prefix or a range of one datatype: its first and last value (inclusive).
fn parseRange(tree: *const json.Tree, node: u32, datatype: Datatype, interval: bool) RangeResult {
    if (tree.kind(node) == .object and tree.count(node) == 1) {
        const key = tree.first(node);
        const name = tree.string(key);
        const body = tree.next(key);
        if (std.mem.eql(u8, name, "prefix")) {
            if (!interval) return .{ .mismatch = .{
                .node = node,
                .reason = "a prefix needs a set with the interval flag",
            } };
            return parsePrefix(tree, body, datatype);
        }
        if (std.mem.eql(u8, name, "range")) {
            if (!interval) return .{ .mismatch = .{
                .node = node,
                .reason = "a range needs a set with the interval flag",
            } };
            if (tree.kind(body) != .array or tree.count(body) != 2) return .unsupported;
            const low = tree.first(body);
            const first = switch (parseScalar(tree, low, datatype)) {
                .ok => |value| value,
                .mismatch => |value| return .{ .mismatch = value },
                .unsupported => return .unsupported,
            };
            const last = switch (parseScalar(tree, tree.next(low), datatype)) {
                .ok => |value| value,
                .mismatch => |value| return .{ .mismatch = value },
                .unsupported => return .unsupported,
            };
            if (std.mem.order(
                u8,
                first.slice(),
                last.slice(),
            ) == .gt) return .{ .mismatch = .{ .node = node, .reason = "the range's start is above its end" } };
            return .{ .ok = .{ .first = first, .last = last } };
        }
        return .unsupported;
    }
    const value = switch (parseScalar(tree, node, datatype)) {
        .ok => |value| value,
        .mismatch => |value| return .{ .mismatch = value },
        .unsupported => return .unsupported,
    };
    return .{ .ok = .{ .first = value, .last = value } };
}

fn parsePrefix(tree: *const json.Tree, body: u32, datatype: Datatype) RangeResult {
    if (datatype != .ipv4_addr and datatype != .ipv6_addr) return .{ .mismatch = .{
        .node = body,
        .reason = "a prefix of a type that is not an address",
    } };
    if (tree.kind(body) != .object) return .unsupported;
    const address = tree.member(body, "addr");
    const length = tree.member(body, "len");
    if (address == json.none or length == json.none) return .unsupported;
    if (tree.kind(length) != .integer or tree.negative(length)) return .unsupported;
    var first = switch (parseScalar(tree, address, datatype)) {
        .ok => |value| value,
        .mismatch => |value| return .{ .mismatch = value },
        .unsupported => return .unsupported,
    };
    const bits = first.len * 8;
    const prefix = tree.magnitude(length);
    if (prefix > bits) return .{ .mismatch = .{ .node = length, .reason = "prefix length above the address's bits" } };
    var last = first;
    for (0..first.len) |index| {
        const bit_start: u64 = index * 8;
        const keep: u64 = if (prefix >= bit_start + 8) 8 else if (prefix <= bit_start) 0 else prefix - bit_start;
        const mask: u8 = if (keep == 8) 0xff else ~(@as(u8, 0xff) >> @intCast(keep));
        first.bytes[index] &= mask;
        last.bytes[index] = first.bytes[index] | ~mask;
    }
    return .{ .ok = .{ .first = first, .last = last } };
}

const ScalarResult = union(enum) { ok: Value, mismatch: Mismatch, unsupported };

/// One value of `datatype` from a JSON string or integer, in the kernel's byte order.
fn parseScalar(tree: *const json.Tree, node: u32, datatype: Datatype) ScalarResult {
    var value = Value{ .len = datatype.bytes() };
    switch (tree.kind(node)) {
        .string => {
            const text = tree.string(node);
            switch (datatype) {
                .ipv4_addr, .ipv6_addr => return parseAddress(node, text, datatype),
                .ether_addr => {
                    if (parseEther(text, value.bytes[0..6])) return .{ .ok = value };
                    if (looksLikeAddress(text)) return .{ .mismatch = .{
                        .node = node,
                        .reason = "an IP address is not an ether_addr",
                    } };
                    return .unsupported;
                },
                .ifname => {
                    if (text.len == 0 or text.len >= 16) return .unsupported;
                    if (std.mem.indexOfScalar(u8, text, '*') != null) return .unsupported;
                    @memcpy(value.bytes[0..text.len], text);
                    return .{ .ok = value };
                },
                .inet_service, .inet_proto, .mark => {
                    if (looksLikeAddress(text)) return .{ .mismatch = .{
                        .node = node,
                        .reason = "an address where the set's key is a number",
                    } };
                    return .unsupported; // names and numeric text: libnftables
                },
                .verdict => return .unsupported,
            }
        },
        .integer => {
            if (tree.negative(node)) return .{ .mismatch = .{ .node = node, .reason = "a negative number" } };
            const number = tree.magnitude(node);
            switch (datatype) {
                .inet_service => {
                    if (number > std.math.maxInt(u16)) return .{ .mismatch = .{
                        .node = node,
                        .reason = "above 65535, the largest port",
                    } };
                    std.mem.writeInt(u16, value.bytes[0..2], @intCast(number), .big);
                },
                .inet_proto => {
                    if (number > std.math.maxInt(u8)) return .{ .mismatch = .{
                        .node = node,
                        .reason = "above 255, the largest protocol number",
                    } };
                    value.bytes[0] = @intCast(number);
                },
                .mark => {
                    if (number > std.math.maxInt(u32)) return .{ .mismatch = .{
                        .node = node,
                        .reason = "above 2^32-1, the largest mark",
                    } };
                    std.mem.writeInt(u32, value.bytes[0..4], @intCast(number), builtin.cpu.arch.endian());
                },
                .ipv4_addr, .ipv6_addr, .ether_addr, .ifname => return .{ .mismatch = .{
                    .node = node,
                    .reason = "a number where the set's key is an address or a name",
                } },
                .verdict => return .unsupported,
            }
            return .{ .ok = value };
        },
        else => return .unsupported,
    }
}

fn parseAddress(node: u32, text: []const u8, datatype: Datatype) ScalarResult {
    var value = Value{ .len = datatype.bytes() };
    var text_z: [64]u8 = undefined;
    if (text.len >= text_z.len) return .unsupported;
    @memcpy(text_z[0..text.len], text);
    text_z[text.len] = 0;
    const wanted: c_int = if (datatype == .ipv4_addr) c.AF_INET else c.AF_INET6;
    const other: c_int = if (datatype == .ipv4_addr) c.AF_INET6 else c.AF_INET;
    if (c.inet_pton(wanted, text_z[0..text.len :0], &value.bytes) == 1) return .{ .ok = value };
    var scratch: [16]u8 = undefined;
    if (c.inet_pton(other, text_z[0..text.len :0], &scratch) == 1 and !mutation.removed(.direct_mismatch)) {
        const reason = if (datatype == .ipv4_addr)
            "an IPv6 address is not an ipv4_addr"
        else
            "an IPv4 address is not an ipv6_addr";
        return .{ .mismatch = .{ .node = node, .reason = reason } };
    }
    return .unsupported;
}

fn looksLikeAddress(text: []const u8) bool {
    var text_z: [64]u8 = undefined;
    if (text.len >= text_z.len) return false;
    @memcpy(text_z[0..text.len], text);
    text_z[text.len] = 0;
    var scratch: [16]u8 = undefined;
    return c.inet_pton(c.AF_INET, text_z[0..text.len :0], &scratch) == 1 or c.inet_pton(
        c.AF_INET6,
        text_z[0..text.len :0],
        &scratch,
    ) == 1;
}

/// "aa:bb:cc:dd:ee:ff", two hex digits per byte.
pub fn parseEther(text: []const u8, out: *[6]u8) bool {
    if (text.len != 17) return false;
    for (out, 0..) |*byte, index| {
        const at = index * 3;
        if (index > 0 and text[at - 1] != ':') return false;
        byte.* = std.fmt.parseInt(u8, text[at..][0..2], 16) catch return false;
    }
    return true;
}

const DataResult = union(enum) { ok: Data, mismatch: Mismatch, unsupported };

fn parseData(tree: *const json.Tree, node: u32, datatype: Datatype) DataResult {
    if (datatype == .verdict) {
        if (tree.kind(node) != .object or tree.count(node) != 1) return .{ .mismatch = .{
            .node = node,
            .reason = "the map's data is a verdict",
        } };
        const key = tree.first(node);
        const name = tree.string(key);
        const body = tree.next(key);
        const simple = [_]struct { name: []const u8, code: i32 }{
            .{ .name = "accept", .code = c.NF_ACCEPT },      .{ .name = "drop", .code = c.NF_DROP },
            .{ .name = "continue", .code = c.NFT_CONTINUE }, .{ .name = "return", .code = c.NFT_RETURN },
        };
        for (simple) |entry| {
            if (std.mem.eql(u8, name, entry.name)) return .{ .ok = .{ .verdict = .{ .code = entry.code } } };
        }
        const jump = std.mem.eql(u8, name, "jump");
        if (!jump and !std.mem.eql(u8, name, "goto")) return .unsupported;
        if (tree.kind(body) != .object) return .unsupported;
        const target = tree.member(body, "target");
        if (target == json.none or tree.kind(target) != .string) return .unsupported;
        const chain = tree.string(target);
        if (chain.len == 0 or chain.len >= c.NFT_NAME_MAXLEN) return .unsupported;
        return .{ .ok = .{ .verdict = .{ .code = if (jump) c.NFT_JUMP else c.NFT_GOTO, .chain = chain } } };
    }
    return switch (parseScalar(tree, node, datatype)) {
        .ok => |value| .{ .ok = .{ .value = value } },
        .mismatch => |value| .{ .mismatch = value },
        .unsupported => .unsupported,
    };
}

/// Subtracts one from a big-endian number in place (zero wraps to all ones): the kernel keeps an
/// interval's end exclusive, the listing and the overlap check want it inclusive.
pub fn decrement(bytes: []u8) void {
    var index = bytes.len;
    while (index > 0) {
        index -= 1;
        if (bytes[index] != 0) {
            bytes[index] -= 1;
            return;
        }
        bytes[index] = 0xff;
    }
}

/// Adds one to a big-endian number in place; false when it overflows (the value was all ones).
pub fn increment(bytes: []u8) bool {
    var index = bytes.len;
    while (index > 0) {
        index -= 1;
        if (bytes[index] != 0xff) {
            bytes[index] += 1;
            return true;
        }
        bytes[index] = 0;
    }
    return false;
}
