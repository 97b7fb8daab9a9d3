//! Unit tests of the sysctl decisions: names, interface names, values (src/sysctl.zig), the
//! policy's allowlist (src/policy.zig), request decoding and the judge's policy check. The kernel
//! side is tested black-box by tests/sysctl.sh.

const std = @import("std");
const helper = @import("helper");
const testing = std.testing;
const json = helper.json;
const sysctl = helper.sysctl;
const policy_module = helper.policy;
const judge_module = helper.judge;
const testing_support = @import("testing_support.zig");

var nodes: [4096]json.Node = undefined;
var strings: [65536]u8 = undefined;

fn tree(text: []const u8) !json.Tree {
    return switch (json.parse(text, .{ .nodes = &nodes, .strings = &strings }, .{})) {
        .ok => |value| value,
        .err => error.BadJson,
    };
}

fn pathOf(name: []const u8) ![]const u8 {
    const resolved = switch (sysctl.resolve(name, false)) {
        .ok => |value| value,
        .err => return error.Refused,
    };
    const Static = struct {
        var buffer: [sysctl.name_bytes_max + 1]u8 = undefined;
    };
    return resolved.relativePath(&Static.buffer);
}

test "sysctl: names map to paths below /proc/sys/net only after validation" {
    try testing.expectEqualStrings("ipv4/ip_forward", try pathOf("net.ipv4.ip_forward"));
    try testing.expectEqualStrings("ipv4/conf/eth0/rp_filter", try pathOf("net.ipv4.conf.eth0.rp_filter"));
    try testing.expectEqualStrings("ipv4/conf/eth0.100/rp_filter", try pathOf("net.ipv4.conf.eth0.100.rp_filter"));
    try testing.expectEqualStrings("ipv6/conf/all/forwarding", try pathOf("net.ipv6.conf.all.forwarding"));
    try testing.expectEqualStrings("ipv4/ip_local_port_range", try pathOf("net.ipv4.ip_local_port_range"));
    const refused = [_][]const u8{
        "",                                         "net.",
        "net.ipv4.ip_forward.",                     "/proc/sys/net/ipv4/ip_forward",
        "net/ipv4/ip_forward",                      "kernel.hostname",
        "net.ipv4.conf.../../../kernel.rp_filter",  "net.ipv4.conf...rp_filter",
        "net.ipv4.conf..rp_filter",                 "net.ipv4.conf.a/b.rp_filter",
        "net.ipv4.conf.0123456789abcdef.rp_filter", "net.ipv4.conf.a b.rp_filter",
        "net.ipv4.conf.a:1.rp_filter",              "net.ipv4.conf.*.rp_filter",
        "net.ipv4.conf.a\x00.rp_filter",            "net.ipv4.conf.\xc3\xa9.rp_filter",
        "NET.IPV4.IP_FORWARD",                      "net.ipv4.tcp_fake",
        "net.ipv4.conf.eth0.rp_filter_x",           "net.ipv4.ip_forward/../x",
    };
    for (refused) |name| {
        if (pathOf(name)) |path| {
            std.debug.print("accepted {s} as {s}\n", .{ name, path });
            return error.TestUnexpectedResult;
        } else |_| {}
    }
    // 15 bytes is the longest interface name.
    try testing.expectEqualStrings(
        "ipv4/conf/0123456789abcde/rp_filter",
        try pathOf("net.ipv4.conf.0123456789abcde.rp_filter"),
    );
}

test "sysctl: every table name yields a path that stays below the directory" {
    for (sysctl.parameters) |parameter| {
        var name_buffer: [sysctl.name_bytes_max]u8 = undefined;
        const size = std.mem.replacementSize(u8, parameter.name, "*", "eth0.5");
        _ = std.mem.replace(u8, parameter.name, "*", "eth0.5", &name_buffer);
        const path = try pathOf(name_buffer[0..size]);
        try testing.expect(sysctl.pathStaysBelow(path));
    }
    try testing.expect(!sysctl.pathStaysBelow("../kernel/x"));
    try testing.expect(!sysctl.pathStaysBelow("/ipv4/x"));
    try testing.expect(!sysctl.pathStaysBelow("ipv4//x"));
    try testing.expect(!sysctl.pathStaysBelow("ipv4/conf/./x"));
}

fn parsedValue(kind: sysctl.Kind, text: []const u8) ?sysctl.Value {
    return switch (sysctl.parseValue(kind, text)) {
        .ok => |parsed| parsed,
        .err => null,
    };
}

