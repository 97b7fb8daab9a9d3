package org.nftj.api.expr;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes libnftables JSON expressions and statements into the typed model.
 *
 * <p>Lenient where that is safe (version skew): a node this version does not know — an unknown key,
 * or a known key with a field it does not know or a shape it does not expect — becomes
 * {@link Expr.Unknown} / {@link Stmt.Unknown}, which keeps the JSON and writes it back unchanged.
 * So a ruleset printed by a newer nft still decodes, and still encodes to the same JSON.
 */
public final class NftJson {
    private NftJson() {}

    /** Thrown inside the decoder when a node's shape is not the one modelled; turns into an Unknown node. */
    private static final class Shape extends RuntimeException {
        Shape() { super(null, null, false, false); }
    }

    private static final Shape SHAPE = new Shape();

    // ---- expressions ----------------------------------------------------------------------------

    /**
     * Decodes one expression (a string, number, boolean, array or object).
     *
     * @param json the JSON value
     * @return the expression; {@link Expr.Unknown} when this version does not know it
     */
    public static Expr expr(Object json) {
        try {
            return exprStrict(json);
        } catch (Shape | ClassCastException | IllegalArgumentException | NullPointerException | ArithmeticException e) {
            return new Expr.Unknown(copy(json));
        }
    }

    private static Expr exprStrict(Object json) {
        if (json instanceof String s) {
            if (s.startsWith("@") && s.length() > 1) return new Expr.SetRef(s.substring(1));
            return new Expr.Str(s);
        }
        if (json instanceof Boolean b) return new Expr.Bool(b);
        if (json instanceof Number n) return new Expr.Num(num(n));
        if (json instanceof List<?> l) {
            List<Expr> items = new ArrayList<>(l.size());
            for (Object o : l) items.add(expr(o));
            return new Expr.ListOf(items);
        }
        if (!(json instanceof Map<?, ?> m) || m.size() != 1) throw SHAPE;
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String key = (String) e.getKey();
        Object v = e.getValue();
        return switch (key) {
            case "set" -> new Expr.SetOf(setItems(v));
            case "payload" -> payload(map(v));
            case "meta" -> { Map<String, Object> o = fields(v, "key"); yield new Expr.Meta(str(o, "key")); }
            case "ct" -> { Map<String, Object> o = fields(v, "key", "family", "dir");
                yield new Expr.Ct(str(o, "key"), optStr(o, "family"), optStr(o, "dir")); }
            case "rt" -> { Map<String, Object> o = fields(v, "key", "family"); yield new Expr.Rt(str(o, "key"), optStr(o, "family")); }
            case "fib" -> { Map<String, Object> o = fields(v, "result", "flags");
                yield new Expr.Fib(str(o, "result"), flags(o.get("flags"))); }
            case "socket" -> { Map<String, Object> o = fields(v, "key", "level");
                yield new Expr.Socket(str(o, "key"), optNum(o, "level")); }
            case "exthdr" -> { Map<String, Object> o = fields(v, "name", "field", "offset");
                yield new Expr.Exthdr(str(o, "name"), optStr(o, "field"), optNum(o, "offset")); }
            case "tcp option" -> { Map<String, Object> o = fields(v, "name", "field", "base", "offset", "len");
                yield new Expr.TcpOption(optStr(o, "name"), optStr(o, "field"), optNum(o, "base"), optNum(o, "offset"), optNum(o, "len")); }
            case "ip option" -> { Map<String, Object> o = fields(v, "name", "field");
                yield new Expr.IpOption(str(o, "name"), optStr(o, "field")); }
            case "sctp chunk" -> { Map<String, Object> o = fields(v, "name", "field");
                yield new Expr.SctpChunk(str(o, "name"), optStr(o, "field")); }
            case "dccp option" -> { Map<String, Object> o = fields(v, "type"); yield new Expr.DccpOption(lng(o, "type")); }
            case "ipsec" -> { Map<String, Object> o = fields(v, "key", "dir", "spnum", "family");
                yield new Expr.Ipsec(str(o, "key"), optStr(o, "dir"), optNum(o, "spnum"), optStr(o, "family")); }
            case "osf" -> { Map<String, Object> o = fields(v, "key", "ttl"); yield new Expr.Osf(str(o, "key"), optStr(o, "ttl")); }
            case "numgen" -> { Map<String, Object> o = fields(v, "mode", "mod", "offset");
                yield new Expr.Numgen(str(o, "mode"), lng(o, "mod"), optNum(o, "offset")); }
            case "jhash", "symhash" -> { Map<String, Object> o = fields(v, "mod", "seed", "offset", "expr");
                yield new Expr.Hash(key, lng(o, "mod"), optNum(o, "seed"), optNum(o, "offset"),
                        o.containsKey("expr") ? expr(o.get("expr")) : null); }
            case "concat" -> new Expr.Concat(exprs(v));
            case "range" -> { List<Expr> r = exprs(v); if (r.size() != 2) throw SHAPE; yield new Expr.Range(r.get(0), r.get(1)); }
            case "prefix" -> { Map<String, Object> o = fields(v, "addr", "len");
                yield new Expr.Prefix(expr(o.get("addr")), Math.toIntExact(lng(o, "len"))); }
            case "&", "|", "^", "<<", ">>" -> new Expr.Binop(key, exprs(v));
            case "map" -> { Map<String, Object> o = fields(v, "key", "data");
                yield new Expr.MapLookup(expr(req(o, "key")), expr(req(o, "data"))); }
            case "elem" -> elem(v);
            case "accept", "drop", "continue", "return", "jump", "goto" -> verdict(key, v);
            default -> throw SHAPE;
        };
    }

