//! Network sysctl parameters: `sysctl_get` and `sysctl_set` of the `net.*` parameters the helper
//! knows, in the helper's own network namespace.
//!
//!   {"id":N,"op":"sysctl_get","names":["net.ipv4.ip_forward","net.ipv4.conf.eth0.rp_filter"]}
//!   {"id":N,"op":"sysctl_set","values":{"net.ipv4.ip_forward":"1","net.ipv4.ip_local_port_range":"32768 60999"}}
//!
//! This file knows the parameters (the table below: names, types, the kernel's documented
//! ranges), validates a request against it (`decodeGet`, `decodeSet`: pure, like validate.zig
//! for nft requests) and runs a decided request against the kernel (`runGet`, `runSet`). The
//! rest is where every other request's is: the judge (src/judge.zig) decodes the request and
//! checks every name against the policy's allowlist (src/policy.zig, key "sysctl"; no key, no
//! access); the service takes a rate token for a set; the lockdown (src/lockdown.zig) opens
//! /proc/sys/net before it reduces privileges and confines the helper beneath it before sealing.
//!
//! Order of checks, all before any file is touched: every name must be one of `parameters` (an
//! interface-scoped name carries a validated interface name) and every value of its parameter's
//! type and inside the kernel's documented range; then the policy must allow every name. Only then
//! is a relative path built from the table's own constant segments plus the validated interface
//! name, and opened with openat() relative to the descriptor of /proc/sys/net (always
//! `seccomp_policy.sysctl_dir_fd`); the seccomp filter allows openat on that descriptor only,
//! with exactly the two flag sets used here.
//!
//! /proc/sys/net resolves names in the network namespace of the process that looks them up (the
//! kernel's net_ctl_header_lookup uses current's netns), so the helper sees and changes only the
//! parameters of its own namespace; it cannot change namespace (setns is not in the filter).
//!
//! A set is all-or-nothing as far as the kernel allows: every current value is read first (any
//! failure: nothing written), then values are written in request order; when a write fails, the
//! values already written are restored in reverse order, and the error says which name failed,
//! why, and what was restored (or, should a restore itself fail, what was not).

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;
const json = @import("json.zig");
const writer_module = @import("writer.zig");
const Buffer = writer_module.Buffer;
const response = @import("response.zig");
const seccomp_policy = @import("seccomp_policy.zig");
const request = @import("request.zig");

/// Names per request.
pub const names_max: u32 = 128;
/// IFNAMSIZ - 1.
pub const interface_bytes_max: u32 = 15;
/// The longest name of the table plus the longest interface name, with room to spare.
pub const name_bytes_max: u32 = 96;
/// A value as text: two 10-digit numbers and a separator fit easily.
pub const value_bytes_max: u32 = 32;

pub const Kind = union(enum) {
    /// 0 or 1.
    boolean,
    /// One integer from min to max (the kernel's documented range).
    range: struct { min: i64, max: i64 },
    /// Two ports "LOW HIGH", 1 ≤ LOW ≤ HIGH ≤ 65535 (the kernel also requires LOW ≥
    /// net.ipv4.ip_unprivileged_port_start; a value it refuses is reported and rolled back).
    port_range,
};

pub const Parameter = struct {
    /// The dotted name; `*` stands for one interface name (or "all" / "default").
    name: []const u8,
    kind: Kind,
};

fn boolean(name: []const u8) Parameter {
    return .{ .name = name, .kind = .boolean };
}

fn range(name: []const u8, min: i64, max: i64) Parameter {
    return .{ .name = name, .kind = .{ .range = .{ .min = min, .max = max } } };
}

const int_max: i64 = std.math.maxInt(i32);

