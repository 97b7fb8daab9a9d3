package org.nftj.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nftj.validation.Schema.Datatype;
import org.nftj.validation.Schema.Field;
import org.nftj.validation.Schema.FieldKind;
import org.nftj.validation.Schema.Key;

/**
 * Expressions and values: libnftables-json(5) EXPRESSIONS.
 *
 * <p>Grammar: immediate concat set map prefix range payload exthdr tcpOption sctpChunk meta rt ct
 *   numgen hash fib binop verdict elem socket ipOption ipsec
 *
 * <p>These are its check functions, one per expression, named after its JSON key ({@code hash} for
 * jhash and symhash, {@code binop} for the binary operators, {@code immediate} for strings,
 * numbers and booleans), in the order of libnftables-json(5) and then the expressions nft accepts
 * beyond it, alphabetically. The helper's helper-zig/src/validate/expressions.zig lists the same
 * functions in the same order (ValidatorMirrorTest compares the two lists).
 *
 * <p>An expression appears in two positions: where it reads the packet ({@link #expression}, the
 * left side of a match: its check returns the datatypes it produces) and where a value is expected
 * ({@link #value}, the right side of a match, a set element, a statement's argument: typed by
 * what it is compared with or assigned to, with {@code flags} saying which constructions the
 * position takes). Strings are judged by that type, so that nothing reaches libnftables that it
 * would look up by name.
 */
final class Expressions {
    // What a value position accepts (the helper's Flags in helper-zig/src/validate/common.zig).
    static final int SET_REF = 1, SET_LITERAL = 2, CATCH_ALL = 4, ELEMENT_OBJECT = 8, EXPRESSION = 16, CONSTRUCT = 32;
    static final int ELEMENT = CATCH_ALL | ELEMENT_OBJECT | CONSTRUCT;
    /**
     * Elements of named sets and maps take the catch-all "*" only in the command that declares
     * the set without the "interval" flag (Commands.declaredElements): libnftables 1.0.6 crashes
     * on it in a named interval set, and an element command cannot know the kernel's flags (the
     * helper refuses it the same way, validate/commands.zig). Anonymous literals take it.
     */
    static final int NAMED_ELEMENT = ELEMENT & ~CATCH_ALL;
    /** Where "*" may stand, and why nowhere else (docs/helper-language.md). */
    static final String CATCH_ALL_REFUSAL = "the catch-all \"*\" is accepted only as an element key: of an anonymous set or map,"
            + " or in the add set/map that declares a set without \"interval\" (libnftables 1.0.6 crashes on it in a named"
            + " interval set; docs/helper-language.md)";
    /**
     * Expressions libnftables 1.0.6 resolves in the file system while it reads them (measured with
     * strace): refused with the reason, as docs/helper-language.md states it (the helper's words).
     */
    static final String OSF_REFUSAL = "osf is refused: libnftables reads the OS fingerprint file (/etc/nftables/osf/pf.os) "
            + "for it, which the sealed helper cannot open";
    static final String CGROUPV2_REFUSAL = "socket cgroupv2 is refused: libnftables resolves the cgroup's path in the file "
            + "system, which the sealed helper cannot do";

    private final Checker c;

    Expressions(Checker c) {
        this.c = c;
    }

    // ---- the two positions ----------------------------------------------------------------------

    /**
     * Checks an expression that produces a value (the left side of a match) and returns the
     * datatypes of that value: one, or several for a concatenation.
     */
    List<Datatype> expression(Object e, String p, int depth) {
        if (depth > Schema.DEPTH_MAX) {
            c.fail("invalid_json", p, "nested deeper than " + Schema.DEPTH_MAX);
            return List.of(Datatype.UNTYPED);
        }
        if (!(e instanceof Map<?, ?> m) || m.size() != 1) {
            value(e, List.of(Datatype.UNTYPED), p, depth);
            return List.of(Datatype.UNTYPED);
        }
        Map.Entry<?, ?> en = m.entrySet().iterator().next();
        String kind = String.valueOf(en.getKey());
        Object v = en.getValue();
        String q = p + "/" + Checker.pointer(kind);
        return switch (kind) {
            case "concat" -> concat(v, List.of(), q, depth, false);
            case "map" -> map(v, List.of(), q, depth, false);
            case "payload" -> payload(v, q);
            case "exthdr" -> exthdr(v, q);
            case "tcp option" -> tcpOption(v, q);
            case "sctp chunk" -> sctpChunk(v, q);
            case "meta" -> meta(v, q);
            case "rt" -> rt(v, q);
            case "ct" -> ct(v, q);
            case "numgen" -> numgen(v, q);
            case "jhash", "symhash" -> hash(kind, v, q, depth);
            case "fib" -> fib(v, q);
            case "&", "|", "^", "<<", ">>" -> binop(kind, v, List.of(), q, depth, false);
            case "socket" -> socket(v, q);
            case "ip option" -> ipOption(v, q);
            case "ipsec" -> ipsec(v, q);
            case "osf" -> {
                c.fail("lookup_refused", q, OSF_REFUSAL);
                yield List.of(Datatype.UNTYPED);
            }
            default -> {
                c.fail("invalid_request", q, "unknown expression '" + Names.printable(kind) + "'");
                yield List.of(Datatype.UNTYPED);
            }
        };
    }

