//! Tests of the policy's version 2 keys, the host-wide restrictions (src/hostwide.zig), the caps
//! (src/resources.zig) and the rewrites of the canonical batch (add as create, set sizes).

const std = @import("std");
const helper = @import("helper");
const testing = std.testing;
const json = helper.json;
const judge_module = helper.judge;
const policy_module = helper.policy;
const resources = helper.resources;
const service = helper.service;
const writer_module = helper.writer;
const testing_support = @import("testing_support.zig");

const v2_head = "{\"version\":2,\"tables\":[{\"family\":\"inet\",\"name\":\"app\"},{\"family\":\"netdev\",\"name\":" ++
    "\"app\"}]," ++
    "\"operations\":[\"add\",\"create\",\"insert\",\"replace\",\"delete\",\"flush\",\"list\",\"reset\",\"rename\"]," ++
    "\"rate\":{\"perSecond\":1000,\"burst\":1000}";

const restricted = v2_head ++
    ",\"baseChains\":[{\"family\":\"inet\",\"hooks\":[\"input\",\"forward\"],\"types\":[\"filter\"]," ++
    "\"priority\":{\"min\":-10,\"max\":10},\"policies\":[\"accept\"]}," ++
    "{\"family\":\"netdev\",\"hooks\":[\"ingress\"],\"types\":[\"filter\"],\"priority\":{\"min\":0,\"max\":0}," ++
    "\"policies\":[\"accept\"]}]," ++
    "\"devices\":[\"veth*\"],\"statements\":[\"queue\"],\"limits\":{\"elementsPerSet\":100}}";

fn nft(comptime commands: []const u8) []const u8 {
    return "{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[" ++ commands ++ "]}}";
}

fn refusal(fixture: *testing_support.Fixture, body: []const u8) ?judge_module.Refused {
    return switch (judge_module.judge(fixture.context(), body).verdict) {
        .refused => |refused| refused,
        else => null,
    };
}

fn expectDenied(fixture: *testing_support.Fixture, body: []const u8, words: []const u8) !void {
    const refused = refusal(fixture, body) orelse {
        std.debug.print("accepted: {s}\n", .{body});
        return error.TestUnexpectedResult;
    };
    try testing.expectEqualStrings("policy_denied", refused.code);
    if (std.mem.indexOf(u8, refused.message, words) == null) {
        std.debug.print("message {s} does not say {s}\n", .{ refused.message, words });
        return error.TestUnexpectedResult;
    }
}

fn expectAccepted(fixture: *testing_support.Fixture, body: []const u8) !void {
    if (refusal(fixture, body)) |refused| {
        std.debug.print("refused ({s}: {s}): {s}\n", .{ refused.code, refused.message, body });
        return error.TestUnexpectedResult;
    }
}

test "policy: version 2 adds baseChains, devices, statements; limits default; version 1 refuses the new keys" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    try fixture.setPolicy(restricted);
    try testing.expectEqual(@as(u32, 2), fixture.policy.version);
    try testing.expect(fixture.policy.hostwide.enabled);
    try testing.expectEqual(@as(u32, 100), fixture.policy.limits.elements_per_set);
    const defaults = resources.Limits{};
    try testing.expectEqual(defaults.sets_per_table, fixture.policy.limits.sets_per_table);
    try fixture.setPolicy(v2_head ++ "}");
    try testing.expect(fixture.policy.hostwide.enabled and fixture.policy.hostwide.rule_count == 0);
    const refused = [_][]const u8{
        "{\"version\":1,\"tables\":[],\"operations\":[],\"rate\":{\"perSecond\":1,\"burst\":1},\"statements\":[]}",
        v2_head ++ ",\"statements\":[\"fwd\"]}",
        v2_head ++ ",\"statements\":[\"queue\",\"queue\"]}",
        v2_head ++ ",\"devices\":[\"eth0/x\"]}",
        v2_head ++ ",\"baseChains\":[{\"family\":\"inet\",\"hooks\":[\"input\"],\"types\":[\"filter\"]," ++
            "\"priority\":{\"min\":1,\"max\":0},\"policies\":[\"accept\"]}]}",
        v2_head ++ ",\"baseChains\":[{\"family\":\"inet\",\"hooks\":[],\"types\":[\"filter\"],\"priority\":{" ++
            "\"min\":0,\"max\":0},\"policies\":[\"accept\"]}]}",
        v2_head ++ ",\"baseChains\":[{\"family\":\"inet\",\"hooks\":[\"input\"],\"types\":[\"filter\"]," ++
            "\"priority\":{\"min\":0,\"max\":0}}]}",
        v2_head ++ ",\"limits\":{\"elementsPerSet\":0}}",
        v2_head ++ ",\"limits\":{\"setsPerTable\":65537}}",
        v2_head ++ ",\"limits\":{\"tables\":1}}",
    };
    for (refused) |text| {
        switch (policy_module.parse(text, .{ .nodes = fixture.nodes, .strings = fixture.strings })) {
            .ok => return error.TestUnexpectedResult,
            .err => {},
        }
    }
}

