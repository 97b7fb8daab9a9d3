package org.nftj.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nftj.validation.Schema.Datatype;
import org.nftj.validation.Schema.Field;
import org.nftj.validation.Schema.FieldKind;
import org.nftj.validation.Schema.Key;
import org.nftj.validation.Schema.ObjectKind;
import org.nftj.validation.Schema.Usage;
import org.nftj.validation.Schema.Verb;

/**
 * Interprets {@link Schema} over one batch (a JSON tree as jackson-jr reads it) and collects every
 * problem, each with its command index and a JSON Pointer into that command.
 *
 * <p>Cross-field rules that the table cannot express, each one a cryptic kernel error otherwise:
 * <ul>
 *   <li>a base chain needs {@code type}, {@code hook} and {@code prio} together, a hook that
 *       exists in its family, and a chain type allowed there;</li>
 *   <li>a set declaration needs a key type; a map also a data type;</li>
 *   <li>a prefix may not be wider than its address ({@code /33} for IPv4);</li>
 *   <li>a reference to a set ({@code "@name"}), a jump/goto target, the chain of a rule and the
 *       set of an element must exist in the batch, or in the {@link Context} when it knows the
 *       table;</li>
 *   <li>elements are typed by their set's declared key type when it is known.</li>
 * </ul>
 */
final class Checker {
    /** A chain or set by family, table and name. */
    record ObjectRef(String family, String table, String name) {
        // By hand, not generated: see TableRef.
        @Override
        public boolean equals(Object o) {
            return o instanceof ObjectRef r && Objects.equals(family, r.family) && Objects.equals(table, r.table)
                    && Objects.equals(name, r.name);
        }

        @Override
        public int hashCode() { return Objects.hash(family, table, name); }
    }

    private final List<Problem> problems;
    private final Context context;
    private final Set<TableRef> tables = new LinkedHashSet<>();
    private final Set<TableRef> batchTables = new HashSet<>();
    private final Set<ObjectRef> batchChains = new HashSet<>();
    private final Map<ObjectRef, List<Datatype>> batchSets = new HashMap<>();
    private final Map<ObjectRef, Datatype> batchMapData = new HashMap<>();
    // What a value position accepts (the helper's validate.zig Flags).
    private static final int SET_REF = 1, SET_LITERAL = 2, CATCH_ALL = 4, ELEMENT_OBJECT = 8, EXPRESSION = 16, CONSTRUCT = 32;
    private static final int ELEMENT = CATCH_ALL | ELEMENT_OBJECT | CONSTRUCT;
    /**
     * Elements of named sets and maps never take the catch-all "*": libnftables 1.0.6 crashes on
     * it in a named interval set, and the kernel's flags are not knowable from a batch (the helper
     * refuses it the same way, validate.zig). Anonymous literals take it.
     */
    private static final int NAMED_ELEMENT = ELEMENT & ~CATCH_ALL;

    private int index;
    private String family; // of the command being checked
    private String table;
    private int elements;

    Checker(List<Problem> problems, Context context) {
        this.problems = problems;
        this.context = context;
    }

    Set<TableRef> tables() { return tables; }

    /** First pass: what the batch itself declares (so that order inside the batch does not matter). */
    void declare(Object command) {
        if (!(command instanceof Map<?, ?> m) || m.size() != 1) return;
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        Verb verb = Schema.verb(String.valueOf(e.getKey()));
        if ((verb != Verb.ADD && verb != Verb.CREATE) || !(e.getValue() instanceof Map<?, ?> body) || body.size() != 1) return;
        Map.Entry<?, ?> o = body.entrySet().iterator().next();
        ObjectKind kind = Schema.objectKind(String.valueOf(o.getKey()));
        if (kind == null || !(o.getValue() instanceof Map<?, ?> f)) return;
        if (!(f.get("family") instanceof String fam)) return;
        if (kind == ObjectKind.TABLE && f.get("name") instanceof String n) batchTables.add(new TableRef(fam, n));
        if (!(f.get("table") instanceof String t) || !(f.get("name") instanceof String n)) return;
        ObjectRef ref = new ObjectRef(fam, t, n);
        switch (kind) {
            case CHAIN -> batchChains.add(ref);
            case SET, MAP -> {
                batchSets.put(ref, keyTypes(f.get("type")));
                if (kind == ObjectKind.MAP && f.get("map") instanceof String data) {
                    Datatype d = Schema.SET_TYPES.getOrDefault(data, Schema.MAP_ONLY_TYPES.get(data));
                    if (d != null) batchMapData.put(ref, d);
                }
            }
            default -> { }
        }
    }

    private static List<Datatype> keyTypes(Object type) {
        List<Datatype> out = new ArrayList<>();
        if (type instanceof String s) {
            out.add(Schema.SET_TYPES.getOrDefault(s, Datatype.UNTYPED));
        } else if (type instanceof List<?> l) {
            for (Object x : l) out.add(x instanceof String s ? Schema.SET_TYPES.getOrDefault(s, Datatype.UNTYPED) : Datatype.UNTYPED);
        }
        return out;
    }

    /** Checks one command; returns its verb when the command's shape names one. */
    Verb command(int commandIndex, Object command) {
        this.index = commandIndex;
        this.family = null;
        this.table = null;
        if (!(command instanceof Map<?, ?> m) || m.size() != 1) {
            fail("invalid_request", "", "a command is an object with exactly one verb, e.g. {\"add\": {...}}");
            return null;
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String verbName = String.valueOf(e.getKey());
        Verb verb = Schema.verb(verbName);
        String path = "/" + pointer(verbName);
        if (verb == null) {
            fail("invalid_request", path, "unknown command '" + Names.printable(verbName) + "'; known: "
                    + List.of("add", "create", "insert", "replace", "delete", "list", "reset", "flush", "rename"));
            return null;
        }
        if (!(e.getValue() instanceof Map<?, ?> body) || body.size() != 1) {
            fail("invalid_request", path, "'" + verbName + "' takes an object with exactly one object kind, e.g. {\"table\": {...}}");
            return verb;
        }
        Map.Entry<?, ?> o = body.entrySet().iterator().next();
        String kindName = String.valueOf(o.getKey());
        ObjectKind kind = Schema.objectKind(kindName);
        path += "/" + pointer(kindName);
        if (kind == null) {
            fail("invalid_request", path, "unknown object '" + Names.printable(kindName) + "'");
            return verb;
        }
        if (!Schema.verbAccepts(verb, kind)) {
            fail("invalid_request", path, "'" + verbName + "' does not apply to '" + kindName + "'");
            return verb;
        }
        if (kind == ObjectKind.RULESET || kind == ObjectKind.TABLES) {
            if (o.getValue() != null && !(o.getValue() instanceof Map<?, ?> empty && empty.isEmpty())) {
                fail("invalid_request", path, "'" + kindName + "' takes null");
            }
            return verb;
        }
        if (!(o.getValue() instanceof Map<?, ?> fields)) {
            fail("invalid_request", path, "'" + kindName + "' must be an object");
            return verb;
        }
        Usage usage = switch (verb) {
            case ADD, CREATE, INSERT, REPLACE -> Usage.ADD;
            case RENAME -> Usage.RENAME;
            default -> Usage.IDENTIFY;
        };
        object(verb, kind, usage, fields, path);
        return verb;
    }

    private void object(Verb verb, ObjectKind kind, Usage usage, Map<?, ?> fields, String path) {
        List<Field> known = Schema.objectFields(kind, usage);
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            String name = String.valueOf(f.getKey());
            Field field = known.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
            if (field == null) {
                fail("invalid_request", path + "/" + pointer(name), "unknown field '" + Names.printable(name) + "' for "
                        + verb.json() + " " + kind.json() + "; known: " + known.stream().map(Field::name).toList());
                continue;
            }
            if (f.getValue() == null) {
                fail("invalid_request", path + "/" + pointer(name), "'" + name + "' must not be null");
                continue;
            }
            field(field, f.getValue(), path + "/" + pointer(name));
        }
        family = fields.get("family") instanceof String s && Schema.FAMILIES.contains(s) ? s : null;
        Object tableName = kind == ObjectKind.TABLE ? fields.get("name") : fields.get("table");
        table = tableName instanceof String t && Names.checkName(t) == null ? t : null;
        if (family != null && table != null) tables.add(new TableRef(family, table));
        required(verb, kind, fields, path);
        if (family == null || table == null) return;
        switch (kind) {
            case CHAIN -> { if (usage == Usage.ADD) baseChain(fields, path); }
            case SET, MAP -> { if (usage == Usage.ADD) setDeclaration(kind, fields, path); }
            case RULE -> {
                if (fields.get("chain") instanceof String c) reference("chain", c, path + "/chain");
                if (fields.get("expr") instanceof List<?> l) statements(l, path + "/expr");
            }
            case ELEMENT -> {
                if (fields.get("name") instanceof String s) {
                    reference("set", s, path + "/name");
                    if (fields.get("elem") instanceof List<?> l) elements(l, new ObjectRef(family, table, s), path + "/elem");
                }
            }
            default -> { }
        }
        if ((kind == ObjectKind.SET || kind == ObjectKind.MAP) && usage == Usage.ADD
                && fields.get("elem") instanceof List<?> l && fields.get("name") instanceof String s) {
            elements(l, new ObjectRef(family, table, s), path + "/elem");
        }
    }

