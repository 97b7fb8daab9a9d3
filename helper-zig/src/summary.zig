//! The summary of one owned table: the table, its chains and its sets as libnftables renders
//! them, without rules or elements, plus how many rules each chain holds and how many elements
//! each set holds. Answered from the kernel with the helper's own socket: the table (GETTABLE),
//! the family's chains (a GETCHAIN dump, of which only this table's are kept), the table's rules
//! (a GETRULE dump, only counted) and the table's sets (a GETSET dump; each description carries
//! the kernel's element count, NFTA_SET_COUNT, on Linux 6.17 and later). No element is read, so
//! the cost does not grow with the sets' sizes: libnftables would read every element of every
//! set of the table to list it, and the kernel's element dump costs time that grows with the
//! square of a set's size.
//!
//!   {"nftables":[{"table":{…}},{"chain":{…}},…,{"set":{…}},{"map":{…}}],
//!    "counts":{"rules":{"CHAIN":N,…},"elements":{"SET":N,…}}}
//!
//! Sets the helper does not render (other key types, statements) appear in counts only; a set
//! whose count the kernel does not report is missing from "elements".

const std = @import("std");
const linux = std.os.linux;
const c = @import("c.zig");
const netlink = @import("netlink.zig");
const setinfo = @import("setinfo.zig");
const listing = @import("listing.zig");
const writer_module = @import("writer.zig");
const Buffer = writer_module.Buffer;
const response = @import("response.zig");

/// Chains and sets of one table the summary counts; more is limit_exceeded.
pub const chains_max: u32 = 4096;
pub const sets_max: u32 = 4096;

const Count = struct { name: [c.NFT_NAME_MAXLEN]u8, name_len: u16, count: u32, known: bool };

/// Working memory of one summary (reserved once by the service).
pub const Scratch = struct {
    chains: [chains_max]Count,
    chain_count: u32,
    sets: [sets_max]Count,
    set_count: u32,
};

const Walk = struct {
    scratch: *Scratch,
    buffer: *Buffer,
    family: netlink.Family,
    table: []const u8,
    /// Objects written into the nftables array so far.
    written: u32 = 0,
    /// A dump failed: the ones after it are not started.
    stopped: bool = false,
};

pub fn run(
    socket: *netlink.Socket,
    scratch: *Scratch,
    buffer: *Buffer,
    id: i64,
    family: netlink.Family,
    table: []const u8,
) []const u8 {
    scratch.chain_count = 0;
    scratch.set_count = 0;
    response.begin(buffer, id, true);
    buffer.raw("{\"nftables\":[");
    var walk = Walk{ .scratch = scratch, .buffer = buffer, .family = family, .table = table };
    switch (tableHandle(socket, family, table)) {
        .found => |handle| {
            separator(&walk);
            writeTable(buffer, @tagName(family), handle, table);
        },
        .missing => return response.failure(
            buffer,
            id,
            .{ .code = "not_found", .message = "the table does not exist", .command = 0 },
        ),
        .failed => return failure(buffer, id, "the table could not be read from the kernel"),
    }
    // Chains first (the rules are counted per chain), then rules, then sets.
    const outcomes = [_]netlink.Dump{
        dumpTable(socket, &walk, c.NFT_MSG_GETCHAIN, c.NFTA_CHAIN_TABLE, chainMessage),
        dumpTable(socket, &walk, c.NFT_MSG_GETRULE, c.NFTA_RULE_TABLE, ruleMessage),
        dumpTable(socket, &walk, c.NFT_MSG_GETSET, c.NFTA_SET_TABLE, setMessage),
    };
    for (outcomes) |outcome| {
        switch (outcome) {
            .done => |done| if (done.interrupted) return failure(
                buffer,
                id,
                "the table changed while it was summarised; ask again",
            ),
            .refused => |errno| if (errno == @intFromEnum(linux.E.NOENT)) {
                return response.failure(
                    buffer,
                    id,
                    .{ .code = "not_found", .message = "the table does not exist", .command = 0 },
                );
            } else return failure(buffer, id, "the kernel refused to list the table"),
            .failed => return failure(buffer, id, "the table could not be read from the kernel"),
            .stopped => return response.failure(
                buffer,
                id,
                .{ .code = "limit_exceeded", .message = "more chains or sets than a summary counts" },
            ),
        }
    }
    buffer.raw("],\"counts\":{\"rules\":");
    writeCounts(buffer, scratch.chains[0..scratch.chain_count]);
    buffer.raw(",\"elements\":");
    writeCounts(buffer, scratch.sets[0..scratch.set_count]);
    buffer.raw("}}");
    return response.finish(buffer) orelse response.failure(buffer, id, .{
        .code = "response_too_large",
        .message = "the answer would exceed the response frame limit",
    });
}

