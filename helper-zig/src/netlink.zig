//! The helper's own nfnetlink socket (libmnl) and nf_tables batches (libnftnl headers, libmnl
//! attributes), beside libnftables' socket. Used for the kernel-kept rate limit
//! (src/ratelimit.zig) and the direct path for set elements.
//!
//! The socket is opened, bound and configured before the seccomp seal (main.zig); afterwards it
//! needs only sendto, recvmsg and setsockopt(SOL_SOCKET), which the filter already allows on
//! descriptors 3..15 for libnftables' socket. It is the same kind of socket (AF_NETLINK,
//! SOCK_RAW, NETLINK_NETFILTER).
//!
//! A batch is one nfnetlink transaction sent with one sendto: BEGIN (optionally carrying the
//! ruleset generation it was built for), messages, END. Every message asks for an ack, so the
//! kernel answers each with exactly one reply (ack or error), or the BEGIN with ERESTART when the
//! generation no longer matches (then nothing was applied). The kernel processes a batch inside
//! the sendto call, so every reply is queued when sendto returns and the replies are read without
//! blocking: a missing reply is reported, never waited for.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c.zig");

pub const header_bytes: u32 = @sizeOf(c.nlmsghdr);
/// A header plus nfgenmsg: the smallest nf_tables message.
pub const message_bytes_min: u32 = header_bytes + @sizeOf(c.nfgenmsg);
/// Messages of a batch stay below this size: the element list of a message is one attribute
/// nest, whose length is 16 bits.
pub const message_bytes_max: u32 = 60 * 1024;
/// Receive buffer: the kernel's dump messages are at most a few pages each.
pub const receive_bytes: u32 = 256 * 1024;
/// SO_RCVBUFFORCE: room for the acks of the largest batch (one small reply per message).
const receive_socket_bytes: c_int = 8 * 1024 * 1024;
/// Replies read after one sendto are bounded by the messages of the batch, plus one.
const reads_max: u32 = 1 << 20;
/// Sequence numbers restart at 1 this far below 2^32, so that no batch wraps inside itself.
const sequence_wrap: u32 = 1 << 24;

pub const Family = enum(u8) {
    inet = c.NFPROTO_INET,
    ip = c.NFPROTO_IPV4,
    arp = c.NFPROTO_ARP,
    netdev = c.NFPROTO_NETDEV,
    bridge = c.NFPROTO_BRIDGE,
    ip6 = c.NFPROTO_IPV6,
};

/// Kernel errno of a refused message, with what the extended ack says about it.
pub const Refusal = struct {
    errno: u16,
    /// Zero-based index of the refused message among the batch's messages (BEGIN excluded).
    message: u32,
    /// Offset of the offending attribute inside that message (extended ack), when given.
    offset: ?u32 = null,
};

pub const Commit = union(enum) {
    /// Every message acknowledged: the transaction is in the kernel.
    applied,
    /// The ruleset generation changed since the batch was built: nothing was applied.
    restart,
    /// The kernel refused a message: nothing was applied (the first refusal).
    refused: Refusal,
    /// The batch could not be sent (errno): nothing was applied.
    send_failed: u16,
    /// Sent, but the replies could not be read completely: the outcome is unknown.
    unknown,
};