    private void required(Verb verb, ObjectKind kind, Map<?, ?> fields, String path) {
        List<String> need = new ArrayList<>(List.of("family"));
        boolean byHandle = fields.containsKey("handle");
        switch (kind) {
            case TABLE -> { if (!byHandle) need.add("name"); }
            case RULE -> {
                need.addAll(List.of("table", "chain"));
                if (verb == Verb.ADD || verb == Verb.CREATE || verb == Verb.INSERT || verb == Verb.REPLACE) need.add("expr");
                if (verb == Verb.REPLACE || verb == Verb.DELETE) need.add("handle");
            }
            case ELEMENT -> need.addAll(List.of("table", "name", "elem"));
            case FLOWTABLE -> {
                need.addAll(List.of("table", "name"));
                if (verb == Verb.ADD || verb == Verb.CREATE) need.addAll(List.of("hook", "prio", "dev"));
            }
            default -> {
                need.add("table");
                if (!byHandle || verb == Verb.ADD || verb == Verb.CREATE) need.add("name");
                if (verb == Verb.RENAME) need.add("newname");
            }
        }
        if (kind == ObjectKind.RULE && fields.containsKey("handle") && fields.containsKey("index")) {
            fail("invalid_request", path + "/index", "a rule position is given by handle or by index, not both");
        }
        for (String n : need) {
            if (!fields.containsKey(n)) {
                fail("invalid_request", path + "/" + n, verb.json() + " " + kind.json() + " needs '" + n + "'");
            }
        }
    }

    private void field(Field field, Object v, String path) {
        switch (field.kind()) {
            case FAMILY -> {
                if (!(v instanceof String s) || !Schema.FAMILIES.contains(s)) {
                    fail("invalid_request", path, "family must be one of " + Schema.FAMILIES);
                }
            }
            case NAME -> name(v, path);
            case HANDLE -> integer(v, 1, Schema.INTEGER_MAX, path);
            case INDEX -> integer(v, 0, Schema.INTEGER_MAX, path);
            case INTEGER -> integer(v, field.min(), field.max(), path);
            case BOOLEAN -> { if (!(v instanceof Boolean)) fail("invalid_request", path, "must be true or false"); }
            case COMMENT -> text(v, Schema.COMMENT_BYTES_MAX, path);
            case LOG_PREFIX -> text(v, Schema.LOG_PREFIX_BYTES_MAX, path);
            case KEYWORD -> keyword(v, field.words(), path);
            case KEYWORDS -> {
                if (v instanceof List<?> l) {
                    for (int i = 0; i < l.size(); i++) keyword(l.get(i), field.words(), path + "/" + i);
                } else {
                    keyword(v, field.words(), path);
                }
            }
            case IFNAME -> ifname(v, false, path);
            case IFNAMES -> {
                if (v instanceof List<?> l) {
                    for (int i = 0; i < l.size(); i++) ifname(l.get(i), false, path + "/" + i);
                } else {
                    ifname(v, false, path);
                }
            }
            case SET_TYPE -> setType(v, Schema.SET_TYPES.keySet(), path);
            case MAP_TYPE -> {
                Set<String> all = new LinkedHashSet<>(Schema.SET_TYPES.keySet());
                all.addAll(Schema.MAP_ONLY_TYPES.keySet());
                setType(v, all, path);
            }
            case STATEMENTS -> { if (!(v instanceof List<?> l) || l.isEmpty()) fail("invalid_request", path, "expr must be a non-empty array of statements"); }
            case ELEMENTS -> {
                if (!(v instanceof List<?> l)) fail("invalid_request", path, "elem must be an array");
                else if (l.isEmpty()) fail("invalid_request", path, "an element list must not be empty");
                else if (l.size() > Schema.ELEMENTS_MAX) {
                    fail("limit_exceeded", path, "at most " + Schema.ELEMENTS_MAX + " elements per command, this one has " + l.size());
                }
            }
            case CT_TIMEOUT_POLICY -> {
                if (!(v instanceof Map<?, ?> m)) {
                    fail("invalid_request", path, "policy must be an object of state name to seconds");
                } else {
                    m.forEach((k, x) -> {
                        if (!Schema.CT_TIMEOUT_STATES.contains(String.valueOf(k))) {
                            fail("invalid_request", path + "/" + pointer(String.valueOf(k)), "unknown conntrack state '"
                                    + Names.printable(String.valueOf(k)) + "'");
                        } else {
                            integer(x, 0, Schema.U32, path + "/" + pointer(String.valueOf(k)));
                        }
                    });
                }
            }
            case SECMARK_CONTEXT -> text(v, 256, path);
            case HELPER_TYPE -> {
                if (!(v instanceof String s) || Names.checkName(s) != null) fail("invalid_request", path, "a helper type is a name such as \"ftp\"");
            }
        }
    }

    private void setType(Object v, Set<String> allowed, String path) {
        List<?> parts = v instanceof List<?> l ? l : List.of(v);
        if (v instanceof List<?> && (parts.size() < 2 || parts.size() > Schema.CONCATENATION_COMPONENTS_MAX)) {
            fail("invalid_request", path, "a concatenated type has 2 to " + Schema.CONCATENATION_COMPONENTS_MAX
                    + " components; write a single type as a string");
            return;
        }
        for (Object p : parts) {
            if (!(p instanceof String s) || !allowed.contains(s)) {
                fail("invalid_request", path, "unknown type " + describe(p) + "; known: " + allowed);
                return;
            }
        }
    }

    // ---- cross-field rules ----------------------------------------------------------------------

