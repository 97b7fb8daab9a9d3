//! nftj-sysctl-selftest: a test executable that starts like the helper with sysctl
//! access (checkStartup, /proc/sys/net opened at the fixed descriptor, reduce, Landlock, seal)
//! and then attempts ONE file access, chosen by argv (a test binary may read argv; the helper
//! never does), printing `result=ok` or `result=errno:<NAME>`. A call the filter forbids never
//! returns (SIGSYS). Used by tests/sysctl.sh to show what a compromised helper can and cannot do.
//!
//!   try <case> [no-landlock]
//!     dirfd-read         openat(sysctl dir, "ipv4/ip_forward", read flags)      allowed
//!     dirfd-write        openat(sysctl dir, "ipv4/ip_forward", write flags)     allowed
//!     dirfd-rdwr         openat(sysctl dir, "ipv4/ip_forward", O_RDWR|...)      killed
//!     cwd-write          openat(AT_FDCWD, "/proc/sys/net/ipv4/ip_forward", write flags)  EACCES
//!     other-dirfd        openat(fd of /proc/sys opened before sealing, "kernel/domainname", write flags)  EACCES
//!     dotdot-kernel      openat(sysctl dir, "../kernel/domainname", write flags)  EACCES (Landlock)
//!     dotdot-proc        openat(sysctl dir, "../../self/comm", write flags)       EACCES (Landlock)
//!   `no-landlock` skips lockdown.confineToSysctl() (but sets no_new_privs), to show what Landlock
//!   adds.

const std = @import("std");
const helper = @import("helper");
const linux = std.os.linux;
const lockdown = helper.lockdown;
const sysctl = helper.sysctl;
const seccomp_policy = helper.seccomp_policy;

pub fn main() u8 {
    const arguments = std.os.argv;
    if (arguments.len < 3 or !std.mem.eql(u8, std.mem.span(arguments[1]), "try")) {
        writeAll(2, "usage: nftj-sysctl-selftest try <case> [no-landlock]\n");
        return 2;
    }
    const case = std.mem.span(arguments[2]);
    const landlock = !(arguments.len > 3 and std.mem.eql(u8, std.mem.span(arguments[3]), "no-landlock"));
    if (lockdown.checkStartup()) |failure| return failed(failure.message);
    if (lockdown.openSysctlDirectory()) |failure| return failed(failure.message);
    // A second directory, opened like the sysctl one, but not the descriptor the filter allows.
    const other_rc = linux.open("/proc/sys", .{ .ACCMODE = .RDONLY, .DIRECTORY = true, .CLOEXEC = true }, 0);
    if (linux.E.init(other_rc) != .SUCCESS) return failed("cannot open /proc/sys");
    const other: i32 = @intCast(other_rc);
    if (lockdown.reduce()) |failure| return failed(failure.message);
    if (landlock) {
        if (lockdown.confineToSysctl()) |failure| return failed(failure.message);
    }
    if (lockdown.seal()) |failure| return failed(failure.message);

    const dir = seccomp_policy.sysctl_dir_fd;
    const rdwr = linux.O{ .ACCMODE = .RDWR, .NOFOLLOW = true, .CLOEXEC = true };
    const Case = struct { name: []const u8, dir: i32, path: [*:0]const u8, flags: linux.O };
    const cases = [_]Case{
        .{ .name = "dirfd-read", .dir = dir, .path = "ipv4/ip_forward", .flags = sysctl.read_flags },
        .{ .name = "dirfd-write", .dir = dir, .path = "ipv4/ip_forward", .flags = sysctl.write_flags },
        .{ .name = "dirfd-rdwr", .dir = dir, .path = "ipv4/ip_forward", .flags = rdwr },
        .{
            .name = "cwd-write",
            .dir = linux.AT.FDCWD,
            .path = "/proc/sys/net/ipv4/ip_forward",
            .flags = sysctl.write_flags,
        },
        .{ .name = "other-dirfd", .dir = other, .path = "kernel/domainname", .flags = sysctl.write_flags },
        .{ .name = "dotdot-kernel", .dir = dir, .path = "../kernel/domainname", .flags = sysctl.write_flags },
        .{ .name = "dotdot-proc", .dir = dir, .path = "../../self/comm", .flags = sysctl.write_flags },
    };
    for (cases) |entry| {
        if (!std.mem.eql(u8, entry.name, case)) continue;
        const rc = linux.openat(entry.dir, entry.path, entry.flags, 0);
        if (linux.E.init(rc) == .SUCCESS) {
            _ = linux.close(@intCast(rc));
            writeAll(1, "result=ok\n");
        } else {
            writeAll(1, "result=errno:");
            writeAll(1, @tagName(linux.E.init(rc)));
            writeAll(1, "\n");
        }
        return 0;
    }
    writeAll(2, "unknown case\n");
    return 2;
}

fn failed(message: []const u8) u8 {
    writeAll(2, "nftj-sysctl-selftest: startup failed: ");
    writeAll(2, message);
    writeAll(2, "\n");
    return 1;
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