/// Every parameter the helper knows, with its type (Documentation/networking/ip-sysctl.rst,
/// nf_conntrack-sysctl.rst, admin-guide/sysctl/net.rst). The Java side mirrors this table in
/// org.nftj.api.sysctl.SysctlParameter; the sysctl tests compare the two.
// zig fmt: off
pub const parameters = [_]Parameter{
    boolean("net.ipv4.ip_forward"),
    boolean("net.ipv4.conf.*.forwarding"),
    range  ("net.ipv4.conf.*.rp_filter", 0, 2),                 // 0 off, 1 strict, 2 loose
    boolean("net.ipv4.conf.*.accept_redirects"),
    boolean("net.ipv4.conf.*.secure_redirects"),
    boolean("net.ipv4.conf.*.send_redirects"),
    boolean("net.ipv4.conf.*.accept_source_route"),
    boolean("net.ipv4.conf.*.log_martians"),
    boolean("net.ipv4.conf.*.arp_filter"),
    range  ("net.ipv4.tcp_syncookies", 0, 2),                   // 2: cookies unconditionally
    range  ("net.ipv4.tcp_tw_reuse", 0, 2),                     // 2 (default): loopback only
    range  ("net.ipv4.tcp_timestamps", 0, 2),                   // 2: without random offsets
    range  ("net.ipv4.tcp_ecn", 0, 2),
    boolean("net.ipv4.tcp_rfc1337"),
    boolean("net.ipv4.icmp_echo_ignore_all"),
    boolean("net.ipv4.icmp_echo_ignore_broadcasts"),
    boolean("net.ipv4.icmp_ignore_bogus_error_responses"),
    .{ .name = "net.ipv4.ip_local_port_range", .kind = .port_range },
    boolean("net.ipv6.conf.*.forwarding"),
    range  ("net.ipv6.conf.*.accept_ra", 0, 2),                 // 2: even when forwarding
    boolean("net.ipv6.conf.*.accept_redirects"),
    boolean("net.ipv6.conf.*.disable_ipv6"),
    range  ("net.core.somaxconn", 0, int_max),
    range  ("net.netfilter.nf_conntrack_max", 0, int_max),      // read-only outside the initial netns
    boolean("net.netfilter.nf_conntrack_tcp_loose"),
    boolean("net.netfilter.nf_conntrack_acct"),
    range  ("net.netfilter.nf_conntrack_tcp_timeout_established", 1, 2_147_483), // seconds; ×HZ fits an int
};
// zig fmt: on

comptime {
    // Every name is net.*, made of plain segments, with at most one `*` standing for a whole
    // segment, and short enough that name_bytes_max holds it with a 15-byte interface name.
    @setEvalBranchQuota(100_000);
    for (parameters) |parameter| {
        assert(std.mem.startsWith(u8, parameter.name, "net."));
        assert(parameter.name.len + interface_bytes_max <= name_bytes_max);
        assert(std.mem.count(u8, parameter.name, "*") <= 1);
        assert(std.mem.indexOf(u8, parameter.name, "..") == null);
        for (parameter.name) |character| {
            assert(std.ascii.isLower(character) or std.ascii.isDigit(character) or
                character == '.' or character == '_' or character == '*');
        }
        if (std.mem.indexOfScalar(u8, parameter.name, '*')) |star| {
            assert(parameter.name[star - 1] == '.' and parameter.name[star + 1] == '.');
        }
    }
}

/// A name resolved against the table: which parameter, and for interface-scoped ones, which
/// interface (validated).
pub const Resolved = struct {
    parameter: u16,
    interface_buffer: [interface_bytes_max]u8 = undefined,
    interface_len: u8 = 0,

    pub fn interface(resolved: *const Resolved) []const u8 {
        return resolved.interface_buffer[0..resolved.interface_len];
    }

    pub fn kind(resolved: *const Resolved) Kind {
        return parameters[resolved.parameter].kind;
    }

    pub fn scoped(resolved: *const Resolved) bool {
        return std.mem.indexOfScalar(u8, parameters[resolved.parameter].name, '*') != null;
    }

    pub fn eql(a: *const Resolved, b: *const Resolved) bool {
        return a.parameter == b.parameter and std.mem.eql(u8, a.interface(), b.interface());
    }

    /// The path below /proc/sys/net, NUL-terminated: the table's segments with '.' mapped to
    /// '/', and the interface name copied as it is (it may contain '.', e.g. "eth0.100").
    pub fn relativePath(resolved: *const Resolved, out: *[name_bytes_max + 1]u8) [:0]const u8 {
        const name = parameters[resolved.parameter].name["net.".len..];
        var length: usize = 0;
        for (name) |character| {
            if (character == '*') {
                @memcpy(out[length..][0..resolved.interface_len], resolved.interface());
                length += resolved.interface_len;
            } else {
                out[length] = if (character == '.') '/' else character;
                length += 1;
            }
        }
        out[length] = 0;
        return out[0..length :0];
    }

    /// The dotted name back (for responses): the table's name with the interface filled in.
    pub fn writeName(resolved: *const Resolved, out: *[name_bytes_max]u8) []const u8 {
        const name = parameters[resolved.parameter].name;
        var length: usize = 0;
        for (name) |character| {
            if (character == '*') {
                @memcpy(out[length..][0..resolved.interface_len], resolved.interface());
                length += resolved.interface_len;
            } else {
                out[length] = character;
                length += 1;
            }
        }
        return out[0..length];
    }
};

