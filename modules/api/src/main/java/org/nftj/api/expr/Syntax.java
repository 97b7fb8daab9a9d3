package org.nftj.api.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.nftj.api.expr.Expr.Bool;
import org.nftj.api.expr.Expr.Binop;
import org.nftj.api.expr.Expr.Concat;
import org.nftj.api.expr.Expr.Ct;
import org.nftj.api.expr.Expr.DccpOption;
import org.nftj.api.expr.Expr.Elem;
import org.nftj.api.expr.Expr.Exthdr;
import org.nftj.api.expr.Expr.Fib;
import org.nftj.api.expr.Expr.Hash;
import org.nftj.api.expr.Expr.IpOption;
import org.nftj.api.expr.Expr.Ipsec;
import org.nftj.api.expr.Expr.ListOf;
import org.nftj.api.expr.Expr.MapEntry;
import org.nftj.api.expr.Expr.MapLookup;
import org.nftj.api.expr.Expr.Meta;
import org.nftj.api.expr.Expr.Num;
import org.nftj.api.expr.Expr.Numgen;
import org.nftj.api.expr.Expr.Osf;
import org.nftj.api.expr.Expr.Payload;
import org.nftj.api.expr.Expr.Prefix;
import org.nftj.api.expr.Expr.Range;
import org.nftj.api.expr.Expr.RawPayload;
import org.nftj.api.expr.Expr.Rt;
import org.nftj.api.expr.Expr.SctpChunk;
import org.nftj.api.expr.Expr.SetOf;
import org.nftj.api.expr.Expr.SetRef;
import org.nftj.api.expr.Expr.Socket;
import org.nftj.api.expr.Expr.Str;
import org.nftj.api.expr.Expr.TcpOption;
import org.nftj.api.expr.Expr.Unknown;

/**
 * Statements and expressions in nft's own syntax, as {@code nft list} (nftables 1.0.6) prints
 * them: the part of {@link org.nftj.api.NftSyntax} (the one renderer of the model) that the
 * statements' and expressions' own {@code toString()} use. Values are printed the way nft prints
 * them for their type (marks as {@code 0x00000010}, interface names quoted, flags as
 * {@code syn / syn,ack}, durations as {@code 5m}), which the JSON does not carry: the type comes
 * from the left side of a match, the key of a statement, or a set's declared type. A node the model
 * does not know is printed as its JSON.
 */
public final class Syntax {
    private Syntax() {}


    /**
     * One statement in nft syntax, as nft prints it in a table of {@code family} (ip, ip6, inet, arp, bridge, netdev).
     *
     * @param s the statement
     * @param family the table's family
     * @return the text
     */
    public static String statement(Stmt s, String family) {
        return statement(s, new Ctx(family));
    }

    /**
     * One statement in nft syntax (as in an inet table).
     *
     * @param s the statement
     * @return the text
     */
    public static String statement(Stmt s) {
        return statement(s, new Ctx("inet"));
    }

    /**
     * One expression in nft syntax (a value is printed without a type: numbers in decimal, strings as they are).
     *
     * @param e the expression
     * @return the text
     */
    public static String expression(Expr e) {
        return expression(e, new Ctx("inet"));
    }

    /**
     * One element of a named set or map in nft syntax, its key printed for the set's key type(s)
     * and its data for the map's data type ({@code 10.0.0.1 : 0x00000001}).
     *
     * @param e the element
     * @param keyTypes the set's key type(s), as nft names them
     * @param dataTypes the map's data type(s); empty for a set
     * @return the text
     */
    public static String element(Expr e, List<String> keyTypes, List<String> dataTypes) {
        Ty keyTy = keyTypes.size() == 1 ? Ty.ofTypeName(keyTypes.get(0)) : Ty.PLAIN;
        List<Ty> parts = new ArrayList<>();
        if (keyTypes.size() > 1) for (String t : keyTypes) parts.add(Ty.ofTypeName(t));
        Ty dataTy = dataTypes.size() == 1 ? Ty.ofTypeName(dataTypes.get(0)) : Ty.PLAIN;
        Ctx ctx = new Ctx("inet");
        if (e instanceof MapEntry me) return value(me.key(), keyTy, parts, ctx) + " : " + value(me.value(), dataTy, List.of(), ctx);
        return value(e, keyTy, parts, ctx);
    }

