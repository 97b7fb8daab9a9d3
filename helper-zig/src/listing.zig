//! `list set` / `list map` of one named set, answered by the helper itself: the set's description
//! (src/setinfo.zig) and its elements from a kernel dump (NFT_MSG_GETSETELEM for that set alone),
//! rendered as libnftables 1.0.6 renders them in JSON (canonical: members sorted), in chunks.
//!
//! Elements come in nft's order, as libnftables 1.0.6 prints them: it sorts a set's elements by
//! their key's value (an interval by its start) before printing, except for concatenated
//! intervals, which it prints in the kernel's order. So the helper renders every element of the
//! set into a bounded arena (`arena_bytes`, `entries_max`) beside a sort key, sorts, and only
//! then writes the answer: each chunk of about `chunk_bytes` of JSON is handed to a sink as one
//! complete answer frame (`"more": true` on all but the last) when the client asked to stream,
//! or accumulated into the one answer frame otherwise. A frame carries the set object with the
//! elements of that chunk, so every frame is a valid listing of part of the set; the client
//! concatenates the `elem` arrays. A set whose rendering outgrows the arena is answered
//! `response_too_large` (nothing is half-listed). Concatenated intervals skip the arena.
//!
//! nft's sort value (its mergesort.c and segtree.c): the key as a number read in the value's
//! byte order, so addresses, ports, protocols and MAC addresses compare as their big-endian
//! bytes, marks and interface names (host order, little-endian here) from their last byte; a
//! concatenation's components, unpadded and joined, are read as one little-endian number.
//!
//! Intervals are read back the way the direct path writes them (src/element_encoding.zig): an end
//! element closes the start that follows it in the kernel's descending order; a start marked open
//! in its user data reaches the top of the key space; an end with no start (nft's end at key zero)
//! is not an element. A [start, end) interval prints as a prefix when it is one (addresses), as
//! the start alone when it holds one value, else as a range.

const std = @import("std");
const assert = std.debug.assert;
const builtin = @import("builtin");
const linux = std.os.linux;
const c = @import("c.zig");
const netlink = @import("netlink.zig");
const setinfo = @import("setinfo.zig");
const lookups = @import("lookups.zig");
const encoding = @import("element_encoding.zig");
const writer_module = @import("writer.zig");
const Buffer = writer_module.Buffer;
const response = @import("response.zig");

/// Bytes of element JSON per answer frame when streaming.
pub const chunk_bytes: u32 = 1024 * 1024;
/// The sort arena: each element's sort key and rendered JSON (about 45 bytes for an IPv4 prefix,
/// so some five million prefixes).
pub const arena_bytes: u32 = 256 * 1024 * 1024;
/// Elements the sort arena indexes.
pub const entries_max: u32 = 8 * 1024 * 1024;

/// One rendered element in the arena: its sort key at `offset`, its JSON right after it.
pub const Entry = struct { offset: u32, text_len: u32 };

/// Where elements wait to be sorted (the service's, allocated once).
pub const Arena = struct {
    bytes: []u8,
    entries: []Entry,
};

/// Where finished frames go while streaming (the helper's stdout).
pub const Sink = struct {
    context: *anyopaque,
    writeFn: *const fn (context: *anyopaque, frame: []const u8) bool,

    fn write(sink: Sink, bytes: []const u8) bool {
        return sink.writeFn(sink.context, bytes);
    }
};

pub const Outcome = union(enum) {
    /// The last (or only) frame, in the response buffer.
    answer: []const u8,
    /// The client's end of the pipe is gone while streaming.
    write_failed,
};

const Element = struct {
    key: encoding.Value = .{},
    key_end: ?encoding.Value = null,
    flags: u32 = 0,
    data: ?Data = null,
    timeout_ms: ?u64 = null,
    expiration_ms: ?u64 = null,
    comment: ?[]const u8 = null,
    open: bool = false,
};

