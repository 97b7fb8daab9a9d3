//! The one libnftables context of the helper.
//!
//! Created once at startup with JSON output and buffered output and error streams, so nothing
//! libnftables prints can reach stdout (the protocol channel). Input is always canonical JSON
//! written by the helper (src/writer.zig), never client bytes: libnftables falls back to its
//! text parser (which can read files) whenever jansson cannot load the buffer.

const std = @import("std");
const assert = std.debug.assert;
const c = @import("c.zig");
const crash = @import("crash.zig");

pub const Context = struct {
    handle: *c.nft_ctx,
    base_flags: c_uint,

    pub fn init() ?Context {
        const handle = c.nft_ctx_new(c.NFT_CTX_DEFAULT) orelse return null;
        if (c.nft_ctx_buffer_output(handle) != 0 or c.nft_ctx_buffer_error(handle) != 0) {
            c.nft_ctx_free(handle);
            return null;
        }
        const base_flags = c.nft_ctx_output_get_flags(handle) | c.NFT_CTX_OUTPUT_JSON;
        c.nft_ctx_output_set_flags(handle, base_flags);
        return .{ .handle = handle, .base_flags = base_flags };
    }

    pub const Outcome = struct {
        ok: bool,
        output: []const u8,
        error_text: []const u8,
    };

    pub const Mode = struct {
        check: bool = false,
        echo: bool = false,
        /// Listings without set elements (the helper's own counting, src/resources.zig).
        terse: bool = false,
    };

    /// Runs one canonical JSON document. `input` must be NUL-terminated canonical JSON.
    pub fn run(context: *Context, input: [:0]const u8, check: bool, echo: bool) Outcome {
        return context.runMode(input, .{ .check = check, .echo = echo });
    }

    pub fn runMode(context: *Context, input: [:0]const u8, mode: Mode) Outcome {
        assert(input.len > 0 and input[0] == '{');
        const check = mode.check;
        var flags = context.base_flags;
        if (mode.echo) flags |= c.NFT_CTX_OUTPUT_ECHO | c.NFT_CTX_OUTPUT_HANDLE;
        if (mode.terse) flags |= c.NFT_CTX_OUTPUT_TERSE;
        c.nft_ctx_output_set_flags(context.handle, flags);
        c.nft_ctx_set_dry_run(context.handle, check);
        // A crash inside is reported as libnftables' (src/crash.zig).
        crash.enterLibrary();
        const rc = c.nft_run_cmd_from_buffer(context.handle, input.ptr);
        crash.leaveLibrary();
        c.nft_ctx_set_dry_run(context.handle, false);
        c.nft_ctx_output_set_flags(context.handle, context.base_flags);
        // Reading a buffer also rewinds it for the next command.
        const output = c.nft_ctx_get_output_buffer(context.handle);
        const error_text = c.nft_ctx_get_error_buffer(context.handle);
        return .{
            .ok = rc == 0,
            .output = if (output) |text| std.mem.span(text) else "",
            .error_text = if (error_text) |text| std.mem.span(text) else "",
        };
    }
};
