package org.nftj.api.expr;

/** A connection tracking state, for {@code ct state} ({@link Matches#ctState(CtState...)}). */
public enum CtState implements Keyword {
    /** The first packet of a connection. */
    NEW,
    /** A packet of a connection that has seen traffic both ways. */
    ESTABLISHED,
    /** A new connection that belongs to an existing one (FTP data, an ICMP error). */
    RELATED,
    /** A packet conntrack could not classify. */
    INVALID,
    /** A packet exempted from tracking ({@code notrack}). */
    UNTRACKED;

    /** {@return the state as nft writes it: {@code established}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the state as nft writes it
     * @return the state
     * @throws IllegalArgumentException naming the allowed words
     */
    public static CtState of(String word) { return Keyword.of(CtState.class, word); }
}