    private void baseChain(Map<?, ?> f, String path) {
        boolean any = f.containsKey("type") || f.containsKey("hook") || f.containsKey("prio") || f.containsKey("policy")
                || f.containsKey("dev");
        if (!any) return; // a regular chain
        for (String n : List.of("type", "hook", "prio")) {
            if (!f.containsKey(n)) {
                fail("invalid_request", path + "/" + n, "a base chain needs type, hook and prio together; '" + n
                        + "' is missing (leave out type, hook, prio, policy and dev for a regular chain)");
            }
        }
        if (f.get("hook") instanceof String hook && Schema.CHAIN_HOOKS.contains(hook)) {
            List<String> hooks = switch (family) {
                case "ip", "ip6", "bridge" -> List.of("prerouting", "input", "forward", "output", "postrouting");
                case "inet" -> List.of("prerouting", "input", "forward", "output", "postrouting", "ingress");
                case "arp" -> List.of("input", "output");
                case "netdev" -> List.of("ingress", "egress");
                default -> List.of();
            };
            if (!hooks.contains(hook)) {
                fail("invalid_request", path + "/hook", "family " + family + " has no hook '" + hook + "'; it has " + hooks);
            } else if ((hook.equals("ingress") || hook.equals("egress")) && !f.containsKey("dev")) {
                fail("invalid_request", path + "/dev", "an " + hook + " chain needs 'dev', the interface it attaches to");
            }
        }
        if (f.get("type") instanceof String type) {
            boolean ipFamily = family.equals("ip") || family.equals("ip6") || family.equals("inet");
            if (type.equals("nat") && !ipFamily) {
                fail("invalid_request", path + "/type", "nat chains exist only in the ip, ip6 and inet families");
            } else if (type.equals("route") && (!ipFamily || !"output".equals(f.get("hook")))) {
                fail("invalid_request", path + "/type", "route chains exist only in ip, ip6 and inet, at the output hook");
            }
        }
    }

    private void setDeclaration(ObjectKind kind, Map<?, ?> f, String path) {
        if (!f.containsKey("type")) fail("invalid_request", path + "/type", kind.json() + " needs 'type', the key type (e.g. \"ipv4_addr\")");
        if (kind == ObjectKind.MAP && !f.containsKey("map")) {
            fail("invalid_request", path + "/map", "map needs 'map', the data type (e.g. \"verdict\")");
        }
        if (kind == ObjectKind.SET && f.containsKey("map")) {
            fail("invalid_request", path + "/map", "a set has no data type; declare a map instead");
        }
    }

    /** A chain or set the batch refers to must exist, when we can know. */
    private void reference(String what, String name, String path) {
        if (Names.checkName(name) != null) return; // reported by the name check
        ObjectRef ref = new ObjectRef(family, table, name);
        boolean inBatch = what.equals("chain") ? batchChains.contains(ref) : batchSets.containsKey(ref);
        if (inBatch || !context.knows(family, table)) return;
        boolean inKernel = what.equals("chain") ? context.hasChain(ref) : context.setType(ref) != null;
        if (!inKernel) {
            fail("invalid_request", path, "there is no " + what + " '" + name + "' in this batch or in table " + family
                    + " " + table + (what.equals("set") ? "; declare it before using it" : ""));
        }
    }

    private List<Datatype> setKey(ObjectRef ref) {
        List<Datatype> t = batchSets.get(ref);
        if (t != null) return t;
        List<String> names = context.setType(ref);
        if (names == null) return List.of();
        return names.stream().map(n -> Schema.SET_TYPES.getOrDefault(n, Datatype.UNTYPED)).toList();
    }

    // ---- rules: statements and expressions ------------------------------------------------------

    private void statements(List<?> list, String path) {
        for (int i = 0; i < list.size(); i++) statement(list.get(i), path + "/" + i);
    }

