//! What an owned table may do to the whole host, as the policy file (version 2) allows it.
//!
//! A table the helper owns still sees every packet of the hooks its base chains sit on, and some
//! statements act beyond the table: `queue` hands packets to a userspace program (or drops them
//! when none listens), `notrack` takes them out of connection tracking that other tables rely on,
//! `ct helper` and `ct expectation` open related connections, `ct timeout` changes how long
//! connections live, `tproxy` and `synproxy` take over connections, `dup` copies traffic to
//! another host, and `log` without a `limit` before it in the same rule can flood the kernel log
//! (only a limit written in the rule, not `over`, in packets, at most 100 per second and a burst
//! of at most 100 bounds it; `mangle` of `ct helper` is the `ct helper` statement).
//! Version 2 of the policy lists what is allowed (fail closed: a key left out allows nothing):
//!
//!   "baseChains": [{"family": "inet", "hooks": ["input", "forward", "output"],
//!                   "types": ["filter"], "priority": {"min": -150, "max": 150},
//!                   "policies": ["accept", "drop"]}],
//!   "devices": ["eth0", "veth*"],        ingress/egress chains and flowtables: their devices
//!   "statements": ["log", "queue"]       of: log (unlimited), queue, notrack, ct helper,
//!                                        ct expectation, ct timeout, tproxy, synproxy, dup
//!
//! A version 1 policy has none of these keys and restricts none of it (as before).
//! `check` is pure: judge.zig calls it for every command after the table and operation checks.

const std = @import("std");
const assert = std.debug.assert;
const json = @import("json.zig");
const names = @import("names.zig");
const validate = @import("validate.zig");
const resources = @import("resources.zig");
const request = @import("request.zig");
const writer_module = @import("writer.zig");
const mutation = @import("mutation.zig");

pub const rules_max: u32 = 32;
pub const devices_max: u32 = 64;

pub const Hook = enum { prerouting, input, forward, output, postrouting, ingress, egress };
pub const ChainType = enum { filter, nat, route };
pub const ChainPolicy = enum { accept, drop };

/// The statements a version 2 policy must list to allow them.
pub const Statement = enum {
    log,
    queue,
    notrack,
    ct_helper,
    ct_expectation,
    ct_timeout,
    tproxy,
    synproxy,
    dup,

    pub fn jsonName(statement: Statement) []const u8 {
        return switch (statement) {
            .ct_helper => "ct helper",
            .ct_expectation => "ct expectation",
            .ct_timeout => "ct timeout",
            else => @tagName(statement),
        };
    }

    pub fn fromJson(text: []const u8) ?Statement {
        inline for (std.meta.fields(Statement)) |field| {
            const value: Statement = @enumFromInt(field.value);
            if (std.mem.eql(u8, value.jsonName(), text)) return value;
        }
        return null;
    }
};

const log_refusal = "log without a limit before it in the same rule (written in the rule, not over, in packets, " ++
    "at most {d}/second with a burst of at most {d}): the policy's statements do not list log";

/// The refusal of each restricted statement, naming it and the policy key.
const statement_refusals = blk: {
    const fields = std.meta.fields(Statement);
    var messages: [fields.len][]const u8 = undefined;
    for (fields, 0..) |field, index| {
        const statement: Statement = @enumFromInt(field.value);
        messages[index] = if (statement == .log)
            std.fmt.comptimePrint(log_refusal, .{ log_packets_per_second_max, log_packets_per_second_max })
        else
            statement.jsonName() ++ " acts beyond the table: the policy's statements do not list it";
    }
    break :blk messages;
};

/// One entry of "baseChains": base chains of this family on these hooks, of these types, at a
/// priority from min to max, with one of these policies.
pub const BaseChainRule = struct {
    family: names.Family,
    hooks: std.EnumSet(Hook),
    types: std.EnumSet(ChainType),
    priority_min: i64,
    priority_max: i64,
    policies: std.EnumSet(ChainPolicy),
};