/// The kernel's dev_valid_name() plus printable ASCII only and no '*' (the policy's wildcard):
/// 1–15 bytes, not "." or "..", no '/', ':' or whitespace. Null when valid, otherwise the reason.
pub fn checkInterface(name: []const u8) ?[]const u8 {
    if (name.len == 0) return "interface name is empty";
    if (name.len > interface_bytes_max) return "interface name is longer than 15 bytes";
    if (std.mem.eql(u8, name, ".") or std.mem.eql(u8, name, "..")) return "interface name may not be '.' or '..'";
    for (name) |character| {
        if (character == '/') return "interface name may not contain '/'";
        if (character == ':') return "interface name may not contain ':'";
        // Allowed by the kernel, but it is the policy's wildcard: never a requested name.
        if (character == '*') return "interface name may not contain '*'";
        if (character <= 0x20 or character >= 0x7f) return "interface name must be printable ASCII without spaces";
    }
    return null;
}

pub const Resolution = union(enum) { ok: Resolved, err: []const u8 };

/// Resolves a dotted name against the table. `allow_wildcard` (policy entries only) accepts `*`
/// in the interface position, returned as interface "*".
pub fn resolve(name: []const u8, allow_wildcard: bool) Resolution {
    if (name.len == 0 or name.len > name_bytes_max) return .{ .err = "parameter name is empty or too long" };
    if (!std.mem.startsWith(u8, name, "net.")) return .{ .err = "only net.* parameters are supported" };
    for (parameters, 0..) |parameter, index| {
        const star = std.mem.indexOfScalar(u8, parameter.name, '*') orelse {
            if (std.mem.eql(u8, parameter.name, name)) return .{ .ok = .{ .parameter = @intCast(index) } };
            continue;
        };
        const prefix = parameter.name[0..star];
        const suffix = parameter.name[star + 1 ..];
        if (name.len <= prefix.len + suffix.len) continue;
        if (!std.mem.startsWith(u8, name, prefix) or !std.mem.endsWith(u8, name, suffix)) continue;
        const interface = name[prefix.len .. name.len - suffix.len];
        var resolved = Resolved{ .parameter = @intCast(index) };
        if (allow_wildcard and std.mem.eql(u8, interface, "*")) {
            resolved.interface_buffer[0] = '*';
            resolved.interface_len = 1;
            return .{ .ok = resolved };
        }
        if (checkInterface(interface)) |reason| return .{ .err = reason };
        @memcpy(resolved.interface_buffer[0..interface.len], interface);
        resolved.interface_len = @intCast(interface.len);
        return .{ .ok = resolved };
    }
    return .{ .err = "unknown sysctl parameter (not in the helper's table)" };
}

// ---- values ---------------------------------------------------------------------------------

pub const Value = struct {
    first: i64,
    second: i64 = 0,
    pair: bool = false,

    pub fn eql(a: Value, b: Value) bool {
        return a.first == b.first and a.second == b.second and a.pair == b.pair;
    }

    /// The canonical text: "N" or "LOW HIGH".
    pub fn format(value: Value, out: *[value_bytes_max]u8) []const u8 {
        if (value.pair) return std.fmt.bufPrint(out, "{d} {d}", .{ value.first, value.second }) catch unreachable;
        return std.fmt.bufPrint(out, "{d}", .{value.first}) catch unreachable;
    }
};

pub const Parsed = union(enum) { ok: Value, err: []const u8 };

/// A strict decimal integer: optional '-', no '+', no leading zeros, at most 10 digits.
fn parseInteger(text: []const u8) ?i64 {
    var digits = text;
    var negative = false;
    if (digits.len > 0 and digits[0] == '-') {
        negative = true;
        digits = digits[1..];
    }
    if (digits.len == 0 or digits.len > 10) return null;
    if (digits[0] == '0' and (digits.len > 1 or negative)) return null;
    var value: i64 = 0;
    for (digits) |character| {
        if (!std.ascii.isDigit(character)) return null;
        value = value * 10 + (character - '0');
    }
    return if (negative) -value else value;
}

