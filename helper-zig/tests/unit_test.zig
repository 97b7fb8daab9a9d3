//! Unit tests of the parser, the frame decoder, the writer, the policy and the judge.

const std = @import("std");
const helper = @import("helper");
const testing = std.testing;
const json = helper.json;
const frame = helper.frame;
const writer_module = helper.writer;
const policy_module = helper.policy;
const request = helper.request;
const validate = helper.validate;
const testing_support = @import("testing_support.zig");

var test_nodes: [4096]json.Node = undefined;
var test_strings: [65536]u8 = undefined;

fn parse(text: []const u8) json.Result {
    return json.parse(text, .{ .nodes = &test_nodes, .strings = &test_strings }, .{});
}

fn expectInvalid(text: []const u8, class: json.ErrorClass) !void {
    switch (parse(text)) {
        .ok => {
            std.debug.print("accepted: {s}\n", .{text});
            return error.TestUnexpectedResult;
        },
        .err => |failure| try testing.expectEqual(class, failure.class),
    }
}

test "parser: accepts a strict request and exposes its values" {
    const tree = switch (parse("{\"id\":7,\"op\":\"h\\u00e9llo\",\"x\":[1,-2,true,false,null,{}]}")) {
        .ok => |value| value,
        .err => return error.TestUnexpectedResult,
    };
    try testing.expectEqual(@as(i64, 7), tree.integer(tree.member(tree.root, "id")));
    try testing.expectEqualStrings("h\xc3\xa9llo", tree.string(tree.member(tree.root, "op")));
    const array = tree.member(tree.root, "x");
    try testing.expectEqual(@as(u32, 6), tree.count(array));
    try testing.expectEqual(@as(i64, -2), tree.integer(tree.next(tree.first(array))));
}

test "parser: bad inputs 6, 10-16, 20-22 are invalid_json" {
    const cases = [_][]const u8{
        "{}{}",                         "{}\x00",                        "{} x",
        "{\"a\":\"\xff\"}",             "{\"a\":\"\xc0\xaf\"}",          "{\"a\":\"\xe0\x80\xaf\"}",
        "{\"a\":\"\xed\xa0\x80\"}",     "{\"a\":\"\xf4\x90\x80\x80\"}",  "\xef\xbb\xbf{}",
        "{\"a\":\"\xef\xbb\xbf\"}",     "{\"a\":\"\\ufeff\"}",           "{\"a\":\"x\x00\"}",
        "{\"a\":\"\\u0000\"}",          "{\"a\":\"\\ud800\"}",           "{\"a\":\"\\udc00\"}",
        "{\"a\":\"\\ud800x\"}",         "{\"a\":\"\t\"}",                "{\"a\":\"\x1f\"}",
        "{\"a\":1,\"a\":2}",            "{\"name\":1,\"n\\u0061me\":2}", "{\"a\":1e999}",
        "{\"a\":-0}",                   "{\"a\":1.0}",                   "{\"a\":9223372036854775808}",
        "{\"a\":18446744073709551616}", "{\"a\":9007199254740992}",      "{\"a\":01}",
        "{\"a\":+1}",                   "{\"a\":NaN}",                   "{\"a\":Infinity}",
        "[]",                           "1",                             "\"x\"",
        "{\"a\":1,}",                   "{\"a\":[1,]}",                  "{\"a\":1} // c",
        "{/* c */\"a\":1}",             "",                              "   ",
        "{\"a\" 1}",                    "{\"a\":tru}",                   "{\"a\":\"\\x\"}",
        "{\"a\":\"unterminated}",       "{\"a\":[}",                     "{\"a\":1 \"b\":2}",
    };
    for (cases) |text| try expectInvalid(text, .invalid_json);
}

test "parser: depth limit and 100000 brackets without recursion" {
    var deep: [100_010]u8 = undefined;
    deep[0] = '{';
    deep[1] = '"';
    deep[2] = 'x';
    deep[3] = '"';
    deep[4] = ':';
    @memset(deep[5..], '[');
    try expectInvalid(&deep, .invalid_json);
    // Exactly 32 levels parse (the object is level 1).
    const ok_text = "{\"x\":" ++ "[" ** 31 ++ "]" ** 31 ++ "}";
    switch (parse(ok_text)) {
        .ok => {},
        .err => return error.TestUnexpectedResult,
    }
    try expectInvalid("{\"x\":" ++ "[" ** 32 ++ "]" ** 32 ++ "}", .invalid_json);
}

