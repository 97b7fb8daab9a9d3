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
    /// Since the service last asked (takeWork): whether libnftables ran, and the bytes of output
    /// it wrote. Its heap and the helper's buffers that parse that output grow with them.
    ran: bool = false,
    output_bytes: u64 = 0,

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
        const outcome = Outcome{
            .ok = rc == 0,
            .output = if (output) |text| std.mem.span(text) else "",
            .error_text = if (error_text) |text| std.mem.span(text) else "",
        };
        context.ran = true;
        context.output_bytes +|= outcome.output.len + outcome.error_text.len;
        return outcome;
    }

    /// C heap that may stay in use, or free, between requests. libnftables keeps its cache of
    /// the ruleset (every element of a listed set) as long as the ruleset does not change, and its
    /// output buffer at the size of the largest output: a listing of a million elements left
    /// some 330 MiB in use and as much again free otherwise (measured).
    pub const heap_keep_bytes: usize = 4 * 1024 * 1024;

    /// A command that needs no element and no rule: a dry run of it makes libnftables 1.0.6
    /// release its cache (it does so after every dry run; it has no call for it).
    const release_command = "{\"nftables\":[{\"list\":{\"flowtables\":null}}]}";

    pub const Work = struct { ran: bool, output_bytes: u64 };

    /// Between requests: what libnftables did since the last call (and forgets it), after giving
    /// back what it holds of the C heap above heap_keep_bytes: an output buffer grown past it
    /// (freed and opened again, empty), its cache (a dry run), then the heap's free pages
    /// (malloc_trim). Null when the output could not be buffered again: libnftables would
    /// then print to the protocol channel, so the helper must stop.
    pub fn releaseHeap(context: *Context) ?Work {
        const work = Work{ .ran = context.ran, .output_bytes = context.output_bytes };
        if (!work.ran) return work;
        if (work.output_bytes > heap_keep_bytes) {
            _ = c.nft_ctx_unbuffer_output(context.handle);
            if (c.nft_ctx_buffer_output(context.handle) != 0) return null;
        }
        const heap = c.mallinfo2();
        if (heap.uordblks +| heap.hblkhd > heap_keep_bytes) {
            _ = context.runMode(release_command, .{ .check = true });
        }
        if (c.mallinfo2().fordblks > heap_keep_bytes) _ = c.malloc_trim(0);
        context.ran = false;
        context.output_bytes = 0;
        return work;
    }
};
