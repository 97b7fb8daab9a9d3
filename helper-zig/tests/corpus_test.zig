//! The judge over real input: whole rulesets of the in-repo corpus, and, when present, the
//! optional external corpus of nftables' expression files (see tests/rulesets.zig for both).
//!
//! Expectations come from what libnftables 1.0.6 itself does with each case, measured by
//! tests/corpus-groundtruth.py under strace in a throwaway network namespace
//! (tests/rulesets-libnftables.tsv, tests/external-libnftables.tsv):
//!   - "lookup" (libnftables opened a file or a non-netfilter socket): the helper MUST refuse;
//!   - "ok", or not measured: the helper accepts, unless the exclusions file of the corpus
//!     (tests/rulesets-exclusions.tsv, tests/external-exclusions.tsv) gives the reason it refuses;
//!     an exclusion the helper no longer needs fails the test (stale);
//!   - "rejected" by libnftables: reported (how much wider than libnftables the helper is).

const std = @import("std");
const helper = @import("helper");
const json = helper.json;
const writer_module = helper.writer;
const rulesets = @import("rulesets.zig");
const testing_support = @import("testing_support.zig");

const rulesets_truth_path = "tests/rulesets-libnftables.tsv";
const rulesets_exclusions_path = "tests/rulesets-exclusions.tsv";
const external_truth_path = "tests/external-libnftables.tsv";
const external_exclusions_path = "tests/external-exclusions.tsv";

const Counts = struct {
    accepted: u32 = 0,
    excluded: u32 = 0,
    missed: u32 = 0,
    stale_exclusions: u32 = 0,
    lookups_refused: u32 = 0,
    lookups_accepted: u32 = 0,
    rejected_refused: u32 = 0,
    rejected_accepted: u32 = 0,
    unmeasured: u32 = 0,

    /// Files the row for `key` ("FILE\tINDEX\t") of the ground truth and the exclusions.
    fn record(counts: *Counts, truth: []const u8, exclusions: []const u8, key: []const u8, code: []const u8) void {
        const accepted = std.mem.eql(u8, code, "ok");
        const excluded = std.mem.indexOf(u8, exclusions, key) != null;
        const status = statusOf(truth, key);
        if (std.mem.eql(u8, status, "lookup")) {
            if (accepted) {
                counts.lookups_accepted += 1;
                std.debug.print("ACCEPTED A LOOKUP: {s}\n", .{key});
            } else counts.lookups_refused += 1;
            return;
        }
        if (std.mem.eql(u8, status, "rejected")) {
            if (accepted) counts.rejected_accepted += 1 else counts.rejected_refused += 1;
            return;
        }
        if (status.len == 0) counts.unmeasured += 1;
        if (accepted and excluded) {
            counts.stale_exclusions += 1;
            std.debug.print("stale exclusion (now accepted): {s}\n", .{key});
        } else if (accepted) {
            counts.accepted += 1;
        } else if (excluded) {
            counts.excluded += 1;
        } else {
            counts.missed += 1;
            std.debug.print("refused without a documented reason: {s}{s}\n", .{ key, code });
        }
    }

    fn report(counts: *const Counts, what: []const u8) void {
        std.debug.print(
            "{s}: {d} accepted, {d} refused for a documented reason, {d} refused without one; " ++
                "lookups {d} refused, {d} accepted; libnftables-rejected {d} also refused, {d} accepted; " ++
                "{d} without ground truth\n",
            .{
                what,                    counts.accepted,          counts.excluded,
                counts.missed,           counts.lookups_refused,   counts.lookups_accepted,
                counts.rejected_refused, counts.rejected_accepted, counts.unmeasured,
            },
        );
    }

    fn expectClean(counts: *const Counts) !void {
        try std.testing.expectEqual(@as(u32, 0), counts.lookups_accepted);
        try std.testing.expectEqual(@as(u32, 0), counts.missed);
        try std.testing.expectEqual(@as(u32, 0), counts.stale_exclusions);
    }
};

/// The status column ("ok", "lookup", "rejected") of the row starting with `key`, or "".
fn statusOf(truth: []const u8, key: []const u8) []const u8 {
    var start: usize = 0;
    while (std.mem.indexOfPos(u8, truth, start, key)) |at| : (start = at + 1) {
        if (at != 0 and truth[at - 1] != '\n') continue;
        const rest = truth[at + key.len ..];
        return rest[0 .. std.mem.indexOfAny(u8, rest, "\t\n") orelse rest.len];
    }
    return "";
}