pub const Device = struct {
    bytes: [names.ifname_bytes_max + 1]u8,
    len: u8,

    pub fn text(device: *const Device) []const u8 {
        return device.bytes[0..device.len];
    }

    /// "eth0" matches itself; "veth*" matches every name starting with "veth".
    pub fn matches(device: *const Device, name: []const u8) bool {
        const pattern = device.text();
        if (pattern.len > 0 and pattern[pattern.len - 1] == '*') {
            return std.mem.startsWith(u8, name, pattern[0 .. pattern.len - 1]);
        }
        return std.mem.eql(u8, pattern, name);
    }
};

pub const Restrictions = struct {
    /// False for a version 1 policy: nothing below is checked.
    enabled: bool = false,
    rules: [rules_max]BaseChainRule = undefined,
    rule_count: u32 = 0,
    devices: [devices_max]Device = undefined,
    device_count: u32 = 0,
    statements: std.EnumSet(Statement) = std.EnumSet(Statement).initEmpty(),

    pub fn allowsDevice(restrictions: *const Restrictions, name: []const u8) bool {
        for (restrictions.devices[0..restrictions.device_count]) |*device| {
            if (device.matches(name)) return true;
        }
        return false;
    }
};

pub const Parsed = union(enum) { ok: Restrictions, err: []const u8 };

/// The restrictions as `hello` reports them, in the policy file's form (members of an object:
/// "baseChains":[…],"devices":[…],"statements":[…]).
pub fn writeRestrictions(buffer: *writer_module.Buffer, restrictions: *const Restrictions) void {
    buffer.raw("\"baseChains\":[");
    for (restrictions.rules[0..restrictions.rule_count], 0..) |*rule, index| {
        if (index > 0) buffer.byte(',');
        buffer.raw("{\"family\":");
        buffer.string(@tagName(rule.family));
        buffer.raw(",\"hooks\":");
        writeSet(Hook, buffer, rule.hooks);
        buffer.raw(",\"types\":");
        writeSet(ChainType, buffer, rule.types);
        buffer.raw(",\"priority\":{\"min\":");
        buffer.integer(rule.priority_min);
        buffer.raw(",\"max\":");
        buffer.integer(rule.priority_max);
        buffer.raw("},\"policies\":");
        writeSet(ChainPolicy, buffer, rule.policies);
        buffer.byte('}');
    }
    buffer.raw("],\"devices\":[");
    for (restrictions.devices[0..restrictions.device_count], 0..) |*device, index| {
        if (index > 0) buffer.byte(',');
        buffer.string(device.text());
    }
    buffer.raw("],\"statements\":[");
    var first = true;
    inline for (std.meta.fields(Statement)) |field| {
        const statement: Statement = @enumFromInt(field.value);
        if (restrictions.statements.contains(statement)) {
            if (!first) buffer.byte(',');
            first = false;
            buffer.string(statement.jsonName());
        }
    }
    buffer.byte(']');
}

fn writeSet(comptime E: type, buffer: *writer_module.Buffer, set: std.EnumSet(E)) void {
    buffer.byte('[');
    var first = true;
    inline for (std.meta.fields(E)) |field| {
        const value: E = @enumFromInt(field.value);
        if (set.contains(value)) {
            if (!first) buffer.byte(',');
            first = false;
            buffer.string(field.name);
        }
    }
    buffer.byte(']');
}

