//! What libnftables looks up while it prints a listing (and while it reads interface names),
//! served from sources the helper opens before the seal.
//!
//! libnftables 1.0.6 resolves three kinds of names on its own, through the C library:
//!
//! - interface indexes (`meta iif`/`oif`, `iface_index` sets, `fib … oif`, `dup`/`fwd` devices):
//!   src/iface.c fills an interface cache with a route netlink dump, opening a new NETLINK_ROUTE
//!   socket through libmnl (`mnl_socket_open` → `socket`, `bind`, `getsockname`, `sendto`,
//!   `recvmsg`, `close`), and releases the cache at the end of every command buffer, so every
//!   listing opens the socket again. The seccomp filter kills `socket(NETLINK_ROUTE)`, so a listing
//!   of such a rule used to end the helper (SIGSYS).
//! - protocol numbers (`ip protocol`, `meta l4proto`, `inet_proto` sets): `getprotobynumber` (and
//!   `getprotobyname` for names it does not know itself) read /etc/protocols through NSS; after the
//!   seal every open answers EACCES, so the helper printed `47` where nft prints `gre`.
//! - local time (`meta hour`, `meta day`, `meta time`): `localtime` reads /etc/localtime once.
//!
//! The helper serves all three without any socket or file opened after the seal:
//!
//! - one NETLINK_ROUTE socket is opened in `open` while CAP_NET_ADMIN is *not* in the effective
//!   set. The kernel keeps the opener's credentials with the socket and checks them for every
//!   request that changes something (RTM_NEW*, RTM_DEL*, RTM_SET*: `netlink_net_capable`), so
//!   through this socket only the unprivileged dumps work (EPERM for the rest), whatever the
//!   process does later. It is bound and moved to descriptor `route_socket_fd`. The helper
//!   defines `socket` and `bind` itself (exported, so the dynamic linker binds libmnl's calls to
//!   them): a request for an AF_NETLINK/SOCK_RAW/NETLINK_ROUTE socket gets a duplicate of that
//!   descriptor (seccomp allows `dup` of it alone), `bind` on the duplicate is a no-op (it is
//!   bound already); every other call goes to the kernel unchanged, where the filter judges it.
//!   The socket itself stays forbidden: `socket(NETLINK_ROUTE)` still kills the process.
//! - the protocols database is read once through the C library (`setprotoent`, `getprotoent_r`,
//!   `endprotoent`: the same NSS path nft takes), and the helper's `getprotobynumber` and
//!   `getprotobyname` answer from that table, first entry wins as in the C library.
//! - the time zone is loaded once: with TZ unset the C library checks /etc/localtime again on
//!   every `localtime`/`mktime` (a stat, then an open that the seal refuses, and from then on
//!   UTC); naming the file in the helper's own TZ (":/etc/localtime", the same zone) makes it
//!   keep what `tzset` read before the seal. Nothing is read from the environment.
//!
//! So the names printed are the ones nft prints on the same host, and the JVM can learn through a
//! listing only what any unprivileged process of the namespace can (interface names, protocols).

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c_lockdown.zig");

/// The pre-opened route netlink socket. Below RLIMIT_NOFILE (16), and apart from the sysctl
/// directory (9); the seccomp filter allows `dup` of this descriptor alone.
pub const route_socket_fd: i32 = 10;

/// Stale answers are dropped before a duplicate is handed out (a dump libnftables stopped
/// reading). Bounded: a namespace with more links than this many receive buffers' worth of
/// pending messages is not a case the helper has to serve.
const drain_messages_max = 4096;

/// The descriptor most recently handed out by `socket`, for `bind` to recognise; -1 when none.
var handed_out: i32 = -1;
var route_socket_open = false;

pub const OpenError = enum { capget, capset, socket, bind, move };