pub const Socket = struct {
    handle: *c.mnl_socket,
    fd: i32,
    portid: u32,
    sequence: u32,
    receive_buffer: []align(8) u8,
    /// SO_SNDBUF as last forced; raised for batches larger than it.
    send_capacity: u32,

    /// Opens and configures the socket. Before the seccomp seal only: socket, bind and the
    /// SOL_NETLINK options are not allowed afterwards.
    pub fn open(receive_buffer: []align(8) u8) ?Socket {
        assert(receive_buffer.len >= receive_bytes);
        const handle = c.mnl_socket_open(c.NETLINK_NETFILTER) orelse return null;
        var ok = c.mnl_socket_bind(handle, 0, 0) == 0;
        var one: c_int = 1;
        // Acks carry no copy of the refused message, and carry the offending attribute's offset.
        ok = ok and c.mnl_socket_setsockopt(handle, c.NETLINK_CAP_ACK, &one, @sizeOf(c_int)) == 0;
        ok = ok and c.mnl_socket_setsockopt(handle, c.NETLINK_EXT_ACK, &one, @sizeOf(c_int)) == 0;
        const fd = c.mnl_socket_get_fd(handle);
        ok = ok and setSocketOption(fd, c.SO_RCVBUFFORCE, receive_socket_bytes);
        if (!ok) {
            _ = c.mnl_socket_close(handle);
            return null;
        }
        return .{
            .handle = handle,
            .fd = fd,
            .portid = c.mnl_socket_get_portid(handle),
            .sequence = 1,
            .receive_buffer = receive_buffer[0..receive_bytes],
            .send_capacity = 0,
        };
    }

    /// Reserves `count` sequence numbers and returns the first.
    pub fn sequences(socket: *Socket, count: u32) u32 {
        assert(count >= 1 and count < sequence_wrap);
        if (socket.sequence > std.math.maxInt(u32) - sequence_wrap) socket.sequence = 1;
        const first = socket.sequence;
        socket.sequence += count;
        return first;
    }

    /// The first sequence number of the next batch (Batch.start); commit reserves what it used.
    pub fn nextSequence(socket: *Socket) u32 {
        if (socket.sequence > std.math.maxInt(u32) - sequence_wrap) socket.sequence = 1;
        return socket.sequence;
    }

    /// The ruleset generation (NFT_MSG_GETGEN), or null when the kernel did not answer.
    pub fn generation(socket: *Socket) ?u32 {
        var request: [message_bytes_min]u8 align(4) = undefined;
        const sequence = socket.sequences(1);
        const header = c.nftnl_nlmsg_build_hdr(&request, c.NFT_MSG_GETGEN, 0, 0, sequence);
        if (!socket.send(request[0..header.nlmsg_len])) return null;
        var found: ?u32 = null;
        var reads: u32 = 0;
        while (found == null and reads < 8) : (reads += 1) {
            const bytes = socket.receive(false) orelse return null;
            var messages = Messages.init(bytes);
            while (messages.next()) |message| {
                if (message.nlmsg_seq != sequence) continue;
                if (message.nlmsg_type == c.NLMSG_ERROR) return null;
                var attributes = Attributes.ofMessage(message);
                while (attributes.next()) |attribute| {
                    if (attribute.kind == c.NFTA_GEN_ID and attribute.payload.len == 4) {
                        found = std.mem.readInt(u32, attribute.payload[0..4], .big);
                    }
                }
            }
        }
        return found;
    }

    /// Sends a finished batch and reads every reply.
    pub fn commit(socket: *Socket, batch: *const Batch) Commit {
        assert(batch.finished and !batch.overflow);
        assert(batch.messages >= 1);
        assert(batch.sequence_first == socket.sequence);
        _ = socket.sequences(batch.messages + 2);
        if (batch.len > socket.send_capacity) {
            const wanted: u32 = @intCast(std.mem.alignForward(usize, batch.len + 4096, 1 << 20));
            if (!setSocketOption(
                socket.fd,
                c.SO_SNDBUFFORCE,
                @intCast(wanted),
            )) return .{ .send_failed = @intFromEnum(linux.E.NOBUFS) };
            socket.send_capacity = wanted;
        }
        const rc = c.mnl_socket_sendto(socket.handle, batch.bytes.ptr, batch.len);
        if (rc < 0) return .{ .send_failed = @intFromEnum(std.posix.errno(rc)) };
        return socket.collect(batch);
    }

    /// Reads the replies of a batch just sent: one per message, or the BEGIN's ERESTART.
    fn collect(socket: *Socket, batch: *const Batch) Commit {
        const first = batch.sequence_first;
        var replies: u32 = 0;
        var refusal: ?Refusal = null;
        var reads: u32 = 0;
        while (replies < batch.messages and reads < reads_max) : (reads += 1) {
            const bytes = socket.receive(true) orelse break;
            var messages = Messages.init(bytes);
            while (messages.next()) |message| {
                if (message.nlmsg_type != c.NLMSG_ERROR) continue;
                const reply = ErrorReply.parse(message) orelse continue;
                if (message.nlmsg_seq == first) {
                    if (reply.errno == @intFromEnum(linux.E.RESTART)) return .restart;
                    return .{ .refused = .{ .errno = reply.errno, .message = 0 } };
                }
                if (message.nlmsg_seq <= first or message.nlmsg_seq > first + batch.messages) continue;
                replies += 1;
                if (reply.errno != 0 and refusal == null) {
                    refusal = .{
                        .errno = reply.errno,
                        .message = message.nlmsg_seq - first - 1,
                        .offset = reply.offset,
                    };
                }
            }
        }
        if (refusal) |value| return .{ .refused = value };
        if (replies < batch.messages) return .unknown;
        return .applied;
    }

    /// Sends one request message (a get or a dump).
    pub fn send(socket: *Socket, bytes: []const u8) bool {
        const rc = c.mnl_socket_sendto(socket.handle, bytes.ptr, bytes.len);
        return rc >= 0 and @as(usize, @intCast(rc)) == bytes.len;
    }

    /// One datagram of replies; null when nothing is queued (`nonblocking`) or on an error.
    pub fn receive(socket: *Socket, nonblocking: bool) ?[]align(8) const u8 {
        var attempts: u32 = 0;
        while (attempts < 64) : (attempts += 1) {
            var iov = [1]std.posix.iovec{.{ .base = socket.receive_buffer.ptr, .len = socket.receive_buffer.len }};
            var address: linux.sockaddr.nl = undefined;
            var message = linux.msghdr{
                .name = @ptrCast(&address),
                .namelen = @sizeOf(linux.sockaddr.nl),
                .iov = &iov,
                .iovlen = 1,
                .control = null,
                .controllen = 0,
                .flags = 0,
            };
            const flags: u32 = if (nonblocking) linux.MSG.DONTWAIT else 0;
            const rc = linux.recvmsg(socket.fd, &message, flags);
            switch (linux.E.init(rc)) {
                .SUCCESS => {},
                .INTR => continue,
                else => return null,
            }
            // A truncated datagram cannot be parsed safely; the buffer is far above the kernel's.
            if ((message.flags & linux.MSG.TRUNC) != 0) return null;
            // Only the kernel (port 0) speaks on this socket.
            if (address.pid != 0) continue;
            return socket.receive_buffer[0..rc];
        }
        return null;
    }
};

