//! The policy file (fail closed): which tables the helper may touch, which operations it may run,
//! the rate of mutating requests (kept in the kernel by src/ratelimit.zig), the kernel resources
//! the tables may hold, and (version 2) what the tables may do to the whole host.
//!
//!   {"version":2,"tables":[{"family":"inet","name":"app"}],
//!    "operations":["add","create","insert","replace","delete","destroy","flush","list","reset","rename"],
//!    "rate":{"perSecond":50,"burst":200},
//!    "sysctl":["net.ipv4.ip_forward","net.ipv4.conf.*.rp_filter"],   (optional)
//!    "limits":{"elementsPerSet":131072,"setsPerTable":16,"chainsPerTable":128,"rulesPerTable":8192},
//!                                                                     (optional; src/resources.zig)
//!    "baseChains":[…],"devices":[…],"statements":[…]}                  (version 2; src/hostwide.zig)
//!
//! Version 1 is version 2 without baseChains, devices and statements: a version 1 file keeps
//! working and restricts none of that; a version 1 file that names them is refused. The caps of
//! "limits" (or their defaults) apply to both versions.
//!
//! `add` changes an existing object in libnftables (a base chain's policy, an element's timeout,
//! a named quota): it is create-or-update. The policy's `replace` is the authority to change what
//! exists; without it, the helper sends every `add` except `add rule` (which only appends) as
//! `create`, so an object that exists makes the batch fail (`exists`) instead of changing.
//!
//! The path is fixed relative to the helper's own executable (never argv or the environment), and
//! the file is parsed with the helper's own strict parser: unknown fields, duplicates, missing
//! fields or out-of-range numbers refuse the start.
//!
//! The optional "sysctl" key is the allowlist of network sysctl parameters (src/sysctl.zig knows
//! the parameters): only the names it lists, interface-scoped ones for the interface it names or
//! every interface ("*"). No key, no sysctl access: /proc/sys/net is never opened.

const std = @import("std");
const linux = std.os.linux;
const json = @import("json.zig");
const mutation = @import("mutation.zig");
const names = @import("names.zig");
const sysctl = @import("sysctl.zig");
const schema = @import("schema.zig");
const resources = @import("resources.zig");
const hostwide = @import("hostwide.zig");

pub const tables_max: u32 = 64;
pub const sysctl_entries_max: u32 = 128;
/// The table that keeps the rate limit in the kernel (src/ratelimit.zig): no policy may name it,
/// in any family, so no request can touch it.
pub const reserved_table = "nftj_rate";
pub const policy_file_bytes_max: u32 = 64 * 1024;
pub const relative_path = "conf/nftj-helper.policy.json";

pub const Operation = enum { add, create, insert, replace, delete, destroy, flush, list, reset, rename };

pub const Table = struct {
    family: names.Family,
    name_buffer: [names.name_bytes_max]u8,
    name_len: u16,

    pub fn name(table: *const Table) []const u8 {
        return table.name_buffer[0..table.name_len];
    }
};

pub const Policy = struct {
    tables: [tables_max]Table,
    table_count: u32,
    operations: std.EnumSet(Operation),
    rate_per_second: u32,
    rate_burst: u32,
    /// The optional "sysctl" key; empty (the default) = no sysctl access.
    sysctl: SysctlAllowlist = .{},
    /// The optional "limits" key, or the defaults.
    limits: resources.Limits = .{},
    /// Version 2: "baseChains", "devices", "statements" (version 1: nothing restricted).
    hostwide: hostwide.Restrictions = .{},
    version: u32 = 1,

    pub fn ownsTable(policy: *const Policy, family: names.Family, name: []const u8) bool {
        for (policy.tables[0..policy.table_count]) |*table| {
            if (table.family == family and std.mem.eql(u8, table.name(), name)) return true;
        }
        return false;
    }

    /// The index of the table in `tables`, or null when the policy does not own it.
    pub fn tableSlot(policy: *const Policy, family: names.Family, name: []const u8) ?usize {
        for (policy.tables[0..policy.table_count], 0..) |*table, slot| {
            if (table.family == family and std.mem.eql(u8, table.name(), name)) return slot;
        }
        return null;
    }

    pub fn allows(policy: *const Policy, operation: Operation) bool {
        return policy.operations.contains(operation);
    }

    /// True when `add` of this kind must reach libnftables as `create`: the policy does not
    /// allow `replace`, so add may not change an existing object. Rules are only appended.
    pub fn addIsCreate(policy: *const Policy, kind: schema.ObjectKind) bool {
        if (mutation.removed(.add_as_create)) return false;
        return !policy.allows(.replace) and kind != .rule;
    }
};

