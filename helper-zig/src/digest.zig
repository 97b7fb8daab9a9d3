//! The state digest of the owned tables (op `digest`; docs/protocol.md, docs/audit-log.md "Table
//! digests and drift"): read from the kernel with the helper's own socket, without libnftables and
//! without reading one element of a named set, so its cost grows with the tables' rules and sets,
//! never with their elements.
//!
//! What it covers, per owned table that exists, in the kernel's order: the table, its chains, its
//! rules (their expressions as the kernel holds them), its sets and maps (declarations and the
//! kernel's element count, NFTA_SET_COUNT, Linux 6.17 and later), the elements of its anonymous
//! sets (they are part of rules) and of the named sets whose count the kernel does not report
//! (older kernels: the digest then costs what their elements cost), its stateful objects and
//! flowtables. Left out, because traffic
//! changes them: counter values (counter expressions and objects, base chain counters), the bytes
//! a quota consumed and whether that depleted it, when `last` last matched, element expiry times
//! and element counters. Every other attribute counts, handles included. Where the kernel reports
//! counts, the named sets' elements are covered by their count only; what each change did to them
//! is recorded by the client (the audit log's element summaries).
//!
//!   {"id":N,"op":"digest","since":G?}
//!   → {"generation":G,"unchanged":true}                     when the ruleset generation is still G
//!   → {"generation":G,"tables":[{"family":F,"name":N,"elements":{"SET":N,…}},…],"digest":"sha256:…"}
//!
//! The generation (NFT_MSG_GETGEN) is read before and after the dumps; when it moved, or a dump
//! was interrupted, the digest is taken again (at most `attempts_max` times), so a digest always
//! describes one generation.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c.zig");
const netlink = @import("netlink.zig");
const policy_module = @import("policy.zig");
const writer_module = @import("writer.zig");
const Buffer = writer_module.Buffer;
const response = @import("response.zig");
const summary = @import("summary.zig");

const Sha256 = std.crypto.hash.sha2.Sha256;

pub const attempts_max: u32 = 4;
/// Sets of one table whose elements are digested (anonymous ones, and named ones without a
/// count); more is a failure.
pub const dumped_max: u32 = 16384;

/// Working memory of one digest (reserved once by the service).
pub const Scratch = struct {
    dumped: [dumped_max][c.NFT_NAME_MAXLEN]u8,
    dumped_len: [dumped_max]u16,
    dumped_count: u32,
};

const Walk = struct {
    hash: *Sha256,
    scratch: *Scratch,
    /// The answer: each table's element counts are written as its sets are read.
    buffer: *Buffer,
    family: netlink.Family,
    table: []const u8,
    /// Counts written for this table so far.
    counted: u32 = 0,
};

pub fn run(
    socket: *netlink.Socket,
    policy: *const policy_module.Policy,
    scratch: *Scratch,
    buffer: *Buffer,
    id: i64,
    since: ?u32,
) []const u8 {
    assert(policy.table_count <= policy_module.tables_max);
    var attempt: u32 = 0;
    while (attempt < attempts_max) : (attempt += 1) {
        const before = socket.generation() orelse return failure(
            buffer,
            id,
            "the ruleset generation could not be read",
        );
        response.begin(buffer, id, true);
        buffer.raw("{\"generation\":");
        buffer.unsigned(before);
        if (since != null and since.? == before) {
            buffer.raw(",\"unchanged\":true}");
            return response.finish(buffer) orelse unreachable;
        }
        buffer.raw(",\"tables\":[");
        var hash = Sha256.init(.{});
        var written: u32 = 0;
        var consistent = true;
        for (policy.tables[0..policy.table_count]) |*table| {
            const family = std.meta.stringToEnum(netlink.Family, @tagName(table.family)) orelse continue;
            var walk = Walk{
                .hash = &hash,
                .scratch = scratch,
                .buffer = buffer,
                .family = family,
                .table = table.name(),
            };
            switch (digestTable(socket, &walk, written > 0)) {
                .missing => {},
                .done => written += 1,
                .interrupted => consistent = false,
                .failed => |message| return failure(buffer, id, message),
            }
            if (!consistent) break;
        }
        const after = socket.generation() orelse return failure(
            buffer,
            id,
            "the ruleset generation could not be read",
        );
        if (!consistent or after != before) continue;
        var digest: [Sha256.digest_length]u8 = undefined;
        hash.final(&digest);
        buffer.raw("],\"digest\":\"sha256:");
        const hex = std.fmt.bytesToHex(digest, .lower);
        buffer.raw(&hex);
        buffer.raw("\"}");
        return response.finish(buffer) orelse response.failure(buffer, id, .{
            .code = "response_too_large",
            .message = "the answer would exceed the response frame limit",
        });
    }
    return failure(buffer, id, "the ruleset kept changing while it was digested; ask again");
}

