//! Lockdown of the helper process: the interface main.zig calls, in this order:
//! checkStartup → (policy, using checkRootOwnedChain) → reduce → (libnftables pre-init) → seal.
//!
//! This file is owned by the lockdown work; the bodies here are the honest minimum the core
//! needs to run: checkRootOwnedChain and report really check and really read the kernel's view.
//! checkStartup, reduce and seal do nothing yet and return null (no failure) — they do NOT
//! provide the sandbox, and report() shows that (seccomp 0, no_new_privs false, dumpable true).

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c.zig");

pub const Failure = struct { reason: []const u8, message: []const u8, exit_code: u8 };
pub const Report = struct {
    seccomp_mode: u8,
    no_new_privs: bool,
    dumpable: bool,
    cap_effective: u64,
    cap_permitted: u64,
    cap_inheritable: u64,
    cap_ambient: u64,
    bounding_dropped: bool,
    uid: u32,
};

/// Not implemented yet (lockdown work): pipes check, close fds > 2, SIGPIPE, self-check,
/// CAP_NET_ADMIN present. Returns null: no check is performed.
pub fn checkStartup() ?Failure {
    return null;
}

/// The file at `path` and every parent directory up to / must be owned by root and writable by
/// neither group nor others. `path` must be absolute. Symbolic links are refused for the file
/// itself (lstat); parents are checked as the kernel resolves them.
pub fn checkRootOwnedChain(path: []const u8) ?Failure {
    const failure = Failure{ .reason = "policy", .message = "policy file or a parent directory is not root-owned or is writable by group/other", .exit_code = 25 };
    if (path.len == 0 or path[0] != '/' or path.len >= std.fs.max_path_bytes) return failure;
    var buffer: [std.fs.max_path_bytes]u8 = undefined;
    @memcpy(buffer[0..path.len], path);
    var end: usize = path.len;
    var first = true;
    // One iteration per path component: bounded by the path length.
    var iterations: usize = 0;
    while (iterations <= path.len) : (iterations += 1) {
        buffer[end] = 0;
        const current: [*:0]const u8 = @ptrCast(&buffer);
        var status: linux.Stat = undefined;
        const flags: u32 = if (first) linux.AT.SYMLINK_NOFOLLOW else 0;
        const rc = linux.fstatat(linux.AT.FDCWD, current, &status, flags);
        if (linux.E.init(rc) != .SUCCESS) return failure;
        if (first and (status.mode & linux.S.IFMT) != linux.S.IFREG) return failure;
        if (status.uid != 0) return failure;
        if ((status.mode & 0o022) != 0) return failure;
        first = false;
        if (end == 1) return null;
        // Strip the last component.
        var cut = end - 1;
        while (cut > 0 and buffer[cut] != '/') cut -= 1;
        end = if (cut == 0) 1 else cut;
    }
    unreachable;
}

/// Not implemented yet (lockdown work): reduce capabilities, PR_SET_DUMPABLE 0, rlimits.
pub fn reduce() ?Failure {
    return null;
}

/// Not implemented yet (lockdown work): PR_SET_NO_NEW_PRIVS and the seccomp filter.
pub fn seal() ?Failure {
    return null;
}

/// The sandbox state as the kernel reports it (/proc/self/status and prctl), never assumed.
pub fn report() Report {
    var result = Report{
        .seccomp_mode = 0,
        .no_new_privs = false,
        .dumpable = c.prctl(c.PR_GET_DUMPABLE) == 1,
        .cap_effective = 0,
        .cap_permitted = 0,
        .cap_inheritable = 0,
        .cap_ambient = 0,
        .bounding_dropped = false,
        .uid = linux.getuid(),
    };
    var text: [8192]u8 = undefined;
    const status = readProcStatus(&text) orelse return result;
    var cap_bounding: u64 = std.math.maxInt(u64);
    var lines = std.mem.splitScalar(u8, status, '\n');
    while (lines.next()) |line| {
        const colon = std.mem.indexOfScalar(u8, line, ':') orelse continue;
        const name = line[0..colon];
        const field = std.mem.trim(u8, line[colon + 1 ..], " \t");
        if (std.mem.eql(u8, name, "Seccomp")) {
            result.seccomp_mode = std.fmt.parseInt(u8, field, 10) catch 0;
        } else if (std.mem.eql(u8, name, "NoNewPrivs")) {
            result.no_new_privs = std.mem.eql(u8, field, "1");
        } else if (std.mem.eql(u8, name, "CapEff")) {
            result.cap_effective = std.fmt.parseInt(u64, field, 16) catch 0;
        } else if (std.mem.eql(u8, name, "CapPrm")) {
            result.cap_permitted = std.fmt.parseInt(u64, field, 16) catch 0;
        } else if (std.mem.eql(u8, name, "CapInh")) {
            result.cap_inheritable = std.fmt.parseInt(u64, field, 16) catch 0;
        } else if (std.mem.eql(u8, name, "CapAmb")) {
            result.cap_ambient = std.fmt.parseInt(u64, field, 16) catch 0;
        } else if (std.mem.eql(u8, name, "CapBnd")) {
            cap_bounding = std.fmt.parseInt(u64, field, 16) catch std.math.maxInt(u64);
        }
    }
    const cap_net_admin_bit: u64 = 1 << 12;
    result.bounding_dropped = (cap_bounding & ~cap_net_admin_bit) == 0;
    return result;
}

fn readProcStatus(buffer: []u8) ?[]const u8 {
    const fd_rc = linux.open("/proc/self/status", .{ .ACCMODE = .RDONLY, .CLOEXEC = true }, 0);
    if (linux.E.init(fd_rc) != .SUCCESS) return null;
    const fd: i32 = @intCast(fd_rc);
    defer _ = linux.close(fd);
    var length: usize = 0;
    // Bounded: each successful read fills part of the fixed buffer.
    while (length < buffer.len) {
        const rc = linux.read(fd, buffer[length..].ptr, buffer.len - length);
        switch (linux.E.init(rc)) {
            .SUCCESS => {},
            .INTR => continue,
            else => return null,
        }
        if (rc == 0) break;
        length += rc;
    }
    assert(length <= buffer.len);
    return buffer[0..length];
}