    /** What a rendering needs besides the node: the table's family (reject, dup in netdev). */
    private record Ctx(String family) {}

    private static String statement(Stmt s, Ctx ctx) {
        return switch (s) {
            case Verdict v -> verdict(v);
            case Stmt.Match m -> match(m, ctx);
            case Stmt.Counter c -> c.packets() == null && c.bytes() == null ? "counter"
                    : "counter packets " + (c.packets() == null ? 0 : c.packets()) + " bytes " + (c.bytes() == null ? 0 : c.bytes());
            case Stmt.ObjectRef r -> objectRef(r, ctx);
            case Stmt.Mangle m -> expression(m.key(), ctx) + " set " + value(m.value(), Ty.of(m.key()), parts(m.key()), ctx);
            case Stmt.Limit l -> "limit " + limitBody(l.over(), l.rate(), l.rateUnit(), l.per(), l.burst(), l.burstUnit());
            case Stmt.Quota q -> "quota " + (q.over() ? "over " : "") + q.value() + " " + (q.valueUnit() == null ? "bytes" : q.valueUnit())
                    + (q.used() != null && q.used() > 0 ? " used " + q.used() + " " + (q.usedUnit() == null ? "bytes" : q.usedUnit()) : "");
            case Stmt.Log l -> log(l);
            case Stmt.Reject r -> reject(r, ctx);
            case Stmt.Nat n -> nat(n, ctx);
            case Stmt.Queue q -> queue(q, ctx);
            case Stmt.Dup d -> "netdev".equals(ctx.family()) && d.dev() == null
                    ? "dup to " + value(d.addr(), Ty.QUOTED, List.of(), ctx)
                    : "dup to " + value(d.addr(), Ty.PLAIN, List.of(), ctx) + (d.dev() == null ? "" : " device " + value(d.dev(), Ty.QUOTED, List.of(), ctx));
            case Stmt.Fwd f -> "fwd" + (f.family() == null ? "" : " " + f.family())
                    + (f.addr() == null ? "" : " to " + value(f.addr(), Ty.PLAIN, List.of(), ctx) + " device")
                    + (f.addr() == null ? " to " : " ") + value(f.dev(), Ty.QUOTED, List.of(), ctx);
            case Stmt.Notrack n -> "notrack";
            case Stmt.Synproxy sp -> synproxy(sp);
            case Stmt.Tproxy t -> "tproxy" + (t.family() == null ? "" : " " + t.family()) + " to "
                    + (t.addr() == null ? "" : address(t.addr(), t.port() != null, ctx))
                    + (t.port() == null ? "" : ":" + value(t.port(), Ty.PLAIN, List.of(), ctx));
            case Stmt.CtCount c -> "ct count " + (c.over() ? "over " : "") + c.value();
            case Stmt.FlowOffload f -> "flow " + f.op() + " @" + f.flowtable();
            case Stmt.SetUpdate u -> u.op() + " @" + u.set() + " { " + value(u.elem(), Ty.PLAIN, List.of(), ctx)
                    + stmtsSuffix(u.stmts(), ctx) + " }";
            case Stmt.MapUpdate u -> u.op() + " @" + u.map() + " { " + value(u.elem(), Ty.PLAIN, List.of(), ctx) + " : "
                    + value(u.data(), Ty.PLAIN, List.of(), ctx) + stmtsSuffix(u.stmts(), ctx) + " }";
            case Stmt.VerdictMap v -> expression(v.key(), ctx) + " vmap " + mapData(v.data(), v.key(), Ty.PLAIN, ctx);
            case Stmt.Meter m -> "meter " + m.name() + (m.size() == null ? "" : " size " + m.size()) + " { "
                    + value(m.key(), Ty.PLAIN, List.of(), ctx) + " " + statement(m.stmt(), ctx) + " }";
            case Stmt.Last l -> "last" + (l.used() == null ? "" : " used " + duration(l.used() / 1000));
            case Stmt.Reset r -> "reset " + expression(r.expr(), ctx);
            // nft 1.0.6 lists the dynamic map statement as its text, a string where a statement belongs
            case Stmt.Unknown u -> u.json().size() == 1 && u.json().get("unknown") instanceof String text ? text
                    : NftJsonText.value(u.json());
        };
    }