/// Reads "baseChains", "devices" and "statements" of a version 2 policy (each optional: absent
/// allows nothing of its kind).
pub fn parse(tree: *const json.Tree, root: u32) Parsed {
    var restrictions = Restrictions{ .enabled = true };
    const base_chains = tree.member(root, "baseChains");
    if (base_chains != json.none) {
        if (tree.kind(base_chains) != .array) return .{ .err = "policy baseChains must be an array" };
        if (tree.count(base_chains) > rules_max) return .{ .err = "more than 32 baseChains entries in the policy" };
        var entry = tree.first(base_chains);
        while (entry != json.none) : (entry = tree.next(entry)) {
            restrictions.rules[restrictions.rule_count] = switch (parseRule(tree, entry)) {
                .ok => |rule| rule,
                .err => |message| return .{ .err = message },
            };
            restrictions.rule_count += 1;
        }
    }
    const devices = tree.member(root, "devices");
    if (devices != json.none) {
        if (tree.kind(devices) != .array) return .{ .err = "policy devices must be an array" };
        if (tree.count(devices) > devices_max) return .{ .err = "more than 64 devices in the policy" };
        var device = tree.first(devices);
        while (device != json.none) : (device = tree.next(device)) {
            if (tree.kind(device) != .string) return .{ .err = "policy devices must be strings" };
            const text = tree.string(device);
            if (names.checkInterfaceName(
                text,
                true,
            ) != null) return .{ .err = "invalid device name in the policy (1-15 bytes, a trailing * for a prefix)" };
            var entry = Device{ .bytes = undefined, .len = @intCast(text.len) };
            @memcpy(entry.bytes[0..text.len], text);
            restrictions.devices[restrictions.device_count] = entry;
            restrictions.device_count += 1;
        }
    }
    const statements = tree.member(root, "statements");
    if (statements != json.none) {
        if (tree.kind(statements) != .array) return .{ .err = "policy statements must be an array" };
        var statement = tree.first(statements);
        while (statement != json.none) : (statement = tree.next(statement)) {
            if (tree.kind(statement) != .string) return .{ .err = "policy statements must be strings" };
            const value = Statement.fromJson(tree.string(statement)) orelse return .{ .err = "unknown statement in " ++
                "the policy (log, queue, notrack, ct helper, ct expectation, ct timeout, tproxy, synproxy, dup)" };
            if (restrictions.statements.contains(value)) return .{ .err = "duplicate statement in the policy" };
            restrictions.statements.insert(value);
        }
    }
    return .{ .ok = restrictions };
}

const RuleParsed = union(enum) { ok: BaseChainRule, err: []const u8 };

fn parseRule(tree: *const json.Tree, entry: u32) RuleParsed {
    if (tree.kind(entry) != .object) return .{ .err = "policy baseChains entry must be an object" };
    const fields = [_][]const u8{ "family", "hooks", "types", "priority", "policies" };
    if (request.unknownField(tree, entry, &fields) != null) {
        return .{ .err = "unknown field in a policy baseChains entry" };
    }
    for (fields) |field| {
        if (tree.member(
            entry,
            field,
        ) == json.none) return .{ .err = "a policy baseChains entry needs family, hooks, types, priority and " ++
            "policies" };
    }
    const family_node = tree.member(entry, "family");
    if (tree.kind(family_node) != .string) return .{ .err = "policy baseChains family must be a string" };
    var rule = BaseChainRule{
        .family = names.familyFromString(tree.string(family_node)) orelse return .{ .err = "unknown family in " ++
            "policy baseChains" },
        .hooks = enumSet(
            Hook,
            tree,
            tree.member(entry, "hooks"),
        ) orelse return .{ .err = "policy baseChains hooks: a non-empty array of prerouting, input, forward, " ++
            "output, postrouting, ingress, egress" },
        .types = enumSet(
            ChainType,
            tree,
            tree.member(entry, "types"),
        ) orelse return .{ .err = "policy baseChains types: a non-empty array of filter, nat, route" },
        .policies = enumSet(
            ChainPolicy,
            tree,
            tree.member(entry, "policies"),
        ) orelse return .{ .err = "policy baseChains policies: a non-empty array of accept, drop" },
        .priority_min = 0,
        .priority_max = 0,
    };
    const priority = tree.member(entry, "priority");
    if (tree.kind(priority) != .object or tree.count(priority) != 2) return .{ .err = "policy baseChains priority " ++
        "must be {\"min\": N, \"max\": N}" };
    const min_node = tree.member(priority, "min");
    const max_node = tree.member(priority, "max");
    if (min_node == json.none or max_node == json.none or tree.kind(min_node) != .integer or
        tree.kind(max_node) != .integer)
    {
        return .{ .err = "policy baseChains priority must be {\"min\": N, \"max\": N}" };
    }
    rule.priority_min = tree.integer(min_node);
    rule.priority_max = tree.integer(max_node);
    if (rule.priority_min > rule.priority_max) return .{ .err = "policy baseChains priority: min above max" };
    return .{ .ok = rule };
}

