//! Overlaps of intervals added to an interval set (not concatenated), found the way nft finds
//! them, so that the direct path refuses what libnftables refuses.
//!
//! The kernel (Linux 6.x rbtree) refuses most overlaps itself, but not all: when a new interval
//! ends exactly where an existing one ends, the kernel takes the new end element for the
//! existing one ("already there", not an error without NLM_F_EXCL) and never sees that the new
//! start lies before the existing start; and it compares a new element with pending elements of
//! the same transaction the same way. nft refuses both ("interval overlaps with an existing one",
//! "conflicting intervals specified"). So:
//!
//!   - within a request, the intervals added to one set are sorted and compared: two that share
//!     keys and are not identical conflict (identical duplicates are fine, as for nft);
//!   - against the set, every new interval [start, end) of a set that is not empty asks the
//!     kernel which interval holds `end - 1` (NFT_MSG_GETSETELEM answers the start of the
//!     interval holding a key): one that starts after the new start is an overlap the kernel would
//!     miss. Every other overlap puts the new start or end inside an existing interval, which the
//!     kernel refuses. The questions go many to a sendto, and only to sets that hold elements.
//!
//! An interval open to the top of the key space added to a set that holds elements goes to
//! libnftables: no single question finds the intervals it would cover.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c.zig");
const netlink = @import("netlink.zig");
const setinfo = @import("setinfo.zig");
const encoding = @import("element_encoding.zig");

/// Bytes of an interval's keys: the widest non-concatenated interval type is ipv6_addr.
pub const key_bytes_max: u32 = 16;

pub const Interval = struct {
    /// Which of the request's interval sets (index into the caller's list).
    set: u32,
    first: [key_bytes_max]u8,
    /// The last key inside (inclusive); all ones when open.
    last: [key_bytes_max]u8,
    open: bool,
    command: u32,
    node: u32,

    fn lessThan(_: void, left: Interval, right: Interval) bool {
        if (left.set != right.set) return left.set < right.set;
        return std.mem.order(u8, &left.first, &right.first) == .lt;
    }
};

pub const Conflict = struct { command: u32, node: u32, existing: bool };

/// Sorts `intervals` (one request's, of all its interval sets) and returns the first pair that
/// overlaps without being identical, named as the kernel would meet it: at the later command
/// (commands are applied in order, so a later one meets an earlier one's interval as one the set
/// holds: `existing`), or, within one command, at the interval that starts later. Never at an
/// earlier command: the Java client's group commit settles the member a refusal names and sends
/// the others again, so the named command must be the one that fails in the request's order.
pub fn conflictWithin(intervals: []Interval) ?Conflict {
    std.sort.pdq(Interval, intervals, {}, Interval.lessThan);
    var index: usize = 1;
    while (index < intervals.len) : (index += 1) {
        const previous = &intervals[index - 1];
        const current = &intervals[index];
        if (previous.set != current.set) continue;
        const identical = std.mem.eql(
            u8,
            &previous.first,
            &current.first,
        ) and std.mem.eql(u8, &previous.last, &current.last);
        if (identical) continue;
        // Sorted by start: they overlap when the current one starts at or before the previous end.
        if (std.mem.order(u8, &current.first, &previous.last) != .gt) {
            const later = if (previous.command > current.command) previous else current;
            return .{ .command = later.command, .node = later.node, .existing = previous.command != current.command };
        }
    }
    return null;
}

/// The interval as the checks see it; the keys are `info.key_len` bytes, zero-padded.
pub fn fromElement(
    element: *const encoding.Element,
    info: *const setinfo.Info,
    set: u32,
    command: u32,
    node: u32,
) Interval {
    assert(info.key_len <= key_bytes_max);
    var interval = Interval{
        .set = set,
        .first = [_]u8{0} ** key_bytes_max,
        .last = [_]u8{0xff} ** key_bytes_max,
        .open = element.end == .open,
        .command = command,
        .node = node,
    };
    const width = info.key_len;
    @memcpy(interval.first[0..width], element.key.slice());
    if (element.end == .exclusive) {
        @memcpy(interval.last[0..width], element.key_end.slice());
        encoding.decrement(interval.last[0..width]);
    }
    // Keys shorter than the buffer compare equal in the padding.
    @memset(interval.first[width..], 0);
    @memset(interval.last[width..], 0);
    return interval;
}

pub const Probe = union(enum) {
    /// No overlap the kernel would miss.
    clear,
    /// This interval overlaps one in the set.
    conflict: Conflict,
    /// The kernel did not answer as expected.
    failed,
};