    private static String stmtsSuffix(List<Stmt> stmts, Ctx ctx) {
        StringBuilder b = new StringBuilder();
        for (Stmt st : stmts) b.append(' ').append(statement(st, ctx));
        return b.toString();
    }

    private static String verdict(Verdict v) {
        return v.target() == null ? v.kind().wire() : v.kind().wire() + " " + v.target();
    }

    private static String objectRef(Stmt.ObjectRef r, Ctx ctx) {
        // An object chosen by a map lookup: nft quotes the names in the map's data.
        String name = r.name() instanceof Str s ? quote(s.value())
                : r.name() instanceof MapLookup m ? expression(m.key(), ctx) + " map " + mapData(m.data(), m.key(), Ty.QUOTED, ctx)
                : value(r.name(), Ty.PLAIN, List.of(), ctx);
        return switch (r.kind()) {
            case "counter", "quota", "limit", "synproxy" -> r.kind() + " name " + name;
            case "secmark" -> "meta secmark set " + name;
            default -> r.kind() + " set " + name; // ct helper, ct timeout, ct expectation
        };
    }

    /**
     * A limit's words after {@code limit}: {@code rate over 10/second burst 5 packets}.
     *
     * @param over whether it matches above the rate
     * @param rate the rate
     * @param rateUnit null for packets, or a byte unit
     * @param per the time unit
     * @param burst the burst, or null
     * @param burstUnit the burst's byte unit, or null
     * @return the text
     */
    public static String limitBody(boolean over, long rate, String rateUnit, String per, Long burst, String burstUnit) {
        StringBuilder b = new StringBuilder("rate ");
        if (over) b.append("over ");
        boolean bytes = rateUnit != null && !"packets".equals(rateUnit);
        b.append(rate);
        if (bytes) b.append(' ').append(rateUnit);
        b.append('/').append(per);
        if (bytes) {
            if (burst != null && burst != 0) b.append(" burst ").append(burst).append(' ').append(burstUnit == null ? "bytes" : burstUnit);
        } else if (burst != null && burst != 5) {
            b.append(" burst ").append(burst).append(" packets");
        }
        return b.toString();
    }

    private static String log(Stmt.Log l) {
        StringBuilder b = new StringBuilder("log");
        if (l.prefix() != null) b.append(" prefix ").append(quote(l.prefix()));
        if (l.group() != null) b.append(" group ").append(l.group());
        if (l.snaplen() != null) b.append(" snaplen ").append(l.snaplen());
        if (l.queueThreshold() != null) b.append(" queue-threshold ").append(l.queueThreshold());
        if (l.level() != null && !"warn".equals(l.level())) b.append(" level ").append(l.level());
        Set<String> f = Set.copyOf(l.flags());
        if (f.contains("all")) {
            b.append(" flags all");
        } else {
            if (f.contains("tcp sequence") || f.contains("tcp options")) {
                b.append(" flags tcp");
                if (f.contains("tcp sequence")) b.append(" sequence");
                if (f.contains("tcp options")) b.append(f.contains("tcp sequence") ? "," : " ").append("options");
            }
            if (f.contains("ip options")) b.append(" flags ip options");
            if (f.contains("skuid")) b.append(" flags skuid");
            if (f.contains("ether")) b.append(" flags ether");
        }
        return b.toString();
    }

    private static String reject(Stmt.Reject r, Ctx ctx) {
        if (r.type() == null) return "reject";
        String code = r.expr() == null ? null : value(r.expr(), Ty.PLAIN, List.of(), ctx);
        return switch (r.type()) {
            case "tcp reset" -> "reject with tcp reset";
            case "icmpx" -> "port-unreachable".equals(code) ? "reject" : "reject with icmpx " + code;
            case "icmp" -> "port-unreachable".equals(code) && "ip".equals(ctx.family()) ? "reject" : "reject with icmp " + code;
            case "icmpv6" -> "port-unreachable".equals(code) && "ip6".equals(ctx.family()) ? "reject" : "reject with icmpv6 " + code;
            default -> "reject with " + r.type() + (code == null ? "" : " " + code);
        };
    }

