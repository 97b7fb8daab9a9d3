//! Tests of src/nft_error.zig: libnftables' text never passes as it is.

const std = @import("std");
const helper = @import("helper");
const testing = std.testing;
const nft_error = helper.nft_error;
const library_words = helper.libnftables_words.words;

const library_path = "/usr/lib/x86_64-linux-gnu/libnftables.so.1";

fn explain(text: []const u8, out: []u8) nft_error.Explained {
    return nft_error.explain(text, out);
}

// mitigates: M-48
test "nft_error: did-you-mean hints of every object kind keep the errno and lose every name" {
    const hints = [_][]const u8{
        "internal:0:0-0: Error: No such file or directory; did you mean table \xe2\x80\x98victim\xe2\x80\x99 in " ++
            "family inet?",
        "internal:0:0-0: Error: No such file or directory; did you mean chain \xe2\x80\x98vin\xe2\x80\x99 in table " ++
            "inet \xe2\x80\x98victim\xe2\x80\x99?",
        "internal:0:0-0: Error: No such file or directory; did you mean set \xe2\x80\x98blocklisx\xe2\x80\x99 in " ++
            "table inet \xe2\x80\x98victim\xe2\x80\x99?",
        "internal:0:0-0: Error: No such file or directory; did you mean map \xe2\x80\x98portmap\xe2\x80\x99 in " ++
            "table ip \xe2\x80\x98secretfw\xe2\x80\x99?",
        "internal:0:0-0: Error: No such file or directory; did you mean obj \xe2\x80\x98q1\xe2\x80\x99 in table " ++
            "inet \xe2\x80\x98victim\xe2\x80\x99?",
        "internal:0:0-0: Error: No such file or directory; did you mean flowtable \xe2\x80\x98ft\xe2\x80\x99 in " ++
            "table inet \xe2\x80\x98victim\xe2\x80\x99?",
        "internal:0:0-0: Error: Could not process rule: No such file or directory; did you mean chain " ++
            "\xe2\x80\x98input\xe2\x80\x99 in table inet \xe2\x80\x98filter\xe2\x80\x99?",
    };
    for (hints) |hint| {
        var out: [512]u8 = undefined;
        const explained = explain(hint, &out);
        try testing.expectEqualStrings("not_found", explained.code);
        try testing.expect(std.mem.endsWith(u8, explained.message, "No such file or directory (ENOENT)"));
        for ([_][]const u8{
            "victim", "vin", "blocklisx", "portmap", "secretfw", "q1", "ft", "input", "filter", "mean",
        }) |name| {
            try testing.expect(std.mem.indexOf(u8, explained.message, name) == null);
        }
    }
}

test "nft_error: useful messages of libnftables pass, errnos are named, locations go" {
    var out: [512]u8 = undefined;
    const cases = [_]struct { text: []const u8, code: []const u8, message: []const u8 }{
        .{
            .text = "internal:0:0-0: Error: Could not process rule: No such file or directory\n",
            .code = "not_found",
            .message = "Could not process rule: No such file or directory (ENOENT)",
        },
        .{
            .text = "internal:0:0-0: Error: Could not process rule: File exists\n",
            .code = "exists",
            .message = "Could not process rule: File exists (EEXIST)",
        },
        .{
            .text = "internal:0:0-0: Error: Could not process rule: Device or resource busy\n",
            .code = "nft_failed",
            .message = "Could not process rule: Device or resource busy (EBUSY)",
        },
        .{
            .text = "internal:0:0-0: Error: Value 77777 exceeds valid range 0-65535\n",
            .code = "nft_failed",
            .message = "Value 77777 exceeds valid range 0-65535",
        },
        .{
            .text = "internal:0:0-0: Error: conflicting protocols specified: inet vs. arp\n",
            .code = "nft_failed",
            .message = "conflicting protocols specified: inet vs. arp",
        },
        .{
            .text = "internal:0:0-0: Error: You must add 'flags interval' to your set declaration if you want to " ++
                "add prefix elements\n",
            .code = "nft_failed",
            .message = "You must add 'flags interval' to your set declaration if you want to add prefix elements",
        },
        .{
            .text = "internal:0:0-0: Error: Unknown object passed to add command.\n\ninternal:0:0-0: Error: " ++
                "Parsing command array at index 0 failed.\n",
            .code = "nft_failed",
            .message = "Unknown object passed to add command.; Parsing command array at index 0 failed.",
        },
        .{
            .text = "netlink: Error: Could not process rule: Too many open files in system\n",
            .code = "nft_failed",
            .message = "Could not process rule: Too many open files in system (ENFILE)",
        },
    };
    for (cases) |case| {
        const explained = explain(case.text, &out);
        try testing.expectEqualStrings(case.code, explained.code);
        try testing.expectEqualStrings(case.message, explained.message);
    }
}

