package org.nftj.api;

import java.util.List;
import java.util.Map;

/**
 * The answer to an applied or checked batch.
 *
 * @param nftables what libnftables printed: listed objects, or echoed created objects with handles
 * @param batchSha256 digest of the canonical batch as sent (the audit log records the same)
 */
public record Result(List<Map<String, Object>> nftables, String batchSha256) {
    /** Copies the listing: a result does not change. */
    public Result {
        nftables = List.copyOf(nftables);
    }

    /**
     * {@return the answer in nft syntax: what the batch listed or echoed, as {@code nft list} prints
     * it, after the batch's digest ({@code batch 3f2a…: applied}, then the listing)}
     */
    @Override
    public String toString() {
        String head = "batch " + (batchSha256 == null ? "" : batchSha256.substring(0, Math.min(12, batchSha256.length())));
        if (nftables.isEmpty()) return head;
        String text;
        try {
            text = NftSyntax.ruleset(Ruleset.decodeEcho(nftables));
        } catch (RuntimeException notAListing) {
            text = Json.text(Map.of("nftables", nftables));
        }
        return head + ":\n" + text;
    }
}