/// Questions asked per sendto.
const probes_per_send: u32 = 256;
const probe_bytes_max: u32 = netlink.message_bytes_min + 2 * (c.NFT_NAME_MAXLEN + 8) + 96;

/// Asks the kernel, for every interval of `intervals` (all of set `info`, none open), which
/// interval of the set holds its last key; a holder starting after the interval's start is an
/// overlap.
pub fn probeExisting(
    socket: *netlink.Socket,
    info: *const setinfo.Info,
    intervals: []const Interval,
    buffer: []align(8) u8,
) Probe {
    assert(buffer.len >= probes_per_send * probe_bytes_max);
    var done: usize = 0;
    while (done < intervals.len) {
        const count: u32 = @intCast(@min(intervals.len - done, probes_per_send));
        const chunk = intervals[done..][0..count];
        const first_sequence = socket.sequences(count);
        var length: usize = 0;
        var names: [2][c.NFT_NAME_MAXLEN]u8 = undefined;
        const table = netlink.nameZ(info.table(), &names[0]);
        const set = netlink.nameZ(info.name(), &names[1]);
        for (chunk, 0..) |*interval, index| {
            const header = c.nftnl_nlmsg_build_hdr(
                buffer[length..].ptr,
                c.NFT_MSG_GETSETELEM,
                @intFromEnum(info.family),
                c.NLM_F_ACK,
                first_sequence + @as(u32, @intCast(index)),
            );
            c.mnl_attr_put_strz(header, c.NFTA_SET_ELEM_LIST_TABLE, table);
            c.mnl_attr_put_strz(header, c.NFTA_SET_ELEM_LIST_SET, set);
            const list = c.mnl_attr_nest_start(header, c.NFTA_SET_ELEM_LIST_ELEMENTS);
            const element = c.mnl_attr_nest_start(header, c.NFTA_LIST_ELEM);
            const key = c.mnl_attr_nest_start(header, c.NFTA_SET_ELEM_KEY);
            c.mnl_attr_put(header, c.NFTA_DATA_VALUE, info.key_len, &interval.last);
            c.mnl_attr_nest_end(header, key);
            c.mnl_attr_nest_end(header, element);
            c.mnl_attr_nest_end(header, list);
            length += std.mem.alignForward(usize, header.nlmsg_len, 4);
        }
        if (!socket.send(buffer[0..length])) return .failed;
        switch (readAnswers(socket, info, chunk, first_sequence)) {
            .clear => {},
            else => |other| return other,
        }
        done += count;
    }
    return .clear;
}

/// Reads the answers to `chunk`'s questions: per question an element (the holder) and an ack,
/// or an error (ENOENT: no interval holds the key).
fn readAnswers(socket: *netlink.Socket, info: *const setinfo.Info, chunk: []const Interval, first_sequence: u32) Probe {
    var answered: usize = 0;
    var conflict: ?Conflict = null;
    var reads: u32 = 0;
    while (answered < chunk.len and reads < 4 * probes_per_send) : (reads += 1) {
        const bytes = socket.receive(true) orelse return .failed;
        var messages = netlink.Messages.init(bytes);
        while (messages.next()) |message| {
            if (message.nlmsg_seq < first_sequence or message.nlmsg_seq >= first_sequence + chunk.len) continue;
            const interval = &chunk[message.nlmsg_seq - first_sequence];
            if (message.nlmsg_type == c.NLMSG_ERROR) {
                const payload = netlink.messagePayload(message);
                if (payload.len < 4) return .failed;
                const code = std.mem.readInt(i32, payload[0..4], .little);
                if (code != 0 and code != -@as(i32, @intFromEnum(linux.E.NOENT))) return .failed;
                answered += 1;
                continue;
            }
            const holder = holderStart(message, info.key_len) orelse continue;
            if (conflict == null and std.mem.order(
                u8,
                holder[0..info.key_len],
                interval.first[0..info.key_len],
            ) == .gt) {
                conflict = .{ .command = interval.command, .node = interval.node, .existing = true };
            }
        }
    }
    if (answered < chunk.len) return .failed;
    return if (conflict) |value| .{ .conflict = value } else .clear;
}

