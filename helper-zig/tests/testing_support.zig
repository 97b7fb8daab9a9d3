//! Test fixture: the judge's memory and the sample policy (conf/nftj-helper.policy.json).

const std = @import("std");
const helper = @import("helper");
const json = helper.json;
const judge_module = helper.judge;
const validate = helper.validate;
const policy_module = helper.policy;
const sysctl = helper.sysctl;

pub const Fixture = struct {
    nodes: []json.Node,
    strings: []u8,
    summaries: []validate.Summary,
    policy: policy_module.Policy,
    path_buffer: [1024]u8 = undefined,
    sysctl_items: [sysctl.names_max]sysctl.Item = undefined,

    pub fn init(allocator: std.mem.Allocator) !Fixture {
        return initWithPolicy(
            allocator,
            try std.fs.cwd().readFileAlloc(
                allocator,
                "conf/nftj-helper.policy.json",
                policy_module.policy_file_bytes_max,
            ),
        );
    }

    /// Takes ownership of `policy_text`.
    pub fn initWithPolicy(allocator: std.mem.Allocator, policy_text: []u8) !Fixture {
        defer allocator.free(policy_text);
        const nodes = try allocator.alloc(json.Node, 1 << 20);
        const strings = try allocator.alloc(u8, 16 * 1024 * 1024);
        const policy = switch (policy_module.parse(policy_text, .{ .nodes = nodes, .strings = strings })) {
            .ok => |value| value,
            .err => return error.BadPolicy,
        };
        return .{
            .nodes = nodes,
            .strings = strings,
            .summaries = try allocator.alloc(validate.Summary, validate.commands_max),
            .policy = policy,
        };
    }

    /// Replaces the policy (parsed in the fixture's own arena: a policy keeps no reference to it).
    pub fn setPolicy(fixture: *Fixture, text: []const u8) !void {
        fixture.policy = switch (policy_module.parse(text, .{ .nodes = fixture.nodes, .strings = fixture.strings })) {
            .ok => |value| value,
            .err => |message| {
                std.debug.print("policy refused: {s}\n", .{message});
                return error.BadPolicy;
            },
        };
    }

    pub fn deinit(fixture: *Fixture, allocator: std.mem.Allocator) void {
        allocator.free(fixture.nodes);
        allocator.free(fixture.strings);
        allocator.free(fixture.summaries);
    }

    pub fn context(fixture: *Fixture) judge_module.Context {
        return .{
            .arena = .{ .nodes = fixture.nodes, .strings = fixture.strings },
            .summaries = fixture.summaries,
            .policy = &fixture.policy,
            .path_buffer = &fixture.path_buffer,
            .sysctl_items = &fixture.sysctl_items,
        };
    }

    /// The refusal code for `body`, or "ok".
    pub fn code(fixture: *Fixture, body: []const u8) []const u8 {
        return switch (judge_module.judge(fixture.context(), body).verdict) {
            .refused => |refused| refused.code,
            .hello, .nft, .sysctl, .part, .digest => "ok",
        };
    }
};
