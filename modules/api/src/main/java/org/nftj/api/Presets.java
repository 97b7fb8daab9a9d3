package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import org.nftj.api.expr.Addr;
import org.nftj.api.expr.CtState;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Per;
import org.nftj.api.expr.Stmt;

/**
 * Ready-made pieces of common policies, for an inet table (IPv4 and IPv6 alike). Each returns model
 * objects to put in a {@link Batch} or a {@link DesiredTable}:
 *
 * <pre>{@code
 * Table app = new Table(Family.INET, "app");
 * DesiredTable d = DesiredTable.of(app)
 *     .add(Presets.inputChain(app, "input"))                 // policy drop
 *     .add(Presets.loopback(app, "input"), Presets.establishedRelated(app, "input"), Presets.dropInvalid(app, "input"))
 *     .addAll(Presets.blocklist(app, "input", "deny"))       // sets deny4/deny6 + two rules
 *     .add(Presets.rateLimitedSsh(app, "input", 10, 5))
 *     .addAll(Presets.allowDns(app, "input"))
 *     .add(Presets.allowTcp(app, "input", 80, 443))
 *     .build();
 * }</pre>
 * Only numbers reach the wire: ports, protocol numbers, numeric addresses.
 */
public final class Presets {
    private Presets() {}

    /**
     * A filter base chain on the input hook with policy drop.
     *
     * @param t the table
     * @param name the chain's name
     * @return the chain
     */
    public static Chain inputChain(Table t, String name) {
        return Chain.base(t, name, ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP);
    }

    /**
     * {@code iifname "lo" accept}.
     *
     * @param t the table
     * @param chain the chain's name
     * @return the rule
     */
    public static Rule loopback(Table t, String chain) { return Rule.in(t, chain, Matches.iifname("lo"), Stmt.accept()); }

    /**
     * {@code ct state established,related accept}.
     *
     * @param t the table
     * @param chain the chain's name
     * @return the rule
     */
    public static Rule establishedRelated(Table t, String chain) {
        return Rule.in(t, chain, Matches.ctState(CtState.ESTABLISHED, CtState.RELATED), Stmt.accept());
    }

    /**
     * {@code ct state invalid drop}.
     *
     * @param t the table
     * @param chain the chain's name
     * @return the rule
     */
    public static Rule dropInvalid(Table t, String chain) { return Rule.in(t, chain, Matches.ctState(CtState.INVALID), Stmt.drop()); }

    /**
     * {@code tcp dport {P…} accept} (IPv4 and IPv6).
     *
     * @param t the table
     * @param chain the chain's name
     * @param ports the destination ports
     * @return the rule
     */
    public static Rule allowTcp(Table t, String chain, int... ports) { return Rule.in(t, chain, Matches.tcpDport(ports), Stmt.accept()); }

    /**
     * {@code udp dport {P…} accept}.
     *
     * @param t the table
     * @param chain the chain's name
     * @param ports the destination ports
     * @return the rule
     */
    public static Rule allowUdp(Table t, String chain, int... ports) { return Rule.in(t, chain, Matches.udpDport(ports), Stmt.accept()); }

    /**
     * DNS: {@code udp dport 53 accept} and {@code tcp dport 53 accept}.
     *
     * @param t the table
     * @param chain the chain's name
     * @return the two rules
     */
    public static List<Rule> allowDns(Table t, String chain) { return List.of(allowUdp(t, chain, 53), allowTcp(t, chain, 53)); }

    /**
     * ICMP echo requests and the ICMPv6 types IPv6 cannot work without (neighbour discovery, too-big).
     *
     * @param t the table
     * @param chain the chain's name
     * @return the two rules: ICMP, then ICMPv6
     */
    public static List<Rule> allowIcmp(Table t, String chain) {
        return List.of(
                Rule.in(t, chain, Matches.l4proto(Matches.ICMP), Matches.icmpType(false, 8), Stmt.accept()),
                Rule.in(t, chain, Matches.l4proto(Matches.ICMPV6), new Stmt.Match("==", new Expr.Payload("icmpv6", "type"),
                        new Expr.SetOf(List.of(new Expr.Num(1), new Expr.Num(2), new Expr.Num(3), new Expr.Num(4),
                                new Expr.Num(128), new Expr.Num(133), new Expr.Num(134), new Expr.Num(135), new Expr.Num(136)))),
                        Stmt.accept()));
    }

    /**
     * New SSH connections at most {@code perMinute}/minute (burst {@code burst}); the rest fall to the policy.
     *
     * @param t the table
     * @param chain the chain's name
     * @param perMinute new connections let through per minute
     * @param burst connections let through at once above the rate
     * @return the rule
     */
    public static Rule rateLimitedSsh(Table t, String chain, int perMinute, int burst) {
        return Rule.in(t, chain, Matches.tcpDport(22), Matches.ctState(CtState.NEW), Stmt.limit(perMinute, Per.MINUTE, burst), Stmt.accept());
    }

