//! Floor for small operations: one libnftables context in this process adding one set element
//! per nft_run_cmd_from_buffer call (JSON input, as the helper sends). Run in a fresh netns.
const std = @import("std");
const c = @import("helper").c;
const common = @import("common.zig");

pub fn main() !void {
    const count = common.iterations();
    const context = c.nft_ctx_new(c.NFT_CTX_DEFAULT) orelse return error.NoContext;
    _ = c.nft_ctx_buffer_output(context);
    _ = c.nft_ctx_buffer_error(context);
    c.nft_ctx_output_set_flags(context, c.nft_ctx_output_get_flags(context) | c.NFT_CTX_OUTPUT_JSON);
    const setup = "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},{\"add\":{\"set\":{" ++
        "\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"type\":\"ipv4_addr\"}}}]}";
    if (c.nft_run_cmd_from_buffer(context, setup) != 0) return error.SetupFailed;
    const samples = try std.heap.page_allocator.alloc(u64, count);
    var command: [256]u8 = undefined;
    for (samples, 0..) |*sample, index| {
        const text = try std.fmt.bufPrintZ(
            &command,
            "{{\"nftables\":[{{\"add\":{{\"element\":{{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\"," ++
                "\"elem\":[\"10.{d}.{d}.{d}\"]}}}}}}]}}",
            .{ index >> 16 & 255, index >> 8 & 255, index & 255 },
        );
        const start = common.nowNanoseconds();
        if (c.nft_run_cmd_from_buffer(context, text.ptr) != 0) return error.AddFailed;
        _ = c.nft_ctx_get_output_buffer(context);
        sample.* = common.nowNanoseconds() - start;
    }
    common.report("inprocess", samples);
}
