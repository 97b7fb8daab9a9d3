//! nftj-lockdown-selftest: a test executable built from the same lockdown code as the helper.
//! It goes through the helper's start-up sequence (checkStartup, reduce, libnftables warm-up,
//! seal) and then, chosen by argv (a test binary may read argv; the helper never does):
//!
//!   (no argument)        answer every request frame with a hello-like frame carrying the
//!                        `sandbox` report, until end of input: lets the start-up and status
//!                        tests run before (and independently of) the core's helper
//!   try <call>           attempt one call after sealing; print `result=ok` or
//!                        `result=errno:<NAME>`; a forbidden call never returns (SIGSYS)
//!   workload             run request frames through libnftables after sealing (used to
//!                        measure the syscall set): a frame body is one flag byte (`-` plain,
//!                        `c` check, `e` echo) and libnftables JSON; the answer frame is the
//!                        return code, a NUL, the output, a NUL and the error text
//!   crash <case>         run one known libnftables crash (or a Zig panic) after sealing: the
//!                        process must end by its own signal (src/crash.zig), never by SIGSYS
//!   export-pfc           no lockdown: write the compiled filter as PFC to stdout
//!   constants            no lockdown: print the constants c_lockdown.zig mirrors
//!
//! A start-up failure is answered exactly as the helper does: one startup_failed frame on stdout
//! and the documented exit code.

const std = @import("std");
const helper = @import("helper");
const linux = std.os.linux;
const lockdown = helper.lockdown;
const c = helper.c_lockdown;
const libnftables = helper.c;
const crash = helper.crash;

// The helper's crash path, exactly (src/main.zig does the same).
pub const std_options = crash.std_options;
pub const panic = std.debug.FullPanic(crash.panic);

const frame_bytes_max = 16 * 1024 * 1024;

pub fn main() u8 {
    const arguments = std.os.argv;
    const mode: []const u8 = if (arguments.len > 1) std.mem.span(arguments[1]) else "hello";
    if (std.mem.eql(u8, mode, "export-pfc")) return if (lockdown.exportFilter(1)) 0 else 1;
    if (std.mem.eql(u8, mode, "constants")) return printConstants();

    if (lockdown.checkStartup()) |failure| return startupFailed(failure);
    if (!crash.install()) return startupFailed(.{
        .reason = "prctl",
        .message = "installing the fatal-signal handler failed",
        .exit_code = 24,
    });
    if (lockdown.reduce()) |failure| return startupFailed(failure);
    if (lockdown.prepareLookups()) |failure| return startupFailed(failure);
    const nft = libnftables.nft_ctx_new(libnftables.NFT_CTX_DEFAULT) orelse
        return startupFailed(.{ .reason = "nft_init", .message = "nft_ctx_new failed", .exit_code = 26 });
    // Buffered output and errors: libnftables must never print to stdout, the protocol channel.
    if (libnftables.nft_ctx_buffer_output(nft) != 0 or libnftables.nft_ctx_buffer_error(nft) != 0) {
        return startupFailed(.{ .reason = "nft_init", .message = "buffering failed", .exit_code = 26 });
    }
    libnftables.nft_ctx_output_set_flags(nft, libnftables.NFT_CTX_OUTPUT_JSON);
    // The warm-up opens the netlink socket and seeds jansson while files may still be opened.
    _ = libnftables.nft_run_cmd_from_buffer(nft, "{\"nftables\":[{\"list\":{\"tables\":{}}}]}");
    if (lockdown.seal()) |failure| return startupFailed(failure);

    if (std.mem.eql(u8, mode, "hello")) return serveHello();
    if (std.mem.eql(u8, mode, "workload")) return serveWorkload(nft);
    if (std.mem.eql(u8, mode, "try") and arguments.len > 2) return tryCall(std.mem.span(arguments[2]), nft);
    if (std.mem.eql(u8, mode, "crash") and arguments.len > 2) return crashCase(std.mem.span(arguments[2]), nft);
    writeAll(2, "usage: nftj-lockdown-selftest [try <call> | crash <case> | workload | export-pfc | constants]\n");
    return 2;
}

