package org.nftj.api;

import java.util.Locale;

/** nftables address families. */
public enum Family {
    /** IPv4: {@code ip}. */
    IP,
    /** IPv6: {@code ip6}. */
    IP6,
    /** IPv4 and IPv6 in one table: {@code inet}. */
    INET,
    /** ARP: {@code arp}. */
    ARP,
    /** Bridged frames: {@code bridge}. */
    BRIDGE,
    /** Ingress and egress of one device: {@code netdev}. */
    NETDEV;

    /** {@return the name libnftables uses: {@code inet}} */
    public String wire() { return name().toLowerCase(Locale.ROOT); }

    /** {@return the family as nft writes it: {@code inet}, as {@link #wire()}} */
    @Override
    public String toString() { return wire(); }

    /**
     * Reads a family as libnftables writes it.
     *
     * @param s the name: {@code ip}, {@code ip6}, {@code inet}, {@code arp}, {@code bridge} or {@code netdev}
     * @return the family
     * @throws IllegalArgumentException for any other name
     */
    public static Family fromWire(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