// mitigates: M-55
test "hostwide: base chains, devices and statements stay within a version 2 policy" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    try fixture.setPolicy(restricted);
    const chain = "{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"c\",\"type\":\"filter\"," ++
        "\"hook\":";
    try expectAccepted(&fixture, nft(chain ++ "\"input\",\"prio\":0,\"policy\":\"accept\"}}}"));
    try expectAccepted(&fixture, nft(chain ++ "\"input\",\"prio\":0}}}"));
    try expectAccepted(
        &fixture,
        nft("{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"regular\"}}}"),
    );
    try expectDenied(&fixture, nft(chain ++ "\"input\",\"prio\":0,\"policy\":\"drop\"}}}"), "chain policy");
    try expectDenied(&fixture, nft(chain ++ "\"input\",\"prio\":-300,\"policy\":\"accept\"}}}"), "priority");
    try expectDenied(&fixture, nft(chain ++ "\"output\",\"prio\":0}}}"), "no baseChains entry");
    try expectDenied(
        &fixture,
        nft("{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"n\",\"type\":\"nat\",\"hook\":" ++
            "\"input\",\"prio\":0}}}"),
        "chain type",
    );
    const ingress = "{\"add\":{\"chain\":{\"family\":\"netdev\",\"table\":\"app\",\"name\":\"i\",\"type\":" ++
        "\"filter\",\"hook\":\"ingress\",\"prio\":0,\"dev\":";
    try expectAccepted(&fixture, nft(ingress ++ "\"veth0\"}}}"));
    try expectDenied(&fixture, nft(ingress ++ "\"eth0\"}}}"), "devices");
    try expectDenied(&fixture, nft(ingress ++ "[\"veth1\",\"eth0\"]}}}"), "devices");
    try expectDenied(
        &fixture,
        nft("{\"add\":{\"flowtable\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"f\",\"hook\":\"ingress\"," ++
            "\"prio\":0,\"dev\":[\"lo\"]}}}"),
        "devices",
    );
    const rule = "{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"expr\":";
    try expectAccepted(&fixture, nft(rule ++ "[{\"queue\":{\"num\":1}}]}}}"));
    try expectAccepted(&fixture, nft(rule ++ "[{\"limit\":{\"rate\":10,\"per\":\"second\"}},{\"log\":null}]}}}"));
    try expectDenied(
        &fixture,
        nft(rule ++ "[{\"log\":null},{\"limit\":{\"rate\":10,\"per\":\"second\"}}]}}}"),
        "log without a limit",
    );
    try expectDenied(&fixture, nft(rule ++ "[{\"notrack\":null}]}}}"), "notrack");
    try expectDenied(&fixture, nft(rule ++ "[{\"ct helper\":\"ftp-standard\"}]}}}"), "ct helper");
    try expectDenied(
        &fixture,
        nft("{\"insert\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"expr\":[{\"dup\":{" ++
            "\"addr\":\"192.0.2.1\"}}]}}}"),
        "dup",
    );
    // A refusal names the command and the offending node.
    const refused = refusal(
        &fixture,
        nft("{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}," ++ rule ++
            "[{\"accept\":null},{\"notrack\":null}]}}}"),
    ).?;
    try testing.expectEqual(@as(?u32, 1), refused.command);
    try testing.expectEqualStrings("/batch/nftables/1/add/rule/expr/1", refused.path.?);
}