/// Checks a requested value against the parameter's type and documented range.
pub fn parseValue(kind: Kind, text: []const u8) Parsed {
    if (text.len == 0 or text.len > value_bytes_max) return .{ .err = "value is empty or too long" };
    switch (kind) {
        .boolean => {
            const value = parseInteger(text) orelse return .{ .err = "value must be 0 or 1" };
            if (value != 0 and value != 1) return .{ .err = "value must be 0 or 1" };
            return .{ .ok = .{ .first = value } };
        },
        .range => |bounds| {
            const value = parseInteger(text) orelse return .{ .err = "value must be a decimal integer" };
            if (value < bounds.min or value > bounds.max) return .{ .err = "value is outside the parameter's range" };
            return .{ .ok = .{ .first = value } };
        },
        .port_range => {
            const space = std.mem.indexOfScalar(
                u8,
                text,
                ' ',
            ) orelse return .{ .err = "value must be two ports \"LOW HIGH\"" };
            const low = parseInteger(text[0..space]) orelse return .{ .err = "value must be two ports \"LOW HIGH\"" };
            const high = parseInteger(text[space + 1 ..]) orelse {
                return .{ .err = "value must be two ports \"LOW HIGH\"" };
            };
            if (low < 1 or high > 65535 or low > high) {
                return .{ .err = "ports must satisfy 1 <= LOW <= HIGH <= 65535" };
            }
            return .{ .ok = .{ .first = low, .second = high, .pair = true } };
        },
    }
}

/// The kernel's text ("1\n", "32768\t60999\n") as a value of `kind`, or null when it is not one.
pub fn parseKernelText(kind: Kind, raw: []const u8) ?Value {
    const trimmed = std.mem.trimRight(u8, raw, "\n");
    var normalized: [value_bytes_max]u8 = undefined;
    if (trimmed.len > normalized.len) return null;
    for (trimmed, 0..) |character, index| normalized[index] = if (character == '\t') ' ' else character;
    const text = normalized[0..trimmed.len];
    // The kernel may hold a value outside the documented range (set by someone else): read it as
    // a plain integer (pair) rather than refuse to report it.
    return switch (kind) {
        .port_range => switch (parseValue(.port_range, text)) {
            .ok => |value| value,
            .err => null,
        },
        else => .{ .first = parseInteger(text) orelse return null },
    };
}

// ---- requests (pure) ------------------------------------------------------------------------

pub const Item = struct {
    name: Resolved,
    /// The JSON node of the name (get: the array element; set: the member key), for error paths.
    node: u32,
    value: Value = .{ .first = 0 },
};

pub const Decoded = union(enum) { ok: u32, refused: request.Refusal };

fn refuse(code: request.Code, message: []const u8, node: u32, key: ?[]const u8) Decoded {
    return .{ .refused = .{ .code = code, .message = message, .node = node, .key = key } };
}

/// A name of the table, or the reason it is not one.
fn resolveName(tree: *const json.Tree, node: u32) union(enum) { ok: Resolved, refused: request.Refusal } {
    return switch (resolve(tree.string(node), false)) {
        .ok => |value| .{ .ok = value },
        .err => |message| .{ .refused = .{ .code = .invalid_request, .message = message, .node = node } },
    };
}

/// `{"id","op":"sysctl_get","names":[...]}` → items (count returned). Nothing is read here.
pub fn decodeGet(tree: *const json.Tree, items: *[names_max]Item) Decoded {
    const root = tree.root;
    if (request.unknownField(tree, root, &.{ "id", "op", "names" })) |key|
        return refuse(.invalid_request, "unknown field", root, key);
    const names = tree.member(root, "names");
    if (names == json.none) return refuse(.invalid_request, "missing field", root, "names");
    if (tree.kind(names) != .array) return refuse(.invalid_request, "names must be an array of strings", names, null);
    if (tree.count(names) == 0) return refuse(.invalid_request, "names must not be empty", names, null);
    if (tree.count(names) > names_max) return refuse(.limit_exceeded, "at most 128 names per request", names, null);
    var count: u32 = 0;
    var node = tree.first(names);
    while (node != json.none) : (node = tree.next(node)) {
        if (tree.kind(node) != .string) return refuse(.invalid_request, "a name must be a string", node, null);
        const resolved = switch (resolveName(tree, node)) {
            .ok => |value| value,
            .refused => |refusal| return .{ .refused = refusal },
        };
        for (items[0..count]) |*earlier| {
            if (earlier.name.eql(&resolved)) return refuse(.invalid_request, "duplicate name", node, null);
        }
        items[count] = .{ .name = resolved, .node = node };
        count += 1;
    }
    return .{ .ok = count };
}

