//! Everything the helper decides about a frame before libnftables or the kernel is involved:
//! parse, typed request, validation (nft commands by src/validate.zig, sysctl names and values by
//! src/sysctl.zig), then the policy for the whole request. Pure (no syscalls), so unit tests, the
//! shared test vectors and the fuzzer exercise exactly the code the helper runs.

const std = @import("std");
const assert = std.debug.assert;
const json = @import("json.zig");
const request = @import("request.zig");
const validate = @import("validate.zig");
const policy_module = @import("policy.zig");
const schema = @import("schema.zig");
const sysctl = @import("sysctl.zig");
const hostwide = @import("hostwide.zig");
const resources = @import("resources.zig");
const mutation = @import("mutation.zig");

pub const request_limits = json.Limits{};

pub const Refused = struct {
    id: ?i64,
    code: []const u8,
    message: []const u8,
    path: ?[]const u8 = null,
    command: ?u32 = null,
};

pub const Plan = struct {
    id: i64,
    operation: request.Nft,
    command_count: u32,
    /// Any command other than list.
    mutating: bool,
    /// `list ruleset` / `list tables`: answered by the helper's own listing (only command).
    listing: ?schema.ObjectKind,
};

/// sysctl_get / sysctl_set, every name allowed by the policy, every value checked.
pub const SysctlPlan = struct {
    id: i64,
    set: bool,
    /// Slice of Context.sysctl_items.
    items: []const sysctl.Item,
};

/// A frame of a request larger than one frame (docs/protocol.md, "Requests larger than a
/// frame"): only its envelope is judged here; its commands are judged with the whole request.
pub const Part = struct {
    id: i64,
    /// The `batch.nftables` array node of this frame.
    commands: u32,
    /// The frame without "part" that completes the request: its flags are the request's.
    last: bool,
    operation: request.Nft,
};

pub const Verdict = union(enum) {
    refused: Refused,
    hello: i64,
    nft: Plan,
    sysctl: SysctlPlan,
    part: Part,
    /// The owned tables' state digest (src/digest.zig): read-only, allowed by every policy.
    digest: Digest,
};

pub const Digest = struct { id: i64, since: ?u32 };

pub const Judged = struct {
    /// The parsed request (valid while the arena and the frame body are untouched).
    tree: ?json.Tree,
    verdict: Verdict,
};

pub const Context = struct {
    arena: json.Arena,
    summaries: []validate.Summary,
    policy: *const policy_module.Policy,
    /// Holds the JSON Pointer of a refusal.
    path_buffer: []u8,
    /// Holds the decoded names (and values) of a sysctl request.
    sysctl_items: *[sysctl.names_max]sysctl.Item,
    /// The id of a request whose parts are being assembled: its frame without "part" is its last.
    assembling: ?i64 = null,
};

pub fn judge(context: Context, body: []const u8) Judged {
    assert(context.summaries.len >= validate.commands_max and context.path_buffer.len > 0);
    const tree = switch (json.parse(body, context.arena, request_limits)) {
        .ok => |value| value,
        .err => |failure| return .{ .tree = null, .verdict = .{ .refused = .{
            .id = null,
            .code = @tagName(failure.class),
            .message = failure.message,
        } } },
    };
    const verdict = judgeTree(context, &tree);
    switch (verdict) {
        .refused => |refused| assert(refused.code.len > 0 and refused.message.len > 0),
        .nft => |plan| assert(plan.command_count >= 1 and plan.command_count <= validate.commands_max),
        .sysctl => |plan| assert(plan.items.len >= 1 and plan.items.len <= sysctl.names_max),
        .hello => |id| assert(id >= 1 and id <= request.id_max),
        .part => |part| assert(part.id >= 1 and part.id <= request.id_max),
        .digest => |digest| assert(digest.id >= 1 and digest.id <= request.id_max),
    }
    return .{ .tree = tree, .verdict = verdict };
}