// mitigates: M-55
test "hostwide: only a limit in the rule, not over, at most 100 packets a second, makes log limited" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    try fixture.setPolicy(restricted);
    const rule = "{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"expr\":[";
    const log = ",{\"log\":null}]}}}";
    try expectAccepted(&fixture, nft(rule ++ "{\"limit\":{\"rate\":100}}" ++ log));
    try expectAccepted(&fixture, nft(rule ++ "{\"limit\":{\"rate\":6000,\"per\":\"minute\",\"burst\":100," ++
        "\"inv\":false}}" ++ log));
    const unbounded = [_][]const u8{
        nft(rule ++ "{\"limit\":{\"rate\":1,\"per\":\"second\",\"inv\":true}}" ++ log),
        nft(rule ++ "{\"limit\":{\"rate\":101,\"per\":\"second\"}}" ++ log),
        nft(rule ++ "{\"limit\":{\"rate\":6001,\"per\":\"minute\"}}" ++ log),
        nft(rule ++ "{\"limit\":{\"rate\":1,\"burst\":101}}" ++ log),
        nft(rule ++ "{\"limit\":{\"rate\":1,\"rate_unit\":\"kbytes\"}}" ++ log),
        nft(rule ++ "{\"limit\":\"named\"}" ++ log),
    };
    for (unbounded) |body| try expectDenied(&fixture, body, "log without a limit");
    // mangle of ct helper is the ct helper statement; other ct keys are not restricted.
    const mangle = "{\"mangle\":{\"key\":{\"ct\":{\"key\":";
    try expectDenied(&fixture, nft(rule ++ mangle ++ "\"helper\"}},\"value\":\"ftp\"}}]}}}"), "ct helper");
    try expectAccepted(&fixture, nft(rule ++ mangle ++ "\"mark\"}},\"value\":1}}]}}}"));
}

test "hostwide: a version 1 policy restricts none of it" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    try testing.expect(!fixture.policy.hostwide.enabled);
    try expectAccepted(
        &fixture,
        nft("{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"c\",\"type\":\"filter\"," ++
            "\"hook\":\"input\",\"prio\":-300,\"policy\":\"drop\"}}}"),
    );
    try expectAccepted(
        &fixture,
        nft("{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"expr\":[{\"notrack\":" ++
            "null},{\"log\":null}]}}}"),
    );
}

// mitigates: M-54
test "resources: set sizes and element lists are checked against the cap from the request alone" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    try fixture.setPolicy(restricted);
    const set = "{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"type\":\"ipv4_addr\"";
    try expectAccepted(&fixture, nft(set ++ "}}}"));
    try expectAccepted(&fixture, nft(set ++ ",\"size\":100}}}"));
    // One element without a list around it, as nft's JSON allows.
    try expectAccepted(&fixture, nft(set ++ ",\"elem\":\"10.0.0.1\"}}}"));
    try expectAccepted(&fixture, nft("{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\"," ++
        "\"elem\":\"10.0.0.2\"}}}"));
    try expectDenied(&fixture, nft(set ++ ",\"size\":101}}}"), "elementsPerSet");
    try expectDenied(&fixture, nft(set ++ ",\"size\":0}}}"), "unbounded");
    try expectDenied(
        &fixture,
        nft("{\"add\":{\"map\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"m\",\"type\":\"ipv4_addr\"," ++
            "\"map\":\"ipv4_addr\",\"size\":1000}}}"),
        "elementsPerSet",
    );
    var elements: [101 * 14 + 200]u8 = undefined;
    var buffer = writer_module.Buffer.init(&elements);
    buffer.raw("{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\"," ++
        "\"table\":\"app\",\"name\":\"s\",\"elem\":[");
    for (0..101) |index| {
        if (index > 0) buffer.byte(',');
        var address: [16]u8 = undefined;
        buffer.string(std.fmt.bufPrint(&address, "10.0.0.{d}", .{index}) catch unreachable);
    }
    buffer.raw("]}}}]}}");
    try expectDenied(&fixture, buffer.written(), "elementsPerSet");
}

