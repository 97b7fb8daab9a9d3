package org.nftj.api;

import org.nftj.api.expr.Keyword;

/**
 * The types nftj accepts for a set's key and a map's data ({@code type ipv4_addr},
 * {@code type ipv4_addr . inet_service : verdict}): the named types of nft that the helper's
 * language takes (docs/helper-language.md). A set can also be typed by an expression
 * ({@link NamedSet.Key#typeOf}).
 */
public enum DataType implements Keyword {
    /** An IPv4 address: {@code 192.0.2.1}, and prefixes or ranges of them in an interval set. */
    IPV4_ADDR,
    /** An IPv6 address: {@code 2001:db8::1}. */
    IPV6_ADDR,
    /** An Ethernet (MAC) address: {@code 02:00:00:00:00:01}. */
    ETHER_ADDR,
    /** An IP protocol: {@code tcp}, {@code 6}. */
    INET_PROTO,
    /** A port: {@code 22}. */
    INET_SERVICE,
    /** A packet mark: {@code 0x10}. */
    MARK,
    /** An interface name: {@code "eth0"}. */
    IFNAME,
    /** A conntrack state: {@code established}. */
    CT_STATE,
    /** A conntrack status: {@code dnat}. */
    CT_STATUS,
    /** A TCP flag: {@code syn}. */
    TCP_FLAG,
    /** An ICMP type: {@code echo-request}. */
    ICMP_TYPE,
    /** An ICMPv6 type: {@code nd-neighbor-solicit}. */
    ICMPV6_TYPE,
    /** An Ethernet type: {@code ip6}. */
    ETHER_TYPE,
    /** A packet type: {@code broadcast}. */
    PKTTYPE,
    /** A netfilter protocol family: {@code ipv4}. */
    NF_PROTO,
    /** A DSCP value: {@code cs1}. */
    DSCP,
    /** An ECN value: {@code ect0}. */
    ECN,
    /** A day of the week: {@code monday}. */
    DAY,
    /** A map's data only: the name of a named counter. */
    COUNTER,
    /** A map's data only: the name of a named quota. */
    QUOTA,
    /** A map's data only: a verdict ({@code accept}, {@code jump other}), for a verdict map. */
    VERDICT;

    /** {@return the type as nft writes it: {@code ipv4_addr}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the type as nft writes it
     * @return the type
     * @throws IllegalArgumentException naming the allowed words
     */
    public static DataType of(String word) { return Keyword.of(DataType.class, word); }
}
