//! Response frames. Every frame is built whole in the response buffer (4 header bytes reserved
//! up front) and written with one writeAll, so a frame is never half-written by us.

const std = @import("std");
const assert = std.debug.assert;
const frame = @import("frame.zig");
const writer_module = @import("writer.zig");
const Buffer = writer_module.Buffer;

pub const Failure = struct {
    code: []const u8,
    message: []const u8,
    /// Zero-based index in batch.nftables, when known.
    command: ?u32 = null,
    /// JSON Pointer to the offending field, for invalid_request and friends.
    path: ?[]const u8 = null,
    /// Extra free text appended to the message (libnftables' error text); escaped lossily.
    detail: ?[]const u8 = null,
    /// response_too_large: whether the batch was applied.
    applied: ?bool = null,
    /// startup_failed: stable reason.
    reason: ?[]const u8 = null,
};

/// Starts a response in `buffer`: reserves the header and writes the envelope head.
pub fn begin(buffer: *Buffer, id: ?i64, ok: bool) void {
    buffer.reset(frame.header_bytes);
    buffer.raw("{\"id\":");
    if (id) |value| {
        assert(value >= 1);
        buffer.integer(value);
    } else buffer.raw("null");
    buffer.raw(if (ok) ",\"ok\":true,\"result\":" else ",\"ok\":false,\"error\":");
}

/// Ends the envelope and fills in the header. Returns the frame, or null when it would exceed
/// the response limit (the caller then answers response_too_large).
pub fn finish(buffer: *Buffer) ?[]const u8 {
    buffer.byte('}');
    if (buffer.overflow) return null;
    const body_len = buffer.len - frame.header_bytes;
    if (body_len > frame.response_bytes_max) return null;
    std.mem.writeInt(u32, buffer.bytes[0..4], @intCast(body_len), .big);
    return buffer.bytes[0..buffer.len];
}

pub fn failure(buffer: *Buffer, id: ?i64, value: Failure) []const u8 {
    // Two attempts at most: the second with libnftables' text cut to 4 KiB, which always fits.
    const detail_short_bytes: usize = 4096;
    var attempt: u32 = 0;
    while (attempt < 2) : (attempt += 1) {
        var detail = value.detail;
        if (attempt == 1) {
            if (detail) |text| detail = text[0..@min(text.len, detail_short_bytes)];
        }
        writeFailure(buffer, id, value, detail);
        if (finish(buffer)) |bytes| return bytes;
    }
    unreachable;
}

fn writeFailure(buffer: *Buffer, id: ?i64, value: Failure, detail: ?[]const u8) void {
    begin(buffer, id, false);
    buffer.raw("{\"code\":");
    buffer.string(value.code);
    if (value.reason) |reason| {
        buffer.raw(",\"reason\":");
        buffer.string(reason);
    }
    buffer.raw(",\"message\":\"");
    buffer.stringBodyLossy(value.message);
    if (detail) |text| {
        // libnftables' text is untrusted and may not be UTF-8: escaped lossily.
        buffer.raw(": ");
        buffer.stringBodyLossy(std.mem.trimRight(u8, text, "\n"));
    }
    buffer.byte('"');
    if (value.command) |command| {
        buffer.raw(",\"command\":");
        buffer.unsigned(command);
    }
    if (value.path) |path| {
        buffer.raw(",\"path\":");
        buffer.stringLossy(path);
    }
    if (value.applied) |applied| {
        buffer.raw(",\"applied\":");
        buffer.boolean(applied);
    }
    buffer.byte('}');
}
