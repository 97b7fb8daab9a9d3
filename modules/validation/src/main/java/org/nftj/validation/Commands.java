package org.nftj.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nftj.validation.Checker.ObjectRef;
import org.nftj.validation.Schema.Datatype;
import org.nftj.validation.Schema.Field;
import org.nftj.validation.Schema.ObjectKind;
import org.nftj.validation.Schema.Usage;
import org.nftj.validation.Schema.Verb;

import static org.nftj.validation.Expressions.CONSTRUCT;
import static org.nftj.validation.Expressions.NAMED_ELEMENT;

/**
 * Commands and the objects they carry: libnftables-json(5) COMMAND OBJECTS and RULESET ELEMENTS.
 *
 * <p>Grammar: table chain rule set map element flowtable counter quota ctHelper limit ctTimeout
 *   ctExpectation secmark synproxy
 *
 * <p>These are its check functions, one per object, named after its JSON key, in the order of
 * libnftables-json(5) and then the objects nft accepts beyond it, alphabetically. The helper's
 * helper-zig/src/validate/commands.zig lists the same functions in the same order
 * (ValidatorMirrorTest compares the two lists), so the same rule can be found on both sides.
 * {@link #command} reads the verb and the object kind and checks the fields every object shares
 * against {@link Schema}; each check function then adds what its object requires.
 */
final class Commands {
    private final Checker c;