    /** Checks a value (right side of a match, a set element) against the datatypes of what it is compared with. */
    void value(Object v, List<Datatype> types, String p, int depth) {
        value(v, types, p, depth, CONSTRUCT);
    }

    /** A value typed by {@code types}; {@code flags} say which constructs this position accepts. */
    void value(Object v, List<Datatype> types, String p, int depth, int flags) {
        if (depth > Schema.DEPTH_MAX) {
            c.fail("invalid_json", p, "nested deeper than " + Schema.DEPTH_MAX);
            return;
        }
        Datatype dt = types.size() == 1 ? types.getFirst() : Datatype.UNTYPED;
        // An if-chain, not a pattern switch: the first pattern switch of a JVM generates a class at
        // run time, which costs a cold `nftj apply` milliseconds (docs/benchmarks.md).
        if (v == null) {
            c.fail("invalid_request", p, "null is not a value");
        } else if (v instanceof Boolean || v instanceof Number || v instanceof String) {
            immediate(v, types, p, flags);
        } else if (v instanceof List<?> l) {
            flagList(l, types, p, depth);
        } else if (v instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> en = m.entrySet().iterator().next();
            String kind = String.valueOf(en.getKey());
            Object x = en.getValue();
            String q = p + "/" + Checker.pointer(kind);
            if (dt == Datatype.VERDICT && types.size() == 1 && !kind.equals("set") && !kind.equals("map")) {
                verdict(m, p);
                return;
            }
            switch (kind) {
                case "set" -> set(x, types, q, depth, flags);
                case "map" -> {
                    if ((flags & EXPRESSION) == 0) c.fail("invalid_request", q, "a map lookup is not accepted here");
                    else map(x, types, q, depth, true);
                }
                case "prefix", "range", "concat", "elem", "&", "|", "^" -> {
                    if ((flags & EXPRESSION) != 0 && List.of("&", "|", "^").contains(kind)) {
                        expression(m, p, depth + 1); // packet data as a value (meta mark set ct mark | 0x10)
                    } else if ((flags & CONSTRUCT) == 0) {
                        c.fail("invalid_request", p, "a constant value is expected here");
                    } else {
                        construct(kind, x, types, dt, q, depth, flags);
                    }
                }
                default -> {
                    if ((flags & EXPRESSION) != 0) expression(m, p, depth + 1);
                    else c.fail("invalid_request", q, "unknown or refused value expression '" + Names.printable(kind) + "'");
                }
            }
        } else {
            c.fail("invalid_request", p, "an expression is an object with exactly one member");
        }
    }

    /** A constant built of constants: prefix, range, concatenation, bit operation, element object. */
    private void construct(String kind, Object x, List<Datatype> types, Datatype dt, String q, int depth, int flags) {
        switch (kind) {
            case "prefix" -> prefix(x, dt, q, depth);
            case "range" -> range(x, types, q, depth);
            case "concat" -> concat(x, types, q, depth, true);
            case "&", "|", "^" -> binop(kind, x, types, q, depth, true);
            default -> elem(x, types, q, depth, flags);
        }
    }

    // ---- the expressions, in the order of the header --------------------------------------------

    /** A string, number or boolean where a value of {@code types} is expected. */
    void immediate(Object v, List<Datatype> types, String p, int flags) {
        Datatype dt = types.size() == 1 ? types.getFirst() : Datatype.UNTYPED;
        if (v instanceof Boolean) {
            // fib … oif exists/missing compares an interface index with a boolean.
            if (dt != Datatype.BOOLEAN && dt != Datatype.IFINDEX) c.fail("invalid_request", p, "true/false is accepted only for existence checks");
        } else if (v instanceof Number n) {
            if (!c.number(n, p)) return;
            if (n.longValue() < 0) c.fail("invalid_request", p, "negative values are not accepted here");
            else if (dt == Datatype.VERDICT) c.fail("invalid_request", p, "must be a verdict such as {\"accept\": null}");
            else if (types.size() > 1) c.fail("invalid_request", p, "a concatenated type needs a concat value");
        } else if (v instanceof String s) {
            boolean referenceOrCatchAll = s.startsWith("@") || s.equals("*");
            if (types.size() > 1 && !referenceOrCatchAll) c.fail("invalid_request", p, "a concatenated type needs a concat value");
            else string(s, dt, p, flags);
        }
    }

