package org.nftj.api;

import org.nftj.api.expr.Keyword;

/** What a base chain does with the packets its hook gives it ({@code type filter hook input …}). */
public enum ChainType implements Keyword {
    /** Filters packets: any family, any hook. */
    FILTER,
    /** Network address translation: ip, ip6 and inet, on prerouting, input, output and postrouting. */
    NAT,
    /** Re-routes locally generated packets whose marks or addresses changed: ip and ip6 output. */
    ROUTE;

    /** {@return the type as nft writes it: {@code filter}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the type as nft writes it
     * @return the type
     * @throws IllegalArgumentException naming the allowed words
     */
    public static ChainType of(String word) { return Keyword.of(ChainType.class, word); }
}
