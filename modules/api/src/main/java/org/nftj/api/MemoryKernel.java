package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nftj.api.expr.NftJson;

/**
 * The in-memory kernel behind {@link FakeNftj}: a backend that applies libnftables JSON batches to
 * tables held in memory with the semantics nft 1.0.6 and the kernel show (the contract suite runs
 * the same tests against it and against the real helper). A batch is validated by the real Java
 * validator, judged by the policy (owned tables, allowed operations) as the helper judges it, then
 * applied to a copy of the state that replaces the state only when every command succeeded and the
 * batch is not a dry run: all of it, or nothing.
 *
 * <p>What it holds: tables; chains (base chains with type, hook, priority, policy); rules with
 * handles (append, insert, at a handle, replace, delete); sets and maps with their elements
 * ({@link MemorySet}; a {@code constant} one refuses elements after its declaration, in the
 * helper's words); named stateful objects and flowtables as their JSON. Handles are given per
 * table in the order objects are made, as the kernel gives them (an anonymous set in a rule takes
 * one too). Listings are in nft's order: the table, its named objects, sets and maps, flowtables,
 * chains, then the rules chain by chain. Not modelled: packets (counters stay at zero), element
 * timeouts expiring, rule expressions rewritten as nft lists them (a rule is listed as it was
 * added).
 */
final class MemoryKernel implements Backend {
    /** The tables this kernel lets its client use ("family name"), or null for every table. */
    private final Set<String> owned;
    private final Set<String> operations;
    private final Limits limits;
    private State state;

    /**
     * The caps of a helper policy's {@code limits} (docs/protocol.md), which the helper applies
     * whatever the policy says (these are its defaults).
     *
     * @param elementsPerSet every set gets this size unless it asks for less; a full set refuses elements
     * @param setsPerTable sets and maps per table
     * @param chainsPerTable chains per table
     * @param rulesPerTable rules per table
     */
    record Limits(long elementsPerSet, long setsPerTable, long chainsPerTable, long rulesPerTable) {
        static final Limits DEFAULTS = new Limits(131_072, 16, 128, 8192);
    }

    MemoryKernel(Set<String> owned, Set<String> operations, Limits limits) {
        this.owned = owned == null ? null : Set.copyOf(owned);
        this.operations = Set.copyOf(operations);
        this.limits = limits;
        this.state = new State(limits);
    }

    Limits limits() { return limits; }

    // ---- refusals -------------------------------------------------------------------------------------

    /** A command the kernel (or nft) refuses, as the helper reports it. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String code;
        final transient ObjectId object;
        /** Whether the message is the whole answer, as the helper words it (no command head before it). */
        final boolean whole;

        private Refusal(String code, String message, ObjectId object) {
            this(code, message, object, false);
        }

        private Refusal(String code, String message, ObjectId object, boolean whole) {
            super(message, null, false, false);
            this.code = code;
            this.object = object;
            this.whole = whole;
        }

        static Refusal notFound(ObjectId o) { return new Refusal("not_found", "Could not process rule: No such file or directory (ENOENT)", o); }

        static Refusal exists(ObjectId o) { return new Refusal("exists", "Could not process rule: File exists (EEXIST)", o); }

        static Refusal busy(ObjectId o) { return new Refusal("nft_failed", "Could not process rule: Device or resource busy (EBUSY)", o); }

        static Refusal failed(String message) { return new Refusal("nft_failed", message, null); }

        static Refusal policy(String message) { return new Refusal("policy_denied", message, null); }