/// The network sysctl parameters the policy allows.
pub const SysctlAllowlist = struct {
    entries: [sysctl_entries_max]sysctl.Resolved = undefined,
    count: u32 = 0,

    pub fn allows(allowlist: *const SysctlAllowlist, name: *const sysctl.Resolved) bool {
        for (allowlist.entries[0..allowlist.count]) |*entry| {
            if (entry.parameter != name.parameter) continue;
            const interface = entry.interface();
            if (std.mem.eql(u8, interface, "*") or std.mem.eql(u8, interface, name.interface())) return true;
        }
        return false;
    }

    pub fn empty(allowlist: *const SysctlAllowlist) bool {
        return allowlist.count == 0;
    }
};

const SysctlParse = union(enum) { ok: SysctlAllowlist, err: []const u8 };

/// The policy's "sysctl" array: every entry a known parameter, interface-scoped ones with a
/// valid interface name or "*". Unknown or duplicate entries refuse the start (fail closed).
fn parseSysctl(tree: *const json.Tree, node: u32) SysctlParse {
    if (tree.kind(node) != .array) return .{ .err = "policy sysctl must be an array of parameter names" };
    if (tree.count(node) > sysctl_entries_max) return .{ .err = "too many sysctl entries in the policy" };
    var allowlist = SysctlAllowlist{};
    var entry = tree.first(node);
    while (entry != json.none) : (entry = tree.next(entry)) {
        if (tree.kind(entry) != .string) return .{ .err = "policy sysctl entry must be a string" };
        const resolved = switch (sysctl.resolve(tree.string(entry), true)) {
            .ok => |value| value,
            .err => return .{ .err = "invalid sysctl entry in the policy (unknown parameter or bad interface name)" },
        };
        for (allowlist.entries[0..allowlist.count]) |*existing| {
            if (existing.eql(&resolved)) return .{ .err = "duplicate sysctl entry in the policy" };
        }
        allowlist.entries[allowlist.count] = resolved;
        allowlist.count += 1;
    }
    return .{ .ok = allowlist };
}

pub const Loaded = union(enum) { ok: Policy, err: []const u8 };

/// Parses the policy text. `arena` must be large enough for a 64 KiB document.
pub fn parse(text: []const u8, arena: json.Arena) Loaded {
    if (text.len == 0 or text.len > policy_file_bytes_max) return .{ .err = "policy file empty or too large" };
    const tree = switch (json.parse(text, arena, .{})) {
        .ok => |value| value,
        .err => |failure| return .{ .err = failure.message },
    };
    const root = tree.root;
    const version = tree.member(root, "version");
    if (version == json.none or tree.kind(version) != .integer or tree.negative(version) or
        tree.magnitude(version) < 1 or tree.magnitude(version) > 2)
    {
        return .{ .err = "policy version must be 1 or 2" };
    }
    const common = [_][]const u8{ "version", "tables", "operations", "rate", "sysctl", "limits" };
    if (tree.magnitude(version) == 1 and unknown(
        &tree,
        root,
        &common,
    )) return .{ .err = "unknown field in the policy (baseChains, devices and statements need version 2)" };
    if (unknown(
        &tree,
        root,
        &(common ++ [_][]const u8{ "baseChains", "devices", "statements" }),
    )) return .{ .err = "unknown field in the policy" };
    var policy = Policy{
        .tables = undefined,
        .table_count = 0,
        .operations = std.EnumSet(Operation).initEmpty(),
        .rate_per_second = 0,
        .rate_burst = 0,
        .version = @intCast(tree.magnitude(version)),
    };
    if (parseTables(&tree, tree.member(root, "tables"), &policy)) |message| return .{ .err = message };
    if (parseOperations(&tree, tree.member(root, "operations"), &policy)) |message| return .{ .err = message };
    if (parseRate(&tree, tree.member(root, "rate"), &policy)) |message| return .{ .err = message };
    const sysctl_node = tree.member(root, "sysctl");
    if (sysctl_node != json.none) {
        policy.sysctl = switch (parseSysctl(&tree, sysctl_node)) {
            .ok => |allowlist| allowlist,
            .err => |message| return .{ .err = message },
        };
    }
    const limits = tree.member(root, "limits");
    if (limits != json.none) {
        policy.limits = switch (resources.parse(&tree, limits)) {
            .ok => |value| value,
            .err => |message| return .{ .err = message },
        };
    }
    if (policy.version == 2) {
        policy.hostwide = switch (hostwide.parse(&tree, root)) {
            .ok => |value| value,
            .err => |message| return .{ .err = message },
        };
    }
    return .{ .ok = policy };
}