const TableOutcome = union(enum) { done, missing, interrupted, failed: []const u8 };

fn digestTable(socket: *netlink.Socket, walk: *Walk, separated: bool) TableOutcome {
    switch (summary.tableHandle(socket, walk.family, walk.table)) {
        .found => |handle| {
            const buffer = walk.buffer;
            if (separated) buffer.byte(',');
            buffer.raw("{\"family\":");
            buffer.string(@tagName(walk.family));
            buffer.raw(",\"name\":");
            buffer.string(walk.table);
            buffer.raw(",\"elements\":{");
            var tag = [_]u8{ 'T', @intFromEnum(walk.family) };
            walk.hash.update(&tag);
            hashBytes(walk.hash, walk.table);
            var handle_bytes: [8]u8 = undefined;
            std.mem.writeInt(u64, &handle_bytes, handle, .big);
            walk.hash.update(&handle_bytes);
        },
        .missing => return .missing,
        .failed => return .{ .failed = "the owned tables could not be read from the kernel" },
    }
    walk.scratch.dumped_count = 0;
    const dumps = [_]struct { kind: u16, attribute: u16, each: *const fn (*Walk, *const c.nlmsghdr) bool }{
        .{ .kind = c.NFT_MSG_GETCHAIN, .attribute = c.NFTA_CHAIN_TABLE, .each = chainMessage },
        .{ .kind = c.NFT_MSG_GETRULE, .attribute = c.NFTA_RULE_TABLE, .each = ruleMessage },
        .{ .kind = c.NFT_MSG_GETSET, .attribute = c.NFTA_SET_TABLE, .each = setMessage },
        .{ .kind = c.NFT_MSG_GETOBJ, .attribute = c.NFTA_OBJ_TABLE, .each = objectMessage },
        .{ .kind = c.NFT_MSG_GETFLOWTABLE, .attribute = c.NFTA_FLOWTABLE_TABLE, .each = flowtableMessage },
    };
    inline for (dumps) |entry| {
        switch (dumpTable(socket, walk, entry.kind, entry.attribute, entry.each)) {
            .done => |done| if (done.interrupted) return .interrupted,
            .refused => |errno| return if (errno == @intFromEnum(linux.E.NOENT)) .interrupted else .{
                .failed = "the kernel refused to list an owned table",
            },
            .failed => return .{ .failed = "the owned tables could not be read from the kernel" },
            .stopped => return .{ .failed = "an owned table holds more sets without a count than the digest reads" },
        }
    }
    // The anonymous sets' elements (part of the rules that use them), and those of the named sets
    // whose count the kernel did not report.
    var index: u32 = 0;
    while (index < walk.scratch.dumped_count) : (index += 1) {
        const name = walk.scratch.dumped[index][0..walk.scratch.dumped_len[index]];
        switch (dumpElements(socket, walk, name)) {
            .done => |done| if (done.interrupted) return .interrupted,
            .refused => return .interrupted,
            .failed => return .{ .failed = "the owned tables could not be read from the kernel" },
            .stopped => unreachable,
        }
    }
    walk.buffer.raw("}}");
    return .done;
}

/// One dump of the family's objects of `kind`, asked for this table only (the kernel filters
/// chains by family alone: chainMessage keeps this table's).
fn dumpTable(
    socket: *netlink.Socket,
    walk: *Walk,
    kind: u16,
    attribute: u16,
    each: *const fn (*Walk, *const c.nlmsghdr) bool,
) netlink.Dump {
    var named: netlink.NamedDump = .{};
    const request = named.build(socket, kind, walk.family, &.{.{ .attribute = attribute, .name = walk.table }});
    const Context = struct {
        walk: *Walk,
        each: *const fn (*Walk, *const c.nlmsghdr) bool,
        fn call(context: @This(), message: *const c.nlmsghdr) bool {
            return context.each(context.walk, message);
        }
    };
    return netlink.dump(socket, request, named.sequence, Context{ .walk = walk, .each = each }, Context.call);
}

