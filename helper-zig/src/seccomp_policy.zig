//! The helper's seccomp allowlist: the whole policy on one screen, in the manner of OpenSSH's
//! sandbox-seccomp-filter.c. Anything not listed kills the process (SIGSYS, exit status 159),
//! and so does every architecture other than the native one (no i386 `int 0x80`, no x32).
//!
//! The set was measured, not guessed: tests/seccomp-measure.sh runs the workload of
//! tests/lockdown-workload.py (hello; tables, chains, interval sets, 20 000 elements, rules,
//! list, echo, check, failing batches) through the helper and through the self-test under
//! `strace -f`, with the seccomp step compiled out (`-Dmutate=seccomp`); every call made after
//! the seal point is listed here. Some entries were not seen in that run and are allowed
//! on purpose, each saying why: socket (confined to NETLINK_NETFILTER), mprotect and mremap
//! (glibc malloc paths: realloc of an mmap-ed block, heap growth), and the crash path
//! (rt_sigprocmask, gettid, tgkill of the helper itself: src/crash.zig), which a normal run
//! never takes.
//!
//! Lookups are pre-warmed before sealing (libnftables context, netlink socket, jansson's seed).
//! File-opening and stat-style calls answer EACCES rather than kill, so that a library probing a
//! file fails softly instead of ending the helper mid-request.

const std = @import("std");
const SYS = std.os.linux.SYS;
const c = @import("c_lockdown.zig");
const lookups = @import("lookups.zig");

pub const Action = enum { allow, deny_eacces };

/// One argument comparison: `(argument & mask) == value`, on all 64 bits. A mask of all ones is
/// plain equality. (libseccomp 2.5 allows one comparison per argument in a rule.)
pub const ArgumentFilter = struct {
    index: u3,
    mask: u64,
    value: u64,
    /// `argument != value` instead (mask must be all ones); used only by openat below.
    not_equal: bool = false,
    /// `argument == the helper's own pid` (known only when the filter is built; `value` is 0).
    own_pid: bool = false,
};

pub const Entry = struct {
    syscall: SYS,
    action: Action,
    /// All filters of one entry must hold (AND). Several entries for one syscall are ORed.
    filters: []const ArgumentFilter,
};

fn allow(syscall: SYS, filters: []const ArgumentFilter) Entry {
    return .{ .syscall = syscall, .action = .allow, .filters = filters };
}

fn eacces(syscall: SYS) Entry {
    return .{ .syscall = syscall, .action = .deny_eacces, .filters = &.{} };
}

fn equal(index: u3, value: u64) ArgumentFilter {
    return .{ .index = index, .mask = std.math.maxInt(u64), .value = value };
}

/// `argument != value`.
fn not_equal(index: u3, value: u64) ArgumentFilter {
    return .{ .index = index, .mask = std.math.maxInt(u64), .value = value, .not_equal = true };
}

/// `argument == getpid()` of the process that builds the filter.
fn equal_own_pid(index: u3) ArgumentFilter {
    return .{ .index = index, .mask = std.math.maxInt(u64), .value = 0, .own_pid = true };
}

fn bits_clear(index: u3, mask: u64) ArgumentFilter {
    return .{ .index = index, .mask = mask, .value = 0 };
}

fn masked_equal(index: u3, mask: u64, value: u64) ArgumentFilter {
    std.debug.assert(value & ~mask == 0);
    return .{ .index = index, .mask = mask, .value = value };
}

const fd_stdin = 0;
const fd_stdout = 1;
const fd_stderr = 2;
/// The netlink socket: any descriptor 3..15 (below RLIMIT_NOFILE), never 0-2. Keeping socket
/// calls off the standard streams matters when the JVM hands over a socket pair: sendmsg on it
/// could pass the CAP_NET_ADMIN-bearing netlink descriptor (SCM_RIGHTS) to the JVM, which would
/// then bypass the policy. Written as three exact 64-bit matches (3; 4..7; 8..15) rather than
/// `>= 3`: the kernel truncates the argument to an int, so an unsigned `>= 3` would let
/// 0x1_0000_0001 through as fd 1.
const fd_3 = equal(0, 3);
const fd_4_to_7 = masked_equal(0, ~@as(u64, 3), 4);
const fd_8_to_15 = masked_equal(0, ~@as(u64, 7), 8);
const pr_get_dumpable = @intFromEnum(std.os.linux.PR.GET_DUMPABLE);
const sol_socket = std.os.linux.SOL.SOCKET;
const sig_segv = std.os.linux.SIG.SEGV;
const sig_bus = std.os.linux.SIG.BUS;
const sig_ill = std.os.linux.SIG.ILL;
const sig_fpe = std.os.linux.SIG.FPE;
const sig_abrt = std.os.linux.SIG.ABRT;