/// Judges `body` under the fixture's policy and plays it on a census filled from `listing`.
fn playOn(
    fixture: *testing_support.Fixture,
    census: *resources.Census,
    listing: []const u8,
    body: []const u8,
) !?resources.Excess {
    var listing_nodes: [4096]json.Node = undefined;
    var listing_strings: [4096]u8 = undefined;
    const listed = switch (json.parse(listing, .{ .nodes = &listing_nodes, .strings = &listing_strings }, .{})) {
        .ok => |value| value,
        .err => return error.TestUnexpectedResult,
    };
    const judged = judge_module.judge(fixture.context(), body);
    const plan = switch (judged.verdict) {
        .nft => |value| value,
        else => return error.TestUnexpectedResult,
    };
    census.reset(.inet, "app");
    census.absorb(&listed, null, &fixture.policy.limits);
    return census.play(&judged.tree.?, fixture.summaries[0..plan.command_count], &fixture.policy.limits);
}

// mitigates: M-54
test "resources: the census counts a table's listing and plays the batch on it" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    try fixture.setPolicy(v2_head ++ ",\"limits\":{\"elementsPerSet\":100,\"setsPerTable\":2,\"chainsPerTable\":2," ++
        "\"rulesPerTable\":3}}");
    const entries = try testing.allocator.alloc(resources.Entry, resources.entries_capacity);
    defer testing.allocator.free(entries);
    @memset(entries, .{});
    var census = resources.Census{ .entries = entries };
    const listing =
        \\{"nftables":[{"metainfo":{"version":"1.0.6"}},
        \\{"chain":{"family":"inet","table":"app","name":"a","handle":1}},
        \\{"chain":{"family":"inet","table":"other","name":"x","handle":1}},
        \\{"set":{"family":"inet","table":"app","name":"sized","handle":2,"size":100}},
        \\{"set":{"family":"inet","table":"app","name":"legacy","handle":3}},
        \\{"rule":{"family":"inet","table":"app","chain":"a","handle":4,"expr":[]}},
        \\{"rule":{"family":"inet","table":"app","chain":"a","handle":5,"expr":[]}}]}
    ;
    const a = "{\"family\":\"inet\",\"table\":\"app\"";
    const play = Play{ .fixture = &fixture, .census = &census, .listing = listing };
    // Re-adding what exists adds nothing; one new chain reaches the cap of 2.
    try play.fits(nft("{\"add\":{\"chain\":" ++ a ++ ",\"name\":\"a\"}}},{\"add\":{\"chain\":" ++ a ++
        ",\"name\":\"b\"}}}"));
    var excess = try play.excess(nft("{\"add\":{\"chain\":" ++ a ++ ",\"name\":\"b\"}}},{\"add\":{\"chain\":" ++ a ++
        ",\"name\":\"c\"}}}"));
    try testing.expectEqual(@as(u32, 1), excess.command);
    try testing.expectEqual(@as(u64, 2), excess.cap);
    try testing.expect(std.mem.indexOf(u8, excess.message, "chainsPerTable") != null);
    // A third set goes above setsPerTable, unless the batch deletes one first.
    excess = try play.excess(nft("{\"add\":{\"set\":" ++ a ++ ",\"name\":\"n\",\"type\":\"ipv4_addr\"}}}"));
    try testing.expect(std.mem.indexOf(u8, excess.message, "setsPerTable") != null);
    try play.fits(nft("{\"delete\":{\"set\":" ++ a ++ ",\"name\":\"legacy\"}}},{\"add\":{\"set\":" ++ a ++
        ",\"name\":\"n\",\"type\":\"ipv4_addr\"}}}"));
    // Rules: 2 listed, cap 3; a flush of the chain gives them back.
    const accept_rule = ",\"chain\":\"a\",\"expr\":[{\"accept\":null}]}}}";
    excess = try play.excess(nft("{\"add\":{\"rule\":" ++ a ++ accept_rule ++ ",{\"insert\":{\"rule\":" ++ a ++
        accept_rule));
    try testing.expect(std.mem.indexOf(u8, excess.message, "rulesPerTable") != null);
    try play.fits(nft("{\"flush\":{\"chain\":" ++ a ++ ",\"name\":\"a\"}}},{\"add\":{\"rule\":" ++ a ++ accept_rule ++
        ",{\"add\":{\"rule\":" ++ a ++ accept_rule));
    // Elements: into a set sized at the cap, fine; into a set without size, refused.
    const element = ",\"elem\":[\"10.0.0.1\"]}}}";
    try play.fits(nft("{\"add\":{\"element\":" ++ a ++ ",\"name\":\"sized\"" ++ element));
    excess = try play.excess(nft("{\"add\":{\"element\":" ++ a ++ ",\"name\":\"legacy\"" ++ element));
    try testing.expect(std.mem.indexOf(u8, excess.message, "no size") != null);
    // A set the batch declares (again) is sized by the helper: its elements are accepted.
    const declare_legacy = "{\"add\":{\"set\":" ++ a ++ ",\"name\":\"legacy\",\"type\":\"ipv4_addr\"}}}";
    try play.fits(nft(declare_legacy ++ ",{\"add\":{\"element\":" ++ a ++ ",\"name\":\"legacy\"" ++ element));
    try play.fits(nft("{\"delete\":{\"set\":" ++ a ++ ",\"name\":\"legacy\"}}}," ++ declare_legacy ++
        ",{\"add\":{\"element\":" ++ a ++ ",\"name\":\"legacy\"" ++ element));
}