const Data = union(enum) { value: encoding.Value, verdict: struct { code: i32, chain: []const u8 } };

pub const Lister = struct {
    info: *const setinfo.Info,
    buffer: *Buffer,
    id: i64,
    kind: []const u8,
    sink: ?Sink,
    arena: Arena,
    entry_count: u32 = 0,
    arena_len: u32 = 0,
    /// The set's rendering outgrew the arena: the rest of the dump is read and dropped.
    too_large: bool = false,
    elements_in_frame: u32 = 0,
    /// The end of an interval whose start has not come yet (kernel order is descending).
    pending_end: ?encoding.Value = null,
    frames: u32 = 0,

    /// Lists the set: returns the final frame (or a failure frame if the dump fails).
    pub fn run(lister: *Lister, socket: *netlink.Socket) Outcome {
        lister.startFrame();
        const info = lister.info;
        var named: netlink.NamedDump = .{};
        const request = named.build(socket, c.NFT_MSG_GETSETELEM, info.family, &.{
            .{ .attribute = c.NFTA_SET_ELEM_LIST_TABLE, .name = info.table() },
            .{ .attribute = c.NFTA_SET_ELEM_LIST_SET, .name = info.name() },
        });
        return switch (netlink.dump(socket, request, named.sequence, lister, readMessage)) {
            .done => |done| if (lister.too_large) lister.tooLarge() else if (done.interrupted)
                lister.failure("the set changed while it was listed; list it again")
            else if (lister.writeSorted()) lister.finish() else .write_failed,
            .refused => |errno| if (errno == @intFromEnum(linux.E.NOENT)) lister.notFound() else lister.failure(
                "the kernel refused to list the set",
            ),
            .failed => lister.failure("the set's elements could not be read from the kernel"),
            .stopped => .write_failed,
        };
    }

    fn readMessage(lister: *Lister, header: *const c.nlmsghdr) bool {
        var attributes = netlink.Attributes.ofMessage(header);
        while (attributes.next()) |attribute| {
            if (attribute.kind != c.NFTA_SET_ELEM_LIST_ELEMENTS) continue;
            var elements = netlink.Attributes.nested(attribute);
            while (elements.next()) |nest| {
                const decoded = decode(nest, lister.info) orelse continue;
                if (!lister.take(&decoded)) return false;
            }
        }
        return true;
    }

    /// One kernel element: an interval's end is kept until its start comes.
    fn take(lister: *Lister, kernel_element: *const Element) bool {
        const info = lister.info;
        if (info.interval() and !info.concatenated()) {
            if (kernel_element.flags & c.NFT_SET_ELEM_INTERVAL_END != 0) {
                lister.pending_end = kernel_element.key;
                return true;
            }
            var start = kernel_element.*;
            if (!kernel_element.open) {
                start.key_end = lister.pending_end orelse return true; // a start without its end: not nft's
            }
            lister.pending_end = null;
            return lister.emit(&start);
        }
        return lister.emit(kernel_element);
    }

    /// Whether elements wait in the arena for nft's order (all but concatenated intervals, which
    /// nft prints in the kernel's order).
    fn sorts(lister: *const Lister) bool {
        return !(lister.info.interval() and lister.info.concatenated());
    }

    fn emit(lister: *Lister, shown: *const Element) bool {
        if (lister.sorts()) {
            lister.keep(shown);
            return true;
        }
        lister.startElement();
        renderElement(lister.buffer, lister.info, shown);
        return lister.endElement();
    }

    /// Renders the element into the arena after its sort key; on overflow marks the listing too
    /// large and keeps reading (the dump is drained, never left half-read on the socket).
    fn keep(lister: *Lister, shown: *const Element) void {
        if (lister.too_large) return;
        const key_bytes = sortKeyBytes(lister.info);
        const start = lister.arena_len;
        if (lister.entry_count == lister.arena.entries.len or lister.arena.bytes.len - start <= key_bytes) {
            lister.too_large = true;
            return;
        }
        sortKey(lister.info, shown.key.slice(), lister.arena.bytes[start..][0..key_bytes]);
        var text = Buffer.init(lister.arena.bytes[start + key_bytes ..]);
        renderElement(&text, lister.info, shown);
        if (text.overflow) {
            lister.too_large = true;
            return;
        }
        lister.arena.entries[lister.entry_count] = .{ .offset = start, .text_len = @intCast(text.len) };
        lister.entry_count += 1;
        lister.arena_len = start + key_bytes + @as(u32, @intCast(text.len));
    }

    /// The arena's elements in nft's order, into the answer frames.
    fn writeSorted(lister: *Lister) bool {
        if (!lister.sorts()) return true;
        const entries = lister.arena.entries[0..lister.entry_count];
        const order = Order{ .bytes = lister.arena.bytes, .key_bytes = sortKeyBytes(lister.info) };
        std.sort.pdq(Entry, entries, order, Order.lessThan);
        for (entries) |entry| {
            lister.startElement();
            lister.buffer.raw(lister.arena.bytes[entry.offset + order.key_bytes ..][0..entry.text_len]);
            if (!lister.endElement()) return false;
        }
        return true;
    }

    fn startElement(lister: *Lister) void {
        if (lister.elements_in_frame > 0) lister.buffer.byte(',');
    }

    /// Counts the element just written; when streaming, hands a full chunk to the sink.
    fn endElement(lister: *Lister) bool {
        const buffer = lister.buffer;
        lister.elements_in_frame += 1;
        if (lister.sink != null and buffer.len >= chunk_bytes) {
            lister.endFrame(true);
            if (buffer.overflow) return false;
            const frame_bytes = response.finish(buffer) orelse return false;
            if (!lister.sink.?.write(frame_bytes)) return false;
            lister.frames += 1;
            lister.startFrame();
        }
        return true;
    }

    fn startFrame(lister: *Lister) void {
        const buffer = lister.buffer;
        lister.elements_in_frame = 0;
        response.begin(buffer, lister.id, true);
        buffer.raw("{\"nftables\":[{");
        buffer.string(lister.kind);
        buffer.raw(":{");
        if (lister.info.comment()) |text| {
            buffer.raw("\"comment\":");
            buffer.string(text);
            buffer.byte(',');
        }
        buffer.raw("\"elem\":[");
    }

    /// Closes the set object of the frame being written; `more` marks a frame that others follow.
    fn endFrame(lister: *Lister, more: bool) void {
        const buffer = lister.buffer;
        buffer.byte(']');
        renderMetadata(buffer, lister.info, false);
        buffer.raw("}}]}");
        if (more) {
            // The envelope's "more" goes after "result": response.finish adds the closing brace.
            buffer.raw(",\"more\":true");
        }
    }

    fn finish(lister: *Lister) Outcome {
        if (lister.elements_in_frame == 0) {
            // No element in this frame: nft leaves "elem" out.
            lister.startFrameWithoutElements();
        } else lister.endFrame(false);
        return .{ .answer = response.finish(lister.buffer) orelse response.failure(lister.buffer, lister.id, .{
            .code = "response_too_large",
            .message = "the answer would exceed the response frame limit; ask for a streamed listing",
        }) };
    }

    /// A frame with the set object and no elements: nft leaves "elem" out then.
    fn startFrameWithoutElements(lister: *Lister) void {
        const buffer = lister.buffer;
        response.begin(buffer, lister.id, true);
        buffer.raw("{\"nftables\":[{");
        buffer.string(lister.kind);
        buffer.raw(":{");
        const comment = lister.info.comment();
        if (comment) |text| {
            buffer.raw("\"comment\":");
            buffer.string(text);
        }
        renderMetadata(buffer, lister.info, comment == null);
        buffer.raw("}}]}");
    }

    fn failure(lister: *Lister, message_text: []const u8) Outcome {
        return .{ .answer = response.failure(
            lister.buffer,
            lister.id,
            .{ .code = "nft_failed", .message = message_text, .command = 0 },
        ) };
    }

    fn tooLarge(lister: *Lister) Outcome {
        return .{ .answer = response.failure(lister.buffer, lister.id, .{
            .code = "response_too_large",
            .message = "the set's elements outgrow the helper's listing arena (256 MiB, 8388608 elements)",
            .command = 0,
        }) };
    }

    fn notFound(lister: *Lister) Outcome {
        return .{ .answer = response.failure(
            lister.buffer,
            lister.id,
            .{ .code = "not_found", .message = "the set does not exist", .command = 0 },
        ) };
    }
};