fn startupFailed(failure: lockdown.Failure) u8 {
    var buffer: [2048]u8 = undefined;
    var writer = std.Io.Writer.fixed(buffer[4..]);
    writer.print(
        "{{\"id\":null,\"ok\":false,\"error\":{{\"code\":\"startup_failed\",\"reason\":\"{s}\",\"message\":",
        .{failure.reason},
    ) catch {};
    std.json.Stringify.value(failure.message, .{}, &writer) catch {};
    writer.writeAll("}}") catch {};
    writeFrame(buffer[0 .. 4 + writer.end]);
    writeAll(2, "nftj-lockdown-selftest: startup failed: ");
    writeAll(2, failure.message);
    writeAll(2, "\n");
    return failure.exit_code;
}

/// `frame` has 4 bytes of room in front for the length header.
fn writeFrame(frame: []u8) void {
    std.mem.writeInt(u32, frame[0..4], @intCast(frame.len - 4), .big);
    writeAll(1, frame);
}

fn writeAll(fd: i32, bytes: []const u8) void {
    var written: usize = 0;
    while (written < bytes.len) {
        const rc = linux.write(fd, bytes[written..].ptr, bytes.len - written);
        if (linux.E.init(rc) == .INTR) continue;
        if (linux.E.init(rc) != .SUCCESS) return;
        written += rc;
    }
}

/// Reads exactly buffer.len bytes; false at end of input or on an error.
fn readExact(buffer: []u8) bool {
    var length: usize = 0;
    while (length < buffer.len) {
        const rc = linux.read(0, buffer[length..].ptr, buffer.len - length);
        if (linux.E.init(rc) == .INTR) continue;
        if (linux.E.init(rc) != .SUCCESS or rc == 0) return false;
        length += rc;
    }
    return true;
}

/// One request body into `body` (NUL-terminated), or null at end of input.
fn readFrame(body: []u8) ?[:0]u8 {
    var header: [4]u8 = undefined;
    if (!readExact(&header)) return null;
    const length = std.mem.readInt(u32, &header, .big);
    if (length == 0 or length >= body.len) return null;
    if (!readExact(body[0..length])) return null;
    body[length] = 0;
    return body[0..length :0];
}

fn serveHello() u8 {
    var body: [4096]u8 = undefined;
    while (readFrame(&body)) |_| {
        const sandbox = lockdown.report();
        var buffer: [1024]u8 = undefined;
        var writer = std.Io.Writer.fixed(buffer[4..]);
        writer.print("{{\"id\":null,\"ok\":true,\"result\":{{\"helper\":\"lockdown-selftest\",\"sandbox\":" ++
            "{{\"seccomp\":{d},\"noNewPrivs\":{},\"dumpable\":{},\"capEffective\":\"{x:0>16}\"," ++
            "\"capPermitted\":\"{x:0>16}\",\"capInheritable\":\"{x:0>16}\",\"capAmbient\":\"{x:0>16}\"," ++
            "\"boundingDropped\":{},\"uid\":{d}}}}}}}", .{
            sandbox.seccomp_mode,  sandbox.no_new_privs,     sandbox.dumpable,
            sandbox.cap_effective, sandbox.cap_permitted,    sandbox.cap_inheritable,
            sandbox.cap_ambient,   sandbox.bounding_dropped, sandbox.uid,
        }) catch return 70;
        writeFrame(buffer[0 .. 4 + writer.end]);
    }
    return 0;
}

