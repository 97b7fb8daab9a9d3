package org.nftj.validation;

import java.util.List;
import java.util.Map;
import org.nftj.validation.Schema.Datatype;
import org.nftj.validation.Schema.Field;
import org.nftj.validation.Schema.FieldKind;

import static org.nftj.validation.Expressions.CONSTRUCT;
import static org.nftj.validation.Expressions.EXPRESSION;
import static org.nftj.validation.Expressions.SET_LITERAL;
import static org.nftj.validation.Expressions.SET_REF;

/**
 * The statements of a rule: libnftables-json(5) STATEMENTS.
 *
 * <p>Grammar: verdict match counter mangle quota limit fwd notrack dup nat reject set log ctHelper
 *   queue vmap ctCount ctTimeout ctExpectation flow secmark synproxy tproxy
 *
 * <p>These are its check functions, one per statement, named after its JSON key ({@code verdict}
 * for accept, drop, continue, return, jump and goto; {@code nat} for snat, dnat, masquerade and
 * redirect), in the order of libnftables-json(5) and then the statements nft accepts beyond it,
 * alphabetically. The helper's helper-zig/src/validate/statements.zig lists the same functions in
 * the same order (ValidatorMirrorTest compares the two lists). meter and xt are refused: they are
 * not listed.
 */
final class Statements {
    private final Checker c;

    Statements(Checker c) {
        this.c = c;
    }

    void statements(List<?> list, String path) {
        for (int i = 0; i < list.size(); i++) statement(list.get(i), path + "/" + i);
    }

    void statement(Object s, String path) {
        if (!(s instanceof Map<?, ?> m) || m.size() != 1) {
            c.fail("invalid_request", path, "a statement is an object with exactly one key, e.g. {\"accept\": null}");
            return;
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String kind = String.valueOf(e.getKey());
        Object v = e.getValue();
        String p = path + "/" + Checker.pointer(kind);
        switch (kind) {
            case "accept", "drop", "continue", "return", "jump", "goto" -> verdict(m, path);
            case "match" -> match(v, p);
            case "counter" -> counter(v, p);
            case "mangle" -> mangle(v, p);
            case "quota" -> quota(v, p);
            case "limit" -> limit(v, p);
            case "fwd" -> fwd(v, p);
            case "notrack" -> notrack(v, p);
            case "dup" -> dup(v, p);
            case "snat", "dnat", "masquerade", "redirect" -> nat(kind, v, p);
            case "reject" -> reject(v, p);
            case "set" -> set(v, p);
            case "log" -> log(v, p);
            case "ct helper" -> ctHelper(v, p);
            case "queue" -> queue(v, p);
            case "vmap" -> vmap(v, p);
            case "ct count" -> ctCount(v, p);
            case "ct timeout" -> ctTimeout(v, p);
            case "ct expectation" -> ctExpectation(v, p);
            case "flow" -> flow(v, p);
            case "secmark" -> secmark(v, p);
            case "synproxy" -> synproxy(v, p);
            case "tproxy" -> tproxy(v, p);
            // nft lists a meter, and libnftables 1.0.6 reads it back, but the set it makes appears
            // in no listing: the helper's census of the policy's caps could not count it.
            case "meter" -> c.fail("invalid_request", p, "meter is refused: its set appears in no listing, outside the policy's caps; "
                    + "declare a dynamic set and use the set statement");
            default -> c.fail("invalid_request", p, "unknown statement '" + Names.printable(kind) + "'");
        }
    }

    // ---- the statements, in the order of the header ---------------------------------------------

    /** accept, drop, continue, return, jump, goto: the verdict expression is the statement. */
    private void verdict(Map<?, ?> statement, String path) {
        c.expressions.verdict(statement, path);
    }

    private void match(Object v, String p) {
        if (!(v instanceof Map<?, ?> f)) {
            c.fail("invalid_request", p, "match takes {\"op\": ..., \"left\": ..., \"right\": ...}");
            return;
        }
        for (Object k : f.keySet()) {
            if (!List.of("op", "left", "right").contains(String.valueOf(k))) {
                c.fail("invalid_request", p + "/" + Checker.pointer(String.valueOf(k)), "unknown field '" + Names.printable(String.valueOf(k))
                        + "' of match; known: [op, left, right]");
            }
        }
        if (!f.containsKey("left") || !f.containsKey("right") || !f.containsKey("op")) {
            c.fail("invalid_request", p, "match needs 'op', 'left' and 'right'");
            return;
        }
        c.keyword(f.get("op"), Schema.MATCH_OPERATORS, p + "/op");
        List<Datatype> left = c.expressions.expression(f.get("left"), p + "/left", 0);
        c.expressions.value(f.get("right"), left, p + "/right", 0, SET_REF | SET_LITERAL | CONSTRUCT);
    }

    private void counter(Object v, String p) {
        if (isObjectMap(v)) objectMap(v, p);
        else if (v instanceof String ref) c.name(ref, p);
        else if (v != null) c.fields(v, p, Map.of("packets", Datatype.INTEGER, "bytes", Datatype.INTEGER));
    }

    private void mangle(Object v, String p) {
        if (c.fields(v, p, Map.of("key", Datatype.UNTYPED, "value", Datatype.UNTYPED))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("key") || !f.containsKey("value")) {
                c.fail("invalid_request", p, "mangle needs 'key' and 'value'");
                return;
            }
            if (!(f.get("key") instanceof Map<?, ?> k) || k.size() != 1
                    || !List.of("payload", "meta", "ct", "exthdr", "tcp option").contains(String.valueOf(k.keySet().iterator().next()))) {
                c.fail("invalid_request", p + "/key", "mangle key must be payload, meta, ct, exthdr or tcp option");
                return;
            }
            List<Datatype> dt = c.expressions.expression(f.get("key"), p + "/key", 0);
            c.expressions.value(f.get("value"), dt, p + "/value", 0, EXPRESSION | CONSTRUCT);
        }
    }

