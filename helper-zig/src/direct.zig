//! The direct executor: a judged `nft` request made only of element changes (add, create and
//! delete element, flush set/map) on named sets whose types src/element_encoding.zig encodes
//! becomes ONE nfnetlink transaction, built here with libnftnl and libmnl, instead of a
//! libnftables run (which reads every element of every set in the ruleset first).
//!
//! The judge has validated the request and checked the policy exactly as for libnftables; this
//! file only chooses how to apply it. It reads just the sets the request names (src/setinfo.zig),
//! builds BEGIN (carrying the ruleset generation those descriptions were read at), the rate
//! limit's spend (src/ratelimit.zig), one message per command (split when large), END, and sends
//! it with one sendto. The kernel applies all of it or nothing: a changed generation (ERESTART),
//! an empty rate-limit bucket (ENFILE) or a refused element rolls everything back.
//!
//! `run` answers `.fallback` before anything is sent when any set or value is of a kind it leaves
//! to libnftables; the service then runs the request there, charged the same way.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c.zig");
const resources = @import("resources.zig");
const json = @import("json.zig");
const netlink = @import("netlink.zig");
const setinfo = @import("setinfo.zig");
const encoding = @import("element_encoding.zig");
const ratelimit = @import("ratelimit.zig");
const interval_check = @import("interval_check.zig");
const policy_module = @import("policy.zig");
const response = @import("response.zig");
const request = @import("request.zig");
const mutation = @import("mutation.zig");
const writer_module = @import("writer.zig");
const Buffer = writer_module.Buffer;

/// Attempts when the ruleset generation changes between reading the sets and committing.
const restarts_max: u32 = 4;
/// Upper bound of one netlink element: nests, key and end (64 bytes each), flags, timeouts,
/// verdict with a chain name, user data.
const element_bytes_max: u32 = 768;

/// Which command and elements a message of the batch carries, to name a refused element.
pub const Record = struct { command: u32, first_element: u32, zero_end_first: bool };
pub const records_max: u32 = 1 << 16;
/// Intervals of one request the overlap checks hold (src/interval_check.zig); more go to
/// libnftables.
pub const intervals_max: u32 = 1 << 21;
/// Bytes for the overlap questions of one sendto.
pub const probe_bytes: u32 = 256 * 1024;

pub const Outcome = union(enum) {
    /// The response frame.
    answer: []const u8,
    /// Nothing was sent: run the request through libnftables.
    fallback,
};

/// What the executor needs from the service (the helper's socket, batch, limiter, buffers).
pub const Context = struct {
    socket: *netlink.Socket,
    batch: *netlink.Batch,
    limiter: *ratelimit.Limiter,
    policy: *const policy_module.Policy,
    response_buffer: *Buffer,
    path_buffer: []u8,
};

const Operation = enum { add, create, delete, flush };

/// One command of the request, as the direct path reads it.
pub const Command = struct {
    operation: Operation,
    family: netlink.Family,
    table: []const u8,
    set: []const u8,
    /// The `elem` array (or single value) node; none for flush.
    elements: u32,
    node: u32,
    info: *const setinfo.Info = undefined,
    /// Interval add: whether nft's end element at key zero belongs in the batch.
    zero_end: bool = false,
    /// Interval add: an element of this command starts at key zero.
    request_starts_at_zero: bool = false,
};

