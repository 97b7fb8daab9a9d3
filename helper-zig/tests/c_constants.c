/* Prints the constants src/c.zig mirrors, read from the real system headers, as a Zig file.
 * Built and run by `zig build test`; tests/c_test.zig compares both. */
#include <stdio.h>
#include <nftables/libnftables.h>
#include <sys/prctl.h>

int main(void) {
    printf("pub const NFT_CTX_DEFAULT: u64 = %u;\n", (unsigned)NFT_CTX_DEFAULT);
    printf("pub const NFT_CTX_OUTPUT_HANDLE: u64 = %u;\n", (unsigned)NFT_CTX_OUTPUT_HANDLE);
    printf("pub const NFT_CTX_OUTPUT_JSON: u64 = %u;\n", (unsigned)NFT_CTX_OUTPUT_JSON);
    printf("pub const NFT_CTX_OUTPUT_ECHO: u64 = %u;\n", (unsigned)NFT_CTX_OUTPUT_ECHO);
    printf("pub const NFT_CTX_OUTPUT_TERSE: u64 = %u;\n", (unsigned)NFT_CTX_OUTPUT_TERSE);
    printf("pub const PR_GET_DUMPABLE: u64 = %u;\n", (unsigned)PR_GET_DUMPABLE);
    return 0;
}