test "sysctl: values follow the kernel's documented ranges" {
    const mode = sysctl.Kind{ .range = .{ .min = 0, .max = 2 } };
    try testing.expectEqual(@as(i64, 0), parsedValue(.boolean, "0").?.first);
    try testing.expectEqual(@as(i64, 1), parsedValue(.boolean, "1").?.first);
    try testing.expectEqual(@as(i64, 2), parsedValue(mode, "2").?.first); // rp_filter=2, tcp_tw_reuse=2
    const ports = parsedValue(.port_range, "32768 60999").?;
    try testing.expect(ports.pair and ports.first == 32768 and ports.second == 60999);
    try testing.expect(parsedValue(.port_range, "1 65535") != null);
    try testing.expect(parsedValue(.port_range, "1024 1024") != null);
    const big = sysctl.Kind{ .range = .{ .min = 0, .max = std.math.maxInt(i32) } };
    try testing.expectEqual(@as(i64, 2147483647), parsedValue(big, "2147483647").?.first);
    const refused_boolean = [_][]const u8{ "2", "-1", "01", "+1", " 1", "1 ", "1\n", "true", "", "0x1", "1.0", "-0" };
    for (refused_boolean) |text| try testing.expect(parsedValue(.boolean, text) == null);
    try testing.expect(parsedValue(mode, "3") == null);
    try testing.expect(parsedValue(big, "2147483648") == null);
    try testing.expect(parsedValue(big, "99999999999") == null);
    const refused_ports = [_][]const u8{
        "60999 32768", "0 100", "1 70000", "1000", "1000  2000", "1000\t2000", " 1 2", "1 2 ", "a b", "1 -2",
    };
    for (refused_ports) |text| try testing.expect(parsedValue(.port_range, text) == null);
    var out: [sysctl.value_bytes_max]u8 = undefined;
    try testing.expectEqualStrings("32768 60999", ports.format(&out));
}

test "sysctl: kernel text is read back normalised" {
    const ports = sysctl.parseKernelText(.port_range, "32768\t60999\n").?;
    try testing.expect(ports.first == 32768 and ports.second == 60999);
    try testing.expectEqual(@as(i64, 2), sysctl.parseKernelText(.boolean, "2\n").?.first);
    try testing.expect(sysctl.parseKernelText(.boolean, "x\n") == null);
}

test "sysctl: policy allowlist is fail closed" {
    const minimal = "{\"version\":1,\"tables\":[],\"operations\":[],\"rate\":{\"perSecond\":1,\"burst\":1}";
    const without = switch (policy_module.parse(minimal ++ "}", .{ .nodes = &nodes, .strings = &strings })) {
        .ok => |policy| policy,
        .err => return error.TestUnexpectedResult,
    };
    try testing.expect(without.sysctl.empty());
    const with = switch (policy_module.parse(
        minimal ++ ",\"sysctl\":[\"net.ipv4.ip_forward\",\"net.ipv4.conf.*.rp_filter\"," ++
            "\"net.ipv6.conf.eth0.forwarding\"]}",
        .{ .nodes = &nodes, .strings = &strings },
    )) {
        .ok => |policy| policy,
        .err => return error.TestUnexpectedResult,
    };
    try testing.expectEqual(@as(u32, 3), with.sysctl.count);
    const allowed = [_][]const u8{
        "net.ipv4.ip_forward",           "net.ipv4.conf.lo.rp_filter", "net.ipv4.conf.all.rp_filter",
        "net.ipv6.conf.eth0.forwarding",
    };
    for (allowed) |name| try testing.expect(with.sysctl.allows(&sysctl.resolve(name, false).ok));
    const denied = [_][]const u8{
        "net.ipv4.tcp_syncookies", "net.ipv6.conf.eth1.forwarding", "net.ipv4.conf.lo.forwarding",
    };
    for (denied) |name| try testing.expect(!with.sysctl.allows(&sysctl.resolve(name, false).ok));
    const bad = [_][]const u8{
        "\"sysctl\":[\"kernel.hostname\"]}",                             "\"sysctl\":[\"net.ipv4.fake\"]}",
        "\"sysctl\":[\"net.ipv4.ip_forward\",\"net.ipv4.ip_forward\"]}", "\"sysctl\":\"net.ipv4.ip_forward\"}",
        "\"sysctl\":[1]}",
        "\"sysctl\":[" ++
            "\"net.ipv4.conf.a/b.rp_filter\"]}",
        "\"sysctl\":[\"net.*\"]}",
        "\"sysctl\":[\"net.ipv4.conf.**.rp_filter\"]}",
    };
    for (bad) |tail| {
        var text_buffer: [512]u8 = undefined;
        const text = try std.fmt.bufPrint(&text_buffer, "{s},{s}", .{ minimal, tail });
        switch (policy_module.parse(text, .{ .nodes = &nodes, .strings = &strings })) {
            .ok => {
                std.debug.print("accepted policy {s}\n", .{text});
                return error.TestUnexpectedResult;
            },
            .err => {},
        }
    }
}

