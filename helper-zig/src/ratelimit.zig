//! The policy's rate limit, kept by the kernel so that it holds across every helper process
//! (restarts and parallel instances) of a policy in a network namespace, and charged by work.
//!
//! State: in the network namespace's nf_tables, table `inet nftj_rate` (reserved: no policy may
//! name it, so no request can touch it) holds one set per policy, named `p` + 16 hex digits of a
//! digest of the policy's tables, operations and rate. The set has `flags timeout`, `size` = the
//! policy's burst, and a default timeout of burst / perSecond seconds. Spending n units adds n
//! elements with fresh keys in one nfnetlink batch; when fewer than n places are free the kernel
//! refuses the insertion that does not fit (ENFILE) and rolls the whole batch back, so parallel
//! helpers can never overspend and nothing is read, modified and written back. An element frees
//! its place when the kernel's garbage collection removes it after its timeout (the set's
//! gc-interval, one sixteenth of the timeout between 10 ms and 1 s, plus the kernel's
//! deferred freeing): at most `burst` units are spent in any window of burst / perSecond seconds,
//! never more, sometimes slightly fewer.
//!
//! Why a compromised JVM cannot reset it: the state is in the kernel, reachable only with
//! CAP_NET_ADMIN, which the JVM does not have; every helper refuses the reserved table. Restarting
//! the helper, running several, or killing one mid-request changes nothing: an element stays until
//! its timeout. Keys are 16 bytes: 8 random bytes the kernel gave this process at exec (AT_RANDOM)
//! and a per-process counter, so helpers never collide.
//!
//! Units (docs/protocol.md, "Rate limit"): a request costs 1 unit, plus 1 per further
//! `commands_per_unit` commands, plus 1 per `elements_per_unit` elements. A request that costs
//! more than the burst can never be served and is refused with `limit_exceeded`.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c.zig");
const netlink = @import("netlink.zig");
const policy_module = @import("policy.zig");
const json = @import("json.zig");
const mutation = @import("mutation.zig");

pub const table_name = policy_module.reserved_table;
pub const table_family = netlink.Family.inet;
/// Commands (after the first) that one unit pays for.
pub const commands_per_unit: u32 = 10;
/// Set elements that one unit pays for.
pub const elements_per_unit: u32 = 10_000;

/// Four marks (16 bytes): the key type nft shows for the tokens.
const key_type: u32 = ((((19 << 6) | 19) << 6 | 19) << 6) | 19;
const key_bytes: u32 = 16;
/// NFTA_SET_ELEM nest (4) + KEY nest (4) + DATA_VALUE attribute (4 + 16).
const element_bytes: u32 = 28;

pub const Work = struct { commands: u32, elements: u64 };

/// The units a request costs. Never zero.
pub fn units(work: Work) u64 {
    assert(work.commands >= 1);
    if (mutation.removed(.rate_limit_by_work)) return 1;
    return 1 + (work.commands - 1) / commands_per_unit + work.elements / elements_per_unit;
}

/// Commands and elements of `batch.nftables` (elements: the `elem` arrays of the commands'
/// objects, which the validator has already bounded).
pub fn workOf(tree: *const json.Tree, commands: u32) Work {
    var work = Work{ .commands = 0, .elements = 0 };
    var command = tree.first(commands);
    while (command != json.none) : (command = tree.next(command)) {
        work.commands += 1;
        if (tree.kind(command) != .object or tree.count(command) != 1) continue;
        const object = tree.next(tree.first(command));
        if (tree.kind(object) != .object or tree.count(object) != 1) continue;
        const body = tree.next(tree.first(object));
        if (tree.kind(body) != .object) continue;
        const elem = tree.member(body, "elem");
        if (elem == json.none) continue;
        work.elements += if (tree.kind(elem) == .array) tree.count(elem) else 1;
    }
    return work;
}

