//! What the direct path knows about one named set: its key and data types, flags and limits,
//! read from the kernel for that set alone (NFT_MSG_GETSET with table and name; never a dump,
//! never another table), cached by handle and ruleset generation.
//!
//! Only the types the direct path encodes are `supported`; a request that names any other set
//! goes to libnftables. The datatype numbers are nft's own (its datatypes.h is not installed):
//! tests/direct_blackbox.py creates a set of every supported type with nft and checks that the
//! helper's own listing of it names the same type as nft's.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c.zig");
const netlink = @import("netlink.zig");

/// nft's datatype numbers (nftables: include/datatype.h, enum datatypes) of the types the
/// direct path encodes. Keys and data; `verdict` is data only.
pub const Datatype = enum(u32) {
    verdict = 1,
    ipv4_addr = 7,
    ipv6_addr = 8,
    ether_addr = 9,
    inet_proto = 12,
    inet_service = 13,
    mark = 19,
    ifname = 41,

    /// Bytes of a value (before the 4-byte padding of a concatenation).
    pub fn bytes(datatype: Datatype) u32 {
        return switch (datatype) {
            .verdict => 0,
            .ipv4_addr, .mark => 4,
            .ipv6_addr, .ifname => 16,
            .ether_addr => 6,
            .inet_proto => 1,
            .inet_service => 2,
        };
    }
};

/// nft concatenates key types 6 bits at a time, first component in the highest bits.
const type_bits: u5 = 6;
pub const components_max: u32 = 8;
pub const value_bytes_max: u32 = c.NFT_DATA_VALUE_MAXLEN;

pub const Info = struct {
    family: netlink.Family,
    table_buffer: [c.NFT_NAME_MAXLEN]u8 = undefined,
    table_len: u16 = 0,
    name_buffer: [c.NFT_NAME_MAXLEN]u8 = undefined,
    name_len: u16 = 0,
    handle: u64 = 0,
    flags: u32 = 0,
    key_type: u32 = 0,
    key: [components_max]Datatype = undefined,
    key_count: u8 = 0,
    key_len: u32 = 0,
    /// Maps: the data type (null for a set, or for data the direct path does not encode).
    data: ?Datatype = null,
    data_type: u32 = 0,
    data_len: u32 = 0,
    timeout_ms: u64 = 0,
    gc_interval_ms: u32 = 0,
    size: u32 = 0,
    policy: u32 = 0,
    /// Set statements (counter, ...) or object maps: not for the direct path.
    expressions: bool = false,
    auto_merge: bool = false,
    /// The set's comment (nft's user data), for listings.
    comment_buffer: [c.NFTNL_UDATA_COMMENT_MAXLEN]u8 = undefined,
    comment_len: u8 = 0,
    /// Elements in the kernel (NFTA_SET_COUNT, Linux 6.17+), when the kernel reports it.
    count: ?u32 = null,
    /// Why the direct path does not write this set's elements, or null.
    unsupported: ?[]const u8 = null,
    /// Why the direct path does not list this set, or null.
    unlistable: ?[]const u8 = null,
    /// The ruleset generation this description was read or confirmed at.
    generation: u32 = 0,

    pub fn table(info: *const Info) []const u8 {
        return info.table_buffer[0..info.table_len];
    }

    pub fn name(info: *const Info) []const u8 {
        return info.name_buffer[0..info.name_len];
    }

    pub fn comment(info: *const Info) ?[]const u8 {
        return if (info.comment_len > 0) info.comment_buffer[0..info.comment_len] else null;
    }

    pub fn interval(info: *const Info) bool {
        return info.flags & c.NFT_SET_INTERVAL != 0;
    }

    pub fn concatenated(info: *const Info) bool {
        return info.key_count > 1;
    }

    pub fn isMap(info: *const Info) bool {
        return info.flags & c.NFT_SET_MAP != 0;
    }

    pub fn hasTimeout(info: *const Info) bool {
        return info.flags & c.NFT_SET_TIMEOUT != 0;
    }

    /// Bytes of component `index` inside the key: its value, padded to 4 in a concatenation.
    pub fn componentBytes(info: *const Info, index: u32) u32 {
        const value = info.key[index].bytes();
        return if (info.key_count > 1) std.mem.alignForward(u32, value, 4) else value;
    }
};