fn enumSet(comptime E: type, tree: *const json.Tree, node: u32) ?std.EnumSet(E) {
    if (tree.kind(node) != .array or tree.count(node) == 0) return null;
    var set = std.EnumSet(E).initEmpty();
    var item = tree.first(node);
    while (item != json.none) : (item = tree.next(item)) {
        if (tree.kind(item) != .string) return null;
        const value = std.meta.stringToEnum(E, tree.string(item)) orelse return null;
        if (set.contains(value)) return null;
        set.insert(value);
    }
    return set;
}

/// One shape for the policy's refusals of a command: why, and the offending node.
pub const Refusal = resources.Refusal;

/// Null when the command stays within the restrictions. Only commands that add: base chains,
/// flowtables and rules (add, create, insert, replace).
pub fn check(restrictions: *const Restrictions, tree: *const json.Tree, summary: validate.Summary) ?Refusal {
    if (!restrictions.enabled) return null;
    switch (summary.verb) {
        .add, .create, .insert, .replace => {},
        else => return null,
    }
    const object = tree.next(tree.first(tree.next(tree.first(summary.node))));
    return switch (summary.kind) {
        .chain => checkChain(restrictions, tree, object, summary.family.?),
        .flowtable => checkDevices(
            restrictions,
            tree,
            object,
            "flowtable devices must be listed in the policy's devices",
        ),
        .rule => checkRule(restrictions, tree, object),
        else => null,
    };
}

fn checkChain(restrictions: *const Restrictions, tree: *const json.Tree, object: u32, family: names.Family) ?Refusal {
    const hook_node = tree.member(object, "hook");
    if (hook_node == json.none) return null; // a regular chain: reached only by jump or goto
    const hook = std.meta.stringToEnum(Hook, tree.string(hook_node)).?;
    const chain_type = std.meta.stringToEnum(ChainType, tree.string(tree.member(object, "type"))).?;
    const priority = tree.integer(tree.member(object, "prio"));
    const policy_node = tree.member(object, "policy");
    const chain_policy: ChainPolicy = if (policy_node == json.none) .accept else std.meta.stringToEnum(
        ChainPolicy,
        tree.string(policy_node),
    ).?;
    var reason: []const u8 = "no baseChains entry of the policy allows this family and hook";
    for (restrictions.rules[0..restrictions.rule_count]) |*rule| {
        if (rule.family != family or !rule.hooks.contains(hook)) continue;
        if (!rule.types.contains(chain_type)) {
            reason = "the policy's baseChains do not allow this chain type on this hook";
        } else if (priority < rule.priority_min or priority > rule.priority_max) {
            reason = "the priority is outside the policy's baseChains range for this hook";
        } else if (!rule.policies.contains(chain_policy)) {
            reason = "the chain policy (accept/drop) is not allowed by the policy's baseChains for this hook";
        } else {
            return checkDevices(
                restrictions,
                tree,
                object,
                "ingress/egress devices must be listed in the policy's devices",
            );
        }
    }
    return .{ .message = reason, .node = object };
}

