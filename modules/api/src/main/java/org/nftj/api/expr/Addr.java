package org.nftj.api.expr;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An IP address or prefix parsed from a numeric literal only ({@code 192.0.2.1}, {@code 10.0.0.0/8},
 * {@code fd00::/64}). Host names are refused here and never reach the helper, which would refuse
 * them too ({@code lookup_refused}). The family follows from the address.
 *
 * @param text the address literal as given (validated; IPv4 in dotted-quad form without leading zeros)
 * @param ipv6 whether it is an IPv6 address
 * @param prefixLength 0…32 or 0…128; the full length for a single address
 */
public record Addr(String text, boolean ipv6, int prefixLength) {
    /**
     * Checks the prefix length against the family.
     *
     * @throws IllegalArgumentException when it does not fit
     */
    public Addr {
        Objects.requireNonNull(text, "text");
        int max = ipv6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > max) throw new IllegalArgumentException("prefix length " + prefixLength + " for " + text);
    }

    /**
     * Parses {@code ADDR} or {@code ADDR/LEN}; refuses anything that is not a numeric address.
     *
     * @param text the literal
     * @return the address
     * @throws IllegalArgumentException when it is not a numeric address or prefix
     */
    public static Addr parse(String text) {
        Objects.requireNonNull(text, "address");
        int slash = text.indexOf('/');
        String a = slash < 0 ? text : text.substring(0, slash);
        int len = -1;
        if (slash >= 0) {
            len = digits(text, slash + 1, text.length(), 3);
            if (len < 0) throw new IllegalArgumentException("not a prefix length: " + text);
        }
        if (isIpv4(a)) return new Addr(a, false, len < 0 ? 32 : len);
        if (a.indexOf(':') >= 0 && a.indexOf('%') < 0) {
            try {
                InetAddress.ofLiteral(a); // validates; never resolves
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a numeric IP address (host names are not looked up): " + text);
            }
            return new Addr(a, true, len < 0 ? 128 : len);
        }
        throw new IllegalArgumentException("not a numeric IP address (host names are not looked up): " + text);
    }

    /**
     * An address of its full length.
     *
     * @param a the address
     * @return the address
     */
    public static Addr of(InetAddress a) {
        boolean v6 = !(a instanceof Inet4Address);
        return new Addr(a.getHostAddress().replaceAll("%.*$", ""), v6, v6 ? 128 : 32);
    }

    /**
     * The same address with another prefix length.
     *
     * @param len the prefix length
     * @return the address with this prefix length
     * @throws IllegalArgumentException when it does not fit the family
     */
    public Addr withPrefix(int len) { return new Addr(text, ipv6, len); }

    /** {@return the address as an {@link InetAddress} (parsed from the literal; no lookup)} */
    public InetAddress address() { return InetAddress.ofLiteral(text); }

    /** {@return whether it is an IPv6 address} */
    public boolean isIpv6() { return ipv6; }

    /** {@return the payload protocol of this family: {@code ip} or {@code ip6}} */
    public String protocol() { return ipv6 ? "ip6" : "ip"; }

    /** {@return the set key type of this family: {@code ipv4_addr} or {@code ipv6_addr}} */
    public String setType() { return ipv6 ? "ipv6_addr" : "ipv4_addr"; }

    /** {@return whether it is one address: a prefix of the family's full length} */
    public boolean isHost() { return prefixLength == (ipv6 ? 128 : 32); }

    /** {@return the address, or a prefix, as an expression} */
    public Expr toExpr() {
        Expr.Str s = new Expr.Str(text);
        return isHost() ? s : new Expr.Prefix(s, prefixLength);
    }

    @Override public String toString() { return isHost() ? text : text + "/" + prefixLength; }

    /** Dotted quad, four numbers 0…255 without leading zeros. */
    static boolean isIpv4(String s) {
        int part = 0, start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                int n = digits(s, start, i, 3);
                if (n < 0 || n > 255 || (i - start > 1 && s.charAt(start) == '0')) return false;
                part++;
                start = i + 1;
            }
        }
        return part == 4;
    }

    /** The decimal number in s[from, to) of at most maxDigits digits, or -1. */
    static int digits(String s, int from, int to, int maxDigits) {
        if (to <= from || to - from > maxDigits) return -1;
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