fn serveWorkload(nft: *libnftables.nft_ctx) u8 {
    const body = std.heap.c_allocator.alloc(u8, frame_bytes_max) catch return 70;
    defer std.heap.c_allocator.free(body);
    while (readFrame(body)) |request| {
        if (request.len < 1) return 70;
        var flags: c_uint = libnftables.NFT_CTX_OUTPUT_JSON;
        if (request[0] == 'e') flags |= libnftables.NFT_CTX_OUTPUT_ECHO;
        libnftables.nft_ctx_output_set_flags(nft, flags);
        libnftables.nft_ctx_set_dry_run(nft, request[0] == 'c');
        const rc = libnftables.nft_run_cmd_from_buffer(nft, request[1..].ptr);
        const output = std.mem.span(libnftables.nft_ctx_get_output_buffer(nft) orelse "");
        const errors = std.mem.span(libnftables.nft_ctx_get_error_buffer(nft) orelse "");
        var header: [4]u8 = undefined;
        const code: u8 = if (rc == 0) '0' else '1';
        std.mem.writeInt(u32, &header, @intCast(output.len + errors.len + 3), .big);
        writeAll(1, &header);
        writeAll(1, &.{ code, 0 });
        writeAll(1, output);
        writeAll(1, &.{0});
        writeAll(1, errors);
    }
    return 0;
}

fn printResult(rc: usize) u8 {
    const errno = linux.E.init(rc);
    if (errno == .SUCCESS) {
        writeAll(1, "result=ok\n");
    } else {
        writeAll(1, "result=errno:");
        writeAll(1, std.enums.tagName(linux.E, errno) orelse "unknown");
        writeAll(1, "\n");
    }
    return 0;
}

/// One call after sealing. Forbidden calls end the process with SIGSYS; the allowed ones print
/// their outcome.
fn tryCall(call: []const u8, nft: *libnftables.nft_ctx) u8 {
    if (allowedCall(call, nft)) |rc| return printResult(rc);
    if (forbiddenCall(call)) |rc| return printResult(rc);
    if (foreignAbiCall(call)) |rc| return printResult(rc);
    writeAll(2, "unknown call\n");
    return 2;
}

const page = 4096;
const anonymous = linux.MAP{ .TYPE = .PRIVATE, .ANONYMOUS = true };

/// madvise with `advice` on a fresh page of its own.
fn madvise(advice: u64) usize {
    const address = linux.mmap(null, page, linux.PROT.READ | linux.PROT.WRITE, anonymous, -1, 0);
    if (linux.E.init(address) != .SUCCESS) return address;
    return linux.syscall3(.madvise, address, page, advice);
}

/// Calls the sealed helper may make: the result of the call.
fn allowedCall(call: []const u8, nft: *libnftables.nft_ctx) ?usize {
    const equals = std.mem.eql;
    if (equals(u8, call, "write-stdout")) return linux.write(1, "", 0);
    if (equals(u8, call, "netlink-netfilter")) return linux.socket(c.AF_NETLINK, c.SOCK_RAW, c.NETLINK_NETFILTER);
    if (equals(u8, call, "nft-list")) {
        const rc = libnftables.nft_run_cmd_from_buffer(nft, "{\"nftables\":[{\"list\":{\"ruleset\":null}}]}");
        return if (rc == 0) 0 else @bitCast(@as(isize, -@as(isize, @intFromEnum(linux.E.IO))));
    }
    if (equals(u8, call, "mmap-rw")) {
        return linux.mmap(null, page, linux.PROT.READ | linux.PROT.WRITE, anonymous, -1, 0);
    }
    if (equals(u8, call, "madvise-dontneed")) return madvise(c.MADV_DONTNEED);
    if (equals(u8, call, "open-read")) return linux.openat(linux.AT.FDCWD, "/etc/hostname", .{ .ACCMODE = .RDONLY }, 0);
    if (equals(u8, call, "open-write")) {
        return linux.openat(linux.AT.FDCWD, "/tmp/nftj-selftest-never", .{ .ACCMODE = .WRONLY, .CREAT = true }, 0o600);
    }
    // The route socket of src/lookups.zig, asked for the way libmnl asks (socket(), the
    // process's own definition): a dump works, a change is refused by the kernel (EPERM).
    if (equals(u8, call, "route-dump")) {
        return routeRequest(linux.NetlinkMessageType.RTM_GETLINK, linux.NLM_F_REQUEST | linux.NLM_F_DUMP);
    }
    if (equals(u8, call, "route-write")) {
        const flags = linux.NLM_F_REQUEST | linux.NLM_F_ACK | linux.NLM_F_CREATE | linux.NLM_F_EXCL;
        return routeRequest(linux.NetlinkMessageType.RTM_NEWADDR, flags);
    }
    if (equals(u8, call, "stat")) {
        var stat: linux.Stat = undefined;
        return linux.fstatat(linux.AT.FDCWD, "/etc/passwd", &stat, 0);
    }
    return null;
}

