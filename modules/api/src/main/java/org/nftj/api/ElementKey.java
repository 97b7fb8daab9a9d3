package org.nftj.api;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import org.nftj.api.expr.Expr;

/**
 * How the kernel sees the elements of one key type, for {@link MemorySet}: addresses, ports, marks,
 * protocols and MAC addresses as unsigned numbers of the type's width (so that intervals can be
 * compared, merged and printed as nft prints them), anything else (interface names, keywords,
 * concatenations) as an opaque value compared by its JSON.
 */
enum ElementKey {
    IPV4(32, true), IPV6(128, true), SERVICE(16, false), MARK(32, true), PROTO(8, false), ETHER(48, false), OPAQUE(0, false);

    /** The type's width in bits (0: opaque). */
    final int bits;
    /** Whether nft prints an aligned interval of this type as a prefix ({@code 10.0.0.0/8}) rather than a range. */
    final boolean prefixes;

    ElementKey(int bits, boolean prefixes) {
        this.bits = bits;
        this.prefixes = prefixes;
    }

    /** A value nft refuses for this type, in nft's words. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) { super(message, null, false, false); }
    }

    /** The key of a set: one named type, or typeof one expression; a concatenation is opaque. */
    static ElementKey of(NamedSet.Key key) {
        if (key.typeof() != null) return typeOf(key.typeof());
        if (key.types().size() != 1) return OPAQUE;
        return switch (key.types().getFirst()) {
            case "ipv4_addr" -> IPV4;
            case "ipv6_addr" -> IPV6;
            case "inet_service" -> SERVICE;
            case "mark" -> MARK;
            case "inet_proto" -> PROTO;
            case "ether_addr" -> ETHER;
            default -> OPAQUE;
        };
    }

    private static ElementKey typeOf(Expr e) {
        return switch (e) {
            case Expr.Payload p when p.field().equals("saddr") || p.field().equals("daddr") ->
                    p.protocol().equals("ip") ? IPV4 : p.protocol().equals("ip6") ? IPV6 : p.protocol().equals("ether") ? ETHER : OPAQUE;
            case Expr.Payload p when p.field().equals("sport") || p.field().equals("dport") -> SERVICE;
            case Expr.Meta m when m.key().equals("mark") -> MARK;
            case Expr.Meta m when m.key().equals("l4proto") -> PROTO;
            case Expr.Ct c when c.key().equals("mark") -> MARK;
            default -> OPAQUE;
        };
    }

    /**
     * The interval an element value covers: one value, a prefix (host bits cleared, as nft clears
     * them) or a range. Prefixes and ranges need an interval set.
     */
    BigInteger[] bounds(Expr value, boolean interval) {
        return switch (value) {
            case Expr.Prefix p -> {
                if (!interval) throw new Refused("You must add 'flags interval' to your set declaration if you want to add prefix elements");
                if (!prefixes && this != SERVICE && this != PROTO && this != ETHER) throw new Refused("a prefix is not a value of this type");
                BigInteger a = number(p.addr());
                if (p.len() < 0 || p.len() > bits) throw new Refused("a /" + p.len() + " prefix is wider than the type");
                BigInteger host = BigInteger.ONE.shiftLeft(bits - p.len()).subtract(BigInteger.ONE);
                BigInteger lo = a.andNot(host);
                yield new BigInteger[] {lo, lo.or(host)};
            }
            case Expr.Range r -> {
                if (!interval) throw new Refused("You must add 'flags interval' to your set declaration if you want to add range elements");
                BigInteger lo = number(r.low()), hi = number(r.high());
                if (lo.compareTo(hi) > 0) throw new Refused("Range has zero or negative size");
                yield new BigInteger[] {lo, hi};
            }
            default -> {
                BigInteger v = number(value);
                yield new BigInteger[] {v, v};
            }
        };
    }

    /** One value of this type as a number. */
    BigInteger number(Expr value) {
        if (this == OPAQUE) throw new IllegalStateException("opaque values have no number");
        return switch (value) {
            case Expr.Num n -> {
                if (this == IPV4 || this == IPV6 || this == ETHER) throw new Refused("Could not resolve hostname: " + n.value() + " is not an address");
                yield fits(BigInteger.valueOf(n.value()), Long.toString(n.value()));
            }
            case Expr.Str s -> text(s.value());
            default -> throw new Refused("not a value of this type: " + Json.text(value.toJson()));
        };
    }