fn judgeTree(context: Context, tree: *const json.Tree) Verdict {
    const decoded = request.decode(tree);
    const value = switch (decoded) {
        .refused => |refused| return refusal(context, tree, refused.id, refused.refusal),
        .ok => |value| value,
    };
    const operation = switch (value.op) {
        .hello => return .{ .hello = value.id },
        .nft => |operation| operation,
        .sysctl => |operation| return judgeSysctl(context, tree, value.id, operation.set),
        .digest => |operation| return .{ .digest = .{ .id = value.id, .since = operation.since } },
    };
    if (operation.part or context.assembling == value.id) return .{ .part = partOf(value.id, operation) };
    var validator = validate.Validator.init(tree, context.summaries);
    const command_count = switch (validate.run(&validator, operation.commands)) {
        .ok => |count| count,
        .refused => |refused| return refusal(context, tree, value.id, refused),
    };
    // Policy: the whole batch is checked before any of it runs.
    var plan = Plan{
        .id = value.id,
        .operation = operation,
        .command_count = command_count,
        .mutating = false,
        .listing = null,
    };
    for (context.summaries[0..command_count], 0..) |summary, index| {
        const denied = if (mutation.removed(.policy)) null else policyRefusal(context.policy, summary);
        if (denied) |message| {
            return .{ .refused = .{
                .id = value.id,
                .code = "policy_denied",
                .message = message,
                .command = @intCast(index),
                .path = request.pointer(tree, summary.node, null, context.path_buffer),
            } };
        }
        // What the table may do to the host (version 2) and hold (limits): src/hostwide.zig,
        // src/resources.zig. Counts that need the kernel's state are checked by the service.
        const host_restriction = if (mutation.removed(.hostwide))
            null
        else
            hostwide.check(&context.policy.hostwide, tree, summary);
        const restriction = host_restriction orelse
            resources.requestRefusal(&context.policy.limits, tree, summary);
        if (restriction) |refused| {
            return .{ .refused = .{
                .id = value.id,
                .code = "policy_denied",
                .message = refused.message,
                .command = @intCast(index),
                .path = request.pointer(tree, refused.node, null, context.path_buffer),
            } };
        }
        if (summary.mutating()) plan.mutating = true;
        if (summary.kind == .ruleset or summary.kind == .tables) plan.listing = summary.kind;
    }
    if (plan.listing != null and command_count != 1) {
        return .{ .refused = .{
            .id = value.id,
            .code = "invalid_request",
            .message = "list ruleset and list tables must be the only command of their batch",
            .path = "/batch/nftables",
        } };
    }
    return .{ .nft = plan };
}

/// A frame of a request larger than one frame: its commands are judged with the whole request.
fn partOf(id: i64, operation: request.Nft) Part {
    return .{ .id = id, .commands = operation.commands, .last = !operation.part, .operation = operation };
}

/// A sysctl request: names and values checked against the helper's table, then every name
/// against the policy's allowlist, before anything is read or written.
fn judgeSysctl(context: Context, tree: *const json.Tree, id: i64, set: bool) Verdict {
    const items_buffer = context.sysctl_items;
    const decoded = if (set) sysctl.decodeSet(tree, items_buffer) else sysctl.decodeGet(tree, items_buffer);
    const count = switch (decoded) {
        .ok => |value| value,
        .refused => |refused| return refusal(context, tree, id, refused),
    };
    assert(count >= 1 and count <= sysctl.names_max);
    const items = context.sysctl_items[0..count];
    for (items) |*item| {
        if (context.policy.sysctl.allows(&item.name)) continue;
        return .{ .refused = .{
            .id = id,
            .code = "policy_denied",
            .message = "sysctl parameter not allowed by the policy",
            .path = request.pointer(tree, item.node, null, context.path_buffer),
        } };
    }
    return .{ .sysctl = .{ .id = id, .set = set, .items = items } };
}

fn refusal(context: Context, tree: *const json.Tree, id: ?i64, value: request.Refusal) Verdict {
    return .{ .refused = .{
        .id = id,
        .code = @tagName(value.code),
        .message = value.message,
        .command = value.command,
        .path = request.pointer(tree, value.node, value.key, context.path_buffer),
    } };
}

/// Null when the policy allows the command, otherwise the reason.
pub fn policyRefusal(policy: *const policy_module.Policy, summary: validate.Summary) ?[]const u8 {
    // Validation gave every command but the whole-ruleset ones a family (and a table name).
    assert(summary.kind == .ruleset or summary.kind == .tables or summary.family != null);
    const operation: policy_module.Operation = switch (summary.verb) {
        .add => .add,
        .create => .create,
        .insert => .insert,
        .replace => .replace,
        .delete => .delete,
        .list => .list,
        .reset => .reset,
        .flush => .flush,
        .rename => .rename,
    };
    if (!policy.allows(operation)) return "operation not allowed by the policy";
    switch (summary.kind) {
        // `list ruleset` is rewritten into the owned tables; `flush ruleset` would touch
        // everyone's tables and is never allowed.
        .ruleset => {
            if (summary.verb == .list) return null;
            return "only list is allowed on the whole ruleset (it holds tables outside the policy)";
        },
        .tables => return null,
        else => {},
    }
    const family = summary.family orelse return "command names no table";
    // No policy may own it (policy.zig), so the check below refuses it too; said plainly here.
    if (std.mem.eql(u8, summary.table, policy_module.reserved_table)) {
        return "table nftj_rate is reserved for the helper's rate limit";
    }
    if (summary.table.len == 0 or !policy.ownsTable(family, summary.table)) return "table not in the policy";
    return null;
}