    private void statement(Object s, String path) {
        if (!(s instanceof Map<?, ?> m) || m.size() != 1) {
            fail("invalid_request", path, "a statement is an object with exactly one key, e.g. {\"accept\": null}");
            return;
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String kind = String.valueOf(e.getKey());
        Object v = e.getValue();
        String p = path + "/" + pointer(kind);
        switch (kind) {
            case "accept", "drop", "continue", "return", "notrack" -> {
                if (v != null) fail("invalid_request", p, "'" + kind + "' takes null");
            }
            case "jump", "goto" -> {
                if (!(v instanceof Map<?, ?> t) || t.size() != 1 || !t.containsKey("target")) {
                    fail("invalid_request", p, "'" + kind + "' takes {\"target\": \"<chain>\"}");
                } else if (name(t.get("target"), p + "/target")) {
                    reference("chain", (String) t.get("target"), p + "/target");
                }
            }
            case "match" -> match(v, p);
            case "counter" -> {
                if (v instanceof String ref) name(ref, p);
                else if (v != null) fields(v, p, Map.of("packets", Datatype.INTEGER, "bytes", Datatype.INTEGER));
            }
            case "log" -> {
                if (v != null && fields(v, p, Map.of("prefix", Datatype.TEXT, "level", Datatype.TEXT, "group", Datatype.INTEGER,
                        "snaplen", Datatype.INTEGER, "queue-threshold", Datatype.INTEGER, "flags", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (f.containsKey("prefix")) text(f.get("prefix"), Schema.LOG_PREFIX_BYTES_MAX, p + "/prefix");
                    if (f.containsKey("level")) keyword(f.get("level"), Schema.LOG_LEVELS, p + "/level");
                    if (f.containsKey("flags")) field(Field.words("flags", FieldKind.KEYWORDS, Schema.LOG_FLAGS), f.get("flags"), p + "/flags");
                }
            }
            case "limit" -> {
                if (v instanceof String ref) name(ref, p);
                else if (fields(v, p, Map.of("rate", Datatype.INTEGER, "per", Datatype.TEXT, "burst", Datatype.INTEGER,
                        "rate_unit", Datatype.TEXT, "burst_unit", Datatype.TEXT, "inv", Datatype.BOOLEAN))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("rate")) fail("invalid_request", p + "/rate", "limit needs 'rate'");
                    if (f.containsKey("per")) keyword(f.get("per"), Schema.LIMIT_TIME_UNITS, p + "/per");
                    if (f.containsKey("rate_unit")) keyword(f.get("rate_unit"), union(Schema.LIMIT_UNITS, List.of("kbytes", "mbytes")), p + "/rate_unit");
                    if (f.containsKey("burst_unit")) keyword(f.get("burst_unit"), Schema.BYTE_UNITS, p + "/burst_unit");
                }
            }
            case "quota" -> {
                if (v instanceof String ref) name(ref, p);
                else if (fields(v, p, Map.of("val", Datatype.INTEGER, "val_unit", Datatype.TEXT, "used", Datatype.INTEGER,
                        "used_unit", Datatype.TEXT, "inv", Datatype.BOOLEAN))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("val")) fail("invalid_request", p + "/val", "quota needs 'val'");
                    for (String u : List.of("val_unit", "used_unit")) if (f.containsKey(u)) keyword(f.get(u), Schema.BYTE_UNITS, p + "/" + u);
                }
            }
            case "reject" -> {
                if (v != null && fields(v, p, Map.of("type", Datatype.TEXT, "expr", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("type")) {
                        if (f.containsKey("expr")) fail("invalid_request", p + "/expr", "expr needs a type");
                        return;
                    }
                    keyword(f.get("type"), Schema.REJECT_TYPES, p + "/type");
                    if ("tcp reset".equals(f.get("type"))) {
                        if (f.containsKey("expr")) fail("invalid_request", p + "/expr", "tcp reset takes no expr");
                        return;
                    }
                    // an ICMP reject without its code has crashed libnftables (upstream bogon): required
                    if (!f.containsKey("expr")) fail("invalid_request", p + "/expr", "reject of type " + describe(f.get("type")) + " needs 'expr', the code");
                    if (f.get("expr") instanceof String code) {
                        Datatype dt = "icmpv6".equals(f.get("type")) ? Datatype.ICMPV6_CODE
                                : "icmp".equals(f.get("type")) ? Datatype.ICMP_CODE : Datatype.ICMPX_CODE;
                        value(code, List.of(dt), p + "/expr", 0, 0);
                    }
                }
            }
            case "snat", "dnat", "masquerade", "redirect" -> {
                boolean addressAllowed = kind.equals("snat") || kind.equals("dnat");
                if (v == null) {
                    if (addressAllowed) fail("invalid_request", p, "snat and dnat need an address");
                    return;
                }
                if (fields(v, p, addressAllowed ? Map.of("addr", Datatype.UNTYPED, "port", Datatype.UNTYPED, "family", Datatype.TEXT,
                        "flags", Datatype.TEXT, "type_flags", Datatype.TEXT) : Map.of("port", Datatype.UNTYPED, "flags", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (f.containsKey("family")) keyword(f.get("family"), Schema.IP_FAMILIES, p + "/family");
                    if (f.containsKey("flags")) field(Field.words("flags", FieldKind.KEYWORDS, Schema.NAT_FLAGS), f.get("flags"), p + "/flags");
                    if (f.containsKey("type_flags")) field(Field.words("type_flags", FieldKind.KEYWORDS, Schema.NAT_TYPE_FLAGS), f.get("type_flags"), p + "/type_flags");
                    Datatype addr = "ip6".equals(f.get("family")) ? Datatype.IPV6 : "ip".equals(f.get("family")) ? Datatype.IPV4
                            : family.equals("ip") ? Datatype.IPV4 : family.equals("ip6") ? Datatype.IPV6 : Datatype.UNTYPED;
                    if (f.containsKey("addr")) value(f.get("addr"), List.of(addr), p + "/addr", 0, EXPRESSION | CONSTRUCT);
                    if (f.containsKey("port")) value(f.get("port"), List.of(Datatype.INTEGER), p + "/port", 0, EXPRESSION | CONSTRUCT);
                }
            }
            case "mangle" -> {
                if (fields(v, p, Map.of("key", Datatype.UNTYPED, "value", Datatype.UNTYPED))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("key") || !f.containsKey("value")) {
                        fail("invalid_request", p, "mangle needs 'key' and 'value'");
                        return;
                    }
                    if (!(f.get("key") instanceof Map<?, ?> k) || k.size() != 1
                            || !List.of("payload", "meta", "ct", "exthdr", "tcp option").contains(String.valueOf(k.keySet().iterator().next()))) {
                        fail("invalid_request", p + "/key", "mangle key must be payload, meta, ct, exthdr or tcp option");
                        return;
                    }
                    List<Datatype> dt = expression(f.get("key"), p + "/key", 0);
                    value(f.get("value"), dt, p + "/value", 0, EXPRESSION | CONSTRUCT);
                }
            }
            case "set" -> {
                if (fields(v, p, Map.of("op", Datatype.TEXT, "elem", Datatype.UNTYPED, "set", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("op") || !f.containsKey("elem") || !f.containsKey("set")) {
                        fail("invalid_request", p, "the set statement needs 'op', 'elem' and 'set'");
                        return;
                    }
                    keyword(f.get("op"), Schema.SET_STATEMENT_OPERATIONS, p + "/op");
                    List<Datatype> key = List.of(Datatype.UNTYPED);
                    if (f.get("set") instanceof String ref && ref.startsWith("@")) {
                        if (name(ref.substring(1), p + "/set")) {
                            reference("set", ref.substring(1), p + "/set");
                            List<Datatype> k = setKey(new ObjectRef(family, table, ref.substring(1)));
                            if (!k.isEmpty()) key = k;
                        }
                    } else {
                        fail("invalid_request", p + "/set", "the set statement names its set as \"@name\"");
                    }
                    expression(f.get("elem"), p + "/elem", 0);
                }
            }
            case "queue" -> {
                if (v != null && fields(v, p, Map.of("num", Datatype.UNTYPED, "flags", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (f.containsKey("flags")) field(Field.words("flags", FieldKind.KEYWORDS, Schema.QUEUE_FLAGS), f.get("flags"), p + "/flags");
                    if (f.containsKey("num")) value(f.get("num"), List.of(Datatype.INTEGER), p + "/num", 0, EXPRESSION | CONSTRUCT);
                }
            }
            case "ct helper", "ct timeout", "ct expectation", "secmark" -> name(v, p);
            case "vmap" -> {
                if (fields(v, p, Map.of("key", Datatype.UNTYPED, "data", Datatype.UNTYPED))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("key") || !f.containsKey("data")) {
                        fail("invalid_request", p, "vmap needs 'key' and 'data'");
                        return;
                    }
                    List<Datatype> key = expression(f.get("key"), p + "/key", 0);
                    mapData(f.get("data"), key, List.of(Datatype.VERDICT), p + "/data", 0);
                }
            }
            case "ct count" -> {
                if (fields(v, p, Map.of("val", Datatype.INTEGER, "inv", Datatype.BOOLEAN))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("val")) fail("invalid_request", p + "/val", "ct count needs 'val'");
                    else integer(f.get("val"), 0, Schema.U32, p + "/val");
                }
            }
            case "synproxy" -> {
                if (v instanceof String ref) name(ref, p);
                else if (v != null && fields(v, p, Map.of("mss", Datatype.INTEGER, "wscale", Datatype.INTEGER, "flags", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (f.containsKey("mss")) integer(f.get("mss"), 0, Schema.U16, p + "/mss");
                    if (f.containsKey("wscale")) integer(f.get("wscale"), 0, 14, p + "/wscale");
                    if (f.containsKey("flags")) field(Field.words("flags", FieldKind.KEYWORDS, Schema.SYNPROXY_FLAGS), f.get("flags"), p + "/flags");
                }
            }
            case "tproxy" -> {
                if (fields(v, p, Map.of("family", Datatype.TEXT, "addr", Datatype.UNTYPED, "port", Datatype.UNTYPED))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("addr") && !f.containsKey("port")) {
                        fail("invalid_request", p + "/addr", "tproxy needs an address or a port");
                        return;
                    }
                    if (f.containsKey("family")) keyword(f.get("family"), Schema.IP_FAMILIES, p + "/family");
                    Datatype addr = "ip".equals(f.get("family")) ? Datatype.IPV4 : "ip6".equals(f.get("family")) ? Datatype.IPV6 : Datatype.UNTYPED;
                    if (f.containsKey("port")) value(f.get("port"), List.of(Datatype.INTEGER), p + "/port", 0, 0);
                    if (f.containsKey("addr")) value(f.get("addr"), List.of(addr), p + "/addr", 0, 0);
                }
            }
            case "flow" -> {
                if (fields(v, p, Map.of("op", Datatype.TEXT, "flowtable", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("op") || !f.containsKey("flowtable")) {
                        fail("invalid_request", p, "flow needs 'op' and 'flowtable'");
                        return;
                    }
                    keyword(f.get("op"), List.of("add"), p + "/op");
                    if (!(f.get("flowtable") instanceof String ft) || !ft.startsWith("@")) {
                        fail("invalid_request", p + "/flowtable", "the flowtable is named as \"@name\"");
                    } else {
                        name(ft.substring(1), p + "/flowtable");
                    }
                }
            }
            case "dup" -> {
                if (fields(v, p, Map.of("addr", Datatype.UNTYPED, "dev", Datatype.UNTYPED))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (f.containsKey("dev")) {
                        fail("lookup_refused", p + "/dev", "a device makes libnftables look the interface up; dup to an address only");
                    } else if (!f.containsKey("addr")) {
                        fail("invalid_request", p + "/addr", "dup needs 'addr'");
                    } else {
                        value(f.get("addr"), List.of(Datatype.UNTYPED), p + "/addr", 0, 0);
                    }
                }
            }
            case "fwd" -> {
                if (fields(v, p, Map.of("dev", Datatype.UNTYPED, "family", Datatype.TEXT, "addr", Datatype.UNTYPED))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("dev")) fail("invalid_request", p + "/dev", "fwd needs 'dev'");
                    else fail("lookup_refused", p + "/dev", "fwd resolves its device through an interface lookup; not accepted");
                }
            }
            default -> fail("invalid_request", p, "unknown statement '" + Names.printable(kind) + "'");
        }
    }

    private void match(Object v, String p) {
        if (!(v instanceof Map<?, ?> f)) {
            fail("invalid_request", p, "match takes {\"op\": ..., \"left\": ..., \"right\": ...}");
            return;
        }
        for (Object k : f.keySet()) {
            if (!List.of("op", "left", "right").contains(String.valueOf(k))) {
                fail("invalid_request", p + "/" + pointer(String.valueOf(k)), "unknown field '" + Names.printable(String.valueOf(k))
                        + "' of match; known: [op, left, right]");
            }
        }
        if (!f.containsKey("left") || !f.containsKey("right") || !f.containsKey("op")) {
            fail("invalid_request", p, "match needs 'op', 'left' and 'right'");
            return;
        }
        keyword(f.get("op"), Schema.MATCH_OPERATORS, p + "/op");
        List<Datatype> left = expression(f.get("left"), p + "/left", 0);
        value(f.get("right"), left, p + "/right", 0, SET_REF | SET_LITERAL | CONSTRUCT);
    }

    /**
     * Checks an expression that produces a value (the left side of a match) and returns the
     * datatypes of that value: one, or several for a concatenation.
     */
    private List<Datatype> expression(Object e, String p, int depth) {
        if (depth > Schema.DEPTH_MAX) {
            fail("invalid_json", p, "nested deeper than " + Schema.DEPTH_MAX);
            return List.of(Datatype.UNTYPED);
        }
        if (!(e instanceof Map<?, ?> m) || m.size() != 1) {
            value(e, List.of(Datatype.UNTYPED), p, depth);
            return List.of(Datatype.UNTYPED);
        }
        Map.Entry<?, ?> en = m.entrySet().iterator().next();
        String kind = String.valueOf(en.getKey());
        Object v = en.getValue();
        String q = p + "/" + pointer(kind);
        switch (kind) {
            case "payload" -> {
                if (!(v instanceof Map<?, ?> f)) break;
                if (f.containsKey("base")) {
                    fields(v, q, Map.of("base", Datatype.TEXT, "offset", Datatype.INTEGER, "len", Datatype.INTEGER));
                    keyword(f.get("base"), Schema.RAW_PAYLOAD_BASES, q + "/base");
                    if (!f.containsKey("offset") || !f.containsKey("len")) fail("invalid_request", q, "a raw payload needs base, offset and len");
                    else {
                        integer(f.get("offset"), 0, 2040, q + "/offset");
                        integer(f.get("len"), 1, 128, q + "/len");
                    }
                    return List.of(Datatype.INTEGER);
                }
                fields(v, q, Map.of("protocol", Datatype.TEXT, "field", Datatype.TEXT));
                Schema.PacketField pf = Schema.payloadField(String.valueOf(f.get("protocol")), String.valueOf(f.get("field")));
                if (pf == null) {
                    fail("invalid_request", q, "unknown packet field '" + Names.printable(f.get("protocol") + " " + f.get("field")) + "'");
                    return List.of(Datatype.UNTYPED);
                }
                return List.of(pf.datatype());
            }
            case "meta" -> { return List.of(keyExpression(v, q, Schema.META_KEYS, "meta")); }
            case "ct" -> { return List.of(keyExpression(v, q, Schema.CT_KEYS, "ct")); }
            case "rt" -> { return List.of(keyExpression(v, q, Schema.RT_KEYS, "rt")); }
            case "socket" -> { return List.of(keyExpression(v, q, Schema.SOCKET_KEYS, "socket")); }
            case "fib" -> {
                if (fields(v, q, Map.of("result", Datatype.TEXT, "flags", Datatype.TEXT))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    keyword(f.get("result"), Schema.FIB_RESULTS, q + "/result");
                    if (f.containsKey("flags")) field(Field.words("flags", FieldKind.KEYWORDS, Schema.FIB_FLAGS), f.get("flags"), q + "/flags");
                    return List.of("type".equals(f.get("result")) ? Datatype.FIB_ADDRTYPE
                            : "oifname".equals(f.get("result")) ? Datatype.IFNAME : Datatype.INTEGER);
                }
            }
            case "exthdr", "tcp option", "ip option", "sctp chunk" -> {
                switch (kind) {
                    case "exthdr" -> header(v, q, Schema.EXTHDR_NAMES, Schema.EXTHDR_FIELDS, true);
                    case "tcp option" -> header(v, q, Schema.TCP_OPTION_NAMES, Schema.TCP_OPTION_FIELDS, false);
                    case "ip option" -> header(v, q, Schema.IP_OPTION_NAMES, Schema.IP_OPTION_FIELDS, false);
                    default -> header(v, q, Schema.SCTP_CHUNK_NAMES, Schema.SCTP_CHUNK_FIELDS, false);
                }
                if (!(v instanceof Map<?, ?> f) || !(f.get("field") instanceof String field)) return List.of(Datatype.BOOLEAN);
                if (kind.equals("exthdr")) {
                    if (field.equals("nexthdr")) return List.of(Datatype.INET_PROTO);
                    if (field.equals("type") && "mh".equals(f.get("name"))) return List.of(Datatype.MH_TYPE);
                    if (field.equals("addr")) return List.of(Datatype.IPV6);
                }
                if (kind.equals("ip option") && field.equals("addr")) return List.of(Datatype.IPV4);
                return List.of(Datatype.INTEGER);
            }
            case "jhash", "symhash" -> {
                boolean jhash = kind.equals("jhash");
                if (fields(v, q, jhash ? Map.of("mod", Datatype.INTEGER, "offset", Datatype.INTEGER, "expr", Datatype.UNTYPED,
                        "seed", Datatype.INTEGER) : Map.of("mod", Datatype.INTEGER, "offset", Datatype.INTEGER))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    if (!f.containsKey("mod")) fail("invalid_request", q + "/mod", kind + " needs 'mod'");
                    else integer(f.get("mod"), 1, Schema.U32, q + "/mod");
                    if (jhash) {
                        if (!f.containsKey("expr")) fail("invalid_request", q + "/expr", "jhash needs 'expr'");
                        else expression(f.get("expr"), q + "/expr", depth + 1);
                    }
                }
                return List.of(Datatype.INTEGER);
            }
            case "numgen" -> {
                if (fields(v, q, Map.of("mode", Datatype.TEXT, "mod", Datatype.INTEGER, "offset", Datatype.INTEGER))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    keyword(f.get("mode"), Schema.NUMGEN_MODES, q + "/mode");
                    if (!f.containsKey("mod")) fail("invalid_request", q + "/mod", "numgen needs 'mod'");
                    else integer(f.get("mod"), 1, Schema.U32, q + "/mod");
                }
                return List.of(Datatype.INTEGER);
            }
            case "concat" -> {
                if (!(v instanceof List<?> l) || l.size() < 2 || l.size() > Schema.CONCATENATION_COMPONENTS_MAX) {
                    fail("invalid_request", q, "a concatenation has 2 to " + Schema.CONCATENATION_COMPONENTS_MAX + " components");
                    return List.of(Datatype.UNTYPED);
                }
                List<Datatype> parts = new ArrayList<>();
                for (int i = 0; i < l.size(); i++) parts.add(expression(l.get(i), q + "/" + i, depth + 1).getFirst());
                return parts;
            }
            case "&", "|", "^", "<<", ">>" -> {
                if (!(v instanceof List<?> l) || l.size() != 2) {
                    fail("invalid_request", q, "'" + kind + "' takes [left, right]");
                    return List.of(Datatype.UNTYPED);
                }
                List<Datatype> left = expression(l.get(0), q + "/0", depth + 1);
                value(l.get(1), kind.equals("<<") || kind.equals(">>") ? List.of(Datatype.INTEGER) : left, q + "/1", depth + 1, CONSTRUCT);
                return left;
            }
            case "map" -> {
                if (fields(v, q, Map.of("key", Datatype.UNTYPED, "data", Datatype.UNTYPED))) {
                    Map<?, ?> f = (Map<?, ?>) v;
                    expression(f.get("key"), q + "/key", depth + 1);
                    Object data = f.get("data");
                    if (data instanceof String ref && ref.startsWith("@")) {
                        if (name(ref.substring(1), q + "/data")) reference("set", ref.substring(1), q + "/data");
                    } else {
                        value(data, List.of(Datatype.UNTYPED), q + "/data", depth + 1);
                    }
                }
                return List.of(Datatype.UNTYPED);
            }
            default -> fail("invalid_request", q, "unknown expression '" + Names.printable(kind) + "'");
        }
        return List.of(Datatype.UNTYPED);
    }

    private Datatype keyExpression(Object v, String q, List<Key> keys, String what) {
        if (!(v instanceof Map<?, ?> f) || !(f.get("key") instanceof String k)) {
            fail("invalid_request", q, what + " takes {\"key\": \"...\"}");
            return Datatype.UNTYPED;
        }
        Key key = Schema.key(keys, k);
        if (key == null) {
            fail("invalid_request", q + "/key", "unknown " + what + " key '" + Names.printable(k) + "'");
            return Datatype.UNTYPED;
        }
        if (key.lookup()) {
            fail("lookup_refused", q + "/key", what + " " + k + " makes libnftables look the name up even for a number "
                    + "(an interface index or a user database query); use " + (k.startsWith("sk") ? "the numeric id in a set or skip this match"
                    : "iifname/oifname, which compare the name without a lookup"));
            return key.datatype();
        }
        for (Object field : f.keySet()) {
            String n = String.valueOf(field);
            if (n.equals("key")) continue;
            if (n.equals("dir") && key.direction()) {
                keyword(f.get("dir"), List.of("original", "reply"), q + "/dir");
            } else if (n.equals("family") && (what.equals("ct") || what.equals("rt"))) {
                keyword(f.get("family"), Schema.IP_FAMILIES, q + "/family");
            } else {
                fail("invalid_request", q + "/" + pointer(n), "unknown field '" + Names.printable(n) + "' of " + what);
            }
        }
        return key.datatype();
    }

    private void header(Object v, String q, List<String> names, List<String> fields, boolean offsetAllowed) {
        if (!(v instanceof Map<?, ?> f)) {
            fail("invalid_request", q, "takes {\"name\": ..., \"field\": ...}");
            return;
        }
        if (!f.containsKey("name")) fail("invalid_request", q + "/name", "missing field 'name'");
        else keyword(f.get("name"), names, q + "/name");
        if (f.containsKey("field")) keyword(f.get("field"), fields, q + "/field");
        if (f.containsKey("offset")) integer(f.get("offset"), 0, 255, q + "/offset");
        for (Object k : f.keySet()) {
            if (!(offsetAllowed ? List.of("name", "field", "offset") : List.of("name", "field")).contains(String.valueOf(k))) {
                fail("invalid_request", q + "/" + pointer(String.valueOf(k)), "unknown field '" + Names.printable(String.valueOf(k)) + "'");
            }
        }
    }

    /** Checks a value (right side of a match, a set element) against the datatypes of what it is compared with. */
    private void value(Object v, List<Datatype> types, String p, int depth) {
        value(v, types, p, depth, CONSTRUCT);
    }

    /** A value typed by {@code types}; {@code flags} say which constructs this position accepts. */
    private void value(Object v, List<Datatype> types, String p, int depth, int flags) {
        if (depth > Schema.DEPTH_MAX) {
            fail("invalid_json", p, "nested deeper than " + Schema.DEPTH_MAX);
            return;
        }
        Datatype dt = types.size() == 1 ? types.getFirst() : Datatype.UNTYPED;
        // An if-chain, not a pattern switch: the first pattern switch of a JVM generates a class at
        // run time, which costs a cold `nftj apply` milliseconds (docs/benchmarks.md).
        if (v == null) {
            fail("invalid_request", p, "null is not a value");
        } else if (v instanceof Boolean) {
            if (dt != Datatype.BOOLEAN) fail("invalid_request", p, "true/false is accepted only for existence checks");
        } else if (v instanceof Number n) {
            if (!number(n, p)) return;
            if (n.longValue() < 0) fail("invalid_request", p, "negative values are not accepted here");
            else if (dt == Datatype.VERDICT) fail("invalid_request", p, "must be a verdict such as {\"accept\": null}");
            else if (types.size() > 1) fail("invalid_request", p, "a concatenated type needs a concat value");
        } else if (v instanceof String s) {
            boolean referenceOrCatchAll = s.startsWith("@") || s.equals("*");
            if (types.size() > 1 && !referenceOrCatchAll) fail("invalid_request", p, "a concatenated type needs a concat value");
            else scalar(s, dt, p, flags);
        } else if (v instanceof List<?>) {
            fail("invalid_request", p, "an array is not a value here (write {\"set\": [...]})");
        } else if (v instanceof Map<?, ?> m && m.size() == 1) {
            Map.Entry<?, ?> en = m.entrySet().iterator().next();
            String kind = String.valueOf(en.getKey());
            Object x = en.getValue();
            String q = p + "/" + pointer(kind);
            if (dt == Datatype.VERDICT && types.size() == 1 && !kind.equals("set") && !kind.equals("map")) {
                verdict(m, p);
                return;
            }
            switch (kind) {
                case "set" -> {
                    if ((flags & SET_LITERAL) == 0) {
                        fail("invalid_request", q, "an anonymous set is not accepted here");
                        return;
                    }
                    List<?> items = x instanceof List<?> l ? l : List.of(x);
                    if (items.isEmpty()) {
                        fail("invalid_request", q, "an anonymous set must not be empty");
                        return;
                    }
                    elements += items.size();
                    if (items.size() > Schema.ELEMENTS_MAX) {
                        fail("limit_exceeded", q, "at most " + Schema.ELEMENTS_MAX + " elements in one set");
                        return;
                    }
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i) instanceof List<?>) fail("invalid_request", q + "/" + i, "a set element is a value, not an array");
                        else value(items.get(i), types, q + "/" + i, depth + 1, ELEMENT);
                    }
                }
                case "map" -> {
                    if ((flags & EXPRESSION) == 0) {
                        fail("invalid_request", q, "a map lookup is not accepted here");
                    } else if (fields(x, q, Map.of("key", Datatype.UNTYPED, "data", Datatype.UNTYPED))) {
                        Map<?, ?> f = (Map<?, ?>) x;
                        if (!f.containsKey("key") || !f.containsKey("data")) {
                            fail("invalid_request", q, "a map lookup needs 'key' and 'data'");
                            return;
                        }
                        List<Datatype> key = expression(f.get("key"), q + "/key", depth + 1);
                        mapData(f.get("data"), key, types, q + "/data", depth + 1);
                    }
                }
                case "prefix", "range", "concat", "elem", "&", "|", "^" -> {
                    if ((flags & EXPRESSION) != 0 && List.of("&", "|", "^").contains(kind)) {
                        expression(m, p, depth + 1); // packet data as a value (meta mark set ct mark | 0x10)
                    } else if ((flags & CONSTRUCT) == 0) {
                        fail("invalid_request", p, "a constant value is expected here");
                    } else {
                        construct(kind, x, types, dt, p, q, depth, flags);
                    }
                }
                default -> {
                    if ((flags & EXPRESSION) != 0) expression(m, p, depth + 1);
                    else fail("invalid_request", q, "unknown or refused value expression '" + Names.printable(kind) + "'");
                }
            }
        } else {
            fail("invalid_request", p, "an expression is an object with exactly one member");
        }
    }

    private void construct(String kind, Object x, List<Datatype> types, Datatype dt, String p, String q, int depth, int flags) {
        switch (kind) {
            case "prefix" -> prefix(x, dt, q, depth);
            case "range" -> {
                if (!(x instanceof List<?> l) || l.size() != 2) {
                    fail("invalid_request", q, "a range takes exactly two values");
                } else {
                    value(l.get(0), types, q + "/0", depth + 1, 0);
                    value(l.get(1), types, q + "/1", depth + 1, 0);
                }
            }
            case "concat" -> {
                if (!(x instanceof List<?> l) || l.size() < 2 || l.size() > Schema.CONCATENATION_COMPONENTS_MAX) {
                    fail("invalid_request", q, "a concatenation needs 2 to " + Schema.CONCATENATION_COMPONENTS_MAX + " components");
                } else if (types.size() > 1 && types.size() != l.size()) {
                    fail("invalid_request", q, "the concatenation has " + l.size() + " components; its type has " + types.size());
                } else {
                    for (int i = 0; i < l.size(); i++) {
                        if (l.get(i) instanceof Map<?, ?> c && c.size() == 1 && c.containsKey("concat")) {
                            fail("invalid_request", q + "/" + i, "nested concatenations are not accepted");
                            return;
                        }
                        Datatype part = types.size() > 1 ? types.get(i) : Datatype.UNTYPED;
                        value(l.get(i), List.of(part), q + "/" + i, depth + 1, CONSTRUCT);
                    }
                }
            }
            case "&", "|", "^" -> {
                // constant bit operations (tcp flags & (syn|ack)): both operands of the same type
                if (!(x instanceof List<?> l) || l.size() != 2) {
                    fail("invalid_request", q, "a binary operation takes exactly two operands");
                } else {
                    value(l.get(0), types, q + "/0", depth + 1, CONSTRUCT);
                    value(l.get(1), types, q + "/1", depth + 1, CONSTRUCT);
                }
            }
            default -> { // elem
                if ((flags & ELEMENT_OBJECT) == 0) {
                    fail("invalid_request", q, "an element object is accepted only in element lists");
                } else if (fields(x, q, Map.of("val", Datatype.UNTYPED, "timeout", Datatype.INTEGER, "expires", Datatype.INTEGER,
                        "comment", Datatype.TEXT, "counter", Datatype.UNTYPED))) {
                    Map<?, ?> f = (Map<?, ?>) x;
                    if (!f.containsKey("val")) fail("invalid_request", q + "/val", "an element needs 'val'");
                    else value(f.get("val"), types, q + "/val", depth + 1, CONSTRUCT | (flags & CATCH_ALL));
                    if (f.containsKey("comment")) text(f.get("comment"), Schema.COMMENT_BYTES_MAX, q + "/comment");
                    if (f.containsKey("timeout")) integer(f.get("timeout"), 0, Schema.U32, q + "/timeout");
                    if (f.containsKey("expires")) integer(f.get("expires"), 0, Schema.U32, q + "/expires");
                }
            }
        }
    }

    /** The data of a map lookup: "@name" or {"set": [[key, value], ...]}. */
    private void mapData(Object data, List<Datatype> key, List<Datatype> valueType, String p, int depth) {
        if (data instanceof String ref) {
            if (!ref.startsWith("@")) fail("invalid_request", p, "must be \"@map\" or {\"set\": [[key, value], ...]}");
            else if (name(ref.substring(1), p)) reference("set", ref.substring(1), p);
            return;
        }
        if (!(data instanceof Map<?, ?> m) || m.size() != 1 || !m.containsKey("set")) {
            fail("invalid_request", p, "must be \"@map\" or {\"set\": [[key, value], ...]}");
            return;
        }
        Object items = m.get("set");
        List<?> list = items instanceof List<?> l ? l : List.of(items);
        if (list.isEmpty()) {
            fail("invalid_request", p + "/set", "an element list must not be empty");
            return;
        }
        elements += list.size();
        for (int i = 0; i < list.size(); i++) {
            String q = p + "/set/" + i;
            if (!(list.get(i) instanceof List<?> pair) || pair.size() != 2) {
                fail("invalid_request", q, "a map element is [key, value]");
                continue;
            }
            value(pair.get(0), key, q + "/0", depth + 1, ELEMENT);
            Datatype d = valueType.size() == 1 ? valueType.getFirst() : Datatype.UNTYPED;
            if (d == Datatype.VERDICT) verdict(pair.get(1), q + "/1");
            else value(pair.get(1), valueType, q + "/1", depth + 1, CONSTRUCT);
        }
    }

    private void verdict(Object v, String p) {
        if (!(v instanceof Map<?, ?> m) || m.size() != 1) {
            fail("invalid_request", p, "must be a verdict such as {\"accept\": null}");
            return;
        }
        String kind = String.valueOf(m.keySet().iterator().next());
        if (Schema.SIMPLE_VERDICTS.contains(kind) || Schema.CHAIN_VERDICTS.contains(kind)) statement(m, p);
        else fail("invalid_request", p, "not a verdict: '" + Names.printable(kind) + "'");
    }

    private void scalar(String s, Datatype dt, String p, int flags) {
        if (s.startsWith("@")) {
            if ((flags & SET_REF) == 0) fail("invalid_request", p, "a set reference is not accepted here");
            else if (name(s.substring(1), p)) reference("set", s.substring(1), p);
            return;
        }
        if (s.equals("*")) {
            if ((flags & CATCH_ALL) == 0) fail("invalid_request", p, "the catch-all \"*\" is accepted only as an element key");
            return;
        }
        if (Names.utf8Length(s) > Schema.STRING_BYTES_MAX) {
            fail("limit_exceeded", p, "a string may be at most " + Schema.STRING_BYTES_MAX + " bytes");
            return;
        }
        if (Schema.acceptsHexString(dt) && Schema.isHexNumber(s)) return; // a number in hex: no lookup
        switch (dt) {
            case INTEGER -> fail("lookup_refused", p, "'" + Names.printable(s) + "' is a name that libnftables would look up "
                    + "(a service, user, group or similar); give the number instead");
            case IPV4 -> { if (!Names.isIpv4(s)) fail("lookup_refused", p, notAddress(s, "an IPv4 address")); }
            case IPV6 -> { if (!Names.isIpv6(s)) fail("lookup_refused", p, notAddress(s, "an IPv6 address")); }
            case ETHER -> { if (!Names.isEther(s)) fail("lookup_refused", p, notAddress(s, "a MAC address (aa:bb:cc:dd:ee:ff)")); }
            case UNTYPED -> {
                if (!Names.isIpv4(s) && !Names.isIpv6(s) && !Names.isEther(s)) {
                    fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a number or a numeric address, and its type "
                            + "is not known here, so libnftables might resolve it as a name; give a number or address");
                }
            }
            case IFNAME -> ifname(s, true, p);
            case BOOLEAN -> fail("invalid_request", p, "a string is not accepted here");
            case TEXT -> {
                if (Names.checkName(s) != null || s.length() > 16) {
                    fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a helper name (letters, digits, _ . - /, at most 16)");
                }
            }
            case VERDICT -> fail("invalid_request", p, "a verdict is an object such as {\"accept\": null}, not a string");
            case TC_HANDLE -> {
                if (!s.equals("none") && !s.equals("root") && !s.matches("[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}")) {
                    fail("invalid_request", p, "a tc handle is none, root or major:minor in hex");
                }
            }
            default -> {
                List<String> words = Schema.SYMBOLS.getOrDefault(dt, List.of());
                if (!words.contains(s)) {
                    fail("lookup_refused", p, "'" + Names.printable(s) + "' is not a built-in " + describe(dt) + " keyword ("
                            + words + "); other names would need a lookup" + (dt == Datatype.INET_PROTO
                            ? " in /etc/protocols" : "") + ": give the number");
                }
            }
        }
    }

    private static String notAddress(String s, String what) {
        return "'" + Names.printable(s) + "' is not " + what + "; host and other names are refused because libnftables "
                + "would resolve them (DNS, /etc/hosts, /etc/ethers)";
    }

    private void prefix(Object x, Datatype dt, String q, int depth) {
        if (!(x instanceof Map<?, ?> f) || !(f.get("addr") instanceof String addr) || !f.containsKey("len")) {
            fail("invalid_request", q, "a prefix is {\"addr\": \"<address>\", \"len\": <bits>}");
            return;
        }
        for (Object k : f.keySet()) {
            if (!k.equals("addr") && !k.equals("len")) fail("invalid_request", q + "/" + pointer(String.valueOf(k)), "unknown field of prefix");
        }
        value(addr, List.of(dt), q + "/addr", depth + 1);
        if (!(f.get("len") instanceof Number n) || n instanceof Double || n instanceof Float) {
            fail("invalid_request", q + "/len", "the prefix length must be an integer");
            return;
        }
        long len = n.longValue();
        int bits = Names.isIpv4(addr) ? 32 : Names.isIpv6(addr) ? 128 : -1;
        if (len < 0 || (bits > 0 && len > bits)) {
            fail("invalid_request", q + "/len", "a /" + len + " prefix is wider than " + (bits == 32 ? "an IPv4" : "an IPv6")
                    + " address (" + bits + " bits)");
        }
    }

    private void elements(List<?> list, ObjectRef set, String path) {
        elements += list.size();
        int element = NAMED_ELEMENT;
        List<Datatype> key = setKey(set);
        Datatype data = batchMapData.get(set);
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            String p = path + "/" + i;
            List<Datatype> k = key.isEmpty() ? List.of(Datatype.UNTYPED) : key;
            if (data != null) {
                if (!(e instanceof List<?> pair) || pair.size() != 2) {
                    fail("invalid_request", p, "a map element is [key, value]");
                    continue;
                }
                value(pair.get(0), k, p + "/0", 0, element);
                if (data == Datatype.VERDICT) verdict(pair.get(1), p + "/1");
                else value(pair.get(1), List.of(data), p + "/1", 0, CONSTRUCT);
            } else if (e instanceof List<?> && batchSets.containsKey(set)) {
                fail("invalid_request", p, "a set element is a value, not an array");
            } else if (e instanceof List<?> pair) {
                // a map declared outside this batch: [key, value] with types unknown here
                for (int j = 0; j < pair.size(); j++) value(pair.get(j), List.of(Datatype.UNTYPED), p + "/" + j, 0, element);
            } else {
                value(e, k, p, 0, element);
            }
        }
    }