    /**
     * A blocklist for both families: interval sets {@code NAME4} (ipv4_addr) and {@code NAME6}
     * (ipv6_addr), and two rules dropping their sources (with a counter). Fill them with
     * {@link TableClient#addElements} and {@link Bulk#intervalSets()}.
     *
     * @param t the table
     * @param chain the chain's name
     * @param name the sets' names without the 4 or 6
     * @return the two sets, then the two rules
     */
    public static List<NftObject> blocklist(Table t, String chain, String name) {
        return List.of(
                NamedSet.of(t, name + "4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL),
                NamedSet.of(t, name + "6", DataType.IPV6_ADDR).withFlags(SetFlag.INTERVAL),
                Rule.in(t, chain, Matches.saddrIn(name + "4", false), Stmt.counter(), Stmt.drop()),
                Rule.in(t, chain, Matches.saddrIn(name + "6", true), Stmt.counter(), Stmt.drop()));
    }

    // ---- NAT ---------------------------------------------------------------------------------------

    /**
     * A nat base chain on postrouting (priority srcnat).
     *
     * @param t the table
     * @param name the chain's name
     * @return the chain
     */
    public static Chain postrouting(Table t, String name) {
        return Chain.base(t, name, ChainType.NAT, ChainHook.POSTROUTING, Priority.SRCNAT, ChainPolicy.ACCEPT);
    }

    /**
     * A nat base chain on prerouting (priority dstnat).
     *
     * @param t the table
     * @param name the chain's name
     * @return the chain
     */
    public static Chain prerouting(Table t, String name) {
        return Chain.base(t, name, ChainType.NAT, ChainHook.PREROUTING, Priority.DSTNAT, ChainPolicy.ACCEPT);
    }

    /**
     * {@code oifname IF masquerade} (IPv4 and IPv6).
     *
     * @param t the table
     * @param chain the chain's name
     * @param outInterface the outgoing interface's name
     * @return the rule
     */
    public static Rule masquerade(Table t, String chain, String outInterface) {
        return Rule.in(t, chain, Matches.oifname(outInterface), Stmt.masquerade());
    }

    /**
     * {@code ip|ip6 saddr FROM snat ip|ip6 to TO}: the family follows from the addresses (they must agree).
     *
     * @param t the table
     * @param chain the chain's name
     * @param fromPrefix the source addresses, a prefix (10.0.0.0/8)
     * @param to the address they are translated to
     * @return the rule
     * @throws IllegalArgumentException when the two are not of one family
     */
    public static Rule snat(Table t, String chain, String fromPrefix, String to) {
        sameFamily(fromPrefix, to);
        return Rule.in(t, chain, Matches.saddr(fromPrefix), Stmt.snat(to));
    }

    /**
     * {@code ip|ip6 daddr TO_ADDR dnat ip|ip6 to NEW}.
     *
     * @param t the table
     * @param chain the chain's name
     * @param destination the destination address matched
     * @param to the address it is translated to
     * @return the rule
     * @throws IllegalArgumentException when the two are not of one family
     */
    public static Rule dnat(Table t, String chain, String destination, String to) {
        sameFamily(destination, to);
        return Rule.in(t, chain, Matches.daddr(destination), Stmt.dnat(to));
    }

    /**
     * Port forward: TCP to {@code port} is sent to {@code toAddress}:{@code toPort}. For IPv4 and IPv6
     * give one rule each (the target address decides the family: {@code nfproto} is matched so an
     * IPv6 packet is never sent to an IPv4 target).
     *
     * @param t the table
     * @param chain the chain's name
     * @param port the TCP destination port matched
     * @param toAddress the target address
     * @param toPort the target port
     * @return the rule
     */
    public static Rule portForward(Table t, String chain, int port, String toAddress, int toPort) {
        Addr a = Addr.parse(toAddress);
        return Rule.in(t, chain, Matches.nfproto(a.isIpv6()), Matches.tcpDport(port), Stmt.dnat(toAddress, toPort));
    }

    private static void sameFamily(String a, String b) {
        if (Addr.parse(a).isIpv6() != Addr.parse(b).isIpv6()) throw new IllegalArgumentException("mixed IPv4 and IPv6: " + a + ", " + b);
    }

    /**
     * All objects of a list, as a batch of {@code add} commands (table first).
     *
     * @param t the table
     * @param objects the objects, chains first among them as listed
     * @return the batch: the table, its chains, then sets and objects, then rules
     */
    public static Batch batch(Table t, List<? extends NftObject> objects) {
        Batch.Builder b = Batch.builder().add(t);
        List<NftObject> rest = new ArrayList<>(objects);
        for (NftObject o : rest) if (o instanceof Chain) b.add(o);
        for (NftObject o : rest) if (!(o instanceof Chain) && !(o instanceof Rule)) b.add(o);
        for (NftObject o : rest) if (o instanceof Rule) b.add(o);
        return b.build();
    }
}
