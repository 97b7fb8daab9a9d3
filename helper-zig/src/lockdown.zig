//! The helper's lockdown: it holds CAP_NET_ADMIN and must assume the JVM feeding it is
//! compromised, so it proves its own installation is safe, keeps only CAP_NET_ADMIN, and seals
//! itself with no_new_privs and a kill-by-default seccomp filter before it reads any request.
//!
//! Order, driven by main.zig:
//!   checkStartup()         streams, descriptors, SIGPIPE, executable self-check, CAP_NET_ADMIN
//!   (the core loads its policy, using checkPolicyDirectories)
//!   openSysctlDirectory()  only when the policy names sysctl parameters: /proc/sys/net
//!   reduce()               bounding set, ambient set, capabilities, dumpable, rlimits
//!   prepareLookups()       what libnftables resolves while printing: a read-only route netlink
//!                          socket, the protocols table, the time zone (src/lookups.zig)
//!   (the core creates the libnftables context and runs one warm-up command)
//!   confineToSysctl()      only with sysctl access: Landlock, every open beneath /proc/sys/net
//!   seal()                 no_new_privs, then the seccomp filter, last
//!   report()               the state actually achieved, read back from the kernel for `hello`
//!
//! Nothing here reads argv or the environment. Every failure is a `Failure` whose reason and exit
//! code are the ones docs/protocol.md lists; the core writes the startup-failure frame.
//!
//! Run as root (uid 0), the helper stays uid 0 after reduce(). Without any capability but
//! CAP_NET_ADMIN, uid 0 still owns most of the file system through ordinary owner permissions
//! (a root-owned 0644 file is writable by its owner without CAP_DAC_OVERRIDE). That is covered by
//! seccomp (every open answers EACCES), RLIMIT_FSIZE 0, and the missing write access to any
//! descriptor but stdout/stderr. Securebits (SECBIT_NOROOT) would only matter at an execve, which
//! the filter kills, and no_new_privs already caps an exec'd image at the current permitted set.
//! RLIMIT_NPROC is not enforced for uid 0; for root the filter's kill of fork/clone is what
//! prevents new processes.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const c = @import("c_lockdown.zig");
const seccomp_policy = @import("seccomp_policy.zig");
const mutation = @import("mutation.zig");

const removed = mutation.removed;
const lookups = @import("lookups.zig");

comptime {
    // lookups.zig defines socket, bind, getprotobynumber and getprotobyname for the process.
    _ = lookups;
}

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

/// Reasons and exit codes of docs/protocol.md ("Exit codes of the helper").
const Reason = enum(u8) {
    not_a_pipe = 20,
    self_check = 21,
    no_cap_net_admin = 22,
    cap_reduce = 23,
    prctl = 24,
    policy = 25,
    seccomp = 27,
};

pub const cap_net_admin_mask: u64 = @as(u64, 1) << linux.CAP.NET_ADMIN;
const cap_setpcap_mask: u64 = @as(u64, 1) << linux.CAP.SETPCAP;

/// PATH_MAX; a longer executable or policy path is refused rather than truncated.
const path_bytes_max = 4096;
/// /proc/self/status is about 1.5 KiB on kernel 6.x.
const status_bytes_max = 8192;
/// Descriptors after reduce(): 0-2, /proc/self/status, the netlink socket, and the short-lived
/// files libnftables reads while its context is created. Measured peak: fd 5.
const descriptors_max = 16;

/// The one message buffer; the helper is single-threaded and stops after the first failure.
var message_buffer: [1024]u8 = undefined;
/// /proc/self/status, opened before sealing so that report() can re-read it with pread after
/// seccomp has turned every open into EACCES.
var status_fd: i32 = -1;

fn fail(reason: Reason, comptime format: []const u8, arguments: anytype) Failure {
    const message = std.fmt.bufPrint(&message_buffer, format, arguments) catch message_buffer[0..];
    return .{ .reason = @tagName(reason), .message = message, .exit_code = @intFromEnum(reason) };
}

fn errnoOf(rc: usize) linux.E {
    return linux.E.init(rc);
}

/// linux.E is non-exhaustive: @tagName of a value it does not name would be illegal.
fn errnoName(rc: usize) []const u8 {
    return std.enums.tagName(linux.E, errnoOf(rc)) orelse "unknown errno";
}

// ---- checkStartup ---------------------------------------------------------------------------