pub const Dump = union(enum) {
    /// Every reply message was handed over; `interrupted` when the kernel flagged the dump as
    /// inconsistent (the ruleset changed while it ran: NLM_F_DUMP_INTR).
    done: struct { interrupted: bool },
    /// The kernel refused the dump (errno).
    refused: u16,
    /// The request could not be sent or the replies not read.
    failed,
    /// The callback asked to stop.
    stopped,
};

/// Sends `request` (a dump: NLM_F_DUMP, sequence `sequence`) and calls `each` with every reply
/// message until the kernel's NLMSG_DONE. Blocking reads: the kernel fills the socket as the
/// replies are read.
pub fn dump(
    socket: *Socket,
    request: []const u8,
    sequence: u32,
    context: anytype,
    comptime each: fn (@TypeOf(context), *const c.nlmsghdr) bool,
) Dump {
    if (!socket.send(request)) return .failed;
    var interrupted = false;
    // Each round reads one datagram of the dump; the kernel ends it with NLMSG_DONE.
    while (true) {
        const bytes = socket.receive(false) orelse return .failed;
        var messages = Messages.init(bytes);
        while (messages.next()) |message| {
            if (message.nlmsg_seq != sequence) continue;
            if ((message.nlmsg_flags & c.NLM_F_DUMP_INTR) != 0) interrupted = true;
            switch (message.nlmsg_type) {
                c.NLMSG_DONE => return .{ .done = .{ .interrupted = interrupted } },
                c.NLMSG_ERROR => {
                    const errno = replyErrno(message) orelse return .failed;
                    if (errno == 0) continue; // an ack
                    return .{ .refused = errno };
                },
                else => if (!each(context, message)) return .stopped,
            }
        }
    }
}