        /**
         * Elements for a constant set or map, refused before anything changes, with the helper's
         * code and words on both its paths (its message is whole: no command head before it).
         */
        static Refusal constant(Table table, String set) {
            return new Refusal("nft_failed", "set " + table.family().wire() + " " + table.name() + " " + set
                    + " is constant: its elements are the ones it was created with; to change them, delete the set"
                    + " and add it again with its elements", null, true);
        }
    }

    // ---- the backend ----------------------------------------------------------------------------------

    @Override
    public synchronized Result send(Batch batch, boolean check, boolean echo) throws NftjException {
        batch.validate();
        List<Map<String, Object>> commands = batch.toJson();
        for (int i = 0; i < commands.size(); i++) judge(commands.get(i), i);
        State next = state.copy();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Map<String, Object> command = commands.get(i);
            try {
                next.run(command, out, echo, operations.contains("replace"));
            } catch (Refusal r) {
                String msg = r.whole ? r.getMessage() : Failures.head(command) + ": " + r.getMessage();
                NftjException.Outcome o = NftjException.Outcome.NOT_APPLIED;
                throw switch (r.code) {
                    case "not_found" -> new NotFoundException(r.code, msg, i, "", o, r.object, null);
                    case "exists" -> new AlreadyExistsException(r.code, msg, i, "", o, r.object, null);
                    case "policy_denied" -> new PolicyDeniedException(r.code, r.getMessage(), i, "", o, null);
                    default -> new NftFailedException(r.code, msg, i, "", o, r.object, null);
                };
            }
        }
        if (!check) state = next;
        if (owned != null) out.removeIf(o -> !ownsListed(o));
        return new Result(out, "");
    }

    /** The policy, as the helper applies it before anything runs. */
    private void judge(Map<String, Object> command, int index) throws PolicyDeniedException {
        String verb = command.keySet().iterator().next();
        String denied = null;
        if (!operations.contains(verb)) denied = "operation not allowed by the policy";
        Map<?, ?> body = (Map<?, ?>) command.get(verb);
        String kind = body == null ? "ruleset" : String.valueOf(body.keySet().iterator().next());
        if (denied == null && (kind.equals("ruleset") || kind.equals("tables"))) {
            if (!verb.equals("list")) denied = "only list is allowed on the whole ruleset (it holds tables outside the policy)";
        } else if (denied == null && owned != null) {
            Map<?, ?> o = (Map<?, ?>) body.get(kind);
            String table = String.valueOf(kind.equals("table") ? o.get("name") : o.get("table"));
            if (!owned.contains(o.get("family") + " " + table)) denied = "table not in the policy";
        }
        if (denied != null) {
            throw new PolicyDeniedException("policy_denied", denied, index, "/batch/nftables/" + index,
                    NftjException.Outcome.NOT_APPLIED, null);
        }
    }

    private boolean ownsListed(Map<String, Object> item) {
        Object v = item.values().iterator().next();
        if (v instanceof Map<?, ?> m && m.size() == 1 && List.of("add", "create", "insert", "replace").contains(item.keySet().iterator().next())) {
            v = m.values().iterator().next();
        }
        if (!(v instanceof Map<?, ?> o)) return false;
        String kind = item.keySet().iterator().next();
        Object table = kind.equals("table") ? o.get("name") : o.get("table");
        return owned.contains(o.get("family") + " " + table);
    }

    /** What libnftables 1.0.6 prints at the head of a listing, as the helper reports it. */
    private static final Map<String, Object> METAINFO = Map.of("version", "1.0.6", "release_name", "Lester Gooch #5",
            "json_schema_version", 1);

    /** The whole answer in one part: the fake holds its sets in memory anyway. */
    @Override
    public void stream(List<Map<String, Object>> listCommands, java.util.function.Consumer<List<Map<String, Object>>> parts)
            throws NftjException {
        parts.accept(send(Batch.of(listCommands), false, false).nftables());
    }

    /** The table's listing with rules and elements counted, then left out, as the helper answers. */
    @Override
    public Map<String, Object> summary(Map<String, Object> listTable) throws NftjException {
        List<Map<String, Object>> objects = new ArrayList<>();
        Map<String, Object> rules = new LinkedHashMap<>();
        Map<String, Object> elements = new LinkedHashMap<>();
        for (Map<String, Object> object : send(Batch.of(List.of(listTable)), false, false).nftables()) {
            String kind = object.keySet().iterator().next();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) object.get(kind));
            switch (kind) {
                case "rule" -> rules.merge(String.valueOf(body.get("chain")), 1L, (a, b) -> (Long) a + (Long) b);
                case "chain" -> {
                    rules.putIfAbsent(String.valueOf(body.get("name")), 0L);
                    objects.add(Map.of(kind, body));
                }
                case "set", "map" -> {
                    Object elem = body.remove("elem");
                    elements.put(String.valueOf(body.get("name")), elem instanceof List<?> l ? (long) l.size() : 0L);
                    objects.add(Map.of(kind, body));
                }
                default -> objects.add(Map.of(kind, body));
            }
        }
        return Map.of("nftables", objects, "counts", Map.of("rules", rules, "elements", elements));
    }

    @Override
    public NftjException refused(InvalidRequestException e) { return e; }

    @Override
    public HelperInfo info() {
        return new HelperInfo(ProcessHandle.current().pid(), "in-memory", "in-memory", 1, false, 0, false, true, "",
                owned == null ? List.of() : owned.stream().sorted().toList(), operations.stream().sorted().toList(), METAINFO);
    }

    @Override
    public void close() {}

    /** The whole ruleset as {@code nft -j list ruleset} prints it (with metainfo). */
    synchronized List<Map<String, Object>> dump() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(Map.of("metainfo", METAINFO));
        for (TableState t : state.tables.values()) t.list(out);
        return out;
    }

    // ---- state ----------------------------------------------------------------------------------------

    private static final class State {
        final LinkedHashMap<String, TableState> tables = new LinkedHashMap<>();
        final Limits limits;
        long tableHandles;

        State(Limits limits) { this.limits = limits; }

        State copy() {
            State s = new State(limits);
            s.tableHandles = tableHandles;
            for (Map.Entry<String, TableState> e : tables.entrySet()) s.tables.put(e.getKey(), e.getValue().copy());
            return s;
        }

        void run(Map<String, Object> command, List<Map<String, Object>> out, boolean echo, boolean addUpdates) {
            String verb = command.keySet().iterator().next();
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) command.get(verb);
            String kind = body.keySet().iterator().next();
            @SuppressWarnings("unchecked")
            Map<String, Object> o = body.get(kind) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            boolean create = verb.equals("create") || verb.equals("add") && !addUpdates && !kind.equals("rule");
            switch (verb) {
                case "list" -> list(kind, o, out);
                case "reset" -> table(o).reset(kind, str(o, "name"), out);
                case "add", "create" -> {
                    Map<String, Object> made = kind.equals("table") ? addTable(o, create) : table(o).add(kind, o, create, false);
                    if (echo && made != null) out.add(Map.of(verb, Map.of(kind, made)));
                }
                case "insert", "replace" -> {
                    Map<String, Object> made = table(o).add(kind, o, false, verb.equals("insert") ? Boolean.TRUE : null);
                    if (echo && made != null) out.add(Map.of(verb, Map.of(kind, made)));
                }
                case "delete" -> {
                    if (kind.equals("table")) {
                        if (tables.remove(key(o, "name")) == null) throw Refusal.notFound(tableId(o));
                    } else {
                        table(o).delete(kind, o);
                    }
                }
                case "flush" -> table(o).flush(kind, o);
                case "rename" -> table(o).rename(o);
                default -> throw Refusal.failed("unsupported command " + verb);
            }
            if (!kind.equals("table") && !verb.equals("list") && !verb.equals("reset") && !verb.equals("delete")) table(o).census();
        }

        private Map<String, Object> addTable(Map<String, Object> o, boolean create) {
            String k = key(o, "name");
            TableState t = tables.get(k);
            if (t != null) {
                if (create) throw Refusal.exists(tableId(o));
                return null;
            }
            t = new TableState(Family.fromWire(str(o, "family")), str(o, "name"), ++tableHandles, limits);
            if (o.get("flags") != null) t.flags = o.get("flags");
            tables.put(k, t);
            return t.json();
        }

        private void list(String kind, Map<String, Object> o, List<Map<String, Object>> out) {
            switch (kind) {
                case "ruleset" -> { for (TableState t : tables.values()) t.list(out); }
                case "tables" -> { for (TableState t : tables.values()) out.add(Map.of("table", t.json())); }
                case "table" -> table(o).list(out);
                default -> table(o).listOne(kind, str(o, "name"), out);
            }
        }

        private TableState table(Map<String, Object> o) {
            String name = o.containsKey("table") ? str(o, "table") : str(o, "name");
            TableState t = tables.get(str(o, "family") + " " + name);
            if (t == null) throw Refusal.notFound(ObjectId.table(new Table(Family.fromWire(str(o, "family")), name)));
            return t;
        }

        private static String key(Map<String, Object> o, String nameKey) { return str(o, "family") + " " + str(o, nameKey); }

        private static ObjectId tableId(Map<String, Object> o) { return ObjectId.table(new Table(Family.fromWire(str(o, "family")), str(o, "name"))); }
    }

    static String str(Map<String, Object> o, String k) { return String.valueOf(o.get(k)); }

    /** A chain: its JSON as listed (without rules) and its rules, each a listed rule's JSON. */
    private record ChainState(Map<String, Object> json, List<Map<String, Object>> rules) {
        ChainState copy() { return new ChainState(new LinkedHashMap<>(json), new ArrayList<>(rules)); }
    }

    /** A set or map: its JSON as listed (without elements) and its elements. */
    private record SetState(Map<String, Object> json, MemorySet elements) {
        SetState copy() { return new SetState(json, elements.copy()); }
    }

    private static final class TableState {
        final Family family;
        final String name;
        final long handle;
        Object flags;
        long handles;
        final LinkedHashMap<String, Map<String, Object>> objects = new LinkedHashMap<>(); // "kind name"
        final LinkedHashMap<String, SetState> sets = new LinkedHashMap<>();
        final LinkedHashMap<String, Map<String, Object>> flowtables = new LinkedHashMap<>();
        final LinkedHashMap<String, ChainState> chains = new LinkedHashMap<>();
        final Limits limits;

        TableState(Family family, String name, long handle, Limits limits) {
            this.family = family;
            this.name = name;
            this.handle = handle;
            this.limits = limits;
        }

        TableState copy() {
            TableState t = new TableState(family, name, handle, limits);
            t.flags = flags;
            t.handles = handles;
            t.objects.putAll(objects);
            for (Map.Entry<String, SetState> e : sets.entrySet()) t.sets.put(e.getKey(), e.getValue().copy());
            t.flowtables.putAll(flowtables);
            for (Map.Entry<String, ChainState> e : chains.entrySet()) t.chains.put(e.getKey(), e.getValue().copy());
            return t;
        }

        Table id() { return new Table(family, name); }

        /** The policy's caps on what one table holds, as the helper counts them. */
        void census() {
            if (chains.size() > limits.chainsPerTable()) {
                throw Refusal.policy("the table would hold more chains than the policy's limits.chainsPerTable (" + limits.chainsPerTable() + ")");
            }
            if (sets.size() > limits.setsPerTable()) {
                throw Refusal.policy("the table would hold more sets and maps than the policy's limits.setsPerTable (" + limits.setsPerTable() + ")");
            }
            long rules = 0;
            for (ChainState c : chains.values()) rules += c.rules().size();
            if (rules > limits.rulesPerTable()) {
                throw Refusal.policy("the table would hold more rules than the policy's limits.rulesPerTable (" + limits.rulesPerTable() + ")");
            }
        }

        Map<String, Object> json() {
            Map<String, Object> m = Json.obj("family", family.wire(), "name", name, "handle", handle);
            if (flags != null) m.put("flags", flags);
            return m;
        }

        // -- listing

        void list(List<Map<String, Object>> out) {
            out.add(Map.of("table", json()));
            for (Map.Entry<String, Map<String, Object>> e : objects.entrySet()) out.add(Map.of(kindOf(e.getKey()), e.getValue()));
            for (SetState s : sets.values()) out.add(set(s));
            for (Map<String, Object> f : flowtables.values()) out.add(Map.of("flowtable", f));
            for (ChainState c : chains.values()) out.add(Map.of("chain", c.json()));
            for (ChainState c : chains.values()) for (Map<String, Object> r : c.rules()) out.add(Map.of("rule", r));
        }

        void listOne(String kind, String n, List<Map<String, Object>> out) {
            switch (kind) {
                case "chain" -> {
                    ChainState c = chain(n);
                    out.add(Map.of("chain", c.json()));
                    for (Map<String, Object> r : c.rules()) out.add(Map.of("rule", r));
                }
                case "set", "map" -> {
                    SetState s = sets.get(n);
                    if (s == null || !kindOf(s).equals(kind)) throw Refusal.notFound(ObjectId.of(kind, id(), n));
                    out.add(set(s));
                }
                case "flowtable" -> {
                    Map<String, Object> f = flowtables.get(n);
                    if (f == null) throw Refusal.notFound(ObjectId.of(kind, id(), n));
                    out.add(Map.of("flowtable", f));
                }
                default -> out.add(Map.of(kind, object(kind, n)));
            }
        }

        void reset(String kind, String n, List<Map<String, Object>> out) {
            Map<String, Object> o = object(kind, n);
            out.add(Map.of(kind, o)); // nothing counts packets here: the values are zero before and after
        }

        private Map<String, Object> object(String kind, String n) {
            Map<String, Object> o = objects.get(kind + " " + n);
            if (o == null) throw Refusal.notFound(ObjectId.of(kind, id(), n));
            return o;
        }

        private static String kindOf(String objectKey) { return objectKey.substring(0, objectKey.lastIndexOf(' ')); }

        /** A set or map with flag {@code constant}: its elements are those of its declaration. */
        private static boolean constant(SetState s) {
            return s.json().get("flags") instanceof List<?> flags && flags.contains("constant");
        }

        private static String kindOf(SetState s) { return s.json().containsKey("map") ? "map" : "set"; }

        private static Map<String, Object> set(SetState s) {
            Map<String, Object> j = new LinkedHashMap<>(s.json());
            if (s.elements().size() > 0) j.put("elem", s.elements().list());
            return Map.of(kindOf(s), j);
        }

        private ChainState chain(String n) {
            ChainState c = chains.get(n);
            if (c == null) throw Refusal.notFound(ObjectId.chain(id(), n));
            return c;
        }

        // -- changes

        /**
         * add, create, insert ({@code position} TRUE) or replace ({@code position} null for rules
         * only); returns the object as listed (for echo), or null when nothing was made.
         */
        Map<String, Object> add(String kind, Map<String, Object> o, boolean create, Boolean insert) {
            return switch (kind) {
                case "chain" -> addChain(o, create);
                case "rule" -> addRule(o, insert);
                case "set", "map" -> addSet(kind, o, create);
                case "element" -> {
                    addElements(o, create);
                    yield null;
                }
                case "flowtable" -> addNamed(flowtables, kind, o, create);
                default -> addNamed(objects, kind, o, create);
            };
        }

        private Map<String, Object> addChain(Map<String, Object> o, boolean create) {
            String n = str(o, "name");
            ChainState c = chains.get(n);
            if (c != null) {
                if (create) throw Refusal.exists(ObjectId.chain(id(), n));
                if (o.get("policy") != null && c.json().containsKey("hook")) c.json().put("policy", o.get("policy"));
                return null;
            }
            Map<String, Object> j = Json.obj("family", family.wire(), "table", name, "name", n, "handle", ++handles);
            for (String k : List.of("comment", "type", "hook", "prio", "dev")) if (o.get(k) != null) j.put(k, o.get(k));
            if (o.get("hook") != null) j.put("policy", o.get("policy") == null ? "accept" : o.get("policy"));
            chains.put(n, new ChainState(j, new ArrayList<>()));
            return j;
        }

        private Map<String, Object> addRule(Map<String, Object> o, Boolean insert) {
            ChainState c = chain(str(o, "chain"));
            references(o.get("expr"));
            handles += anonymousSets(o.get("expr"));
            Map<String, Object> j = Json.obj("family", family.wire(), "table", name, "chain", str(o, "chain"));
            int at;
            if (insert == null) { // replace
                at = ruleAt(c, o.get("handle"));
                j.put("handle", o.get("handle"));
            } else {
                j.put("handle", ++handles);
                at = o.get("handle") != null ? ruleAt(c, o.get("handle")) + (insert ? 0 : 1)
                        : o.get("index") instanceof Number i ? index(c, i.intValue(), insert) : insert ? 0 : c.rules().size();
            }
            if (o.get("comment") != null) j.put("comment", o.get("comment"));
            j.put("expr", o.get("expr"));
            if (insert == null) c.rules().set(at, j);
            else c.rules().add(at, j);
            return j;
        }

        private static int index(ChainState c, int i, boolean insert) {
            if (i < 0 || i >= c.rules().size()) throw Refusal.notFound(null);
            return insert ? i : i + 1;
        }

        private int ruleAt(ChainState c, Object handle) {
            if (!(handle instanceof Number h)) throw Refusal.failed("a rule to replace needs its handle");
            for (int i = 0; i < c.rules().size(); i++) {
                if (((Number) c.rules().get(i).get("handle")).longValue() == h.longValue()) return i;
            }
            throw Refusal.notFound(ObjectId.rule(id(), str(c.json(), "name"), h.longValue()));
        }

        /** Sets, chains and named objects a rule names must exist (the kernel looks them up). */
        private void references(Object expr) {
            List<Object> todo = new ArrayList<>();
            todo.add(expr);
            while (!todo.isEmpty()) {
                Object v = todo.removeLast();
                if (v instanceof String s && s.startsWith("@") && !sets.containsKey(s.substring(1))) {
                    throw Refusal.notFound(ObjectId.set(id(), s.substring(1)));
                }
                if (v instanceof List<?> l) todo.addAll(l);
                if (v instanceof Map<?, ?> m) {
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        String k = String.valueOf(e.getKey());
                        if ((k.equals("jump") || k.equals("goto")) && e.getValue() instanceof Map<?, ?> t
                                && t.get("target") instanceof String target && !chains.containsKey(target)) {
                            throw Refusal.notFound(ObjectId.chain(id(), target));
                        }
                        if (List.of("counter", "quota", "limit").contains(k) && e.getValue() instanceof String n
                                && !objects.containsKey(k + " " + n)) {
                            throw Refusal.notFound(ObjectId.of(k, id(), n));
                        }
                        todo.add(e.getValue());
                    }
                }
            }
        }

        /** Each inline set of a rule ({@code {"set": [...]}}) is an anonymous set with a handle of its own. */
        private static int anonymousSets(Object expr) {
            int n = 0;
            List<Object> todo = new ArrayList<>();
            todo.add(expr);
            while (!todo.isEmpty()) {
                Object v = todo.removeLast();
                if (v instanceof List<?> l) todo.addAll(l);
                if (v instanceof Map<?, ?> m) {
                    if (m.size() == 1 && m.get("set") instanceof List<?>) n++;
                    todo.addAll(m.values());
                }
            }
            return n;
        }

        private Map<String, Object> addSet(String kind, Map<String, Object> o, boolean create) {
            String n = str(o, "name");
            SetState s = sets.get(n);
            if (s != null) {
                if (create || !kindOf(s).equals(kind) || !Objects.equals(s.json().get("type"), o.get("type"))) {
                    throw Refusal.exists(ObjectId.of(kind, id(), n));
                }
            } else {
                Map<String, Object> j = Json.obj("family", family.wire(), "name", n, "table", name);
                for (String k : List.of("type", "map")) if (o.get(k) != null) j.put(k, o.get(k));
                j.put("handle", ++handles);
                List<?> flags = o.get("flags") instanceof List<?> l ? l : o.get("flags") == null ? List.of() : List.of(o.get("flags"));
                if (!flags.isEmpty()) j.put("flags", new ArrayList<>(flags));
                long size = o.get("size") instanceof Number asked ? asked.longValue() : limits.elementsPerSet();
                if (size == 0) throw Refusal.policy("a set size of 0 means unbounded; leave size out to get the policy's elementsPerSet");
                if (size > limits.elementsPerSet()) throw Refusal.policy("the set's size is above the policy's limits.elementsPerSet");
                for (String k : List.of("timeout", "gc-interval")) if (o.get(k) != null) j.put(k, o.get(k));
                j.put("size", size);
                for (String k : List.of("policy", "comment", "stmt")) if (o.get(k) != null) j.put(k, o.get(k));
                NamedSet model = (NamedSet) Ruleset.object(Map.of(kind, o));
                s = new SetState(j, new MemorySet(ElementKey.of(model.key()), flags.contains("interval"), size, size == limits.elementsPerSet()));
                sets.put(n, s);
            }
            if (o.get("elem") instanceof List<?> l) {
                for (Object e : l) s.elements().add(e, false);
            }
            return s.json();
        }

        private void addElements(Map<String, Object> o, boolean create) {
            MemorySet s = elementsOf(str(o, "name"));
            if (constant(sets.get(str(o, "name")))) throw Refusal.constant(id(), str(o, "name"));
            List<?> elems = (List<?>) o.get("elem");
            if (elems.size() > limits.elementsPerSet()) throw Refusal.policy("more elements than the policy's limits.elementsPerSet in one command");
            for (int i = 0; i < elems.size(); i++) {
                try {
                    s.add(elems.get(i), create);
                } catch (Refusal r) {
                    throw element(r, o, i);
                }
            }
        }

        private Refusal element(Refusal r, Map<String, Object> o, int i) {
            ObjectId e = ObjectId.element(id(), str(o, "name"), NftJson.expr(((List<?>) o.get("elem")).get(i)));
            return new Refusal(r.code, r.getMessage(), e);
        }

        private MemorySet elementsOf(String set) {
            SetState s = sets.get(set);
            if (s == null) throw Refusal.notFound(ObjectId.set(id(), set));
            return s.elements();
        }

        private Map<String, Object> addNamed(Map<String, Map<String, Object>> where, String kind, Map<String, Object> o, boolean create) {
            String n = str(o, "name");
            String k = where == objects ? kind + " " + n : n;
            if (where.containsKey(k)) {
                if (create) throw Refusal.exists(ObjectId.of(kind, id(), n));
                return null;
            }
            Map<String, Object> j = Json.obj("family", family.wire(), "name", n, "table", name, "handle", ++handles);
            for (Map.Entry<String, Object> e : o.entrySet()) {
                if (!j.containsKey(e.getKey())) j.put(e.getKey(), e.getValue());
            }
            if (kind.equals("counter")) {
                j.putIfAbsent("packets", 0L);
                j.putIfAbsent("bytes", 0L);
            }
            where.put(k, j);
            return j;
        }

        void delete(String kind, Map<String, Object> o) {
            String n = str(o, "name");
            switch (kind) {
                case "chain" -> {
                    chain(n); // its rules go with it; a chain that rules jump to is in use
                    if (jumpedTo(n)) throw Refusal.busy(ObjectId.chain(id(), n));
                    chains.remove(n);
                }
                case "rule" -> {
                    ChainState c = chain(str(o, "chain"));
                    c.rules().remove(ruleAt(c, o.get("handle")));
                }
                case "set", "map" -> {
                    SetState s = sets.get(n);
                    if (s == null || !kindOf(s).equals(kind)) throw Refusal.notFound(ObjectId.of(kind, id(), n));
                    if (named("@" + n)) throw Refusal.busy(ObjectId.of(kind, id(), n));
                    sets.remove(n);
                }
                case "element" -> {
                    MemorySet s = elementsOf(n);
                    List<?> elems = (List<?>) o.get("elem");
                    for (int i = 0; i < elems.size(); i++) {
                        try {
                            s.delete(elems.get(i));
                        } catch (Refusal r) {
                            throw element(r, o, i);
                        }
                    }
                }
                case "flowtable" -> {
                    if (flowtables.remove(n) == null) throw Refusal.notFound(ObjectId.of(kind, id(), n));
                }
                default -> {
                    object(kind, n);
                    if (named(n)) throw Refusal.busy(ObjectId.of(kind, id(), n));
                    objects.remove(kind + " " + n);
                }
            }
        }

        private boolean jumpedTo(String chain) {
            for (ChainState c : chains.values()) {
                for (Map<String, Object> r : c.rules()) {
                    String text = Json.text(r.get("expr"));
                    if (text.contains("\"target\":" + Json.text(chain))) return true;
                }
            }
            return false;
        }

        /** Whether a rule names this value (a set reference, a named object). */
        private boolean named(String value) {
            String quoted = Json.text(value);
            for (ChainState c : chains.values()) {
                for (Map<String, Object> r : c.rules()) if (Json.text(r.get("expr")).contains(quoted)) return true;
            }
            return false;
        }

        void flush(String kind, Map<String, Object> o) {
            switch (kind) {
                case "table" -> { for (ChainState c : chains.values()) c.rules().clear(); }
                case "chain" -> chain(str(o, "name")).rules().clear();
                case "set", "map" -> elementsOf(str(o, "name")).clear();
                default -> throw Refusal.failed("flush " + kind + " is not supported");
            }
        }

        void rename(Map<String, Object> o) {
            String from = str(o, "name");
            ChainState c = chain(from);
            String to = str(o, "newname");
            if (chains.containsKey(to)) throw Refusal.exists(ObjectId.chain(id(), to));
            LinkedHashMap<String, ChainState> renamed = new LinkedHashMap<>();
            for (Map.Entry<String, ChainState> e : chains.entrySet()) {
                if (e.getKey().equals(from)) {
                    c.json().put("name", to);
                    c.rules().replaceAll(r -> {
                        Map<String, Object> moved = new LinkedHashMap<>(r);
                        moved.put("chain", to);
                        return moved;
                    });
                    renamed.put(to, c);
                } else {
                    renamed.put(e.getKey(), e.getValue());
                }
            }
            chains.clear();
            chains.putAll(renamed);
        }
    }
}
