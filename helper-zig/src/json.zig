//! A small, strict, iterative JSON parser for untrusted input.
//!
//! Why not std.json: every byte on stdin may be hostile, and the rules we need are stricter than
//! RFC 8259 (no duplicate keys even after unescaping, no floats, no `-0`, no `\u0000`, no BOM,
//! integers bounded by the caller) and must hold under fixed memory. This parser never recurses
//! (an explicit stack bounded by `Limits.depth_max`), never allocates (the caller hands it a node
//! array and a string buffer, sized up front), and reports the first violation with a stable
//! classification (`invalid_json` or `limit_exceeded`).
//!
//! The result is a flat tree of `Node`s. Containers point at their first child; children are
//! chained through `next`. An object's children alternate key, value, key, value.

const std = @import("std");
const assert = std.debug.assert;
const mutation = @import("mutation.zig");

pub const Kind = enum(u8) { object, array, string, integer, true_value, false_value, null_value };

/// 16 bytes: the node array is sized from the frame limit, so keep it small.
pub const Node = extern struct {
    kind: Kind,
    /// For strings: 1 when the bytes live in the string buffer (they contained escapes),
    /// 0 when they are a slice of the source. For integers: 1 when negative.
    flags: u8,
    reserved: u16 = 0,
    /// Next sibling in the parent container, or `none`.
    next: u32,
    /// string: offset; integer: low 32 bits of the magnitude; container: first child or `none`.
    a: u32,
    /// string: length; integer: high 32 bits of the magnitude; container: number of values
    /// (arrays) or members (objects).
    b: u32,
};

comptime {
    assert(@sizeOf(Node) == 16);
}

pub const none: u32 = std.math.maxInt(u32);

pub const Limits = struct {
    depth_max: u32 = 32,
    /// Members per object. Bounds the quadratic duplicate-key check; no libnftables object has
    /// more than a few dozen keys.
    object_members_max: u32 = 64,
    /// Bytes of one string after unescaping.
    string_bytes_max: u32 = 4096,
    /// Largest integer magnitude. 2^53-1 for requests (every JSON parser reads it exactly).
    integer_magnitude_max: u64 = (1 << 53) - 1,
    /// Requests need negative numbers for chain priorities only; the validator bounds each field.
    negative_allowed: bool = true,
};

pub const ErrorClass = enum { invalid_json, limit_exceeded };

pub const ParseError = struct {
    class: ErrorClass,
    message: []const u8,
    /// Byte offset in the source where the problem was noticed.
    offset: u32,
};

pub const Tree = struct {
    source: []const u8,
    nodes: []const Node,
    strings: []const u8,
    root: u32,

    pub fn kind(tree: *const Tree, index: u32) Kind {
        return tree.nodes[index].kind;
    }

    pub fn string(tree: *const Tree, index: u32) []const u8 {
        const node = tree.nodes[index];
        assert(node.kind == .string);
        const bytes = if (node.flags == 1) tree.strings else tree.source;
        return bytes[node.a..][0..node.b];
    }

    pub fn magnitude(tree: *const Tree, index: u32) u64 {
        const node = tree.nodes[index];
        assert(node.kind == .integer);
        return (@as(u64, node.b) << 32) | node.a;
    }

    pub fn negative(tree: *const Tree, index: u32) bool {
        const node = tree.nodes[index];
        assert(node.kind == .integer);
        return node.flags == 1;
    }

    /// The integer as i64 (requests: magnitude ≤ 2^53-1, so always representable).
    pub fn integer(tree: *const Tree, index: u32) i64 {
        const value = tree.magnitude(index);
        assert(value <= std.math.maxInt(i64));
        const signed: i64 = @intCast(value);
        return if (tree.negative(index)) -signed else signed;
    }

    pub fn count(tree: *const Tree, index: u32) u32 {
        const node = tree.nodes[index];
        assert(node.kind == .object or node.kind == .array);
        return node.b;
    }

    pub fn first(tree: *const Tree, index: u32) u32 {
        const node = tree.nodes[index];
        assert(node.kind == .object or node.kind == .array);
        return node.a;
    }

    pub fn next(tree: *const Tree, index: u32) u32 {
        return tree.nodes[index].next;
    }

    /// Value of member `key` in object `index`, or `none`.
    pub fn member(tree: *const Tree, index: u32, key: []const u8) u32 {
        assert(tree.kind(index) == .object);
        var key_index = tree.first(index);
        var remaining: u32 = tree.count(index);
        while (remaining > 0) : (remaining -= 1) {
            const value_index = tree.next(key_index);
            if (std.mem.eql(u8, tree.string(key_index), key)) return value_index;
            key_index = tree.next(value_index);
        }
        assert(key_index == none);
        return none;
    }
};