    // ---- small checks ------------------------------------------------------------------------------

    /** An object with only the listed fields; returns false (after reporting) when it is not an object. */
    private boolean fields(Object v, String p, Map<String, Datatype> allowed) {
        if (!(v instanceof Map<?, ?> f)) {
            fail("invalid_request", p, "must be an object with fields " + allowed.keySet().stream().sorted().toList());
            return false;
        }
        boolean ok = true;
        for (Map.Entry<?, ?> e : f.entrySet()) {
            String n = String.valueOf(e.getKey());
            Datatype dt = allowed.get(n);
            String q = p + "/" + pointer(n);
            if (dt == null) {
                fail("invalid_request", q, "unknown field '" + Names.printable(n) + "'; known: " + allowed.keySet().stream().sorted().toList());
                ok = false;
            } else if (dt == Datatype.INTEGER) {
                if (e.getValue() instanceof String s) scalar(s, Datatype.INTEGER, q, 0);
                else integer(e.getValue(), 0, Schema.INTEGER_MAX, q);
            } else if (dt == Datatype.BOOLEAN && !(e.getValue() instanceof Boolean)) {
                fail("invalid_request", q, "must be true or false");
            }
        }
        return ok;
    }

    private boolean name(Object v, String path) {
        if (!(v instanceof String s)) {
            fail("invalid_request", path, "a name must be a string");
            return false;
        }
        String why = Names.checkName(s);
        if (why != null) {
            fail(Names.utf8Length(s) > Schema.NAME_BYTES_MAX ? "limit_exceeded" : "invalid_request", path,
                    why + ": '" + Names.printable(s) + "'");
            return false;
        }
        return true;
    }

