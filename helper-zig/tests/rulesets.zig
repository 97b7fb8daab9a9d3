//! Test support: the corpora of real input, read the way a client would send them.
//!
//! The in-repo corpus (test-vectors/rulesets/NAME.json, each what `nft -j list ruleset` printed
//! for NAME.nft) is always there. Every listed object except `metainfo` becomes one request of
//! its own, `{"add": OBJECT}` without the listing-only `handle`, judged under a policy that owns
//! every table of the file. The external corpus (nftables' expression files, *.t.json) is
//! optional: it is found beside the repository as ../shared/corpus (or at $NFTJ_EXTERNAL_CORPUS)
//! and adds cases when present; its absence is reported, never failed.

const std = @import("std");
const helper = @import("helper");
const assert = std.debug.assert;
const json = helper.json;
const writer_module = helper.writer;
const Buffer = writer_module.Buffer;

/// Relative to helper-zig/, where `zig build test` and the fuzzer run.
pub const rulesets_directory = "../test-vectors/rulesets";
/// The external corpus beside the repository (CI lays it out so), relative to helper-zig/.
pub const external_default = "../../shared/corpus";
pub const external_variable = "NFTJ_EXTERNAL_CORPUS";

/// Listings are trusted test data, parsed with the helper's own parser and roomy limits.
pub const listing_limits = json.Limits{
    .string_bytes_max = 1 << 20,
    .integer_magnitude_max = std.math.maxInt(u64),
};

/// Where the optional external corpus is looked for.
pub fn externalRoot() []const u8 {
    return std.posix.getenv(external_variable) orelse external_default;
}

/// The names of the `*.json` files of `directory`, sorted (caller frees with `freeNames`).
pub fn listingNames(allocator: std.mem.Allocator, directory: std.fs.Dir) ![][]u8 {
    var found = std.ArrayList([]u8){};
    errdefer freeNames(allocator, found.items);
    var iterator = directory.iterate();
    while (try iterator.next()) |entry| {
        if (entry.kind != .file or !std.mem.endsWith(u8, entry.name, ".json")) continue;
        try found.append(allocator, try allocator.dupe(u8, entry.name));
    }
    const names = try found.toOwnedSlice(allocator);
    std.mem.sortUnstable([]u8, names, {}, lessThan);
    return names;
}

fn lessThan(_: void, a: []u8, b: []u8) bool {
    return std.mem.lessThan(u8, a, b);
}

pub fn freeNames(allocator: std.mem.Allocator, names: [][]u8) void {
    for (names) |name| allocator.free(name);
    allocator.free(names);
}

/// One parsed listing: `{"nftables": [OBJECT, ...]}`.
pub const Listing = struct {
    tree: json.Tree,
    items: u32,

    pub fn parse(text: []const u8, arena: json.Arena) ?Listing {
        const tree = switch (json.parse(text, arena, listing_limits)) {
            .ok => |value| value,
            .err => return null,
        };
        const items = tree.member(tree.root, "nftables");
        if (items == json.none or tree.kind(items) != .array) return null;
        return .{ .tree = tree, .items = items };
    }

    /// The object's kind ("table", "rule", …, "metainfo"), or null when the item is not an object
    /// with exactly one member.
    pub fn kindOf(listing: *const Listing, item: u32) ?[]const u8 {
        const tree = &listing.tree;
        if (tree.kind(item) != .object or tree.count(item) != 1) return null;
        return tree.string(tree.first(item));
    }

    /// A policy that owns every table the listing names, with every operation.
    pub fn writePolicy(listing: *const Listing, out: *Buffer) void {
        const tree = &listing.tree;
        out.raw("{\"version\":1,\"tables\":[");
        var written: u32 = 0;
        var item = tree.first(listing.items);
        while (item != json.none) : (item = tree.next(item)) {
            const kind = listing.kindOf(item) orelse continue;
            if (!std.mem.eql(u8, kind, "table")) continue;
            const table = tree.next(tree.first(item));
            const family = tree.member(table, "family");
            const name = tree.member(table, "name");
            if (family == json.none or name == json.none) continue;
            if (written > 0) out.byte(',');
            written += 1;
            out.raw("{\"family\":");
            out.string(tree.string(family));
            out.raw(",\"name\":");
            out.string(tree.string(name));
            out.byte('}');
        }
        out.raw("],\"operations\":[\"add\",\"create\",\"insert\",\"replace\",\"delete\",\"flush\",\"list\"," ++
            "\"reset\",\"rename\"]");
        out.raw(",\"rate\":{\"perSecond\":1000000,\"burst\":1000000}}");
    }

    /// `{"id":1,"op":"nft","batch":{"nftables":[{"add":{KIND:{…without handle…}}}]}}`.
    pub fn writeRequest(listing: *const Listing, item: u32, out: *Buffer) void {
        const tree = &listing.tree;
        const key = tree.first(item);
        const object = tree.next(key);
        assert(listing.kindOf(item) != null);
        out.raw("{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{");
        out.string(tree.string(key));
        out.byte(':');
        if (tree.kind(object) != .object) {
            out.writeNode(tree, object);
        } else {
            out.byte('{');
            var member = tree.first(object);
            var written: u32 = 0;
            while (member != json.none) : (member = tree.next(tree.next(member))) {
                if (std.mem.eql(u8, tree.string(member), "handle")) continue;
                if (written > 0) out.byte(',');
                written += 1;
                out.string(tree.string(member));
                out.byte(':');
                out.writeNode(tree, tree.next(member));
            }
            out.byte('}');
        }
        out.raw("}}]}}");
    }
};