pub const Lookup = union(enum) {
    found: *const Info,
    /// No such set (or table) in the kernel.
    missing,
    /// The kernel did not answer as expected.
    failed,
    /// Every cached description is in use at this generation (a request naming more sets).
    full,
};

/// Descriptions of the sets requests have named, each valid at `Info.generation`.
pub const Cache = struct {
    entries: [capacity]Info = undefined,
    count: u32 = 0,
    /// Round-robin replacement once full.
    next_victim: u32 = 0,

    pub const capacity: u32 = 64;

    /// The set's description at ruleset generation `generation`: cached if read or confirmed at
    /// that generation, else read again (a set's types never change while its handle stays).
    pub fn lookup(
        cache: *Cache,
        socket: *netlink.Socket,
        generation: u32,
        family: netlink.Family,
        table: []const u8,
        name: []const u8,
    ) Lookup {
        const slot = cache.find(family, table, name);
        if (slot) |index| {
            if (cache.entries[index].generation == generation) return .{ .found = &cache.entries[index] };
        }
        var fresh = Info{ .family = family };
        switch (fetch(socket, family, table, name, &fresh)) {
            .found => {},
            .missing => {
                if (slot) |index| cache.remove(index);
                return .missing;
            },
            .failed => return .failed,
        }
        fresh.generation = generation;
        const index = slot orelse cache.claim(generation) orelse return .full;
        cache.entries[index] = fresh;
        return .{ .found = &cache.entries[index] };
    }

    /// After a transaction of ours that changed only elements of these sets committed at
    /// `generation`, their descriptions are still exact.
    pub fn confirm(cache: *Cache, old_generation: u32, new_generation: u32) void {
        for (cache.entries[0..cache.count]) |*entry| {
            if (entry.generation != old_generation) continue;
            entry.generation = new_generation;
            // The element count changed with the transaction: unknown until read again.
            entry.count = null;
        }
    }

    fn find(cache: *const Cache, family: netlink.Family, table: []const u8, name: []const u8) ?u32 {
        for (cache.entries[0..cache.count], 0..) |*entry, index| {
            if (entry.family == family and std.mem.eql(
                u8,
                entry.table(),
                table,
            ) and std.mem.eql(u8, entry.name(), name)) {
                return @intCast(index);
            }
        }
        return null;
    }

    /// A free entry, or one described at another generation (entries read at the current one
    /// may be in use by the request being built).
    fn claim(cache: *Cache, generation: u32) ?u32 {
        if (cache.count < capacity) {
            cache.count += 1;
            return cache.count - 1;
        }
        var tries: u32 = 0;
        while (tries < capacity) : (tries += 1) {
            const index = cache.next_victim;
            cache.next_victim = (cache.next_victim + 1) % capacity;
            if (cache.entries[index].generation != generation) return index;
        }
        return null;
    }

    fn remove(cache: *Cache, index: u32) void {
        assert(index < cache.count);
        cache.count -= 1;
        cache.entries[index] = cache.entries[cache.count];
        if (cache.next_victim >= cache.count) cache.next_victim = 0;
    }
};

/// The set's element count now (one NFT_MSG_GETSET), or null when the kernel does not report it
/// or the set is no longer the one described.
pub fn currentCount(socket: *netlink.Socket, info: *const Info) ?u32 {
    var fresh = Info{ .family = info.family };
    if (fetch(socket, info.family, info.table(), info.name(), &fresh) != .found) return null;
    if (fresh.handle != info.handle) return null;
    return fresh.count;
}

const Fetch = enum { found, missing, failed };