/// The set object's members after "elem", in canonical (sorted) order, each with a leading comma
/// unless `first`.
pub fn renderMetadata(buffer: *Buffer, info: *const setinfo.Info, first: bool) void {
    buffer.raw(if (first) "\"family\":" else ",\"family\":");
    buffer.string(@tagName(info.family));
    const flag_names = [_]struct { bit: u32, name: []const u8 }{
        .{ .bit = c.NFT_SET_CONSTANT, .name = "constant" },
        .{ .bit = c.NFT_SET_INTERVAL, .name = "interval" },
        .{ .bit = c.NFT_SET_TIMEOUT, .name = "timeout" },
    };
    var first_flag = true;
    for (flag_names) |flag| {
        if (info.flags & flag.bit == 0) continue;
        buffer.raw(if (first_flag) ",\"flags\":[" else ",");
        first_flag = false;
        buffer.string(flag.name);
    }
    if (!first_flag) buffer.byte(']');
    if (info.gc_interval_ms != 0) {
        buffer.raw(",\"gc-interval\":");
        buffer.unsigned(info.gc_interval_ms / 1000);
    }
    buffer.raw(",\"handle\":");
    buffer.unsigned(info.handle);
    if (info.data) |data| {
        buffer.raw(",\"map\":");
        buffer.string(@tagName(data));
    }
    buffer.raw(",\"name\":");
    buffer.string(info.name());
    if (info.policy == c.NFT_SET_POL_MEMORY) buffer.raw(",\"policy\":\"memory\"");
    // nft sizes a constant set to its elements and does not print that size.
    if (info.size != 0 and info.flags & c.NFT_SET_CONSTANT == 0) {
        buffer.raw(",\"size\":");
        buffer.unsigned(info.size);
    }
    buffer.raw(",\"table\":");
    buffer.string(info.table());
    if (info.timeout_ms != 0) {
        buffer.raw(",\"timeout\":");
        buffer.unsigned(info.timeout_ms / 1000);
    }
    buffer.raw(",\"type\":");
    if (info.key_count == 1) {
        buffer.string(@tagName(info.key[0]));
    } else {
        buffer.byte('[');
        for (info.key[0..info.key_count], 0..) |datatype, index| {
            if (index > 0) buffer.byte(',');
            buffer.string(@tagName(datatype));
        }
        buffer.byte(']');
    }
}