pub const Ask = union(enum) {
    /// The kernel acknowledged the request after its answer messages.
    acked,
    /// The kernel refused it (errno).
    refused: u16,
    /// The request could not be sent, the answer not read or not used.
    failed,
};

/// Sends `request` (a GET of one object with NLM_F_ACK, sequence `sequence`), calls `each` with
/// every answer message of that sequence (false: the answer cannot be used) and returns how the
/// kernel ended it. Such an answer is small: at most `ask_reads` non-blocking reads.
pub fn ask(
    socket: *Socket,
    request: []const u8,
    sequence: u32,
    context: anytype,
    comptime each: fn (@TypeOf(context), *const c.nlmsghdr) bool,
) Ask {
    if (!socket.send(request)) return .failed;
    var reads: u32 = 0;
    while (reads < ask_reads) : (reads += 1) {
        const bytes = socket.receive(true) orelse return .failed;
        var messages = Messages.init(bytes);
        while (messages.next()) |message| {
            if (message.nlmsg_seq != sequence) continue;
            if (message.nlmsg_type != c.NLMSG_ERROR) {
                if (!each(context, message)) return .failed;
                continue;
            }
            const errno = replyErrno(message) orelse return .failed;
            return if (errno == 0) .acked else .{ .refused = errno };
        }
    }
    return .failed;
}

const ask_reads: u32 = 4;

/// The errno of an NLMSG_ERROR message (0: an ack), or null when it is malformed.
fn replyErrno(message: *const c.nlmsghdr) ?u16 {
    const payload = messagePayload(message);
    if (payload.len < 4) return null;
    const code = std.mem.readInt(i32, payload[0..4], .little);
    if (code > 0 or code < -4095) return null;
    return @intCast(-code);
}

fn setSocketOption(fd: i32, option: c_int, value: c_int) bool {
    const bytes = std.mem.asBytes(&value);
    const rc = linux.setsockopt(fd, linux.SOL.SOCKET, @intCast(option), bytes.ptr, @intCast(bytes.len));
    return linux.E.init(rc) == .SUCCESS;
}

/// An NLMSG_ERROR reply: errno (0 for an ack) and the extended ack's attribute offset.
const ErrorReply = struct {
    errno: u16,
    offset: ?u32,

    fn parse(message: *const c.nlmsghdr) ?ErrorReply {
        const payload = messagePayload(message);
        // struct nlmsgerr: int error; struct nlmsghdr msg (capped: header only).
        const fixed = 4 + header_bytes;
        if (payload.len < fixed) return null;
        const code = std.mem.readInt(i32, payload[0..4], .little);
        if (code > 0 or code < -4095) return null;
        var reply = ErrorReply{ .errno = @intCast(-code), .offset = null };
        if ((message.nlmsg_flags & c.NLM_F_ACK_TLVS) == 0 or (message.nlmsg_flags & c.NLM_F_CAPPED) == 0) return reply;
        var attributes = Attributes.init(payload[fixed..]);
        while (attributes.next()) |attribute| {
            if (attribute.kind == c.NLMSGERR_ATTR_OFFS and attribute.payload.len == 4) {
                reply.offset = std.mem.readInt(u32, attribute.payload[0..4], .little);
            }
        }
        return reply;
    }
};

/// Bytes of a message after its header.
pub fn messagePayload(message: *const c.nlmsghdr) []const u8 {
    const bytes: [*]const u8 = @ptrCast(message);
    assert(message.nlmsg_len >= header_bytes);
    return bytes[header_bytes..message.nlmsg_len];
}

