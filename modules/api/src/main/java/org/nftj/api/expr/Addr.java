package org.nftj.api.expr;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address or prefix parsed from a numeric literal only ({@code 192.0.2.1}, {@code 10.0.0.0/8},
 * {@code fd00::/64}). Host names are refused here and never reach the helper, which would refuse
 * them too ({@code lookup_refused}). The family follows from the address.
 */
public record Addr(InetAddress address, int prefixLength) {
    public Addr {
        Objects.requireNonNull(address, "address");
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address);
    }

    /** Parses {@code ADDR} or {@code ADDR/LEN}; refuses anything that is not a numeric address. */
    public static Addr parse(String text) {
        Objects.requireNonNull(text, "address");
        String a = text;
        int len = -1;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            a = text.substring(0, slash);
            try {
                len = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length: " + text);
            }
        }
        InetAddress ia;
        try {
            ia = InetAddress.ofLiteral(a); // never resolves: literal addresses only
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a numeric IP address (host names are not looked up): " + text);
        }
        int max = ia instanceof Inet4Address ? 32 : 128;
        return new Addr(ia, len < 0 ? max : len);
    }

    public static Addr of(InetAddress a) { return new Addr(a, a instanceof Inet4Address ? 32 : 128); }

    public boolean isIpv6() { return address instanceof Inet6Address; }

    /** The payload protocol of this family: {@code ip} or {@code ip6}. */
    public String protocol() { return isIpv6() ? "ip6" : "ip"; }

    /** The set key type of this family: {@code ipv4_addr} or {@code ipv6_addr}. */
    public String setType() { return isIpv6() ? "ipv6_addr" : "ipv4_addr"; }

    public boolean isHost() { return prefixLength == (isIpv6() ? 128 : 32); }

    /** As an expression: the address, or a prefix. */
    public Expr toExpr() {
        Expr.Str s = new Expr.Str(address.getHostAddress().replaceAll("%.*$", ""));
        return isHost() ? s : new Expr.Prefix(s, prefixLength);
    }
}
