//! Hand-written C declarations used by the lockdown code (no C import: it is deprecated as of Zig
//! 0.16, and declaring each function and constant by hand keeps what the helper uses in view).
//! Each declaration names the header it mirrors. The numeric constants are checked against the
//! real headers by tests/seccomp-golden.sh (it compiles a small C program and compares it with
//! `nftj-lockdown-selftest constants`).
//!
//! Kernel interfaces that Zig's std.os.linux already declares (capget, capset, prctl, prlimit,
//! fstat, ...) are used from there; only what it lacks is declared here.

const std = @import("std");

// ---- <linux/prctl.h> ------------------------------------------------------------------------
pub const PR_CAP_AMBIENT: i32 = 47;
pub const PR_CAP_AMBIENT_CLEAR_ALL: usize = 4;

// ---- <linux/capability.h> -------------------------------------------------------------------
pub const LINUX_CAPABILITY_VERSION_3: u32 = 0x20080522;
pub const LINUX_CAPABILITY_U32S_3: usize = 2;
/// The bounding set is probed with PR_CAPBSET_READ up to this bit; the kernel has 41 today.
pub const capability_bits_max: u8 = 64;

// ---- <sys/socket.h>, <linux/netlink.h> ------------------------------------------------------
pub const AF_NETLINK: u64 = 16;
pub const AF_INET: u64 = 2;
pub const SOCK_RAW: u64 = 3;
pub const SOCK_STREAM: u64 = 1;
pub const NETLINK_ROUTE: u64 = 0;
pub const NETLINK_NETFILTER: u64 = 12;
pub const SOCK_CLOEXEC: u64 = 0o2000000;
pub const SOCK_NONBLOCK: u64 = 0o4000;

// ---- <netdb.h>, <time.h> (src/lookups.zig) --------------------------------------------------
/// struct protoent
pub const protoent = extern struct {
    p_name: [*:0]u8,
    p_aliases: [*]?[*:0]u8,
    p_proto: c_int,
};
pub extern "c" fn setprotoent(stayopen: c_int) void;
pub extern "c" fn endprotoent() void;
pub extern "c" fn getprotoent_r(result_buf: *protoent, buf: [*]u8, buflen: usize, result: *?*protoent) c_int;
pub extern "c" fn tzset() void;
pub extern "c" fn setenv(name: [*:0]const u8, value: [*:0]const u8, overwrite: c_int) c_int;
/// Only for the unit test that compares src/lookups.zig's table with the C library.
pub extern "c" fn getprotobynumber_r(
    proto: c_int,
    result_buf: *protoent,
    buf: [*]u8,
    buflen: usize,
    result: *?*protoent,
) c_int;

// ---- <linux/landlock.h> ----------------------------------------------------------------------
pub const LANDLOCK_CREATE_RULESET_VERSION: u32 = 1 << 0;
pub const LANDLOCK_RULE_PATH_BENEATH: u32 = 1;
pub const LANDLOCK_ACCESS_FS_WRITE_FILE: u64 = 1 << 1;
pub const LANDLOCK_ACCESS_FS_READ_FILE: u64 = 1 << 2;
/// struct landlock_path_beneath_attr (packed: 12 bytes).
pub const landlock_path_beneath_attr = extern struct { allowed_access: u64 align(4), parent_fd: i32 };
comptime {
    std.debug.assert(@sizeOf(landlock_path_beneath_attr) == 12);
}

// ---- <linux/magic.h> ------------------------------------------------------------------------
pub const PROC_SUPER_MAGIC: u64 = 0x9fa0;

// ---- <sys/mman.h> ---------------------------------------------------------------------------
pub const PROT_EXEC: u64 = 4;
pub const MADV_DONTNEED: u64 = 4;

// ---- <errno.h> ------------------------------------------------------------------------------
pub const EACCES: u16 = 13;

// ---- <seccomp.h> (libseccomp 2.5) -----------------------------------------------------------
pub const scmp_filter_ctx = ?*anyopaque;

/// enum scmp_compare
pub const SCMP_CMP_NE: c_int = 1;
pub const SCMP_CMP_EQ: c_int = 4;
pub const SCMP_CMP_MASKED_EQ: c_int = 7;

/// enum scmp_filter_attr
pub const SCMP_FLTATR_ACT_BADARCH: c_int = 2;
pub const SCMP_FLTATR_CTL_NNP: c_int = 3;

pub const SCMP_ACT_KILL_PROCESS: u32 = 0x80000000;
pub const SCMP_ACT_LOG: u32 = 0x7ffc0000;
pub const SCMP_ACT_ALLOW: u32 = 0x7fff0000;
pub fn SCMP_ACT_ERRNO(errno: u16) u32 {
    return 0x00050000 | @as(u32, errno);
}

/// struct scmp_arg_cmp
pub const scmp_arg_cmp = extern struct {
    arg: c_uint,
    op: c_int,
    datum_a: u64,
    datum_b: u64,
};

pub extern "seccomp" fn seccomp_init(def_action: u32) scmp_filter_ctx;
pub extern "seccomp" fn seccomp_release(ctx: scmp_filter_ctx) void;
pub extern "seccomp" fn seccomp_attr_set(ctx: scmp_filter_ctx, attr: c_int, value: u32) c_int;
/// The array form, not the variadic seccomp_rule_add: struct arguments through C varargs are
/// not something to rely on from another language.
pub extern "seccomp" fn seccomp_rule_add_exact_array(
    ctx: scmp_filter_ctx,
    action: u32,
    syscall: c_int,
    arg_cnt: c_uint,
    arg_array: [*]const scmp_arg_cmp,
) c_int;
pub extern "seccomp" fn seccomp_load(ctx: scmp_filter_ctx) c_int;
pub extern "seccomp" fn seccomp_export_pfc(ctx: scmp_filter_ctx, fd: c_int) c_int;