pub const Executor = struct {
    cache: setinfo.Cache = .{},
    /// The ruleset generation as last learned (GETGEN, or one past our own commit).
    generation: ?u32 = null,
    records: []Record,
    record_count: u32 = 0,
    commands: []Command,
    intervals: []interval_check.Interval,
    probe_buffer: []align(8) u8,
    message_buffer: [640]u8 = undefined,

    pub fn init(
        records: []Record,
        commands: []Command,
        intervals: []interval_check.Interval,
        probe_buffer: []align(8) u8,
    ) Executor {
        assert(records.len >= records_max);
        assert(commands.len >= command_capacity);
        assert(intervals.len >= intervals_max and probe_buffer.len >= probe_bytes);
        return .{ .records = records, .commands = commands, .intervals = intervals, .probe_buffer = probe_buffer };
    }

    /// The generation is no longer known (libnftables or someone else may have committed).
    pub fn forgetGeneration(executor: *Executor) void {
        executor.generation = null;
    }

    pub const Target = struct { kind: []const u8, family: netlink.Family, table: []const u8, set: []const u8 };
    pub const Listed = union(enum) { found: *const setinfo.Info, missing, fallback };

    /// The one set a request lists (`list set` or `list map` alone), or null.
    pub fn listTarget(tree: *const json.Tree, commands: u32) ?Target {
        if (tree.count(commands) != 1) return null;
        const command = tree.first(commands);
        if (tree.kind(command) != .object or tree.count(command) != 1) return null;
        const verb = tree.first(command);
        if (!std.mem.eql(u8, tree.string(verb), "list")) return null;
        const object = tree.next(verb);
        if (tree.kind(object) != .object or tree.count(object) != 1) return null;
        const kind_key = tree.first(object);
        const kind = tree.string(kind_key);
        if (!std.mem.eql(u8, kind, "set") and !std.mem.eql(u8, kind, "map")) return null;
        const body = tree.next(kind_key);
        if (tree.kind(body) != .object) return null;
        const family = stringMember(tree, body, "family") orelse return null;
        return .{
            .kind = kind,
            .family = std.meta.stringToEnum(netlink.Family, family) orelse return null,
            .table = stringMember(tree, body, "table") orelse return null,
            .set = stringMember(tree, body, "name") orelse return null,
        };
    }

    /// The description of one set at the current generation, for a listing.
    pub fn describeOne(executor: *Executor, socket: *netlink.Socket, target: Target) Listed {
        const generation = executor.generation orelse socket.generation() orelse return .fallback;
        executor.generation = generation;
        return switch (executor.cache.lookup(socket, generation, target.family, target.table, target.set)) {
            .found => |info| .{ .found = info },
            .missing => .missing,
            .failed, .full => .fallback,
        };
    }

    /// Whether the request is made only of the element changes the direct path carries.
    /// Cheap and syntactic: the sets' types are checked in `run`.
    pub fn eligible(tree: *const json.Tree, commands: u32, check: bool, echo: bool) bool {
        if (check or echo) return false;
        var command = tree.first(commands);
        while (command != json.none) : (command = tree.next(command)) {
            _ = readCommand(tree, command) orelse return false;
        }
        return true;
    }

    pub fn run(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        id: i64,
        commands: u32,
        units: u64,
    ) Outcome {
        const list = executor.commands;
        const count = collect(tree, commands, list) orelse return .fallback;
        if (units > context.limiter.burst) return .{ .answer = response.failure(context.response_buffer, id, .{
            .code = "limit_exceeded",
            .message = "the request costs more rate-limit units than the policy's burst; split it or raise the burst",
        }) };
        var attempt: u32 = 0;
        while (attempt < restarts_max) : (attempt += 1) {
            const generation = executor.generation orelse context.socket.generation() orelse return .fallback;
            executor.generation = generation;
            switch (executor.describe(context, tree, list[0..count], generation)) {
                .ready => {},
                .fallback => return .fallback,
                .missing => |index| return .{ .answer = executor.missingSet(context, id, list[index], index, units) },
                .full => return .fallback,
                .conflict => |conflict| return .{ .answer = executor.conflictAnswer(
                    context,
                    tree,
                    id,
                    list[conflict.command],
                    conflict,
                    units,
                ) },
                .over_cap => |index| return .{ .answer = executor.overCap(context, tree, id, list[index], index) },
                .failed => return .fallback,
            }
            switch (executor.build(context, tree, list[0..count], generation, units)) {
                .built => {},
                .fallback => return .fallback,
                .mismatch => |failure| return .{ .answer = executor.mismatchAnswer(
                    context,
                    tree,
                    id,
                    list[failure.command],
                    failure,
                ) },
            }
            const outcome = context.socket.commit(context.batch);
            switch (outcome) {
                .applied => {
                    executor.generation = generation +% 1;
                    executor.cache.confirm(generation, generation +% 1);
                    return .{ .answer = success(context.response_buffer, id) };
                },
                .restart => {
                    executor.generation = null;
                    continue;
                },
                else => {
                    executor.generation = null;
                    return .{ .answer = executor.refused(context, tree, id, list[0..count], outcome, units) };
                },
            }
        }
        return .fallback;
    }

    const Described = union(enum) {
        ready,
        fallback,
        missing: u32,
        failed,
        full,
        conflict: interval_check.Conflict,
        over_cap: u32,
    };

    /// Reads (or confirms) every named set at `generation`, and decides nft's zero end element.
    fn describe(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        list: []Command,
        generation: u32,
    ) Described {
        for (list, 0..) |*command, index| {
            const info = switch (executor.cache.lookup(
                context.socket,
                generation,
                command.family,
                command.table,
                command.set,
            )) {
                .found => |value| value,
                .missing => return .{ .missing = @intCast(index) },
                .failed => return .failed,
                .full => return .full,
            };
            if (info.unsupported != null) return .fallback;
            if (info.isMap() and info.data == null) return .fallback;
            command.info = info;
            command.zero_end = false;
            command.request_starts_at_zero = false;
            // The policy's limits.elementsPerSet (src/resources.zig): elements go only into a set
            // the kernel bounds by a size within the cap. Checked before anything is sent or
            // charged, as the libnftables path's census does.
            if (command.operation == .add or command.operation == .create) {
                if (info.flags & c.NFT_SET_CONSTANT != 0) return .{ .over_cap = @intCast(index) };
                if (info.size == 0 or info.size > context.policy.limits.elements_per_set) return .{
                    .over_cap = @intCast(index),
                };
            }
        }
        // A request that build() will refuse (an element that cannot be of its set's type) asks
        // the kernel nothing more: that refusal is free (a validation refusal), so the overlap
        // probes and zero-end questions would be kernel work that no rate limit pays for (the
        // mutant asks them anyway).
        if (!mutation.removed(.direct_doomed_probe) and !encodesWhole(tree, list)) return .ready;
        const checked = executor.checkIntervals(context, tree, list);
        if (checked != .ready) return checked;
        for (list) |*command| {
            if (command.operation != .add and command.operation != .create) continue;
            if (!command.info.interval() or command.info.concatenated()) continue;
            // libnftables 1.0.6 (segtree_needs_first_segment) adds an end element at key zero
            // with every command adding to a set that held no interval and no such end element
            // before the request, unless that command's lowest interval starts at zero. The
            // kernel state stays the same as nft's only with it.
            if (command.request_starts_at_zero) continue;
            command.zero_end = switch (needsZeroEnd(context.socket, command.info)) {
                .yes => true,
                .no => false,
                .failed => return .failed,
            };
        }
        return .ready;
    }

    /// Overlaps among the intervals the request adds, and with the sets' intervals, that the
    /// kernel would not refuse (src/interval_check.zig).
    fn checkIntervals(executor: *Executor, context: Context, tree: *const json.Tree, list: []Command) Described {
        var sets: [setinfo.Cache.capacity]*const setinfo.Info = undefined;
        var set_count: u32 = 0;
        var count: usize = 0;
        for (list, 0..) |*command, index| {
            const info = command.info;
            if (!info.interval() or info.concatenated()) continue;
            if (command.operation != .add and command.operation != .create) continue;
            // A request that also deletes from (or flushes) this set is applied in order by nft
            // against its cache; leave it to libnftables.
            for (list) |*other| {
                if (other.info == info and (other.operation == .delete or other.operation == .flush)) return .fallback;
            }
            const set_index = for (sets[0..set_count], 0..) |known, slot| {
                if (known == info) break @as(u32, @intCast(slot));
            } else blk: {
                sets[set_count] = info;
                set_count += 1;
                break :blk set_count - 1;
            };
            const is_array = tree.kind(command.elements) == .array;
            var node = if (is_array) tree.first(command.elements) else command.elements;
            while (node != json.none) : (node = if (is_array) tree.next(node) else json.none) {
                const element = switch (encoding.parse(tree, node, info, .add)) {
                    .ok => |value| value,
                    else => continue, // build() reports it
                };
                if (count == executor.intervals.len) return .fallback;
                executor.intervals[count] = interval_check.fromElement(
                    &element,
                    info,
                    set_index,
                    @intCast(index),
                    node,
                );
                count += 1;
            }
        }
        if (count == 0) return .ready;
        const intervals = executor.intervals[0..count];
        for (intervals) |interval| {
            if (std.mem.allEqual(u8, &interval.first, 0)) list[interval.command].request_starts_at_zero = true;
        }
        if (interval_check.conflictWithin(intervals)) |conflict| return .{ .conflict = conflict };
        return executor.probeSets(context, sets[0..set_count], intervals);
    }

    /// The request's intervals, sorted by set, against each set's intervals that holds elements:
    /// the kernel is asked (src/interval_check.zig).
    fn probeSets(
        executor: *Executor,
        context: Context,
        sets: []const *const setinfo.Info,
        intervals: []interval_check.Interval,
    ) Described {
        var start: usize = 0;
        while (start < intervals.len) {
            var end = start + 1;
            while (end < intervals.len and intervals[end].set == intervals[start].set) end += 1;
            const info = sets[intervals[start].set];
            if (info.count != 0) {
                for (intervals[start..end]) |interval| {
                    if (interval.open) return .fallback;
                }
                switch (interval_check.probeExisting(
                    context.socket,
                    info,
                    intervals[start..end],
                    executor.probe_buffer,
                )) {
                    .clear => {},
                    .conflict => |conflict| if (!mutation.removed(.direct_overlap)) return .{ .conflict = conflict },
                    .failed => return .failed,
                }
            }
            start = end;
        }
        return .ready;
    }

    /// Elements for a constant set, for a set without a size, or for one with a size above the
    /// policy's cap: the census' words and codes (src/resources.zig), so both paths answer alike.
    fn overCap(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        id: i64,
        command: Command,
        index: u32,
    ) []const u8 {
        const cap = context.policy.limits.elements_per_set;
        const constant = command.info.flags & c.NFT_SET_CONSTANT != 0;
        const text = if (command.info.size == 0) resources.unsized_set_refusal else resources.oversized_set_refusal;
        const message = if (constant) resources.constantSetMessage(
            &executor.message_buffer,
            @tagName(command.family),
            command.table,
            command.set,
        ) else std.fmt.bufPrint(&executor.message_buffer, "{s} ({d})", .{ text, cap }) catch text;
        const object = tree.next(tree.first(tree.next(tree.first(command.node))));
        return response.failure(context.response_buffer, id, .{
            .code = if (constant) resources.constant_set_code else "policy_denied",
            .message = message,
            .command = index,
            .path = request.pointer(tree, object, null, context.path_buffer),
        });
    }

    /// An interval that overlaps another of the request or of the set: nothing was sent; charged
    /// like any request that reached the kernel (libnftables would have been).
    fn conflictAnswer(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        id: i64,
        command: Command,
        conflict: interval_check.Conflict,
        units: u64,
    ) []const u8 {
        if (executor.chargeAlone(context, id, units)) |refusal| return refusal;
        var text: [128]u8 = undefined;
        const what = if (conflict.existing)
            "overlaps an interval of"
        else
            "overlaps another interval of this request for";
        const message = std.fmt.bufPrint(&executor.message_buffer, "element {s} {s} set {s} {s} {s}", .{
            elementText(tree, conflict.node, &text), what, @tagName(command.family), command.table, command.set,
        }) catch "the interval overlaps another";
        // libnftables refuses an overlap itself, before the kernel: nft_failed, as there.
        return response.failure(context.response_buffer, id, .{
            .code = "nft_failed",
            .message = message,
            .command = conflict.command,
            .path = request.pointer(tree, conflict.node, null, context.path_buffer),
        });
    }

    const Built = union(enum) { built, fallback, mismatch: Failure };
    const Failure = struct { command: u32, mismatch: encoding.Mismatch };

    fn build(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        list: []Command,
        generation: u32,
        units: u64,
    ) Built {
        const batch = context.batch;
        // The mutant sends the transaction without the generation it was encoded for.
        batch.start(context.socket.nextSequence(), if (mutation.removed(.direct_generation)) null else generation);
        executor.record_count = 0;
        const spend_messages = context.limiter.appendSpend(batch, units) orelse return .fallback;
        for (0..spend_messages) |_| {
            if (!executor.record(
                .{ .command = std.math.maxInt(u32), .first_element = 0, .zero_end_first = false },
            )) return .fallback;
        }
        for (list, 0..) |*command, index| {
            switch (executor.appendCommand(
                batch,
                tree,
                command,
                @intCast(index),
                context.policy.addIsCreate(.element),
            )) {
                .built => {},
                .fallback => return .fallback,
                .mismatch => |failure| return .{ .mismatch = .{
                    .command = @intCast(index),
                    .mismatch = failure.mismatch,
                } },
            }
        }
        batch.finish();
        if (batch.overflow) return .fallback;
        return .built;
    }

    fn record(executor: *Executor, value: Record) bool {
        if (executor.record_count == executor.records.len) return false;
        executor.records[executor.record_count] = value;
        executor.record_count += 1;
        return true;
    }

    fn appendCommand(
        executor: *Executor,
        batch: *netlink.Batch,
        tree: *const json.Tree,
        command: *const Command,
        index: u32,
        add_is_create: bool,
    ) Built {
        const info = command.info;
        const adds = command.operation == .add or command.operation == .create;
        const kind: u16 = if (adds) c.NFT_MSG_NEWSETELEM else c.NFT_MSG_DELSETELEM;
        // Without `replace` in the policy, add only adds (policy.addIsCreate): sent as create.
        const add_flags: u16 = if (add_is_create) c.NLM_F_CREATE | c.NLM_F_EXCL else c.NLM_F_CREATE;
        const flags: u16 = switch (command.operation) {
            .add => add_flags,
            .create => c.NLM_F_CREATE | c.NLM_F_EXCL,
            .delete, .flush => 0,
        };
        var names: [2][c.NFT_NAME_MAXLEN]u8 = undefined;
        const table = netlink.nameZ(command.table, &names[0]);
        const set = netlink.nameZ(command.set, &names[1]);
        if (command.operation == .flush) {
            const message = batch.message(kind, command.family, flags) orelse return .fallback;
            c.mnl_attr_put_strz(message, c.NFTA_SET_ELEM_LIST_TABLE, table);
            c.mnl_attr_put_strz(message, c.NFTA_SET_ELEM_LIST_SET, set);
            batch.close();
            if (!executor.record(.{ .command = index, .first_element = 0, .zero_end_first = false })) return .fallback;
            return .built;
        }
        const mode: encoding.Mode = if (command.operation == .delete) .delete else .add;
        const listed = tree.kind(command.elements) == .array;
        var element_node = if (listed) tree.first(command.elements) else command.elements;
        var element_index: u32 = 0;
        var zero_end_pending = command.zero_end;
        while (element_node != json.none or zero_end_pending) {
            const message = batch.message(kind, command.family, flags) orelse return .fallback;
            c.mnl_attr_put_strz(message, c.NFTA_SET_ELEM_LIST_TABLE, table);
            c.mnl_attr_put_strz(message, c.NFTA_SET_ELEM_LIST_SET, set);
            if (!executor.record(
                .{ .command = index, .first_element = element_index, .zero_end_first = zero_end_pending },
            )) return .fallback;
            const list = c.mnl_attr_nest_start(message, c.NFTA_SET_ELEM_LIST_ELEMENTS);
            if (zero_end_pending) {
                var zero = encoding.Value{ .len = info.key_len };
                putPiece(message, zero.slice(), c.NFT_SET_ELEM_INTERVAL_END);
                zero_end_pending = false;
            }
            while (element_node != json.none and batch.fits(2 * element_bytes_max)) {
                const element = switch (encoding.parse(tree, element_node, info, mode)) {
                    .ok => |value| value,
                    .mismatch => |value| return .{ .mismatch = .{ .command = index, .mismatch = value } },
                    .unsupported => return .fallback,
                };
                if (!putElement(message, &element, mode)) return .fallback;
                element_index += 1;
                element_node = if (tree.kind(command.elements) == .array) tree.next(element_node) else json.none;
            }
            c.mnl_attr_nest_end(message, list);
            batch.close();
        }
        return .built;
    }

    /// The set named by a command does not exist: charged like any request that reached the
    /// kernel (libnftables would have been charged before it learned the same), then not_found.
    fn missingSet(executor: *Executor, context: Context, id: i64, command: Command, index: u32, units: u64) []const u8 {
        if (executor.chargeAlone(context, id, units)) |refusal| return refusal;
        const message = std.fmt.bufPrint(&executor.message_buffer, "set {s} {s} {s} does not exist", .{
            @tagName(command.family), command.table, command.set,
        }) catch "the set does not exist";
        return response.failure(
            context.response_buffer,
            id,
            .{ .code = "not_found", .message = message, .command = index },
        );
    }

    fn mismatchAnswer(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        id: i64,
        command: Command,
        failure: Failure,
    ) []const u8 {
        const info = command.info;
        var element_text: [128]u8 = undefined;
        var type_text: [160]u8 = undefined;
        const format = "element {s} does not fit set {s} {s} {s} ({s}): {s}";
        const message = std.fmt.bufPrint(&executor.message_buffer, format, .{
            elementText(tree, failure.mismatch.node, &element_text),
            @tagName(command.family),
            command.table,
            command.set,
            typeName(info, &type_text),
            failure.mismatch.reason,
        }) catch failure.mismatch.reason;
        return response.failure(context.response_buffer, id, .{
            .code = "invalid_request",
            .message = message,
            .command = failure.command,
            .path = request.pointer(tree, failure.mismatch.node, null, context.path_buffer),
        });
    }

    /// The kernel refused the transaction: nothing was applied. A refused spend is the rate
    /// limit; anything else is charged separately (as on the libnftables path) and answered with
    /// the element and set it concerns.
    fn refused(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        id: i64,
        list: []Command,
        outcome: netlink.Commit,
        units: u64,
    ) []const u8 {
        const buffer = context.response_buffer;
        const refusal = switch (outcome) {
            .refused => |value| value,
            .send_failed => return response.failure(
                buffer,
                id,
                .{ .code = "nft_failed", .message = "the transaction could not be sent to the kernel" },
            ),
            .unknown => return response.failure(
                buffer,
                id,
                .{
                    .code = "internal",
                    .message = "the kernel's answer to the transaction was incomplete; the outcome is unknown",
                },
            ),
            .applied, .restart => unreachable,
        };
        if (refusal.message >= executor.record_count) {
            return response.failure(
                buffer,
                id,
                .{ .code = "internal", .message = "the kernel refused a message the helper did not send" },
            );
        }
        const owner = executor.records[refusal.message];
        if (owner.command == std.math.maxInt(u32)) {
            return switch (ratelimit.Limiter.classify(refusal.errno)) {
                .limited => response.failure(
                    buffer,
                    id,
                    .{ .code = "rate_limited", .message = "mutating request rate of the policy exceeded" },
                ),
                else => response.failure(
                    buffer,
                    id,
                    .{ .code = "internal", .message = "the kernel refused the rate limit's part of the transaction" },
                ),
            };
        }
        const command = list[owner.command];
        // Read from the batch before the separate charge below reuses its buffer.
        const element_node = executor.refusedElement(context.batch, tree, command, owner, refusal);
        // The kernel rolled the spend back with the transaction; it did the work, so the request
        // is charged on its own (the mutant lets a refused transaction go free).
        if (!mutation.removed(.refused_charge)) {
            if (executor.chargeAlone(context, id, units)) |limited| return limited;
        }
        return executor.kernelAnswer(context, tree, id, command, owner.command, element_node, refusal.errno);
    }

    /// A spend of its own commits a transaction: the generation we knew is gone.
    fn chargeAlone(executor: *Executor, context: Context, id: i64, units: u64) ?[]const u8 {
        executor.generation = null;
        return chargeAloneWith(context, id, units);
    }

    fn kernelAnswer(
        executor: *Executor,
        context: Context,
        tree: *const json.Tree,
        id: i64,
        command: Command,
        index: u32,
        element_node: u32,
        errno: u16,
    ) []const u8 {
        const e: linux.E = @enumFromInt(errno);
        const at_cap = e == .NFILE and command.info.size == context.policy.limits.elements_per_set;
        const overlap = e == .EXIST and overlapsExisting(context, tree, command, element_node);
        // libnftables finds an absent interval itself ("element does not exist"): nft_failed.
        const absent_interval = e == .NOENT and command.operation == .delete and
            command.info.interval() and !command.info.concatenated();
        const code = refusalCode(e, at_cap, overlap or absent_interval);
        const what: []const u8 = if (overlap) "overlaps an interval of" else switch (e) {
            .NOENT => if (command.operation == .delete) "is not in" else "refers to something missing in",
            .EXIST => if (command.operation == .create or command.info.interval())
                "is already in"
            else
                "clashes with an element (other data) of",
            .NFILE => if (at_cap)
                "does not fit: the set is full at its size, the policy's cap, in"
            else
                "does not fit: the set is full,",
            else => "was refused by the kernel for",
        };
        var text: [128]u8 = undefined;
        const subject = if (element_node != json.none) elementText(tree, element_node, &text) else "the command";
        var cap_text: [32]u8 = undefined;
        const cap = if (at_cap) std.fmt.bufPrint(
            &cap_text,
            ": limits.elementsPerSet ({d})",
            .{context.policy.limits.elements_per_set},
        ) catch "" else "";
        const message = std.fmt.bufPrint(&executor.message_buffer, "element {s} {s} set {s} {s} {s} ({s}){s}", .{
            subject,
            what,
            @tagName(command.family),
            command.table,
            command.set,
            std.enums.tagName(linux.E, e) orelse "errno",
            cap,
        }) catch "the kernel refused the transaction";
        return response.failure(context.response_buffer, id, .{
            .code = code,
            .message = message,
            .command = index,
            .path = if (element_node != json.none) request.pointer(
                tree,
                element_node,
                null,
                context.path_buffer,
            ) else null,
        });
    }

    /// Whether the kernel's EEXIST for an element of a (not concatenated) interval set is an
    /// overlap, which libnftables refuses itself as nft_failed ("interval overlaps with an
    /// existing one"), rather than the same interval met by a create (exists). Sent without
    /// NLM_F_EXCL, an identical interval is no error, so EEXIST is an overlap; with it, the set
    /// is asked whether it holds exactly this interval.
    fn overlapsExisting(context: Context, tree: *const json.Tree, command: Command, element_node: u32) bool {
        const info = command.info;
        if (!info.interval() or info.concatenated()) return false;
        if (command.operation != .add and command.operation != .create) return false;
        const exclusive = command.operation == .create or context.policy.addIsCreate(.element);
        if (!exclusive) return true;
        if (element_node == json.none) return false;
        const element = switch (encoding.parse(tree, element_node, info, .add)) {
            .ok => |value| value,
            else => return false,
        };
        const interval = interval_check.fromElement(&element, info, 0, 0, element_node);
        const identical = interval_check.holdsIdentical(context.socket, info, &interval) orelse return false;
        return !identical;
    }

    /// The element of a command whose netlink element the extended ack points at, or none.
    fn refusedElement(
        executor: *Executor,
        batch: *const netlink.Batch,
        tree: *const json.Tree,
        command: Command,
        owner: Record,
        refusal: netlink.Refusal,
    ) u32 {
        _ = executor;
        const offset = refusal.offset orelse return json.none;
        const message = batch.messageAt(refusal.message) orelse return json.none;
        var piece = pieceAt(message, offset) orelse return json.none;
        if (owner.zero_end_first) {
            if (piece == 0) return json.none;
            piece -= 1;
        }
        if (command.operation == .flush) return json.none;
        const mode: encoding.Mode = if (command.operation == .delete) .delete else .add;
        const is_array = tree.kind(command.elements) == .array;
        var node = if (is_array) tree.first(command.elements) else command.elements;
        var skip = owner.first_element;
        while (skip > 0 and node != json.none) : (skip -= 1) node = tree.next(node);
        var seen: u32 = 0;
        while (node != json.none) : (node = if (is_array) tree.next(node) else json.none) {
            const element = switch (encoding.parse(tree, node, command.info, mode)) {
                .ok => |value| value,
                else => return json.none,
            };
            seen += element.pieces();
            if (piece < seen) return node;
        }
        return json.none;
    }
};