    private static String nat(Stmt.Nat n, Ctx ctx) {
        StringBuilder b = new StringBuilder(n.kind());
        if (n.family() != null) b.append(' ').append(n.family());
        if (n.typeFlags().contains("prefix") || n.flags().contains("netmap")) b.append(" prefix");
        if (n.addr() != null || n.port() != null) {
            b.append(" to");
            if (n.addr() != null) {
                b.append(' ');
                if (n.addr() instanceof MapLookup m) b.append(expression(m.key(), ctx)).append(" map ").append(mapData(m.data(), m.key(), Ty.PLAIN, ctx));
                else b.append(address(n.addr(), n.port() != null, ctx));
            } else {
                b.append(' ');
            }
            if (n.port() != null) b.append(':').append(value(n.port(), Ty.PLAIN, List.of(), ctx));
        }
        List<String> flags = new ArrayList<>();
        for (String f : n.flags()) if (!"netmap".equals(f)) flags.add(f);
        if (!flags.isEmpty()) b.append(' ').append(String.join(",", flags));
        return b.toString();
    }

    /** An address before {@code :port}: IPv6 in brackets. */
    private static String address(Expr addr, boolean withPort, Ctx ctx) {
        String a = value(addr, Ty.PLAIN, List.of(), ctx);
        return withPort && addr instanceof Str s && s.value().contains(":") ? "[" + a + "]" : a;
    }

    private static String queue(Stmt.Queue q, Ctx ctx) {
        StringBuilder b = new StringBuilder("queue");
        if (q.num() instanceof Num || q.num() instanceof Range) b.append(" num ").append(value(q.num(), Ty.PLAIN, List.of(), ctx));
        else if (q.num() != null) b.append(" to ").append(expression(q.num(), ctx));
        if (!q.flags().isEmpty()) b.append(' ').append(String.join(",", q.flags()));
        return b.toString();
    }

    private static String synproxy(Stmt.Synproxy s) {
        StringBuilder b = new StringBuilder("synproxy");
        if (s.mss() != null || s.wscale() != null) {
            b.append(" mss ").append(s.mss() == null ? 0 : s.mss()).append(" wscale ").append(s.wscale() == null ? 0 : s.wscale());
        }
        for (String f : s.flags()) b.append(' ').append(f);
        return b.toString();
    }

    private static String match(Stmt.Match m, Ctx ctx) {
        Expr left = m.left();
        Expr right = m.right();
        Ty ty = Ty.of(left);
        List<Ty> parts = parts(left);
        if (right instanceof Bool bool && ("==".equals(m.op()) || "!=".equals(m.op()))) {
            boolean exists = bool.value() == "==".equals(m.op());
            return expression(left, ctx) + (exists ? " exists" : " missing");
        }
        // (flags & mask) == value, for a bitmask type: nft's "tcp flags syn / syn,ack"
        if (left instanceof Binop b && "&".equals(b.op()) && b.operands().size() == 2 && Ty.of(b.operands().get(0)) == Ty.BITMASK
                && "==".equals(m.op())) {
            Expr field = b.operands().get(0);
            return expression(field, ctx) + " " + value(right, Ty.BITMASK, List.of(), ctx) + " / "
                    + value(b.operands().get(1), Ty.BITMASK, List.of(), ctx);
        }
        String op = switch (m.op()) {
            case "in" -> "";
            case "==" -> left instanceof Binop || ty == Ty.BITMASK && isScalar(right) ? "== " : "";
            default -> m.op() + " ";
        };
        String r = right instanceof SetOf || right instanceof SetRef ? setOrRef(right, left, ty, ctx) : value(right, ty, parts, ctx);
        return expression(left, ctx) + " " + op + r;
    }

    private static boolean isScalar(Expr e) {
        return e instanceof Str || e instanceof Num || e instanceof ListOf
                || e instanceof Binop;
    }