/// Before anything is read: the standard streams, inherited descriptors, SIGPIPE, the executable's
/// installation and the capability it needs.
pub fn checkStartup() ?Failure {
    if (!removed(.pipes)) {
        if (checkStandardStreams()) |failure| return failure;
    }
    if (!removed(.close_fds)) {
        if (closeInheritedDescriptors()) |failure| return failure;
    }
    if (!removed(.sigpipe)) {
        if (ignoreSigpipe()) |failure| return failure;
    }
    if (openStatus()) |failure| return failure;
    if (!removed(.self_check)) {
        if (checkExecutable()) |failure| return failure;
    }
    return checkCapability();
}

/// The JVM talks to the helper through pipes (or a socket pair). A terminal on stdin or stdout
/// means someone runs it by hand, where frames make no sense and a tty's ioctls are an attack
/// surface. fd 2 must be open too: otherwise the next descriptor opened would become "stderr".
fn checkStandardStreams() ?Failure {
    const names = [_][]const u8{ "stdin", "stdout" };
    for (names, 0..) |name, fd| {
        var stat: linux.Stat = undefined;
        const rc = linux.fstat(@intCast(fd), &stat);
        if (errnoOf(rc) != .SUCCESS) {
            return fail(.not_a_pipe, "{s} (fd {d}) is not open ({s})", .{ name, fd, errnoName(rc) });
        }
        if (!linux.S.ISFIFO(stat.mode) and !linux.S.ISSOCK(stat.mode)) {
            return fail(.not_a_pipe, "{s} (fd {d}) is a {s}, not a pipe or socket: the helper only " ++
                "speaks frames to the process that spawned it", .{ name, fd, fileKind(stat.mode) });
        }
    }
    var stat: linux.Stat = undefined;
    const rc = linux.fstat(2, &stat);
    if (errnoOf(rc) != .SUCCESS) {
        return fail(.not_a_pipe, "stderr (fd 2) is not open ({s})", .{errnoName(rc)});
    }
    return null;
}

fn fileKind(mode: u32) []const u8 {
    if (linux.S.ISCHR(mode)) return "character device (a terminal?)";
    if (linux.S.ISREG(mode)) return "regular file";
    if (linux.S.ISDIR(mode)) return "directory";
    if (linux.S.ISBLK(mode)) return "block device";
    return "file of another kind";
}

/// Descriptors inherited from the JVM (or whoever started us) must not be reachable from a
/// compromised helper; close everything above stderr. A failure here is reported as `prctl`,
/// the reason for process-setup calls.
fn closeInheritedDescriptors() ?Failure {
    const rc = linux.syscall3(.close_range, 3, std.math.maxInt(u32), 0);
    if (errnoOf(rc) != .SUCCESS) {
        return fail(.prctl, "close_range(3, ~0) failed ({s})", .{errnoName(rc)});
    }
    return null;
}

/// A vanished JVM must turn into EPIPE on write (exit 13), not a signal that kills the helper
/// without a word.
fn ignoreSigpipe() ?Failure {
    const action = linux.Sigaction{
        .handler = .{ .handler = linux.SIG.IGN },
        .mask = linux.sigemptyset(),
        .flags = 0,
    };
    const rc = linux.sigaction(linux.SIG.PIPE, &action, null);
    if (errnoOf(rc) != .SUCCESS) {
        return fail(.prctl, "ignoring SIGPIPE failed ({s})", .{errnoName(rc)});
    }
    return null;
}

fn openStatus() ?Failure {
    if (status_fd >= 0) return null;
    const rc = linux.open("/proc/self/status", .{ .ACCMODE = .RDONLY, .CLOEXEC = true }, 0);
    if (errnoOf(rc) != .SUCCESS) {
        return fail(.prctl, "cannot open /proc/self/status ({s})", .{errnoName(rc)});
    }
    status_fd = @intCast(rc);
    return null;
}

/// The executable's own path, as the kernel resolved it at exec (no symlinks, no "..").
fn readExecutablePath(buffer: *[path_bytes_max:0]u8) ?[:0]const u8 {
    const rc = linux.readlink("/proc/self/exe", buffer, buffer.len);
    if (errnoOf(rc) != .SUCCESS) return null;
    if (rc >= buffer.len) return null;
    buffer[rc] = 0;
    return buffer[0..rc :0];
}

