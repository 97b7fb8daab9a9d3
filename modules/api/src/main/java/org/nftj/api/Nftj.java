package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.api.expr.Expr;
import org.nftj.audit.AuditListener;
import org.nftj.audit.Drift;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.ValidationException;
import org.nftj.validation.Validator;

/**
 * A client of one nftj helper. Thread-safe: share one per application.
 *
 * <pre>{@code
 * try (Nftj nft = Nftj.open(NftjOptions.of(Path.of("/opt/nftj/lib/nftj-helper")))) {
 *     nft.apply(Batch.builder().add(new Table(Family.INET, "app")).build());
 * }
 * }</pre>
 */
public final class Nftj implements AutoCloseable {
    private final Gate gate;

    private Nftj(NftjOptions options) {
        this.gate = new Gate(options);
    }

    /** Opens a client and starts the helper (handshake included), failing early if it cannot run. */
    public static Nftj open(NftjOptions options) throws NftjException {
        Nftj n = new Nftj(Objects.requireNonNull(options));
        try {
            n.gate.info();
        } catch (NftjException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** What the helper reports about itself and its sandbox. */
    public HelperInfo helper() throws NftjException { return gate.info(); }

    /** Applies the batch as one transaction: all of it, or nothing. */
    public Result apply(Batch batch) throws NftjException { return located(batch, false, false); }

    /** Applies the batch and returns the created objects with their handles. */
    public Result applyEcho(Batch batch) throws NftjException { return located(batch, false, true); }

    /** Dry run: the kernel checks the batch; nothing changes. */
    public Result check(Batch batch) throws NftjException { return located(batch, true, false); }

    /**
     * Sends the batch; when the kernel refuses it and the answer does not say which command failed
     * (libnftables cannot always map an error back), finds it: dry runs of ever shorter prefixes of
     * the batch (binary search, at most log2(n) checks, nothing applied) name the first command that
     * fails, and the exception is re-thrown with that index and the command in its message.
     */
    private Result located(Batch batch, boolean check, boolean echo) throws NftjException {
        try {
            return send(batch, check, echo);
        } catch (NotFoundException | AlreadyExistsException | NftFailedException e) {
            if (e.command() >= 0 || batch.size() < 2 || e.outcome() != NftjException.Outcome.NOT_APPLIED) throw e;
            int failing = locate(batch.toJson());
            if (failing < 0) throw e;
            String msg = e.getMessage() + " (command " + failing + ": " + describe(batch.toJson().get(failing)) + ")";
            throw switch (e) {
                case NotFoundException n -> new NotFoundException(e.code(), msg, failing, e.path(), e.outcome(), e);
                case AlreadyExistsException a -> new AlreadyExistsException(e.code(), msg, failing, e.path(), e.outcome(), e);
                default -> new NftFailedException(e.code(), msg, failing, e.path(), e.outcome(), e);
            };
        }
    }

    /** The index of the first command whose prefix fails a dry run, or -1. */
    private int locate(List<Map<String, Object>> commands) {
        int lo = 1, hi = commands.size(); // invariant: prefix of length hi fails; find the shortest failing prefix
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            try {
                send(Batch.of(commands.subList(0, mid)), true, false);
                lo = mid + 1;
            } catch (NftjException ex) {
                hi = mid;
            }
        }
        return hi - 1;
    }

    private static String describe(Map<String, Object> command) {
        String s = String.valueOf(command);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    /**
     * Applies (or, with {@code check}, checks) a libnftables JSON document ({@code {"nftables":[...]}})
     * as it is: {@link Batch#parse(String)}, then sent without looking for the failing command.
     * A document that does not validate is refused, and audited as refused.
     */
    public Result applyJson(String document, boolean check) throws NftjException {
        Batch batch;
        try {
            batch = Batch.parse(document);
        } catch (InvalidRequestException e) {
            // A document that did not validate may have meant to change anything: audited.
            throw gate.audit().refusedBeforeSending("nft", e);
        }
        return gate.send(batch.validated(check, false));
    }

    /** Lists one table (only tables in the helper's policy can be listed). */
    public List<Map<String, Object>> list(Table table) throws NftjException {
        return send(List.of(command("list", "table", table.family(), table.name(), null)), false, false).nftables();
    }

    /** Lists every table the helper's policy owns. */
    public List<Map<String, Object>> listOwned() throws NftjException {
        return send(List.of(Map.of("list", java.util.Collections.singletonMap("ruleset", null))), false, false).nftables();
    }

    // ---- typed operations ---------------------------------------------------------------------------

    /** Applies the batch and returns the created objects, typed, with the handles the kernel gave them. */
    public Ruleset applyEchoed(Batch batch) throws NftjException {
        return Ruleset.decodeEcho(applyEcho(batch).nftables());
    }

    /** The owned tables (each with its handle), without their content. */
    public List<Table> tables() throws NftjException {
        return Ruleset.decode(send(List.of(Map.of("list", java.util.Collections.singletonMap("tables", null))), false, false)
                .nftables()).of(Table.class);
    }

    /** One table with everything in it, typed. */
    public Ruleset table(Table table) throws NftjException { return Ruleset.decode(list(table)); }

    /** One chain and its rules (with handles), without listing the rest of the table. */
    public Ruleset chain(Family family, String table, String chain) throws NftjException {
        return Ruleset.decode(send(List.of(command("list", "chain", family, table, chain)), false, false).nftables());
    }

    /** The rules of one chain, with their handles. */
    public List<Rule> rules(Family family, String table, String chain) throws NftjException {
        return chain(family, table, chain).of(Rule.class);
    }

    /**
     * One set or map with its elements ({@code list set}, else {@code list map}), without listing
     * the rest. The answer is streamed (no limit of one answer frame), but all of it is held here:
     * for a large set use {@link #elements(Family, String, String, java.util.function.Consumer)}.
     */
    public NamedSet set(Family family, String table, String set) throws NftjException {
        NamedSet[] first = new NamedSet[1];
        List<Expr> all = new java.util.ArrayList<>();
        elements(family, table, set, chunk -> all.addAll(chunk), s -> {
            if (first[0] == null) first[0] = s;
        });
        if (first[0] == null) throw new NotFoundException("not_found", "no set " + set, 0, "", NftjException.Outcome.NOT_APPLIED, null);
        return first[0].withElements(all);
    }

    /** The elements of one set or map. */
    public List<Expr> elements(Family family, String table, String set) throws NftjException {
        return set(family, table, set).elements();
    }

    /**
     * Streams the elements of one set or map to {@code chunks}, a part at a time (about 1 MiB of
     * JSON each), and returns how many there were. Memory stays bounded by a part: the helper dumps
     * the set from the kernel as the answer is read, and a slow consumer slows the helper. Elements
     * come in the kernel's order (for interval sets, descending). {@code chunks} runs on the
     * transport's reader thread; what it throws ends the listing and is thrown here.
     */
    public long elements(Family family, String table, String set, java.util.function.Consumer<List<Expr>> chunks)
            throws NftjException {
        long[] count = new long[1];
        elements(family, table, set, chunk -> {
            count[0] += chunk.size();
            chunks.accept(chunk);
        }, s -> { });
        return count[0];
    }

    private void elements(Family family, String table, String set, java.util.function.Consumer<List<Expr>> chunks,
                          java.util.function.Consumer<NamedSet> description) throws NftjException {
        try {
            streamList(command("list", "set", family, table, set), chunks, description);
        } catch (NotFoundException e) {
            streamList(command("list", "map", family, table, set), chunks, description);
        }
    }

    private void streamList(Map<String, Object> command, java.util.function.Consumer<List<Expr>> chunks,
                            java.util.function.Consumer<NamedSet> description) throws NftjException {
        ValidatedBatch batch;
        try {
            batch = Validator.nftList(List.of(command), true, false);
        } catch (ValidationException e) {
            throw InvalidRequestException.of(e);
        }
        gate.stream(batch, objects -> {
            for (NamedSet s : Ruleset.decode(objects).of(NamedSet.class)) {
                description.accept(s);
                if (!s.elements().isEmpty()) chunks.accept(s.elements());
            }
        });
    }

    /**
     * The table at a glance: its chains and its sets and maps without rules and elements, with the
     * rule count of each chain and the element count of each set, read by the helper without reading
     * one element (docs/protocol.md, "Summary of a table").
     */
    public TableSummary summary(Table table) throws NftjException {
        ValidatedBatch batch;
        try {
            batch = Validator.nftList(List.of(command("list", "table", table.family(), table.name(), null)), false, true);
        } catch (ValidationException e) {
            throw InvalidRequestException.of(e);
        }
        Map<String, Object> result = gate.sendForResult(batch);
        Ruleset objects = Ruleset.decode(result.get("nftables") instanceof List<?> l ? l : List.of());
        Map<String, Long> rules = new java.util.LinkedHashMap<>();
        Map<String, Long> elements = new java.util.LinkedHashMap<>();
        if (result.get("counts") instanceof Map<?, ?> counts) {
            copyCounts(counts.get("rules"), rules);
            copyCounts(counts.get("elements"), elements);
        }
        List<Table> tables = objects.of(Table.class);
        return new TableSummary(tables.isEmpty() ? table : tables.getFirst(), objects.of(Chain.class),
                objects.of(NamedSet.class), rules, elements);
    }

    private static void copyCounts(Object from, Map<String, Long> to) {
        if (!(from instanceof Map<?, ?> m)) return;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (e.getValue() instanceof Number n) to.put(String.valueOf(e.getKey()), n.longValue());
        }
    }

    /** One named counter's packets and bytes ({@code list counter}). */
    public NamedCounter counter(Family family, String table, String name) throws NftjException {
        return oneCounter(command("list", "counter", family, table, name));
    }

    /** Reads and zeroes one named counter atomically ({@code reset counter}); returns the values before the reset. */
    public NamedCounter resetCounter(Family family, String table, String name) throws NftjException {
        return oneCounter(command("reset", "counter", family, table, name));
    }

    /**
     * Several named counters of one table in one request (one {@code list counter} command each;
     * the helper refuses plural listings such as {@code list counters}, by design).
     */
    public List<NamedCounter> counters(Table table, String... names) throws NftjException {
        return Ruleset.decode(send(perCounter("list", table, names), false, false).nftables()).of(NamedCounter.class);
    }

    /** Reads and zeroes several named counters in one request; returns the values before the reset. */
    public List<NamedCounter> resetCounters(Table table, String... names) throws NftjException {
        return Ruleset.decode(send(perCounter("reset", table, names), false, false).nftables()).of(NamedCounter.class);
    }

    private static List<Map<String, Object>> perCounter(String verb, Table table, String... names) {
        if (names.length == 0) throw new IllegalArgumentException("name at least one counter");
        List<Map<String, Object>> cmds = new java.util.ArrayList<>(names.length);
        for (String n : names) cmds.add(command(verb, "counter", table.family(), table.name(), n));
        return cmds;
    }

    private NamedCounter oneCounter(Map<String, Object> cmd) throws NftjException {
        List<NamedCounter> l = Ruleset.decode(send(List.of(cmd), false, false).nftables()).of(NamedCounter.class);
        if (l.isEmpty()) throw new NotFoundException("not_found", "no such counter", 0, "", NftjException.Outcome.NOT_APPLIED, null);
        return l.get(0);
    }

    // ---- desired state ------------------------------------------------------------------------------

    /** What {@link #sync} would change: the diff between the kernel's table and {@code desired}. Lists only that table. */
    public Plan plan(DesiredTable desired) throws NftjException {
        Ruleset current;
        try {
            current = table(desired.table());
        } catch (NotFoundException e) {
            current = new Ruleset(List.of());
        }
        return Sync.plan(desired, current);
    }

    /**
     * Makes the table equal to {@code desired} in one transaction (see {@link Sync} for the design)
     * and returns the plan it applied (empty when nothing changed). Idempotent. After an unknown
     * outcome (timeout, helper crash), call it again: it re-plans from what the kernel holds.
     */
    public Plan sync(DesiredTable desired) throws NftjException {
        Plan p = plan(desired);
        if (p.batch() != null) apply(p.batch());
        return p;
    }

    // ---- bulk elements ------------------------------------------------------------------------------

    /**
     * Adds a stream of elements (numeric addresses, prefixes, ranges, numbers, or {@link Expr}s) to
     * a set in chunks (see {@link Bulk}); returns how many were added.
     */
    public long addElements(Family family, String table, String set, java.util.Iterator<?> values, Bulk options)
            throws NftjException {
        return bulk("add", family, table, set, values, options);
    }

    /** Deletes a stream of elements from a set in chunks; returns how many were deleted. */
    public long deleteElements(Family family, String table, String set, java.util.Iterator<?> values, Bulk options)
            throws NftjException {
        return bulk("delete", family, table, set, values, options);
    }

    /**
     * Streams chunks: while one chunk is in the helper, the next is read from the source, encoded
     * and validated on another thread, so JVM work overlaps kernel work. At most two chunks exist
     * at any time, whatever the size of the source.
     */
    private long bulk(String verb, Family family, String table, String set, java.util.Iterator<?> values, Bulk options)
            throws NftjException {
        Bulk.Chunker chunker = new Bulk.Chunker(values, options);
        java.util.concurrent.ExecutorService prep = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nftj-bulk-prepare");
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.concurrent.Callable<Prepared> task = () -> prepare(verb, family, table, set, chunker);
            java.util.concurrent.Future<Prepared> next = prep.submit(task);
            long done = 0;
            for (int chunk = 1; ; chunk++) {
                Prepared cur = await(next);
                if (cur == null) return done;
                next = prep.submit(task);
                long t0 = System.nanoTime();
                gate.send(cur.batch());
                done += cur.count();
                ApiLog.chunk(verb, family, table, set, chunk, cur.count(), done, System.nanoTime() - t0);
                if (options.progress() != null) options.progress().accept(done);
            }
        } finally {
            prep.shutdownNow();
        }
    }

