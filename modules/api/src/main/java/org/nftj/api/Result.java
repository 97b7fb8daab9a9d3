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
}