/// Calls the filter must kill (the process never returns from them).
fn forbiddenCall(call: []const u8) ?usize {
    const equals = std.mem.eql;
    // Everything below is forbidden and must end with SIGSYS.
    if (equals(u8, call, "execve")) {
        const argv = [_:null]?[*:0]const u8{"/bin/true"};
        const envp = [_:null]?[*:0]const u8{};
        return linux.execve("/bin/true", &argv, &envp);
    }
    if (equals(u8, call, "fork")) return linux.fork();
    if (equals(u8, call, "clone")) return linux.syscall5(.clone, linux.SIG.CHLD, 0, 0, 0, 0);
    if (equals(u8, call, "clone3")) {
        var arguments = std.mem.zeroes([11]u64);
        arguments[4] = linux.SIG.CHLD; // exit_signal
        return linux.syscall2(.clone3, @intFromPtr(&arguments), @sizeOf(@TypeOf(arguments)));
    }
    if (equals(u8, call, "ptrace")) return (linux.syscall4(.ptrace, 0, 0, 0, 0)); // PTRACE_TRACEME
    if (equals(u8, call, "kill")) return linux.kill(1, 0);
    // tgkill is allowed only for the helper's own process and the five fatal signals.
    if (equals(u8, call, "tgkill-other")) return linux.tgkill(4194305, 4194305, linux.SIG.ABRT);
    if (equals(u8, call, "tgkill-self-kill")) return linux.tgkill(linux.getpid(), linux.gettid(), linux.SIG.KILL);
    if (equals(u8, call, "setuid")) return linux.setuid(0);
    if (equals(u8, call, "socket-inet")) return linux.socket(c.AF_INET, c.SOCK_STREAM, 0);
    if (equals(u8, call, "netlink-route")) return linux.socket(c.AF_NETLINK, c.SOCK_RAW, c.NETLINK_ROUTE);
    if (equals(u8, call, "netlink-netfilter-dgram")) return linux.socket(c.AF_NETLINK, 2, c.NETLINK_NETFILTER);
    if (equals(u8, call, "mmap-exec")) {
        return linux.mmap(null, page, linux.PROT.READ | linux.PROT.EXEC, anonymous, -1, 0);
    }
    // madvise: only MADV_DONTNEED (the memory release); not e.g. MADV_DONTFORK or MADV_HWPOISON.
    if (equals(u8, call, "madvise-other")) return madvise(10); // MADV_DONTFORK
    if (equals(u8, call, "mprotect-exec")) {
        const address = linux.mmap(null, page, linux.PROT.READ, anonymous, -1, 0);
        if (linux.E.init(address) != .SUCCESS) return address;
        return linux.mprotect(@ptrFromInt(address), page, linux.PROT.READ | linux.PROT.EXEC);
    }
    if (equals(u8, call, "prctl-dumpable")) return linux.prctl(@intFromEnum(linux.PR.SET_DUMPABLE), 1, 0, 0, 0);
    if (equals(u8, call, "sendmsg-stdout")) {
        var message = std.mem.zeroes(linux.msghdr_const);
        return linux.sendmsg(1, &message, 0);
    }
    if (equals(u8, call, "sendmsg-fd-high-bits")) {
        // fd 0x1_0000_0001: the kernel truncates it to fd 1; the filter must see all 64 bits.
        var message = std.mem.zeroes(linux.msghdr_const);
        return linux.syscall3(.sendmsg, 0x1_0000_0001, @intFromPtr(&message), 0);
    }
    if (equals(u8, call, "write-fd3")) return linux.write(3, "x", 1);
    if (equals(u8, call, "read-fd1")) {
        var byte: [1]u8 = undefined;
        return linux.read(1, &byte, 1);
    }
    if (equals(u8, call, "unshare")) return linux.unshare(linux.CLONE.NEWUSER);
    if (equals(u8, call, "memfd")) return linux.memfd_create("x", 0);
    if (equals(u8, call, "io-uring")) return linux.syscall2(.io_uring_setup, 1, 0);
    if (equals(u8, call, "bpf")) return linux.syscall3(.bpf, 0, 0, 0);
    if (equals(u8, call, "ioctl")) return linux.ioctl(0, linux.T.IOCGWINSZ, 0);
    if (equals(u8, call, "setsockopt-ip")) return linux.setsockopt(0, linux.IPPROTO.IP, 1, "", 0);
    return null;
}