const command_capacity: u32 = @import("validate.zig").commands_max;

/// Whether every element of every command encodes for its set; build() refuses the request (or
/// leaves it to libnftables) otherwise, with the same parse.
fn encodesWhole(tree: *const json.Tree, list: []const Command) bool {
    for (list) |*command| {
        if (command.operation == .flush) continue;
        const mode: encoding.Mode = if (command.operation == .delete) .delete else .add;
        const is_array = tree.kind(command.elements) == .array;
        var node = if (is_array) tree.first(command.elements) else command.elements;
        while (node != json.none) : (node = if (is_array) tree.next(node) else json.none) {
            switch (encoding.parse(tree, node, command.info, mode)) {
                .ok => {},
                else => return false,
            }
        }
    }
    return true;
}

/// Every command of the request as the direct path reads it, or null if any is of another kind.
fn collect(tree: *const json.Tree, commands: u32, list: []Command) ?u32 {
    var count: u32 = 0;
    var command = tree.first(commands);
    while (command != json.none) : (command = tree.next(command)) {
        assert(count < list.len);
        list[count] = readCommand(tree, command) orelse return null;
        count += 1;
    }
    return count;
}

/// {"add"|"create"|"delete": {"element": {family, table, name, elem}}} or
/// {"flush": {"set"|"map": {family, table, name}}}, as validated by the judge.
fn readCommand(tree: *const json.Tree, command: u32) ?Command {
    if (tree.kind(command) != .object or tree.count(command) != 1) return null;
    const verb_key = tree.first(command);
    const verb = tree.string(verb_key);
    const object = tree.next(verb_key);
    if (tree.kind(object) != .object or tree.count(object) != 1) return null;
    const kind_key = tree.first(object);
    const kind = tree.string(kind_key);
    const body = tree.next(kind_key);
    if (tree.kind(body) != .object) return null;
    const operation: Operation = blk: {
        if (std.mem.eql(u8, kind, "element")) {
            if (std.mem.eql(u8, verb, "add")) break :blk .add;
            if (std.mem.eql(u8, verb, "create")) break :blk .create;
            if (std.mem.eql(u8, verb, "delete")) break :blk .delete;
            return null;
        }
        const set_or_map = std.mem.eql(u8, kind, "set") or std.mem.eql(u8, kind, "map");
        if (set_or_map and std.mem.eql(u8, verb, "flush")) break :blk .flush;
        return null;
    };
    const family = stringMember(tree, body, "family") orelse return null;
    const table = stringMember(tree, body, "table") orelse return null;
    const name = stringMember(tree, body, "name") orelse return null;
    const elements = tree.member(body, "elem");
    if (operation != .flush and elements == json.none) return null;
    return .{
        .operation = operation,
        .family = std.meta.stringToEnum(netlink.Family, family) orelse return null,
        .table = table,
        .set = name,
        .elements = elements,
        .node = command,
    };
}