test "corpus: every object of the in-repo rulesets is accepted, or refused for a documented reason" {
    const allocator = std.testing.allocator;
    var directory = std.fs.cwd().openDir(rulesets.rulesets_directory, .{ .iterate = true }) catch {
        std.debug.print("corpus: 0 in-repo rulesets ({s} not present)\n", .{rulesets.rulesets_directory});
        return;
    };
    defer directory.close();
    const names = try rulesets.listingNames(allocator, directory);
    defer rulesets.freeNames(allocator, names);
    const truth = try std.fs.cwd().readFileAlloc(allocator, rulesets_truth_path, 8 * 1024 * 1024);
    defer allocator.free(truth);
    const exclusions = try std.fs.cwd().readFileAlloc(allocator, rulesets_exclusions_path, 1024 * 1024);
    defer allocator.free(exclusions);
    var fixture = try testing_support.Fixture.init(allocator);
    defer fixture.deinit(allocator);
    const listing_nodes = try allocator.alloc(json.Node, 1 << 20);
    defer allocator.free(listing_nodes);
    const listing_strings = try allocator.alloc(u8, 4 << 20);
    defer allocator.free(listing_strings);
    const bytes = try allocator.alloc(u8, 4 << 20);
    defer allocator.free(bytes);

    var counts = Counts{};
    var objects: u32 = 0;
    for (names) |name| {
        const text = try directory.readFileAlloc(allocator, name, 16 * 1024 * 1024);
        defer allocator.free(text);
        const listing = rulesets.Listing.parse(text, .{ .nodes = listing_nodes, .strings = listing_strings }) orelse {
            std.debug.print("{s}: not a listing ({{\"nftables\": [...]}})\n", .{name});
            return error.TestUnexpectedResult;
        };
        var policy = writer_module.Buffer.init(bytes);
        listing.writePolicy(&policy);
        try fixture.setPolicy(policy.written());
        var item = listing.tree.first(listing.items);
        var index: u32 = 0;
        while (item != json.none) : ({
            item = listing.tree.next(item);
            index += 1;
        }) {
            const kind = listing.kindOf(item) orelse return error.TestUnexpectedResult;
            if (std.mem.eql(u8, kind, "metainfo")) continue;
            objects += 1;
            var request = writer_module.Buffer.init(bytes);
            listing.writeRequest(item, &request);
            var key_buffer: [512]u8 = undefined;
            const key = try std.fmt.bufPrint(&key_buffer, "{s}\t{d}\t", .{ name, index });
            counts.record(truth, exclusions, key, fixture.code(request.written()));
        }
    }
    std.debug.print("corpus: {d} in-repo rulesets, {d} objects\n", .{ names.len, objects });
    counts.report("corpus (in-repo rulesets)");
    try counts.expectClean();
}

test "corpus: the external expression corpus, when present, adds its cases" {
    const allocator = std.testing.allocator;
    var path_buffer: [std.fs.max_path_bytes]u8 = undefined;
    const root_path = try std.fmt.bufPrint(&path_buffer, "{s}/nft-expr-json", .{rulesets.externalRoot()});
    var root = std.fs.cwd().openDir(root_path, .{}) catch {
        std.debug.print("external corpus: not present at {s} (optional; set {s} to add it): 0 cases added\n", .{
            root_path, rulesets.external_variable,
        });
        return error.SkipZigTest;
    };
    defer root.close();
    const all_families_policy =
        \\{"version":1,"tables":[{"family":"ip","name":"app"},{"family":"ip6","name":"app"},
        \\{"family":"inet","name":"app"},
        \\{"family":"arp","name":"app"},{"family":"bridge","name":"app"},{"family":"netdev","name":"app"}],
        \\"operations":["add"],"rate":{"perSecond":1,"burst":1}}
    ;
    var fixture = try testing_support.Fixture.initWithPolicy(allocator, try allocator.dupe(u8, all_families_policy));
    defer fixture.deinit(allocator);
    const truth = try std.fs.cwd().readFileAlloc(allocator, external_truth_path, 8 * 1024 * 1024);
    defer allocator.free(truth);
    const exclusions = try std.fs.cwd().readFileAlloc(allocator, external_exclusions_path, 1024 * 1024);
    defer allocator.free(exclusions);

    var counts = Counts{};
    var cases: u32 = 0;
    var frame_buffer: [256 * 1024]u8 = undefined;
    var current_file: []const u8 = "";
    var file_text: []u8 = &.{};
    defer allocator.free(file_text);
    var blocks: rulesets.Blocks = undefined;
    var block_index: u32 = 0;
    var lines = std.mem.splitScalar(u8, truth, '\n');
    while (lines.next()) |line| {
        if (line.len == 0 or line[0] == '#') continue;
        var fields = std.mem.splitScalar(u8, line, '\t');
        const file = fields.next().?;
        const wanted_index = try std.fmt.parseInt(u32, fields.next().?, 10);
        if (!std.mem.eql(u8, file, current_file)) {
            allocator.free(file_text);
            file_text = try root.readFileAlloc(allocator, file, 4 * 1024 * 1024);
            current_file = file;
            blocks = .{ .text = file_text };
            block_index = 0;
        }
        var block = blocks.next().?;
        while (block_index < wanted_index) : (block_index += 1) block = blocks.next().?;
        block_index += 1;
        const directory = file[0..std.mem.indexOfScalar(u8, file, '/').?];
        const family = if (std.mem.eql(u8, directory, "any")) "inet" else directory;
        const frame = try std.fmt.bufPrint(
            &frame_buffer,
            "{{\"id\":1,\"op\":\"nft\",\"batch\":{{\"nftables\":[{{\"add\":{{\"rule\":" ++
                "{{\"family\":\"{s}\",\"table\":\"app\",\"chain\":\"c\",\"expr\":{s}}}}}}}]}}}}",
            .{ family, block.array },
        );
        var key_buffer: [256]u8 = undefined;
        const key = try std.fmt.bufPrint(&key_buffer, "{s}\t{d}\t", .{ file, wanted_index });
        counts.record(truth, exclusions, key, fixture.code(frame));
        cases += 1;
    }
    std.debug.print("external corpus: {d} cases added from {s}\n", .{ cases, root_path });
    counts.report("corpus (external expressions)");
    try counts.expectClean();
    try std.testing.expect(counts.accepted > 0);
}

test "corpus: the ground truth is read by its key" {
    const truth = "# header\na.json\t1\tok\tx\na.json\t11\tlookup\ty\n";
    try std.testing.expectEqualStrings("ok", statusOf(truth, "a.json\t1\t"));
    try std.testing.expectEqualStrings("lookup", statusOf(truth, "a.json\t11\t"));
    try std.testing.expectEqualStrings("", statusOf(truth, "a.json\t2\t"));
}
