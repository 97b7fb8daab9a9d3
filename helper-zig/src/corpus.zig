//! The nftables expression corpus format (tests/py/*.t.json of nftables).

const std = @import("std");

/// Splits a corpus file into (comment, JSON array) blocks: "# rule" lines followed by a JSON
/// array up to the next comment line.
pub const Blocks = struct {
    text: []const u8,
    position: usize = 0,

    pub const Block = struct { comment: []const u8, array: []const u8 };

    pub fn next(blocks: *Blocks) ?Block {
        const text = blocks.text;
        // Find the next comment line.
        while (blocks.position < text.len) {
            const line_end = std.mem.indexOfScalarPos(u8, text, blocks.position, '\n') orelse text.len;
            const line = text[blocks.position..line_end];
            blocks.position = @min(line_end + 1, text.len);
            if (line.len == 0 or line[0] != '#') continue;
            const array_start = blocks.position;
            // The array runs to the next line starting with '#', or the end.
            var cursor = array_start;
            while (cursor < text.len) {
                const end = std.mem.indexOfScalarPos(u8, text, cursor, '\n') orelse text.len;
                if (end > cursor and text[cursor] == '#') break;
                cursor = @min(end + 1, text.len);
                if (end == text.len) break;
            }
            blocks.position = cursor;
            const array = std.mem.trim(u8, text[array_start..cursor], " \t\r\n");
            if (array.len == 0) continue;
            return .{ .comment = std.mem.trim(u8, line[1..], " "), .array = array };
        }
        return null;
    }
};
