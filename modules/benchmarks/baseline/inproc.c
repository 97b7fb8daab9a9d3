/* Baseline: the floor for a small operation. One libnftables context, the same JSON command the
 * helper would run, in a loop (no process boundary, no validation, no framing). Prints
 * "inproc <ops> <seconds> <cpu seconds>". Run inside a network namespace that has table inet app, set s. */
#include <nftables/libnftables.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double clock_s(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }

int main(int argc, char **argv) {
    int ops = argc > 1 ? atoi(argv[1]) : 20000;
    struct nft_ctx *ctx = nft_ctx_new(NFT_CTX_DEFAULT);
    if (!ctx) return 1;
    nft_ctx_buffer_output(ctx);
    nft_ctx_buffer_error(ctx);
    nft_ctx_output_set_flags(ctx, NFT_CTX_OUTPUT_JSON);
    char cmd[256];
    for (int i = 0; i < 1000; i++) { /* warm-up, also fills the cache */
        snprintf(cmd, sizeof cmd, "{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"elem\":[%d]}}}]}", i & 0xff);
        if (nft_run_cmd_from_buffer(ctx, cmd) != 0) { fprintf(stderr, "%s", nft_ctx_get_error_buffer(ctx)); return 2; }
    }
    double start = now(), cpu_start = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    for (int i = 0; i < ops; i++) {
        snprintf(cmd, sizeof cmd, "{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"elem\":[%d]}}}]}", i & 0xff);
        if (nft_run_cmd_from_buffer(ctx, cmd) != 0) { fprintf(stderr, "%s", nft_ctx_get_error_buffer(ctx)); return 2; }
    }
    /* Wall time, then CPU time: on a loaded machine the loop waits for a core, so the second is its cost. */
    printf("inproc %d %.6f %.6f\n", ops, now() - start, clock_s(CLOCK_PROCESS_CPUTIME_ID) - cpu_start);
    nft_ctx_free(ctx);
    return 0;
}