/// The key of the element in a GETSETELEM answer (the start of the holding interval).
fn holderStart(message: *const c.nlmsghdr, key_len: u32) ?[key_bytes_max]u8 {
    var attributes = netlink.Attributes.ofMessage(message);
    while (attributes.next()) |attribute| {
        if (attribute.kind != c.NFTA_SET_ELEM_LIST_ELEMENTS) continue;
        var elements = netlink.Attributes.nested(attribute);
        while (elements.next()) |element| {
            var parts = netlink.Attributes.nested(element);
            while (parts.next()) |part| {
                if (part.kind != c.NFTA_SET_ELEM_KEY) continue;
                var values = netlink.Attributes.nested(part);
                while (values.next()) |value| {
                    if (value.kind != c.NFTA_DATA_VALUE or value.payload.len != key_len) continue;
                    var key = [_]u8{0} ** key_bytes_max;
                    @memcpy(key[0..key_len], value.payload);
                    return key;
                }
            }
        }
    }
    return null;
}

pub const Holder = union(enum) {
    /// No interval of the set holds the key.
    none,
    /// The start of the interval holding the key.
    start: [key_bytes_max]u8,
    failed,
};

/// Which interval of the set holds `key` (`info.key_len` bytes): one NFT_MSG_GETSETELEM. With
/// `flags` NFT_SET_ELEM_INTERVAL_END, the end element at exactly `key` instead (its key).
pub fn holderOf(socket: *netlink.Socket, info: *const setinfo.Info, key: []const u8, flags: u32) Holder {
    assert(key.len == info.key_len and key.len <= key_bytes_max);
    var request_bytes: [probe_bytes_max]u8 align(8) = undefined;
    const sequence = socket.sequences(1);
    const header = c.nftnl_nlmsg_build_hdr(
        &request_bytes,
        c.NFT_MSG_GETSETELEM,
        @intFromEnum(info.family),
        c.NLM_F_ACK,
        sequence,
    );
    var names: [2][c.NFT_NAME_MAXLEN]u8 = undefined;
    c.mnl_attr_put_strz(header, c.NFTA_SET_ELEM_LIST_TABLE, netlink.nameZ(info.table(), &names[0]));
    c.mnl_attr_put_strz(header, c.NFTA_SET_ELEM_LIST_SET, netlink.nameZ(info.name(), &names[1]));
    const list = c.mnl_attr_nest_start(header, c.NFTA_SET_ELEM_LIST_ELEMENTS);
    const element = c.mnl_attr_nest_start(header, c.NFTA_LIST_ELEM);
    if (flags != 0) c.mnl_attr_put_u32(header, c.NFTA_SET_ELEM_FLAGS, std.mem.nativeToBig(u32, flags));
    const nest = c.mnl_attr_nest_start(header, c.NFTA_SET_ELEM_KEY);
    c.mnl_attr_put(header, c.NFTA_DATA_VALUE, info.key_len, key.ptr);
    c.mnl_attr_nest_end(header, nest);
    c.mnl_attr_nest_end(header, element);
    c.mnl_attr_nest_end(header, list);
    const Answer = struct {
        key_len: u32,
        found: ?[key_bytes_max]u8 = null,

        fn take(answer: *@This(), message: *const c.nlmsghdr) bool {
            answer.found = holderStart(message, answer.key_len) orelse return false;
            return true;
        }
    };
    var answer = Answer{ .key_len = info.key_len };
    return switch (netlink.ask(socket, request_bytes[0..header.nlmsg_len], sequence, &answer, Answer.take)) {
        .acked => if (answer.found) |start| .{ .start = start } else .none,
        .refused => |errno| if (errno == @intFromEnum(linux.E.NOENT)) .none else .failed,
        .failed => .failed,
    };
}

/// Whether the set holds exactly this interval (nft's "already exists", not an overlap): the
/// interval holding its first and its last key starts at its start, and the key after its last
/// is in no interval or starts one. Null when the kernel did not answer.
pub fn holdsIdentical(socket: *netlink.Socket, info: *const setinfo.Info, interval: *const Interval) ?bool {
    const width = info.key_len;
    assert(width <= key_bytes_max);
    for ([_]*const [key_bytes_max]u8{ &interval.first, &interval.last }) |key| {
        switch (holderOf(socket, info, key[0..width], 0)) {
            .start => |start| if (!std.mem.eql(u8, start[0..width], interval.first[0..width])) return false,
            .none => return false,
            .failed => return null,
        }
    }
    var after = interval.last;
    if (!encoding.increment(after[0..width])) return true; // it ends at the top of the key space
    return switch (holderOf(socket, info, after[0..width], 0)) {
        .start => |start| std.mem.eql(u8, start[0..width], after[0..width]),
        .none => true,
        .failed => null,
    };
}
