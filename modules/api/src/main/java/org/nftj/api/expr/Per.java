package org.nftj.api.expr;

/** The time unit of a rate: {@code limit rate 10/minute} ({@link Stmt#limit(long, Per, long)}). */
public enum Per implements Keyword {
    /** Per second. */
    SECOND,
    /** Per minute. */
    MINUTE,
    /** Per hour. */
    HOUR,
    /** Per day. */
    DAY,
    /** Per week. */
    WEEK;

    /** {@return the unit as nft writes it: {@code minute}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the unit as nft writes it
     * @return the unit
     * @throws IllegalArgumentException naming the allowed words
     */
    public static Per of(String word) { return Keyword.of(Per.class, word); }
}