/// Whoever can replace the helper's file, or rename a directory above it, owns CAP_NET_ADMIN.
/// So the file must be root's, writable only by root, without setuid/setgid bits, and every
/// directory up to / must be root's and writable by no one else.
fn checkExecutable() ?Failure {
    var path_buffer: [path_bytes_max:0]u8 = undefined;
    const path = readExecutablePath(&path_buffer) orelse
        return fail(.self_check, "cannot read /proc/self/exe", .{});
    if (std.mem.endsWith(u8, path, " (deleted)")) {
        return fail(.self_check, "the executable {s} was deleted or replaced while starting", .{path});
    }
    if (validatePathShape(path)) |problem| {
        return fail(.self_check, "executable path {s}: {s}", .{ path, problem });
    }

    // The running image (through the magic link) and the file the path names must be one inode,
    // otherwise the path checks below would judge some other file.
    var running: linux.Stat = undefined;
    var named: linux.Stat = undefined;
    const rc_running = linux.fstatat(linux.AT.FDCWD, "/proc/self/exe", &running, 0);
    const rc_named = linux.fstatat(linux.AT.FDCWD, path, &named, linux.AT.SYMLINK_NOFOLLOW);
    if (errnoOf(rc_running) != .SUCCESS or errnoOf(rc_named) != .SUCCESS) {
        return fail(.self_check, "cannot stat the executable {s}", .{path});
    }
    if (!linux.S.ISREG(named.mode) or named.dev != running.dev or named.ino != running.ino) {
        return fail(.self_check, "{s} no longer names the running executable", .{path});
    }

    const permissions = named.mode & 0o7777;
    if (permissions != 0o750 and permissions != 0o700) {
        return fail(.self_check, "executable {s} has mode {o:0>4}; it must be 0750 or 0700 (no " ++
            "setuid/setgid bits, no write or execute for others)", .{ path, permissions });
    }
    if (named.uid != 0) {
        return fail(.self_check, "executable {s} is owned by uid {d}; it must be owned by root", .{ path, named.uid });
    }
    return checkDirectoryChain(path, .self_check);
}

/// For the core's policy file (failures carry reason `policy`, exit 25): `path` must be an
/// absolute, normalised path (no ".", "..", "//" or trailing "/"), and every directory up to /
/// owned by root and not writable by group or others. The file itself is checked on the
/// descriptor the policy loader opens (src/policy.zig:readFile: O_NOFOLLOW, then fstat), so what
/// is checked is what is read. Only root can change the entries of such directories, so nothing
/// else can swap the file between this check and that open.
pub fn checkPolicyDirectories(path: []const u8) ?Failure {
    if (validatePathShape(path)) |problem| {
        return fail(.policy, "path {s}: {s}", .{ path, problem });
    }
    return checkDirectoryChain(path, .policy);
}

/// Every directory above `path`, up to and including /, must be a directory owned by root and
/// writable by neither group nor others (a sticky world-writable /tmp is refused too).
fn checkDirectoryChain(path: []const u8, reason: Reason) ?Failure {
    std.debug.assert(path.len > 1 and path[0] == '/');
    var directory_buffer: [path_bytes_max:0]u8 = undefined;
    var end = path.len;
    // Each round removes one component, so the loop ends within path.len rounds.
    var rounds: usize = 0;
    while (rounds < path.len) : (rounds += 1) {
        const slash = std.mem.lastIndexOfScalar(u8, path[0..end], '/') orelse unreachable;
        const directory = if (slash == 0) "/" else path[0..slash];
        @memcpy(directory_buffer[0..directory.len], directory);
        directory_buffer[directory.len] = 0;

        var stat: linux.Stat = undefined;
        const rc = linux.fstatat(
            linux.AT.FDCWD,
            directory_buffer[0..directory.len :0],
            &stat,
            linux.AT.SYMLINK_NOFOLLOW,
        );
        if (errnoOf(rc) != .SUCCESS) {
            return fail(reason, "cannot stat directory {s} ({s})", .{ directory, errnoName(rc) });
        }
        if (!linux.S.ISDIR(stat.mode)) {
            return fail(reason, "{s} is a {s}, not a directory", .{ directory, fileKind(stat.mode) });
        }
        if (stat.uid != 0) {
            return fail(reason, "directory {s} is owned by uid {d}, not root", .{ directory, stat.uid });
        }
        if (stat.mode & 0o022 != 0) {
            return fail(reason, "directory {s} has mode {o:0>4}: writable by group or others, who " ++
                "could replace what lies below it", .{ directory, stat.mode & 0o7777 });
        }
        if (slash == 0) return null;
        end = slash;
    }
    unreachable;
}

/// Returns what is wrong with the shape of `path`, or null when it is absolute and normalised.
pub fn validatePathShape(path: []const u8) ?[]const u8 {
    if (path.len < 2 or path[0] != '/') return "not an absolute path to a file";
    if (path.len >= path_bytes_max) return "longer than PATH_MAX";
    if (std.mem.indexOfScalar(u8, path, 0) != null) return "contains a NUL byte";
    if (path[path.len - 1] == '/') return "ends with /";
    var components = std.mem.splitScalar(u8, path[1..], '/');
    while (components.next()) |component| {
        if (component.len == 0) return "contains an empty component (//)";
        if (std.mem.eql(u8, component, ".") or std.mem.eql(u8, component, "..")) {
            return "contains a . or .. component";
        }
    }
    return null;
}