/// The nftables expression corpus format (tests/py/*.t.json of nftables): "# rule" comment
/// lines, each followed by a JSON array up to the next comment line.
pub const Blocks = struct {
    text: []const u8,
    position: usize = 0,

    pub const Block = struct { comment: []const u8, array: []const u8 };

    pub fn next(blocks: *Blocks) ?Block {
        const text = blocks.text;
        while (blocks.position < text.len) {
            const line_end = std.mem.indexOfScalarPos(u8, text, blocks.position, '\n') orelse text.len;
            const line = text[blocks.position..line_end];
            blocks.position = @min(line_end + 1, text.len);
            if (line.len == 0 or line[0] != '#') continue;
            const array_start = blocks.position;
            blocks.position = nextCommentLine(text, array_start);
            const array = std.mem.trim(u8, text[array_start..blocks.position], " \t\r\n");
            if (array.len == 0) continue;
            return .{ .comment = std.mem.trim(u8, line[1..], " "), .array = array };
        }
        return null;
    }

    fn nextCommentLine(text: []const u8, start: usize) usize {
        var cursor = start;
        while (cursor < text.len) {
            const end = std.mem.indexOfScalarPos(u8, text, cursor, '\n') orelse text.len;
            if (end > cursor and text[cursor] == '#') return cursor;
            cursor = @min(end + 1, text.len);
            if (end == text.len) break;
        }
        return cursor;
    }
};

test "rulesets: a listing becomes one add request per object, handles left out" {
    var nodes: [256]json.Node = undefined;
    var strings: [256]u8 = undefined;
    const text =
        \\{"nftables":[{"metainfo":{"version":"1.0.6"}},{"table":{"family":"inet","name":"t","handle":3}},
        \\{"chain":{"family":"inet","table":"t","name":"c","handle":1}}]}
    ;
    const listing = Listing.parse(text, .{ .nodes = &nodes, .strings = &strings }).?;
    var bytes: [512]u8 = undefined;
    var policy = Buffer.init(&bytes);
    listing.writePolicy(&policy);
    try std.testing.expect(std.mem.indexOf(u8, policy.written(), "{\"family\":\"inet\",\"name\":\"t\"}") != null);
    const metainfo = listing.tree.first(listing.items);
    try std.testing.expectEqualStrings("metainfo", listing.kindOf(metainfo).?);
    var request = Buffer.init(&bytes);
    listing.writeRequest(listing.tree.next(listing.tree.next(metainfo)), &request);
    try std.testing.expectEqualStrings(
        "{\"id\":1,\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":" ++
            "\"t\",\"name\":\"c\"}}}]}}",
        request.written(),
    );
}