fn stringMember(tree: *const json.Tree, object: u32, name: []const u8) ?[]const u8 {
    const node = tree.member(object, name);
    if (node == json.none or tree.kind(node) != .string) return null;
    return tree.string(node);
}

const Probe = enum { yes, no, failed };

/// Whether nft would add its end element at key zero with an add to this interval set: the set
/// holds no interval (its element count, read again when our own commit made it unknown; a
/// kernel that does not report it leaves the request to libnftables) and no end element at zero.
fn needsZeroEnd(socket: *netlink.Socket, info: *const setinfo.Info) Probe {
    const count = info.count orelse setinfo.currentCount(socket, info) orelse return .failed;
    if (count > 0) return .no;
    return switch (holdsZeroEnd(socket, info)) {
        .yes => .no,
        .no => .yes,
        .failed => .failed,
    };
}

/// Whether an interval set holds an end element at key zero (NFT_MSG_GETSETELEM for that one
/// key with the end flag: the kernel answers the element or ENOENT).
fn holdsZeroEnd(socket: *netlink.Socket, info: *const setinfo.Info) Probe {
    const zero = encoding.Value{ .len = info.key_len };
    return switch (interval_check.holderOf(socket, info, zero.slice(), c.NFT_SET_ELEM_INTERVAL_END)) {
        .start => .yes,
        .none => .no,
        .failed => .failed,
    };
}

