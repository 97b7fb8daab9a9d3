//! Frames: a 4-byte big-endian length N (1 ≤ N ≤ frame_bytes_max) followed by N bytes.
//!
//! The decoder reads through a small read-ahead buffer so that several frames arriving in one
//! read() are served without further syscalls, and a frame split across many reads (one byte at
//! a time) is reassembled. Bodies larger than the read-ahead are read straight into the frame
//! buffer. EINTR is retried; any other read error is treated like end of input.

const std = @import("std");
const assert = std.debug.assert;
const linux = std.os.linux;

pub const frame_bytes_max: u32 = 16 * 1024 * 1024;
pub const response_bytes_max: u32 = 64 * 1024 * 1024;
pub const header_bytes: u32 = 4;

pub const ReadError = error{ Interrupted, Failed };

/// Where the decoder gets bytes from: the real stdin, or a test source.
pub const Source = struct {
    context: *anyopaque,
    readFn: *const fn (context: *anyopaque, buffer: []u8) ReadError!usize,
};

pub const Violation = enum {
    frame_empty,
    frame_too_large,
    frame_truncated,

    pub fn code(violation: Violation) []const u8 {
        return @tagName(violation);
    }

    /// Exit codes from docs/protocol.md.
    pub fn exitCode(violation: Violation) u8 {
        return switch (violation) {
            .frame_empty => 10,
            .frame_too_large => 11,
            .frame_truncated => 12,
        };
    }

    pub fn message(violation: Violation) []const u8 {
        return switch (violation) {
            .frame_empty => "frame length 0",
            .frame_too_large => "frame length above frameMax",
            .frame_truncated => "end of input inside a frame",
        };
    }
};

pub const Next = union(enum) {
    frame: []const u8,
    end_of_input,
    violation: Violation,
};

pub const Decoder = struct {
    source: Source,
    /// Destination of frame bodies; at least frame_bytes_max bytes.
    body: []u8,
    limit: u32,
    read_ahead: [read_ahead_bytes]u8 = undefined,
    start: u32 = 0,
    end: u32 = 0,

    pub const read_ahead_bytes: u32 = 64 * 1024;

    pub fn init(source: Source, body: []u8, limit: u32) Decoder {
        assert(limit >= 1);
        assert(body.len >= limit);
        return .{ .source = source, .body = body, .limit = limit };
    }

    pub fn next(decoder: *Decoder) Next {
        var header: [header_bytes]u8 = undefined;
        const header_read = decoder.fill(&header);
        if (header_read == 0) return .end_of_input;
        if (header_read < header_bytes) return .{ .violation = .frame_truncated };
        const length = std.mem.readInt(u32, &header, .big);
        if (length == 0) return .{ .violation = .frame_empty };
        if (length > decoder.limit) return .{ .violation = .frame_too_large };
        const body = decoder.body[0..length];
        if (decoder.fill(body) < length) return .{ .violation = .frame_truncated };
        return .{ .frame = body };
    }

    /// Fills `destination` completely unless input ends first; returns the bytes filled.
    fn fill(decoder: *Decoder, destination: []u8) usize {
        var filled: usize = 0;
        // Each iteration either copies buffered bytes or performs one read that returns at
        // least one byte; a read of 0 (end of input) or an error ends the loop.
        while (filled < destination.len) {
            if (decoder.start < decoder.end) {
                const available = decoder.end - decoder.start;
                const take: u32 = @intCast(@min(available, destination.len - filled));
                @memcpy(destination[filled..][0..take], decoder.read_ahead[decoder.start..][0..take]);
                decoder.start += take;
                filled += take;
                continue;
            }
            const remaining = destination.len - filled;
            if (remaining >= read_ahead_bytes) {
                // Large body: read directly, no copy.
                const count = decoder.readOnce(destination[filled..]) orelse return filled;
                filled += count;
            } else {
                const count = decoder.readOnce(&decoder.read_ahead) orelse return filled;
                decoder.start = 0;
                decoder.end = @intCast(count);
            }
        }
        assert(filled == destination.len);
        return filled;
    }

    /// One successful read of at least one byte, or null at end of input / on error.
    fn readOnce(decoder: *Decoder, buffer: []u8) ?usize {
        assert(buffer.len > 0);
        // EINTR retries are bounded so that a pathological signal storm cannot spin forever.
        var attempts: u32 = 0;
        while (attempts < interrupted_retries_max) : (attempts += 1) {
            const count = decoder.source.readFn(decoder.source.context, buffer) catch |err| switch (err) {
                error.Interrupted => continue,
                error.Failed => return null,
            };
            if (count == 0) return null;
            assert(count <= buffer.len);
            return count;
        }
        return null;
    }
};

pub const interrupted_retries_max: u32 = 1_000_000;

/// stdin as a Source: raw read(2), EINTR reported so the decoder retries it.
pub fn fdSource(fd: *const i32) Source {
    return .{ .context = @ptrCast(@constCast(fd)), .readFn = fdRead };
}

fn fdRead(context: *anyopaque, buffer: []u8) ReadError!usize {
    const fd: *const i32 = @ptrCast(@alignCast(context));
    const rc = linux.read(fd.*, buffer.ptr, buffer.len);
    return switch (linux.E.init(rc)) {
        .SUCCESS => rc,
        .INTR => error.Interrupted,
        else => error.Failed,
    };
}

pub const WriteError = error{ BrokenPipe, Failed };

/// Writes all of `bytes` to `fd`, retrying EINTR and short writes.
pub fn writeAll(fd: i32, bytes: []const u8) WriteError!void {
    var written: usize = 0;
    var interrupted: u32 = 0;
    while (written < bytes.len) {
        const rc = linux.write(fd, bytes[written..].ptr, bytes.len - written);
        switch (linux.E.init(rc)) {
            .SUCCESS => {
                assert(rc > 0 or bytes.len == written);
                if (rc == 0) return error.Failed;
                written += rc;
            },
            .INTR => {
                interrupted += 1;
                if (interrupted >= interrupted_retries_max) return error.Failed;
            },
            .PIPE => return error.BrokenPipe,
            else => return error.Failed,
        }
    }
}