    /**
     * As an expression (left of a match), each component reads the packet and the concatenation
     * has their types; as a value, each component is a constant of the matching component type.
     */
    private List<Datatype> concat(Object x, List<Datatype> types, String q, int depth, boolean value) {
        if (!value) {
            if (!(x instanceof List<?> l) || l.size() < 2 || l.size() > Schema.CONCATENATION_COMPONENTS_MAX) {
                c.fail("invalid_request", q, "a concatenation has 2 to " + Schema.CONCATENATION_COMPONENTS_MAX + " components");
                return List.of(Datatype.UNTYPED);
            }
            List<Datatype> parts = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) parts.add(expression(l.get(i), q + "/" + i, depth + 1).getFirst());
            return parts;
        }
        if (!(x instanceof List<?> l) || l.size() < 2 || l.size() > Schema.CONCATENATION_COMPONENTS_MAX) {
            c.fail("invalid_request", q, "a concatenation needs 2 to " + Schema.CONCATENATION_COMPONENTS_MAX + " components");
        } else if (types.size() > 1 && types.size() != l.size()) {
            c.fail("invalid_request", q, "the concatenation has " + l.size() + " components; its type has " + types.size());
        } else {
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i) instanceof Map<?, ?> component && component.size() == 1 && component.containsKey("concat")) {
                    c.fail("invalid_request", q + "/" + i, "nested concatenations are not accepted");
                    return types;
                }
                Datatype part = types.size() > 1 ? types.get(i) : Datatype.UNTYPED;
                value(l.get(i), List.of(part), q + "/" + i, depth + 1, CONSTRUCT);
            }
        }
        return types;
    }

    /** An anonymous set: its elements typed by what it is compared with. */
    private void set(Object x, List<Datatype> types, String q, int depth, int flags) {
        if ((flags & SET_LITERAL) == 0) {
            c.fail("invalid_request", q, "an anonymous set is not accepted here");
            return;
        }
        List<?> items = x instanceof List<?> l ? l : List.of(x);
        if (items.isEmpty()) {
            c.fail("invalid_request", q, "an anonymous set must not be empty");
            return;
        }
        c.elements += items.size();
        if (items.size() > Schema.ELEMENTS_MAX) {
            c.fail("limit_exceeded", q, "at most " + Schema.ELEMENTS_MAX + " elements in one set");
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof List<?>) c.fail("invalid_request", q + "/" + i, "a set element is a value, not an array");
            else value(items.get(i), types, q + "/" + i, depth + 1, ELEMENT);
        }
    }

    /**
     * A map lookup: its key reads the packet, its data is a named map or an anonymous one whose
     * values have the type the position expects ({@code value}) or, left of a match, any type.
     */
    private List<Datatype> map(Object x, List<Datatype> types, String q, int depth, boolean value) {
        if (!c.fields(x, q, Map.of("key", Datatype.UNTYPED, "data", Datatype.UNTYPED))) return List.of(Datatype.UNTYPED);
        Map<?, ?> f = (Map<?, ?>) x;
        if (value) {
            if (!f.containsKey("key") || !f.containsKey("data")) {
                c.fail("invalid_request", q, "a map lookup needs 'key' and 'data'");
                return types;
            }
            List<Datatype> key = expression(f.get("key"), q + "/key", depth + 1);
            mapData(f.get("data"), key, types, q + "/data", depth + 1);
            return types;
        }
        expression(f.get("key"), q + "/key", depth + 1);
        Object data = f.get("data");
        if (data instanceof String ref && ref.startsWith("@")) {
            if (c.name(ref.substring(1), q + "/data")) c.reference("set", ref.substring(1), q + "/data");
        } else {
            value(data, List.of(Datatype.UNTYPED), q + "/data", depth + 1);
        }
        return List.of(Datatype.UNTYPED);
    }

    private void prefix(Object x, Datatype dt, String q, int depth) {
        if (!(x instanceof Map<?, ?> f) || !(f.get("addr") instanceof String addr) || !f.containsKey("len")) {
            c.fail("invalid_request", q, "a prefix is {\"addr\": \"<address>\", \"len\": <bits>}");
            return;
        }
        for (Object k : f.keySet()) {
            if (!k.equals("addr") && !k.equals("len")) c.fail("invalid_request", q + "/" + Checker.pointer(String.valueOf(k)), "unknown field of prefix");
        }
        value(addr, List.of(dt), q + "/addr", depth + 1);
        if (!(f.get("len") instanceof Number n) || n instanceof Double || n instanceof Float) {
            c.fail("invalid_request", q + "/len", "the prefix length must be an integer");
            return;
        }
        long len = n.longValue();
        int bits = Names.isIpv4(addr) ? 32 : Names.isIpv6(addr) ? 128 : -1;
        if (len < 0 || (bits > 0 && len > bits)) {
            c.fail("invalid_request", q + "/len", "a /" + len + " prefix is wider than " + (bits == 32 ? "an IPv4" : "an IPv6")
                    + " address (" + bits + " bits)");
        }
    }

    private void range(Object x, List<Datatype> types, String q, int depth) {
        if (!(x instanceof List<?> l) || l.size() != 2) {
            c.fail("invalid_request", q, "a range takes exactly two values");
        } else {
            value(l.get(0), types, q + "/0", depth + 1, 0);
            value(l.get(1), types, q + "/1", depth + 1, 0);
        }
    }

    /** A packet field by protocol and name (typed by the schema), or raw bytes by base, offset and length. */
    private List<Datatype> payload(Object v, String q) {
        if (!(v instanceof Map<?, ?> f)) return List.of(Datatype.UNTYPED);
        if (f.containsKey("base")) {
            c.fields(v, q, Map.of("base", Datatype.TEXT, "offset", Datatype.INTEGER, "len", Datatype.INTEGER));
            c.keyword(f.get("base"), Schema.RAW_PAYLOAD_BASES, q + "/base");
            if (!f.containsKey("offset") || !f.containsKey("len")) c.fail("invalid_request", q, "a raw payload needs base, offset and len");
            else {
                c.integer(f.get("offset"), 0, 2040, q + "/offset");
                c.integer(f.get("len"), 1, 128, q + "/len");
            }
            return List.of(Datatype.INTEGER);
        }
        c.fields(v, q, Map.of("protocol", Datatype.TEXT, "field", Datatype.TEXT));
        Schema.PacketField pf = Schema.payloadField(String.valueOf(f.get("protocol")), String.valueOf(f.get("field")));
        if (pf == null) {
            c.fail("invalid_request", q, "unknown packet field '" + Names.printable(f.get("protocol") + " " + f.get("field")) + "'");
            return List.of(Datatype.UNTYPED);
        }
        return List.of(pf.datatype());
    }

    private List<Datatype> exthdr(Object v, String q) {
        header(v, q, Schema.EXTHDR_NAMES, Schema.EXTHDR_FIELDS, true);
        String field = headerField(v);
        if (field == null) return List.of(Datatype.BOOLEAN);
        if (field.equals("nexthdr")) return List.of(Datatype.INET_PROTO);
        if (field.equals("type") && "mh".equals(((Map<?, ?>) v).get("name"))) return List.of(Datatype.MH_TYPE);
        if (field.equals("addr")) return List.of(Datatype.IPV6);
        return List.of(Datatype.INTEGER);
    }

    private List<Datatype> tcpOption(Object v, String q) {
        header(v, q, Schema.TCP_OPTION_NAMES, Schema.TCP_OPTION_FIELDS, false);
        return List.of(headerField(v) == null ? Datatype.BOOLEAN : Datatype.INTEGER);
    }

    private List<Datatype> sctpChunk(Object v, String q) {
        header(v, q, Schema.SCTP_CHUNK_NAMES, Schema.SCTP_CHUNK_FIELDS, false);
        return List.of(headerField(v) == null ? Datatype.BOOLEAN : Datatype.INTEGER);
    }

    private List<Datatype> meta(Object v, String q) { return List.of(keyExpression(v, q, Schema.META_KEYS, "meta")); }

    private List<Datatype> rt(Object v, String q) { return List.of(keyExpression(v, q, Schema.RT_KEYS, "rt")); }

    private List<Datatype> ct(Object v, String q) { return List.of(keyExpression(v, q, Schema.CT_KEYS, "ct")); }

    private List<Datatype> numgen(Object v, String q) {
        if (c.fields(v, q, Map.of("mode", Datatype.TEXT, "mod", Datatype.INTEGER, "offset", Datatype.INTEGER))) {
            Map<?, ?> f = (Map<?, ?>) v;
            c.keyword(f.get("mode"), Schema.NUMGEN_MODES, q + "/mode");
            if (!f.containsKey("mod")) c.fail("invalid_request", q + "/mod", "numgen needs 'mod'");
            else c.integer(f.get("mod"), 1, Schema.U32, q + "/mod");
        }
        return List.of(Datatype.INTEGER);
    }

    /** jhash (of an expression) and symhash. */
    private List<Datatype> hash(String kind, Object v, String q, int depth) {
        boolean jhash = kind.equals("jhash");
        if (c.fields(v, q, jhash ? Map.of("mod", Datatype.INTEGER, "offset", Datatype.INTEGER, "expr", Datatype.UNTYPED,
                "seed", Datatype.INTEGER) : Map.of("mod", Datatype.INTEGER, "offset", Datatype.INTEGER))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("mod")) c.fail("invalid_request", q + "/mod", kind + " needs 'mod'");
            else c.integer(f.get("mod"), 1, Schema.U32, q + "/mod");
            if (jhash) {
                if (!f.containsKey("expr")) c.fail("invalid_request", q + "/expr", "jhash needs 'expr'");
                else expression(f.get("expr"), q + "/expr", depth + 1);
            }
        }
        return List.of(Datatype.INTEGER);
    }

    private List<Datatype> fib(Object v, String q) {
        if (!c.fields(v, q, Map.of("result", Datatype.TEXT, "flags", Datatype.TEXT))) return List.of(Datatype.UNTYPED);
        Map<?, ?> f = (Map<?, ?>) v;
        c.keyword(f.get("result"), Schema.FIB_RESULTS, q + "/result");
        if (f.containsKey("flags")) c.field(Field.words("flags", FieldKind.KEYWORDS, Schema.FIB_FLAGS), f.get("flags"), q + "/flags");
        return List.of("type".equals(f.get("result")) ? Datatype.FIB_ADDRTYPE
                : "oifname".equals(f.get("result")) ? Datatype.IFNAME : Datatype.IFINDEX);
    }

    /**
     * &, |, ^, << and >>. As an expression its left operand reads the packet and its right one is
     * a constant of the same type (a shift count for << and >>); as a value (tcp flags & (syn|ack))
     * both operands are constants of the type expected.
     */
    private List<Datatype> binop(String op, Object x, List<Datatype> types, String q, int depth, boolean value) {
        if (value) {
            // constant bit operations (tcp flags & (syn|ack)): both operands of the same type
            if (!(x instanceof List<?> l) || l.size() != 2) {
                c.fail("invalid_request", q, "a binary operation takes exactly two operands");
            } else {
                value(l.get(0), types, q + "/0", depth + 1, CONSTRUCT);
                value(l.get(1), types, q + "/1", depth + 1, CONSTRUCT);
            }
            return types;
        }
        if (!(x instanceof List<?> l) || l.size() != 2) {
            c.fail("invalid_request", q, "'" + op + "' takes [left, right]");
            return List.of(Datatype.UNTYPED);
        }
        List<Datatype> left = expression(l.get(0), q + "/0", depth + 1);
        value(l.get(1), op.equals("<<") || op.equals(">>") ? List.of(Datatype.INTEGER) : left, q + "/1", depth + 1, CONSTRUCT);
        return left;
    }

    /** A verdict: accept, drop, continue and return take null; jump and goto a target chain, which must exist. */
    void verdict(Object v, String p) {
        if (!(v instanceof Map<?, ?> m) || m.size() != 1) {
            c.fail("invalid_request", p, "must be a verdict such as {\"accept\": null}");
            return;
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String kind = String.valueOf(e.getKey());
        Object x = e.getValue();
        String q = p + "/" + Checker.pointer(kind);
        if (Schema.SIMPLE_VERDICTS.contains(kind)) {
            if (x != null) c.fail("invalid_request", q, "'" + kind + "' takes null");
        } else if (Schema.CHAIN_VERDICTS.contains(kind)) {
            if (!(x instanceof Map<?, ?> t) || t.size() != 1 || !t.containsKey("target")) {
                c.fail("invalid_request", q, "'" + kind + "' takes {\"target\": \"<chain>\"}");
            } else if (c.name(t.get("target"), q + "/target")) {
                c.reference("chain", (String) t.get("target"), q + "/target");
            }
        } else {
            c.fail("invalid_request", p, "not a verdict: '" + Names.printable(kind) + "'");
        }
    }

    /**
     * An element object: a value with its timeout, expiry, comment, and the counter, limit or quota
     * nft lists for a set whose {@code stmt} gives every element one; only in element lists.
     */
    private void elem(Object x, List<Datatype> types, String q, int depth, int flags) {
        if ((flags & ELEMENT_OBJECT) == 0) {
            c.fail("invalid_request", q, "an element object is accepted only in element lists");
        } else if (c.fields(x, q, Map.of("val", Datatype.UNTYPED, "timeout", Datatype.INTEGER, "expires", Datatype.INTEGER,
                "comment", Datatype.TEXT, "counter", Datatype.UNTYPED, "limit", Datatype.UNTYPED, "quota", Datatype.UNTYPED))) {
            Map<?, ?> f = (Map<?, ?>) x;
            if (!f.containsKey("val")) c.fail("invalid_request", q + "/val", "an element needs 'val'");
            else value(f.get("val"), types, q + "/val", depth + 1, CONSTRUCT | (flags & CATCH_ALL));
            if (f.containsKey("comment")) c.text(f.get("comment"), Schema.COMMENT_BYTES_MAX, q + "/comment");
            if (f.containsKey("timeout")) c.integer(f.get("timeout"), 0, Schema.U32, q + "/timeout");
            if (f.containsKey("expires")) c.integer(f.get("expires"), 0, Schema.U32, q + "/expires");
            for (String stateful : List.of("counter", "limit", "quota")) {
                if (f.containsKey(stateful)) c.statements.statement(Collections.singletonMap(stateful, f.get(stateful)), q);
            }
        }
    }

    private List<Datatype> socket(Object v, String q) {
        if (v instanceof Map<?, ?> f && "cgroupv2".equals(f.get("key"))) {
            c.fail("lookup_refused", q + "/key", CGROUPV2_REFUSAL);
            return List.of(Datatype.UNTYPED);
        }
        return List.of(keyExpression(v, q, Schema.SOCKET_KEYS, "socket"));
    }

    private List<Datatype> ipOption(Object v, String q) {
        header(v, q, Schema.IP_OPTION_NAMES, Schema.IP_OPTION_FIELDS, false);
        String field = headerField(v);
        if (field == null) return List.of(Datatype.BOOLEAN);
        return List.of(field.equals("addr") ? Datatype.IPV4 : Datatype.INTEGER);
    }

    /** The IPsec state of a packet (xfrm): {@code ipsec in|out [spnum N] KEY [family]}. */
    private List<Datatype> ipsec(Object v, String q) {
        if (!c.fields(v, q, Map.of("key", Datatype.TEXT, "dir", Datatype.TEXT, "spnum", Datatype.INTEGER, "family", Datatype.TEXT))) {
            return List.of(Datatype.UNTYPED);
        }
        Map<?, ?> f = (Map<?, ?>) v;
        for (String n : List.of("key", "dir")) if (!f.containsKey(n)) c.fail("invalid_request", q + "/" + n, "ipsec needs '" + n + "'");
        if (f.containsKey("key")) c.keyword(f.get("key"), Schema.IPSEC_KEYS, q + "/key");
        if (f.containsKey("dir")) c.keyword(f.get("dir"), List.of("in", "out"), q + "/dir");
        if (f.containsKey("spnum")) c.integer(f.get("spnum"), 0, Schema.U8, q + "/spnum");
        if (f.containsKey("family")) c.keyword(f.get("family"), Schema.IP_FAMILIES, q + "/family");
        if ("saddr".equals(f.get("key")) || "daddr".equals(f.get("key"))) {
            return List.of("ip".equals(f.get("family")) ? Datatype.IPV4 : "ip6".equals(f.get("family")) ? Datatype.IPV6 : Datatype.UNTYPED);
        }
        return List.of(Datatype.INTEGER);
    }

    /** A flag list (ct state ["new", "established"]): bitmask types only, plain values. */
    private void flagList(List<?> l, List<Datatype> types, String p, int depth) {
        if (types.size() != 1 || !Schema.isBitmask(types.getFirst())) {
            c.fail("invalid_request", p, "an array is not a value here (write {\"set\": [...]})");
            return;
        }
        if (l.isEmpty() || l.size() > 32) {
            c.fail("invalid_request", p, "a flag list takes 1 to 32 values");
            return;
        }
        for (int i = 0; i < l.size(); i++) {
            if (l.get(i) instanceof List<?> || l.get(i) instanceof Map<?, ?>) c.fail("invalid_request", p + "/" + i, "a flag list holds plain values");
            else value(l.get(i), types, p + "/" + i, depth + 1, 0);
        }
    }

    // ---- what the expressions share -------------------------------------------------------------

    /** The data of a map lookup: "@name" or {"set": [[key, value], ...]}. */
    void mapData(Object data, List<Datatype> key, List<Datatype> valueType, String p, int depth) {
        if (data instanceof String ref) {
            if (!ref.startsWith("@")) c.fail("invalid_request", p, "must be \"@map\" or {\"set\": [[key, value], ...]}");
            else if (c.name(ref.substring(1), p)) c.reference("set", ref.substring(1), p);
            return;
        }
        if (!(data instanceof Map<?, ?> m) || m.size() != 1 || !m.containsKey("set")) {
            c.fail("invalid_request", p, "must be \"@map\" or {\"set\": [[key, value], ...]}");
            return;
        }
        Object items = m.get("set");
        List<?> list = items instanceof List<?> l ? l : List.of(items);
        if (list.isEmpty()) {
            c.fail("invalid_request", p + "/set", "an element list must not be empty");
            return;
        }
        c.elements += list.size();
        for (int i = 0; i < list.size(); i++) {
            String q = p + "/set/" + i;
            if (!(list.get(i) instanceof List<?> pair) || pair.size() != 2) {
                c.fail("invalid_request", q, "a map element is [key, value]");
                continue;
            }
            value(pair.get(0), key, q + "/0", depth + 1, ELEMENT);
            Datatype d = valueType.size() == 1 ? valueType.getFirst() : Datatype.UNTYPED;
            if (d == Datatype.VERDICT) verdict(pair.get(1), q + "/1");
            else value(pair.get(1), valueType, q + "/1", depth + 1, CONSTRUCT);
        }
    }

    /** A string where a constant is expected: a set reference, the catch-all, or a value of type {@code dt}. */
    private void string(String s, Datatype dt, String p, int flags) {
        if (s.startsWith("@")) {
            if ((flags & SET_REF) == 0) c.fail("invalid_request", p, "a set reference is not accepted here");
            else if (c.name(s.substring(1), p)) c.reference("set", s.substring(1), p);
            return;
        }
        if (s.equals("*")) {
            if ((flags & CATCH_ALL) == 0) c.fail("invalid_request", p, CATCH_ALL_REFUSAL);
            return;
        }
        if (Names.utf8Length(s) > Schema.STRING_BYTES_MAX) {
            c.fail("limit_exceeded", p, "a string may be at most " + Schema.STRING_BYTES_MAX + " bytes");
            return;
        }
        if (Schema.acceptsHexString(dt) && Schema.isHexNumber(s)) return; // a number in hex: no lookup
        switch (dt) {
            case INTEGER -> c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is a name that libnftables would look up "
                    + "(a service, user, group or similar); give the number instead");
            case IPV4 -> { if (!Names.isIpv4(s)) c.fail("lookup_refused", p, notAddress(s, "an IPv4 address")); }
            case IPV6 -> { if (!Names.isIpv6(s)) c.fail("lookup_refused", p, notAddress(s, "an IPv6 address")); }
            case ETHER -> { if (!Names.isEther(s)) c.fail("lookup_refused", p, notAddress(s, "a MAC address (aa:bb:cc:dd:ee:ff)")); }
            case UNTYPED -> {
                if (!Names.isIpv4(s) && !Names.isIpv6(s) && !Names.isEther(s)) {
                    c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a number or a numeric address, and its type "
                            + "is not known here, so libnftables might resolve it as a name; give a number or address");
                }
            }
            case IFNAME -> c.ifname(s, true, p);
            // an interface name is resolved through the helper's route socket; a number is an index
            case IFINDEX -> { if (!isDecimal(s)) c.ifname(s, false, p); }
            case REALM, DEVGROUP, OBJECT_NAME -> {
                if (!isDecimal(s) && Names.checkName(s) != null) {
                    c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is neither a number nor a name");
                }
            }
            case TIME_TEXT -> {
                if (!isDate(s) && !isDateTime(s)) {
                    c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a time (\"YYYY-MM-DD\" or \"YYYY-MM-DD HH:MM:SS\") or a number");
                }
            }
            case HOUR_TEXT -> {
                if (!isClock(s)) c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is not an hour (\"HH:MM\" or \"HH:MM:SS\") or a number");
            }
            case BOOLEAN -> c.fail("invalid_request", p, "a string is not accepted here");
            case TEXT -> {
                if (Names.checkName(s) != null || s.length() > 16) {
                    c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a helper name (letters, digits, _ . - /, at most 16)");
                }
            }
            case VERDICT -> c.fail("invalid_request", p, "a verdict is an object such as {\"accept\": null}, not a string");
            case TC_HANDLE -> {
                if (!s.equals("none") && !s.equals("root") && !s.matches("[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}")) {
                    c.fail("invalid_request", p, "a tc handle is none, root or major:minor in hex");
                }
            }
            case INET_PROTO -> {
                // Names beyond the compiled-in ones are answered from the protocols table the
                // helper read before its seal (helper-zig/src/lookups.zig), never from a file.
                if (!Schema.SYMBOLS.get(dt).contains(s) && !isProtocolName(s)) {
                    c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a protocol name or number");
                }
            }
            default -> {
                List<String> words = Schema.SYMBOLS.getOrDefault(dt, List.of());
                if (!words.contains(s)) {
                    c.fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a built-in " + Checker.describe(dt) + " keyword ("
                            + words + "); other names would need a lookup: give the number");
                }
            }
        }
    }

    /** 1 to 10 decimal digits (a number libnftables reads as such for index, realm and group types). */
    static boolean isDecimal(String s) {
        return !s.isEmpty() && s.length() <= 10 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
    }

    /** A name of the protocols database ("gre", "ipv6-icmp", "a/n"). */
    static boolean isProtocolName(String s) {
        if (s.isEmpty() || s.length() > 32 || !isAsciiLetter(s.charAt(0))) return false;
        return s.chars().allMatch(ch -> isAsciiLetter(ch) || (ch >= '0' && ch <= '9') || "-_.+/".indexOf(ch) >= 0);
    }

    private static boolean isAsciiLetter(int ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z'); }

    /** "HH:MM" or "HH:MM:SS". */
    static boolean isClock(String s) {
        if (s.length() != 5 && s.length() != 8) return false;
        for (int i = 0; i < s.length(); i++) {
            boolean colon = i == 2 || i == 5;
            if (colon != (s.charAt(i) == ':') || (!colon && (s.charAt(i) < '0' || s.charAt(i) > '9'))) return false;
        }
        return true;
    }

    /** "YYYY-MM-DD". */
    static boolean isDate(String s) {
        if (s.length() != 10) return false;
        for (int i = 0; i < s.length(); i++) {
            boolean dash = i == 4 || i == 7;
            if (dash != (s.charAt(i) == '-') || (!dash && (s.charAt(i) < '0' || s.charAt(i) > '9'))) return false;
        }
        return true;
    }

    /** "YYYY-MM-DD HH:MM:SS". */
    static boolean isDateTime(String s) {
        return s.length() == 19 && s.charAt(10) == ' ' && isDate(s.substring(0, 10)) && isClock(s.substring(11));
    }

    private static String notAddress(String s, String what) {
        return "'" + Names.printable(s) + "' is not " + what + "; host and other names are refused because libnftables "
                + "would resolve them (DNS, /etc/hosts, /etc/ethers)";
    }

    private Datatype keyExpression(Object v, String q, List<Key> keys, String what) {
        if (!(v instanceof Map<?, ?> f) || !(f.get("key") instanceof String k)) {
            c.fail("invalid_request", q, what + " takes {\"key\": \"...\"}");
            return Datatype.UNTYPED;
        }
        Key key = Schema.key(keys, k);
        if (key == null) {
            c.fail("invalid_request", q + "/key", "unknown " + what + " key '" + Names.printable(k) + "'");
            return Datatype.UNTYPED;
        }
        if (key.lookup()) {
            c.fail("lookup_refused", q + "/key", what + " " + k + " makes libnftables query the user database (NSS) even for a "
                    + "number, which may open files or sockets; not accepted");
            return key.datatype();
        }
        for (Object field : f.keySet()) {
            String n = String.valueOf(field);
            if (n.equals("key")) continue;
            if (n.equals("dir") && key.direction()) {
                c.keyword(f.get("dir"), List.of("original", "reply"), q + "/dir");
            } else if (n.equals("family") && (what.equals("ct") || what.equals("rt"))) {
                c.keyword(f.get("family"), Schema.IP_FAMILIES, q + "/family");
            } else {
                c.fail("invalid_request", q + "/" + Checker.pointer(n), "unknown field '" + Names.printable(n) + "' of " + what);
            }
        }
        return key.datatype();
    }

    private void header(Object v, String q, List<String> names, List<String> fields, boolean offsetAllowed) {
        if (!(v instanceof Map<?, ?> f)) {
            c.fail("invalid_request", q, "takes {\"name\": ..., \"field\": ...}");
            return;
        }
        if (!f.containsKey("name")) c.fail("invalid_request", q + "/name", "missing field 'name'");
        else c.keyword(f.get("name"), names, q + "/name");
        if (f.containsKey("field")) c.keyword(f.get("field"), fields, q + "/field");
        if (f.containsKey("offset")) c.integer(f.get("offset"), 0, 255, q + "/offset");
        for (Object k : f.keySet()) {
            if (!(offsetAllowed ? List.of("name", "field", "offset") : List.of("name", "field")).contains(String.valueOf(k))) {
                c.fail("invalid_request", q + "/" + Checker.pointer(String.valueOf(k)), "unknown field '" + Names.printable(String.valueOf(k)) + "'");
            }
        }
    }

    /** The field a header expression reads, or null when it only tests the header's presence. */
    private static String headerField(Object v) {
        return v instanceof Map<?, ?> f && f.get("field") instanceof String field ? field : null;
    }
}
