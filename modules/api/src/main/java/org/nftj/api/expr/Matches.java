package org.nftj.api.expr;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Readable matches, each one a {@link Stmt.Match}: {@code tcpDport(22)}, {@code ctState(CtState.ESTABLISHED,
 * CtState.RELATED)}, {@code saddr("10.0.0.0/8")}, {@code saddrIn("blocklist4")}.
 *
 * <p>Address matches are family-aware: {@code saddr("fd00::/64")} matches {@code ip6 saddr} and
 * {@code saddr("10.0.0.0/8")} {@code ip saddr}, so the same code works in an inet table for IPv4 and
 * IPv6. Only numeric values are produced: ports and protocol numbers as numbers, addresses as
 * literals; names are never looked up.
 */
public final class Matches {
    private Matches() {}

    /** IANA protocol number of TCP, for {@code meta l4proto}. */
    public static final int TCP = 6;
    /** IANA protocol number of UDP. */
    public static final int UDP = 17;
    /** IANA protocol number of ICMP. */
    public static final int ICMP = 1;
    /** IANA protocol number of ICMPv6. */
    public static final int ICMPV6 = 58;
    /** IANA protocol number of SCTP. */
    public static final int SCTP = 132;
    /** IANA protocol number of DCCP. */
    public static final int DCCP = 33;

    /**
     * {@code LEFT RIGHT}: equal to, or in a set.
     *
     * @param left what is matched
     * @param right the value or set
     * @return the match
     */
    public static Stmt.Match eq(Expr left, Expr right) { return new Stmt.Match("==", left, right); }

    /**
     * {@code LEFT != RIGHT}.
     *
     * @param left what is matched
     * @param right the value or set
     * @return the match
     */
    public static Stmt.Match ne(Expr left, Expr right) { return new Stmt.Match("!=", left, right); }

    /**
     * {@code tcp dport PORT} (one port, or several as an anonymous set).
     *
     * @param ports the ports
     * @return the match
     * @throws IllegalArgumentException when a port is outside 0..65535, or none is given
     */
    public static Stmt.Match tcpDport(int... ports) { return eq(new Expr.Payload("tcp", "dport"), ports(ports)); }

    /**
     * {@code udp dport PORT} (one port, or several as an anonymous set).
     *
     * @param ports the ports
     * @return the match
     * @throws IllegalArgumentException when a port is outside 0..65535, or none is given
     */
    public static Stmt.Match udpDport(int... ports) { return eq(new Expr.Payload("udp", "dport"), ports(ports)); }

    /**
     * {@code tcp sport PORT} (one port, or several as an anonymous set).
     *
     * @param ports the ports
     * @return the match
     * @throws IllegalArgumentException when a port is outside 0..65535, or none is given
     */
    public static Stmt.Match tcpSport(int... ports) { return eq(new Expr.Payload("tcp", "sport"), ports(ports)); }

    /**
     * {@code udp sport PORT} (one port, or several as an anonymous set).
     *
     * @param ports the ports
     * @return the match
     * @throws IllegalArgumentException when a port is outside 0..65535, or none is given
     */
    public static Stmt.Match udpSport(int... ports) { return eq(new Expr.Payload("udp", "sport"), ports(ports)); }

    /**
     * {@code th dport PORT}: the transport header's destination port, whatever the protocol (tcp, udp, sctp, dccp).
     *
     * @param ports the ports
     * @return the match
     * @throws IllegalArgumentException when a port is outside 0..65535, or none is given
     */
    public static Stmt.Match thDport(int... ports) { return eq(new Expr.Payload("th", "dport"), ports(ports)); }

    /**
     * {@code tcp dport LOW-HIGH}.
     *
     * @param low the lowest port
     * @param high the highest port
     * @return the match
     * @throws IllegalArgumentException when a port is outside 0..65535
     */
    public static Stmt.Match tcpDportRange(int low, int high) {
        return eq(new Expr.Payload("tcp", "dport"), new Expr.Range(new Expr.Num(port(low)), new Expr.Num(port(high))));
    }

    /**
     * {@code meta l4proto N} (numeric: 6 tcp, 17 udp, 58 icmpv6 …).
     *
     * @param protocol the protocol number ({@link #TCP}, …)
     * @return the match
     */
    public static Stmt.Match l4proto(int protocol) { return eq(new Expr.Meta("l4proto"), new Expr.Num(protocol)); }

    /**
     * {@code meta nfproto ipv4|ipv6}.
     *
     * @param ipv6 IPv6 rather than IPv4
     * @return the match
     */
    public static Stmt.Match nfproto(boolean ipv6) { return eq(new Expr.Meta("nfproto"), new Expr.Str(ipv6 ? "ipv6" : "ipv4")); }

    /**
     * {@code ct state S[,S…]}: one state, or any of several.
     *
     * @param states the states
     * @return the match
     */
    public static Stmt.Match ctState(CtState... states) {
        if (states.length == 0) throw new IllegalArgumentException("ct state needs at least one state");
        List<Expr> l = new ArrayList<>();
        for (CtState s : states) l.add(new Expr.Str(s.wire()));
        // Several states as an anonymous set: the helper's language takes no bare arrays as values
        // (nft's flag-list form "established,related" is the same match as a set of the flags).
        return states.length == 1 ? new Stmt.Match("in", Expr.Ct.of("state"), l.get(0))
                : new Stmt.Match("==", Expr.Ct.of("state"), new Expr.SetOf(l));
    }

