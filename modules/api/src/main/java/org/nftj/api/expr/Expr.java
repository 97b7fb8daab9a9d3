package org.nftj.api.expr;

import java.util.ArrayList;
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

    /** {@return the libnftables JSON of this expression (fresh, mutable)} */
    Object toJson();

    // ---- values -------------------------------------------------------------------------------

    /**
     * A string value: an address, an interface name, or an nft keyword such as {@code established}.
     *
     * @param value the text, as nft writes it (without quotes)
     */
    record Str(String value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the value is given. */
        public Str { Objects.requireNonNull(value, "value"); }
        @Override public Object toJson() { return value; }
    }

    /**
     * A number (port, protocol number, mark, length …).
     *
     * @param value the number
     */
    record Num(long value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return value; }
    }

    /**
     * A boolean (e.g. {@code exthdr frag exists} matches {@code true}).
     *
     * @param value the truth value
     */
    record Bool(boolean value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return value; }
    }

    /**
     * A bare JSON array: a list of flags ({@code ct state established,related}) or values.
     *
     * @param items the items
     */
    record ListOf(List<Expr> items) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Copies the items. */
        public ListOf { items = List.copyOf(items); }
        @Override public Object toJson() { return list(items); }
    }

    /**
     * An anonymous set {@code {"set": [...]}}; map and verdict-map literals hold {@link MapEntry} items.
     *
     * @param items the items: values, prefixes, ranges, concatenations, or map entries
     */
    record SetOf(List<Expr> items) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Copies the items. */
        public SetOf { items = List.copyOf(items); }
        @Override public Object toJson() { return single("set", list(items)); }
    }

    /**
     * A reference to a named set or map: {@code "@name"}.
     *
     * @param name the set's or map's name, without the {@code @}
     */
    record SetRef(String name) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the name is given. */
        public SetRef { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return "@" + name; }
    }

    // ---- packet and metadata fields ------------------------------------------------------------

    /**
     * A protocol header field: {@code ip saddr}, {@code tcp dport}, {@code th dport}, {@code ether type} …
     *
     * @param protocol the header: {@code ip}, {@code ip6}, {@code tcp}, {@code th}, {@code ether}, …
     * @param field the field: {@code saddr}, {@code dport}, …
     * @param tunnel the tunnel whose inner packet holds the header, or null
     */
    record Payload(String protocol, String field, String tunnel) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that protocol and field are given. */
        public Payload {
            Objects.requireNonNull(protocol, "protocol");
            Objects.requireNonNull(field, "field");
        }
        /**
         * A field of the packet itself (no tunnel).
         *
         * @param protocol the header
         * @param field the field
         */
        public Payload(String protocol, String field) { this(protocol, field, null); }
        /** {@code tunnel} (vxlan, geneve, gre, gretap) matches the field inside the tunnel's inner packet. */
        @Override public Object toJson() { return single("payload", obj("protocol", protocol, "field", field, "tunnel", tunnel)); }
    }

    /**
     * Raw payload {@code @base,offset,len} (base: ll, nh, th, ih).
     *
     * @param base where the offset counts from: {@code ll}, {@code nh}, {@code th}, {@code ih}
     * @param offset the offset in bits
     * @param len the length in bits
     */
    record RawPayload(String base, long offset, long len) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the base is given. */
        public RawPayload { Objects.requireNonNull(base, "base"); }
        @Override public Object toJson() { return single("payload", obj("base", base, "offset", offset, "len", len)); }
    }

    /**
     * {@code meta KEY}: l4proto, mark, iifname, nfproto, skuid …
     *
     * @param key the key: {@code l4proto}, {@code mark}, {@code iifname}, …
     */
    record Meta(String key) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the key is given. */
        public Meta { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("meta", obj("key", key)); }
    }

    /**
     * {@code ct [dir] KEY} with optional family (ip, ip6) and direction (original, reply).
     *
     * @param key the key: {@code state}, {@code mark}, {@code saddr}, …
     * @param family {@code ip} or {@code ip6} for an address key, or null
     * @param dir {@code original} or {@code reply}, or null
     */
    record Ct(String key, String family, String dir) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the key is given. */
        public Ct { Objects.requireNonNull(key, "key"); }
        /**
         * {@code ct KEY}, without family or direction.
         *
         * @param key the key
         * @return the expression
         */
        public static Ct of(String key) { return new Ct(key, null, null); }
        @Override public Object toJson() { return single("ct", obj("key", key, "family", family, "dir", dir)); }
    }

    /**
     * {@code rt [family] KEY}: classid, nexthop, mtu, ipsec.
     *
     * @param key the key: {@code classid}, {@code nexthop}, {@code mtu}, {@code ipsec}
     * @param family {@code ip} or {@code ip6}, or null
     */
    record Rt(String key, String family) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the key is given. */
        public Rt { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("rt", obj("key", key, "family", family)); }
    }

    /**
     * {@code fib FLAGS RESULT}: flags saddr/daddr/mark/iif/oif, result oif/oifname/type.
     *
     * @param result what is looked up: {@code oif}, {@code oifname}, {@code type}
     * @param flags what the lookup takes: {@code saddr}, {@code daddr}, {@code mark}, {@code iif}, {@code oif}
     */
    record Fib(String result, List<String> flags) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the result is given; copies the flags. */
        public Fib { Objects.requireNonNull(result, "result"); flags = List.copyOf(flags); }
        /** Flags as nft lists them: always an array. */
        @Override public Object toJson() { return single("fib", obj("result", result, "flags", new ArrayList<>(flags))); }
    }

    /**
     * {@code socket KEY} (transparent, mark, wildcard, cgroupv2 with level).
     *
     * @param key the key: {@code transparent}, {@code mark}, {@code wildcard}, {@code cgroupv2}
     * @param level the cgroup level for {@code cgroupv2}, or null
     */
    record Socket(String key, Long level) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the key is given. */
        public Socket { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("socket", obj("key", key, "level", level)); }
    }

    /**
     * An IPv6 extension header field, or its existence when {@code field} is null.
     *
     * @param name the extension header: {@code frag}, {@code hbh}, {@code rt}, …
     * @param field the field, or null for its existence
     * @param offset the offset of a raw field, or null
     */
    record Exthdr(String name, String field, Long offset) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the name is given. */
        public Exthdr { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return single("exthdr", obj("name", name, "field", field, "offset", offset)); }
    }

    /**
     * A TCP option field ({@code tcp option maxseg size}), or its existence when {@code field} is null.
     *
     * @param name the option's name ({@code maxseg}), or null for a raw option by kind number
     * @param field the field, or null for its existence
     * @param base the option's kind number of a raw option, or null
     * @param offset the offset of a raw field in bits, or null
     * @param len the length of a raw field in bits, or null
     */
    record TcpOption(String name, String field, Long base, Long offset, Long len) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that a name or a kind number is given. */
        public TcpOption {
            if (name == null && base == null) throw new IllegalArgumentException("a tcp option needs a name or a kind number (base)");
        }
        /**
         * A named TCP option's field.
         *
         * @param name the option's name
         * @param field the field, or null for its existence
         * @return the expression
         */
        public static TcpOption of(String name, String field) { return new TcpOption(name, field, null, null, null); }
        @Override public Object toJson() {
            return single("tcp option", obj("name", name, "field", field, "base", base, "offset", offset, "len", len));
        }
    }

    /**
     * An IPv4 option field ({@code ip option lsrr ptr}), or its existence when {@code field} is null.
     *
     * @param name the option: {@code lsrr}, {@code rr}, {@code ssrr}, {@code ra}
     * @param field the field, or null for its existence
     */
    record IpOption(String name, String field) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the name is given. */
        public IpOption { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return single("ip option", obj("name", name, "field", field)); }
    }

    /**
     * An SCTP chunk field, or its existence when {@code field} is null.
     *
     * @param name the chunk: {@code data}, {@code init}, …
     * @param field the field, or null for its existence
     */
    record SctpChunk(String name, String field) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the name is given. */
        public SctpChunk { Objects.requireNonNull(name, "name"); }
        @Override public Object toJson() { return single("sctp chunk", obj("name", name, "field", field)); }
    }

    /**
     * A DCCP option's existence by type.
     *
     * @param type the option's type number
     */
    record DccpOption(long type) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return single("dccp option", obj("type", type)); }
    }

    /**
     * {@code ipsec in|out [spnum N] KEY [family]}.
     *
     * @param key the key: {@code reqid}, {@code spi}, {@code saddr}, {@code daddr}
     * @param dir {@code in} or {@code out}
     * @param spnum the security policy's number, or null
     * @param family {@code ip} or {@code ip6} for an address key, or null
     */
    record Ipsec(String key, String dir, Long spnum, String family) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the key is given. */
        public Ipsec { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() {
            return single("ipsec", obj("key", key, "family", family, "dir", dir, "spnum", spnum));
        }
    }

    /**
     * Passive OS fingerprint: {@code osf [ttl loose|skip] name|version}.
     *
     * @param key {@code name} or {@code version}
     * @param ttl {@code loose} or {@code skip}, or null
     */
    record Osf(String key, String ttl) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the key is given. */
        public Osf { Objects.requireNonNull(key, "key"); }
        @Override public Object toJson() { return single("osf", obj("key", key, "ttl", ttl)); }
    }

    /**
     * {@code numgen inc|random mod N [offset M]}.
     *
     * @param mode {@code inc} or {@code random}
     * @param mod the modulus
     * @param offset added to the result, or null
     */
    record Numgen(String mode, long mod, Long offset) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the mode is given. */
        public Numgen { Objects.requireNonNull(mode, "mode"); }
        @Override public Object toJson() { return single("numgen", obj("mode", mode, "mod", mod, "offset", offset)); }
    }

    /**
     * {@code jhash EXPR mod N [seed S] [offset M]} or {@code symhash mod N [offset M]} ({@code expr} null).
     *
     * @param kind {@code jhash} or {@code symhash}
     * @param mod the modulus
     * @param seed the seed of a jhash, or null
     * @param offset added to the result, or null
     * @param expr what a jhash hashes; null for symhash
     */
    record Hash(String kind, long mod, Long seed, Long offset, Expr expr) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks the kind. */
        public Hash {
            if (!"jhash".equals(kind) && !"symhash".equals(kind)) throw new IllegalArgumentException("hash kind: " + kind);
        }
        @Override public Object toJson() {
            return single(kind, obj("mod", mod, "seed", seed, "offset", offset, "expr", expr == null ? null : expr.toJson()));
        }
    }

    // ---- structure ---------------------------------------------------------------------------

    /**
     * A concatenation {@code a . b . c} (for sets with concatenated keys).
     *
     * @param parts the parts, in order
     */
    record Concat(List<Expr> parts) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Copies the parts; checks there is one. */
        public Concat {
            parts = List.copyOf(parts);
            if (parts.isEmpty()) throw new IllegalArgumentException("an empty concatenation crashes libnftables");
        }
        @Override public Object toJson() { return single("concat", list(parts)); }
    }

    /**
     * A range {@code lo-hi}.
     *
     * @param low the lowest value
     * @param high the highest value
     */
    record Range(Expr low, Expr high) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that both ends are given. */
        public Range { Objects.requireNonNull(low, "low"); Objects.requireNonNull(high, "high"); }
        @Override public Object toJson() { return single("range", List.of(low.toJson(), high.toJson())); }
    }

    /**
     * A prefix {@code addr/len}.
     *
     * @param addr the address
     * @param len the prefix length in bits
     */
    record Prefix(Expr addr, int len) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the address is given. */
        public Prefix { Objects.requireNonNull(addr, "addr"); }
        @Override public Object toJson() { return single("prefix", obj("addr", addr.toJson(), "len", (long) len)); }
    }

    /**
     * A binary operation {@code &}, {@code |}, {@code ^}, {@code <<}, {@code >>}, applied left to right over two or more operands.
     *
     * @param op the operator
     * @param operands the operands, two or more
     */
    record Binop(String op, List<Expr> operands) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks the operator and that there are two operands or more. */
        public Binop {
            if (!List.of("&", "|", "^", "<<", ">>").contains(op)) throw new IllegalArgumentException("binary operator: " + op);
            operands = List.copyOf(operands);
            if (operands.size() < 2) throw new IllegalArgumentException("a binary operation needs two operands");
        }
        /**
         * {@code left OP right}.
         *
         * @param op the operator
         * @param left the left operand
         * @param right the right operand
         * @return the expression
         */
        public static Binop of(String op, Expr left, Expr right) { return new Binop(op, List.of(left, right)); }
        @Override public Object toJson() { return single(op, list(operands)); }
    }

    /**
     * A map lookup {@code KEY map DATA} (DATA: a named map reference or an anonymous map).
     *
     * @param key what is looked up
     * @param data the map: a named map's reference or an anonymous map
     */
    record MapLookup(Expr key, Expr data) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that key and map are given. */
        public MapLookup { Objects.requireNonNull(key, "key"); Objects.requireNonNull(data, "data"); }
        @Override public Object toJson() { return single("map", obj("key", key.toJson(), "data", data.toJson())); }
    }

    /**
     * A set element with options: {@code VAL timeout T expires E comment C} and its counter, limit
     * or quota (what nft lists for a set whose {@code stmt} gives every element one). Times are in
     * seconds, as libnftables prints them.
     *
     * @param value the element's value
     * @param timeout its timeout in seconds, or null
     * @param expires seconds until it expires, when listed; or null
     * @param comment its comment, or null
     * @param counter its counter, or null
     * @param limit its limit, or null
     * @param quota its quota, or null
     */
    record Elem(Expr value, Long timeout, Long expires, String comment, Stmt.Counter counter, Stmt.Limit limit,
                Stmt.Quota quota) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that the value is given. */
        public Elem { Objects.requireNonNull(value, "value"); }
        /**
         * An element without a per-element limit or quota.
         *
         * @param value the element's value
         * @param timeout its timeout in seconds, or null
         * @param expires seconds until it expires, when listed; or null
         * @param comment its comment, or null
         * @param counter its counter, or null
         */
        public Elem(Expr value, Long timeout, Long expires, String comment, Stmt.Counter counter) {
            this(value, timeout, expires, comment, counter, null, null);
        }
        /**
         * An element without options.
         *
         * @param value the value
         * @return the element
         */
        public static Elem of(Expr value) { return new Elem(value, null, null, null, null); }
        /**
         * The same element with a timeout.
         *
         * @param seconds the timeout
         * @return the element
         */
        public Elem withTimeout(long seconds) { return new Elem(value, seconds, expires, comment, counter, limit, quota); }
        /**
         * The same element with a comment.
         *
         * @param c the comment
         * @return the element
         */
        public Elem withComment(String c) { return new Elem(value, timeout, expires, c, counter, limit, quota); }
        @Override public Object toJson() {
            Map<String, Object> body = obj("val", value.toJson(), "timeout", timeout, "expires", expires, "comment", comment,
                    "counter", counter == null ? null : counter.body());
            if (limit != null) body.put("limit", limit.body());
            if (quota != null) body.put("quota", quota.toJson().get("quota"));
            return single("elem", body);
        }
    }

    /**
     * One {@code key : value} entry of a map or verdict map; JSON {@code [key, value]}.
     *
     * @param key the key
     * @param value the data (a verdict in a verdict map)
     */
    record MapEntry(Expr key, Expr value) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        /** Checks that key and value are given. */
        public MapEntry { Objects.requireNonNull(key, "key"); Objects.requireNonNull(value, "value"); }
        @Override public Object toJson() { return new ArrayList<>(List.of(key.toJson(), value.toJson())); }
    }

    /**
     * An expression this version does not model (or a known one with fields it does not know):
     * kept as the original JSON and written back unchanged, so newer rulesets still round-trip.
     *
     * @param json the JSON as read
     */
    record Unknown(Object json) implements Expr {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.expression(this); }
        @Override public Object toJson() { return NftJson.copy(json); }
    }

    // ---- JSON helpers of the records (JsonValues: shared with Stmt and Verdict) -----------------

    private static List<Object> list(List<? extends Expr> items) { return JsonValues.list(items); }

    private static Map<String, Object> single(String key, Object value) { return JsonValues.single(key, value); }

    private static Map<String, Object> obj(Object... kv) { return JsonValues.obj(kv); }
}