/// The descriptor of /proc/sys/net (lockdown.openSysctlDirectory moves it to this number so that the
/// filter, built at seal time, and the golden export name the same value). Below RLIMIT_NOFILE.
pub const sysctl_dir_fd: i32 = 9;
const sysctl_open_read: u64 = @as(
    u32,
    @bitCast(std.os.linux.O{ .ACCMODE = .RDONLY, .NOFOLLOW = true, .CLOEXEC = true }),
);
const sysctl_open_write: u64 = @as(
    u32,
    @bitCast(std.os.linux.O{ .ACCMODE = .WRONLY, .NOFOLLOW = true, .CLOEXEC = true }),
);

// zig fmt: off
pub const table = [_]Entry{
    // The request channel: frames in on stdin, frames out on stdout, one fatal line on stderr.
    allow(.read,          &.{ equal(0, fd_stdin) }),
    allow(.write,         &.{ equal(0, fd_stdout) }),
    allow(.write,         &.{ equal(0, fd_stderr) }),
    // lockdown.report() re-reads /proc/self/status through the descriptor opened before sealing
    // (pread on a pipe or socket fails with ESPIPE) and asks PR_GET_DUMPABLE, no other prctl.
    allow(.pread64,       &.{}),
    allow(.prctl,         &.{ equal(0, pr_get_dumpable) }),
    allow(.getpid,        &.{}),                               // hello reports the helper's pid

    // The two netlink sockets, both opened before sealing: libnftables' and the helper's own
    // (src/netlink.zig: rate limit, direct element path; it needs nothing beyond these entries).
    // On the netlink sockets only (descriptors 3..15): requests, batches, replies and acks.
    allow(.sendto,        &.{fd_3}), allow(.sendto,  &.{fd_4_to_7}), allow(.sendto,  &.{fd_8_to_15}),
    allow(.sendmsg,       &.{fd_3}), allow(.sendmsg, &.{fd_4_to_7}), allow(.sendmsg, &.{fd_8_to_15}),
    allow(.recvmsg,       &.{fd_3}), allow(.recvmsg, &.{fd_4_to_7}), allow(.recvmsg, &.{fd_8_to_15}),
    allow(.pselect6,      &.{}),                               // waits for the kernel's answer
    allow(.getsockopt,    &.{ equal(1, sol_socket) }),         // SO_SNDBUF, SO_RCVBUF
    allow(.setsockopt,    &.{ equal(1, sol_socket) }),         // SO_SNDBUFFORCE for big batches (both sockets)
    allow(.sysinfo,       &.{}),                               // glibc qsort of big sets
    // Not used by libnftables 1.0.6 after start-up; confined to the socket it would open.
    allow(.socket,        &.{ equal(0, c.AF_NETLINK), equal(1, c.SOCK_RAW), equal(2, c.NETLINK_NETFILTER) }),
    // The route netlink socket opened before sealing without CAP_NET_ADMIN (src/lookups.zig):
    // libnftables asks for a route socket whenever it prints an interface index and gets a
    // duplicate of this one (socket(NETLINK_ROUTE) itself stays forbidden); libmnl reads back
    // the bound address of what it got.
    allow(.dup,           &.{ equal(0, lookups.route_socket_fd) }),
    allow(.getsockname,   &.{fd_3}), allow(.getsockname, &.{fd_4_to_7}), allow(.getsockname, &.{fd_8_to_15}),

    // Memory for the allocator and libnftables' buffers; never executable.
    allow(.brk,           &.{}),
    allow(.mmap,          &.{ bits_clear(2, c.PROT_EXEC) }),
    allow(.munmap,        &.{}),
    allow(.mremap,        &.{}),                               // glibc realloc of an mmap-ed block
    allow(.mprotect,      &.{ bits_clear(2, c.PROT_EXEC) }),   // glibc heap growth
    // Pages given back after a large request (service.Service.afterFrame: the request buffers,
    // and glibc's malloc_trim of the C heap); only this advice, which frees and never maps.
    allow(.madvise,       &.{ equal(2, c.MADV_DONTNEED) }),

    allow(.exit_group,    &.{}),

    // The crash path (src/crash.zig): glibc's abort() and raise() block and unblock signals and
    // send the signal to the helper's own thread; the fatal-signal handler sends its signal again
    // the same way. Only the helper's own process, only the five fatal signals.
    allow(.rt_sigprocmask, &.{}),
    allow(.gettid,        &.{}),
    allow(.tgkill,        &.{ equal_own_pid(0), equal(2, sig_segv) }),
    allow(.tgkill,        &.{ equal_own_pid(0), equal(2, sig_bus) }),
    allow(.tgkill,        &.{ equal_own_pid(0), equal(2, sig_ill) }),
    allow(.tgkill,        &.{ equal_own_pid(0), equal(2, sig_fpe) }),
    allow(.tgkill,        &.{ equal_own_pid(0), equal(2, sig_abrt) }),

    // Sysctl (src/sysctl.zig): files below /proc/sys/net, opened only relative to the
    // directory descriptor the lockdown opens before sealing (at the fixed number sysctl_dir_fd, and only
    // when the policy names sysctl parameters; otherwise that descriptor is closed and openat on it
    // fails with EBADF), with exactly the two flag sets sysctl.zig uses. Every other openat still
    // answers EACCES (the entry below). Values are read with pread64 (above) and written with
    // pwrite64 at offset 0: the only descriptors open for writing are stdout/stderr (pipes or
    // sockets: ESPIPE) and these sysctl files. close releases them after each access.
    allow(.openat,        &.{ equal(0, sysctl_dir_fd), equal(2, sysctl_open_read) }),
    allow(.openat,        &.{ equal(0, sysctl_dir_fd), equal(2, sysctl_open_write) }),
    allow(.pwrite64,      &.{}),
    allow(.close,         &.{}),

    // Probes of the file system fail softly with EACCES.
    eacces(.open),
    // libseccomp lets an unconditional rule override conditional ones of the same
    // syscall, so this refusal is limited to the other descriptors; openat on sysctl_dir_fd with
    // flags other than the two allowed above falls through to the default action (kill).
    .{ .syscall = .openat, .action = .deny_eacces, .filters = &.{ not_equal(0, sysctl_dir_fd) } },
    eacces(.openat2),
    eacces(.creat),
    eacces(.stat),
    eacces(.lstat),
    eacces(.fstatat64),                                        // the kernel's newfstatat
    eacces(.statx),
    eacces(.access),
    eacces(.faccessat),
    eacces(.faccessat2),
    eacces(.readlink),
    eacces(.readlinkat),
};
// zig fmt: on

/// The entry that lets abort() end the helper by its own SIGABRT (see src/crash.zig).
pub fn raisesAbort(entry: Entry) bool {
    if (entry.syscall != .tgkill) return false;
    for (entry.filters) |argument| {
        if (argument.index == 2 and argument.value == sig_abrt) return true;
    }
    return false;
}

comptime {
    // Each entry has at most the six arguments a syscall has, and an EACCES entry never carries
    // filters (they would turn a soft refusal into a kill for the other argument values).
    for (table) |entry| {
        std.debug.assert(entry.filters.len <= 6);
        // The one exception is openat, whose refusal excludes the sysctl directory.
        if (entry.action == .deny_eacces and entry.syscall != .openat) std.debug.assert(entry.filters.len == 0);
        for (entry.filters) |argument| {
            if (argument.not_equal) std.debug.assert(argument.mask == std.math.maxInt(u64));
            if (argument.own_pid) std.debug.assert(!argument.not_equal and argument.value == 0);
        }
    }
}