/// Compares two arena entries by their sort keys (unsigned bytes, most significant first).
const Order = struct {
    bytes: []const u8,
    key_bytes: u32,

    fn lessThan(order: Order, left: Entry, right: Entry) bool {
        const a = order.bytes[left.offset..][0..order.key_bytes];
        const b = order.bytes[right.offset..][0..order.key_bytes];
        return std.mem.order(u8, a, b) == .lt;
    }
};

/// Bytes of a set's sort key: its key, without a concatenation's padding.
fn sortKeyBytes(info: *const setinfo.Info) u32 {
    var total: u32 = 0;
    for (info.key[0..info.key_count]) |datatype| total += datatype.bytes();
    return total;
}

/// nft's sort value of a key (kernel bytes) as bytes that compare most significant first: a
/// value in host order (marks, interface names; never in an interval set here, see
/// src/setinfo.zig) and a concatenation are read as little-endian numbers, so their bytes are
/// reversed.
pub fn sortKey(info: *const setinfo.Info, key: []const u8, out: []u8) void {
    assert(out.len == sortKeyBytes(info));
    var length: u32 = 0;
    var offset: u32 = 0;
    for (info.key[0..info.key_count], 0..) |datatype, index| {
        const width = datatype.bytes();
        @memcpy(out[length..][0..width], key[offset..][0..width]);
        length += width;
        offset += info.componentBytes(@intCast(index));
    }
    const host_order = info.key[0] == .mark or info.key[0] == .ifname;
    if (info.concatenated() or host_order) std.mem.reverse(u8, out);
}