// mitigates: M-54
test "resources: anonymous sets count against elementsPerSet, per rule and per table" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    try fixture.setPolicy(v2_head ++ ",\"limits\":{\"elementsPerSet\":4}}");
    const rule = "{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"a\",\"expr\":[{\"match\":{\"op\":\"==\"," ++
        "\"left\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"saddr\"}},\"right\":{\"set\":";
    const five = rule ++ "[\"10.0.0.1\",\"10.0.0.2\",\"10.0.0.3\",\"10.0.0.4\",\"10.0.0.5\"]}}}]}";
    const two = rule ++ "[\"10.0.0.1\",\"10.0.0.2\"]}}}]}";
    // From the request alone: a rule's own anonymous sets, whatever verb adds it.
    try expectDenied(&fixture, nft("{\"add\":{\"rule\":" ++ five ++ "}}"), "anonymous");
    try expectDenied(&fixture, nft("{\"insert\":{\"rule\":" ++ five ++ "}}"), "anonymous");
    try expectAccepted(&fixture, nft("{\"add\":{\"rule\":" ++ two ++ "}}"));
    // Per table: the listing's anonymous elements (a vmap counts too) and the batch's.
    const entries = try testing.allocator.alloc(resources.Entry, resources.entries_capacity);
    defer testing.allocator.free(entries);
    @memset(entries, .{});
    var census = resources.Census{ .entries = entries };
    const listing =
        \\{"nftables":[{"chain":{"family":"inet","table":"app","name":"a","handle":1}},
        \\{"rule":{"family":"inet","table":"app","chain":"a","handle":2,"expr":[{"vmap":{"key":{"meta":{"key":"mark"}},
        \\"data":{"set":[[1,{"drop":null}],[2,{"accept":null}]]}}}]}},
        \\{"set":{"family":"inet","table":"app","name":"named","handle":3,"size":4}}]}
    ;
    const play = Play{ .fixture = &fixture, .census = &census, .listing = listing };
    try play.fits(nft("{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"n2\"," ++
        "\"type\":\"ipv4_addr\"}}}"));
    try play.fits(nft("{\"add\":{\"rule\":" ++ two ++ "}}"));
    var excess = try play.excess(nft("{\"add\":{\"rule\":" ++ two ++ "}},{\"insert\":{\"rule\":" ++ two ++ "}}"));
    try testing.expectEqual(@as(u32, 1), excess.command);
    try testing.expect(std.mem.indexOf(u8, excess.message, "anonymous sets") != null);
    excess = try play.excess(nft("{\"replace\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"a\"," ++
        "\"handle\":2,\"expr\":[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip\"," ++
        "\"field\":\"saddr\"}},\"right\":{\"set\":[\"10.0.0.1\",\"10.0.0.2\",\"10.0.0.3\"]}}}]}}}"));
    try testing.expectEqual(@as(?u64, 4), excess.cap);
    // A flush of the chain gives its anonymous elements back.
    try play.fits(nft("{\"flush\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"a\"}}}," ++
        "{\"add\":{\"rule\":" ++ two ++ "}},{\"add\":{\"rule\":" ++ two ++ "}}"));
}

