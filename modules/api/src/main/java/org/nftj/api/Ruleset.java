package org.nftj.api;

import static org.nftj.api.expr.NftJson.bool;
import static org.nftj.api.expr.NftJson.fields;
import static org.nftj.api.expr.NftJson.flags;
import static org.nftj.api.expr.NftJson.lng;
import static org.nftj.api.expr.NftJson.optNum;
import static org.nftj.api.expr.NftJson.optStr;
import static org.nftj.api.expr.NftJson.str;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.NftJson;
import org.nftj.api.expr.Stmt;
import tools.jackson.jr.ob.JSON;

/**
 * A decoded listing: the objects {@code nft -j list ...} printed, in order, typed.
 *
 * <p>Decoding is lenient where that is safe: an object kind this version does not know, or a known
 * kind with an unexpected field, becomes {@link UnknownObject}; an unknown expression or statement
 * inside a rule becomes an Unknown node. Both keep their JSON and encode it back unchanged.
 *
 * @param objects the objects, in the order nft listed them
 */
public record Ruleset(List<NftObject> objects) {
    /** Writes null values: libnftables needs {@code {"accept": null}} and {@code {"counter": null}} as such. */
    static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    /** Copies the objects: a listing does not change. */
    public Ruleset { objects = List.copyOf(objects); }

    /** {@return the listing as {@code nft list ruleset} prints it ({@link NftSyntax#ruleset})} */
    @Override
    public String toString() { return NftSyntax.ruleset(this); }

    /**
     * Decodes a document {@code {"nftables":[...]}} as nft prints it.
     *
     * @param document the JSON document
     * @return the listing
     * @throws IllegalArgumentException when the text is not such a document
     */
    public static Ruleset parse(String document) {
        return decode(items(document));
    }