fn be64(payload: []const u8) ?u64 {
    if (payload.len != 8) return null;
    return std.mem.readInt(u64, payload[0..8], .big);
}

/// A kernel element (NFTA_LIST_ELEM nest); null when it is not one the listing can show.
fn decode(nest: netlink.Attribute, info: *const setinfo.Info) ?Element {
    var element = Element{};
    var attributes = netlink.Attributes.nested(nest);
    var seen_key = false;
    while (attributes.next()) |attribute| {
        switch (attribute.kind) {
            c.NFTA_SET_ELEM_KEY => {
                element.key = readValue(attribute, info.key_len) orelse return null;
                seen_key = true;
            },
            c.NFTA_SET_ELEM_KEY_END => element.key_end = readValue(attribute, info.key_len) orelse return null,
            c.NFTA_SET_ELEM_FLAGS => {
                if (attribute.payload.len != 4) return null;
                element.flags = std.mem.readInt(u32, attribute.payload[0..4], .big);
            },
            c.NFTA_SET_ELEM_DATA => element.data = readData(attribute, info) orelse return null,
            c.NFTA_SET_ELEM_TIMEOUT => element.timeout_ms = be64(attribute.payload) orelse return null,
            c.NFTA_SET_ELEM_EXPIRATION => element.expiration_ms = be64(attribute.payload) orelse return null,
            c.NFTA_SET_ELEM_USERDATA => readUserdata(attribute.payload, &element),
            else => {},
        }
    }
    // The catch-all element has no key; nft's JSON of it is not something this listing makes.
    if (!seen_key) return null;
    return element;
}

fn readValue(attribute: netlink.Attribute, length: u32) ?encoding.Value {
    var nested = netlink.Attributes.nested(attribute);
    while (nested.next()) |inner| {
        if (inner.kind != c.NFTA_DATA_VALUE) continue;
        if (inner.payload.len != length or length > setinfo.value_bytes_max) return null;
        var result = encoding.Value{ .len = length };
        @memcpy(result.bytes[0..length], inner.payload);
        return result;
    }
    return null;
}

fn readData(attribute: netlink.Attribute, info: *const setinfo.Info) ?Data {
    const datatype = info.data orelse return null;
    if (datatype != .verdict) return .{ .value = readValue(attribute, info.data_len) orelse return null };
    var nested = netlink.Attributes.nested(attribute);
    while (nested.next()) |inner| {
        if (inner.kind != c.NFTA_DATA_VERDICT) continue;
        var verdict = netlink.Attributes.nested(inner);
        var code: ?i32 = null;
        var chain: []const u8 = "";
        while (verdict.next()) |part| {
            if (part.kind == c.NFTA_VERDICT_CODE and part.payload.len == 4) code = @bitCast(std.mem.readInt(
                u32,
                part.payload[0..4],
                .big,
            ));
            if (part.kind == c.NFTA_VERDICT_CHAIN) chain = std.mem.sliceTo(part.payload, 0);
        }
        return .{ .verdict = .{ .code = code orelse return null, .chain = chain } };
    }
    return null;
}

fn readUserdata(payload: []const u8, element: *Element) void {
    if (payload.len == 0 or payload.len > 255) return;
    _ = c.nftnl_udata_parse(payload.ptr, @intCast(payload.len), userdataAttribute, element);
}