/// Everything the parser writes into. Sized once at startup.
pub const Arena = struct {
    nodes: []Node,
    strings: []u8,
};

const Container = struct {
    node: u32,
    last_child: u32,
};

const State = enum { value, first_member, member_key, after_value, first_element };

pub const Result = union(enum) {
    ok: Tree,
    err: ParseError,
};

pub fn parse(source: []const u8, arena: Arena, limits: Limits) Result {
    var parser = Parser{ .source = source, .arena = arena, .limits = limits };
    assert(limits.depth_max <= depth_capacity);
    return parser.run();
}

/// Hard ceiling for `Limits.depth_max`: the stack lives on the machine stack.
pub const depth_capacity: u32 = 64;

const Parser = struct {
    source: []const u8,
    arena: Arena,
    limits: Limits,
    position: u32 = 0,
    node_count: u32 = 0,
    string_bytes: u32 = 0,
    stack: [depth_capacity]Container = undefined,
    depth: u32 = 0,
    failure: ?ParseError = null,

    fn fail(parser: *Parser, class: ErrorClass, message: []const u8) error{Parse} {
        parser.failure = .{ .class = class, .message = message, .offset = parser.position };
        return error.Parse;
    }

    fn run(parser: *Parser) Result {
        if (parser.source.len > std.math.maxInt(u32) - 1) {
            return .{ .err = .{ .class = .limit_exceeded, .message = "input too large", .offset = 0 } };
        }
        const root = parser.document() catch {
            return .{ .err = parser.failure.? };
        };
        return .{ .ok = .{
            .source = parser.source,
            .nodes = parser.arena.nodes[0..parser.node_count],
            .strings = parser.arena.strings[0..parser.string_bytes],
            .root = root,
        } };
    }

    fn document(parser: *Parser) error{Parse}!u32 {
        parser.skipWhitespace();
        if (parser.position >= parser.source.len) return parser.fail(.invalid_json, "empty input");
        if (parser.source[parser.position] != '{') {
            return parser.fail(.invalid_json, "the top-level value must be an object");
        }
        var state: State = .value;
        // Every iteration consumes at least one byte or closes a container, so the loop is
        // bounded by twice the input length.
        const iterations_max: u64 = 2 * @as(u64, parser.source.len) + 2;
        var iterations: u64 = 0;
        while (true) : (iterations += 1) {
            assert(iterations <= iterations_max);
            parser.skipWhitespace();
            switch (state) {
                .value => state = try parser.value(),
                .first_member => {
                    if (parser.peek() == '}') {
                        parser.position += 1;
                        parser.pop();
                        state = .after_value;
                    } else state = try parser.memberKey();
                },
                .member_key => state = try parser.memberKey(),
                .first_element => {
                    if (parser.peek() == ']') {
                        parser.position += 1;
                        parser.pop();
                        state = .after_value;
                    } else state = .value;
                },
                .after_value => {
                    if (parser.depth == 0) {
                        if (parser.position != parser.source.len) {
                            return parser.fail(.invalid_json, "trailing data after the JSON value");
                        }
                        assert(parser.node_count > 0);
                        return 0;
                    }
                    const top = parser.stack[parser.depth - 1];
                    const is_object = parser.arena.nodes[top.node].kind == .object;
                    const byte = parser.peek();
                    if (byte == ',') {
                        parser.position += 1;
                        state = if (is_object) .member_key else .value;
                        // A trailing comma: the next token must start a key or a value.
                        parser.skipWhitespace();
                        const following = parser.peek();
                        if (following == '}' or following == ']') {
                            return parser.fail(.invalid_json, "trailing comma");
                        }
                    } else if ((is_object and byte == '}') or (!is_object and byte == ']')) {
                        parser.position += 1;
                        parser.pop();
                        state = .after_value;
                    } else {
                        return parser.fail(.invalid_json, "expected ',' or the end of the container");
                    }
                },
            }
        }
    }

    fn peek(parser: *const Parser) u8 {
        if (parser.position >= parser.source.len) return 0;
        return parser.source[parser.position];
    }

    fn skipWhitespace(parser: *Parser) void {
        while (parser.position < parser.source.len) : (parser.position += 1) {
            switch (parser.source[parser.position]) {
                ' ', '\t', '\n', '\r' => {},
                else => return,
            }
        }
    }

    fn append(parser: *Parser, node: Node) error{Parse}!u32 {
        if (parser.node_count >= parser.arena.nodes.len) {
            return parser.fail(.limit_exceeded, "too many JSON values in one frame");
        }
        const index = parser.node_count;
        parser.arena.nodes[index] = node;
        parser.node_count += 1;
        if (parser.depth > 0) {
            const top = &parser.stack[parser.depth - 1];
            const container = &parser.arena.nodes[top.node];
            if (top.last_child == none) container.a = index else parser.arena.nodes[top.last_child].next = index;
            top.last_child = index;
        }
        return index;
    }

    fn pop(parser: *Parser) void {
        assert(parser.depth > 0);
        parser.depth -= 1;
    }

    fn push(parser: *Parser, node: u32) error{Parse}!void {
        if (parser.depth >= parser.limits.depth_max) {
            return parser.fail(.invalid_json, "nesting deeper than the limit");
        }
        parser.stack[parser.depth] = .{ .node = node, .last_child = none };
        parser.depth += 1;
    }

    /// Counts one value into the innermost array (objects count members in memberKey).
    fn countArrayValue(parser: *Parser) void {
        if (parser.depth == 0) return;
        const container = &parser.arena.nodes[parser.stack[parser.depth - 1].node];
        if (container.kind == .array) container.b += 1;
    }

    fn value(parser: *Parser) error{Parse}!State {
        if (parser.position >= parser.source.len) return parser.fail(.invalid_json, "unexpected end of input");
        const byte = parser.source[parser.position];
        switch (byte) {
            '{', '[' => {
                parser.countArrayValue();
                const kind: Kind = if (byte == '{') .object else .array;
                const index = try parser.append(.{ .kind = kind, .flags = 0, .next = none, .a = none, .b = 0 });
                parser.position += 1;
                try parser.push(index);
                return if (kind == .object) .first_member else .first_element;
            },
            '"' => {
                parser.countArrayValue();
                _ = try parser.stringNode();
                return .after_value;
            },
            '-', '0'...'9' => {
                parser.countArrayValue();
                try parser.number();
                return .after_value;
            },
            't' => return parser.literal("true", .true_value),
            'f' => return parser.literal("false", .false_value),
            'n' => return parser.literal("null", .null_value),
            else => return parser.fail(.invalid_json, "unexpected character where a value belongs"),
        }
    }

    fn literal(parser: *Parser, comptime word: []const u8, kind: Kind) error{Parse}!State {
        const rest = parser.source[parser.position..];
        if (rest.len < word.len or !std.mem.eql(u8, rest[0..word.len], word)) {
            return parser.fail(.invalid_json, "invalid literal");
        }
        parser.countArrayValue();
        _ = try parser.append(.{ .kind = kind, .flags = 0, .next = none, .a = 0, .b = 0 });
        parser.position += word.len;
        return .after_value;
    }

    fn memberKey(parser: *Parser) error{Parse}!State {
        if (parser.peek() != '"') return parser.fail(.invalid_json, "expected a member name");
        assert(parser.depth > 0);
        const object = parser.stack[parser.depth - 1].node;
        assert(parser.arena.nodes[object].kind == .object);
        if (parser.arena.nodes[object].b >= parser.limits.object_members_max) {
            return parser.fail(.limit_exceeded, "too many members in one object");
        }
        const key = try parser.stringNode();
        try parser.checkDuplicate(object, key);
        parser.arena.nodes[object].b += 1;
        parser.skipWhitespace();
        if (parser.peek() != ':') return parser.fail(.invalid_json, "expected ':' after a member name");
        parser.position += 1;
        return .value;
    }

    /// Compares the new key with every earlier key of the same object, after unescaping
    /// (jansson would silently keep the last duplicate; we refuse).
    fn checkDuplicate(parser: *Parser, object: u32, key: u32) error{Parse}!void {
        const tree = parser.partialTree();
        const new_key = tree.string(key);
        var index = parser.arena.nodes[object].a;
        var checked: u32 = 0;
        while (index != key) : (checked += 1) {
            assert(checked < parser.limits.object_members_max);
            if (std.mem.eql(u8, tree.string(index), new_key)) {
                if (mutation.removed(.duplicate_keys)) break;
                return parser.fail(.invalid_json, "duplicate member name");
            }
            const value_index = parser.arena.nodes[index].next;
            index = parser.arena.nodes[value_index].next;
        }
    }

    fn partialTree(parser: *const Parser) Tree {
        return .{
            .source = parser.source,
            .nodes = parser.arena.nodes[0..parser.node_count],
            .strings = parser.arena.strings[0..parser.string_bytes],
            .root = 0,
        };
    }

    fn number(parser: *Parser) error{Parse}!void {
        const source = parser.source;
        var negative = false;
        if (source[parser.position] == '-') {
            negative = true;
            parser.position += 1;
        }
        const digits_start = parser.position;
        var magnitude: u64 = 0;
        var digits: u32 = 0;
        while (parser.position < source.len and source[parser.position] >= '0' and source[parser.position] <= '9') {
            if (digits == 0 and source[parser.position] == '0' and parser.position + 1 < source.len and
                source[parser.position + 1] >= '0' and source[parser.position + 1] <= '9')
            {
                return parser.fail(.invalid_json, "leading zeros are not allowed");
            }
            const digit: u64 = source[parser.position] - '0';
            if (magnitude > (parser.limits.integer_magnitude_max - digit) / 10) {
                return parser.fail(.invalid_json, "integer out of range");
            }
            magnitude = magnitude * 10 + digit;
            digits += 1;
            parser.position += 1;
        }
        if (parser.position == digits_start) return parser.fail(.invalid_json, "expected digits");
        const after = parser.peek();
        if (after == '.' or after == 'e' or after == 'E') {
            return parser.fail(.invalid_json, "only integers are accepted (no fractions or exponents)");
        }
        if (negative and magnitude == 0) return parser.fail(.invalid_json, "-0 is not accepted");
        if (negative and !parser.limits.negative_allowed) {
            return parser.fail(.invalid_json, "negative integers are not accepted");
        }
        _ = try parser.append(.{
            .kind = .integer,
            .flags = @intFromBool(negative),
            .next = none,
            .a = @truncate(magnitude),
            .b = @truncate(magnitude >> 32),
        });
    }

    /// Parses a string at the current '"', validating UTF-8 and escapes, and appends a node.
    fn stringNode(parser: *Parser) error{Parse}!u32 {
        assert(parser.source[parser.position] == '"');
        parser.position += 1;
        const start = parser.position;
        // First pass: validate and find the end; learn whether any escape occurs.
        var escaped = false;
        var decoded_len: u64 = 0;
        while (true) {
            if (parser.position >= parser.source.len) return parser.fail(.invalid_json, "unterminated string");
            const byte = parser.source[parser.position];
            if (byte == '"') break;
            if (byte == 0) return parser.fail(.invalid_json, "NUL byte in a string");
            if (byte < 0x20) return parser.fail(.invalid_json, "unescaped control character in a string");
            if (byte == '\\') {
                escaped = true;
                const produced = try parser.escapeLength();
                decoded_len += produced;
            } else if (byte < 0x80) {
                parser.position += 1;
                decoded_len += 1;
            } else {
                const length = utf8SequenceLength(parser.source[parser.position..]);
                if (length == 0) return parser.fail(.invalid_json, "invalid UTF-8");
                if (isByteOrderMark(parser.source[parser.position..])) {
                    return parser.fail(.invalid_json, "byte order mark in a string");
                }
                parser.position += length;
                decoded_len += length;
            }
            if (decoded_len > parser.limits.string_bytes_max) {
                return parser.fail(.limit_exceeded, "string longer than the limit");
            }
        }
        const end = parser.position;
        parser.position += 1; // closing quote
        if (!escaped) {
            return parser.append(.{ .kind = .string, .flags = 0, .next = none, .a = start, .b = end - start });
        }
        if (parser.string_bytes + decoded_len > parser.arena.strings.len) {
            return parser.fail(.limit_exceeded, "string buffer exhausted");
        }
        const offset = parser.string_bytes;
        const written = decodeEscaped(parser.source[start..end], parser.arena.strings[offset..]);
        assert(written == decoded_len);
        parser.string_bytes += @intCast(written);
        return parser.append(.{ .kind = .string, .flags = 1, .next = none, .a = offset, .b = @intCast(written) });
    }

    /// Validates one escape at the current '\\', advances past it and returns the number of
    /// UTF-8 bytes it decodes to.
    fn escapeLength(parser: *Parser) error{Parse}!u32 {
        const source = parser.source;
        assert(source[parser.position] == '\\');
        if (parser.position + 1 >= source.len) return parser.fail(.invalid_json, "unterminated escape");
        const kind = source[parser.position + 1];
        switch (kind) {
            '"', '\\', '/', 'b', 'f', 'n', 'r', 't' => {
                parser.position += 2;
                return 1;
            },
            'u' => {},
            else => return parser.fail(.invalid_json, "invalid escape"),
        }
        const unit = parseHex4(source, parser.position + 2) orelse {
            return parser.fail(.invalid_json, "invalid \\u escape");
        };
        parser.position += 6;
        if (unit == 0) return parser.fail(.invalid_json, "\\u0000 is not accepted");
        if (unit == 0xFEFF) return parser.fail(.invalid_json, "byte order mark in a string");
        if (unit >= 0xDC00 and unit <= 0xDFFF) return parser.fail(.invalid_json, "lone low surrogate escape");
        if (unit >= 0xD800 and unit <= 0xDBFF) {
            if (parser.position + 1 >= source.len or source[parser.position] != '\\' or
                source[parser.position + 1] != 'u')
            {
                return parser.fail(.invalid_json, "lone high surrogate escape");
            }
            const low = parseHex4(source, parser.position + 2) orelse {
                return parser.fail(.invalid_json, "invalid \\u escape");
            };
            if (low < 0xDC00 or low > 0xDFFF) return parser.fail(.invalid_json, "lone high surrogate escape");
            parser.position += 6;
            return 4;
        }
        if (unit < 0x80) return 1;
        if (unit < 0x800) return 2;
        return 3;
    }
};