    /**
     * {@code iifname "NAME"} (by name string match; {@code iif} would need an interface lookup).
     *
     * @param name the interface's name
     * @return the match
     * @throws IllegalArgumentException when it is not an interface name
     */
    public static Stmt.Match iifname(String name) { return eq(new Expr.Meta("iifname"), new Expr.Str(ifname(name))); }

    /**
     * {@code oifname "NAME"}.
     *
     * @param name the interface's name
     * @return the match
     * @throws IllegalArgumentException when it is not an interface name
     */
    public static Stmt.Match oifname(String name) { return eq(new Expr.Meta("oifname"), new Expr.Str(ifname(name))); }

    /**
     * {@code ip saddr A} or {@code ip6 saddr A}, by the address's family; a prefix {@code a/len} matches the network.
     *
     * @param addressOrPrefix a numeric address, or a prefix ({@code 10.0.0.0/8})
     * @return the match
     * @throws IllegalArgumentException when it is not a numeric address or prefix (names are never looked up)
     */
    public static Stmt.Match saddr(String addressOrPrefix) { return addr("saddr", Addr.parse(addressOrPrefix)); }

    /**
     * {@code ip daddr A} or {@code ip6 daddr A}, by the address's family.
     *
     * @param addressOrPrefix a numeric address, or a prefix ({@code 10.0.0.0/8})
     * @return the match
     * @throws IllegalArgumentException when it is not a numeric address or prefix (names are never looked up)
     */
    public static Stmt.Match daddr(String addressOrPrefix) { return addr("daddr", Addr.parse(addressOrPrefix)); }

    /**
     * {@code ip saddr A} or {@code ip6 saddr A}, by the address's family.
     *
     * @param a the address
     * @return the match
     */
    public static Stmt.Match saddr(InetAddress a) { return addr("saddr", Addr.of(a)); }

    /**
     * {@code ip daddr A} or {@code ip6 daddr A}, by the address's family.
     *
     * @param a the address
     * @return the match
     */
    public static Stmt.Match daddr(InetAddress a) { return addr("daddr", Addr.of(a)); }

    /**
     * {@code ip saddr A/LEN} or {@code ip6 saddr A/LEN}: the network.
     *
     * @param a the network's address
     * @param prefixLength the prefix length
     * @return the match
     * @throws IllegalArgumentException when the length does not fit the family
     */
    public static Stmt.Match saddr(InetAddress a, int prefixLength) { return addr("saddr", Addr.of(a).withPrefix(prefixLength)); }

    /**
     * {@code ip daddr A/LEN} or {@code ip6 daddr A/LEN}: the network.
     *
     * @param a the network's address
     * @param prefixLength the prefix length
     * @return the match
     * @throws IllegalArgumentException when the length does not fit the family
     */
    public static Stmt.Match daddr(InetAddress a, int prefixLength) { return addr("daddr", Addr.of(a).withPrefix(prefixLength)); }

    private static Stmt.Match addr(String field, Addr a) { return eq(new Expr.Payload(a.protocol(), field), a.toExpr()); }

    /**
     * {@code ip saddr @SET} for a set of {@code ipv4_addr}, {@code ip6 saddr @SET} for {@code ipv6_addr}.
     *
     * @param set the set's name
     * @param ipv6 whether the set holds IPv6 addresses
     * @return the match
     */
    public static Stmt.Match saddrIn(String set, boolean ipv6) {
        return eq(new Expr.Payload(ipv6 ? "ip6" : "ip", "saddr"), new Expr.SetRef(set));
    }

    /**
     * {@code ip daddr @SET} for a set of {@code ipv4_addr}, {@code ip6 daddr @SET} for {@code ipv6_addr}.
     *
     * @param set the set's name
     * @param ipv6 whether the set holds IPv6 addresses
     * @return the match
     */
    public static Stmt.Match daddrIn(String set, boolean ipv6) {
        return eq(new Expr.Payload(ipv6 ? "ip6" : "ip", "daddr"), new Expr.SetRef(set));
    }

    /**
     * {@code LEFT @SET}: any expression looked up in a named set.
     *
     * @param left what is looked up
     * @param set the set's name
     * @return the match
     */
    public static Stmt.Match in(Expr left, String set) { return eq(left, new Expr.SetRef(set)); }

    /**
     * {@code meta mark N}.
     *
     * @param mark the mark
     * @return the match
     */
    public static Stmt.Match mark(long mark) { return eq(new Expr.Meta("mark"), new Expr.Num(mark)); }

    /**
     * {@code icmp type N} / {@code icmpv6 type N} (numeric types: 8 echo-request, 128 echo-request v6).
     *
     * @param ipv6 ICMPv6 rather than ICMP
     * @param type the type number
     * @return the match
     */
    public static Stmt.Match icmpType(boolean ipv6, int type) {
        return eq(new Expr.Payload(ipv6 ? "icmpv6" : "icmp", "type"), new Expr.Num(type));
    }

    static Expr ports(int... ports) {
        if (ports.length == 0) throw new IllegalArgumentException("at least one port");
        if (ports.length == 1) return new Expr.Num(port(ports[0]));
        List<Expr> l = new ArrayList<>();
        for (int p : ports) l.add(new Expr.Num(port(p)));
        return new Expr.SetOf(l);
    }

    static int port(int p) {
        if (p < 0 || p > 65535) throw new IllegalArgumentException("port out of range: " + p);
        return p;
    }

    static String ifname(String n) {
        if (n == null || n.isEmpty() || n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 15) {
            throw new IllegalArgumentException("interface names are 1 to 15 bytes: " + n);
        }
        return n;
    }
}
