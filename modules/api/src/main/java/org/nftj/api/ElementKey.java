package org.nftj.api;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
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
                Integer number = RuleForm.protocolNumber(s);
                return number != null ? BigInteger.valueOf(number) : integer(s);
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
                String name = RuleForm.protocolName(v.intValue());
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
            return a instanceof Inet4Address ? a.getHostAddress() : RuleForm.ipv6(a.getHostAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of an opaque key, compared by its JSON. */
    static String opaque(Expr value) {
        return Json.text(value.toJson());
    }

}