test "parser: counts and lengths are limit_exceeded" {
    try expectInvalid("{\"a\":\"" ++ "x" ** 4097 ++ "\"}", .limit_exceeded);
    var members: [2048]u8 = undefined;
    var length: usize = 0;
    members[0] = '{';
    length = 1;
    for (0..65) |index| {
        const item = try std.fmt.bufPrint(members[length..], "{s}\"k{d}\":1", .{ if (index == 0) "" else ",", index });
        length += item.len;
    }
    members[length] = '}';
    try expectInvalid(members[0 .. length + 1], .limit_exceeded);
    // Node exhaustion: more values than the arena holds.
    var nodes: [8]json.Node = undefined;
    var strings: [8]u8 = undefined;
    switch (json.parse("{\"a\":[1,2,3,4,5,6,7,8,9]}", .{ .nodes = &nodes, .strings = &strings }, .{})) {
        .ok => return error.TestUnexpectedResult,
        .err => |failure| try testing.expectEqual(json.ErrorClass.limit_exceeded, failure.class),
    }
}

test "parser: surrogate pairs decode to UTF-8" {
    const tree = switch (parse("{\"a\":\"\\ud83d\\ude00\"}")) {
        .ok => |value| value,
        .err => return error.TestUnexpectedResult,
    };
    try testing.expectEqualStrings("\xf0\x9f\x98\x80", tree.string(tree.member(tree.root, "a")));
}

test "writer: answers keep the members in the order libnftables printed them" {
    const input = "{\"rule\":{\"family\":\"inet\",\"table\":\"t\",\"expr\":[" ++
        "{\"match\":{\"op\":\"==\",\"left\":1,\"right\":{\"set\":[2,1]}}},{\"accept\":null}]}}";
    const tree = switch (parse(input)) {
        .ok => |value| value,
        .err => return error.TestUnexpectedResult,
    };
    var bytes: [512]u8 = undefined;
    var buffer = writer_module.Buffer.init(&bytes);
    buffer.writeNodeInOrder(&tree, tree.root);
    try testing.expectEqualStrings(input, buffer.written());
    var sorted_bytes: [512]u8 = undefined;
    var sorted = writer_module.Buffer.init(&sorted_bytes);
    sorted.writeNode(&tree, tree.root);
    try testing.expect(!std.mem.eql(u8, input, sorted.written()));
}

test "writer: canonical output is deterministic and re-parses to the same tree" {
    const inputs = [_][]const u8{
        "{\"b\":1,\"a\":[true,false,null,\"x\\\"y\\\\z\\n\\u0001\u{e9}\"],\"c\":{\"z\":-5,\"y\":{}}}",
        "{ \"a\" : \"\\/\" , \"A\":[ ] }",
    };
    const expected = [_][]const u8{
        "{\"a\":[true,false,null,\"x\\\"y\\\\z\\n\\u0001\u{e9}\"],\"b\":1,\"c\":{\"y\":{},\"z\":-5}}",
        "{\"A\":[],\"a\":\"/\"}",
    };
    for (inputs, expected) |input, want| {
        const tree = switch (parse(input)) {
            .ok => |value| value,
            .err => return error.TestUnexpectedResult,
        };
        var bytes: [512]u8 = undefined;
        var buffer = writer_module.Buffer.init(&bytes);
        buffer.writeNode(&tree, tree.root);
        try testing.expectEqualStrings(want, buffer.written());
        // Writing the canonical form again gives the same bytes (a fixed point).
        var copy: [512]u8 = undefined;
        @memcpy(copy[0..buffer.len], buffer.written());
        const again = switch (parse(copy[0..buffer.len])) {
            .ok => |value| value,
            .err => return error.TestUnexpectedResult,
        };
        var bytes_again: [512]u8 = undefined;
        var buffer_again = writer_module.Buffer.init(&bytes_again);
        buffer_again.writeNode(&again, again.root);
        try testing.expectEqualStrings(buffer.written(), buffer_again.written());
    }
}

test "writer: overflow is detected, lossy strings stay valid JSON" {
    var small: [4]u8 = undefined;
    var buffer = writer_module.Buffer.init(&small);
    buffer.string("too long");
    try testing.expect(buffer.overflow);
    var bytes: [64]u8 = undefined;
    var lossy = writer_module.Buffer.init(&bytes);
    lossy.stringLossy("a\xffb\"\n");
    try testing.expectEqualStrings("\"a\u{FFFD}b\\\"\\n\"", lossy.written());
}