/// Calls through another system-call ABI: killed whatever the number.
fn foreignAbiCall(call: []const u8) ?usize {
    const equals = std.mem.eql;
    // write(1, "", 0), allowed natively, through the x32 ABI (number with bit 30 set) and
    // through the i386 ABI (`int 0x80`, where write is 4): both must be killed.
    if (equals(u8, call, "x32-write")) {
        const rc = asm volatile ("syscall"
            : [ret] "={rax}" (-> usize),
            : [number] "{rax}" (0x40000000 | @as(usize, @intFromEnum(linux.SYS.write))),
              [fd] "{rdi}" (@as(usize, 1)),
              [buffer] "{rsi}" (@intFromPtr("")),
              [count] "{rdx}" (@as(usize, 0)),
            : .{ .rcx = true, .r11 = true, .memory = true });
        return rc;
    }
    if (equals(u8, call, "i386-write")) {
        const rc = asm volatile ("int $0x80"
            : [ret] "={eax}" (-> usize),
            : [number] "{eax}" (@as(usize, 4)),
              [fd] "{ebx}" (@as(usize, 1)),
              [buffer] "{ecx}" (@as(usize, 0)),
              [count] "{edx}" (@as(usize, 0)),
            : .{ .memory = true });
        return rc;
    }
    return null;
}

/// Known crashes of libnftables 1.0.6, sent to it directly (the helper's validator refuses them
/// before libnftables sees them), and a panic of the helper's own code. None returns.
fn crashCase(name: []const u8, nft: *libnftables.nft_ctx) u8 {
    const equals = std.mem.eql;
    // NULL dereference (SIGSEGV): dnat to a map whose data is a concatenation, keyed by a
    // concatenation, in a nat chain.
    const segv =
        \\{"nftables":[{"add":{"table":{"family":"ip","name":"t"}}},
        \\{"add":{"chain":{"family":"ip","table":"t","name":"pre","type":"nat","hook":"prerouting","prio":-100,
        \\"policy":"accept"}}},
        \\{"add":{"map":{"family":"ip","table":"t","name":"m","type":["ipv4_addr","inet_service"],
        \\"map":["ipv4_addr","inet_service"]}}},
        \\{"add":{"rule":{"family":"ip","table":"t","chain":"pre","expr":[{"dnat":{"family":"ip","addr":{"map":{
        \\"key":{"concat":[{"payload":{"protocol":"ip","field":"saddr"}},
        \\{"payload":{"protocol":"tcp","field":"dport"}}]},
        \\"data":"@m"}}}}]}}}]}
    ;
    // assert(0) (SIGABRT): delete of a ct timeout object, which 1.0.6's evaluator does not know.
    const abrt =
        \\{"nftables":[{"add":{"table":{"family":"inet","name":"t"}}},
        \\{"delete":{"ct timeout":{"family":"inet","table":"t","name":"x"}}}]}
    ;
    const segv_case = equals(u8, name, "libnftables-segv");
    const batch: [:0]const u8 = if (segv_case) segv else if (equals(u8, name, "libnftables-abort")) abrt else {
        if (equals(u8, name, "panic")) @panic("self-test panic");
        writeAll(2, "unknown crash case\n");
        return 2;
    };
    crash.enterLibrary();
    _ = libnftables.nft_run_cmd_from_buffer(nft, batch.ptr);
    crash.leaveLibrary();
    writeAll(1, "result=survived\n");
    return 0;
}

