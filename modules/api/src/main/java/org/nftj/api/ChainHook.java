package org.nftj.api;

import org.nftj.api.expr.Keyword;

/** Where in the packet path a base chain (or a flowtable) attaches ({@code hook input}). */
public enum ChainHook implements Keyword {
    /** Every incoming packet, before the routing decision. */
    PREROUTING,
    /** Packets for this host, after routing. */
    INPUT,
    /** Packets routed through this host. */
    FORWARD,
    /** Packets this host sends. */
    OUTPUT,
    /** Every outgoing packet, after routing. */
    POSTROUTING,
    /** Packets as the device receives them, before prerouting (netdev and inet; needs a device). */
    INGRESS,
    /** Packets as the device sends them (netdev; needs a device). */
    EGRESS;

    /** {@return the hook as nft writes it: {@code input}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the hook as nft writes it
     * @return the hook
     * @throws IllegalArgumentException naming the allowed words
     */
    public static ChainHook of(String word) { return Keyword.of(ChainHook.class, word); }
}