/// A listing and a census to play batches on.
const Play = struct {
    fixture: *testing_support.Fixture,
    census: *resources.Census,
    listing: []const u8,

    fn fits(play: Play, body: []const u8) !void {
        const excess_found = try playOn(play.fixture, play.census, play.listing, body);
        try testing.expectEqual(@as(?resources.Excess, null), excess_found);
    }

    fn excess(play: Play, body: []const u8) !resources.Excess {
        return (try playOn(play.fixture, play.census, play.listing, body)) orelse error.TestUnexpectedResult;
    }
};

fn canonical(fixture: *testing_support.Fixture, body: []const u8, out: []u8) ![]const u8 {
    const judged = judge_module.judge(fixture.context(), body);
    const plan = switch (judged.verdict) {
        .nft => |value| value,
        else => return error.TestUnexpectedResult,
    };
    var buffer = writer_module.Buffer.init(out);
    service.writeCanonicalBatch(
        &buffer,
        &judged.tree.?,
        plan.operation.commands,
        fixture.summaries[0..plan.command_count],
        &fixture.policy,
    );
    return buffer.written();
}

// mitigates: M-53
test "canonical: without replace in the policy, add becomes create (rules excepted); sets get the cap as size" {
    var fixture = try testing_support.Fixture.init(testing.allocator);
    defer fixture.deinit(testing.allocator);
    var out: [2048]u8 = undefined;
    const batch = nft("{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"c\",\"type\":" ++
        "\"filter\",\"hook\":\"input\",\"prio\":0,\"policy\":\"drop\"}}}," ++
        "{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"elem\":[{\"elem\":{\"val\":" ++
        "\"10.0.0.1\",\"timeout\":1}}]}}}," ++
        "{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"expr\":[{\"accept\":null}]}}}," ++
        "{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"type\":\"ipv4_addr\",\"flags\":[" ++
        "\"timeout\"]}}}");
    // The sample policy allows replace: add stays add; the set gets the default cap.
    try testing.expectEqualStrings("{\"nftables\":[" ++
        "{\"add\":{\"chain\":{\"family\":\"inet\",\"hook\":\"input\",\"name\":\"c\",\"policy\":\"drop\",\"prio\":0," ++
        "\"table\":\"app\",\"type\":\"filter\"}}}," ++
        "{\"add\":{\"element\":{\"elem\":[{\"elem\":{\"timeout\":1,\"val\":\"10.0.0.1\"}}],\"family\":\"inet\"," ++
        "\"name\":\"s\",\"table\":\"app\"}}}," ++
        "{\"add\":{\"rule\":{\"chain\":\"c\",\"expr\":[{\"accept\":null}],\"family\":\"inet\",\"table\":\"app\"}}}," ++
        "{\"add\":{\"set\":{\"family\":\"inet\",\"flags\":[\"timeout\"],\"name\":\"s\",\"size\":131072,\"table\":" ++
        "\"app\",\"type\":\"ipv4_addr\"}}}]}", try canonical(
        &fixture,
        batch,
        &out,
    ));
    // Add-only: every add but the rule's becomes create.
    try fixture.setPolicy("{\"version\":1,\"tables\":[{\"family\":\"inet\",\"name\":\"app\"}],\"operations\":[" ++
        "\"add\",\"list\"],\"rate\":{\"perSecond\":1,\"burst\":1},\"limits\":{\"elementsPerSet\":64}}");
    try testing.expectEqualStrings("{\"nftables\":[" ++
        "{\"create\":{\"chain\":{\"family\":\"inet\",\"hook\":\"input\",\"name\":\"c\",\"policy\":\"drop\"," ++
        "\"prio\":0,\"table\":\"app\",\"type\":\"filter\"}}}," ++
        "{\"create\":{\"element\":{\"elem\":[{\"elem\":{\"timeout\":1,\"val\":\"10.0.0.1\"}}],\"family\":\"inet\"," ++
        "\"name\":\"s\",\"table\":\"app\"}}}," ++
        "{\"add\":{\"rule\":{\"chain\":\"c\",\"expr\":[{\"accept\":null}],\"family\":\"inet\",\"table\":\"app\"}}}," ++
        "{\"create\":{\"set\":{\"family\":\"inet\",\"flags\":[\"timeout\"],\"name\":\"s\",\"size\":64,\"table\":" ++
        "\"app\",\"type\":\"ipv4_addr\"}}}]}", try canonical(
        &fixture,
        batch,
        &out,
    ));
    // A size the request names is kept.
    try testing.expectEqualStrings("{\"nftables\":[{\"create\":{\"set\":{\"family\":\"inet\",\"name\":\"p\"," ++
        "\"policy\":\"performance\",\"size\":64,\"table\":\"app\",\"type\":\"ipv4_addr\"}}}," ++
        "{\"create\":{\"set\":{\"family\":\"inet\",\"name\":\"q\",\"size\":8,\"table\":\"app\",\"type\":" ++
        "\"ipv4_addr\"}}}]}", try canonical(
        &fixture,
        nft("{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"p\",\"type\":\"ipv4_addr\"," ++
            "\"policy\":\"performance\"}}},{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"q\"," ++
            "\"type\":\"ipv4_addr\",\"size\":8}}}"),
        &out,
    ));
}