/// `{"id","op":"sysctl_set","values":{name:"value",...}}` → items with checked values.
/// Duplicate names are already refused by the parser (duplicate keys); "eth0" and an
/// equal spelling cannot differ, since names are compared byte for byte.
pub fn decodeSet(tree: *const json.Tree, items: *[names_max]Item) Decoded {
    const root = tree.root;
    if (request.unknownField(tree, root, &.{ "id", "op", "values" })) |key|
        return refuse(.invalid_request, "unknown field", root, key);
    const values = tree.member(root, "values");
    if (values == json.none) return refuse(.invalid_request, "missing field", root, "values");
    if (tree.kind(values) != .object) {
        return refuse(.invalid_request, "values must be an object of name: \"value\"", values, null);
    }
    if (tree.count(values) == 0) return refuse(.invalid_request, "values must not be empty", values, null);
    if (tree.count(values) > names_max) return refuse(.limit_exceeded, "at most 128 values per request", values, null);
    var count: u32 = 0;
    var key = tree.first(values);
    while (key != json.none) {
        const value_node = tree.next(key);
        const resolved = switch (resolve(tree.string(key), false)) {
            .ok => |value| value,
            .err => |message| return refuse(.invalid_request, message, value_node, null),
        };
        if (tree.kind(value_node) != .string) {
            return refuse(
                .invalid_request,
                "a value must be a string such as \"1\" or \"32768 60999\"",
                value_node,
                null,
            );
        }
        const value = switch (parseValue(resolved.kind(), tree.string(value_node))) {
            .ok => |parsed| parsed,
            .err => |message| return refuse(.invalid_request, message, value_node, null),
        };
        for (items[0..count]) |*earlier| {
            if (earlier.name.eql(&resolved)) return refuse(.invalid_request, "duplicate name", value_node, null);
        }
        items[count] = .{ .name = resolved, .node = value_node, .value = value };
        count += 1;
        key = tree.next(value_node);
    }
    return .{ .ok = count };
}

// ---- the kernel side --------------------------------------------------------------------------

/// The flags the seccomp filter allows for openat on the sysctl directory, and nothing else.
pub const read_flags = linux.O{ .ACCMODE = .RDONLY, .NOFOLLOW = true, .CLOEXEC = true };
pub const write_flags = linux.O{ .ACCMODE = .WRONLY, .NOFOLLOW = true, .CLOEXEC = true };

/// Relative, and no component is empty, "." or "..".
pub fn pathStaysBelow(path: []const u8) bool {
    if (path.len == 0 or path[0] == '/') return false;
    var components = std.mem.splitScalar(u8, path, '/');
    while (components.next()) |component| {
        if (component.len == 0 or std.mem.eql(u8, component, ".") or std.mem.eql(u8, component, "..")) return false;
    }
    return true;
}

fn openRelative(resolved: *const Resolved, flags: linux.O) union(enum) { fd: i32, err: linux.E } {
    var path_buffer: [name_bytes_max + 1]u8 = undefined;
    const path = resolved.relativePath(&path_buffer);
    // The path never leaves /proc/sys/net: constant segments from the table plus a validated
    // interface name without '/', never "." or "..".
    assert(pathStaysBelow(path));
    const rc = linux.openat(seccomp_policy.sysctl_dir_fd, path.ptr, flags, 0);
    if (linux.E.init(rc) != .SUCCESS) return .{ .err = linux.E.init(rc) };
    return .{ .fd = @intCast(rc) };
}

fn readValue(
    resolved: *const Resolved,
    raw_out: *[value_bytes_max * 2]u8,
) union(enum) { ok: []const u8, err: linux.E } {
    const opened = switch (openRelative(resolved, read_flags)) {
        .fd => |fd| fd,
        .err => |errno| return .{ .err = errno },
    };
    defer _ = linux.close(opened);
    while (true) {
        const rc = linux.pread(opened, raw_out, raw_out.len, 0);
        switch (linux.E.init(rc)) {
            .SUCCESS => return .{ .ok = raw_out[0..rc] },
            .INTR => continue,
            else => |errno| return .{ .err = errno },
        }
    }
}

