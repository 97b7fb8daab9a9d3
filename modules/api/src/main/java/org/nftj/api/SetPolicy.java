package org.nftj.api;

import org.nftj.api.expr.Keyword;

/** How the kernel chooses a set's internal structure ({@code policy memory}). */
public enum SetPolicy implements Keyword {
    /** Fastest lookups (the default). */
    PERFORMANCE,
    /** Least memory. */
    MEMORY;

    /** {@return the policy as nft writes it: {@code memory}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the policy as nft writes it
     * @return the policy
     * @throws IllegalArgumentException naming the allowed words
     */
    public static SetPolicy of(String word) { return Keyword.of(SetPolicy.class, word); }
}