    private record Prepared(ValidatedBatch batch, int count) {}

    private static Prepared prepare(String verb, Family family, String table, String set, Bulk.Chunker chunker)
            throws InvalidRequestException {
        List<Expr> chunk = chunker.next();
        if (chunk == null) return null;
        Elements e = new Elements(family, table, set, chunk);
        return new Prepared(Batch.of(List.of(Map.of(verb, e.toCommandBody()))).validated(false, false), chunk.size());
    }

    private static Prepared await(java.util.concurrent.Future<Prepared> f) throws NftjException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestTimeoutException("interrupted", "interrupted while preparing elements", -1, "",
                    NftjException.Outcome.NOT_APPLIED, e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof InvalidRequestException v) throw v;
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new InvalidRequestException("invalid_request", iae.getMessage(), 0, "/elem", NftjException.Outcome.NOT_APPLIED, iae);
            }
            throw new IllegalStateException("preparing elements failed", e.getCause());
        }
    }

    private static Map<String, Object> command(String verb, String kind, Family family, String table, String name) {
        Map<String, Object> o = new java.util.LinkedHashMap<>();
        o.put("family", family.wire());
        if (kind.equals("table")) {
            o.put("name", table);
        } else {
            o.put("table", table);
            o.put("name", name);
        }
        return Map.of(verb, Map.of(kind, o));
    }

    private Result send(List<? extends Map<String, Object>> commands, boolean check, boolean echo) throws NftjException {
        return send(Batch.of(commands), check, echo);
    }

    /** Validates (once per batch) and sends; a refused change is audited, a refused listing is not. */
    private Result send(Batch batch, boolean check, boolean echo) throws NftjException {
        ValidatedBatch validated;
        try {
            validated = batch.validated(check, echo);
        } catch (InvalidRequestException e) {
            boolean readOnly = batch.toJson().stream().allMatch(c -> c.size() == 1 && c.containsKey("list"));
            throw readOnly ? e : gate.audit().refusedBeforeSending("nft", e);
        }
        return gate.send(validated);
    }

    /**
     * Lists the owned tables and compares their digest with the state nftj last left them in (or
     * last checked); a difference means someone else changed them and is audited as {@code drift}.
     * The first check without an earlier change only records the baseline.
     */
    public Drift checkDrift() throws NftjException { return gate.audit().checkDrift(); }

    /** Adds a listener for audit and monitoring events (also settable in {@link NftjOptions#withAuditListener}). */
    public void subscribe(AuditListener listener) { gate.audit().auditor().subscribe(listener); }

    /** Removes a listener added with {@link #subscribe}. */
    public void unsubscribe(AuditListener listener) { gate.audit().auditor().unsubscribe(listener); }

    /** Network sysctl parameters of the helper's namespace, as its policy allows (see {@link SysctlClient}). */
    public SysctlClient sysctl() { return new SysctlClient(gate); }

    @Override
    public void close() { gate.close(); }
}