fn dumpElements(socket: *netlink.Socket, walk: *Walk, set: []const u8) netlink.Dump {
    var named: netlink.NamedDump = .{};
    const request = named.build(socket, c.NFT_MSG_GETSETELEM, walk.family, &.{
        .{ .attribute = c.NFTA_SET_ELEM_LIST_TABLE, .name = walk.table },
        .{ .attribute = c.NFTA_SET_ELEM_LIST_SET, .name = set },
    });
    var tag = [_]u8{'E'};
    walk.hash.update(&tag);
    hashBytes(walk.hash, set);
    return netlink.dump(socket, request, named.sequence, walk, elementMessage);
}

/// The table a message belongs to (`attribute` holds its name).
fn tableOf(message: *const c.nlmsghdr, attribute: u16) []const u8 {
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |item| {
        if (item.kind == attribute) return std.mem.sliceTo(item.payload, 0);
    }
    return "";
}

fn chainMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    if (!std.mem.eql(u8, tableOf(message, c.NFTA_CHAIN_TABLE), walk.table)) return true;
    hashMessage(walk.hash, 'C', message, &.{c.NFTA_CHAIN_COUNTERS});
    return true;
}

fn ruleMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    var tag = [_]u8{'R'};
    walk.hash.update(&tag);
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (attribute.kind != c.NFTA_RULE_EXPRESSIONS) {
            hashAttribute(walk.hash, attribute);
            continue;
        }
        // The expressions, one by one, without what traffic changes.
        var expressions = netlink.Attributes.nested(attribute);
        while (expressions.next()) |expression| hashExpression(walk.hash, expression);
    }
    return true;
}

fn hashExpression(hash: *Sha256, expression: netlink.Attribute) void {
    var name: []const u8 = "";
    var members = netlink.Attributes.nested(expression);
    while (members.next()) |member| {
        if (member.kind == c.NFTA_EXPR_NAME) name = std.mem.sliceTo(member.payload, 0);
    }
    hashBytes(hash, name);
    members = netlink.Attributes.nested(expression);
    while (members.next()) |member| {
        if (member.kind != c.NFTA_EXPR_DATA) continue;
        // counter: packets and bytes; last: when it last matched. Nothing else in them.
        // (connlimit's NFTA_CONNLIMIT_COUNT is the configured limit, not the current count.)
        if (std.mem.eql(u8, name, "counter") or std.mem.eql(u8, name, "last")) continue;
        const quota = std.mem.eql(u8, name, "quota");
        var data = netlink.Attributes.nested(member);
        while (data.next()) |item| {
            if (quota) hashQuota(hash, item) else hashAttribute(hash, item);
        }
    }
}

fn setMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    hashMessage(walk.hash, 'S', message, &.{});
    var name: []const u8 = "";
    var flags: u32 = 0;
    var count: ?u32 = null;
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        switch (attribute.kind) {
            c.NFTA_SET_NAME => name = std.mem.sliceTo(attribute.payload, 0),
            c.NFTA_SET_FLAGS => if (attribute.payload.len == 4) {
                flags = std.mem.readInt(u32, attribute.payload[0..4], .big);
            },
            c.NFTA_SET_COUNT => if (attribute.payload.len == 4) {
                count = std.mem.readInt(u32, attribute.payload[0..4], .big);
            },
            else => {},
        }
    }
    // Anonymous sets are part of rules; a count the kernel does not report (before Linux 6.17)
    // cannot stand for the elements: both have their elements digested.
    if (flags & c.NFT_SET_ANONYMOUS != 0 or count == null) return remember(walk.scratch, name);
    const known = count.?;
    if (walk.counted > 0) walk.buffer.byte(',');
    walk.counted += 1;
    walk.buffer.string(name);
    walk.buffer.byte(':');
    walk.buffer.unsigned(known);
    return true;
}