/// The netlink element(s) of one parsed element. False if user data could not be built.
fn putElement(message: *c.nlmsghdr, element: *const encoding.Element, mode: encoding.Mode) bool {
    var userdata: ?*c.nftnl_udata_buf = null;
    defer if (userdata) |buffer| c.nftnl_udata_buf_free(buffer);
    if (mode == .add and (element.comment != null or element.end == .open)) {
        const buffer = c.nftnl_udata_buf_alloc(c.NFTNL_UDATA_COMMENT_MAXLEN + 16) orelse return false;
        userdata = buffer;
        if (element.comment) |text| {
            var comment: [c.NFTNL_UDATA_COMMENT_MAXLEN]u8 = undefined;
            @memcpy(comment[0..text.len], text);
            comment[text.len] = 0;
            if (!c.nftnl_udata_put(
                buffer,
                c.NFTNL_UDATA_SET_ELEM_COMMENT,
                @intCast(text.len + 1),
                &comment,
            )) return false;
        }
        if (element.end == .open) {
            if (!c.nftnl_udata_put_u32(
                buffer,
                c.NFTNL_UDATA_SET_ELEM_FLAGS,
                c.NFTNL_SET_ELEM_F_INTERVAL_OPEN,
            )) return false;
        }
    }
    const start = c.mnl_attr_nest_start(message, c.NFTA_LIST_ELEM);
    putKey(message, c.NFTA_SET_ELEM_KEY, element.key.slice());
    if (element.end == .inclusive) putKey(message, c.NFTA_SET_ELEM_KEY_END, element.key_end.slice());
    if (mode == .add) {
        if (element.timeout_ms) |value| c.mnl_attr_put_u64(
            message,
            c.NFTA_SET_ELEM_TIMEOUT,
            std.mem.nativeToBig(u64, value),
        );
        if (element.expires_ms) |value| c.mnl_attr_put_u64(
            message,
            c.NFTA_SET_ELEM_EXPIRATION,
            std.mem.nativeToBig(u64, value),
        );
        if (element.data) |data| putData(message, data);
        if (userdata) |buffer| c.mnl_attr_put(
            message,
            c.NFTA_SET_ELEM_USERDATA,
            c.nftnl_udata_buf_len(buffer),
            c.nftnl_udata_buf_data(buffer),
        );
    }
    c.mnl_attr_nest_end(message, start);
    if (element.end == .exclusive) putPiece(message, element.key_end.slice(), c.NFT_SET_ELEM_INTERVAL_END);
    return true;
}

