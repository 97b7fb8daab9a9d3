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
 * Commands and the objects they carry (libnftables-json(5) COMMAND OBJECTS and RULESET ELEMENTS).
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
                if (kind == ObjectKind.MAP && f.get("map") instanceof String data) {
                    Datatype d = Schema.SET_TYPES.getOrDefault(data, Schema.MAP_ONLY_TYPES.get(data));
                    if (d != null) c.batchMapData.put(ref, d);
                }
            }
            default -> { }
        }
    }

    static List<Datatype> keyTypes(Object type) {
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

    void object(Verb verb, ObjectKind kind, Usage usage, Map<?, ?> fields, String path) {
        List<Field> known = Schema.objectFields(kind, usage);
        for (Map.Entry<?, ?> f : fields.entrySet()) {
            String name = String.valueOf(f.getKey());
            Field field = known.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
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
        required(verb, kind, fields, path);
        if (c.family == null || c.table == null) return;
        switch (kind) {
            case CHAIN -> { if (usage == Usage.ADD) baseChain(fields, path); }
            case SET, MAP -> { if (usage == Usage.ADD) setDeclaration(kind, fields, path); }
            case RULE -> {
                if (fields.get("chain") instanceof String chain) c.reference("chain", chain, path + "/chain");
                if (fields.get("expr") instanceof List<?> l) c.statements.statements(l, path + "/expr");
            }
            case ELEMENT -> {
                if (fields.get("name") instanceof String s) {
                    c.reference("set", s, path + "/name");
                    if (fields.get("elem") instanceof List<?> l) elements(l, new ObjectRef(c.family, c.table, s), path + "/elem");
                }
            }
            default -> { }
        }
        if ((kind == ObjectKind.SET || kind == ObjectKind.MAP) && usage == Usage.ADD
                && fields.get("elem") instanceof List<?> l && fields.get("name") instanceof String s) {
            elements(l, new ObjectRef(c.family, c.table, s), path + "/elem");
        }
    }

    void required(Verb verb, ObjectKind kind, Map<?, ?> fields, String path) {
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
            c.fail("invalid_request", path + "/index", "a rule position is given by handle or by index, not both");
        }
        for (String n : need) {
            if (!fields.containsKey(n)) {
                c.fail("invalid_request", path + "/" + n, verb.json() + " " + kind.json() + " needs '" + n + "'");
            }
        }
    }

    void baseChain(Map<?, ?> f, String path) {
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

    void setDeclaration(ObjectKind kind, Map<?, ?> f, String path) {
        if (!f.containsKey("type")) c.fail("invalid_request", path + "/type", kind.json() + " needs 'type', the key type (e.g. \"ipv4_addr\")");
        if (kind == ObjectKind.MAP && !f.containsKey("map")) {
            c.fail("invalid_request", path + "/map", "map needs 'map', the data type (e.g. \"verdict\")");
        }
        if (kind == ObjectKind.SET && f.containsKey("map")) {
            c.fail("invalid_request", path + "/map", "a set has no data type; declare a map instead");
        }
    }

    void elements(List<?> list, ObjectRef set, String path) {
        c.elements += list.size();
        int element = NAMED_ELEMENT;
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
                // a map declared outside this batch: [key, value] with types unknown here
                for (int j = 0; j < pair.size(); j++) c.expressions.value(pair.get(j), List.of(Datatype.UNTYPED), p + "/" + j, 0, element);
            } else {
                c.expressions.value(e, k, p, 0, element);
            }
        }
    }
}