    /**
     * {@code {"map": {"key": …, "data": …}}} as a counter, quota or limit: the named object is
     * chosen by a map lookup (counter name ip saddr map @m); the map's data are object names.
     */
    private static boolean isObjectMap(Object v) {
        return v instanceof Map<?, ?> m && m.size() == 1 && m.containsKey("map");
    }

    private void objectMap(Object v, String p) {
        c.expressions.value(v, List.of(Datatype.OBJECT_NAME), p, 0, EXPRESSION);
    }

    private void quota(Object v, String p) {
        if (isObjectMap(v)) objectMap(v, p);
        else if (v instanceof String ref) c.name(ref, p);
        else if (c.fields(v, p, Map.of("val", Datatype.INTEGER, "val_unit", Datatype.TEXT, "used", Datatype.INTEGER,
                "used_unit", Datatype.TEXT, "inv", Datatype.BOOLEAN))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("val")) c.fail("invalid_request", p + "/val", "quota needs 'val'");
            for (String u : List.of("val_unit", "used_unit")) if (f.containsKey(u)) c.keyword(f.get(u), Schema.BYTE_UNITS, p + "/" + u);
        }
    }

    private void limit(Object v, String p) {
        if (isObjectMap(v)) objectMap(v, p);
        else if (v instanceof String ref) c.name(ref, p);
        else if (c.fields(v, p, Map.of("rate", Datatype.INTEGER, "per", Datatype.TEXT, "burst", Datatype.INTEGER,
                "rate_unit", Datatype.TEXT, "burst_unit", Datatype.TEXT, "inv", Datatype.BOOLEAN))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("rate")) c.fail("invalid_request", p + "/rate", "limit needs 'rate'");
            if (f.containsKey("per")) c.keyword(f.get("per"), Schema.LIMIT_TIME_UNITS, p + "/per");
            if (f.containsKey("rate_unit")) c.keyword(f.get("rate_unit"), Schema.LIMIT_RATE_UNITS, p + "/rate_unit");
            if (f.containsKey("burst_unit")) c.keyword(f.get("burst_unit"), Schema.BYTE_UNITS, p + "/burst_unit");
        }
    }

    private void fwd(Object v, String p) {
        if (c.fields(v, p, Map.of("dev", Datatype.UNTYPED, "family", Datatype.TEXT, "addr", Datatype.UNTYPED))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("dev")) {
                c.fail("invalid_request", p + "/dev", "fwd needs 'dev'");
                return;
            }
            // The device is resolved through the helper's route socket (helper-zig/src/lookups.zig).
            device(f.get("dev"), p + "/dev");
            if (f.containsKey("family")) c.keyword(f.get("family"), Schema.IP_FAMILIES, p + "/family");
            if (f.containsKey("addr")) c.expressions.value(f.get("addr"), List.of(Datatype.UNTYPED), p + "/addr", 0, 0);
        }
    }

    /** An output device: an interface name, resolved to its index through the helper's route socket, or the index. */
    /**
     * An output device: an interface name (resolved as an interface index is), its index, or one
     * chosen by a map lookup ({@code fwd to meta mark map { 0x1 : "eth1" }}) whose data are such.
     */
    private void device(Object v, String p) {
        if (v instanceof Number) c.integer(v, 0, Schema.U32, p);
        else if (isObjectMap(v)) c.expressions.value(v, List.of(Datatype.IFINDEX), p, 0, EXPRESSION);
        else c.ifname(v, false, p);
    }

    private void notrack(Object v, String p) {
        if (v != null) c.fail("invalid_request", p, "'notrack' takes null");
    }

    private void dup(Object v, String p) {
        if (c.fields(v, p, Map.of("addr", Datatype.UNTYPED, "dev", Datatype.UNTYPED))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("addr")) {
                c.fail("invalid_request", p + "/addr", "dup needs 'addr'");
                return;
            }
            if (f.containsKey("dev")) device(f.get("dev"), p + "/dev");
            // In a netdev table the target is a device ("dup to eth1"), elsewhere an address.
            // An address may be chosen by a map lookup (dup to ip saddr map { … : 192.0.2.1 }).
            if ("netdev".equals(c.family)) device(f.get("addr"), p + "/addr");
            else c.expressions.value(f.get("addr"), List.of(Datatype.UNTYPED), p + "/addr", 0, isObjectMap(f.get("addr")) ? EXPRESSION : 0);
        }
    }

    /** snat, dnat, masquerade and redirect. */
    private void nat(String kind, Object v, String p) {
        boolean addressAllowed = kind.equals("snat") || kind.equals("dnat");
        if (v == null) {
            if (addressAllowed) c.fail("invalid_request", p, "snat and dnat need an address");
            return;
        }
        if (c.fields(v, p, addressAllowed ? Map.of("addr", Datatype.UNTYPED, "port", Datatype.UNTYPED, "family", Datatype.TEXT,
                "flags", Datatype.TEXT, "type_flags", Datatype.TEXT) : Map.of("port", Datatype.UNTYPED, "flags", Datatype.TEXT))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (f.containsKey("family")) c.keyword(f.get("family"), Schema.IP_FAMILIES, p + "/family");
            if (f.containsKey("flags")) c.field(Field.words("flags", FieldKind.KEYWORDS, Schema.NAT_FLAGS), f.get("flags"), p + "/flags");
            if (f.containsKey("type_flags")) c.field(Field.words("type_flags", FieldKind.KEYWORDS, Schema.NAT_TYPE_FLAGS), f.get("type_flags"), p + "/type_flags");
            Datatype addr = "ip6".equals(f.get("family")) ? Datatype.IPV6 : "ip".equals(f.get("family")) ? Datatype.IPV4
                    : c.family.equals("ip") ? Datatype.IPV4 : c.family.equals("ip6") ? Datatype.IPV6 : Datatype.UNTYPED;
            if (f.containsKey("addr")) c.expressions.value(f.get("addr"), List.of(addr), p + "/addr", 0, EXPRESSION | CONSTRUCT);
            // A known crash shape: libnftables 1.0.6 dereferences NULL on snat/dnat to a lookup in a
            // named set (a set has no data). The helper also refuses it for a set that exists already.
            if (f.get("addr") instanceof Map<?, ?> a && a.get("map") instanceof Map<?, ?> lookup
                    && lookup.get("data") instanceof String data && data.startsWith("@") && data.length() > 1
                    && c.batchPlainSets.contains(new Checker.ObjectRef(c.family, c.table, data.substring(1)))) {
                c.fail("invalid_request", p + "/addr/map/data", "snat/dnat to a lookup in a set, not a map: libnftables 1.0.6 crashes on it");
            }
            if (f.containsKey("port")) c.expressions.value(f.get("port"), List.of(Datatype.INTEGER), p + "/port", 0, EXPRESSION | CONSTRUCT);
            // Another: a port beside an address map whose data is a concatenation (address . port)
            // makes libnftables 1.0.6 abort (an assertion in netlink_gen_nat_stmt).
            if (f.containsKey("port") && concatDataMap(f.get("addr"))) {
                c.fail("invalid_request", p + "/port", "a port beside an address map whose data is a concatenation "
                        + "(address . port): libnftables 1.0.6 aborts on it; the map's data carries the port");
            }
        }
    }

    /** True for {"map": {"data": {"set": [...]}}} with an element whose data is a concatenation. */
    private static boolean concatDataMap(Object addr) {
        if (!(addr instanceof Map<?, ?> a && a.get("map") instanceof Map<?, ?> map && map.get("data") instanceof Map<?, ?> data
                && data.get("set") instanceof List<?> elements)) {
            return false;
        }
        for (Object element : elements) {
            if (element instanceof List<?> pair && pair.size() == 2 && pair.get(1) instanceof Map<?, ?> value
                    && value.containsKey("concat")) {
                return true;
            }
        }
        return false;
    }

    private void reject(Object v, String p) {
        if (v != null && c.fields(v, p, Map.of("type", Datatype.TEXT, "expr", Datatype.TEXT))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("type")) {
                if (f.containsKey("expr")) c.fail("invalid_request", p + "/expr", "expr needs a type");
                return;
            }
            c.keyword(f.get("type"), Schema.REJECT_TYPES, p + "/type");
            if ("tcp reset".equals(f.get("type"))) {
                if (f.containsKey("expr")) c.fail("invalid_request", p + "/expr", "tcp reset takes no expr");
                return;
            }
            // an ICMP reject without its code has crashed libnftables (upstream bogon): required
            if (!f.containsKey("expr")) c.fail("invalid_request", p + "/expr", "reject of type " + Checker.describe(f.get("type")) + " needs 'expr', the code");
            if (f.get("expr") instanceof String code) {
                Datatype dt = "icmpv6".equals(f.get("type")) ? Datatype.ICMPV6_CODE
                        : "icmp".equals(f.get("type")) ? Datatype.ICMP_CODE : Datatype.ICMPX_CODE;
                c.expressions.value(code, List.of(dt), p + "/expr", 0, 0);
            }
        }
    }

    /**
     * The set statement: adds, updates or deletes an element of a named set, with a timeout
     * ({@code {"elem": {"val": KEY, "timeout": …}}}) and per-element statements (counter, limit,
     * quota) as a set declares them.
     */
    private void set(Object v, String p) {
        if (c.fields(v, p, Map.of("op", Datatype.TEXT, "elem", Datatype.UNTYPED, "set", Datatype.TEXT, "stmt", Datatype.UNTYPED))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("op") || !f.containsKey("elem") || !f.containsKey("set")) {
                c.fail("invalid_request", p, "the set statement needs 'op', 'elem' and 'set'");
                return;
            }
            c.keyword(f.get("op"), Schema.SET_STATEMENT_OPERATIONS, p + "/op");
            if (f.get("set") instanceof String ref && ref.startsWith("@")) {
                if (c.name(ref.substring(1), p + "/set")) c.reference("set", ref.substring(1), p + "/set");
            } else {
                c.fail("invalid_request", p + "/set", "the set statement names its set as \"@name\"");
            }
            if (f.containsKey("stmt")) c.field(Field.of("stmt", FieldKind.SET_STATEMENTS), f.get("stmt"), p + "/stmt");
            if (f.get("elem") instanceof Map<?, ?> e && e.size() == 1 && e.get("elem") instanceof Map<?, ?> body) {
                String q = p + "/elem/elem";
                if (c.fields(body, q, Map.of("val", Datatype.UNTYPED, "timeout", Datatype.INTEGER, "expires", Datatype.INTEGER,
                        "comment", Datatype.TEXT))) {
                    if (!body.containsKey("val")) c.fail("invalid_request", q + "/val", "an element needs 'val'");
                    if (body.containsKey("timeout")) c.integer(body.get("timeout"), 0, Schema.U32, q + "/timeout");
                    if (body.containsKey("expires")) c.integer(body.get("expires"), 0, Schema.U32, q + "/expires");
                    if (body.containsKey("comment")) c.text(body.get("comment"), Schema.COMMENT_BYTES_MAX, q + "/comment");
                    if (body.containsKey("val")) c.expressions.expression(body.get("val"), q + "/val", 0);
                }
                return;
            }
            c.expressions.expression(f.get("elem"), p + "/elem", 0);
        }
    }

    private void log(Object v, String p) {
        if (v != null && c.fields(v, p, Map.of("prefix", Datatype.TEXT, "level", Datatype.TEXT, "group", Datatype.INTEGER,
                "snaplen", Datatype.INTEGER, "queue-threshold", Datatype.INTEGER, "flags", Datatype.TEXT))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (f.containsKey("prefix")) c.text(f.get("prefix"), Schema.LOG_PREFIX_BYTES_MAX, p + "/prefix");
            if (f.containsKey("level")) c.keyword(f.get("level"), Schema.LOG_LEVELS, p + "/level");
            if (f.containsKey("flags")) c.field(Field.words("flags", FieldKind.KEYWORDS, Schema.LOG_FLAGS), f.get("flags"), p + "/flags");
        }
    }

    private void ctHelper(Object v, String p) {
        // A named ct helper of the table, or one chosen by a map lookup (as counter, quota, limit).
        if (isObjectMap(v)) objectMap(v, p);
        else c.name(v, p);
    }

    private void queue(Object v, String p) {
        if (v != null && c.fields(v, p, Map.of("num", Datatype.UNTYPED, "flags", Datatype.TEXT))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (f.containsKey("flags")) c.field(Field.words("flags", FieldKind.KEYWORDS, Schema.QUEUE_FLAGS), f.get("flags"), p + "/flags");
            if (f.containsKey("num")) c.expressions.value(f.get("num"), List.of(Datatype.INTEGER), p + "/num", 0, EXPRESSION | CONSTRUCT);
        }
    }

    private void vmap(Object v, String p) {
        if (c.fields(v, p, Map.of("key", Datatype.UNTYPED, "data", Datatype.UNTYPED))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("key") || !f.containsKey("data")) {
                c.fail("invalid_request", p, "vmap needs 'key' and 'data'");
                return;
            }
            List<Datatype> key = c.expressions.expression(f.get("key"), p + "/key", 0);
            c.expressions.mapData(f.get("data"), key, List.of(Datatype.VERDICT), p + "/data", 0);
        }
    }

    private void ctCount(Object v, String p) {
        if (c.fields(v, p, Map.of("val", Datatype.INTEGER, "inv", Datatype.BOOLEAN))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("val")) c.fail("invalid_request", p + "/val", "ct count needs 'val'");
            else c.integer(f.get("val"), 0, Schema.U32, p + "/val");
        }
    }

    private void ctTimeout(Object v, String p) {
        c.name(v, p);
    }

    private void ctExpectation(Object v, String p) {
        c.name(v, p);
    }

    private void flow(Object v, String p) {
        if (c.fields(v, p, Map.of("op", Datatype.TEXT, "flowtable", Datatype.TEXT))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("op") || !f.containsKey("flowtable")) {
                c.fail("invalid_request", p, "flow needs 'op' and 'flowtable'");
                return;
            }
            c.keyword(f.get("op"), List.of("add"), p + "/op");
            if (!(f.get("flowtable") instanceof String ft) || !ft.startsWith("@")) {
                c.fail("invalid_request", p + "/flowtable", "the flowtable is named as \"@name\"");
            } else {
                c.name(ft.substring(1), p + "/flowtable");
            }
        }
    }

    private void secmark(Object v, String p) {
        c.name(v, p);
    }

    private void synproxy(Object v, String p) {
        if (v instanceof String ref) c.name(ref, p);
        else if (v != null && c.fields(v, p, Map.of("mss", Datatype.INTEGER, "wscale", Datatype.INTEGER, "flags", Datatype.TEXT))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (f.containsKey("mss")) c.integer(f.get("mss"), 0, Schema.U16, p + "/mss");
            if (f.containsKey("wscale")) c.integer(f.get("wscale"), 0, 14, p + "/wscale");
            if (f.containsKey("flags")) c.field(Field.words("flags", FieldKind.KEYWORDS, Schema.SYNPROXY_FLAGS), f.get("flags"), p + "/flags");
        }
    }

    private void tproxy(Object v, String p) {
        if (c.fields(v, p, Map.of("family", Datatype.TEXT, "addr", Datatype.UNTYPED, "port", Datatype.UNTYPED))) {
            Map<?, ?> f = (Map<?, ?>) v;
            if (!f.containsKey("addr") && !f.containsKey("port")) {
                c.fail("invalid_request", p + "/addr", "tproxy needs an address or a port");
                return;
            }
            if (f.containsKey("family")) c.keyword(f.get("family"), Schema.IP_FAMILIES, p + "/family");
            Datatype addr = "ip".equals(f.get("family")) ? Datatype.IPV4 : "ip6".equals(f.get("family")) ? Datatype.IPV6 : Datatype.UNTYPED;
            if (f.containsKey("port")) c.expressions.value(f.get("port"), List.of(Datatype.INTEGER), p + "/port", 0, 0);
            if (f.containsKey("addr")) c.expressions.value(f.get("addr"), List.of(addr), p + "/addr", 0, 0);
        }
    }
}