    private BigInteger text(String s) {
        switch (this) {
            case IPV4, IPV6 -> {
                boolean v6 = s.indexOf(':') >= 0;
                if ((this == IPV6) != v6 || s.indexOf('%') >= 0) {
                    throw new Refused("Could not resolve hostname: Address family for hostname not supported");
                }
                try {
                    return new BigInteger(1, InetAddress.ofLiteral(s).getAddress());
                } catch (IllegalArgumentException e) {
                    throw new Refused("Could not resolve hostname: " + s);
                }
            }
            case ETHER -> {
                if (!s.matches("([0-9a-fA-F]{1,2}:){5}[0-9a-fA-F]{1,2}")) throw new Refused("Could not parse ether address: " + s);
                BigInteger v = BigInteger.ZERO;
                for (String part : s.split(":")) v = v.shiftLeft(8).or(new BigInteger(part, 16));
                return v;
            }
            case PROTO -> {
                Integer n = PROTOCOLS.get(s);
                if (n != null) return BigInteger.valueOf(n);
                return integer(s);
            }
            default -> {
                return integer(s);
            }
        }
    }

    private BigInteger integer(String s) {
        try {
            BigInteger v = s.startsWith("0x") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
            return fits(v, s);
        } catch (NumberFormatException e) {
            throw new Refused("Could not resolve '" + s + "': not a number");
        }
    }

    private BigInteger fits(BigInteger v, String text) {
        if (v.signum() < 0 || v.bitLength() > bits) {
            throw new Refused("Value " + text + " exceeds valid range 0-" + BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE));
        }
        return v;
    }

    /** The interval as nft lists it: one value, a prefix when this type prints aligned intervals so, or a range. */
    Expr render(BigInteger lo, BigInteger hi) {
        if (lo.equals(hi)) return value(lo);
        if (prefixes) {
            BigInteger size = hi.subtract(lo).add(BigInteger.ONE);
            if (size.bitCount() == 1 && lo.mod(size).signum() == 0) return new Expr.Prefix(value(lo), bits - (size.bitLength() - 1));
        }
        return new Expr.Range(value(lo), value(hi));
    }

    /** One number as nft prints a value of this type. */
    Expr value(BigInteger v) {
        return switch (this) {
            case IPV4, IPV6 -> new Expr.Str(address(v));
            case ETHER -> {
                StringBuilder b = new StringBuilder();
                for (int shift = 40; shift >= 0; shift -= 8) {
                    if (b.length() > 0) b.append(':');
                    b.append(String.format("%02x", v.shiftRight(shift).intValue() & 0xff));
                }
                yield new Expr.Str(b.toString());
            }
            case PROTO -> {
                String name = PROTOCOL_NAMES.get(v.intValue());
                yield name != null ? new Expr.Str(name) : new Expr.Num(v.longValue());
            }
            default -> new Expr.Num(v.longValue());
        };
    }

    /** An address in its canonical text (RFC 5952 for IPv6: {@code 2001:db8::1}), as nft prints it. */
    private String address(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] b = new byte[bits / 8];
        int copy = Math.min(raw.length, b.length);
        System.arraycopy(raw, raw.length - copy, b, b.length - copy, copy);
        try {
            InetAddress a = InetAddress.getByAddress(b);
            return a instanceof Inet4Address ? a.getHostAddress() : ipv6((Inet6Address) a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String ipv6(Inet6Address a) {
        byte[] b = a.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        if (bestStart == 0 && (bestLen == 6 || bestLen == 5 && g[5] == 0xffff)) {
            String v4 = (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
            return bestLen == 6 ? "::" + v4 : "::ffff:" + v4;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLen - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') s.append(':');
            s.append(Integer.toHexString(g[i]));
        }
        return s.toString();
    }

    /** The value of an opaque key, compared by its JSON. */
    static String opaque(Expr value) {
        return Json.text(value.toJson());
    }

    /** The protocol names nft prints instead of numbers (/etc/protocols' common entries). */
    private static final Map<String, Integer> PROTOCOLS = Map.ofEntries(Map.entry("icmp", 1), Map.entry("igmp", 2),
            Map.entry("tcp", 6), Map.entry("udp", 17), Map.entry("ipv6", 41), Map.entry("gre", 47), Map.entry("esp", 50),
            Map.entry("ah", 51), Map.entry("ipv6-icmp", 58), Map.entry("icmpv6", 58), Map.entry("sctp", 132),
            Map.entry("udplite", 136), Map.entry("dccp", 33), Map.entry("ipcomp", 108));
    private static final Map<Integer, String> PROTOCOL_NAMES = Map.ofEntries(Map.entry(1, "icmp"), Map.entry(2, "igmp"),
            Map.entry(6, "tcp"), Map.entry(17, "udp"), Map.entry(41, "ipv6"), Map.entry(47, "gre"), Map.entry(50, "esp"),
            Map.entry(51, "ah"), Map.entry(58, "ipv6-icmp"), Map.entry(132, "sctp"), Map.entry(136, "udplite"),
            Map.entry(33, "dccp"), Map.entry(108, "ipcomp"));
}