/// "tables": owned tables, each family and name once. Null when valid, otherwise the reason.
fn parseTables(tree: *const json.Tree, tables: u32, policy: *Policy) ?[]const u8 {
    if (tables == json.none or tree.kind(tables) != .array) return "policy tables must be an array";
    if (tree.count(tables) > tables_max) return "too many tables in the policy";
    var table = tree.first(tables);
    while (table != json.none) : (table = tree.next(table)) {
        if (tree.kind(table) != .object) return "policy table must be an object";
        if (unknown(tree, table, &.{ "family", "name" })) return "unknown field in a policy table";
        const family_node = tree.member(table, "family");
        const name_node = tree.member(table, "name");
        if (family_node == json.none or name_node == json.none) return "policy table needs family and name";
        if (tree.kind(family_node) != .string or tree.kind(name_node) != .string) {
            return "policy table family and name must be strings";
        }
        const family = names.familyFromString(tree.string(family_node)) orelse return "unknown family in the policy";
        const name = tree.string(name_node);
        if (names.checkName(name) != null) return "invalid table name in the policy";
        if (!mutation.removed(.rate_limit_reserved) and std.mem.eql(u8, name, reserved_table)) {
            return "table nftj_rate is reserved for the helper's rate limit";
        }
        if (policy.ownsTable(family, name)) return "duplicate table in the policy";
        var entry = Table{ .family = family, .name_buffer = undefined, .name_len = @intCast(name.len) };
        @memcpy(entry.name_buffer[0..name.len], name);
        policy.tables[policy.table_count] = entry;
        policy.table_count += 1;
    }
    return null;
}

/// "operations": each a known operation, once.
fn parseOperations(tree: *const json.Tree, operations: u32, policy: *Policy) ?[]const u8 {
    if (operations == json.none or tree.kind(operations) != .array) return "policy operations must be an array";
    var operation = tree.first(operations);
    while (operation != json.none) : (operation = tree.next(operation)) {
        if (tree.kind(operation) != .string) return "policy operation must be a string";
        const value = std.meta.stringToEnum(Operation, tree.string(operation)) orelse {
            return "unknown operation in the policy";
        };
        if (policy.operations.contains(value)) return "duplicate operation in the policy";
        policy.operations.insert(value);
    }
    return null;
}

/// "rate": perSecond and burst, each from 1 to 1000000.
fn parseRate(tree: *const json.Tree, rate: u32, policy: *Policy) ?[]const u8 {
    if (rate == json.none or tree.kind(rate) != .object) return "policy rate must be an object";
    if (unknown(tree, rate, &.{ "perSecond", "burst" })) return "unknown field in the policy rate";
    policy.rate_per_second = positive(tree, tree.member(rate, "perSecond")) orelse {
        return "rate.perSecond must be an integer from 1 to 1000000";
    };
    policy.rate_burst = positive(tree, tree.member(rate, "burst")) orelse {
        return "rate.burst must be an integer from 1 to 1000000";
    };
    return null;
}