/// Opens the route socket without CAP_NET_ADMIN in the effective set, restores the effective set,
/// binds it (kernel-chosen port id) and moves it to `route_socket_fd`. Called once, before the
/// seal, while the effective and permitted sets are {CAP_NET_ADMIN}. `keep_capability` exists
/// for the mutation check only: the socket is then opened with the capability (writable).
pub fn openRouteSocket(keep_capability: bool) ?OpenError {
    assert(!route_socket_open);
    var header = linux.cap_user_header_t{ .version = c.LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    var saved: [c.LINUX_CAPABILITY_U32S_3]linux.cap_user_data_t = undefined;
    if (linux.E.init(linux.capget(&header, &saved[0])) != .SUCCESS) return .capget;
    if (!keep_capability) {
        var lowered = saved;
        lowered[0].effective = 0;
        lowered[1].effective = 0;
        if (linux.E.init(linux.capset(&header, &lowered[0])) != .SUCCESS) return .capset;
    }
    const rc = linux.socket(c.AF_NETLINK, c.SOCK_RAW | c.SOCK_CLOEXEC, c.NETLINK_ROUTE);
    // The effective set comes back before anything else can fail.
    if (!keep_capability) {
        if (linux.E.init(linux.capset(&header, &saved[0])) != .SUCCESS) return .capset;
    }
    if (linux.E.init(rc) != .SUCCESS) return .socket;
    const fd: i32 = @intCast(rc);
    var address = std.mem.zeroes(linux.sockaddr.nl);
    address.family = linux.AF.NETLINK;
    if (linux.E.init(linux.bind(fd, @ptrCast(&address), @sizeOf(linux.sockaddr.nl))) != .SUCCESS) {
        _ = linux.close(fd);
        return .bind;
    }
    if (fd != route_socket_fd) {
        const moved = linux.dup3(fd, route_socket_fd, @as(u32, @bitCast(linux.O{ .CLOEXEC = true })));
        _ = linux.close(fd);
        if (linux.E.init(moved) != .SUCCESS) return .move;
    }
    route_socket_open = true;
    return null;
}

/// Drops whatever the kernel still queues on the route socket (an unfinished dump), so that the
/// next dump's reader sees only its own answers. MSG_DONTWAIT: never blocks.
fn drainRouteSocket() void {
    var buffer: [8192]u8 = undefined;
    var count: u32 = 0;
    while (count < drain_messages_max) : (count += 1) {
        var vector = [1]std.posix.iovec{.{ .base = &buffer, .len = buffer.len }};
        var message = std.mem.zeroes(linux.msghdr);
        message.iov = &vector;
        message.iovlen = 1;
        const rc = linux.recvmsg(route_socket_fd, &message, linux.MSG.DONTWAIT);
        if (linux.E.init(rc) != .SUCCESS) return; // EAGAIN: nothing left
    }
}

fn setErrno(rc: usize) c_int {
    std.c._errno().* = @intCast(@intFromEnum(linux.E.init(rc)));
    return -1;
}

/// socket(2) for the whole process, libmnl included (see the file comment).
pub export fn socket(domain: c_int, kind: c_int, protocol: c_int) c_int {
    const flags_mask: c_int = @intCast(c.SOCK_CLOEXEC | c.SOCK_NONBLOCK);
    const wants_route = domain == c.AF_NETLINK and (kind & ~flags_mask) == c.SOCK_RAW and protocol == c.NETLINK_ROUTE;
    if (wants_route and route_socket_open) {
        drainRouteSocket();
        const rc = linux.dup(route_socket_fd);
        if (linux.E.init(rc) != .SUCCESS) return setErrno(rc);
        handed_out = @intCast(rc);
        return handed_out;
    }
    const rc = linux.socket(@bitCast(domain), @bitCast(kind), @bitCast(protocol));
    if (linux.E.init(rc) != .SUCCESS) return setErrno(rc);
    return @intCast(rc);
}

/// bind(2) for the whole process: a no-op for the duplicate `socket` handed out (already bound).
export fn bind(fd: c_int, address: *const linux.sockaddr, length: linux.socklen_t) c_int {
    if (fd == handed_out and fd >= 0) return 0;
    const rc = linux.bind(fd, address, length);
    if (linux.E.init(rc) != .SUCCESS) return setErrno(rc);
    return 0;
}

// ---- protocols ------------------------------------------------------------------------------

const protocols_max = 256;
const aliases_max = 4;
const protocol_text_bytes_max = 16 * 1024;

const Protocol = struct {
    number: c_int,
    name: [*:0]u8,
    aliases: [aliases_max + 1]?[*:0]u8,
};

var protocols: [protocols_max]Protocol = undefined;
var protocol_count: u32 = 0;
var protocol_text: [protocol_text_bytes_max]u8 = undefined;
var protocol_text_used: u32 = 0;
/// What getprotobynumber/getprotobyname return: static storage, as the C library's own.
var answer: c.protoent = undefined;

/// Copies `text` into the table's storage; null when it is full.
fn keep(text: [*:0]const u8) ?[*:0]u8 {
    const bytes = std.mem.span(text);
    if (protocol_text_used + bytes.len + 1 > protocol_text.len) return null;
    const start = protocol_text_used;
    @memcpy(protocol_text[start .. start + bytes.len], bytes);
    protocol_text[start + bytes.len] = 0;
    protocol_text_used += @intCast(bytes.len + 1);
    return protocol_text[start .. start + bytes.len :0].ptr;
}

/// Reads the protocols database once, in order, through the C library. Entries past the bounds
/// (256 entries, 4 aliases each, 16 KiB of names) are left out: /etc/protocols has about 60.
pub fn loadProtocols() void {
    assert(protocol_count == 0);
    var entry: c.protoent = undefined;
    var result: ?*c.protoent = null;
    var buffer: [4096]u8 = undefined;
    c.setprotoent(0);
    defer c.endprotoent();
    while (protocol_count < protocols_max) {
        if (c.getprotoent_r(&entry, &buffer, buffer.len, &result) != 0) break;
        const found = result orelse break;
        const name = keep(found.p_name) orelse break;
        var protocol = Protocol{ .number = found.p_proto, .name = name, .aliases = @splat(null) };
        var index: usize = 0;
        while (index < aliases_max) : (index += 1) {
            const alias = found.p_aliases[index] orelse break;
            protocol.aliases[index] = keep(alias) orelse break;
        }
        protocols[protocol_count] = protocol;
        protocol_count += 1;
    }
}

fn answerWith(protocol: *Protocol) *c.protoent {
    answer = .{ .p_name = protocol.name, .p_aliases = @ptrCast(&protocol.aliases), .p_proto = protocol.number };
    return &answer;
}

/// getprotobynumber(3) for the whole process, from the table `loadProtocols` read.
pub export fn getprotobynumber(number: c_int) ?*c.protoent {
    for (protocols[0..protocol_count]) |*protocol| {
        if (protocol.number == number) return answerWith(protocol);
    }
    return null;
}

/// getprotobyname(3) for the whole process: a name or an alias, from the same table.
pub export fn getprotobyname(name: [*:0]const u8) ?*c.protoent {
    const wanted = std.mem.span(name);
    for (protocols[0..protocol_count]) |*protocol| {
        if (std.mem.eql(u8, std.mem.span(protocol.name), wanted)) return answerWith(protocol);
        for (protocol.aliases) |alias| {
            const text = alias orelse break;
            if (std.mem.eql(u8, std.mem.span(text), wanted)) return answerWith(protocol);
        }
    }
    return null;
}

/// The number of protocols read (for the self-test and the unit test).
pub fn protocolCount() u32 {
    return protocol_count;
}

// ---- time zone ------------------------------------------------------------------------------

/// Loads the local time zone (/etc/localtime, read now) and keeps it for the process's life.
pub fn loadTimeZone() void {
    _ = c.setenv("TZ", ":/etc/localtime", 1);
    c.tzset();
}
