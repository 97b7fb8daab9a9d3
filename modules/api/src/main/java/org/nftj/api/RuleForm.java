package org.nftj.api;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.NftJsonText;
import org.nftj.api.expr.Stmt;

/**
 * A rule in the form the kernel lists it, so that a desired rule and its listing compare equal
 * however the desired rule was written. libnftables takes many spellings of one rule and the
 * kernel keeps one (measured with nft 1.0.6, see SyncFidelityTest):
 * <ul>
 * <li>{@code "in"} on a value or an anonymous set lists as {@code "=="}; on a bitmask (ct state,
 *     ct status, ct event, tcp flags) it stays {@code "in"} (a flag test), and {@code "=="} with a
 *     flag list lists as {@code {"|": [...]}};
 * <li>protocol numbers list as their names ({@code meta l4proto 6} as {@code tcp}), from the
 *     protocols database the helper answers from;
 * <li>hexadecimal strings list as numbers ({@code "0x10"} as {@code 16});
 * <li>IPv6 addresses list in their canonical text ({@code 2001:0db8::0001} as {@code 2001:db8::1});
 * <li>an anonymous set's elements list in the kernel's order: compared as a set;
 * <li>a limit without a burst lists the default burst (5 packets, 0 bytes); {@code reject}
 *     without a type lists as the family's port-unreachable;
 * <li>counters list with their values: compared without them.
 * </ul>
 */
final class RuleForm {
    private RuleForm() {}

    /** The comparison key of a rule: its normal form's JSON, without handle and position. */
    static String key(Rule r) {
        List<Object> stmts = new ArrayList<>();
        for (Stmt s : r.statements()) stmts.add(stmt(s, r.family()).toJson());
        return NftJsonText.value(Map.of("expr", stmts, "comment", r.comment() == null ? "" : r.comment()));
    }

    static Stmt stmt(Stmt s, Family family) {
        return switch (s) {
            case Stmt.Counter c -> Stmt.Counter.NEW;
            case Stmt.Match m -> match(m);
            case Stmt.Mangle m -> new Stmt.Mangle(m.key(), value(m.value(), m.key()));
            case Stmt.Limit l -> new Stmt.Limit(l.rate(), l.per(), l.burst() != null ? l.burst() : bytes(l.rateUnit()) ? 0L : 5L,
                    l.rateUnit(), l.burstUnit(), l.over());
            case Stmt.Reject r when r.type() == null -> switch (family) {
                case IP -> new Stmt.Reject("icmp", new Expr.Str("port-unreachable"));
                case IP6 -> new Stmt.Reject("icmpv6", new Expr.Str("port-unreachable"));
                default -> new Stmt.Reject("icmpx", new Expr.Str("port-unreachable"));
            };
            default -> s;
        };
    }

    private static boolean bytes(String unit) {
        return unit != null && !"packets".equals(unit);
    }

    private static Stmt match(Stmt.Match m) {
        boolean bitmask = bitmask(m.left());
        String op = m.op();
        Expr right = value(m.right(), m.left());
        if ("in".equals(op) && !bitmask) op = "==";
        if ("==".equals(op) && bitmask && right instanceof Expr.ListOf l) right = new Expr.Binop("|", l.items());
        return new Stmt.Match(op, m.left(), right);
    }

    private static boolean bitmask(Expr left) {
        return left instanceof Expr.Ct c && Set.of("state", "status", "event").contains(c.key())
                || left instanceof Expr.Payload p && "tcp".equals(p.protocol()) && "flags".equals(p.field());
    }

    private static boolean protocolTyped(Expr left) {
        return left instanceof Expr.Meta m && "l4proto".equals(m.key())
                || left instanceof Expr.Payload p && ("ip".equals(p.protocol()) && "protocol".equals(p.field())
                        || "ip6".equals(p.protocol()) && "nexthdr".equals(p.field()))
                || left instanceof Expr.Ct c && "protocol".equals(c.key());
    }

