//! Every hand-written C declaration of the helper, in one place (no @cImport: it is deprecated in
//! Zig 0.16 and its replacement cannot be fetched here). Each declaration names its header. The
//! test "c constants match the system headers" (tests/c_test.zig) compiles a C program against the
//! real headers and compares every constant mirrored below.

/// <nftables/libnftables.h>: opaque context.
pub const nft_ctx = opaque {};

/// <nftables/libnftables.h>
pub const NFT_CTX_DEFAULT: u32 = 0;
/// <nftables/libnftables.h>: enum of output flags.
pub const NFT_CTX_OUTPUT_HANDLE: c_uint = 1 << 3;
/// <nftables/libnftables.h>
pub const NFT_CTX_OUTPUT_JSON: c_uint = 1 << 4;
/// <nftables/libnftables.h>
pub const NFT_CTX_OUTPUT_ECHO: c_uint = 1 << 5;
/// <nftables/libnftables.h>: listings without set elements.
pub const NFT_CTX_OUTPUT_TERSE: c_uint = 1 << 11;

/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_new(flags: u32) ?*nft_ctx;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_free(ctx: *nft_ctx) void;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_set_dry_run(ctx: *nft_ctx, dry: bool) void;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_output_get_flags(ctx: *nft_ctx) c_uint;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_output_set_flags(ctx: *nft_ctx, flags: c_uint) void;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_buffer_output(ctx: *nft_ctx) c_int;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_buffer_error(ctx: *nft_ctx) c_int;
/// <nftables/libnftables.h>: the buffer stays valid until the next command on the context.
pub extern "nftables" fn nft_ctx_get_output_buffer(ctx: *nft_ctx) ?[*:0]const u8;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_ctx_get_error_buffer(ctx: *nft_ctx) ?[*:0]const u8;
/// <nftables/libnftables.h>
pub extern "nftables" fn nft_run_cmd_from_buffer(ctx: *nft_ctx, buffer: [*:0]const u8) c_int;

/// <sys/prctl.h> (<linux/prctl.h>)
pub const PR_GET_DUMPABLE: c_int = 3;
/// <sys/prctl.h>
pub extern "c" fn prctl(option: c_int, ...) c_int;