const Chunked = struct {
    bytes: []const u8,
    position: usize = 0,
    chunk: usize,
    interrupt_every: usize = 0,
    calls: usize = 0,

    fn read(context: *anyopaque, buffer: []u8) frame.ReadError!usize {
        const source: *Chunked = @ptrCast(@alignCast(context));
        source.calls += 1;
        if (source.interrupt_every != 0 and source.calls % source.interrupt_every == 0) return error.Interrupted;
        const count = @min(source.chunk, buffer.len, source.bytes.len - source.position);
        @memcpy(buffer[0..count], source.bytes[source.position..][0..count]);
        source.position += count;
        return count;
    }
};

fn decodeAll(stream: []const u8, chunk: usize, interrupt_every: usize, frames_out: *u32) !frame.Next {
    var source = Chunked{ .bytes = stream, .chunk = chunk, .interrupt_every = interrupt_every };
    var body: [64]u8 = undefined;
    var decoder = frame.Decoder.init(.{ .context = &source, .readFn = Chunked.read }, &body, 64);
    var steps: u32 = 0;
    while (steps < 100) : (steps += 1) {
        const next = decoder.next();
        switch (next) {
            .frame => |bytes| {
                try testing.expectEqualStrings("{}", bytes[0..2]);
                frames_out.* += 1;
            },
            else => return next,
        }
    }
    return error.TestUnexpectedResult;
}

test "framing: one byte at a time, several frames per read, EINTR, and every violation" {
    const two = "\x00\x00\x00\x02{}\x00\x00\x00\x02{}";
    for ([_]usize{ 1, 2, 3, 5, 64 }) |chunk| {
        for ([_]usize{ 0, 2, 3 }) |interrupt_every| {
            var frames: u32 = 0;
            const end = try decodeAll(two, chunk, interrupt_every, &frames);
            try testing.expect(end == .end_of_input);
            try testing.expectEqual(@as(u32, 2), frames);
        }
    }
    const violations = [_]struct { stream: []const u8, violation: frame.Violation, exit: u8 }{
        .{ .stream = "\x00\x00\x00\x00", .violation = .frame_empty, .exit = 10 },
        .{ .stream = "\x00\x00\x00\x41", .violation = .frame_too_large, .exit = 11 },
        .{ .stream = "\xff\xff\xff\xff", .violation = .frame_too_large, .exit = 11 },
        .{ .stream = "\x80\x00\x00\x00", .violation = .frame_too_large, .exit = 11 },
        .{ .stream = "\x00", .violation = .frame_truncated, .exit = 12 },
        .{ .stream = "\x00\x00\x00", .violation = .frame_truncated, .exit = 12 },
        .{ .stream = "\x00\x00\x00\x05{}", .violation = .frame_truncated, .exit = 12 },
        .{ .stream = "\x00\x00\x00\x02{}\x00\x00", .violation = .frame_truncated, .exit = 12 },
    };
    for (violations) |case| {
        for ([_]usize{ 1, 64 }) |chunk| {
            var frames: u32 = 0;
            const end = try decodeAll(case.stream, chunk, 0, &frames);
            try testing.expect(end == .violation);
            try testing.expectEqual(case.violation, end.violation);
            try testing.expectEqual(case.exit, end.violation.exitCode());
        }
    }
}

test "policy: sample parses; unsafe shapes are refused" {
    var nodes: [512]json.Node = undefined;
    var strings: [512]u8 = undefined;
    const arena = json.Arena{ .nodes = &nodes, .strings = &strings };
    const good = "{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"app\"}],\"operations\":[\"add\"," ++
        "\"list\"],\"rate\":{\"perSecond\":5,\"burst\":2}}";
    const policy = switch (policy_module.parse(good, arena)) {
        .ok => |value| value,
        .err => return error.TestUnexpectedResult,
    };
    try testing.expect(policy.ownsTable(.inet, "app"));
    try testing.expect(!policy.ownsTable(.ip, "app"));
    try testing.expect(policy.allows(.add));
    try testing.expect(!policy.allows(.delete));
    const bad = [_][]const u8{
        "{\"version\":3,\"tables\":[],\"operations\":[],\"rate\":{\"perSecond\":1,\"burst\":1}}",
        "{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"a\"}],\"operations\":[\"add\"],\"rate\":{" ++
            "\"perSecond\":0,\"burst\":1}}",
        "{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"@a\"}],\"operations\":[\"add\"],\"rate\":{" ++
            "\"perSecond\":1,\"burst\":1}}",
        "{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"a\"}],\"operations\":[\"chmod\"],\"rate\":{" ++
            "\"perSecond\":1,\"burst\":1}}",
        "{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"a\"}],\"operations\":[\"add\"],\"rate\":{" ++
            "\"perSecond\":1,\"burst\":1},\"x\":1}",
        "{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"a\"},{\"family\":\"inet\",\"name\":\"a\"}]," ++
            "\"operations\":[\"add\"],\"rate\":{\"perSecond\":1,\"burst\":1}}",
        "{\"version\":1,\"tables\":[],\"operations\":[\"add\"]}",
        "{\"version\":1,\"version\":1}",
    };
    for (bad) |text| {
        switch (policy_module.parse(text, arena)) {
            .ok => return error.TestUnexpectedResult,
            .err => {},
        }
    }
}