/// One netlink element with just a key (and flags): interval ends, the zero end, probes.
fn putPiece(message: *c.nlmsghdr, key: []const u8, flags: u32) void {
    const start = c.mnl_attr_nest_start(message, c.NFTA_LIST_ELEM);
    if (flags != 0) c.mnl_attr_put_u32(message, c.NFTA_SET_ELEM_FLAGS, std.mem.nativeToBig(u32, flags));
    putKey(message, c.NFTA_SET_ELEM_KEY, key);
    c.mnl_attr_nest_end(message, start);
}

fn putKey(message: *c.nlmsghdr, kind: u16, key: []const u8) void {
    assert(key.len > 0 and key.len <= setinfo.value_bytes_max);
    const nest = c.mnl_attr_nest_start(message, kind);
    c.mnl_attr_put(message, c.NFTA_DATA_VALUE, key.len, key.ptr);
    c.mnl_attr_nest_end(message, nest);
}

fn putData(message: *c.nlmsghdr, data: encoding.Data) void {
    const nest = c.mnl_attr_nest_start(message, c.NFTA_SET_ELEM_DATA);
    switch (data) {
        .value => |value| c.mnl_attr_put(message, c.NFTA_DATA_VALUE, value.len, &value.bytes),
        .verdict => |verdict| {
            const inner = c.mnl_attr_nest_start(message, c.NFTA_DATA_VERDICT);
            c.mnl_attr_put_u32(message, c.NFTA_VERDICT_CODE, std.mem.nativeToBig(u32, @bitCast(verdict.code)));
            if (verdict.chain.len > 0) {
                var name: [c.NFT_NAME_MAXLEN]u8 = undefined;
                c.mnl_attr_put_strz(message, c.NFTA_VERDICT_CHAIN, netlink.nameZ(verdict.chain, &name));
            }
            c.mnl_attr_nest_end(message, inner);
        },
    }
    c.mnl_attr_nest_end(message, nest);
}