/// NFT_MSG_GETSET for one set, parsed into `info`.
fn fetch(socket: *netlink.Socket, family: netlink.Family, table: []const u8, name: []const u8, info: *Info) Fetch {
    if (table.len >= c.NFT_NAME_MAXLEN or name.len >= c.NFT_NAME_MAXLEN) return .missing;
    var request: [netlink.message_bytes_min + 2 * (c.NFT_NAME_MAXLEN + 8)]u8 align(8) = undefined;
    const sequence = socket.sequences(1);
    const header = c.nftnl_nlmsg_build_hdr(&request, c.NFT_MSG_GETSET, @intFromEnum(family), c.NLM_F_ACK, sequence);
    var buffer: [c.NFT_NAME_MAXLEN]u8 = undefined;
    c.mnl_attr_put_strz(header, c.NFTA_SET_TABLE, netlink.nameZ(table, &buffer));
    c.mnl_attr_put_strz(header, c.NFTA_SET_NAME, netlink.nameZ(name, &buffer));
    if (!socket.send(request[0..header.nlmsg_len])) return .failed;
    var result: Fetch = .failed;
    var answered = false;
    var reads: u32 = 0;
    while (!answered and reads < 4) : (reads += 1) {
        const bytes = socket.receive(true) orelse break;
        var messages = netlink.Messages.init(bytes);
        while (messages.next()) |message| {
            if (message.nlmsg_seq != sequence) continue;
            if (message.nlmsg_type == c.NLMSG_ERROR) {
                answered = true;
                const payload = netlink.messagePayload(message);
                if (payload.len < 4) continue;
                const code = std.mem.readInt(i32, payload[0..4], .little);
                if (code == -@as(i32, @intFromEnum(linux.E.NOENT))) result = .missing;
                continue;
            }
            if (message.nlmsg_type == (c.NFNL_SUBSYS_NFTABLES << 8) | c.NFT_MSG_NEWSET) {
                result = if (parse(message, info)) .found else .failed;
            }
        }
    }
    return if (answered) result else .failed;
}

fn be32(payload: []const u8) ?u32 {
    if (payload.len != 4) return null;
    return std.mem.readInt(u32, payload[0..4], .big);
}

fn be64(payload: []const u8) ?u64 {
    if (payload.len != 8) return null;
    return std.mem.readInt(u64, payload[0..8], .big);
}

/// Reads a NEWSET message into `info` and decides whether the direct path handles the set.
pub fn parse(message: *const c.nlmsghdr, info: *Info) bool {
    var attributes = netlink.Attributes.ofMessage(message);
    var seen_key = false;
    while (attributes.next()) |attribute| {
        const payload = attribute.payload;
        switch (attribute.kind) {
            c.NFTA_SET_TABLE => info.table_len = copyName(payload, &info.table_buffer) orelse return false,
            c.NFTA_SET_NAME => info.name_len = copyName(payload, &info.name_buffer) orelse return false,
            c.NFTA_SET_FLAGS => info.flags = be32(payload) orelse return false,
            c.NFTA_SET_KEY_TYPE => {
                info.key_type = be32(payload) orelse return false;
                seen_key = true;
            },
            c.NFTA_SET_KEY_LEN => info.key_len = be32(payload) orelse return false,
            c.NFTA_SET_DATA_TYPE => info.data_type = be32(payload) orelse return false,
            c.NFTA_SET_DATA_LEN => info.data_len = be32(payload) orelse return false,
            c.NFTA_SET_POLICY => info.policy = be32(payload) orelse return false,
            c.NFTA_SET_TIMEOUT => info.timeout_ms = be64(payload) orelse return false,
            c.NFTA_SET_GC_INTERVAL => info.gc_interval_ms = be32(payload) orelse return false,
            c.NFTA_SET_HANDLE => info.handle = be64(payload) orelse return false,
            c.NFTA_SET_DESC => {
                var nested = netlink.Attributes.nested(attribute);
                while (nested.next()) |inner| {
                    if (inner.kind == c.NFTA_SET_DESC_SIZE) info.size = be32(inner.payload) orelse return false;
                }
            },
            c.NFTA_SET_USERDATA => readUserdata(payload, info),
            c.NFTA_SET_EXPR, c.NFTA_SET_EXPRESSIONS, c.NFTA_SET_OBJ_TYPE => info.expressions = true,
            c.NFTA_SET_COUNT => info.count = be32(payload) orelse return false,
            else => {},
        }
    }
    if (info.table_len == 0 or info.name_len == 0 or !seen_key) return false;
    info.unlistable = judgeListing(info);
    info.unsupported = info.unlistable orelse judgeSupport(info);
    return true;
}