    private static Expr payload(Map<String, Object> o) {
        if (o.containsKey("base")) {
            only(o, "base", "offset", "len");
            return new Expr.RawPayload(str(o, "base"), lng(o, "offset"), lng(o, "len"));
        }
        only(o, "protocol", "field", "tunnel");
        return new Expr.Payload(str(o, "protocol"), str(o, "field"), optStr(o, "tunnel"));
    }

    private static Expr elem(Object v) {
        Map<String, Object> o = fields(v, "val", "timeout", "expires", "comment", "counter", "limit", "quota");
        Stmt.Counter counter = o.containsKey("counter") ? counterBody(o.get("counter")) : null;
        Stmt.Limit limit = o.containsKey("limit") ? limit(o.get("limit")) : null;
        Stmt.Quota quota = o.containsKey("quota") ? quota(o.get("quota")) : null;
        return new Expr.Elem(expr(req(o, "val")), optNum(o, "timeout"), optNum(o, "expires"), optStr(o, "comment"), counter,
                limit, quota);
    }

    /**
     * Items of an anonymous set, or the elements of a named set/map: two-item arrays are map entries.
     *
     * @param v the JSON array, or one value
     * @return the items
     */
    public static List<Expr> setItems(Object v) {
        if (!(v instanceof List<?> l)) return List.of(expr(v));
        List<Expr> items = new ArrayList<>(l.size());
        for (Object o : l) {
            if (o instanceof List<?> pair && pair.size() == 2) items.add(new Expr.MapEntry(expr(pair.get(0)), expr(pair.get(1))));
            else items.add(expr(o));
        }
        return items;
    }

    private static Verdict verdict(String key, Object v) {
        Verdict.Kind k = Verdict.Kind.valueOf(key.toUpperCase(java.util.Locale.ROOT));
        if (k == Verdict.Kind.JUMP || k == Verdict.Kind.GOTO) {
            Map<String, Object> o = fields(v, "target");
            return new Verdict(k, str(o, "target"));
        }
        if (v != null) throw SHAPE;
        return new Verdict(k, null);
    }

    // ---- statements -----------------------------------------------------------------------------