/// Index of the netlink element (in the message's element list) holding `offset`.
fn pieceAt(message: *const c.nlmsghdr, offset: u32) ?u32 {
    const base = @intFromPtr(message);
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (attribute.kind != c.NFTA_SET_ELEM_LIST_ELEMENTS) continue;
        var elements = netlink.Attributes.nested(attribute);
        var index: u32 = 0;
        while (elements.next()) |element| : (index += 1) {
            const start: u32 = @intCast(@intFromPtr(element.start) - base);
            const end: u32 = start + @as(u32, @intCast(element.payload.len)) + 4;
            if (offset >= start and offset < end) return index;
        }
    }
    return null;
}

/// The error code of a kernel refusal: the cap, what libnftables refuses itself, else the errno's.
fn refusalCode(e: linux.E, at_cap: bool, libnftables_refusal: bool) []const u8 {
    if (at_cap) return "policy_denied";
    if (libnftables_refusal) return "nft_failed";
    return switch (e) {
        .NOENT => "not_found",
        .EXIST => "exists",
        else => "nft_failed",
    };
}

/// Spends the request's units in a transaction of their own; null when spent.
fn chargeAloneWith(context: Context, id: i64, units: u64) ?[]const u8 {
    return switch (context.limiter.spend(context.socket, context.batch, units)) {
        .spent => null,
        .limited => response.failure(
            context.response_buffer,
            id,
            .{ .code = "rate_limited", .message = "mutating request rate of the policy exceeded" },
        ),
        .too_costly => response.failure(
            context.response_buffer,
            id,
            .{
                .code = "limit_exceeded",
                .message = "the request costs more rate-limit units than the policy's burst; " ++
                    "split it or raise the burst",
            },
        ),
        .failed => |message| response.failure(context.response_buffer, id, .{ .code = "internal", .message = message }),
    };
}