/// Every name in "dev" (a string or an array) must match the policy's devices.
fn checkDevices(restrictions: *const Restrictions, tree: *const json.Tree, object: u32, message: []const u8) ?Refusal {
    const dev = tree.member(object, "dev");
    if (dev == json.none) return null;
    if (tree.kind(dev) == .string) {
        if (!restrictions.allowsDevice(tree.string(dev))) return .{ .message = message, .node = dev };
        return null;
    }
    assert(tree.kind(dev) == .array);
    var item = tree.first(dev);
    while (item != json.none) : (item = tree.next(item)) {
        if (!restrictions.allowsDevice(tree.string(item))) return .{ .message = message, .node = item };
    }
    return null;
}

/// Each statement of the rule: the restricted ones must be listed; `log` counts as limited when
/// a bounding `limit` (see `boundsLog`) comes before it in the same rule. A `mangle` of
/// `ct helper` is the `ct helper` statement (libnftables makes it the same object reference).
fn checkRule(restrictions: *const Restrictions, tree: *const json.Tree, object: u32) ?Refusal {
    const expressions = tree.member(object, "expr");
    if (expressions == json.none) return null;
    var limited = false;
    var statement = tree.first(expressions);
    while (statement != json.none) : (statement = tree.next(statement)) {
        assert(tree.kind(statement) == .object and tree.count(statement) == 1);
        const key_node = tree.first(statement);
        const key = tree.string(key_node);
        if (std.mem.eql(u8, key, "limit") and boundsLog(tree, tree.next(key_node))) limited = true;
        const restricted = restrictedStatement(tree, key_node) orelse continue;
        if (restricted == .log and limited) continue;
        if (restrictions.statements.contains(restricted)) continue;
        return .{ .message = statement_refusals[@intFromEnum(restricted)], .node = statement };
    }
    return null;
}

/// The restricted statement a rule's statement is, by its key (`mangle` by its target).
fn restrictedStatement(tree: *const json.Tree, key_node: u32) ?Statement {
    const key = tree.string(key_node);
    if (!std.mem.eql(u8, key, "mangle") or mutation.removed(.hostwide_mangle)) return Statement.fromJson(key);
    const target = tree.member(tree.next(key_node), "key");
    if (tree.kind(target) != .object or tree.count(target) != 1) return null;
    const ct = tree.member(target, "ct");
    if (ct == json.none or tree.kind(ct) != .object) return null;
    const ct_key = tree.member(ct, "key");
    if (ct_key == json.none or tree.kind(ct_key) != .string) return null;
    return if (std.mem.eql(u8, tree.string(ct_key), "helper")) .ct_helper else null;
}

/// Packets per second a `limit` may let through for the `log` after it to count as limited.
pub const log_packets_per_second_max: u64 = 100;

/// True for a `limit` that bounds what follows it: written in the rule (a named limit's rate is
/// not in the request), not inverted (`over` passes what exceeds the rate), counting packets, at
/// most `log_packets_per_second_max` per second with a burst no larger.
fn boundsLog(tree: *const json.Tree, value: u32) bool {
    if (mutation.removed(.hostwide_log_limit)) return true;
    if (tree.kind(value) != .object) return false;
    const inverted = tree.member(value, "inv");
    if (inverted != json.none and tree.kind(inverted) != .false_value) return false;
    const unit = tree.member(value, "rate_unit");
    if (unit != json.none and !std.mem.eql(u8, tree.string(unit), "packets")) return false;
    const per = tree.member(value, "per");
    const seconds: u64 = if (per == json.none) 1 else per_seconds: {
        const units = [_][]const u8{ "second", "minute", "hour", "day", "week" };
        const lengths = [_]u64{ 1, 60, 3600, 86400, 604800 };
        for (units, lengths) |name, length| {
            if (std.mem.eql(u8, tree.string(per), name)) break :per_seconds length;
        }
        return false;
    };
    const rate = tree.member(value, "rate");
    if (rate == json.none or tree.kind(rate) != .integer) return false;
    if (tree.magnitude(rate) > log_packets_per_second_max * seconds) return false;
    const burst = tree.member(value, "burst");
    return burst == json.none or tree.magnitude(burst) <= log_packets_per_second_max;
}