/// Sends one route netlink request on the socket lookups.zig hands out and reads the answer up
/// to the final ack or NLMSG_DONE; returns 0 or the negative errno the kernel answered. The
/// change asked by route-write is harmless where it would succeed: 127.0.0.2/8 on lo of the
/// test's namespace.
fn routeRequest(kind: linux.NetlinkMessageType, flags: u16) usize {
    const fd = lookups_socket(@intCast(c.AF_NETLINK), @intCast(c.SOCK_RAW), @intCast(c.NETLINK_ROUTE));
    if (fd < 0) return @bitCast(@as(isize, -@as(isize, std.c._errno().*)));
    defer _ = linux.close(fd);
    // nlmsghdr (16) + ifaddrmsg (8) + IFA_LOCAL (8) + IFA_ADDRESS (8)
    var request = std.mem.zeroes([40]u8);
    const length: u32 = if (kind == .RTM_GETLINK) 16 + 16 else 40;
    std.mem.writeInt(u32, request[0..4], length, .little);
    std.mem.writeInt(u16, request[4..6], @intFromEnum(kind), .little);
    std.mem.writeInt(u16, request[6..8], flags, .little);
    std.mem.writeInt(u32, request[8..12], 1, .little); // sequence
    if (kind == .RTM_GETLINK) {
        request[16] = linux.AF.PACKET; // ifinfomsg.ifi_family
    } else {
        request[16] = linux.AF.INET; // ifaddrmsg: family, prefix length 8, flags, scope host, index 1
        request[17] = 8;
        request[19] = 254;
        std.mem.writeInt(u32, request[20..24], 1, .little);
        for ([_]u16{ 2, 1 }, 0..) |attribute, index| { // IFA_LOCAL, IFA_ADDRESS
            const at = 24 + 8 * index;
            std.mem.writeInt(u16, request[at..][0..2], 8, .little);
            std.mem.writeInt(u16, request[at + 2 ..][0..2], attribute, .little);
            request[at + 4 ..][0..4].* = .{ 127, 0, 0, 2 };
        }
    }
    const sent = linux.sendto(fd, &request, length, 0, null, 0);
    if (linux.E.init(sent) != .SUCCESS) return sent;
    var answer: [16384]u8 align(4) = undefined;
    var messages: u32 = 0;
    while (messages < 1024) : (messages += 1) {
        var vector = [1]std.posix.iovec{.{ .base = &answer, .len = answer.len }};
        var message = std.mem.zeroes(linux.msghdr);
        message.iov = &vector;
        message.iovlen = 1;
        const received = linux.recvmsg(fd, &message, 0); // as libmnl reads
        if (linux.E.init(received) != .SUCCESS) return received;
        var at: usize = 0;
        while (at + 16 <= received) {
            const size = std.mem.readInt(u32, answer[at..][0..4], .little);
            const message_type = std.mem.readInt(u16, answer[at + 4 ..][0..2], .little);
            const malformed: isize = -@as(isize, @intFromEnum(linux.E.PROTO));
            if (size < 16 or at + size > received) return @bitCast(malformed);
            if (message_type == @intFromEnum(linux.NetlinkMessageType.DONE)) return 0;
            if (message_type == @intFromEnum(linux.NetlinkMessageType.ERROR)) {
                const code = std.mem.readInt(i32, answer[at + 16 ..][0..4], .little);
                return @bitCast(@as(isize, code));
            }
            at += std.mem.alignForward(usize, size, 4);
        }
    }
    return @bitCast(@as(isize, -@as(isize, @intFromEnum(linux.E.OVERFLOW))));
}

/// The process's own socket(), as libmnl reaches it through the dynamic symbol table.
const lookups_socket = helper.lookups.socket;

