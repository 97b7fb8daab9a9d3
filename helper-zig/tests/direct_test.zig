//! Unit tests of the helper's own nfnetlink path: element encoding (src/element_encoding.zig),
//! set descriptions (src/setinfo.zig), interval checks (src/interval_check.zig), the listing's
//! prefixes (src/listing.zig) and the rate limit's units (src/ratelimit.zig). The path against
//! the kernel is tested by tests/direct_blackbox.py.

const std = @import("std");
const helper = @import("helper");
const testing = std.testing;
const encoding = helper.element_encoding;
const interval_check = helper.interval_check;
const listing = helper.listing;
const ratelimit = helper.ratelimit;
const setinfo = helper.setinfo;

test "elementText: prefixes and ranges as nft writes them, quoted; other forms as JSON" {
    const cases = [_][2][]const u8{
        .{ "{\"prefix\":{\"addr\":\"10.1.0.0\",\"len\":16}}", "\"10.1.0.0/16\"" },
        .{ "{\"range\":[\"192.0.2.1\",\"192.0.2.9\"]}", "\"192.0.2.1-192.0.2.9\"" },
        .{ "{\"range\":[1000,2000]}", "\"1000-2000\"" },
        .{ "\"192.0.2.7\"", "\"192.0.2.7\"" },
        .{ "{\"range\":[{\"x\":1},2]}", "{\"range\":[{\"x\":1},2]}" },
        .{ "{\"elem\":{\"val\":\"192.0.2.7\",\"timeout\":5}}", "{\"elem\":{\"timeout\":5,\"val\":\"192.0.2.7\"}}" },
        .{ "{\"prefix\":{\"addr\":\"2001:db8:1234:5678:9abc:def0:1234:5678\",\"len\":128}}", "\"2001:db8:123..." },
    };
    for (cases) |case| {
        var source: [256]u8 = undefined;
        const document = try std.fmt.bufPrint(&source, "{{\"e\":{s}}}", .{case[0]});
        var nodes: [64]helper.json.Node = undefined;
        var strings: [256]u8 = undefined;
        const tree = switch (helper.json.parse(document, .{ .nodes = &nodes, .strings = &strings }, .{})) {
            .ok => |value| value,
            .err => return error.TestUnexpectedResult,
        };
        var out: [64]u8 = undefined;
        const cut = if (std.mem.endsWith(u8, case[1], "...")) out[0..16] else out[0..];
        try testing.expectEqualStrings(case[1], helper.direct.elementText(&tree, tree.member(tree.root, "e"), cut));
    }
}

test "increment carries and reports overflow" {
    var a = [_]u8{ 10, 0, 0, 255 };
    try testing.expect(encoding.increment(&a));
    try testing.expectEqualSlices(u8, &[_]u8{ 10, 0, 1, 0 }, &a);
    var b = [_]u8{ 0xff, 0xff };
    try testing.expect(!encoding.increment(&b));
}

test "parseEther reads canonical MAC addresses only" {
    var out: [6]u8 = undefined;
    try testing.expect(encoding.parseEther("00:11:22:aa:BB:ff", &out));
    try testing.expectEqualSlices(u8, &[_]u8{ 0, 0x11, 0x22, 0xaa, 0xbb, 0xff }, &out);
    try testing.expect(!encoding.parseEther("0:11:22:aa:bb:ff", &out));
    try testing.expect(!encoding.parseEther("00-11-22-aa-bb-ff", &out));
}

fn interval(set: u32, first: [4]u8, last: [4]u8, node: u32) interval_check.Interval {
    const zero = [_]u8{0} ** interval_check.key_bytes_max;
    var value = interval_check.Interval{
        .set = set,
        .first = zero,
        .last = zero,
        .open = false,
        .command = 0,
        .node = node,
    };
    @memcpy(value.first[0..4], &first);
    @memcpy(value.last[0..4], &last);
    return value;
}

test "conflictWithin: identical duplicates pass, overlaps and containment conflict" {
    var intervals = [_]interval_check.Interval{
        interval(0, .{ 10, 0, 1, 0 }, .{ 10, 0, 1, 255 }, 1),
        interval(0, .{ 10, 0, 0, 0 }, .{ 10, 0, 0, 255 }, 2),
        interval(0, .{ 10, 0, 0, 0 }, .{ 10, 0, 0, 255 }, 3),
        interval(1, .{ 10, 0, 0, 0 }, .{ 10, 0, 1, 255 }, 4), // another set
    };
    try testing.expect(interval_check.conflictWithin(&intervals) == null);
    var overlapping = [_]interval_check.Interval{
        interval(0, .{ 10, 0, 0, 0 }, .{ 10, 0, 1, 255 }, 1),
        interval(0, .{ 10, 0, 1, 128 }, .{ 10, 0, 1, 255 }, 2),
    };
    const found = interval_check.conflictWithin(&overlapping) orelse return error.TestExpectedConflict;
    try testing.expectEqual(@as(u32, 2), found.node);
    try testing.expect(!found.existing);
}

