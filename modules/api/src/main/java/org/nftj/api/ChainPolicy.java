package org.nftj.api;

import org.nftj.api.expr.Keyword;

/** What a base chain does with a packet no rule gave a verdict ({@code policy drop}). */
public enum ChainPolicy implements Keyword {
    /** Let the packet pass (nft's default). */
    ACCEPT,
    /** Discard the packet. */
    DROP;

    /** {@return the policy as nft writes it: {@code drop}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the policy as nft writes it
     * @return the policy
     * @throws IllegalArgumentException naming the allowed words
     */
    public static ChainPolicy of(String word) { return Keyword.of(ChainPolicy.class, word); }
}
