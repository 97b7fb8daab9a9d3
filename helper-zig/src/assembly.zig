//! Requests larger than one frame (docs/protocol.md, "Requests larger than a frame").
//!
//! A client sends the commands of such a request in several frames of one id: every frame but
//! the last carries `"part": true`, the last carries the request's flags. The helper gathers the
//! commands of the frames, re-serialised canonically from their parsed trees (never the client's
//! bytes), into the text of one request, `{"id":N,"op":"nft","batch":{"nftables":[…]},…}`, and
//! judges and runs that text once the last frame has come: one validation, one policy check, one
//! rate-limit charge, one transaction. Nothing is answered for a part.
//!
//! Bounded: the text holds at most `bytes_max`; a request growing past it is answered
//! `limit_exceeded` at once and the rest of its frames are dropped unread.

const std = @import("std");
const assert = std.debug.assert;
const json = @import("json.zig");
const writer_module = @import("writer.zig");
const judge_module = @import("judge.zig");

/// The canonical text of one assembled request.
pub const bytes_max: u32 = 64 * 1024 * 1024;
/// JSON values of an assembled request (a frame alone may hold 4 Mi).
pub const nodes_max: u32 = 16 * 1024 * 1024;
/// Unescaped strings of an assembled request: never more than its text.
pub const string_bytes_max: u32 = bytes_max;

pub const State = union(enum) {
    idle,
    /// Parts of this request have come; its last frame has not.
    assembling: i64,
    /// This request was answered (`limit_exceeded`) before its last frame: its frames are dropped.
    discarding: i64,
};

pub const Outcome = union(enum) {
    /// A part was kept (or dropped): nothing to answer yet.
    pending,
    /// The request outgrew `bytes_max`: answer `limit_exceeded` now.
    overflow,
    /// The last frame came: the whole request's text, to be judged as one frame.
    complete: []const u8,
};

pub const Assembly = struct {
    text: writer_module.Buffer,
    state: State = .idle,
    commands: u32 = 0,

    /// `text` bounds the assembled request: the helper's is `bytes_max`.
    pub fn init(text: []u8) Assembly {
        assert(text.len > 0 and text.len <= bytes_max);
        return .{ .text = writer_module.Buffer.init(text) };
    }

    /// The request whose frames are expected next (assembled or dropped), if any.
    pub fn id(assembly: *const Assembly) ?i64 {
        return switch (assembly.state) {
            .idle => null,
            .assembling, .discarding => |value| value,
        };
    }

    pub fn reset(assembly: *Assembly) void {
        assembly.state = .idle;
        assembly.commands = 0;
        assembly.text.reset(0);
    }

    /// Takes one frame of a request larger than a frame. The caller has ended any assembly of
    /// another id first.
    pub fn add(assembly: *Assembly, tree: *const json.Tree, part: judge_module.Part) Outcome {
        switch (assembly.state) {
            .idle => {
                assert(!part.last);
                assembly.reset();
                assembly.state = .{ .assembling = part.id };
                assembly.text.raw("{\"id\":");
                assembly.text.integer(part.id);
                assembly.text.raw(",\"op\":\"nft\",\"batch\":{\"nftables\":[");
            },
            .assembling => |current| assert(current == part.id),
            .discarding => |current| {
                assert(current == part.id);
                if (part.last) assembly.reset();
                return .pending;
            },
        }
        var command = tree.first(part.commands);
        while (command != json.none) : (command = tree.next(command)) {
            if (assembly.commands > 0) assembly.text.byte(',');
            assembly.text.writeNode(tree, command);
            assembly.commands += 1;
            if (assembly.text.overflow) break;
        }
        if (part.last and !assembly.text.overflow) {
            assembly.text.raw("]}");
            const operation = part.operation;
            if (operation.check) assembly.text.raw(",\"check\":true");
            if (operation.echo) assembly.text.raw(",\"echo\":true");
            if (operation.stream) assembly.text.raw(",\"stream\":true");
            if (operation.summary) assembly.text.raw(",\"summary\":true");
            if (operation.libnftables) assembly.text.raw(",\"executor\":\"libnftables\"");
            assembly.text.byte('}');
        }
        if (assembly.text.overflow) {
            if (part.last) assembly.reset() else assembly.state = .{ .discarding = part.id };
            return .overflow;
        }
        if (!part.last) return .pending;
        const whole = assembly.text.written();
        assembly.state = .idle;
        assembly.commands = 0;
        return .{ .complete = whole };
    }
};