    private void ifname(Object v, boolean wildcard, String path) {
        if (!(v instanceof String s)) {
            fail("invalid_request", path, "an interface name must be a string (by index would need a lookup)");
            return;
        }
        String why = Names.checkInterfaceName(s, wildcard);
        if (why != null) {
            fail(Names.utf8Length(s) > Schema.IFNAME_BYTES_MAX ? "limit_exceeded" : "invalid_request", path,
                    why + ": '" + Names.printable(s) + "'");
        }
    }

    private void text(Object v, int max, String path) {
        if (!(v instanceof String s)) {
            fail("invalid_request", path, "must be a string");
            return;
        }
        String why = Names.checkText(s, max);
        if (why != null) {
            fail(Names.utf8Length(s) > max ? "limit_exceeded" : "invalid_request", path, why + ": '" + Names.printable(s) + "'");
        }
    }

    private void keyword(Object v, List<String> words, String path) {
        if (!(v instanceof String s) || !words.contains(s)) {
            fail("invalid_request", path, describe(v) + " is not one of " + words);
        }
    }

    private void integer(Object v, long min, long max, String path) {
        if (v instanceof String s) {
            fail("invalid_request", path, "expected a number, not the string '" + Names.printable(s) + "'");
            return;
        }
        if (!(v instanceof Number n)) {
            fail("invalid_request", path, "expected an integer, not " + describe(v));
            return;
        }
        if (!number(n, path)) return;
        if (n instanceof java.math.BigInteger || n.longValue() < min || n.longValue() > max) {
            fail("invalid_request", path, n + " is out of range " + min + ".." + max);
        }
    }

    /** Integers only (floats are refused as invalid_json, as the helper's parser does). */
    private boolean number(Number n, String path) {
        if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
            fail("invalid_json", path, "numbers must be integers, not " + n);
            return false;
        }
        if (n instanceof java.math.BigInteger b && b.bitLength() > 63) {
            fail("invalid_request", path, "numbers must be at most 2^53-1, not " + n);
            return false;
        }
        return true;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "'" + Names.printable(s) + "'";
            case Datatype d -> d.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            default -> String.valueOf(v);
        };
    }

    /** Escapes a key for a JSON Pointer (RFC 6901). */
    static String pointer(String key) { return key.replace("~", "~0").replace("/", "~1"); }

    private void fail(String code, String path, String message) {
        problems.add(new Problem(code, index, path, message));
    }

    int elementCount() { return elements; }
}