/// One dump of the family's objects of `kind`, asked for this table only (`attribute`), each
/// reply message handed to `each`. A dump that already failed is not started.
fn dumpTable(
    socket: *netlink.Socket,
    walk: *Walk,
    kind: u16,
    attribute: u16,
    comptime each: fn (*Walk, *const c.nlmsghdr) bool,
) netlink.Dump {
    if (walk.stopped) return .stopped;
    var named: netlink.NamedDump = .{};
    const request = named.build(socket, kind, walk.family, &.{.{ .attribute = attribute, .name = walk.table }});
    const outcome = netlink.dump(socket, request, named.sequence, walk, each);
    if (outcome != .done) walk.stopped = true;
    return outcome;
}

fn failure(buffer: *Buffer, id: i64, message: []const u8) []const u8 {
    return response.failure(buffer, id, .{ .code = "nft_failed", .message = message, .command = 0 });
}

fn writeCounts(buffer: *Buffer, counts: []const Count) void {
    buffer.byte('{');
    var first = true;
    for (counts) |*entry| {
        if (!entry.known) continue;
        if (!first) buffer.byte(',');
        first = false;
        buffer.string(entry.name[0..entry.name_len]);
        buffer.byte(':');
        buffer.unsigned(entry.count);
    }
    buffer.byte('}');
}

fn separator(walk: *Walk) void {
    if (walk.written > 0) walk.buffer.byte(',');
    walk.written += 1;
}

pub const TableHandle = union(enum) { found: u64, missing, failed };

/// GETTABLE for one table: its handle, or whether it is missing.
pub fn tableHandle(socket: *netlink.Socket, family: netlink.Family, table: []const u8) TableHandle {
    var request: [netlink.message_bytes_min + c.NFT_NAME_MAXLEN + 8]u8 align(8) = undefined;
    const sequence = socket.sequences(1);
    const header = c.nftnl_nlmsg_build_hdr(&request, c.NFT_MSG_GETTABLE, @intFromEnum(family), c.NLM_F_ACK, sequence);
    var name: [c.NFT_NAME_MAXLEN]u8 = undefined;
    c.mnl_attr_put_strz(header, c.NFTA_TABLE_NAME, netlink.nameZ(table, &name));
    const Answer = struct {
        handle: ?u64 = null,

        fn take(answer: *@This(), message: *const c.nlmsghdr) bool {
            var attributes = netlink.Attributes.ofMessage(message);
            while (attributes.next()) |attribute| {
                if (attribute.kind == c.NFTA_TABLE_HANDLE and attribute.payload.len == 8) {
                    answer.handle = std.mem.readInt(u64, attribute.payload[0..8], .big);
                }
            }
            return true;
        }
    };
    var answer = Answer{};
    return switch (netlink.ask(socket, request[0..header.nlmsg_len], sequence, &answer, Answer.take)) {
        .acked => if (answer.handle) |handle| .{ .found = handle } else .failed,
        .refused => |errno| if (errno == @intFromEnum(linux.E.NOENT)) .missing else .failed,
        .failed => .failed,
    };
}

/// {"table":{"family","handle","name"}}, as libnftables renders a table.
pub fn writeTable(buffer: *Buffer, family: []const u8, handle: u64, table: []const u8) void {
    // Members in libnftables' order, as nft -j prints them.
    buffer.raw("{\"table\":{\"family\":");
    buffer.string(family);
    buffer.raw(",\"name\":");
    buffer.string(table);
    buffer.raw(",\"handle\":");
    buffer.unsigned(handle);
    buffer.raw("}}");
}

/// What the summary shows of a chain, as the kernel describes it.
const Chain = struct {
    table: []const u8 = "",
    name: []const u8 = "",
    handle: u64 = 0,
    type_name: ?[]const u8 = null,
    hook: ?u32 = null,
    priority: i32 = 0,
    policy: ?u32 = null,
};

fn parseChain(message: *const c.nlmsghdr) Chain {
    var chain = Chain{};
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        const payload = attribute.payload;
        switch (attribute.kind) {
            c.NFTA_CHAIN_TABLE => chain.table = std.mem.sliceTo(payload, 0),
            c.NFTA_CHAIN_NAME => chain.name = std.mem.sliceTo(payload, 0),
            c.NFTA_CHAIN_HANDLE => if (payload.len == 8) {
                chain.handle = std.mem.readInt(u64, payload[0..8], .big);
            },
            c.NFTA_CHAIN_TYPE => chain.type_name = std.mem.sliceTo(payload, 0),
            c.NFTA_CHAIN_POLICY => if (payload.len == 4) {
                chain.policy = std.mem.readInt(u32, payload[0..4], .big);
            },
            c.NFTA_CHAIN_HOOK => {
                var inner = netlink.Attributes.nested(attribute);
                while (inner.next()) |part| {
                    if (part.payload.len != 4) continue;
                    const value = std.mem.readInt(u32, part.payload[0..4], .big);
                    if (part.kind == c.NFTA_HOOK_HOOKNUM) chain.hook = value;
                    if (part.kind == c.NFTA_HOOK_PRIORITY) chain.priority = @bitCast(value);
                }
            },
            else => {},
        }
    }
    return chain;
}