fn userdataAttribute(attribute: *const c.nftnl_udata, context: ?*anyopaque) callconv(.c) c_int {
    const element: *Element = @ptrCast(@alignCast(context.?));
    const length = c.nftnl_udata_len(attribute);
    const bytes: [*]const u8 = @ptrCast(c.nftnl_udata_get(attribute));
    switch (c.nftnl_udata_type(attribute)) {
        c.NFTNL_UDATA_SET_ELEM_COMMENT => {
            const text = std.mem.sliceTo(bytes[0..length], 0);
            if (std.unicode.utf8ValidateSlice(text)) element.comment = text;
        },
        c.NFTNL_UDATA_SET_ELEM_FLAGS => {
            if (length == 4 and (std.mem.readInt(
                u32,
                bytes[0..4],
                .little,
            ) & c.NFTNL_SET_ELEM_F_INTERVAL_OPEN) != 0) element.open = true;
        },
        else => {},
    }
    return 0;
}

/// One element as libnftables prints it: the value (with `elem` options when it has any), or
/// `[key, data]` for maps.
fn renderElement(buffer: *Buffer, info: *const setinfo.Info, element: *const Element) void {
    const wrapped = element.timeout_ms != null or element.expiration_ms != null or element.comment != null;
    if (element.data != null) buffer.byte('[');
    if (wrapped) {
        buffer.raw("{\"elem\":{");
        var first = true;
        if (element.comment) |text| {
            buffer.raw("\"comment\":");
            buffer.string(text);
            first = false;
        }
        if (element.expiration_ms) |ms| {
            buffer.raw(if (first) "\"expires\":" else ",\"expires\":");
            buffer.unsigned(ms / 1000);
            first = false;
        }
        if (element.timeout_ms) |ms| {
            buffer.raw(if (first) "\"timeout\":" else ",\"timeout\":");
            buffer.unsigned(ms / 1000);
            first = false;
        }
        buffer.raw(if (first) "\"val\":" else ",\"val\":");
    }
    renderKey(buffer, info, element);
    if (wrapped) buffer.raw("}}");
    if (element.data) |value_data| {
        buffer.byte(',');
        switch (value_data) {
            .value => |bytes| renderScalar(buffer, info.data.?, bytes.slice()),
            .verdict => |verdict| renderVerdict(buffer, verdict.code, verdict.chain),
        }
        buffer.byte(']');
    }
}

fn renderKey(buffer: *Buffer, info: *const setinfo.Info, element: *const Element) void {
    if (!info.concatenated()) {
        if (!info.interval()) return renderScalar(buffer, info.key[0], element.key.slice());
        return renderInterval(
            buffer,
            info.key[0],
            element.key.slice(),
            if (element.open) null else element.key_end.?.slice(),
            true,
        );
    }
    buffer.raw("{\"concat\":[");
    var offset: u32 = 0;
    for (info.key[0..info.key_count], 0..) |datatype, index| {
        if (index > 0) buffer.byte(',');
        const width = datatype.bytes();
        const first = element.key.bytes[offset..][0..width];
        if (element.key_end) |end| {
            renderInterval(buffer, datatype, first, end.bytes[offset..][0..width], false);
        } else renderScalar(buffer, datatype, first);
        offset += info.componentBytes(@intCast(index));
    }
    buffer.raw("]}");
}