    private static String setOrRef(Expr e, Expr key, Ty ty, Ctx ctx) {
        if (e instanceof SetRef r) return "@" + r.name();
        return value(e, ty, parts(key), ctx);
    }

    /** The data of a map lookup or verdict map: {@code @name} or {@code { k : v, ... }}. */
    private static String mapData(Expr data, Expr key, Ty dataTy, Ctx ctx) {
        if (data instanceof SetRef r) return "@" + r.name();
        if (data instanceof SetOf s) {
            List<String> items = new ArrayList<>();
            Ty keyTy = Ty.of(key);
            for (Expr e : s.items()) {
                if (e instanceof MapEntry me) {
                    items.add(value(me.key(), keyTy, parts(key), ctx) + " : " + value(me.value(), dataTy, List.of(), ctx));
                } else {
                    items.add(value(e, keyTy, parts(key), ctx));
                }
            }
            return "{ " + String.join(", ", items) + " }";
        }
        return value(data, dataTy, List.of(), ctx);
    }

    private static List<Ty> parts(Expr key) {
        if (!(key instanceof Concat c)) return List.of();
        List<Ty> out = new ArrayList<>();
        for (Expr p : c.parts()) out.add(Ty.of(p));
        return out;
    }

    /** A field, key or computed expression (the left side of a match, a statement's key). */
    private static String expression(Expr e, Ctx ctx) {
        return switch (e) {
            case Payload p -> ("th".equals(p.protocol()) ? "th" : p.protocol()) + " " + p.field();
            case RawPayload p -> "@" + p.base() + "," + p.offset() + "," + p.len();
            case Meta m -> switch (m.key()) {
                case "iif", "oif", "iifname", "oifname", "iifgroup", "oifgroup" -> m.key();
                case "secpath" -> "meta ipsec";
                default -> "meta " + m.key();
            };
            case Ct c -> "ct" + (c.dir() == null ? "" : " " + c.dir()) + (c.family() == null ? "" : " " + c.family()) + " " + c.key();
            case Rt r -> "rt" + (r.family() == null ? "" : " " + r.family()) + " " + r.key();
            case Fib f -> "fib " + String.join(" . ", f.flags()) + " " + f.result();
            case Socket s -> "socket " + s.key() + (s.level() == null ? "" : " level " + s.level());
            case Exthdr x -> x.field() == null ? "exthdr " + x.name() : x.name() + " " + x.field();
            case TcpOption t -> t.name() == null
                    ? "tcp option @" + t.base() + "," + t.offset() + "," + t.len()
                    : "tcp option " + t.name() + (t.field() == null ? "" : " " + t.field());
            case IpOption o -> "ip option " + o.name() + (o.field() == null ? "" : " " + o.field());
            case SctpChunk s -> "sctp chunk " + s.name() + (s.field() == null ? "" : " " + s.field());
            case DccpOption d -> "dccp option " + d.type();
            case Ipsec i -> "ipsec " + i.dir() + (i.spnum() == null || i.spnum() == 0 ? "" : " spnum " + i.spnum())
                    + (i.family() == null ? "" : " " + i.family()) + " " + i.key();
            case Osf o -> "osf" + (o.ttl() == null ? "" : " ttl " + o.ttl()) + " " + o.key();
            case Numgen n -> "numgen " + n.mode() + " mod " + n.mod() + (n.offset() == null || n.offset() == 0 ? "" : " offset " + n.offset());
            case Hash h -> h.kind() + (h.expr() == null ? "" : " " + expression(h.expr(), ctx)) + " mod " + h.mod()
                    + (h.seed() == null ? "" : " seed 0x" + Long.toHexString(h.seed()))
                    + (h.offset() == null || h.offset() == 0 ? "" : " offset " + h.offset());
            case Concat c -> {
                List<String> p = new ArrayList<>();
                for (Expr x : c.parts()) p.add(expression(x, ctx));
                yield String.join(" . ", p);
            }
            case Binop b -> binop(b, Ty.of(b.operands().get(0)), ctx);
            case MapLookup m -> expression(m.key(), ctx) + " map " + mapData(m.data(), m.key(), Ty.PLAIN, ctx);
            default -> value(e, Ty.PLAIN, List.of(), ctx);
        };
    }