const CapabilitySets = struct { effective: u64, permitted: u64, inheritable: u64 };

fn capabilityGet() ?CapabilitySets {
    var header = linux.cap_user_header_t{ .version = c.LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    var data: [c.LINUX_CAPABILITY_U32S_3]linux.cap_user_data_t = undefined;
    const rc = linux.capget(&header, &data[0]);
    if (errnoOf(rc) != .SUCCESS) return null;
    return .{
        .effective = @as(u64, data[1].effective) << 32 | data[0].effective,
        .permitted = @as(u64, data[1].permitted) << 32 | data[0].permitted,
        .inheritable = @as(u64, data[1].inheritable) << 32 | data[0].inheritable,
    };
}

fn checkCapability() ?Failure {
    const sets = capabilityGet() orelse return fail(.no_cap_net_admin, "capget failed", .{});
    if (sets.effective & cap_net_admin_mask != 0) return null;
    return fail(.no_cap_net_admin, "CAP_NET_ADMIN is not in the effective set (CapEff {x:0>16}): {s}", .{
        sets.effective,
        diagnoseMissingCapability(),
    });
}

/// The likely reason the kernel did not grant CAP_NET_ADMIN at exec, most specific first.
fn diagnoseMissingCapability() []const u8 {
    var status_buffer: [status_bytes_max]u8 = undefined;
    const status = readStatus(&status_buffer);
    if (statusNumber(status, "NoNewPrivs", 10)) |no_new_privs| {
        if (no_new_privs == 1) {
            return "no_new_privs was already set by the parent process, so exec ignored the " ++
                "executable's file capability; start the helper from a process without " ++
                "no_new_privs (systemd: NoNewPrivileges=no for this service)";
        }
    }
    if (statusNumber(status, "CapBnd", 16)) |bounding| {
        if (bounding & cap_net_admin_mask == 0) {
            return "CAP_NET_ADMIN is not in the bounding set inherited from the parent (a " ++
                "container or service manager dropped it), so no exec can grant it";
        }
    }
    if (linux.geteuid() == 0) {
        return "running as root, but the parent dropped CAP_NET_ADMIN (securebits, capsh, or a " ++
            "user namespace that does not own this network namespace)";
    }
    var path_buffer: [path_bytes_max:0]u8 = undefined;
    const path = readExecutablePath(&path_buffer) orelse return "cannot read /proc/self/exe";
    // struct vfs_cap_data (<linux/capability.h>): magic_etc, then permitted/inheritable pairs.
    var xattr: [24]u8 = undefined;
    const rc = linux.getxattr(path, "security.capability", &xattr, xattr.len);
    if (errnoOf(rc) == .NODATA) {
        return "not running as root and the executable has no file capability; install it " ++
            "with: setcap cap_net_admin+ep <helper>";
    }
    if (errnoOf(rc) != .SUCCESS or rc < 12) {
        return "not running as root and the executable's file capability cannot be read";
    }
    const magic_etc = std.mem.readInt(u32, xattr[0..4], .little);
    const permitted_low = std.mem.readInt(u32, xattr[4..8], .little);
    if (permitted_low & (@as(u32, 1) << linux.CAP.NET_ADMIN) == 0) {
        return "the executable's file capability does not include cap_net_admin; use " ++
            "setcap cap_net_admin+ep <helper>";
    }
    if (magic_etc & 1 == 0) {
        return "the executable's file capability lacks the effective flag; use setcap " ++
            "cap_net_admin+ep (not +p) <helper>";
    }
    return "the executable has cap_net_admin+ep but the kernel did not honour it (a nosuid " ++
        "mount, or a user namespace that does not own the file)";
}

// ---- reduce ---------------------------------------------------------------------------------

/// Keep CAP_NET_ADMIN and nothing else; no core dumps or ptrace by the same user; no files
/// written, no processes created, few descriptors.
pub fn reduce() ?Failure {
    if (!removed(.caps)) {
        // The bounding set first: dropping from it needs CAP_SETPCAP, which capset removes.
        if (dropBoundingSet()) |failure| return failure;
        if (clearAmbient()) |failure| return failure;
        if (reduceCapabilities()) |failure| return failure;
    }
    if (!removed(.dumpable)) {
        if (disableDumping()) |failure| return failure;
    }
    if (!removed(.rlimits)) {
        if (limitResources()) |failure| return failure;
    }
    return null;
}

/// Only a process holding CAP_SETPCAP (root) may drop from its bounding set. With just the file
/// capability the kernel refuses with EPERM; then nothing is dropped and report() says so
/// (bounding_dropped = false): no_new_privs and the filter's kill of execve cover that case.
fn dropBoundingSet() ?Failure {
    const sets = capabilityGet() orelse return fail(.cap_reduce, "capget failed", .{});
    if (sets.effective & cap_setpcap_mask == 0) return null;
    var capability: u8 = 0;
    while (capability < c.capability_bits_max) : (capability += 1) {
        const rc_read = linux.prctl(@intFromEnum(linux.PR.CAPBSET_READ), capability, 0, 0, 0);
        // EINVAL: past the last capability this kernel knows.
        if (errnoOf(rc_read) == .INVAL) return null;
        if (errnoOf(rc_read) != .SUCCESS) {
            return fail(.cap_reduce, "PR_CAPBSET_READ {d} failed ({s})", .{ capability, errnoName(rc_read) });
        }
        if (capability == linux.CAP.NET_ADMIN or rc_read == 0) continue;
        const rc_drop = linux.prctl(@intFromEnum(linux.PR.CAPBSET_DROP), capability, 0, 0, 0);
        if (errnoOf(rc_drop) != .SUCCESS) {
            return fail(.cap_reduce, "PR_CAPBSET_DROP {d} failed ({s})", .{ capability, errnoName(rc_drop) });
        }
    }
    return fail(.cap_reduce, "the kernel reports more than {d} capabilities", .{c.capability_bits_max});
}

fn clearAmbient() ?Failure {
    const rc = linux.prctl(c.PR_CAP_AMBIENT, c.PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
    if (errnoOf(rc) != .SUCCESS) {
        return fail(.cap_reduce, "PR_CAP_AMBIENT_CLEAR_ALL failed ({s})", .{errnoName(rc)});
    }
    return null;
}

/// permitted = effective = {CAP_NET_ADMIN}, inheritable = {}; then read back and compare.
fn reduceCapabilities() ?Failure {
    var header = linux.cap_user_header_t{ .version = c.LINUX_CAPABILITY_VERSION_3, .pid = 0 };
    const net_admin: u32 = @as(u32, 1) << linux.CAP.NET_ADMIN;
    const data = [c.LINUX_CAPABILITY_U32S_3]linux.cap_user_data_t{
        .{ .effective = net_admin, .permitted = net_admin, .inheritable = 0 },
        .{ .effective = 0, .permitted = 0, .inheritable = 0 },
    };
    const rc = linux.capset(&header, &data[0]);
    if (errnoOf(rc) != .SUCCESS) {
        return fail(.cap_reduce, "capset to CAP_NET_ADMIN alone failed ({s})", .{errnoName(rc)});
    }
    const sets = capabilityGet() orelse return fail(.cap_reduce, "capget failed", .{});
    if (sets.effective != cap_net_admin_mask or sets.permitted != cap_net_admin_mask or sets.inheritable != 0) {
        return fail(.cap_reduce, "capabilities after capset: effective {x:0>16} permitted {x:0>16} " ++
            "inheritable {x:0>16}", .{ sets.effective, sets.permitted, sets.inheritable });
    }
    return null;
}

/// Not dumpable: no core file with the process memory, and a process of the same uid (the
/// deployment user, who also runs the JVM) can neither ptrace us nor read /proc/PID/mem.
fn disableDumping() ?Failure {
    const rc = linux.prctl(@intFromEnum(linux.PR.SET_DUMPABLE), 0, 0, 0, 0);
    if (errnoOf(rc) != .SUCCESS) {
        return fail(.prctl, "PR_SET_DUMPABLE 0 failed ({s})", .{errnoName(rc)});
    }
    const dumpable = linux.prctl(@intFromEnum(linux.PR.GET_DUMPABLE), 0, 0, 0, 0);
    if (dumpable != 0) return fail(.prctl, "PR_GET_DUMPABLE still reports {d}", .{dumpable});
    return null;
}

/// Soft and hard limits alike, so they cannot be raised again. RLIMIT_NPROC counts processes of
/// the real uid and is not enforced for root (the filter's kill of fork/clone covers root).
fn limitResources() ?Failure {
    const Limit = struct { resource: linux.rlimit_resource, value: u64, name: []const u8 };
    const limits = [_]Limit{
        .{ .resource = .CORE, .value = 0, .name = "RLIMIT_CORE" }, // no core files
        .{ .resource = .FSIZE, .value = 0, .name = "RLIMIT_FSIZE" }, // no file grows
        .{ .resource = .NPROC, .value = 0, .name = "RLIMIT_NPROC" }, // no new processes
        .{ .resource = .NOFILE, .value = descriptors_max, .name = "RLIMIT_NOFILE" },
    };
    for (limits) |limit| {
        const value = linux.rlimit{ .cur = limit.value, .max = limit.value };
        const rc = linux.setrlimit(limit.resource, &value);
        if (errnoOf(rc) != .SUCCESS) {
            return fail(.prctl, "setting {s} to {d} failed ({s})", .{ limit.name, limit.value, errnoName(rc) });
        }
    }
    return null;
}

// ---- sysctl access ---------------------------------------------------------------------------

/// Opens /proc/sys/net at the fixed descriptor seccomp_policy.sysctl_dir_fd, the only directory
/// the sealed helper may open files in. Called between the policy and reduce(), and only when
/// the policy names sysctl parameters.
pub fn openSysctlDirectory() ?Failure {
    const target = seccomp_policy.sysctl_dir_fd;
    // The fixed number must be free (checkStartup closed every inherited descriptor above 2).
    if (errnoOf(linux.fcntl(target, linux.F.GETFD, 0)) != .BADF) {
        return fail(.policy, "descriptor for /proc/sys/net is already in use", .{});
    }
    const flags = linux.O{ .ACCMODE = .RDONLY, .DIRECTORY = true, .NOFOLLOW = true, .CLOEXEC = true };
    const rc = linux.open("/proc/sys/net", flags, 0);
    if (errnoOf(rc) != .SUCCESS) return fail(.policy, "cannot open /proc/sys/net", .{});
    const fd: i32 = @intCast(rc);
    // It must be procfs itself, not something mounted over it.
    var statfs_buffer: [120]u8 align(8) = undefined;
    const statfs_rc = linux.syscall2(.fstatfs, @as(usize, @intCast(fd)), @intFromPtr(&statfs_buffer));
    const fs_type = std.mem.readInt(u64, statfs_buffer[0..8], .little);
    if (errnoOf(statfs_rc) != .SUCCESS or fs_type != c.PROC_SUPER_MAGIC) {
        _ = linux.close(fd);
        return fail(.policy, "/proc/sys/net is not on procfs", .{});
    }
    if (fd != target) {
        const dup_rc = linux.dup3(fd, target, @as(u32, @bitCast(linux.O{ .CLOEXEC = true })));
        _ = linux.close(fd);
        if (errnoOf(dup_rc) != .SUCCESS) return fail(.policy, "cannot move the /proc/sys/net descriptor", .{});
    }
    sysctl_directory_open = true;
    return null;
}

var sysctl_directory_open = false;

/// Whether openSysctlDirectory() succeeded: without it no sysctl request reaches the kernel.
pub fn sysctlDirectoryOpen() bool {
    return sysctl_directory_open;
}

/// The seccomp filter can check openat's descriptor and flags but not its path, so a compromised
/// helper could still name "../../sysrq-trigger" relative to /proc/sys/net. A Landlock ruleset
/// closes that: afterwards files can be opened only beneath /proc/sys/net (read and write),
/// whatever path is given; the kernel resolves ".." and symlinks before it asks. Sets
/// no_new_privs (landlock_restrict_self needs it; seal() sets and checks it again). Called right
/// before seal(), only when the directory was opened.
pub fn confineToSysctl() ?Failure {
    assert(sysctl_directory_open);
    const abi = linux.syscall3(.landlock_create_ruleset, 0, 0, c.LANDLOCK_CREATE_RULESET_VERSION);
    if (errnoOf(abi) != .SUCCESS) {
        return fail(.seccomp, "sysctl access needs Landlock (kernel 5.13 or later, landlock in the LSM list)", .{});
    }
    const attr = [1]u64{landlockHandledAccess(abi)}; // struct landlock_ruleset_attr, first member only
    const ruleset_rc = linux.syscall3(.landlock_create_ruleset, @intFromPtr(&attr), @sizeOf(u64), 0);
    if (errnoOf(ruleset_rc) != .SUCCESS) return fail(.seccomp, "landlock_create_ruleset failed", .{});
    const ruleset: i32 = @intCast(ruleset_rc);
    defer _ = linux.close(ruleset);
    const beneath = c.landlock_path_beneath_attr{
        .allowed_access = c.LANDLOCK_ACCESS_FS_READ_FILE | c.LANDLOCK_ACCESS_FS_WRITE_FILE,
        .parent_fd = seccomp_policy.sysctl_dir_fd,
    };
    const rule_rc = linux.syscall4(
        .landlock_add_rule,
        @intCast(ruleset),
        c.LANDLOCK_RULE_PATH_BENEATH,
        @intFromPtr(&beneath),
        0,
    );
    if (errnoOf(rule_rc) != .SUCCESS) return fail(.seccomp, "landlock_add_rule for /proc/sys/net failed", .{});
    if (errnoOf(linux.prctl(@intFromEnum(linux.PR.SET_NO_NEW_PRIVS), 1, 0, 0, 0)) != .SUCCESS) {
        return fail(.seccomp, "PR_SET_NO_NEW_PRIVS failed", .{});
    }
    if (errnoOf(linux.syscall2(.landlock_restrict_self, @intCast(ruleset), 0)) != .SUCCESS) {
        return fail(.seccomp, "landlock_restrict_self failed", .{});
    }
    return null;
}

/// Every file-system access right of the Landlock ABI `abi` (1: 13 rights, 2: +REFER,
/// 3/4: +TRUNCATE, 5 and later: +IOCTL_DEV).
pub fn landlockHandledAccess(abi: usize) u64 {
    assert(abi >= 1);
    if (abi >= 5) return (1 << 16) - 1;
    if (abi >= 3) return (1 << 15) - 1;
    if (abi == 2) return (1 << 14) - 1;
    return (1 << 13) - 1;
}

// ---- lookups --------------------------------------------------------------------------------

/// What libnftables resolves while it prints (interface indexes, protocol numbers, local time),
/// opened now so that nothing is opened after the seal (src/lookups.zig). After reduce(): the
/// route socket is opened with CAP_NET_ADMIN lowered from the effective set.
pub fn prepareLookups() ?Failure {
    if (lookups.openRouteSocket(removed(.route_socket_caps))) |failure| {
        return .{ .reason = "nft_init", .exit_code = 26, .message = switch (failure) {
            .capget => "capget failed before opening the route socket",
            .capset => "capset around the route socket failed",
            .socket => "the route netlink socket could not be opened",
            .bind => "the route netlink socket could not be bound",
            .move => "the route netlink socket could not be moved to its descriptor",
        } };
    }
    lookups.loadProtocols();
    lookups.loadTimeZone();
    return null;
}

// ---- seal -----------------------------------------------------------------------------------

/// no_new_privs, then the seccomp filter. Called last, right before the request loop: from here
/// on, only the calls in seccomp_policy.zig work.
pub fn seal() ?Failure {
    if (!removed(.no_new_privs)) {
        const rc = linux.prctl(@intFromEnum(linux.PR.SET_NO_NEW_PRIVS), 1, 0, 0, 0);
        if (errnoOf(rc) != .SUCCESS) {
            return fail(.prctl, "PR_SET_NO_NEW_PRIVS failed ({s})", .{errnoName(rc)});
        }
        const no_new_privs = linux.prctl(@intFromEnum(linux.PR.GET_NO_NEW_PRIVS), 0, 0, 0, 0);
        if (no_new_privs != 1) return fail(.prctl, "PR_GET_NO_NEW_PRIVS reports {d}", .{no_new_privs});
    }
    const filter = compileFilter(@intCast(linux.getpid())) orelse {
        return fail(.seccomp, "building the seccomp filter failed", .{});
    };
    defer c.seccomp_release(filter);
    if (!removed(.seccomp)) {
        const rc = c.seccomp_load(filter);
        if (rc != 0) {
            return fail(.seccomp, "seccomp_load failed ({d}); no_new_privs must be set first", .{rc});
        }
    }
    return null;
}

/// The filter of seccomp_policy.table: kill by default, kill other architectures. Returns null
/// when libseccomp refuses any part of it. The caller releases it. `own_pid` is the value of
/// the table's "own pid" comparisons (the crash path's tgkill).
pub fn compileFilter(own_pid: u64) c.scmp_filter_ctx {
    const filter = c.seccomp_init(c.SCMP_ACT_KILL_PROCESS) orelse return null;
    var ok = c.seccomp_attr_set(filter, c.SCMP_FLTATR_ACT_BADARCH, c.SCMP_ACT_KILL_PROCESS) == 0;
    // seal() sets no_new_privs itself and checks it; libseccomp must not do it silently, or a
    // build without that step would still look sealed.
    ok = ok and c.seccomp_attr_set(filter, c.SCMP_FLTATR_CTL_NNP, 0) == 0;
    for (seccomp_policy.table) |entry| {
        if (!ok) break;
        if (mutation.removed(.crash_tgkill) and seccomp_policy.raisesAbort(entry)) continue;
        var comparisons: [6]c.scmp_arg_cmp = undefined;
        for (entry.filters, 0..) |argument, index| {
            // `!=` comparison, used by the openat refusal in seccomp_policy.zig.
            const value = if (argument.own_pid) own_pid else argument.value;
            comparisons[index] = if (argument.not_equal)
                .{ .arg = argument.index, .op = c.SCMP_CMP_NE, .datum_a = value, .datum_b = 0 }
            else if (argument.mask == std.math.maxInt(u64))
                .{ .arg = argument.index, .op = c.SCMP_CMP_EQ, .datum_a = value, .datum_b = 0 }
            else
                .{
                    .arg = argument.index,
                    .op = c.SCMP_CMP_MASKED_EQ,
                    .datum_a = argument.mask,
                    .datum_b = argument.value,
                };
        }
        const action = switch (entry.action) {
            .allow => c.SCMP_ACT_ALLOW,
            .deny_eacces => c.SCMP_ACT_ERRNO(c.EACCES),
        };
        const number: c_int = @intCast(@intFromEnum(entry.syscall));
        ok = c.seccomp_rule_add_exact_array(filter, action, number, @intCast(entry.filters.len), &comparisons) == 0;
    }
    if (!ok) {
        c.seccomp_release(filter);
        return null;
    }
    return filter;
}

/// The own-pid value in the exported filter: above the kernel's largest pid (2^22), so it stands
/// for no process; the golden file stays the same from run to run.
pub const export_own_pid: u64 = 4194305;

/// For tests only (the sealed helper cannot do this): the compiled filter in libseccomp's
/// readable pseudo-filter-code form, written to `fd`.
pub fn exportFilter(fd: i32) bool {
    const filter = compileFilter(export_own_pid) orelse return false;
    defer c.seccomp_release(filter);
    return c.seccomp_export_pfc(filter, fd) == 0;
}

// ---- report ---------------------------------------------------------------------------------

/// The sandbox as the kernel sees it. A value that cannot be read is reported in its weakest
/// state (no seccomp, dumpable, every capability), so nothing is ever claimed by default.
pub fn report() Report {
    var status_buffer: [status_bytes_max]u8 = undefined;
    const status = readStatus(&status_buffer);
    const all: u64 = std.math.maxInt(u64);
    const bounding = statusNumber(status, "CapBnd", 16) orelse all;
    const dumpable = linux.prctl(@intFromEnum(linux.PR.GET_DUMPABLE), 0, 0, 0, 0);
    return .{
        .seccomp_mode = @intCast(@min(statusNumber(status, "Seccomp", 10) orelse 0, 255)),
        .no_new_privs = (statusNumber(status, "NoNewPrivs", 10) orelse 0) == 1,
        .dumpable = dumpable != 0,
        .cap_effective = statusNumber(status, "CapEff", 16) orelse all,
        .cap_permitted = statusNumber(status, "CapPrm", 16) orelse all,
        .cap_inheritable = statusNumber(status, "CapInh", 16) orelse all,
        .cap_ambient = statusNumber(status, "CapAmb", 16) orelse all,
        .bounding_dropped = bounding == cap_net_admin_mask,
        .uid = @intCast(@min(statusNumber(status, "Uid", 10) orelse std.math.maxInt(u32), std.math.maxInt(u32))),
    };
}

/// The text of /proc/self/status, re-read from offset 0 (seq_file regenerates it), or "".
fn readStatus(buffer: *[status_bytes_max]u8) []const u8 {
    if (status_fd < 0) {
        if (openStatus() != null) return "";
    }
    var length: usize = 0;
    while (length < buffer.len) {
        const rc = linux.pread(status_fd, buffer[length..].ptr, buffer.len - length, @intCast(length));
        if (errnoOf(rc) == .INTR) continue;
        if (errnoOf(rc) != .SUCCESS) return "";
        if (rc == 0) return buffer[0..length];
        length += rc;
    }
    // A status larger than the buffer is not something to parse half of.
    return "";
}

/// The first number after "Name:" on the line starting with `name`, in `base`.
pub fn statusNumber(status: []const u8, name: []const u8, base: u8) ?u64 {
    var lines = std.mem.splitScalar(u8, status, '\n');
    while (lines.next()) |line| {
        if (line.len <= name.len or !std.mem.startsWith(u8, line, name) or line[name.len] != ':') continue;
        var fields = std.mem.tokenizeAny(u8, line[name.len + 1 ..], " \t");
        const first = fields.next() orelse return null;
        return std.fmt.parseInt(u64, first, base) catch null;
    }
    return null;
}