/// [first, end) (`exclusive`) or [first, end] of one datatype: a value, a prefix or a range.
/// `end` null: open to the top of the key space.
fn renderInterval(
    buffer: *Buffer,
    datatype: setinfo.Datatype,
    first: []const u8,
    end: ?[]const u8,
    exclusive: bool,
) void {
    var last: [setinfo.value_bytes_max]u8 = undefined;
    const width = first.len;
    if (end) |bytes| {
        @memcpy(last[0..width], bytes);
        if (exclusive) encoding.decrement(last[0..width]);
    } else @memset(last[0..width], 0xff);
    if (std.mem.eql(u8, first, last[0..width])) return renderScalar(buffer, datatype, first);
    if (datatype == .ipv4_addr or datatype == .ipv6_addr) {
        if (prefixLength(first, last[0..width])) |length| {
            buffer.raw("{\"prefix\":{\"addr\":");
            renderScalar(buffer, datatype, first);
            buffer.raw(",\"len\":");
            buffer.unsigned(length);
            buffer.raw("}}");
            return;
        }
    }
    buffer.raw("{\"range\":[");
    renderScalar(buffer, datatype, first);
    buffer.byte(',');
    renderScalar(buffer, datatype, last[0..width]);
    buffer.raw("]}");
}

/// The prefix length when [first, last] is exactly one prefix, else null.
pub fn prefixLength(first: []const u8, last: []const u8) ?u32 {
    var length: u32 = 0;
    var index: usize = 0;
    while (index < first.len and first[index] == last[index]) : (index += 1) length += 8;
    if (index == first.len) return length;
    const differing = first[index] ^ last[index];
    // The differing bits must be a run of ones at the end of the byte, first having zeros and
    // last ones there, and every later byte all zeros in first and all ones in last.
    const run: u8 = @intCast(@clz(differing));
    const mask: u8 = @as(u8, 0xff) >> @intCast(run);
    if (differing != mask or first[index] & mask != 0 or last[index] & mask != mask) return null;
    for (first[index + 1 ..], last[index + 1 ..]) |low, high| {
        if (low != 0 or high != 0xff) return null;
    }
    return length + run;
}

fn renderScalar(buffer: *Buffer, datatype: setinfo.Datatype, bytes: []const u8) void {
    switch (datatype) {
        .ipv4_addr, .ipv6_addr => {
            var text: [c.INET6_ADDRSTRLEN]u8 = undefined;
            const family: c_int = if (datatype == .ipv4_addr) c.AF_INET else c.AF_INET6;
            const printed = c.inet_ntop(family, bytes.ptr, &text, text.len) orelse return buffer.raw("null");
            buffer.string(std.mem.span(printed));
        },
        .inet_service => buffer.unsigned(std.mem.readInt(u16, bytes[0..2], .big)),
        // As nft prints it: the protocols database's name (read before the seal, src/lookups.zig),
        // else the number.
        .inet_proto => if (lookups.getprotobynumber(bytes[0])) |entry| {
            buffer.string(std.mem.span(entry.p_name));
        } else {
            buffer.unsigned(bytes[0]);
        },
        .mark => buffer.unsigned(std.mem.readInt(u32, bytes[0..4], builtin.cpu.arch.endian())),
        .ether_addr => {
            var text: [17]u8 = undefined;
            _ = std.fmt.bufPrint(
                &text,
                "{x:0>2}:{x:0>2}:{x:0>2}:{x:0>2}:{x:0>2}:{x:0>2}",
                .{ bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5] },
            ) catch unreachable;
            buffer.string(&text);
        },
        .ifname => {
            const name = std.mem.sliceTo(bytes, 0);
            if (std.unicode.utf8ValidateSlice(name)) buffer.string(name) else buffer.stringLossy(name);
        },
        .verdict => buffer.raw("null"),
    }
}

fn renderVerdict(buffer: *Buffer, code: i32, chain: []const u8) void {
    const simple: ?[]const u8 = switch (code) {
        c.NF_ACCEPT => "{\"accept\":null}",
        c.NF_DROP => "{\"drop\":null}",
        c.NFT_CONTINUE => "{\"continue\":null}",
        c.NFT_RETURN => "{\"return\":null}",
        else => null,
    };
    if (simple) |text| return buffer.raw(text);
    buffer.raw(if (code == c.NFT_JUMP) "{\"jump\":{\"target\":" else "{\"goto\":{\"target\":");
    buffer.stringLossy(chain);
    buffer.raw("}}");
}