test "sysctl: requests are decoded whole, then judged against the policy, before anything runs" {
    const allocator = testing.allocator;
    var fixture = try testing_support.Fixture.init(allocator);
    defer fixture.deinit(allocator);
    try fixture.setPolicy(
        \\{"version":1,"tables":[],"operations":[],"rate":{"perSecond":1,"burst":1},
        \\"sysctl":["net.ipv4.ip_forward","net.ipv4.conf.*.rp_filter"]}
    );
    const get = "{\"id\":1,\"op\":\"sysctl_get\",\"names\":[\"net.ipv4.ip_forward\",\"net.ipv4.conf.eth0.rp_filter\"]}";
    switch (judge_module.judge(fixture.context(), get).verdict) {
        .sysctl => |plan| {
            try testing.expect(!plan.set);
            try testing.expectEqual(@as(usize, 2), plan.items.len);
        },
        else => return error.TestUnexpectedResult,
    }
    const set = "{\"id\":1,\"op\":\"sysctl_set\",\"values\":{\"net.ipv4.ip_forward\":\"1\"," ++
        "\"net.ipv4.conf.all.rp_filter\":\"2\"}}";
    switch (judge_module.judge(fixture.context(), set).verdict) {
        .sysctl => |plan| {
            try testing.expect(plan.set);
            try testing.expectEqual(@as(i64, 2), plan.items[1].value.first);
        },
        else => return error.TestUnexpectedResult,
    }
    // Every refusal of the sysctl shared vectors (test-vectors/requests/sysctl-*.json) is judged
    // by tests/vectors_test.zig; here, the order: names and values first, then the policy.
    const cases = [_]struct { text: []const u8, code: []const u8, path: []const u8 }{
        .{
            .text = "{\"id\":1,\"op\":\"sysctl_get\",\"names\":[\"net.ipv4.tcp_ecn\",\"kernel.hostname\"]}",
            .code = "invalid_request",
            .path = "/names/1",
        },
        .{
            .text = "{\"id\":1,\"op\":\"sysctl_get\",\"names\":[\"net.ipv4.ip_forward\",\"net.ipv4.tcp_ecn\"]}",
            .code = "policy_denied",
            .path = "/names/1",
        },
        .{
            .text = "{\"id\":1,\"op\":\"sysctl_set\",\"values\":{\"net.ipv4.tcp_syncookies\":\"1\"}}",
            .code = "policy_denied",
            .path = "/values/net.ipv4.tcp_syncookies",
        },
    };
    for (cases) |case| {
        switch (judge_module.judge(fixture.context(), case.text).verdict) {
            .refused => |refused| {
                try testing.expectEqualStrings(case.code, refused.code);
                try testing.expectEqualStrings(case.path, refused.path orelse "");
            },
            else => {
                std.debug.print("accepted {s}\n", .{case.text});
                return error.TestUnexpectedResult;
            },
        }
    }
    // Without a sysctl key, every name is outside the policy.
    try fixture.setPolicy("{\"version\":1,\"tables\":[],\"operations\":[],\"rate\":{\"perSecond\":1,\"burst\":1}}");
    try testing.expectEqualStrings("policy_denied", fixture.code(get));
}

test "sysctl: random names either resolve to a path below the directory or are refused" {
    // Deterministic: names built around the table's own prefixes and suffixes from a hostile
    // alphabet ('.', '/', NUL, '*', ':', space, high bytes), so that resolution is actually reached.
    var prng = std.Random.DefaultPrng.init(0x5157_c7_1);
    const random = prng.random();
    const alphabet = "ab0./*: \x00\xff_-";
    var accepted: u32 = 0;
    var buffer: [sysctl.name_bytes_max + 8]u8 = undefined;
    var round: u32 = 0;
    while (round < 20_000) : (round += 1) {
        const parameter = sysctl.parameters[random.uintLessThan(usize, sysctl.parameters.len)];
        var length: usize = 0;
        const star = std.mem.indexOfScalar(u8, parameter.name, '*') orelse parameter.name.len;
        @memcpy(buffer[0..star], parameter.name[0..star]);
        length = star;
        const middle = random.uintLessThan(usize, 18);
        for (0..middle) |_| {
            buffer[length] = alphabet[random.uintLessThan(usize, alphabet.len)];
            length += 1;
        }
        if (star < parameter.name.len) {
            const suffix = parameter.name[star + 1 ..];
            @memcpy(buffer[length..][0..suffix.len], suffix);
            length += suffix.len;
        }
        const name = buffer[0..length];
        const resolved = switch (sysctl.resolve(name, false)) {
            .ok => |value| value,
            .err => continue,
        };
        accepted += 1;
        var path_buffer: [sysctl.name_bytes_max + 1]u8 = undefined;
        const path = resolved.relativePath(&path_buffer);
        try testing.expect(sysctl.pathStaysBelow(path));
        try testing.expect(std.mem.indexOfScalar(u8, path, 0) == null);
        if (resolved.scoped()) try testing.expect(sysctl.checkInterface(resolved.interface()) == null);
    }
    // Both outcomes occur, so the property is exercised rather than vacuous.
    try testing.expect(accepted > 100 and accepted < 20_000);
}
