//! Canonical JSON writer into a fixed buffer.
//!
//! Everything the helper emits (requests for libnftables, response frames) is written here from
//! parsed values, never copied from client bytes. Canonical form: no whitespace, object members
//! sorted by their unescaped name (bytewise), strings with the minimal escaping JSON requires,
//! integers in decimal. Overflow of the fixed buffer is sticky and checked by the caller.

const std = @import("std");
const assert = std.debug.assert;
const json = @import("json.zig");
const mutation = @import("mutation.zig");

pub const Buffer = struct {
    bytes: []u8,
    len: usize = 0,
    overflow: bool = false,

    pub fn init(bytes: []u8) Buffer {
        return .{ .bytes = bytes };
    }

    pub fn reset(buffer: *Buffer, len: usize) void {
        assert(len <= buffer.bytes.len);
        buffer.len = len;
        buffer.overflow = false;
    }

    pub fn written(buffer: *const Buffer) []const u8 {
        assert(!buffer.overflow);
        return buffer.bytes[0..buffer.len];
    }

    pub fn raw(buffer: *Buffer, data: []const u8) void {
        if (buffer.overflow) return;
        if (buffer.bytes.len - buffer.len < data.len) {
            buffer.overflow = true;
            return;
        }
        @memcpy(buffer.bytes[buffer.len..][0..data.len], data);
        buffer.len += data.len;
        assert(buffer.len <= buffer.bytes.len);
    }

    pub fn byte(buffer: *Buffer, value: u8) void {
        buffer.raw(&[1]u8{value});
    }

    /// A JSON string with minimal escaping. `text` must be valid UTF-8 (it always comes from the
    /// parser, from constants, or through `stringLossy`).
    pub fn string(buffer: *Buffer, text: []const u8) void {
        buffer.byte('"');
        var run_start: usize = 0;
        for (text, 0..) |character, index| {
            const escape: ?[]const u8 = switch (character) {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                0x08 => "\\b",
                0x0C => "\\f",
                else => null,
            };
            if (mutation.removed(.canonical_escape) or (escape == null and character >= 0x20)) continue;
            buffer.raw(text[run_start..index]);
            run_start = index + 1;
            if (escape) |sequence| {
                buffer.raw(sequence);
            } else {
                const hex = "0123456789abcdef";
                buffer.raw(&[_]u8{ '\\', 'u', '0', '0', hex[character >> 4], hex[character & 15] });
            }
        }
        buffer.raw(text[run_start..]);
        buffer.byte('"');
        assert(buffer.overflow or buffer.bytes[buffer.len - 1] == '"');
    }

    /// A JSON string from bytes that may not be valid UTF-8 (libnftables' error text): invalid
    /// bytes become U+FFFD so the response stays valid JSON.
    pub fn stringLossy(buffer: *Buffer, text: []const u8) void {
        buffer.byte('"');
        buffer.stringBodyLossy(text);
        buffer.byte('"');
    }

    /// The escaped body of a JSON string, without quotes; invalid UTF-8 becomes U+FFFD.
    pub fn stringBodyLossy(buffer: *Buffer, text: []const u8) void {
        const start = buffer.len;
        defer assert(buffer.overflow or buffer.len >= start + text.len); // every byte writes at least one
        var index: usize = 0;
        while (index < text.len) {
            const character = text[index];
            if (character >= 0x80) {
                const length = json.utf8SequenceLength(text[index..]);
                if (length == 0) {
                    buffer.raw("\u{FFFD}");
                    index += 1;
                } else {
                    buffer.raw(text[index..][0..length]);
                    index += length;
                }
                continue;
            }
            buffer.asciiCharacter(character);
            index += 1;
        }
    }

    fn asciiCharacter(buffer: *Buffer, character: u8) void {
        assert(character < 0x80);
        switch (character) {
            '"' => buffer.raw("\\\""),
            '\\' => buffer.raw("\\\\"),
            '\n' => buffer.raw("\\n"),
            '\r' => buffer.raw("\\r"),
            '\t' => buffer.raw("\\t"),
            0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F => {
                const hex = "0123456789abcdef";
                buffer.raw(&[_]u8{ '\\', 'u', '0', '0', hex[character >> 4], hex[character & 15] });
            },
            else => buffer.byte(character),
        }
    }

    pub fn integer(buffer: *Buffer, value: i64) void {
        var digits: [24]u8 = undefined;
        const text = std.fmt.bufPrint(&digits, "{d}", .{value}) catch unreachable;
        buffer.raw(text);
    }

    pub fn unsigned(buffer: *Buffer, value: u64) void {
        var digits: [24]u8 = undefined;
        const text = std.fmt.bufPrint(&digits, "{d}", .{value}) catch unreachable;
        buffer.raw(text);
    }

    pub fn boolean(buffer: *Buffer, value: bool) void {
        buffer.raw(if (value) "true" else "false");
    }

    /// Writes the value at `index` canonically (members sorted by name): what libnftables reads.
    pub fn writeNode(buffer: *Buffer, tree: *const json.Tree, index: u32) void {
        buffer.writeValue(tree, index, .sorted);
    }

    /// Writes the value at `index` with its members in the order they came: what libnftables
    /// printed goes back to the client as libnftables printed it (`nft -j list` order).
    pub fn writeNodeInOrder(buffer: *Buffer, tree: *const json.Tree, index: u32) void {
        buffer.writeValue(tree, index, .as_parsed);
    }

    pub const MemberOrder = enum { sorted, as_parsed };

    /// Iterative: an explicit stack bounded by the parser's depth capacity.
    fn writeValue(buffer: *Buffer, tree: *const json.Tree, index: u32, order: MemberOrder) void {
        var stack: [json.depth_capacity + 1]Frame = undefined;
        var depth: u32 = 0;
        var current = index;
        // Each iteration writes one node or closes one container: bounded by twice the nodes.
        const iterations_max: u64 = 2 * @as(u64, tree.nodes.len) + 2;
        var iterations: u64 = 0;
        while (true) : (iterations += 1) {
            assert(iterations <= iterations_max);
            if (current != json.none) {
                const node = tree.nodes[current];
                switch (node.kind) {
                    .object => {
                        buffer.byte('{');
                        assert(depth < stack.len);
                        stack[depth] = Frame.object(tree, current, order);
                        depth += 1;
                    },
                    .array => {
                        buffer.byte('[');
                        assert(depth < stack.len);
                        stack[depth] = .{ .kind = .array, .cursor = node.a, .position = 0, .count = node.b };
                        depth += 1;
                    },
                    .string => buffer.string(tree.string(current)),
                    .integer => {
                        if (tree.negative(current)) buffer.byte('-');
                        buffer.unsigned(tree.magnitude(current));
                    },
                    .true_value => buffer.raw("true"),
                    .false_value => buffer.raw("false"),
                    .null_value => buffer.raw("null"),
                }
            }
            if (depth == 0) return;
            // Pick the next child of the innermost container, or close it.
            const frame = &stack[depth - 1];
            if (frame.position == frame.count) {
                buffer.byte(if (frame.kind == .object) '}' else ']');
                depth -= 1;
                if (depth == 0) return;
                current = json.none;
                continue;
            }
            if (frame.position > 0) buffer.byte(',');
            if (frame.kind == .object) {
                const key = frame.keys[frame.position];
                buffer.string(tree.string(key));
                buffer.byte(':');
                current = tree.next(key);
            } else {
                current = frame.cursor;
                frame.cursor = tree.next(frame.cursor);
            }
            frame.position += 1;
        }
    }

    /// One member the helper adds to an object (a set's size and policy).
    pub const Extra = struct {
        key: []const u8,
        value: union(enum) { unsigned: u64, text: []const u8 },
    };

    /// Writes the object at `index` canonically with more members, each in its sorted place (the
    /// helper's own additions). `extras` are sorted by key, and the object holds none of them.
    pub fn writeObjectWith(buffer: *Buffer, tree: *const json.Tree, index: u32, extras: []const Extra) void {
        assert(tree.kind(index) == .object);
        for (extras, 0..) |extra, position| {
            assert(tree.member(index, extra.key) == json.none);
            if (position > 0) assert(std.mem.lessThan(u8, extras[position - 1].key, extra.key));
        }
        const frame = Frame.object(tree, index, .sorted);
        buffer.byte('{');
        var next_extra: usize = 0;
        var members: usize = 0;
        for (frame.keys[0..frame.count]) |key| {
            while (next_extra < extras.len and std.mem.lessThan(u8, extras[next_extra].key, tree.string(key))) {
                if (members > 0) buffer.byte(',');
                buffer.writeExtra(extras[next_extra]);
                next_extra += 1;
                members += 1;
            }
            if (members > 0) buffer.byte(',');
            buffer.string(tree.string(key));
            buffer.byte(':');
            buffer.writeNode(tree, tree.next(key));
            members += 1;
        }
        while (next_extra < extras.len) : (next_extra += 1) {
            if (members > 0) buffer.byte(',');
            buffer.writeExtra(extras[next_extra]);
            members += 1;
        }
        buffer.byte('}');
    }

    fn writeExtra(buffer: *Buffer, extra: Extra) void {
        buffer.string(extra.key);
        buffer.byte(':');
        switch (extra.value) {
            .unsigned => |value| buffer.unsigned(value),
            .text => |text| buffer.string(text),
        }
    }

    const Frame = struct {
        kind: enum { object, array },
        cursor: u32,
        position: u32,
        count: u32,
        keys: [object_members_capacity]u32 = undefined,

        fn object(tree: *const json.Tree, index: u32, order: MemberOrder) Frame {
            var frame: Frame = .{ .kind = .object, .cursor = json.none, .position = 0, .count = tree.count(index) };
            assert(frame.count <= object_members_capacity);
            var key = tree.first(index);
            var slot: u32 = 0;
            while (slot < frame.count) : (slot += 1) {
                frame.keys[slot] = key;
                key = tree.next(tree.next(key));
            }
            if (order == .as_parsed) return frame;
            const Context = struct {
                tree: *const json.Tree,
                fn lessThan(context: @This(), left: u32, right: u32) bool {
                    return std.mem.lessThan(u8, context.tree.string(left), context.tree.string(right));
                }
            };
            std.sort.insertion(u32, frame.keys[0..frame.count], Context{ .tree = tree }, Context.lessThan);
            return frame;
        }
    };
};

/// Matches json.Limits.object_members_max (checked when trees are parsed).
pub const object_members_capacity: u32 = 64;