fn parseHex4(source: []const u8, at: u64) ?u32 {
    if (at + 4 > source.len) return null;
    var result: u32 = 0;
    for (source[at..][0..4]) |byte| {
        const digit: u32 = switch (byte) {
            '0'...'9' => byte - '0',
            'a'...'f' => byte - 'a' + 10,
            'A'...'F' => byte - 'A' + 10,
            else => return null,
        };
        result = result * 16 + digit;
    }
    return result;
}

fn isByteOrderMark(bytes: []const u8) bool {
    return bytes.len >= 3 and bytes[0] == 0xEF and bytes[1] == 0xBB and bytes[2] == 0xBF;
}

/// Length of the well-formed UTF-8 sequence at the start of `bytes` (Unicode Table 3-7), or 0.
/// Rejects overlong forms, UTF-16 surrogates and code points above U+10FFFF.
pub fn utf8SequenceLength(bytes: []const u8) u32 {
    assert(bytes.len > 0);
    const lead = bytes[0];
    if (lead < 0x80) return 1;
    const Range = struct { low: u8, high: u8 };
    var length: u32 = 0;
    var second: Range = .{ .low = 0x80, .high = 0xBF };
    switch (lead) {
        0xC2...0xDF => length = 2,
        0xE0 => {
            length = 3;
            second = .{ .low = 0xA0, .high = 0xBF };
        },
        0xE1...0xEC, 0xEE...0xEF => length = 3,
        0xED => {
            length = 3;
            second = .{ .low = 0x80, .high = 0x9F };
        },
        0xF0 => {
            length = 4;
            second = .{ .low = 0x90, .high = 0xBF };
        },
        0xF1...0xF3 => length = 4,
        0xF4 => {
            length = 4;
            second = .{ .low = 0x80, .high = 0x8F };
        },
        else => return 0,
    }
    if (bytes.len < length) return 0;
    if (bytes[1] < second.low or bytes[1] > second.high) return 0;
    var index: u32 = 2;
    while (index < length) : (index += 1) {
        if (bytes[index] < 0x80 or bytes[index] > 0xBF) return 0;
    }
    return length;
}

/// Decodes an already validated string body (escapes checked by `escapeLength`).
fn decodeEscaped(body: []const u8, out: []u8) u64 {
    var read: u64 = 0;
    var written: u64 = 0;
    while (read < body.len) {
        const byte = body[read];
        if (byte != '\\') {
            out[written] = byte;
            written += 1;
            read += 1;
            continue;
        }
        const kind = body[read + 1];
        const simple: ?u8 = switch (kind) {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => 0x08,
            'f' => 0x0C,
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            else => null,
        };
        if (simple) |decoded| {
            out[written] = decoded;
            written += 1;
            read += 2;
            continue;
        }
        assert(kind == 'u');
        var code_point: u21 = @intCast(parseHex4(body, read + 2).?);
        read += 6;
        if (code_point >= 0xD800 and code_point <= 0xDBFF) {
            const low: u21 = @intCast(parseHex4(body, read + 2).?);
            read += 6;
            code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
        }
        const length = std.unicode.utf8Encode(code_point, out[written..]) catch unreachable;
        written += length;
    }
    return written;
}