fn writeValue(resolved: *const Resolved, value: Value) ?linux.E {
    const opened = switch (openRelative(resolved, write_flags)) {
        .fd => |fd| fd,
        .err => |errno| return errno,
    };
    defer _ = linux.close(opened);
    var text_buffer: [value_bytes_max]u8 = undefined;
    var line: [value_bytes_max + 1]u8 = undefined;
    const text = value.format(&text_buffer);
    @memcpy(line[0..text.len], text);
    line[text.len] = '\n';
    while (true) {
        const rc = linux.pwrite(opened, &line, text.len + 1, 0);
        switch (linux.E.init(rc)) {
            .SUCCESS => return if (rc == text.len + 1) null else .IO,
            .INTR => continue,
            else => |errno| return errno,
        }
    }
}

fn errnoName(errno: linux.E) []const u8 {
    return switch (errno) {
        .NOENT => "ENOENT",
        .ACCES => "EACCES",
        .PERM => "EPERM",
        .INVAL => "EINVAL",
        .IO => "EIO",
        .BADF => "EBADF",
        .NOTDIR => "ENOTDIR",
        .LOOP => "ELOOP",
        .BUSY => "EBUSY",
        .OPNOTSUPP => "EOPNOTSUPP",
        .RANGE => "ERANGE",
        else => "errno",
    };
}

fn codeOf(errno: linux.E) []const u8 {
    return if (errno == .NOENT) "not_found" else "sysctl_failed";
}

/// Runs a decoded get: reads every value, answers {"values":{name:"value",...}} in request order.
pub fn runGet(buffer: *Buffer, id: i64, items: []const Item) []const u8 {
    response.begin(buffer, id, true);
    buffer.raw("{\"values\":{");
    for (items, 0..) |*item, index| {
        var raw: [value_bytes_max * 2]u8 = undefined;
        const text = switch (readValue(&item.name, &raw)) {
            .ok => |text| text,
            .err => |errno| return ioFailure(buffer, id, &item.name, errno, "reading"),
        };
        const value = parseKernelText(item.name.kind(), text) orelse {
            return ioFailure(buffer, id, &item.name, .IO, "parsing the kernel's text of");
        };
        if (index > 0) buffer.byte(',');
        writeNameString(buffer, &item.name);
        buffer.byte(':');
        var formatted: [value_bytes_max]u8 = undefined;
        buffer.string(value.format(&formatted));
    }
    buffer.raw("}}");
    return response.finish(buffer) orelse unreachable;
}

fn writeNameString(buffer: *Buffer, resolved: *const Resolved) void {
    var name_buffer: [name_bytes_max]u8 = undefined;
    buffer.string(resolved.writeName(&name_buffer));
}

fn ioFailure(buffer: *Buffer, id: i64, resolved: *const Resolved, errno: linux.E, verb: []const u8) []const u8 {
    response.begin(buffer, id, false);
    buffer.raw("{\"code\":");
    buffer.string(codeOf(errno));
    // The message repeats name and errno, for clients that keep only code and message.
    buffer.raw(",\"message\":\"");
    buffer.raw(verb);
    buffer.raw(" ");
    writeNameBody(buffer, resolved);
    buffer.raw(" failed (");
    buffer.raw(errnoName(errno));
    buffer.raw("); nothing was changed\",\"name\":");
    writeNameString(buffer, resolved);
    buffer.raw(",\"errno\":");
    buffer.string(errnoName(errno));
    buffer.raw(",\"applied\":false}");
    return response.finish(buffer) orelse unreachable;
}

/// A name inside a JSON string already opened (names are plain ASCII without quotes or '\\').
fn writeNameBody(buffer: *Buffer, resolved: *const Resolved) void {
    var name_buffer: [name_bytes_max]u8 = undefined;
    buffer.raw(resolved.writeName(&name_buffer));
}