    /** The array under {@code "nftables"} of a document, as JSON values. */
    static List<?> items(String document) {
        Object tree;
        try {
            tree = JSON.std.anyFrom(document);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
        if (!(tree instanceof Map<?, ?> m) || !(m.get("nftables") instanceof List<?> l)) {
            throw new IllegalArgumentException("expected {\"nftables\": [...]}");
        }
        return l;
    }

    /**
     * Decodes the array under {@code "nftables"}.
     *
     * @param items the array's items, as JSON values
     * @return the listing
     */
    public static Ruleset decode(List<?> items) {
        List<NftObject> out = new ArrayList<>(items.size());
        for (Object o : items) out.add(object(o));
        return new Ruleset(out);
    }

    /**
     * Decodes what an echoed batch returns: the commands as applied, each object now carrying the
     * handle the kernel gave it ({@code {"add": {"rule": {..., "handle": 7}}}}); bare objects are
     * taken as they are.
     *
     * @param items the echoed commands, as JSON values
     * @return the objects, with their handles
     */
    public static Ruleset decodeEcho(List<?> items) {
        List<NftObject> out = new ArrayList<>(items.size());
        for (Object o : items) {
            if (o instanceof Map<?, ?> m && m.size() == 1) {
                Object key = m.keySet().iterator().next();
                if (List.of("add", "create", "insert", "replace").contains(key) && m.get(key) instanceof Map<?, ?> inner) {
                    out.add(object(inner));
                    continue;
                }
            }
            out.add(object(o));
        }
        return new Ruleset(out);
    }

    /**
     * Decodes one item {@code {"kind": {...}}}.
     *
     * @param item the item, as a JSON value
     * @return the typed object, or an {@link UnknownObject} keeping the JSON
     */
    @SuppressWarnings("unchecked")
    public static NftObject object(Object item) {
        if (!(item instanceof Map<?, ?> m) || m.size() != 1) {
            return new UnknownObject("?", (Map<String, Object>) NftJson.copy(item instanceof Map<?, ?> ? item : Map.of("value", item)));
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String kind = (String) e.getKey();
        try {
            return objectStrict(kind, e.getValue());
        } catch (RuntimeException ex) {
            Object v = NftJson.copy(e.getValue());
            return new UnknownObject(kind, v instanceof Map<?, ?> mv ? (Map<String, Object>) mv : Map.of("value", v));
        }
    }

    private static NftObject objectStrict(String kind, Object v) {
        return switch (kind) {
            case "metainfo" -> { var o = fields(v, "version", "release_name", "json_schema_version");
                yield new Metainfo(optStr(o, "version"), optStr(o, "release_name"), optNum(o, "json_schema_version")); }
            case "table" -> { var o = fields(v, "family", "name", "handle", "flags", "comment");
                yield new Table(fam(o), str(o, "name"), optNum(o, "handle"), flags(o.get("flags")), optStr(o, "comment")); }
            case "chain" -> chain(fields(v, "family", "table", "name", "handle", "type", "hook", "prio", "policy", "dev", "comment"));
            case "rule" -> { var o = fields(v, "family", "table", "chain", "handle", "index", "position", "expr", "comment");
                List<Stmt> stmts = o.containsKey("expr") ? NftJson.stmts(o.get("expr")) : List.of();
                yield new Rule(fam(o), str(o, "table"), str(o, "chain"), optNum(o, "handle"), optNum(o, "index"),
                        optNum(o, "position"), stmts, optStr(o, "comment")); }
            case "set", "map" -> set(kind, fields(v, "family", "table", "name", "handle", "type", "map", "flags", "timeout",
                    "gc-interval", "size", "policy", "elem", "stmt", "comment", "auto-merge"));
            case "element" -> { var o = fields(v, "family", "table", "name", "elem");
                yield new Elements(fam(o), str(o, "table"), str(o, "name"), NftJson.setItems(o.get("elem"))); }
            case "counter" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "packets", "bytes");
                yield new NamedCounter(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), optNum(o, "packets"),
                        optNum(o, "bytes"), optStr(o, "comment")); }
            case "quota" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "bytes", "used", "inv");
                yield new NamedQuota(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), lng(o, "bytes"),
                        optNum(o, "used"), bool(o, "inv"), optStr(o, "comment")); }
            case "limit" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "rate", "per", "burst",
                    "rate_unit", "burst_unit", "inv");
                yield new NamedLimit(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), lng(o, "rate"),
                        str(o, "per"), optNum(o, "burst"), optStr(o, "rate_unit"), optStr(o, "burst_unit"), bool(o, "inv"),
                        optStr(o, "comment")); }
            case "ct helper" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "type", "protocol", "l3proto");
                yield new CtHelper(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), str(o, "type"),
                        optStr(o, "protocol"), optStr(o, "l3proto"), optStr(o, "comment")); }
            case "ct timeout" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "protocol", "l3proto", "policy");
                Map<String, Long> policy = new LinkedHashMap<>();
                if (o.get("policy") != null) {
                    for (var pe : ((Map<?, ?>) o.get("policy")).entrySet()) policy.put((String) pe.getKey(), ((Number) pe.getValue()).longValue());
                }
                yield new CtTimeout(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), optStr(o, "protocol"),
                        optStr(o, "l3proto"), policy, optStr(o, "comment")); }
            case "ct expectation" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "protocol", "dport",
                    "timeout", "size", "l3proto");
                yield new CtExpectation(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), optStr(o, "protocol"),
                        optNum(o, "dport"), optNum(o, "timeout"), optNum(o, "size"), optStr(o, "l3proto"), optStr(o, "comment")); }
            case "secmark" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "context");
                yield new Secmark(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), str(o, "context"), optStr(o, "comment")); }
            case "synproxy" -> { var o = fields(v, "family", "table", "name", "handle", "comment", "mss", "wscale", "flags");
                yield new NamedSynproxy(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), optNum(o, "mss"),
                        optNum(o, "wscale"), flags(o.get("flags")), optStr(o, "comment")); }
            case "flowtable" -> { var o = fields(v, "family", "table", "name", "handle", "hook", "prio", "dev", "flags");
                Long prio = optNum(o, "prio");
                yield new Flowtable(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), optStr(o, "hook"),
                        prio == null ? null : Math.toIntExact(prio), flags(o.get("dev")), flags(o.get("flags"))); }
            default -> throw new IllegalArgumentException("unknown object " + kind);
        };
    }

    private static Chain chain(Map<String, Object> o) {
        Chain.Hook hook = null;
        if (o.containsKey("hook") || o.containsKey("type")) {
            String policy = optStr(o, "policy");
            hook = new Chain.Hook(ChainType.of(str(o, "type")), ChainHook.of(str(o, "hook")), Math.toIntExact(lng(o, "prio")),
                    policy == null ? null : ChainPolicy.of(policy), flags(o.get("dev")));
        } else if (o.containsKey("prio") || o.containsKey("policy") || o.containsKey("dev")) {
            throw new IllegalArgumentException("a chain with priority/policy/device but no hook");
        }
        return new Chain(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), hook, optStr(o, "comment"));
    }

    private static NamedSet set(String kind, Map<String, Object> o) {
        Object type = o.get("type");
        NamedSet.Key key;
        if (type instanceof Map<?, ?> tm) {
            var t = fields(tm, "typeof");
            key = NamedSet.Key.typeOf(NftJson.expr(t.get("typeof")));
        } else {
            key = new NamedSet.Key(flags(type), null);
        }
        List<String> data = List.of();
        if ("map".equals(kind)) {
            Object d = o.get("map");
            data = d instanceof String s ? List.of(s.split(" \\. ")) : flags(d);
            if (data.isEmpty()) throw new IllegalArgumentException("a map without data type");
        } else if (o.containsKey("map")) {
            throw new IllegalArgumentException("a set with a data type");
        }
        List<Expr> elements = o.containsKey("elem") ? NftJson.setItems(o.get("elem")) : List.of();
        List<Stmt> stmts = o.containsKey("stmt") ? NftJson.stmts(o.get("stmt")) : List.of();
        return new NamedSet(fam(o), str(o, "table"), str(o, "name"), optNum(o, "handle"), key, data, flags(o.get("flags")),
                optNum(o, "timeout"), optNum(o, "gc-interval"), optNum(o, "size"), optStr(o, "policy"), elements, stmts,
                optStr(o, "comment"), Boolean.TRUE.equals(o.get("auto-merge")), o.containsKey("elem"));
    }

    private static Family fam(Map<String, Object> o) { return Family.fromWire(str(o, "family")); }

    /** {@return the listing as libnftables JSON: the array under {@code "nftables"}} */
    public List<Map<String, Object>> toJson() {
        List<Map<String, Object>> out = new ArrayList<>(objects.size());
        for (NftObject o : objects) out.add(o.toCommandBody());
        return out;
    }

    /** {@return the document {@code {"nftables":[...]}}} */
    public String toDocument() {
        try {
            return WRITER.asString(Map.of("nftables", toJson()));
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /**
     * The objects of one type, in order: {@code ruleset.of(Rule.class)}.
     *
     * @param <T> the type
     * @param type its class
     * @return the objects of that type
     */
    public <T extends NftObject> List<T> of(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (NftObject o : objects) if (type.isInstance(o)) out.add(type.cast(o));
        return out;
    }
}
