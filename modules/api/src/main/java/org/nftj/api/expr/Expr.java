package org.nftj.api.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An expression of libnftables' JSON schema (libnftables-json(5), "EXPRESSIONS"): a value, a
 * packet or metadata field, a set or map, or an operation on them. Immutable.
 *
 * <p>{@link #toJson()} gives the libnftables JSON value (a String, Long, Boolean, List or Map);
 * {@link NftJson#expr(Object)} reads one back. An expression this version does not know decodes to
 * {@link Unknown}, which keeps the original JSON and encodes it unchanged.
 */
public sealed interface Expr permits Expr.Str, Expr.Num, Expr.Bool, Expr.ListOf, Expr.SetOf, Expr.SetRef,
        Expr.Payload, Expr.RawPayload, Expr.Meta, Expr.Ct, Expr.Rt, Expr.Fib, Expr.Socket, Expr.Exthdr,
        Expr.TcpOption, Expr.IpOption, Expr.SctpChunk, Expr.DccpOption, Expr.Ipsec, Expr.Osf, Expr.Numgen, Expr.Hash,
        Expr.Concat, Expr.Range, Expr.Prefix, Expr.Binop, Expr.MapLookup, Expr.Elem, Expr.MapEntry,
        Verdict, Expr.Unknown {

    /** The libnftables JSON of this expression (fresh, mutable). */
    Object toJson();

    // ---- values -------------------------------------------------------------------------------

    /** A string value: an address, an interface name, or an nft keyword such as {@code established}. */
    record Str(String value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Str { Objects.requireNonNull(value, "value"); }
        @Override public Object toJson() { return value; }
    }

    /** A number (port, protocol number, mark, length …). */
    record Num(long value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return value; }
    }

    /** A boolean (e.g. {@code exthdr frag exists} matches {@code true}). */
    record Bool(boolean value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return value; }
    }

    /** A bare JSON array: a list of flags ({@code ct state established,related}) or values. */
    record ListOf(List<Expr> items) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public ListOf { items = List.copyOf(items); }
        @Override public Object toJson() { return list(items); }
    }

    /** An anonymous set {@code {"set": [...]}}; map and verdict-map literals hold {@link MapEntry} items. */
    record SetOf(List<Expr> items) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public SetOf { items = List.copyOf(items); }
        @Override public Object toJson() { return single("set", list(items)); }
    }

    /** A reference to a named set or map: {@code "@name"}. */
    record SetRef(String name) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public SetRef { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return "@" + name; }
    }

    // ---- packet and metadata fields ------------------------------------------------------------

    /** A protocol header field: {@code ip saddr}, {@code tcp dport}, {@code th dport}, {@code ether type} … */
    record Payload(String protocol, String field, String tunnel) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Payload {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(field, "field");
        }
        public Payload(String protocol, String field) { this(protocol, field, null); }
        /** {@code tunnel} (vxlan, geneve, gre, gretap) matches the field inside the tunnel's inner packet. */
        @Override public Object toJson() { return single("payload", obj("protocol", protocol, "field", field, "tunnel", tunnel)); }
    }

    /** Raw payload {@code @base,offset,len} (base: ll, nh, th, ih). */
    record RawPayload(String base, long offset, long len) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public RawPayload { Objects.requireNonNull(base, "base"); }
        @Override public Object toJson() { return single("payload", obj("base", base, "offset", offset, "len", len)); }
    }

    /** {@code meta KEY}: l4proto, mark, iifname, nfproto, skuid … */
    record Meta(String key) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Meta { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("meta", obj("key", key)); }
    }

    /** {@code ct [dir] KEY} with optional family (ip, ip6) and direction (original, reply). */
    record Ct(String key, String family, String dir) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Ct { Objects.requireNonNull(key, "key"); }
        public static Ct of(String key) { return new Ct(key, null, null); }
        @Override public Object toJson() { return single("ct", obj("key", key, "family", family, "dir", dir)); }
    }

    /** {@code rt [family] KEY}: classid, nexthop, mtu, ipsec. */
    record Rt(String key, String family) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Rt { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("rt", obj("key", key, "family", family)); }
    }

    /** {@code fib FLAGS RESULT}: flags saddr/daddr/mark/iif/oif, result oif/oifname/type. */
    record Fib(String result, List<String> flags) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Fib { Objects.requireNonNull(result, "result"); flags = List.copyOf(flags); }
        /** Flags as nft lists them: always an array. */
        @Override public Object toJson() { return single("fib", obj("result", result, "flags", new ArrayList<>(flags))); }
    }

    /** {@code socket KEY} (transparent, mark, wildcard, cgroupv2 with level). */
    record Socket(String key, Long level) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Socket { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("socket", obj("key", key, "level", level)); }
    }

    /** An IPv6 extension header field, or its existence when {@code field} is null. */
    record Exthdr(String name, String field, Long offset) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Exthdr { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return single("exthdr", obj("name", name, "field", field, "offset", offset)); }
    }

    /** A TCP option field ({@code tcp option maxseg size}), or its existence when {@code field} is null. */
    record TcpOption(String name, String field, Long base, Long offset, Long len) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public TcpOption {
            if (name == null && base == null) throw new IllegalArgumentException("a tcp option needs a name or a kind number (base)");
        }
        public static TcpOption of(String name, String field) { return new TcpOption(name, field, null, null, null); }
        @Override public Object toJson() {
            return single("tcp option", obj("name", name, "field", field, "base", base, "offset", offset, "len", len));
        }
    }

    /** An IPv4 option field ({@code ip option lsrr ptr}), or its existence when {@code field} is null. */
    record IpOption(String name, String field) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public IpOption { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return single("ip option", obj("name", name, "field", field)); }
    }

    /** An SCTP chunk field, or its existence when {@code field} is null. */
    record SctpChunk(String name, String field) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public SctpChunk { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return single("sctp chunk", obj("name", name, "field", field)); }
    }

    /** A DCCP option's existence by type. */
    record DccpOption(long type) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return single("dccp option", obj("type", type)); }
    }

    /** {@code ipsec in|out [spnum N] KEY [family]}. */
    record Ipsec(String key, String dir, Long spnum, String family) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Ipsec { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() {
            return single("ipsec", obj("key", key, "family", family, "dir", dir, "spnum", spnum));
        }
    }

    /** Passive OS fingerprint: {@code osf [ttl loose|skip] name|version}. */
    record Osf(String key, String ttl) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Osf { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("osf", obj("key", key, "ttl", ttl)); }
    }

    /** {@code numgen inc|random mod N [offset M]}. */
    record Numgen(String mode, long mod, Long offset) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Numgen { Objects.requireNonNull(mode, "mode"); }
        @Override public Object toJson() { return single("numgen", obj("mode", mode, "mod", mod, "offset", offset)); }
    }

    /** {@code jhash EXPR mod N [seed S] [offset M]} or {@code symhash mod N [offset M]} ({@code expr} null). */
    record Hash(String kind, long mod, Long seed, Long offset, Expr expr) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Hash {
            if (!"jhash".equals(kind) && !"symhash".equals(kind)) throw new IllegalArgumentException("hash kind: " + kind);
        }
        @Override public Object toJson() {
            return single(kind, obj("mod", mod, "seed", seed, "offset", offset, "expr", expr == null ? null : expr.toJson()));
        }
    }

    // ---- structure ---------------------------------------------------------------------------

    /** A concatenation {@code a . b . c} (for sets with concatenated keys). */
    record Concat(List<Expr> parts) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Concat {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) throw new IllegalArgumentException("an empty concatenation crashes libnftables");
        }
        @Override public Object toJson() { return single("concat", list(parts)); }
    }

    /** A range {@code lo-hi}. */
    record Range(Expr low, Expr high) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Range { Objects.requireNonNull(low, "low"); Objects.requireNonNull(high, "high"); }
        @Override public Object toJson() { return single("range", List.of(low.toJson(), high.toJson())); }
    }

    /** A prefix {@code addr/len}. */
    record Prefix(Expr addr, int len) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Prefix { Objects.requireNonNull(addr, "addr"); }
        @Override public Object toJson() { return single("prefix", obj("addr", addr.toJson(), "len", (long) len)); }
    }

    /** A binary operation {@code &}, {@code |}, {@code ^}, {@code <<}, {@code >>}, applied left to right over two or more operands. */
    record Binop(String op, List<Expr> operands) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Binop {
            if (!List.of("&", "|", "^", "<<", ">>").contains(op)) throw new IllegalArgumentException("binary operator: " + op);
            operands = List.copyOf(operands);
            if (operands.size() < 2) throw new IllegalArgumentException("a binary operation needs two operands");
        }
        public static Binop of(String op, Expr left, Expr right) { return new Binop(op, List.of(left, right)); }
        @Override public Object toJson() { return single(op, list(operands)); }
    }

    /** A map lookup {@code KEY map DATA} (DATA: a named map reference or an anonymous map). */
    record MapLookup(Expr key, Expr data) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public MapLookup { Objects.requireNonNull(key, "key"); Objects.requireNonNull(data, "data"); }
        @Override public Object toJson() { return single("map", obj("key", key.toJson(), "data", data.toJson())); }
    }

    /**
     * A set element with options: {@code VAL timeout T expires E comment C} and its counter.
     * Times are in seconds, as libnftables prints them.
     */
    record Elem(Expr value, Long timeout, Long expires, String comment, Stmt.Counter counter, Stmt.Limit limit,
                Stmt.Quota quota) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public Elem { Objects.requireNonNull(value, "value"); }
        /** An element without a per-element limit or quota. */
        public Elem(Expr value, Long timeout, Long expires, String comment, Stmt.Counter counter) {
            this(value, timeout, expires, comment, counter, null, null);
        }
        public static Elem of(Expr value) { return new Elem(value, null, null, null, null); }
        public Elem withTimeout(long seconds) { return new Elem(value, seconds, expires, comment, counter, limit, quota); }
        public Elem withComment(String c) { return new Elem(value, timeout, expires, c, counter, limit, quota); }
        @Override public Object toJson() {
            Map<String, Object> body = obj("val", value.toJson(), "timeout", timeout, "expires", expires, "comment", comment,
                    "counter", counter == null ? null : counter.body());
            if (limit != null) body.put("limit", limit.body());
            if (quota != null) body.put("quota", quota.toJson().get("quota"));
            return single("elem", body);
        }
    }

    /** One {@code key : value} entry of a map or verdict map; JSON {@code [key, value]}. */
    record MapEntry(Expr key, Expr value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        public MapEntry { Objects.requireNonNull(key, "key"); Objects.requireNonNull(value, "value"); }
        @Override public Object toJson() { return new ArrayList<>(List.of(key.toJson(), value.toJson())); }
    }

    /**
     * An expression this version does not model (or a known one with fields it does not know):
     * kept as the original JSON and written back unchanged, so newer rulesets still round-trip.
     */
    record Unknown(Object json) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return NftJson.copy(json); }
    }

    // ---- helpers shared by the model's records -------------------------------------------------

    static List<Object> list(List<? extends Expr> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Expr e : items) out.add(e.toJson());
        return out;
    }

    /** {@code {key: value}}, keeping a null value (libnftables writes {@code {"accept": null}}). */
    static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put(key, value);
        return m;
    }

    /** An object from key/value pairs, leaving out null values. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Flags as libnftables reads them: one flag as a string, several as an array, none omitted. */
    static Object flagsJson(List<String> flags) {
        if (flags == null || flags.isEmpty()) return null;
        return flags.size() == 1 ? flags.get(0) : new ArrayList<>(flags);
    }
}