/// The messages of one received datagram (libmnl's mnl_nlmsg_ok / mnl_nlmsg_next).
pub const Messages = struct {
    cursor: *const c.nlmsghdr,
    remaining: c_int,

    pub fn init(bytes: []align(8) const u8) Messages {
        assert(bytes.len <= std.math.maxInt(c_int));
        return .{ .cursor = @ptrCast(bytes.ptr), .remaining = @intCast(bytes.len) };
    }

    pub fn next(messages: *Messages) ?*const c.nlmsghdr {
        if (!c.mnl_nlmsg_ok(messages.cursor, messages.remaining)) return null;
        const current = messages.cursor;
        messages.cursor = c.mnl_nlmsg_next(current, &messages.remaining);
        return current;
    }
};

pub const Attribute = struct {
    kind: u16,
    payload: []const u8,
    /// The attribute itself (header included), for nested parsing and offsets.
    start: [*]const u8,
};

/// The attributes of a byte range (libmnl's mnl_attr_ok / mnl_attr_next / accessors).
pub const Attributes = struct {
    cursor: *const c.nlattr,
    remaining: c_int,

    pub fn init(bytes: []const u8) Attributes {
        assert(bytes.len <= std.math.maxInt(c_int));
        return .{ .cursor = @ptrCast(@alignCast(bytes.ptr)), .remaining = @intCast(bytes.len) };
    }

    /// The attributes of an nf_tables message, after its nfgenmsg.
    pub fn ofMessage(message: *const c.nlmsghdr) Attributes {
        const payload = messagePayload(message);
        if (payload.len < @sizeOf(c.nfgenmsg)) return init(payload[payload.len..]);
        return init(payload[@sizeOf(c.nfgenmsg)..]);
    }

    /// The attributes nested inside `attribute`.
    pub fn nested(attribute: Attribute) Attributes {
        return init(attribute.payload);
    }

    pub fn next(attributes: *Attributes) ?Attribute {
        if (!c.mnl_attr_ok(attributes.cursor, attributes.remaining)) return null;
        const current = attributes.cursor;
        const length = current.nla_len;
        const payload_length = c.mnl_attr_get_payload_len(current);
        const payload: [*]const u8 = @ptrCast(c.mnl_attr_get_payload(current));
        const aligned: c_int = @intCast(std.mem.alignForward(u32, length, 4));
        attributes.remaining -= @min(aligned, attributes.remaining);
        attributes.cursor = c.mnl_attr_next(current);
        return .{
            .kind = c.mnl_attr_get_type(current),
            .payload = payload[0..payload_length],
            .start = @ptrCast(current),
        };
    }
};