/// Runs a decoded set (see the file comment for the all-or-nothing order). Success:
/// {"changes":[{"name","old","new","changed"}]}; the caller has already taken a rate token.
pub fn runSet(buffer: *Buffer, id: i64, items: []const Item) []const u8 {
    var old: [names_max]Value = undefined;
    for (items, 0..) |*item, index| {
        var raw: [value_bytes_max * 2]u8 = undefined;
        const text = switch (readValue(&item.name, &raw)) {
            .ok => |text| text,
            .err => |errno| return ioFailure(buffer, id, &item.name, errno, "reading"),
        };
        old[index] = parseKernelText(item.name.kind(), text) orelse {
            return ioFailure(buffer, id, &item.name, .IO, "parsing the kernel's text of");
        };
    }
    var written: u32 = 0;
    while (written < items.len) : (written += 1) {
        const item = &items[written];
        if (old[written].eql(item.value)) continue;
        if (writeValue(&item.name, item.value)) |errno|
            return rollback(buffer, id, items, old[0..items.len], written, errno);
    }
    response.begin(buffer, id, true);
    buffer.raw("{\"changes\":[");
    for (items, 0..) |*item, index| {
        if (index > 0) buffer.byte(',');
        buffer.raw("{\"name\":");
        writeNameString(buffer, &item.name);
        var formatted: [value_bytes_max]u8 = undefined;
        buffer.raw(",\"old\":");
        buffer.string(old[index].format(&formatted));
        buffer.raw(",\"new\":");
        buffer.string(item.value.format(&formatted));
        buffer.raw(",\"changed\":");
        buffer.boolean(!old[index].eql(item.value));
        buffer.byte('}');
    }
    buffer.raw("]}");
    return response.finish(buffer) orelse unreachable;
}

/// Item `failed` could not be written: restore items[0..failed] that were changed, in reverse.
fn rollback(buffer: *Buffer, id: i64, items: []const Item, old: []const Value, failed: u32, errno: linux.E) []const u8 {
    var restored = std.StaticBitSet(names_max).initEmpty();
    var not_restored = std.StaticBitSet(names_max).initEmpty();
    var index: u32 = failed;
    while (index > 0) {
        index -= 1;
        if (old[index].eql(items[index].value)) continue;
        if (writeValue(&items[index].name, old[index]) == null) restored.set(index) else not_restored.set(index);
    }
    const complete = not_restored.count() == 0;
    response.begin(buffer, id, false);
    buffer.raw("{\"code\":");
    buffer.string(codeOf(errno));
    // The message names the parameter, errno and the rollback, for clients that keep only
    // code, message and applied (the structured fields follow).
    buffer.raw(",\"message\":\"writing ");
    writeNameBody(buffer, &items[failed].name);
    buffer.raw(" failed (");
    buffer.raw(errnoName(errno));
    buffer.raw(if (errno == .INVAL) ": the kernel refused the value)" else ")");
    const all_restored = "; every value written before it was restored";
    const outcome = if (complete) all_restored else "; SOME VALUES COULD NOT BE RESTORED:";
    buffer.raw(outcome);
    if (!complete) {
        for (items[0..failed], 0..) |*item, slot| {
            if (!not_restored.isSet(slot)) continue;
            buffer.byte(' ');
            writeNameBody(buffer, &item.name);
        }
    }
    buffer.raw("\",\"name\":");
    writeNameString(buffer, &items[failed].name);
    buffer.raw(",\"errno\":");
    buffer.string(errnoName(errno));
    // applied: true only when a value written by this request could not be restored.
    buffer.raw(",\"applied\":");
    buffer.boolean(!complete);
    buffer.raw(",\"partial\":");
    buffer.boolean(!complete);
    const lists = [_]struct { key: []const u8, set: *const std.StaticBitSet(names_max) }{
        .{ .key = ",\"restored\":[", .set = &restored },
        .{ .key = ",\"notRestored\":[", .set = &not_restored },
    };
    for (lists) |list| {
        buffer.raw(list.key);
        var first = true;
        for (items[0..failed], 0..) |*item, slot| {
            if (!list.set.isSet(slot)) continue;
            if (!first) buffer.byte(',');
            first = false;
            writeNameString(buffer, &item.name);
        }
        buffer.byte(']');
    }
    buffer.byte('}');
    return response.finish(buffer) orelse unreachable;
}

/// Names as a JSON array (the policy's allowlist for `hello`):
/// ["net.ipv4.ip_forward","net.ipv4.conf.*.rp_filter",...].
pub fn writeNameList(buffer: *Buffer, entries: []const Resolved) void {
    buffer.byte('[');
    for (entries, 0..) |*entry, index| {
        if (index > 0) buffer.byte(',');
        writeNameString(buffer, entry);
    }
    buffer.byte(']');
}