    Commands(Checker c) {
        this.c = c;
    }

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
        if (kind == ObjectKind.TABLE && f.get("name") instanceof String n) c.batchTables.add(new TableRef(fam, n));
        if (!(f.get("table") instanceof String t) || !(f.get("name") instanceof String n)) return;
        ObjectRef ref = new ObjectRef(fam, t, n);
        switch (kind) {
            case CHAIN -> c.batchChains.add(ref);
            case SET, MAP -> {
                c.batchSets.put(ref, keyTypes(f.get("type")));
                if (kind == ObjectKind.SET) c.batchPlainSets.add(ref);
                if (kind == ObjectKind.MAP && f.get("map") instanceof String data) {
                    Datatype d = Schema.SET_TYPES.getOrDefault(data, Schema.MAP_ONLY_TYPES.get(data));
                    if (d != null) c.batchMapData.put(ref, d);
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
        c.index = commandIndex;
        c.family = null;
        c.table = null;
        if (!(command instanceof Map<?, ?> m) || m.size() != 1) {
            c.fail("invalid_request", "", "a command is an object with exactly one verb, e.g. {\"add\": {...}}");
            return null;
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String verbName = String.valueOf(e.getKey());
        Verb verb = Schema.verb(verbName);
        String path = "/" + Checker.pointer(verbName);
        if (verb == null) {
            c.fail("invalid_request", path, "unknown command '" + Names.printable(verbName) + "'; known: "
                    + List.of("add", "create", "insert", "replace", "delete", "list", "reset", "flush", "rename"));
            return null;
        }
        if (!(e.getValue() instanceof Map<?, ?> body) || body.size() != 1) {
            c.fail("invalid_request", path, "'" + verbName + "' takes an object with exactly one object kind, e.g. {\"table\": {...}}");
            return verb;
        }
        Map.Entry<?, ?> o = body.entrySet().iterator().next();
        String kindName = String.valueOf(o.getKey());
        ObjectKind kind = Schema.objectKind(kindName);
        path += "/" + Checker.pointer(kindName);
        if (kind == null) {
            c.fail("invalid_request", path, "unknown object '" + Names.printable(kindName) + "'");
            return verb;
        }
        if (!Schema.verbAccepts(verb, kind)) {
            c.fail("invalid_request", path, "'" + verbName + "' does not apply to '" + kindName + "'");
            return verb;
        }
        if (kind == ObjectKind.RULESET || kind == ObjectKind.TABLES) {
            if (o.getValue() != null && !(o.getValue() instanceof Map<?, ?> empty && empty.isEmpty())) {
                c.fail("invalid_request", path, "'" + kindName + "' takes null");
            }
            return verb;
        }
        if (!(o.getValue() instanceof Map<?, ?> fields)) {
            c.fail("invalid_request", path, "'" + kindName + "' must be an object");
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

    /** The fields every object shares (known, not null, well typed), then the object's own checks. */
    private void object(Verb verb, ObjectKind kind, Usage usage, Map<?, ?> fields, String path) {
        List<Field> known = Schema.objectFields(kind, usage);
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            String name = String.valueOf(f.getKey());
            Field field = null;
            for (Field k : known) {
                if (k.name().equals(name)) {
                    field = k;
                    break;
                }
            }
            if (field == null) {
                c.fail("invalid_request", path + "/" + Checker.pointer(name), "unknown field '" + Names.printable(name) + "' for "
                        + verb.json() + " " + kind.json() + "; known: " + known.stream().map(Field::name).toList());
                continue;
            }
            if (f.getValue() == null) {
                c.fail("invalid_request", path + "/" + Checker.pointer(name), "'" + name + "' must not be null");
                continue;
            }
            c.field(field, f.getValue(), path + "/" + Checker.pointer(name));
        }
        c.family = fields.get("family") instanceof String s && Schema.FAMILIES.contains(s) ? s : null;
        Object tableName = kind == ObjectKind.TABLE ? fields.get("name") : fields.get("table");
        c.table = tableName instanceof String t && Names.checkName(t) == null ? t : null;
        if (c.family != null && c.table != null) c.tables.add(new TableRef(c.family, c.table));
        switch (kind) {
            case TABLE -> table(verb, fields, path);
            case CHAIN -> chain(verb, usage, fields, path);
            case RULE -> rule(verb, fields, path);
            case SET -> set(verb, usage, fields, path);
            case MAP -> map(verb, usage, fields, path);
            case ELEMENT -> element(verb, fields, path);
            case FLOWTABLE -> flowtable(verb, fields, path);
            case COUNTER -> counter(verb, fields, path);
            case QUOTA -> quota(verb, fields, path);
            case CT_HELPER -> ctHelper(verb, fields, path);
            case LIMIT -> limit(verb, fields, path);
            case CT_TIMEOUT -> ctTimeout(verb, fields, path);
            case CT_EXPECTATION -> ctExpectation(verb, fields, path);
            case SECMARK -> secmark(verb, fields, path);
            case SYNPROXY -> synproxy(verb, fields, path);
            case RULESET, TABLES -> throw new IllegalArgumentException("checked by command(): " + kind.json());
        }
    }

    // ---- the objects, in the order of the header ------------------------------------------------

    private void table(Verb verb, Map<?, ?> f, String path) {
        need(verb, ObjectKind.TABLE, f, path, f.containsKey("handle") ? List.of() : List.of("name"));
        if (f.get("flags") != null) tableFlags(f.get("flags"), f.get("name"), path + "/flags");
    }

    /**
     * "dormant", "owner", or an array of them; nft 1.0.6 lists a table's flags as the table's own
     * name, which is taken as well (libnftables reads and ignores a table's flags in JSON).
     */
    private void tableFlags(Object flags, Object tableName, String path) {
        if (flags instanceof String s) {
            if (!s.equals(tableName)) c.keyword(s, Schema.TABLE_FLAGS, path);
        } else if (!(flags instanceof List<?> l) || l.isEmpty() || l.size() > Schema.TABLE_FLAGS.size()) {
            c.fail("invalid_request", path, "must be a flag or an array of flags");
        } else {
            for (int i = 0; i < l.size(); i++) c.keyword(l.get(i), Schema.TABLE_FLAGS, path + "/" + i);
        }
    }

    /**
     * A regular chain, or a base chain: type, hook and prio together, a hook its family has (with
     * the device an ingress or egress hook attaches to), a chain type allowed there.
     */
    private void chain(Verb verb, Usage usage, Map<?, ?> f, String path) {
        named(verb, ObjectKind.CHAIN, f, path);
        if (!located() || usage != Usage.ADD) return;
        boolean any = f.containsKey("type") || f.containsKey("hook") || f.containsKey("prio") || f.containsKey("policy")
                || f.containsKey("dev");
        if (!any) return; // a regular chain
        for (String n : List.of("type", "hook", "prio")) {
            if (!f.containsKey(n)) {
                c.fail("invalid_request", path + "/" + n, "a base chain needs type, hook and prio together; '" + n
                        + "' is missing (leave out type, hook, prio, policy and dev for a regular chain)");
            }
        }
        if (f.get("hook") instanceof String hook && Schema.CHAIN_HOOKS.contains(hook)) {
            List<String> hooks = switch (c.family) {
                case "ip", "ip6", "bridge" -> List.of("prerouting", "input", "forward", "output", "postrouting");
                case "inet" -> List.of("prerouting", "input", "forward", "output", "postrouting", "ingress");
                case "arp" -> List.of("input", "output");
                case "netdev" -> List.of("ingress", "egress");
                default -> List.of();
            };
            if (!hooks.contains(hook)) {
                c.fail("invalid_request", path + "/hook", "family " + c.family + " has no hook '" + hook + "'; it has " + hooks);
            } else if ((hook.equals("ingress") || hook.equals("egress")) && !f.containsKey("dev")) {
                c.fail("invalid_request", path + "/dev", "an " + hook + " chain needs 'dev', the interface it attaches to");
            }
        }
        if (f.get("type") instanceof String type) {
            boolean ipFamily = c.family.equals("ip") || c.family.equals("ip6") || c.family.equals("inet");
            if (type.equals("nat") && !ipFamily) {
                c.fail("invalid_request", path + "/type", "nat chains exist only in the ip, ip6 and inet families");
            } else if (type.equals("route") && (!ipFamily || !"output".equals(f.get("hook")))) {
                c.fail("invalid_request", path + "/type", "route chains exist only in ip, ip6 and inet, at the output hook");
            }
        }
    }

    /** A rule: its position, its chain (which must exist), its statements. */
    private void rule(Verb verb, Map<?, ?> f, String path) {
        if (f.containsKey("handle") && f.containsKey("index")) {
            c.fail("invalid_request", path + "/index", "a rule position is given by handle or by index, not both");
        }
        List<String> need = new ArrayList<>(List.of("table", "chain"));
        if (verb == Verb.ADD || verb == Verb.CREATE || verb == Verb.INSERT || verb == Verb.REPLACE) need.add("expr");
        if (verb == Verb.REPLACE || verb == Verb.DELETE) need.add("handle");
        need(verb, ObjectKind.RULE, f, path, need);
        if (!located()) return;
        if (f.get("chain") instanceof String chain) c.reference("chain", chain, path + "/chain");
        if (f.get("expr") instanceof List<?> l) c.statements.statements(l, path + "/expr");
    }

    /** A set declaration needs its key type and has no data type; its elements are typed by the key. */
    private void set(Verb verb, Usage usage, Map<?, ?> f, String path) {
        named(verb, ObjectKind.SET, f, path);
        if (!located() || usage != Usage.ADD) return;
        if (!f.containsKey("type")) c.fail("invalid_request", path + "/type", "set needs 'type', the key type (e.g. \"ipv4_addr\")");
        if (f.containsKey("map")) c.fail("invalid_request", path + "/map", "a set has no data type; declare a map instead");
        declaredElements(f, path);
    }

    /** A map declaration needs its key type and its data type; its elements are typed by both. */
    private void map(Verb verb, Usage usage, Map<?, ?> f, String path) {
        named(verb, ObjectKind.MAP, f, path);
        if (!located() || usage != Usage.ADD) return;
        if (!f.containsKey("type")) c.fail("invalid_request", path + "/type", "map needs 'type', the key type (e.g. \"ipv4_addr\")");
        if (!f.containsKey("map")) c.fail("invalid_request", path + "/map", "map needs 'map', the data type (e.g. \"verdict\")");
        // A known crash shape: libnftables 1.0.6 turns a map whose data is an array (a
        // concatenation) into a set without data, and snat/dnat to a lookup in it dereferences NULL.
        if (f.get("map") instanceof List<?>) {
            c.fail("invalid_request", path + "/map", "a map's data type must be one type: libnftables 1.0.6 creates a set instead of a map for concatenated data");
        }
        declaredElements(f, path);
    }

    /** Elements of a named set or map, which must exist; typed by its declaration when it is known. */
    private void element(Verb verb, Map<?, ?> f, String path) {
        need(verb, ObjectKind.ELEMENT, f, path, List.of("table", "name", "elem"));
        if (!located() || !(f.get("name") instanceof String s)) return;
        c.reference("set", s, path + "/name");
        if (f.get("elem") instanceof List<?> l) elements(l, new ObjectRef(c.family, c.table, s), path + "/elem", false);
    }

    private void flowtable(Verb verb, Map<?, ?> f, String path) {
        need(verb, ObjectKind.FLOWTABLE, f, path, verb == Verb.ADD || verb == Verb.CREATE
                ? List.of("table", "name", "hook", "prio", "dev") : List.of("table", "name"));
    }

    private void counter(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.COUNTER, f, path); }

    private void quota(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.QUOTA, f, path); }

    private void ctHelper(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.CT_HELPER, f, path); }

    private void limit(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.LIMIT, f, path); }