fn printConstants() u8 {
    var buffer: [2048]u8 = undefined;
    const text = std.fmt.bufPrint(&buffer,
        \\PR_CAP_AMBIENT={d}
        \\PR_CAP_AMBIENT_CLEAR_ALL={d}
        \\LINUX_CAPABILITY_VERSION_3={d}
        \\LINUX_CAPABILITY_U32S_3={d}
        \\AF_NETLINK={d}
        \\AF_INET={d}
        \\SOCK_RAW={d}
        \\SOCK_STREAM={d}
        \\NETLINK_ROUTE={d}
        \\NETLINK_NETFILTER={d}
        \\PROT_EXEC={d}
        \\EACCES={d}
        \\SCMP_CMP_NE={d}
        \\SCMP_CMP_EQ={d}
        \\SCMP_CMP_MASKED_EQ={d}
        \\SCMP_FLTATR_ACT_BADARCH={d}
        \\SCMP_FLTATR_CTL_NNP={d}
        \\SCMP_ACT_KILL_PROCESS={d}
        \\SCMP_ACT_LOG={d}
        \\SCMP_ACT_ALLOW={d}
        \\SCMP_ACT_ERRNO_EACCES={d}
        \\sizeof_scmp_arg_cmp={d}
        \\NFT_CTX_OUTPUT_JSON={d}
        \\NFT_CTX_OUTPUT_ECHO={d}
        \\LANDLOCK_CREATE_RULESET_VERSION={d}
        \\LANDLOCK_RULE_PATH_BENEATH={d}
        \\LANDLOCK_ACCESS_FS_WRITE_FILE={d}
        \\LANDLOCK_ACCESS_FS_READ_FILE={d}
        \\sizeof_landlock_path_beneath_attr={d}
        \\PROC_SUPER_MAGIC={d}
        \\
    , .{
        c.PR_CAP_AMBIENT,                  c.PR_CAP_AMBIENT_CLEAR_ALL,            c.LINUX_CAPABILITY_VERSION_3,
        c.LINUX_CAPABILITY_U32S_3,         c.AF_NETLINK,                          c.AF_INET,
        c.SOCK_RAW,                        c.SOCK_STREAM,                         c.NETLINK_ROUTE,
        c.NETLINK_NETFILTER,               c.PROT_EXEC,                           c.EACCES,
        c.SCMP_CMP_NE,                     c.SCMP_CMP_EQ,                         c.SCMP_CMP_MASKED_EQ,
        c.SCMP_FLTATR_ACT_BADARCH,         c.SCMP_FLTATR_CTL_NNP,                 c.SCMP_ACT_KILL_PROCESS,
        c.SCMP_ACT_LOG,                    c.SCMP_ACT_ALLOW,                      c.SCMP_ACT_ERRNO(c.EACCES),
        @sizeOf(c.scmp_arg_cmp),           libnftables.NFT_CTX_OUTPUT_JSON,       libnftables.NFT_CTX_OUTPUT_ECHO,
        c.LANDLOCK_CREATE_RULESET_VERSION, c.LANDLOCK_RULE_PATH_BENEATH,          c.LANDLOCK_ACCESS_FS_WRITE_FILE,
        c.LANDLOCK_ACCESS_FS_READ_FILE,    @sizeOf(c.landlock_path_beneath_attr), c.PROC_SUPER_MAGIC,
    }) catch return 70;
    writeAll(1, text);
    // src/lookups.zig's and the memory release's (a second call: a format takes at most 32 arguments)
    const lookups_text = std.fmt.bufPrint(&buffer,
        \\SOCK_CLOEXEC={d}
        \\SOCK_NONBLOCK={d}
        \\sizeof_protoent={d}
        \\MADV_DONTNEED={d}
        \\
    , .{ c.SOCK_CLOEXEC, c.SOCK_NONBLOCK, @sizeOf(c.protoent), c.MADV_DONTNEED }) catch return 70;
    writeAll(1, lookups_text);
    return 0;
}