test "conflictWithin: an overlap between two commands is the later command's, as an interval the set holds" {
    // Command 0 adds 10.0.1.0/24, command 1 adds 10.0.0.0/23: sorted by start, command 1's comes
    // first, yet applied in order it is command 1 that meets command 0's interval.
    var overlapping = [_]interval_check.Interval{
        interval(0, .{ 10, 0, 1, 0 }, .{ 10, 0, 1, 255 }, 1),
        interval(0, .{ 10, 0, 0, 0 }, .{ 10, 0, 1, 255 }, 2),
    };
    overlapping[1].command = 1;
    const found = interval_check.conflictWithin(&overlapping) orelse return error.TestExpectedConflict;
    try testing.expectEqual(@as(u32, 1), found.command);
    try testing.expectEqual(@as(u32, 2), found.node);
    try testing.expect(found.existing);
}

test "prefixLength finds exact prefixes only" {
    try testing.expectEqual(@as(?u32, 24), listing.prefixLength(&.{ 10, 0, 1, 0 }, &.{ 10, 0, 1, 255 }));
    try testing.expectEqual(@as(?u32, 8), listing.prefixLength(&.{ 10, 0, 0, 0 }, &.{ 10, 255, 255, 255 }));
    try testing.expectEqual(@as(?u32, 0), listing.prefixLength(&.{ 0, 0, 0, 0 }, &.{ 255, 255, 255, 255 }));
    try testing.expectEqual(@as(?u32, 25), listing.prefixLength(&.{ 10, 0, 0, 128 }, &.{ 10, 0, 0, 255 }));
    try testing.expectEqual(@as(?u32, null), listing.prefixLength(&.{ 10, 0, 0, 1 }, &.{ 10, 0, 0, 9 }));
    try testing.expectEqual(@as(?u32, null), listing.prefixLength(&.{ 10, 0, 0, 0 }, &.{ 10, 0, 1, 254 }));
    try testing.expectEqual(@as(?u32, 32), listing.prefixLength(&.{ 10, 0, 0, 1 }, &.{ 10, 0, 0, 1 }));
}

test "units: one per request, plus commands and elements in bulk" {
    const commands = ratelimit.commands_per_unit;
    const elements = ratelimit.elements_per_unit;
    try testing.expectEqual(@as(u64, 1), ratelimit.units(.{ .commands = 1, .elements = 0 }));
    try testing.expectEqual(@as(u64, 1), ratelimit.units(.{ .commands = commands, .elements = elements - 1 }));
    try testing.expectEqual(@as(u64, 2), ratelimit.units(.{ .commands = commands + 1, .elements = 0 }));
    try testing.expectEqual(@as(u64, 2), ratelimit.units(.{ .commands = 1, .elements = elements }));
    try testing.expectEqual(@as(u64, 2000), ratelimit.units(.{ .commands = 20_000, .elements = 0 }));
    try testing.expectEqual(@as(u64, 101), ratelimit.units(.{ .commands = 1, .elements = 1_000_000 }));
}

test "decodeKey splits nft's concatenated key types" {
    var info = setinfo.Info{ .family = .inet, .key_type = (7 << 6) | 13, .key_len = 8 };
    try testing.expect(setinfo.decodeKey(&info));
    try testing.expectEqual(@as(u8, 2), info.key_count);
    try testing.expectEqual(setinfo.Datatype.ipv4_addr, info.key[0]);
    try testing.expectEqual(setinfo.Datatype.inet_service, info.key[1]);
    info = setinfo.Info{ .family = .inet, .key_type = 13, .key_len = 2 };
    try testing.expect(setinfo.decodeKey(&info));
    try testing.expectEqual(@as(u32, 2), info.componentBytes(0));
    info = setinfo.Info{ .family = .inet, .key_type = 13, .key_len = 4 };
    try testing.expect(!setinfo.decodeKey(&info)); // the length does not fit the type
    info = setinfo.Info{ .family = .inet, .key_type = 4, .key_len = 4 };
    try testing.expect(!setinfo.decodeKey(&info)); // integer: not encoded by the direct path
}