    /** A value in the kernel's form, for the type of {@code left}. */
    static Expr value(Expr v, Expr left) {
        return switch (v) {
            case Expr.SetOf s -> {
                List<Expr> items = new ArrayList<>();
                for (Expr e : s.items()) items.add(value(e, left));
                items.sort(Comparator.comparing(e -> NftJsonText.value(e.toJson())));
                yield new Expr.SetOf(items);
            }
            case Expr.Num n when protocolTyped(left) && protocolName((int) n.value()) != null ->
                    new Expr.Str(protocolName((int) n.value()));
            case Expr.Str s -> str(s);
            case Expr.Range r -> new Expr.Range(value(r.low(), left), value(r.high(), left));
            case Expr.Prefix p -> new Expr.Prefix(value(p.addr(), left), p.len());
            case Expr.MapEntry e -> new Expr.MapEntry(value(e.key(), left), e.value());
            default -> v;
        };
    }

    private static Expr str(Expr.Str s) {
        String t = s.value();
        if (t.length() > 2 && (t.startsWith("0x") || t.startsWith("0X")) && t.length() <= 18) {
            try {
                return new Expr.Num(Long.parseUnsignedLong(t.substring(2), 16));
            } catch (NumberFormatException notHex) {
                return s;
            }
        }
        if (t.indexOf(':') >= 0 && t.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0)) {
            String canonical = ipv6(t);
            if (canonical != null) return new Expr.Str(canonical);
        }
        return s;
    }

    /** RFC 5952 text of a numeric IPv6 literal (no name lookup: only digits and colons reach here). */
    static String ipv6(String literal) {
        byte[] a;
        try {
            a = InetAddress.ofLiteral(literal).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (a.length != 16) return null;
        if (literal.indexOf('.') >= 0 && isV4Mapped(a)) {
            return "::ffff:" + (a[12] & 255) + "." + (a[13] & 255) + "." + (a[14] & 255) + "." + (a[15] & 255);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) g[i] = (a[2 * i] & 255) << 8 | a[2 * i + 1] & 255;
        int bestStart = -1, bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) { i++; continue; }
            int j = i;
            while (j < 8 && g[j] == 0) j++;
            if (j - i > bestLen && j - i > 1) { bestStart = i; bestLen = j - i; }
            i = j;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                b.append("::");
                i += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') b.append(':');
            b.append(Integer.toHexString(g[i]));
        }
        return b.toString();
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return (a[10] & 255) == 255 && (a[11] & 255) == 255;
    }

    // ---- protocol names -----------------------------------------------------------------------------

    /** The protocols database: number to the name nft prints, and every name and alias to its number. */
    private record Protocols(Map<Integer, String> names, Map<String, Integer> numbers) {}

    private static volatile Protocols protocols;

    /**
     * The name nft prints for a protocol number: the first entry of the protocols database
     * (/etc/protocols, the file the helper reads at start through the C library), or a name
     * libnftables knows without it.
     */
    static String protocolName(int number) {
        return protocols().names().get(number);
    }

    /**
     * The number of a protocol name as nft resolves it in a value of type {@code inet_proto}: a name
     * or alias of the protocols database (as the C library's lookup matches it), or null.
     */
    static Integer protocolNumber(String name) {
        return protocols().numbers().get(name);
    }

    private static Protocols protocols() {
        Protocols p = protocols;
        if (p == null) protocols = p = loadProtocols();
        return p;
    }

    private static Protocols loadProtocols() {
        Map<Integer, String> names = new HashMap<>();
        Map<String, Integer> numbers = new HashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/etc/protocols"))) {
                String l = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
                String[] f = l.trim().split("\\s+");
                if (f.length >= 2) {
                    try {
                        int number = Integer.parseInt(f[1]);
                        names.putIfAbsent(number, f[0]);
                        numbers.putIfAbsent(f[0], number);
                        for (int i = 2; i < f.length; i++) numbers.putIfAbsent(f[i], number);
                    } catch (NumberFormatException ignored) {
                        // not a protocol line
                    }
                }
            }
        } catch (IOException | SecurityException e) {
            // no protocols database here: libnftables' own names
        }
        if (names.isEmpty()) {
            names.putAll(Map.of(1, "icmp", 6, "tcp", 17, "udp", 33, "dccp", 50, "esp", 51, "ah", 58, "ipv6-icmp",
                    108, "comp", 132, "sctp", 136, "udplite"));
            names.forEach((number, name) -> numbers.put(name, number));
        }
        return new Protocols(Map.copyOf(names), Map.copyOf(numbers));
    }
}
