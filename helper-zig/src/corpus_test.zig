//! Acceptance over the nftables expression corpus (/work/shared/corpus/nft-expr-json), against
//! what libnftables 1.0.6 itself does with each array (tests/corpus-libnftables.tsv, measured by
//! tests/corpus-groundtruth.py under strace in a throwaway namespace):
//!   - "lookup" (libnftables opened a file or a non-netfilter socket): the helper MUST refuse;
//!   - "ok" (accepted, no lookup): the helper accepts, unless tests/corpus-exclusions.tsv lists
//!     the array with the reason of a deliberate exclusion;
//!   - "rejected" by libnftables: reported (how much wider than libnftables the helper is).
//! Every array is wrapped as `add rule <family> app c`; the policy owns `app` in every family.

const std = @import("std");
const corpus = @import("corpus.zig");
const testing_support = @import("testing_support.zig");

// shared/ sits beside the checkout (tests run from helper-zig/).
const corpus_root = "../../shared/corpus/nft-expr-json";
const truth_path = "tests/corpus-libnftables.tsv";
const exclusions_path = "tests/corpus-exclusions.tsv";

const all_families_policy =
    \\{"version":1,"tables":[{"family":"ip","name":"app"},{"family":"ip6","name":"app"},{"family":"inet","name":"app"},
    \\{"family":"arp","name":"app"},{"family":"bridge","name":"app"},{"family":"netdev","name":"app"}],
    \\"operations":["add"],"rate":{"perSecond":1,"burst":1}}
;

fn familyOf(directory: []const u8) []const u8 {
    if (std.mem.eql(u8, directory, "any")) return "inet";
    return directory;
}

test "corpus: lookups refused, libnftables-accepted arrays accepted unless excluded" {
    const allocator = std.testing.allocator;
    var root = std.fs.cwd().openDir(corpus_root, .{}) catch {
        std.debug.print("corpus test skipped: {s} not present\n", .{corpus_root});
        return error.SkipZigTest;
    };
    defer root.close();
    var fixture = try testing_support.Fixture.initWithPolicy(allocator, try allocator.dupe(u8, all_families_policy));
    defer fixture.deinit(allocator);
    const truth = try std.fs.cwd().readFileAlloc(allocator, truth_path, 8 * 1024 * 1024);
    defer allocator.free(truth);
    const exclusions = try std.fs.cwd().readFileAlloc(allocator, exclusions_path, 1024 * 1024);
    defer allocator.free(exclusions);

    var counts = struct { ok_accepted: u32 = 0, ok_excluded: u32 = 0, ok_missed: u32 = 0, lookup_refused: u32 = 0, lookup_accepted: u32 = 0, rejected_accepted: u32 = 0, rejected_refused: u32 = 0, stale_exclusions: u32 = 0 }{};
    var frame_buffer: [256 * 1024]u8 = undefined;
    var current_file: []const u8 = "";
    var file_text: []u8 = &.{};
    defer allocator.free(file_text);
    var blocks: corpus.Blocks = undefined;
    var block_index: u32 = 0;
    var lines = std.mem.splitScalar(u8, truth, '\n');
    while (lines.next()) |line| {
        if (line.len == 0 or line[0] == '#') continue;
        var fields = std.mem.splitScalar(u8, line, '\t');
        const file = fields.next().?;
        const wanted_index = try std.fmt.parseInt(u32, fields.next().?, 10);
        const status = fields.next().?;
        const rule_text = fields.next() orelse "";
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
        const frame = try std.fmt.bufPrint(&frame_buffer, "{{\"id\":1,\"op\":\"nft\",\"batch\":{{\"nftables\":[{{\"add\":{{\"rule\":{{\"family\":\"{s}\",\"table\":\"app\",\"chain\":\"c\",\"expr\":{s}}}}}}}]}}}}", .{ familyOf(directory), block.array });
        const code = fixture.code(frame);
        const accepted = std.mem.eql(u8, code, "ok");
        var key_buffer: [256]u8 = undefined;
        const key = try std.fmt.bufPrint(&key_buffer, "{s}\t{d}\t", .{ file, wanted_index });
        const excluded = std.mem.indexOf(u8, exclusions, key) != null;
        if (std.mem.eql(u8, status, "lookup")) {
            if (accepted) {
                counts.lookup_accepted += 1;
                std.debug.print("ACCEPTED A LOOKUP: {s} #{d} {s}\n", .{ file, wanted_index, rule_text });
            } else counts.lookup_refused += 1;
        } else if (std.mem.eql(u8, status, "ok")) {
            if (accepted) {
                counts.ok_accepted += 1;
                if (excluded) counts.stale_exclusions += 1;
                if (excluded) std.debug.print("stale exclusion (now accepted): {s} #{d} {s}\n", .{ file, wanted_index, rule_text });
            } else if (excluded) {
                counts.ok_excluded += 1;
            } else {
                counts.ok_missed += 1;
                std.debug.print("missed: {s}\t{d}\t{s}\t{s}\n", .{ file, wanted_index, code, rule_text });
            }
        } else {
            if (accepted) counts.rejected_accepted += 1 else counts.rejected_refused += 1;
        }
    }
    std.debug.print(
        "corpus: libnftables-ok {d} accepted, {d} excluded (documented), {d} missed; lookups {d} refused, {d} accepted; libnftables-rejected {d} also refused, {d} accepted (need context such as named sets)\n",
        .{ counts.ok_accepted, counts.ok_excluded, counts.ok_missed, counts.lookup_refused, counts.lookup_accepted, counts.rejected_refused, counts.rejected_accepted },
    );
    try std.testing.expectEqual(@as(u32, 0), counts.lookup_accepted);
    try std.testing.expectEqual(@as(u32, 0), counts.ok_missed);
    try std.testing.expectEqual(@as(u32, 0), counts.stale_exclusions);
    try std.testing.expect(counts.ok_accepted > 0);
}