    private static String binop(Binop b, Ty ty, Ctx ctx) {
        boolean shift = "<<".equals(b.op()) || ">>".equals(b.op());
        StringBuilder out = new StringBuilder(parenthesized(b, b.operands().get(0), expression(b.operands().get(0), ctx)));
        for (int i = 1; i < b.operands().size(); i++) {
            Expr operand = b.operands().get(i);
            String text = operand instanceof ListOf && ty == Ty.BITMASK
                    ? "(" + value(operand, ty, List.of(), ctx).replace(",", " | ") + ")"
                    : parenthesized(b, operand, value(operand, shift ? Ty.PLAIN : ty, List.of(), ctx));
            out.append(' ').append(b.op()).append(' ').append(text);
        }
        return out.toString();
    }

    /**
     * An operand of a binary operation in parentheses where nft puts them: when it is itself a
     * binary operation that binds less tightly (nft's precedence: shifts, then &, ^, |).
     */
    private static String parenthesized(Binop op, Expr operand, String text) {
        if (!(operand instanceof Binop inner)) return text;
        int outer = precedence(op.op()), own = precedence(inner.op());
        return outer != 0 && outer < own ? "(" + text + ")" : text;
    }

    private static int precedence(String op) {
        return switch (op) {
            case "<<", ">>" -> 1;
            case "&" -> 2;
            case "^" -> 3;
            case "|" -> 4;
            default -> 0;
        };
    }

    /** A value printed for its type. */
    private static String value(Expr e, Ty ty, List<Ty> parts, Ctx ctx) {
        return switch (e) {
            case Str s -> ty.quoted(s.value()) ? quote(s.value()) : s.value();
            case Num n -> switch (ty) {
                case MARK -> String.format("0x%08x", n.value());
                case HEX -> "0x" + Long.toHexString(n.value());
                case DURATION -> duration(n.value());
                default -> Long.toString(n.value());
            };
            case Bool b -> b.value() ? "exists" : "missing";
            case ListOf l -> {
                List<String> items = new ArrayList<>();
                for (Expr x : l.items()) items.add(value(x, ty, List.of(), ctx));
                yield String.join(",", items);
            }
            case SetOf s -> {
                List<String> items = new ArrayList<>();
                for (Expr x : s.items()) {
                    items.add(x instanceof MapEntry me
                            ? value(me.key(), ty, parts, ctx) + " : " + value(me.value(), Ty.PLAIN, List.of(), ctx)
                            : value(x, ty, parts, ctx));
                }
                yield "{ " + String.join(", ", items) + " }";
            }
            case SetRef r -> "@" + r.name();
            case Range r -> value(r.low(), ty, parts, ctx) + "-" + value(r.high(), ty, parts, ctx);
            case Prefix p -> value(p.addr(), ty, parts, ctx) + "/" + p.len();
            case Concat c -> {
                List<String> items = new ArrayList<>();
                for (int i = 0; i < c.parts().size(); i++) {
                    Ty t = i < parts.size() ? parts.get(i) : Ty.PLAIN;
                    items.add(value(c.parts().get(i), t, List.of(), ctx));
                }
                yield String.join(" . ", items);
            }
            case Binop b -> {
                if (!"|".equals(b.op())) yield binop(b, ty, ctx);
                List<String> items = new ArrayList<>();
                for (Expr x : b.operands()) items.add(value(x, ty, List.of(), ctx));
                yield String.join(" | ", items);
            }
            case Elem el -> {
                StringBuilder b = new StringBuilder(value(el.value(), ty, parts, ctx));
                if (el.limit() != null) b.append(' ').append(statement(el.limit(), ctx));
                if (el.quota() != null) b.append(' ').append(statement(el.quota(), ctx));
                if (el.counter() != null) b.append(' ').append(statement(el.counter(), ctx));
                if (el.timeout() != null) b.append(" timeout ").append(duration(el.timeout()));
                if (el.expires() != null) b.append(" expires ").append(duration(el.expires()));
                if (el.comment() != null) b.append(" comment ").append(quote(el.comment()));
                yield b.toString();
            }
            case MapEntry me -> value(me.key(), ty, parts, ctx) + " : " + value(me.value(), Ty.PLAIN, List.of(), ctx);
            // a map lookup as a value: its data has the type the value needs (meta mark set ip saddr map { … : 0x1 })
            case MapLookup m -> expression(m.key(), ctx) + " map " + mapData(m.data(), m.key(), ty, ctx);
            case Verdict v -> verdict(v);
            case Unknown u -> NftJsonText.value(u.json());
            default -> expression(e, ctx);
        };
    }