pub const Spend = union(enum) {
    spent,
    /// Not enough units left in the window.
    limited,
    /// The request costs more than the burst: it can never be served.
    too_costly: u64,
    /// The kernel refused the spend for another reason (errno), or the outcome is unknown.
    failed: []const u8,
};

pub const Limiter = struct {
    set_name: [17:0]u8,
    burst: u32,
    timeout_ms: u64,
    gc_interval_ms: u32,
    process_key: u64,
    counter: u64 = 0,

    pub fn init(policy: *const policy_module.Policy) Limiter {
        assert(policy.rate_burst >= 1 and policy.rate_per_second >= 1);
        const burst: u64 = policy.rate_burst;
        const timeout_ms = std.math.divCeil(u64, burst * 1000, policy.rate_per_second) catch unreachable;
        var limiter = Limiter{
            .set_name = undefined,
            .burst = policy.rate_burst,
            .timeout_ms = timeout_ms,
            .gc_interval_ms = @intCast(std.math.clamp(timeout_ms / 16, 10, 1000)),
            .process_key = processKey(),
        };
        setName(policy, &limiter.set_name);
        return limiter;
    }

    /// Adds the spend of `count` units to `batch`: the table and set (created if missing, else
    /// left as they are) and `count` fresh elements. Returns the number of messages added, or
    /// null when the batch is full.
    pub fn appendSpend(limiter: *Limiter, batch: *netlink.Batch, count: u64) ?u32 {
        assert(count >= 1 and count <= limiter.burst);
        const messages_before = batch.messages;
        var name_buffer: [c.NFT_NAME_MAXLEN]u8 = undefined;
        const table = netlink.nameZ(table_name, &name_buffer);
        const table_message = batch.message(c.NFT_MSG_NEWTABLE, table_family, c.NLM_F_CREATE) orelse return null;
        c.mnl_attr_put_strz(table_message, c.NFTA_TABLE_NAME, table);
        batch.close();
        const set_message = batch.message(c.NFT_MSG_NEWSET, table_family, c.NLM_F_CREATE) orelse return null;
        limiter.putSet(set_message, table);
        batch.close();
        var left = count;
        while (left > 0) {
            const message = batch.message(c.NFT_MSG_NEWSETELEM, table_family, c.NLM_F_CREATE) orelse return null;
            c.mnl_attr_put_strz(message, c.NFTA_SET_ELEM_LIST_TABLE, table);
            c.mnl_attr_put_strz(message, c.NFTA_SET_ELEM_LIST_SET, &limiter.set_name);
            const list = c.mnl_attr_nest_start(message, c.NFTA_SET_ELEM_LIST_ELEMENTS);
            while (left > 0 and batch.fits(element_bytes + 64)) : (left -= 1) {
                limiter.counter += 1;
                var key: [key_bytes]u8 = undefined;
                std.mem.writeInt(u64, key[0..8], limiter.process_key, .little);
                std.mem.writeInt(u64, key[8..16], limiter.counter, .little);
                const element = c.mnl_attr_nest_start(message, c.NFTA_LIST_ELEM);
                const key_nest = c.mnl_attr_nest_start(message, c.NFTA_SET_ELEM_KEY);
                c.mnl_attr_put(message, c.NFTA_DATA_VALUE, key_bytes, &key);
                c.mnl_attr_nest_end(message, key_nest);
                c.mnl_attr_nest_end(message, element);
            }
            c.mnl_attr_nest_end(message, list);
            batch.close();
        }
        return batch.messages - messages_before;
    }

    fn putSet(limiter: *const Limiter, message: *c.nlmsghdr, table: [*:0]const u8) void {
        c.mnl_attr_put_strz(message, c.NFTA_SET_TABLE, table);
        c.mnl_attr_put_strz(message, c.NFTA_SET_NAME, &limiter.set_name);
        // Required by the kernel for every new set: identifies it within the transaction.
        c.mnl_attr_put_u32(message, c.NFTA_SET_ID, std.mem.nativeToBig(u32, 1));
        c.mnl_attr_put_u32(message, c.NFTA_SET_FLAGS, std.mem.nativeToBig(u32, c.NFT_SET_TIMEOUT));
        c.mnl_attr_put_u32(message, c.NFTA_SET_KEY_TYPE, std.mem.nativeToBig(u32, key_type));
        c.mnl_attr_put_u32(message, c.NFTA_SET_KEY_LEN, std.mem.nativeToBig(u32, key_bytes));
        c.mnl_attr_put_u64(message, c.NFTA_SET_TIMEOUT, std.mem.nativeToBig(u64, limiter.timeout_ms));
        c.mnl_attr_put_u32(message, c.NFTA_SET_GC_INTERVAL, std.mem.nativeToBig(u32, limiter.gc_interval_ms));
        const description = c.mnl_attr_nest_start(message, c.NFTA_SET_DESC);
        c.mnl_attr_put_u32(message, c.NFTA_SET_DESC_SIZE, std.mem.nativeToBig(u32, limiter.burst));
        c.mnl_attr_nest_end(message, description);
    }

    /// Spends `count` units in a batch of their own (the libnftables path and sysctl_set).
    pub fn spend(limiter: *Limiter, socket: *netlink.Socket, batch: *netlink.Batch, count: u64) Spend {
        if (count > limiter.burst) return .{ .too_costly = count };
        batch.start(socket.nextSequence(), null);
        _ = limiter.appendSpend(batch, count) orelse return .{
            .failed = "the rate limit's batch does not fit its buffer",
        };
        batch.finish();
        return switch (socket.commit(batch)) {
            .applied => .spent,
            .refused => |refusal| classify(refusal.errno),
            .restart => .{ .failed = "the kernel asked to restart a batch that named no generation" },
            .send_failed => .{ .failed = "the rate limit's batch could not be sent" },
            .unknown => .{ .failed = "the kernel's answer to the rate limit's batch was incomplete" },
        };
    }

    /// A refusal of one of the spend's messages.
    pub fn classify(errno: u16) Spend {
        if (errno == @intFromEnum(linux.E.NFILE)) return .limited;
        return .{ .failed = "the kernel refused the rate limit's batch" };
    }
};