fn copyName(payload: []const u8, out: *[c.NFT_NAME_MAXLEN]u8) ?u16 {
    const text = std.mem.sliceTo(payload, 0);
    if (text.len == 0 or text.len >= out.len) return null;
    @memcpy(out[0..text.len], text);
    return @intCast(text.len);
}

/// Null when the direct path lists this set's elements (the types it renders), else why not.
fn judgeListing(info: *Info) ?[]const u8 {
    if (info.flags & (c.NFT_SET_ANONYMOUS | c.NFT_SET_OBJECT | c.NFT_SET_EXPR) != 0) {
        return "anonymous set, object map or set with expressions";
    }
    if (info.expressions) return "set with statements";
    if (!decodeKey(info)) return "key type the direct path does not encode";
    if (info.interval()) {
        // nft stores interval marks in network order and interface names as wildcard ranges:
        // neither is what the listing renders, so libnftables lists them.
        for (info.key[0..info.key_count]) |datatype| {
            if (datatype == .mark or datatype == .ifname) return "interval of marks or interface names";
        }
    }
    if (info.isMap()) {
        if (info.data_type == c.NFT_DATA_VERDICT) {
            info.data = .verdict;
        } else {
            const datatype = std.meta.intToEnum(
                Datatype,
                info.data_type,
            ) catch return "map data type the direct path does not encode";
            if (datatype == .verdict or datatype.bytes() != info.data_len) {
                return "map data type the direct path does not encode";
            }
            info.data = datatype;
        }
    }
    return null;
}

/// Null when the direct path also writes this set's elements, else why not.
fn judgeSupport(info: *Info) ?[]const u8 {
    if (info.auto_merge) return "auto-merge interval set (libnftables merges in user space)";
    return null;
}

/// Splits the key type into components and checks the key length they imply.
pub fn decodeKey(info: *Info) bool {
    var reversed: [components_max]Datatype = undefined;
    var count: u8 = 0;
    var rest = info.key_type;
    while (rest != 0) : (rest >>= type_bits) {
        if (count == components_max) return false;
        const id = rest & ((@as(u32, 1) << type_bits) - 1);
        const datatype = std.meta.intToEnum(Datatype, id) catch return false;
        if (datatype == .verdict) return false;
        reversed[count] = datatype;
        count += 1;
    }
    if (count == 0) return false;
    for (0..count) |index| info.key[index] = reversed[count - 1 - index];
    info.key_count = count;
    var expected: u32 = 0;
    for (0..count) |index| expected += info.componentBytes(@intCast(index));
    return expected == info.key_len;
}

/// The set's user data (nft writes it): the auto-merge flag and the comment.
fn readUserdata(payload: []const u8, info: *Info) void {
    if (payload.len == 0 or payload.len > std.math.maxInt(u32)) return;
    _ = c.nftnl_udata_parse(payload.ptr, @intCast(payload.len), userdataAttribute, info);
}

fn userdataAttribute(attribute: *const c.nftnl_udata, data: ?*anyopaque) callconv(.c) c_int {
    const info: *Info = @ptrCast(@alignCast(data.?));
    switch (c.nftnl_udata_type(attribute)) {
        c.NFTNL_UDATA_SET_MERGE_ELEMENTS => info.auto_merge = true,
        c.NFTNL_UDATA_SET_COMMENT => {
            const length = c.nftnl_udata_len(attribute);
            const bytes: [*]const u8 = @ptrCast(c.nftnl_udata_get(attribute));
            const text = std.mem.sliceTo(bytes[0..length], 0);
            if (text.len < info.comment_buffer.len) {
                @memcpy(info.comment_buffer[0..text.len], text);
                info.comment_len = @intCast(text.len);
            }
        },
        else => {},
    }
    return 0;
}