// mitigates: M-54
test "resources: the size cache keeps bounded sets per table and forgets on clear" {
    var cache = resources.SizeCache{};
    try testing.expectEqual(@as(?u32, null), cache.get(.inet, "app", "s"));
    cache.put(.inet, "app", "s", 100);
    cache.put(.inet, "other", "s", 7);
    try testing.expectEqual(@as(?u32, 100), cache.get(.inet, "app", "s"));
    try testing.expectEqual(@as(?u32, 7), cache.get(.inet, "other", "s"));
    try testing.expectEqual(@as(?u32, null), cache.get(.ip, "app", "s"));
    try testing.expectEqual(@as(?u32, null), cache.get(.inet, "ap", "ps"));
    cache.put(.inet, "app", "s", 50);
    try testing.expectEqual(@as(?u32, 50), cache.get(.inet, "app", "s"));
    // Half full at most: the rest is not remembered, never an overflow.
    var name: [16]u8 = undefined;
    for (0..resources.size_cache_capacity) |index| cache.put(
        .inet,
        "app",
        std.fmt.bufPrint(&name, "n{d}", .{index}) catch unreachable,
        1,
    );
    try testing.expect(cache.count <= resources.size_cache_capacity / 2);
    cache.clear();
    try testing.expectEqual(@as(?u32, null), cache.get(.inet, "app", "s"));
}