/// An nf_tables batch built in a fixed buffer. Callers open a message, add attributes with
/// libmnl (after `reserve`), and close it; overflow of the buffer is sticky and checked by the
/// caller before committing.
pub const Batch = struct {
    bytes: []align(8) u8,
    len: u32 = 0,
    sequence_first: u32 = 0,
    /// Messages between BEGIN and END.
    messages: u32 = 0,
    overflow: bool = false,
    finished: bool = false,
    /// The message being written, if any.
    open: ?*c.nlmsghdr = null,

    /// Room always kept for END.
    const end_reserve: u32 = 64;

    pub fn init(bytes: []align(8) u8) Batch {
        assert(bytes.len >= 4096 and bytes.len <= std.math.maxInt(u32));
        return .{ .bytes = bytes };
    }

    /// Starts the batch: BEGIN, carrying `generation` when given (the kernel then refuses the
    /// whole batch with ERESTART if the ruleset has changed since).
    pub fn start(batch: *Batch, sequence_first: u32, generation: ?u32) void {
        batch.* = .{ .bytes = batch.bytes, .sequence_first = sequence_first };
        const header = c.nftnl_batch_begin(batch.bytes.ptr, sequence_first);
        if (generation) |value| c.mnl_attr_put_u32(header, c.NFNL_BATCH_GENID, std.mem.nativeToBig(u32, value));
        batch.len = std.mem.alignForward(u32, header.nlmsg_len, 4);
    }

    /// Opens a message of `kind` (an NFT_MSG_*) with NLM_F_REQUEST | NLM_F_ACK | `flags`.
    /// Returns null (and marks the batch overflowed) when the buffer is full.
    pub fn message(batch: *Batch, kind: u16, family: Family, flags: u16) ?*c.nlmsghdr {
        assert(batch.open == null and !batch.finished);
        if (batch.overflow) return null;
        if (batch.bytes.len - batch.len < message_bytes_max + end_reserve) {
            batch.overflow = true;
            return null;
        }
        const sequence = batch.sequence_first + 1 + batch.messages;
        const header = c.nftnl_nlmsg_build_hdr(
            batch.bytes[batch.len..].ptr,
            kind,
            @intFromEnum(family),
            c.NLM_F_ACK | flags,
            sequence,
        );
        batch.open = header;
        return header;
    }

    /// Whether `bytes` more fit in the open message without passing message_bytes_max.
    pub fn fits(batch: *const Batch, bytes: u32) bool {
        const header = batch.open.?;
        return header.nlmsg_len + bytes <= message_bytes_max;
    }

    /// Bytes written so far in the open message.
    pub fn openLength(batch: *const Batch) u32 {
        return batch.open.?.nlmsg_len;
    }

    pub fn close(batch: *Batch) void {
        const header = batch.open.?;
        assert(header.nlmsg_len <= message_bytes_max);
        batch.len += std.mem.alignForward(u32, header.nlmsg_len, 4);
        batch.messages += 1;
        batch.open = null;
    }

    /// The message at `index` (zero-based, BEGIN excluded), for mapping a refusal's offset.
    pub fn messageAt(batch: *const Batch, index: u32) ?*const c.nlmsghdr {
        var messages = Messages.init(batch.bytes[0..batch.len]);
        var position: u32 = 0;
        _ = messages.next(); // BEGIN
        while (messages.next()) |current| : (position += 1) {
            if (position == index) return current;
        }
        return null;
    }

    pub fn finish(batch: *Batch) void {
        assert(batch.open == null and !batch.finished);
        if (batch.overflow) return;
        const sequence = batch.sequence_first + 1 + batch.messages;
        const header = c.nftnl_batch_end(batch.bytes[batch.len..].ptr, sequence);
        batch.len += std.mem.alignForward(u32, header.nlmsg_len, 4);
        assert(batch.len <= batch.bytes.len);
        batch.finished = true;
    }
};

/// Writes a NUL-terminated copy of `name` into `out` (names are at most 255 bytes).
/// A dump request (NLM_F_DUMP) of one family's objects of a kind, filtered by one or two names
/// (a table; a table and a set), built in place. Keep it alive while the dump runs.
pub const NamedDump = struct {
    request: [message_bytes_min + 2 * (c.NFT_NAME_MAXLEN + 8)]u8 align(8) = undefined,
    sequence: u32 = 0,

    pub const Name = struct { attribute: u16, name: []const u8 };

    /// Builds the request; returns the message to send (its sequence number is `sequence`).
    pub fn build(named: *NamedDump, socket: *Socket, kind: u16, family: Family, names: []const Name) []const u8 {
        assert(names.len >= 1 and names.len <= 2);
        named.sequence = socket.sequences(1);
        const header = c.nftnl_nlmsg_build_hdr(
            &named.request,
            kind,
            @intFromEnum(family),
            c.NLM_F_DUMP | c.NLM_F_ACK,
            named.sequence,
        );
        var name: [c.NFT_NAME_MAXLEN]u8 = undefined;
        for (names) |item| c.mnl_attr_put_strz(header, item.attribute, nameZ(item.name, &name));
        assert(header.nlmsg_len <= named.request.len);
        return named.request[0..header.nlmsg_len];
    }
};

pub fn nameZ(name: []const u8, out: *[c.NFT_NAME_MAXLEN]u8) [*:0]const u8 {
    assert(name.len < out.len);
    @memcpy(out[0..name.len], name);
    out[name.len] = 0;
    return out[0..name.len :0];
}
