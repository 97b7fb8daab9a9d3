package org.nftj.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NotFoundException;
import org.nftj.api.Result;
import org.nftj.api.Table;
import tools.jackson.jr.ob.JSON;

/**
 * {@code sync FILE}: brings the tables named in FILE to exactly FILE's content. The plan compares
 * the listed state with the desired one object by object; the change replaces each table that
 * differs (add, delete, re-create with every chain, set and rule) in one kernel transaction, so
 * the firewall is never seen half-synced.
 */
final class SyncCommand {
    private static final List<String> KINDS = List.of("table", "chain", "set", "map", "rule", "element");
    /** Fields the kernel assigns; they do not make two objects different. */
    private static final Set<String> ASSIGNED = Set.of("handle", "index", "position");

    private SyncCommand() {}

    /** The state of one table: its chains, sets and rules keyed for comparison. */
    record State(boolean exists, Map<String, Map<String, Object>> chains, Map<String, Map<String, Object>> sets,
                 List<Map<String, Object>> rules) {
        static State empty() {
            return new State(false, new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
        }
    }

    /** One line of the plan. */
    record Change(char sign, String what) {
        @Override public String toString() { return sign + " " + what; }
    }

    static Report run(Ctx ctx, Args a) throws CliException, NftjException {
        String file = a.positional(1, 1, "sync").getFirst();
        Map<String, State> desired = parse(FileCommands.read(file), file);
        List<Change> plan = new ArrayList<>();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        try (Nftj nft = ctx.open()) {
            for (Map.Entry<String, State> e : desired.entrySet()) {
                String[] ft = e.getKey().split(" ", 2);
                State current;
                try {
                    current = state(nft.list(new Table(FileCommands.family(ft[0], "sync"), ft[1])), e.getKey());
                } catch (NotFoundException nf) {
                    current = State.empty();
                }
                plan.addAll(diff(e.getKey(), current, e.getValue()));
            }
            json.put("plan", plan.stream().map(Change::toString).toList());
            boolean apply = !plan.isEmpty() && !a.has("--plan");
            StringBuilder text = new StringBuilder();
            if (plan.isEmpty()) {
                text.append("in sync: nothing to do\n");
            } else {
                text.append("plan (").append(plan.size()).append(plan.size() == 1 ? " change" : " changes").append("):\n");
                plan.forEach(c -> text.append("  ").append(c).append('\n'));
            }
            if (apply) {
                // The plan goes to stderr first when a person watches, so it is seen before the change.
                if (ctx.progress()) {
                    ctx.err().print(text);
                    ctx.err().flush();
                }
                Result r = nft.applyJson(JSON.std.asString(Map.of("nftables", replacement(desired))), false);
                json.put("batchSha256", r.batchSha256());
                text.append("applied as one transaction (batch sha256 ").append(r.batchSha256()).append(")\n");
            } else if (!plan.isEmpty()) {
                text.append("not applied (--plan)\n");
            }
            json.put("applied", apply);
            return Report.ok(json, text.toString());
        }
    }

    /** Groups a libnftables document (objects, or add/create commands) by table. */
    static Map<String, State> parse(String document, String file) throws CliException {
        Object tree;
        try {
            tree = JSON.std.anyFrom(document);
        } catch (RuntimeException e) {
            throw new CliException(ExitCode.FAILED, "invalid_json", file + " is not JSON: " + e.getMessage(), "check the file");
        }
        if (!(tree instanceof Map<?, ?> root) || !(root.get("nftables") instanceof List<?> list)) {
            throw new CliException(ExitCode.FAILED, "invalid_request", file + ": expected {\"nftables\": [...]}",
                    "nftj list --json TABLE > FILE gives a file to start from");
        }
        Map<String, State> out = new LinkedHashMap<>();
        for (Object o : list) {
            Map<String, Object> obj = object(o);
            if (obj == null) continue;
            String kind = obj.keySet().iterator().next();
            Map<String, Object> body = asMap(obj.get(kind));
            String table = body.get("family") + " " + (kind.equals("table") ? body.get("name") : body.get("table"));
            State s = out.computeIfAbsent(table, k -> new State(true, new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>()));
            add(s, kind, body);
        }
        if (out.isEmpty()) {
            throw new CliException(ExitCode.FAILED, "invalid_request", file + " names no table", "sync needs at least one table");
        }
        return out;
    }

    /** {@code {"chain":{...}}} or {@code {"add":{"chain":{...}}}}; null for metainfo. */
    private static Map<String, Object> object(Object o) throws CliException {
        if (!(o instanceof Map<?, ?> m) || m.size() != 1) {
            throw new CliException(ExitCode.FAILED, "invalid_request", "every entry must be one object or one add command",
                    "see nftj sync --help");
        }
        String k = String.valueOf(m.keySet().iterator().next());
        if (k.equals("metainfo")) return null;
        if (k.equals("add") || k.equals("create")) return object(m.get(k));
        if (!KINDS.contains(k)) {
            throw new CliException(ExitCode.FAILED, "invalid_request", "sync describes state: '" + k + "' is not a table, chain, "
                    + "set, map, rule or element", "use apply for commands other than add");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(k, asMap(m.get(k)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) throws CliException {
        if (!(o instanceof Map<?, ?> m)) {
            throw new CliException(ExitCode.FAILED, "invalid_request", "an object's body must be a JSON object", "see nftj sync --help");
        }
        Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
        copy.keySet().removeAll(ASSIGNED);
        return copy;
    }

    private static void add(State s, String kind, Map<String, Object> body) {
        switch (kind) {
            case "chain" -> s.chains().put(String.valueOf(body.get("name")), body);
            case "set", "map" -> s.sets().put(kind + " " + body.get("name"), body);
            case "rule" -> s.rules().add(body);
            case "element" -> {
                Map<String, Object> set = s.sets().get("set " + body.get("name"));
                if (set == null) set = s.sets().get("map " + body.get("name"));
                if (set != null) {
                    List<Object> elems = new ArrayList<>(set.get("elem") instanceof List<?> l ? l : List.of());
                    if (body.get("elem") instanceof List<?> l) elems.addAll(l);
                    set.put("elem", elems);
                }
            }
            default -> { }
        }
    }

    static State state(List<Map<String, Object>> listed, String table) throws CliException {
        State s = new State(true, new LinkedHashMap<>(), new LinkedHashMap<>(), new ArrayList<>());
        for (Map<String, Object> o : listed) {
            Map<String, Object> obj = object(o);
            if (obj == null) continue;
            String kind = obj.keySet().iterator().next();
            if (!kind.equals("table")) add(s, kind, asMap(obj.get(kind)));
        }
        return s;
    }

    static List<Change> diff(String table, State current, State desired) {
        List<Change> out = new ArrayList<>();
        if (!current.exists()) out.add(new Change('+', "table " + table));
        compare(out, "chain " + table + " ", current.chains(), desired.chains());
        compare(out, "", prefixed(current.sets(), table), prefixed(desired.sets(), table));
        Map<Object, Integer> have = new HashMap<>();
        for (Map<String, Object> r : current.rules()) have.merge(ruleKey(r), 1, Integer::sum);
        Map<Object, Integer> want = new HashMap<>();
        for (Map<String, Object> r : desired.rules()) want.merge(ruleKey(r), 1, Integer::sum);
        for (Map<String, Object> r : desired.rules()) {
            Object k = ruleKey(r);
            if (have.getOrDefault(k, 0) > 0) have.merge(k, -1, Integer::sum);
            else out.add(new Change('+', "rule " + table + " " + r.get("chain") + ": " + Render.expressions(r.get("expr"))));
        }
        for (Map<String, Object> r : current.rules()) {
            Object k = ruleKey(r);
            if (want.getOrDefault(k, 0) > 0) want.merge(k, -1, Integer::sum);
            else out.add(new Change('-', "rule " + table + " " + r.get("chain") + ": " + Render.expressions(r.get("expr"))));
        }
        return out;
    }

    private static Map<String, Map<String, Object>> prefixed(Map<String, Map<String, Object>> sets, String table) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        sets.forEach((k, v) -> {
            String[] kn = k.split(" ", 2);
            out.put(kn[0] + " " + table + " " + kn[1], v);
        });
        return out;
    }

    private static void compare(List<Change> out, String prefix, Map<String, Map<String, Object>> have,
                                Map<String, Map<String, Object>> want) {
        for (Map.Entry<String, Map<String, Object>> w : want.entrySet()) {
            Map<String, Object> h = have.get(w.getKey());
            if (h == null) out.add(new Change('+', prefix + w.getKey()));
            else if (!comparable(h).equals(comparable(w.getValue()))) out.add(new Change('~', prefix + w.getKey()));
        }
        for (String k : have.keySet()) if (!want.containsKey(k)) out.add(new Change('-', prefix + k));
    }

    /** An object without counter values, with set elements as a set (their order is not state). */
    private static Object comparable(Object o) {
        if (o instanceof Map<?, ?> m) {
            Map<Object, Object> out = new HashMap<>();
            m.forEach((k, v) -> {
                if ("counter".equals(k)) out.put(k, "counter");
                else if ("elem".equals(k) && v instanceof List<?> l) out.put(k, new LinkedHashSet<>(l.stream().map(SyncCommand::comparable).toList()));
                else out.put(k, comparable(v));
            });
            return out;
        }
        if (o instanceof List<?> l) return l.stream().map(SyncCommand::comparable).toList();
        if (o instanceof Number n) return n.longValue();
        return o;
    }

    private static Object ruleKey(Map<String, Object> rule) {
        return List.of(String.valueOf(rule.get("chain")), comparable(rule.get("expr")),
                Objects.toString(rule.get("comment"), ""));
    }

    /** add table; delete table; then the table with everything in it: one batch, one transaction. */
    static List<Map<String, Object>> replacement(Map<String, State> desired) {
        List<Map<String, Object>> cmds = new ArrayList<>();
        for (Map.Entry<String, State> e : desired.entrySet()) {
            String[] ft = e.getKey().split(" ", 2);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("family", ft[0]);
            t.put("name", ft[1]);
            cmds.add(Map.of("add", Map.of("table", t)));
            cmds.add(Map.of("delete", Map.of("table", t)));
            cmds.add(Map.of("add", Map.of("table", t)));
            State s = e.getValue();
            s.chains().values().forEach(c -> cmds.add(Map.of("add", Map.of("chain", c))));
            s.sets().forEach((k, v) -> cmds.add(Map.of("add", Map.of(k.split(" ", 2)[0], v))));
            s.rules().forEach(r -> cmds.add(Map.of("add", Map.of("rule", r))));
        }
        return cmds;
    }
}
