package org.nftj.api;

import java.util.Locale;

/** nftables address families. */
public enum Family {
    IP, IP6, INET, ARP, BRIDGE, NETDEV;

    /** The name libnftables uses. */
    public String wire() { return name().toLowerCase(Locale.ROOT); }

    public static Family fromWire(String s) { return valueOf(s.toUpperCase(Locale.ROOT)); }
}
