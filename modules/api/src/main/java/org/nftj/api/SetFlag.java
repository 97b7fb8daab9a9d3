package org.nftj.api;

import org.nftj.api.expr.Keyword;

/** A flag of a named set or map ({@code flags interval,timeout}). */
public enum SetFlag implements Keyword {
    /** The content is fixed when the set is created: elements cannot be added or removed later. */
    CONSTANT,
    /** Elements may be prefixes and ranges ({@code 10.0.0.0/8}, {@code 1000-2000}). */
    INTERVAL,
    /** Elements may expire ({@code timeout 1h}). */
    TIMEOUT,
    /** Rules may add elements from the packet path ({@code add @set { ip saddr }}). */
    DYNAMIC;

    /** {@return the flag as nft writes it: {@code interval}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the flag as nft writes it
     * @return the flag
     * @throws IllegalArgumentException naming the allowed words
     */
    public static SetFlag of(String word) { return Keyword.of(SetFlag.class, word); }
}