    /** How values of an expression's type are printed. */
    private enum Ty {
        PLAIN, QUOTED, IFINDEX, MARK, HEX, BITMASK, DURATION;

        /** Names in quotes; an interface index without a name (a number) without. */
        boolean quoted(String value) {
            return this == QUOTED || this == IFINDEX && !value.chars().allMatch(Character::isDigit);
        }

        static Ty of(Expr e) {
            return switch (e) {
                case Meta m -> switch (m.key()) {
                    case "iifname", "oifname", "ibrname", "obrname", "ibriport", "obriport", "sdifname",
                         "iifgroup", "oifgroup", "day", "hour", "time" -> QUOTED;
                    case "iif", "oif", "sdif" -> IFINDEX;
                    case "mark" -> MARK;
                    default -> PLAIN;
                };
                case Ct c -> switch (c.key()) {
                    case "mark" -> MARK;
                    case "helper" -> QUOTED;
                    case "state", "status", "event" -> BITMASK;
                    case "expiration" -> DURATION;
                    default -> PLAIN;
                };
                case Socket s -> "mark".equals(s.key()) ? MARK : PLAIN;
                case Fib f -> "oif".equals(f.result()) ? IFINDEX : "oifname".equals(f.result()) ? QUOTED : PLAIN;
                case Osf o -> QUOTED;
                case RawPayload p -> HEX;
                case Payload p -> "tcp".equals(p.protocol()) && "flags".equals(p.field()) ? BITMASK
                        : "comp".equals(p.protocol()) && "flags".equals(p.field()) ? HEX : PLAIN;
                case Binop b -> of(b.operands().get(0));
                case Hash h -> PLAIN;
                default -> PLAIN;
            };
        }

        static Ty ofTypeName(String type) {
            return switch (type) {
                case "ifname", "counter", "quota", "limit", "ct_helper", "secmark", "synproxy" -> QUOTED;
                case "iface_index" -> IFINDEX;
                case "mark" -> MARK;
                case "ct_state", "ct_status", "ct_event", "tcp_flag" -> BITMASK;
                default -> PLAIN;
            };
        }
    }

    // ---- small formats ------------------------------------------------------------------------------

    /**
     * A string in double quotes, as nft prints names and comments.
     *
     * @param s the text
     * @return the text in double quotes
     */
    public static String quote(String s) {
        return "\"" + s + "\"";
    }

    /**
     * nft's duration: {@code 1d2h3m4s}; seconds in, as libnftables' JSON carries them.
     *
     * @param seconds the duration
     * @return the text
     */
    public static String duration(long seconds) {
        if (seconds == 0) return "0s";
        StringBuilder b = new StringBuilder();
        long d = seconds / 86400, h = seconds % 86400 / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        if (d > 0) b.append(d).append('d');
        if (h > 0) b.append(h).append('h');
        if (m > 0) b.append(m).append('m');
        if (s > 0) b.append(s).append('s');
        return b.toString();
    }

    /**
     * nft's duration of a time in milliseconds: {@code 1s500ms}.
     *
     * @param ms the duration in milliseconds
     * @return the text
     */
    public static String durationMillis(long ms) {
        String whole = ms >= 1000 ? duration(ms / 1000) : "";
        return ms % 1000 == 0 ? whole : whole + ms % 1000 + "ms";
    }

    /**
     * A byte count in the largest unit that divides it: {@code 500 mbytes}.
     *
     * @param n the byte count
     * @return the text
     */
    public static String bytes(long n) {
        if (n != 0 && n % (1024L * 1024) == 0) return n / (1024L * 1024) + " mbytes";
        if (n != 0 && n % 1024 == 0) return n / 1024 + " kbytes";
        return n + " bytes";
    }

}