/// 8 bytes of the 16 random bytes the kernel placed in this process's auxiliary vector at exec.
fn processKey() u64 {
    const address = c.getauxval(c.AT_RANDOM);
    assert(address != 0); // Linux always provides AT_RANDOM
    const random: *const [16]u8 = @ptrFromInt(address);
    return std.mem.readInt(u64, random[0..8], .little);
}

/// `p` + the first 16 hex digits of SHA-256 over the policy's tables, operations and rate.
fn setName(policy: *const policy_module.Policy, out: *[17:0]u8) void {
    var hash = std.crypto.hash.sha2.Sha256.init(.{});
    for (policy.tables[0..policy.table_count]) |*table| {
        hash.update(@tagName(table.family));
        hash.update(" ");
        hash.update(table.name());
        hash.update("\n");
    }
    inline for (std.meta.fields(policy_module.Operation)) |field| {
        if (policy.allows(@enumFromInt(field.value))) hash.update(field.name ++ "\n");
    }
    var numbers: [32]u8 = undefined;
    hash.update(std.fmt.bufPrint(
        &numbers,
        "{d}/{d}",
        .{ policy.rate_per_second, policy.rate_burst },
    ) catch unreachable);
    var digest: [32]u8 = undefined;
    hash.final(&digest);
    // The mutant keeps one bucket per process: restarts and parallel helpers each get a fresh one.
    if (mutation.removed(.rate_limit_shared)) std.mem.writeInt(u64, digest[0..8], processKey(), .little);
    out[0] = 'p';
    const hex = std.fmt.bytesToHex(digest[0..8], .lower);
    @memcpy(out[1..17], &hex);
    out[17] = 0;
}

/// Whether `name` is the reserved table (any family).
pub fn isReserved(name: []const u8) bool {
    return std.mem.eql(u8, name, table_name);
}