fn success(buffer: *Buffer, id: i64) []const u8 {
    response.begin(buffer, id, true);
    buffer.raw("{\"nftables\":[]}");
    return response.finish(buffer) orelse unreachable;
}

/// The element for messages, cut to fit `out`: a prefix or range as nft writes it, in quotes
/// ("10.0.0.0/8", "192.0.2.1-192.0.2.9"), as a single value is quoted; another form as its JSON.
pub fn elementText(tree: *const json.Tree, node: u32, out: []u8) []const u8 {
    assert(out.len > 3);
    var buffer = Buffer.init(out);
    if (!writeNftInterval(&buffer, tree, node)) {
        buffer.reset(0);
        buffer.writeNode(tree, node);
    }
    if (!buffer.overflow) return buffer.bytes[0..buffer.len];
    const kept = @min(buffer.len, out.len - 3);
    @memcpy(out[kept..][0..3], "...");
    return out[0 .. kept + 3];
}

/// `{"prefix":{"addr":A,"len":N}}` as "A/N" and `{"range":[A,B]}` as "A-B" (A, B strings or
/// integers), quoted; false (with something written) for any other form.
fn writeNftInterval(buffer: *Buffer, tree: *const json.Tree, node: u32) bool {
    if (tree.kind(node) != .object or tree.count(node) != 1) return false;
    const key = tree.first(node);
    const value = tree.next(key);
    buffer.byte('"');
    if (std.mem.eql(u8, tree.string(key), "prefix")) {
        if (tree.kind(value) != .object) return false;
        const address = tree.member(value, "addr");
        const length = tree.member(value, "len");
        if (address == json.none or tree.kind(address) != .string) return false;
        if (length == json.none or tree.kind(length) != .integer) return false;
        buffer.stringBodyLossy(tree.string(address));
        buffer.byte('/');
        buffer.integer(tree.integer(length));
    } else if (std.mem.eql(u8, tree.string(key), "range")) {
        if (tree.kind(value) != .array or tree.count(value) != 2) return false;
        const low = tree.first(value);
        if (!writeScalar(buffer, tree, low)) return false;
        buffer.byte('-');
        if (!writeScalar(buffer, tree, tree.next(low))) return false;
    } else return false;
    buffer.byte('"');
    return true;
}

fn writeScalar(buffer: *Buffer, tree: *const json.Tree, node: u32) bool {
    switch (tree.kind(node)) {
        .string => buffer.stringBodyLossy(tree.string(node)),
        .integer => buffer.integer(tree.integer(node)),
        else => return false,
    }
    return true;
}

/// The set's key type as nft names it ("ipv4_addr", "ipv4_addr . inet_service").
pub fn typeName(info: *const setinfo.Info, out: []u8) []const u8 {
    var length: usize = 0;
    for (info.key[0..info.key_count], 0..) |datatype, index| {
        const part = @tagName(datatype);
        const separator: []const u8 = if (index > 0) " . " else "";
        if (length + separator.len + part.len > out.len) break;
        @memcpy(out[length..][0..separator.len], separator);
        length += separator.len;
        @memcpy(out[length..][0..part.len], part);
        length += part.len;
    }
    return out[0..length];
}