    /**
     * Decodes one statement (an object with one key).
     *
     * @param json the JSON object
     * @return the statement; {@link Stmt.Unknown} when this version does not know it
     */
    public static Stmt stmt(Object json) {
        try {
            return stmtStrict(json);
        } catch (Shape | ClassCastException | IllegalArgumentException | NullPointerException | ArithmeticException e) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = json instanceof Map<?, ?> ? (Map<String, Object>) copy(json) : Map.of("unknown", copy(json));
            return new Stmt.Unknown(m);
        }
    }

    /**
     * Decodes a rule's {@code expr} array.
     *
     * @param json the JSON array
     * @return the statements, in order
     * @throws IllegalArgumentException when it is not an array
     */
    public static List<Stmt> stmts(Object json) {
        if (!(json instanceof List<?> l)) throw new IllegalArgumentException("a rule's expr must be an array");
        List<Stmt> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(stmt(o));
        return out;
    }

    private static Stmt stmtStrict(Object json) {
        if (!(json instanceof Map<?, ?> m) || m.size() != 1) throw SHAPE;
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String key = (String) e.getKey();
        Object v = e.getValue();
        return switch (key) {
            case "accept", "drop", "continue", "return", "jump", "goto" -> verdict(key, v);
            case "match" -> { Map<String, Object> o = fields(v, "op", "left", "right");
                yield new Stmt.Match(str(o, "op"), expr(req(o, "left")), expr(req(o, "right"))); }
            case "counter" -> v instanceof String || isLookup(v) ? new Stmt.ObjectRef(key, expr(v)) : counterBody(v);
            case "quota" -> v instanceof String || isLookup(v) ? new Stmt.ObjectRef(key, expr(v)) : quota(v);
            case "limit" -> v instanceof String || isLookup(v) ? new Stmt.ObjectRef(key, expr(v)) : limit(v);
            case "synproxy" -> v instanceof String || isLookup(v) ? new Stmt.ObjectRef(key, expr(v)) : synproxy(v);
            case "ct helper", "ct timeout", "ct expectation", "secmark" -> {
                if (!(v instanceof String) && !isLookup(v)) throw SHAPE;
                yield new Stmt.ObjectRef(key, expr(v)); }
            case "mangle" -> { Map<String, Object> o = fields(v, "key", "value");
                yield new Stmt.Mangle(expr(req(o, "key")), expr(req(o, "value"))); }
            case "log" -> { Map<String, Object> o = v == null ? Map.of()
                    : fields(v, "prefix", "group", "snaplen", "queue-threshold", "level", "flags");
                yield new Stmt.Log(optStr(o, "prefix"), optStr(o, "level"), optNum(o, "group"), optNum(o, "snaplen"),
                        optNum(o, "queue-threshold"), flags(o.get("flags"))); }
            case "reject" -> { Map<String, Object> o = v == null ? Map.of() : fields(v, "type", "expr");
                yield new Stmt.Reject(optStr(o, "type"), o.containsKey("expr") ? expr(o.get("expr")) : null); }
            case "snat", "dnat", "masquerade", "redirect" -> { Map<String, Object> o = v == null ? Map.of()
                    : fields(v, "family", "addr", "port", "flags", "type_flags");
                yield new Stmt.Nat(key, optStr(o, "family"), o.containsKey("addr") ? expr(o.get("addr")) : null,
                        o.containsKey("port") ? expr(o.get("port")) : null, flags(o.get("flags")), flags(o.get("type_flags"))); }
            case "queue" -> { Map<String, Object> o = v == null ? Map.of() : fields(v, "num", "flags");
                yield new Stmt.Queue(o.containsKey("num") ? expr(o.get("num")) : null, flags(o.get("flags"))); }
            case "dup" -> { Map<String, Object> o = fields(v, "addr", "dev");
                yield new Stmt.Dup(expr(req(o, "addr")), o.containsKey("dev") ? expr(o.get("dev")) : null); }
            case "fwd" -> { Map<String, Object> o = fields(v, "dev", "family", "addr");
                yield new Stmt.Fwd(expr(req(o, "dev")), optStr(o, "family"), o.containsKey("addr") ? expr(o.get("addr")) : null); }
            case "notrack" -> { if (v != null) throw SHAPE; yield new Stmt.Notrack(); }
            case "tproxy" -> { Map<String, Object> o = fields(v, "family", "addr", "port");
                yield new Stmt.Tproxy(optStr(o, "family"), o.containsKey("addr") ? expr(o.get("addr")) : null,
                        o.containsKey("port") ? expr(o.get("port")) : null); }
            case "ct count" -> { Map<String, Object> o = fields(v, "val", "inv");
                yield new Stmt.CtCount(lng(o, "val"), bool(o, "inv")); }
            case "flow" -> { Map<String, Object> o = fields(v, "op", "flowtable");
                yield new Stmt.FlowOffload(str(o, "op"), ref(str(o, "flowtable"))); }
            case "set" -> { Map<String, Object> o = fields(v, "op", "elem", "set", "stmt");
                yield new Stmt.SetUpdate(str(o, "op"), expr(req(o, "elem")), ref(str(o, "set")),
                        o.containsKey("stmt") ? stmts(o.get("stmt")) : List.of()); }
            case "map" -> { Map<String, Object> o = fields(v, "op", "elem", "data", "map", "stmt");
                yield new Stmt.MapUpdate(str(o, "op"), expr(req(o, "elem")), expr(req(o, "data")), ref(str(o, "map")),
                        o.containsKey("stmt") ? stmts(o.get("stmt")) : List.of()); }
            case "vmap" -> { Map<String, Object> o = fields(v, "key", "data");
                yield new Stmt.VerdictMap(expr(req(o, "key")), expr(req(o, "data"))); }
            case "reset" -> new Stmt.Reset(expr(v));
            case "meter" -> { Map<String, Object> o = fields(v, "key", "stmt", "size", "name");
                yield new Stmt.Meter(str(o, "name"), expr(req(o, "key")), stmt(req(o, "stmt")), optNum(o, "size")); }
            case "last" -> { Map<String, Object> o = v == null ? Map.of() : fields(v, "used");
                yield new Stmt.Last(optNum(o, "used")); }
            default -> throw SHAPE;
        };
    }

    private static boolean isLookup(Object v) {
        return v instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("map");
    }

    static Stmt.Counter counterBody(Object v) {
        if (v == null) return Stmt.Counter.NEW;
        Map<String, Object> o = fields(v, "packets", "bytes");
        return new Stmt.Counter(optNum(o, "packets"), optNum(o, "bytes"));
    }

    private static Stmt.Quota quota(Object v) {
        Map<String, Object> o = fields(v, "val", "val_unit", "used", "used_unit", "inv");
        return new Stmt.Quota(lng(o, "val"), optStr(o, "val_unit"), optNum(o, "used"), optStr(o, "used_unit"), bool(o, "inv"));
    }

    private static Stmt.Limit limit(Object v) {
        Map<String, Object> o = fields(v, "rate", "burst", "per", "rate_unit", "burst_unit", "inv");
        return new Stmt.Limit(lng(o, "rate"), str(o, "per"), optNum(o, "burst"), optStr(o, "rate_unit"),
                optStr(o, "burst_unit"), bool(o, "inv"));
    }

    private static Stmt.Synproxy synproxy(Object v) {
        Map<String, Object> o = v == null ? Map.of() : fields(v, "mss", "wscale", "flags");
        return new Stmt.Synproxy(optNum(o, "mss"), optNum(o, "wscale"), flags(o.get("flags")));
    }

    // ---- finding what was not understood ---------------------------------------------------------

    /**
     * The JSON of every {@link Expr.Unknown} and {@link Stmt.Unknown} inside {@code stmt}, at any
     * depth: empty when this version understood the statement completely.
     *
     * @param stmt the statement
     * @return the JSON of each unknown node, in order
     */
    public static List<Object> unknowns(Stmt stmt) {
        List<Object> out = new ArrayList<>();
        walk(stmt, out);
        return out;
    }

    /**
     * The same for an expression.
     *
     * @param expr the expression
     * @return the JSON of each unknown node, in order
     */
    public static List<Object> unknowns(Expr expr) {
        List<Object> out = new ArrayList<>();
        walk(expr, out);
        return out;
    }

    private static void walk(Stmt s, List<Object> out) {
        switch (s) {
            case Stmt.Unknown u -> out.add(u.json());
            case Verdict v -> { }
            case Stmt.Match m -> { walk(m.left(), out); walk(m.right(), out); }
            case Stmt.Counter c -> { }
            case Stmt.ObjectRef r -> walk(r.name(), out);
            case Stmt.Mangle m -> { walk(m.key(), out); walk(m.value(), out); }
            case Stmt.Limit l -> { }
            case Stmt.Quota q -> { }
            case Stmt.Log l -> { }
            case Stmt.Reject r -> walkOpt(r.expr(), out);
            case Stmt.Nat n -> { walkOpt(n.addr(), out); walkOpt(n.port(), out); }
            case Stmt.Queue q -> walkOpt(q.num(), out);
            case Stmt.Dup d -> { walk(d.addr(), out); walkOpt(d.dev(), out); }
            case Stmt.Fwd f -> { walk(f.dev(), out); walkOpt(f.addr(), out); }
            case Stmt.Notrack n -> { }
            case Stmt.Synproxy sp -> { }
            case Stmt.Tproxy t -> { walkOpt(t.addr(), out); walkOpt(t.port(), out); }
            case Stmt.CtCount c -> { }
            case Stmt.FlowOffload f -> { }
            case Stmt.SetUpdate u -> { walk(u.elem(), out); for (Stmt x : u.stmts()) walk(x, out); }
            case Stmt.MapUpdate u -> { walk(u.elem(), out); walk(u.data(), out); for (Stmt x : u.stmts()) walk(x, out); }
            case Stmt.VerdictMap v -> { walk(v.key(), out); walk(v.data(), out); }
            case Stmt.Meter m -> { walk(m.key(), out); walk(m.stmt(), out); }
            case Stmt.Last l -> { }
            case Stmt.Reset r -> walk(r.expr(), out);
        }
    }

    private static void walkOpt(Expr e, List<Object> out) {
        if (e != null) walk(e, out);
    }

    private static void walk(Expr e, List<Object> out) {
        switch (e) {
            case Expr.Unknown u -> out.add(u.json());
            case Expr.ListOf l -> { for (Expr x : l.items()) walk(x, out); }
            case Expr.SetOf l -> { for (Expr x : l.items()) walk(x, out); }
            case Expr.Hash h -> walkOpt(h.expr(), out);
            case Expr.Concat c -> { for (Expr x : c.parts()) walk(x, out); }
            case Expr.Range r -> { walk(r.low(), out); walk(r.high(), out); }
            case Expr.Prefix p -> walk(p.addr(), out);
            case Expr.Binop b -> { for (Expr x : b.operands()) walk(x, out); }
            case Expr.MapLookup m -> { walk(m.key(), out); walk(m.data(), out); }
            case Expr.Elem el -> walk(el.value(), out);
            case Expr.MapEntry me -> { walk(me.key(), out); walk(me.value(), out); }
            default -> { } // leaves: values, fields, references, verdicts
        }
    }

    // ---- small readers shared with the object decoders -----------------------------------------

    /**
     * The object {@code v}, which must have only the given keys.
     *
     * @param v the JSON value
     * @param allowed the keys it may have
     * @return the object
     * @throws RuntimeException (of a private type) when it is not an object or has another key: decoders catch it
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> fields(Object v, String... allowed) {
        Map<String, Object> o = map(v);
        only(o, allowed);
        return o;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object v) {
        if (!(v instanceof Map<?, ?> m)) throw SHAPE;
        return (Map<String, Object>) m;
    }

    static void only(Map<String, Object> o, String... allowed) {
        // a linear scan: objects have a handful of keys, and this runs for every node
        outer:
        for (String k : o.keySet()) {
            for (String a : allowed) if (a.equals(k)) continue outer;
            throw SHAPE;
        }
    }

    /**
     * A string member.
     *
     * @param o a JSON object
     * @param k the key
     * @return the string
     * @throws RuntimeException (of a private type) when it is absent or not a string: decoders catch it
     */
    public static String str(Map<String, Object> o, String k) {
        if (!(o.get(k) instanceof String s)) throw SHAPE;
        return s;
    }

    /**
     * A string member that may be absent.
     *
     * @param o a JSON object
     * @param k the key
     * @return the string, or null
     * @throws RuntimeException (of a private type) when it is not a string: decoders catch it
     */
    public static String optStr(Map<String, Object> o, String k) {
        Object v = o.get(k);
        if (v == null) return null;
        if (!(v instanceof String s)) throw SHAPE;
        return s;
    }

    /**
     * An integer member.
     *
     * @param o a JSON object
     * @param k the key
     * @return the integer
     * @throws RuntimeException (of a private type) when it is absent or not an integer: decoders catch it
     */
    public static long lng(Map<String, Object> o, String k) {
        if (!(o.get(k) instanceof Number n)) throw SHAPE;
        return num(n);
    }

    /**
     * An integer member that may be absent.
     *
     * @param o a JSON object
     * @param k the key
     * @return the integer, or null
     * @throws RuntimeException (of a private type) when it is not an integer: decoders catch it
     */
    public static Long optNum(Map<String, Object> o, String k) {
        Object v = o.get(k);
        if (v == null) return null;
        if (!(v instanceof Number n)) throw SHAPE;
        return num(n);
    }

    /**
     * A boolean member that may be absent.
     *
     * @param o a JSON object
     * @param k the key
     * @return the boolean; false when absent
     * @throws RuntimeException (of a private type) when it is not a boolean: decoders catch it
     */
    public static boolean bool(Map<String, Object> o, String k) {
        Object v = o.get(k);
        if (v == null) return false;
        if (!(v instanceof Boolean b)) throw SHAPE;
        return b; // "inv": false is written back as nft lists it: omitted in statements, printed in quota objects

    }

    static Object req(Map<String, Object> o, String k) {
        if (!o.containsKey(k)) throw SHAPE;
        return o.get(k);
    }

    /**
     * Flags: one string or an array of strings.
     *
     * @param v the JSON value, or null
     * @return the flags; empty for null
     */
    public static List<String> flags(Object v) {
        if (v == null) return List.of();
        if (v instanceof String s) return List.of(s);
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) out.add((String) o);
        if (out.isEmpty()) throw SHAPE;
        return out;
    }

    /**
     * "@name" → "name".
     *
     * @param s the reference
     * @return the name
     * @throws RuntimeException (of a private type) when it is not a reference: decoders catch it
     */
    public static String ref(String s) {
        if (!s.startsWith("@") || s.length() < 2) throw SHAPE;
        return s.substring(1);
    }

    private static List<Expr> exprs(Object v) {
        if (!(v instanceof List<?> l)) throw SHAPE;
        List<Expr> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(expr(o));
        return out;
    }

    static long num(Number n) {
        if (n instanceof BigInteger b) return b.longValueExact();
        if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) throw SHAPE;
        return n.longValue();
    }

    /**
     * A deep copy of a JSON tree into mutable maps and lists, integers as Long.
     *
     * @param json the JSON tree
     * @return the copy
     */
    public static Object copy(Object json) {
        if (json instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) out.put((String) e.getKey(), copy(e.getValue()));
            return out;
        }
        if (json instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) out.add(copy(o));
            return out;
        }
        if (json instanceof Integer || json instanceof Short || json instanceof Byte) return ((Number) json).longValue();
        return json;
    }
}