test "nft_error: a message with a word that is not libnftables' is withheld, its errno kept" {
    var out: [512]u8 = undefined;
    var explained = explain("internal:0:0-0: Error: set \xe2\x80\x98blocklisx\xe2\x80\x99 has no elements\n", &out);
    try testing.expectEqualStrings(nft_error.withheld, explained.message);
    explained = explain("internal:0:0-0: Error: chain zzsecret: No such file or directory\n", &out);
    try testing.expectEqualStrings("No such file or directory (ENOENT)", explained.message);
    explained = explain("no record at all\n", &out);
    try testing.expectEqualStrings(nft_error.withheld, explained.message);
    // A long text is cut to the buffer, never past it.
    var small: [10]u8 = undefined;
    explained = explain("internal:0:0-0: Error: Could not process rule: No such file or directory\n", &small);
    try testing.expectEqual(@as(usize, 10), explained.message.len);
}

/// Printable runs of at least four bytes that hold a space: the library's messages.
fn libraryStrings(allocator: std.mem.Allocator, bytes: []const u8) !std.ArrayList([]const u8) {
    var list: std.ArrayList([]const u8) = .empty;
    var index: usize = 0;
    while (index < bytes.len) {
        if (bytes[index] < 0x20 or bytes[index] > 0x7e) {
            index += 1;
            continue;
        }
        const start = index;
        while (index < bytes.len and bytes[index] >= 0x20 and bytes[index] <= 0x7e) index += 1;
        const run = bytes[start..index];
        if (run.len >= 4 and std.mem.indexOfScalar(u8, run, ' ') != null) try list.append(allocator, run);
    }
    return list;
}

// mitigates: M-48
test "nft_error: every hint format of the installed libnftables is withheld; every listed word is its own" {
    const allocator = testing.allocator;
    const bytes = try std.fs.cwd().readFileAlloc(allocator, library_path, 64 * 1024 * 1024);
    defer allocator.free(bytes);
    var strings = try libraryStrings(allocator, bytes);
    defer strings.deinit(allocator);

    // The hints: "%s; did you mean chain " ... Each, with %s filled by foreign names, must lose them.
    var hints: u32 = 0;
    for (strings.items) |text| {
        if (std.mem.indexOf(u8, text, "did you mean") == null) continue;
        hints += 1;
        var filled: [256]u8 = undefined;
        const size = std.mem.replacementSize(u8, text, "%s", "zzforeign");
        if (size + 40 > filled.len) return error.TestUnexpectedResult;
        const prefix = "internal:0:0-0: Error: ";
        @memcpy(filled[0..prefix.len], prefix);
        _ = std.mem.replace(u8, text, "%s", "zzforeign", filled[prefix.len..]);
        // The same with the hint's own words only: still no "mean".
        var out: [512]u8 = undefined;
        const explained = explain(filled[0 .. prefix.len + size], &out);
        try testing.expect(std.mem.indexOf(u8, explained.message, "zzforeign") == null);
        try testing.expect(std.mem.indexOf(u8, explained.message, "mean") == null);
        try testing.expect(!nft_error.madeOfLibraryWords(text));
    }
    try testing.expect(hints >= 5);

    // Nothing was added to the word list by hand: each word occurs in a message of the library
    // that is not a hint.
    for (library_words) |word| {
        var found = false;
        for (strings.items) |text| {
            if (std.mem.indexOf(u8, text, "did you mean") != null) continue;
            if (containsWord(text, word)) {
                found = true;
                break;
            }
        }
        if (!found) {
            std.debug.print("word not in libnftables: {s}\n", .{word});
            return error.TestUnexpectedResult;
        }
    }
}

fn containsWord(text: []const u8, lower_word: []const u8) bool {
    var index: usize = 0;
    while (index < text.len) {
        if (!(std.ascii.isAlphanumeric(text[index]) or text[index] == '_')) {
            index += 1;
            continue;
        }
        const start = index;
        while (index < text.len and (std.ascii.isAlphanumeric(text[index]) or text[index] == '_')) index += 1;
        if (std.ascii.eqlIgnoreCase(text[start..index], lower_word)) return true;
    }
    return false;
}