/// One chain of the family's dump: kept (rendered and counted) when it is this table's.
fn chainMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    const chain = parseChain(message);
    const name = chain.name;
    if (!std.mem.eql(u8, chain.table, walk.table) or name.len == 0 or name.len >= c.NFT_NAME_MAXLEN) return true;
    const scratch = walk.scratch;
    if (scratch.chain_count == chains_max) return false;
    const entry = &scratch.chains[scratch.chain_count];
    @memcpy(entry.name[0..name.len], name);
    entry.name_len = @intCast(name.len);
    entry.count = 0;
    entry.known = true;
    scratch.chain_count += 1;
    separator(walk);
    writeChain(walk.buffer, walk.family, walk.table, &chain);
    return true;
}

fn writeChain(buffer: *Buffer, family: netlink.Family, table: []const u8, chain: *const Chain) void {
    // Members in libnftables' order, as nft -j prints them.
    buffer.raw("{\"chain\":{\"family\":");
    buffer.string(@tagName(family));
    buffer.raw(",\"table\":");
    buffer.string(table);
    buffer.raw(",\"name\":");
    buffer.stringLossy(chain.name);
    buffer.raw(",\"handle\":");
    buffer.unsigned(chain.handle);
    const hook_name = if (chain.hook) |number| hookName(family, number) else null;
    if (hook_name) |text| {
        if (chain.type_name) |type_text| {
            buffer.raw(",\"type\":");
            buffer.stringLossy(type_text);
        }
        buffer.raw(",\"hook\":");
        buffer.string(text);
        buffer.raw(",\"prio\":");
        buffer.integer(chain.priority);
        buffer.raw(",\"policy\":");
        buffer.string(if (chain.policy orelse 1 == 0) "drop" else "accept");
    }
    buffer.raw("}}");
}

/// Hook names as nft prints them, per family.
fn hookName(family: netlink.Family, number: u32) ?[]const u8 {
    return switch (family) {
        .netdev => switch (number) {
            c.NF_NETDEV_INGRESS => "ingress",
            c.NF_NETDEV_EGRESS => "egress",
            else => null,
        },
        .arp => switch (number) {
            c.NF_ARP_IN => "input",
            c.NF_ARP_OUT => "output",
            c.NF_ARP_FORWARD => "forward",
            else => null,
        },
        .ip, .ip6, .inet, .bridge => switch (number) {
            c.NF_INET_PRE_ROUTING => "prerouting",
            1 => "input",
            2 => "forward",
            3 => "output",
            4 => "postrouting",
            c.NF_INET_INGRESS => "ingress",
            else => null,
        },
    };
}

/// One rule of the table's dump: counted for its chain.
fn ruleMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (attribute.kind != c.NFTA_RULE_CHAIN) continue;
        const chain = std.mem.sliceTo(attribute.payload, 0);
        for (walk.scratch.chains[0..walk.scratch.chain_count]) |*entry| {
            if (std.mem.eql(u8, entry.name[0..entry.name_len], chain)) {
                entry.count +|= 1;
                break;
            }
        }
    }
    return true;
}

/// One set of the table's dump: rendered when the helper renders its kind (no elements),
/// counted in any case. Anonymous sets belong to rules and are left out, as nft does.
fn setMessage(walk: *Walk, message: *const c.nlmsghdr) bool {
    var info = setinfo.Info{ .family = walk.family };
    if (!setinfo.parse(message, &info)) return true;
    if (info.flags & c.NFT_SET_ANONYMOUS != 0) return true;
    const scratch = walk.scratch;
    if (scratch.set_count == sets_max) return false;
    const entry = &scratch.sets[scratch.set_count];
    const name = info.name();
    @memcpy(entry.name[0..name.len], name);
    entry.name_len = @intCast(name.len);
    entry.count = info.count orelse 0;
    entry.known = info.count != null;
    scratch.set_count += 1;
    if (info.unlistable != null) return true;
    separator(walk);
    const buffer = walk.buffer;
    buffer.raw("{");
    buffer.string(if (info.isMap()) "map" else "set");
    buffer.raw(":{");
    if (info.comment()) |text| {
        buffer.raw("\"comment\":");
        buffer.string(text);
    }
    listing.renderMetadata(buffer, &info, info.comment() == null);
    buffer.raw("}}");
    return true;
}