/// A set whose elements the digest reads after the table's dumps; false when there are too many.
fn remember(scratch: *Scratch, name: []const u8) bool {
    if (scratch.dumped_count == dumped_max or name.len == 0 or name.len >= c.NFT_NAME_MAXLEN) return false;
    @memcpy(scratch.dumped[scratch.dumped_count][0..name.len], name);
    scratch.dumped_len[scratch.dumped_count] = @intCast(name.len);
    scratch.dumped_count += 1;
    return true;
}

fn elementMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (attribute.kind != c.NFTA_SET_ELEM_LIST_ELEMENTS) continue;
        var elements = netlink.Attributes.nested(attribute);
        while (elements.next()) |element| {
            var tag = [_]u8{'e'};
            walk.hash.update(&tag);
            var members = netlink.Attributes.nested(element);
            while (members.next()) |member| {
                switch (member.kind) {
                    c.NFTA_SET_ELEM_EXPIRATION, c.NFTA_SET_ELEM_EXPR, c.NFTA_SET_ELEM_EXPRESSIONS => {},
                    else => hashAttribute(walk.hash, member),
                }
            }
        }
    }
    return true;
}

fn objectMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    var kind: u32 = 0;
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (attribute.kind == c.NFTA_OBJ_TYPE and attribute.payload.len == 4) kind = std.mem.readInt(
            u32,
            attribute.payload[0..4],
            .big,
        );
    }
    var tag = [_]u8{'O'};
    walk.hash.update(&tag);
    attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (attribute.kind != c.NFTA_OBJ_DATA) {
            hashAttribute(walk.hash, attribute);
            continue;
        }
        // A counter's packets and bytes, a quota's consumed bytes: traffic.
        if (kind == c.NFT_OBJECT_COUNTER) continue;
        var data = netlink.Attributes.nested(attribute);
        while (data.next()) |item| {
            if (kind == c.NFT_OBJECT_QUOTA) hashQuota(walk.hash, item) else hashAttribute(walk.hash, item);
        }
    }
    return true;
}

fn flowtableMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    hashMessage(walk.hash, 'F', message, &.{});
    return true;
}

/// One attribute of a quota (expression or object) without its traffic state: the bytes it
/// consumed, and whether that depleted it.
fn hashQuota(hash: *Sha256, item: netlink.Attribute) void {
    if (item.kind == c.NFTA_QUOTA_CONSUMED) return;
    if (item.kind == c.NFTA_QUOTA_FLAGS and item.payload.len == 4) {
        const flags = std.mem.readInt(u32, item.payload[0..4], .big) & ~c.NFT_QUOTA_F_DEPLETED;
        var bytes: [4]u8 = undefined;
        std.mem.writeInt(u32, &bytes, flags, .big);
        hashAttribute(hash, .{ .kind = item.kind, .payload = &bytes, .start = item.start });
        return;
    }
    hashAttribute(hash, item);
}

/// A message's attributes, each (type, length, payload), after a tag; `skipped` are left out.
fn hashMessage(hash: *Sha256, tag: u8, message: *const c.nlmsghdr, skipped: []const u16) void {
    var tag_bytes = [_]u8{tag};
    hash.update(&tag_bytes);
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (std.mem.indexOfScalar(u16, skipped, attribute.kind) != null) continue;
        hashAttribute(hash, attribute);
    }
}

fn hashAttribute(hash: *Sha256, attribute: netlink.Attribute) void {
    var header: [6]u8 = undefined;
    std.mem.writeInt(u16, header[0..2], attribute.kind, .big);
    std.mem.writeInt(u32, header[2..6], @intCast(attribute.payload.len), .big);
    hash.update(&header);
    hash.update(attribute.payload);
}

fn hashBytes(hash: *Sha256, bytes: []const u8) void {
    var length: [4]u8 = undefined;
    std.mem.writeInt(u32, &length, @intCast(bytes.len), .big);
    hash.update(&length);
    hash.update(bytes);
}

fn failure(buffer: *Buffer, id: i64, message: []const u8) []const u8 {
    return response.failure(buffer, id, .{ .code = "nft_failed", .message = message });
}
