//! Requests larger than a frame (src/assembly.zig): parts judged by their envelope only, the
//! assembled text judged as one request, overflow and dropping.

const std = @import("std");
const testing = std.testing;
const helper = @import("helper");
const judge_module = helper.judge;
const assembly_module = helper.assembly;
const testing_support = @import("testing_support.zig");

const add_table = "{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}";
const add_set = "{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\"," ++
    "\"type\":\"ipv4_addr\",\"size\":10}}}";
const add_element = "{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\"," ++
    "\"elem\":[\"192.0.2.1\"]}}}";

fn feed(
    fixture: *testing_support.Fixture,
    assembly: *assembly_module.Assembly,
    body: []const u8,
) !assembly_module.Outcome {
    var context = fixture.context();
    context.assembling = assembly.id();
    const judged = judge_module.judge(context, body);
    return switch (judged.verdict) {
        .part => |part| assembly.add(&judged.tree.?, part),
        else => error.TestUnexpectedResult,
    };
}

test "assembly: the parts of a request are judged as one, with the last frame's flags" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    const text = try testing.allocator.alloc(u8, 1 << 16);
    defer testing.allocator.free(text);
    var assembly = assembly_module.Assembly.init(text);

    try testing.expect(try feed(
        &fixture,
        &assembly,
        "{\"id\":4,\"op\":\"nft\",\"batch\":{\"nftables\":[" ++ add_table ++ "]},\"part\":true}",
    ) == .pending);
    try testing.expectEqual(@as(?i64, 4), assembly.id());
    try testing.expect(try feed(
        &fixture,
        &assembly,
        "{\"id\":4,\"op\":\"nft\",\"part\":true,\"batch\":{\"nftables\":[" ++ add_set ++ "]}}",
    ) == .pending);
    // Without "part", the frame of the same id is the last: its elements are typed by the set of
    // an earlier part only once the whole is judged.
    const whole = switch (try feed(
        &fixture,
        &assembly,
        "{\"id\":4,\"op\":\"nft\",\"batch\":{\"nftables\":[" ++ add_element ++
            "]},\"check\":true,\"executor\":\"libnftables\"}",
    )) {
        .complete => |value| value,
        else => return error.TestUnexpectedResult,
    };
    try testing.expectEqual(@as(?i64, null), assembly.id());
    // Each command re-serialised canonically (members sorted), then the last frame's flags.
    try testing.expectEqualStrings("{\"id\":4,\"op\":\"nft\",\"batch\":{\"nftables\":[" ++ add_table ++
        ",{\"add\":{\"set\":{\"family\":\"inet\",\"name\":\"s\",\"size\":10,\"table\":\"app\"," ++
        "\"type\":\"ipv4_addr\"}}}" ++
        ",{\"add\":{\"element\":{\"elem\":[\"192.0.2.1\"],\"family\":\"inet\",\"name\":\"s\",\"table\":\"app\"}}}" ++
        "]},\"check\":true,\"executor\":\"libnftables\"}", whole);
    switch (judge_module.judge(fixture.context(), whole).verdict) {
        .nft => |plan| {
            try testing.expectEqual(@as(u32, 3), plan.command_count);
            try testing.expect(plan.operation.check and plan.operation.libnftables and !plan.operation.part);
        },
        else => return error.TestUnexpectedResult,
    }
    // An element of the wrong type in the last part: refused at its place in the whole request.
    _ = try feed(
        &fixture,
        &assembly,
        "{\"id\":5,\"op\":\"nft\",\"batch\":{\"nftables\":[" ++ add_set ++ "]},\"part\":true}",
    );
    const wrong = switch (try feed(
        &fixture,
        &assembly,
        "{\"id\":5,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\"," ++
            "\"table\":\"app\",\"name\":\"s\",\"elem\":[\"2001:db8::1\"]}}}]}}",
    )) {
        .complete => |value| value,
        else => return error.TestUnexpectedResult,
    };
    switch (judge_module.judge(fixture.context(), wrong).verdict) {
        .refused => |refused| {
            try testing.expectEqual(@as(?u32, 1), refused.command);
            try testing.expect(std.mem.startsWith(u8, refused.path.?, "/batch/nftables/1/add/element/elem/0"));
        },
        else => return error.TestUnexpectedResult,
    }
}

test "assembly: a part carries no flag; past its bound a request is dropped to its last frame" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    switch (judge_module.judge(
        fixture.context(),
        "{\"id\":2,\"op\":\"nft\",\"batch\":{\"nftables\":[]},\"part\":true,\"echo\":false}",
    ).verdict) {
        .refused => |refused| try testing.expectEqualStrings("/echo", refused.path.?),
        else => return error.TestUnexpectedResult,
    }
    const text = try testing.allocator.alloc(u8, 200);
    defer testing.allocator.free(text);
    var assembly = assembly_module.Assembly.init(text);
    const part = "{\"id\":9,\"op\":\"nft\",\"batch\":{\"nftables\":[" ++ add_set ++ "]},\"part\":true}";
    try testing.expect(try feed(&fixture, &assembly, part) == .pending);
    try testing.expect(try feed(&fixture, &assembly, part) == .overflow);
    try testing.expectEqual(assembly_module.State{ .discarding = 9 }, assembly.state);
    try testing.expect(try feed(&fixture, &assembly, part) == .pending);
    try testing.expect(try feed(
        &fixture,
        &assembly,
        "{\"id\":9,\"op\":\"nft\",\"batch\":{\"nftables\":[]}}",
    ) == .pending);
    try testing.expectEqual(@as(?i64, null), assembly.id());
    // The next request starts afresh.
    try testing.expect(try feed(
        &fixture,
        &assembly,
        "{\"id\":10,\"op\":\"nft\",\"batch\":{\"nftables\":[" ++ add_table ++ "]},\"part\":true}",
    ) == .pending);
    try testing.expect(try feed(
        &fixture,
        &assembly,
        "{\"id\":10,\"op\":\"nft\",\"batch\":{\"nftables\":[]}}",
    ) != .overflow);
}