    private void ctTimeout(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.CT_TIMEOUT, f, path); }

    private void ctExpectation(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.CT_EXPECTATION, f, path); }

    private void secmark(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.SECMARK, f, path); }

    private void synproxy(Verb verb, Map<?, ?> f, String path) { named(verb, ObjectKind.SYNPROXY, f, path); }

    // ---- what the objects share -----------------------------------------------------------------

    /** True when the command names a valid family and table: the checks that need them can run. */
    private boolean located() { return c.family != null && c.table != null; }

    /**
     * An object of a table known by its name: the table, the name (unless a handle identifies it,
     * which only adding does not accept) and, to rename it, the new name.
     */
    private void named(Verb verb, ObjectKind kind, Map<?, ?> f, String path) {
        List<String> need = new ArrayList<>(List.of("table"));
        if (!f.containsKey("handle") || verb == Verb.ADD || verb == Verb.CREATE) need.add("name");
        if (verb == Verb.RENAME) need.add("newname");
        need(verb, kind, f, path, need);
    }

    /** Reports each field the object lacks: its family, then {@code names}. */
    private void need(Verb verb, ObjectKind kind, Map<?, ?> f, String path, List<String> names) {
        need(verb, kind, f, path, "family");
        for (String n : names) need(verb, kind, f, path, n);
    }

    private void need(Verb verb, ObjectKind kind, Map<?, ?> f, String path, String n) {
        if (!f.containsKey(n)) c.fail("invalid_request", path + "/" + n, verb.json() + " " + kind.json() + " needs '" + n + "'");
    }

    /**
     * The elements a set or map declaration carries. Only here may a named set hold the catch-all
     * "*", and only without the "interval" flag: libnftables 1.0.6 dereferences NULL on "*" in a
     * named interval set (it crashed the helper, and nft itself), and an element command cannot
     * know the flags of a set made earlier ({@code add set} of an existing set is a no-op).
     */
    private void declaredElements(Map<?, ?> f, String path) {
        if (f.get("elem") instanceof List<?> l && f.get("name") instanceof String s) {
            elements(l, new ObjectRef(c.family, c.table, s), path + "/elem", !hasFlag(f, "interval"));
        }
    }

    /** Whether a set's "flags" (a string or an array) include {@code flag}; malformed flags count as holding it. */
    private static boolean hasFlag(Map<?, ?> f, String flag) {
        Object flags = f.get("flags");
        if (flags == null) return false;
        if (flags instanceof String s) return s.equals(flag);
        if (!(flags instanceof List<?> l)) return true;
        return l.contains(flag);
    }

    /** Whether a map element's data is a verdict ({"accept": null}, {"jump": {"target": …}}). */
    private static boolean isVerdict(Object data) {
        return data instanceof Map<?, ?> m && m.size() == 1 && (Schema.SIMPLE_VERDICTS.contains(String.valueOf(m.keySet().iterator().next()))
                || Schema.CHAIN_VERDICTS.contains(String.valueOf(m.keySet().iterator().next())));
    }

    /** An element list of a named set or map: keys typed by its declaration, map data by its data type. */
    private void elements(List<?> list, ObjectRef set, String path, boolean catchAll) {
        c.elements += list.size();
        int element = catchAll ? Expressions.ELEMENT : NAMED_ELEMENT;
        List<Datatype> key = c.setKey(set);
        Datatype data = c.batchMapData.get(set);
        for (int i = 0; i < list.size(); i++) {
            Object e = list.get(i);
            String p = path + "/" + i;
            List<Datatype> k = key.isEmpty() ? List.of(Datatype.UNTYPED) : key;
            if (data != null) {
                if (!(e instanceof List<?> pair) || pair.size() != 2) {
                    c.fail("invalid_request", p, "a map element is [key, value]");
                    continue;
                }
                c.expressions.value(pair.get(0), k, p + "/0", 0, element);
                if (data == Datatype.VERDICT) c.expressions.verdict(pair.get(1), p + "/1");
                else c.expressions.value(pair.get(1), List.of(data), p + "/1", 0, CONSTRUCT);
            } else if (e instanceof List<?> && c.batchSets.containsKey(set)) {
                c.fail("invalid_request", p, "a set element is a value, not an array");
            } else if (e instanceof List<?> pair) {
                // a map declared outside this batch: [key, value] with types unknown here (the
                // helper checks them against the map's type, which it reads from the kernel)
                if (pair.size() != 2) {
                    c.fail("invalid_request", p, "a map element is [key, value]");
                    continue;
                }
                c.expressions.value(pair.get(0), List.of(Datatype.UNTYPED), p + "/0", 0, element);
                if (isVerdict(pair.get(1))) c.expressions.verdict(pair.get(1), p + "/1");
                else c.expressions.value(pair.get(1), List.of(Datatype.UNTYPED), p + "/1", 0, CONSTRUCT);
            } else {
                c.expressions.value(e, k, p, 0, element);
            }
        }
    }
}