fn unknown(tree: *const json.Tree, object: u32, allowed: []const []const u8) bool {
    var key = tree.first(object);
    var remaining = tree.count(object);
    while (remaining > 0) : (remaining -= 1) {
        var known = false;
        for (allowed) |name| {
            if (std.mem.eql(u8, name, tree.string(key))) known = true;
        }
        if (!known) return true;
        key = tree.next(tree.next(key));
    }
    return false;
}

fn positive(tree: *const json.Tree, node: u32) ?u32 {
    if (node == json.none or tree.kind(node) != .integer or tree.negative(node)) return null;
    const value = tree.magnitude(node);
    if (value < 1 or value > 1_000_000) return null;
    return @intCast(value);
}

/// Where the policy lives: `<dir of /proc/self/exe>/../conf/nftj-helper.policy.json`, resolved
/// textually on the canonical path the kernel gives for /proc/self/exe.
pub fn pathFromExecutable(executable: []const u8, out: []u8) ?[]const u8 {
    if (executable.len == 0 or executable[0] != '/') return null;
    const binary_dir_end = std.mem.lastIndexOfScalar(u8, executable, '/') orelse return null;
    const binary_dir = executable[0..binary_dir_end];
    const parent_end = std.mem.lastIndexOfScalar(u8, binary_dir, '/') orelse return null;
    const parent = binary_dir[0..parent_end];
    const length = parent.len + 1 + relative_path.len;
    if (length >= out.len) return null;
    @memcpy(out[0..parent.len], parent);
    out[parent.len] = '/';
    @memcpy(out[parent.len + 1 ..][0..relative_path.len], relative_path);
    return out[0..length];
}

pub const Read = union(enum) { ok: []const u8, err: []const u8 };

/// Reads the policy file and checks the file itself on the opened descriptor (the directories
/// above it are lockdown.checkPolicyDirectories'): opened with O_NOFOLLOW, so a symbolic link in
/// its place is refused (ELOOP) rather than followed; then fstat of that descriptor: a regular
/// file, owned by root, writable by neither group nor others. Checking the descriptor, not the
/// path, means the file checked is the file read.
pub fn readFile(path: []const u8, out: []u8) Read {
    var path_buffer: [std.fs.max_path_bytes]u8 = undefined;
    if (path.len >= path_buffer.len) return .{ .err = "policy file path too long" };
    @memcpy(path_buffer[0..path.len], path);
    path_buffer[path.len] = 0;
    const no_follow = !mutation.removed(.policy_nofollow);
    const flags = linux.O{ .ACCMODE = .RDONLY, .CLOEXEC = true, .NOFOLLOW = no_follow, .NOCTTY = true };
    const fd_rc = linux.open(@ptrCast(&path_buffer), flags, 0);
    switch (linux.E.init(fd_rc)) {
        .SUCCESS => {},
        .NOENT => return .{ .err = "policy file missing (conf/nftj-helper.policy.json beside lib/)" },
        .LOOP => return .{ .err = "policy file is a symbolic link: it must be a regular file" },
        else => return .{ .err = "policy file cannot be opened" },
    }
    const fd: i32 = @intCast(fd_rc);
    defer _ = linux.close(fd);
    var status: linux.Stat = undefined;
    if (linux.E.init(linux.fstat(fd, &status)) != .SUCCESS) return .{ .err = "policy file cannot be examined (fstat)" };
    if ((status.mode & linux.S.IFMT) != linux.S.IFREG) return .{ .err = "policy file is not a regular file" };
    if (status.uid != 0) return .{ .err = "policy file is not owned by root" };
    if ((status.mode & 0o022) != 0 and !mutation.removed(.policy_fstat)) {
        return .{ .err = "policy file is writable by group or others (chmod 0644)" };
    }
    var length: usize = 0;
    while (length < out.len) {
        const rc = linux.read(fd, out[length..].ptr, out.len - length);
        switch (linux.E.init(rc)) {
            .SUCCESS => {},
            .INTR => continue,
            else => return .{ .err = "policy file cannot be read" },
        }
        if (rc == 0) return .{ .ok = out[0..length] };
        length += rc;
    }
    // The file is larger than the buffer: refuse rather than parse a prefix.
    return .{ .err = "policy file larger than 64 KiB" };
}