// mitigates: M-60
test "policy: the rate limit's table is reserved in every family" {
    var nodes: [512]json.Node = undefined;
    var strings: [512]u8 = undefined;
    const arena = json.Arena{ .nodes = &nodes, .strings = &strings };
    const bad = [_][]const u8{
        "{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"nftj_rate\"}]," ++
            "\"operations\":[\"add\"],\"rate\":{\"perSecond\":1,\"burst\":1}}",
        "{\"version\":1,\"tables\":[{\"family\":\"ip\",\"name\":\"app\"}," ++
            "{\"family\":\"netdev\",\"name\":\"nftj_rate\"}]," ++
            "\"operations\":[\"add\"],\"rate\":{\"perSecond\":1,\"burst\":1}}",
    };
    for (bad) |text| {
        switch (policy_module.parse(text, arena)) {
            .ok => return error.TestUnexpectedResult,
            .err => {},
        }
    }
}

test "policy: path is derived from the executable's directory" {
    var out: [256]u8 = undefined;
    try testing.expectEqualStrings(
        "/run/x/conf/nftj-helper.policy.json",
        policy_module.pathFromExecutable("/run/x/lib/nftj-helper", &out).?,
    );
    try testing.expect(policy_module.pathFromExecutable("nftj-helper", &out) == null);
}

test "judge: counts above the caps are limit_exceeded" {
    const allocator = testing.allocator;
    var fixture = try testing_support.Fixture.init(allocator);
    defer fixture.deinit(allocator);
    // 20001 commands.
    var text = std.ArrayList(u8){};
    defer text.deinit(allocator);
    try text.appendSlice(allocator, "{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[");
    for (0..validate.commands_max + 1) |index| {
        if (index > 0) try text.append(allocator, ',');
        try text.appendSlice(allocator, "{\"list\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}");
    }
    try text.appendSlice(allocator, "]}}");
    try testing.expectEqualStrings("limit_exceeded", fixture.code(text.items));
    // 200001 elements in one command.
    text.clearRetainingCapacity();
    try text.appendSlice(
        allocator,
        "{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":" ++
            "\"app\",\"name\":\"s\",\"elem\":[",
    );
    for (0..validate.elements_per_command_max + 1) |index| {
        if (index > 0) try text.append(allocator, ',');
        try text.appendSlice(allocator, "1");
    }
    try text.appendSlice(allocator, "]}}}]}}");
    try testing.expectEqualStrings("limit_exceeded", fixture.code(text.items));
    // 129 statements in one rule.
    text.clearRetainingCapacity();
    try text.appendSlice(
        allocator,
        "{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":" ++
            "\"app\",\"chain\":\"c\",\"expr\":[",
    );
    for (0..validate.statements_per_rule_max + 1) |index| {
        if (index > 0) try text.append(allocator, ',');
        try text.appendSlice(allocator, "{\"counter\":null}");
    }
    try text.appendSlice(allocator, "]}}}]}}");
    try testing.expectEqualStrings("limit_exceeded", fixture.code(text.items));
}

test "request: JSON Pointer of a nested value, with escaping" {
    const tree = switch (parse("{\"a\":[0,{\"b/c\":{\"d~e\":[1,2,3]}}]}")) {
        .ok => |value| value,
        .err => return error.TestUnexpectedResult,
    };
    const inner = tree.member(tree.member(tree.next(tree.first(tree.member(tree.root, "a"))), "b/c"), "d~e");
    const third = tree.next(tree.next(tree.first(inner)));
    var out: [128]u8 = undefined;
    try testing.expectEqualStrings("/a/1/b~1c/d~0e/2", request.pointer(&tree, third, null, &out));
    try testing.expectEqualStrings(
        "/a/1/b~1c/missing",
        request.pointer(&tree, tree.member(tree.next(tree.first(tree.member(tree.root, "a"))), "b/c"), "missing", &out),
    );
}
