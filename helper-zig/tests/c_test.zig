//! Every constant mirrored in src/c.zig equals the value in the system headers (printed by
//! tests/c_constants.c, compiled against /usr/include at build time).

const std = @import("std");
const helper = @import("helper");
const c = helper.c;
const real = @import("c_constants_real");

test "c constants match the system headers" {
    try std.testing.expectEqual(real.NFT_CTX_DEFAULT, c.NFT_CTX_DEFAULT);
    try std.testing.expectEqual(real.NFT_CTX_OUTPUT_HANDLE, c.NFT_CTX_OUTPUT_HANDLE);
    try std.testing.expectEqual(real.NFT_CTX_OUTPUT_JSON, c.NFT_CTX_OUTPUT_JSON);
    try std.testing.expectEqual(real.NFT_CTX_OUTPUT_ECHO, c.NFT_CTX_OUTPUT_ECHO);
    try std.testing.expectEqual(real.NFT_CTX_OUTPUT_TERSE, c.NFT_CTX_OUTPUT_TERSE);
    try std.testing.expectEqual(real.PR_GET_DUMPABLE, @as(u64, @intCast(c.PR_GET_DUMPABLE)));
}
