package org.nftj.api;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nftj.api.expr.Expr;
import org.nftj.audit.AuditListener;
import org.nftj.audit.Drift;

/**
 * The client of one nftj helper: the real {@link NftjClient}. Thread-safe: share one per
 * application.
 *
 * <pre>{@code
 * try (Nftj nft = Nftj.open(NftjOptions.of(Path.of("/opt/nftj/lib/nftj-helper")))) {
 *     TableClient app = nft.table(Family.INET, "app");
 *     app.add(app.table(), app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP));
 * }
 * }</pre>
 *
 * <p>Besides the client's operations it reports on the helper ({@link #helper()}), checks the
 * owned tables for changes made outside nftj ({@link #checkDrift()}), takes audit listeners and
 * reaches network sysctl parameters ({@link #sysctl()}).
 */
public final class Nftj implements NftjClient {
    private final Backend backend;

    private Nftj(Backend backend) {
        this.backend = backend;
    }

    /**
     * Opens a client and starts the helper (handshake included), failing early if it cannot run.
     *
     * @param options the helper's path, the audit log, timeouts
     * @return the client
     * @throws NftjException when the helper cannot start ({@link HelperUnavailableException} says why)
     */
    public static Nftj open(NftjOptions options) throws NftjException {
        Nftj n = new Nftj(new Gate(Objects.requireNonNull(options)));
        try {
            n.backend.info();
        } catch (NftjException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** What group commit achieved so far (tests, benchmarks); null when off or not over the helper. */
    GroupCommit.Stats groupStats() {
        return backend instanceof Gate g ? g.groupStats() : null;
    }

    /** A client over another backend: the in-memory kernel of {@link FakeNftj}. */
    static Nftj over(Backend backend) {
        return new Nftj(backend);
    }

    /**
     * Asks the helper about itself.
     *
     * @return what the helper reports about itself and its sandbox
     * @throws NftjException when the helper cannot be reached
     */
    public HelperInfo helper() throws NftjException { return backend.info(); }

    @Override
    public Result apply(Batch batch) throws NftjException { return located(batch, false, false); }

    /**
     * Applies the batch and returns libnftables' echo of the created objects, with their handles,
     * as JSON (typed: {@link #applyEchoed}).
     *
     * @param batch the commands
     * @return the answer
     * @throws NftjException as {@link #apply}
     */
    public Result applyEcho(Batch batch) throws NftjException { return located(batch, false, true); }

    @Override
    public Result check(Batch batch) throws NftjException { return located(batch, true, false); }

    @Override
    public Ruleset applyEchoed(Batch batch) throws NftjException {
        return Ruleset.decodeEcho(applyEcho(batch).nftables());
    }

    /**
     * Sends the batch; when the kernel refuses it, names what failed (see {@link Failures}): the
     * failing command (found by dry runs of ever shorter prefixes when the answer does not say),
     * in nft syntax, and the object it needed or met. A refused element is named with its index
     * and the set's type, whether the helper pointed at it (its direct element path checks values
     * against the set's type, an {@link InvalidRequestException}) or dry runs found it.
     */
    private Result located(Batch batch, boolean check, boolean echo) throws NftjException {
        try {
            return backend.send(batch, check, echo);
        } catch (PolicyDeniedException e) {
            if (e.command() < 0 || e.command() >= batch.size() || e.object().isPresent()) throw e;
            throw Failures.named(e, batch, e.command(), this::stateOf);
        } catch (NotFoundException | AlreadyExistsException | NftFailedException | InvalidRequestException e) {
            if (e.outcome() != NftjException.Outcome.NOT_APPLIED) throw e;
            boolean invalid = e instanceof InvalidRequestException;
            if (invalid && (((InvalidRequestException) e).problems().size() != 1 || Failures.elementIndex(e.path()) < 0)) throw e;
            int failing = e.command() >= 0 ? e.command() : batch.size() == 1 ? 0 : locate(batch.toJson());
            if (failing < 0 || failing >= batch.size()) throw e;
            Elements elements = Ruleset.object(batch.toJson().get(failing).values().iterator().next()) instanceof Elements el
                    ? el : null;
            int index = elements == null ? -1 : Failures.elementIndex(e.path());
            if (elements == null || index >= elements.elements().size()) {
                if (invalid) throw e;
                index = -1;
            }
            if (index < 0) {
                NftjException named = Failures.named(e, batch, failing, this::stateOf);
                if (elements == null) throw named;
                ObjectId object = named.object().orElse(null);
                if (object != null && !object.kind().equals("element")) throw named; // the set or its table is missing
                index = object != null ? elements.elements().indexOf(object.element()) : -1;
                if (index < 0) index = badElement(batch, failing, elements);
                if (index < 0) throw named;
            }
            NamedSet set;
            try {
                set = table(elements.family(), elements.table()).listSet(elements.set());
            } catch (NftjException cannotList) {
                set = null;
            }
            throw Failures.element(e, batch, failing, index, set);
        }
    }

    /**
     * The index of the first element of the failing command that fails a dry run of the batch up to
     * it (binary search over prefixes of the elements, at most log2(n) dry runs), or -1.
     */
    private int badElement(Batch batch, int failing, Elements elements) {
        List<Map<String, Object>> before = batch.toJson().subList(0, failing);
        String verb = batch.toJson().get(failing).keySet().iterator().next();
        int lo = 1, hi = elements.elements().size();
        if (hi < 2) return hi - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            List<Map<String, Object>> prefix = new java.util.ArrayList<>(before);
            Elements part = new Elements(elements.family(), elements.table(), elements.set(), elements.elements().subList(0, mid));
            prefix.add(Map.of(verb, part.toCommandBody()));
            try {
                backend.send(Batch.of(prefix), true, false);
                lo = mid + 1;
            } catch (NftjException ex) {
                hi = mid;
            }
        }
        return hi - 1;
    }

    /** The index of the first command whose prefix fails a dry run, or -1. */
    private int locate(List<Map<String, Object>> commands) {
        int lo = 1, hi = commands.size(); // invariant: prefix of length hi fails; find the shortest failing prefix
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            try {
                backend.send(Batch.of(commands.subList(0, mid)), true, false);
                lo = mid + 1;
            } catch (NftjException ex) {
                hi = mid;
            }
        }
        return hi - 1;
    }

    /** What the kernel holds of one table, or null when it does not exist. */
    Ruleset stateOf(Table table) throws NftjException {
        try {
            // straight to the backend: a miss here is the answer, not a failure to name
            return Ruleset.decode(backend.send(Batch.of(List.of(command("list", "table", table.family(), table.name(), null))),
                    false, false).nftables());
        } catch (NotFoundException e) {
            return null;
        }
    }

    /**
     * {@inheritDoc} It is sent as it is, without looking for the failing command; a document that
     * does not validate is refused, and audited as refused.
     */
    @Override
    public Result applyJson(String document, boolean check) throws NftjException {
        Batch batch;
        try {
            batch = Batch.parse(document);
        } catch (InvalidRequestException e) {
            // A document that did not validate may have meant to change anything: audited.
            throw backend.refused(e);
        }
        return backend.send(batch, check, false);
    }

    // ---- listings -----------------------------------------------------------------------------------

    @Override
    public List<Table> tables() throws NftjException {
        return query(List.of(Map.of("list", Collections.singletonMap("tables", null)))).of(Table.class);
    }

    @Override
    public Ruleset ruleset() throws NftjException {
        return query(List.of(Map.of("list", Collections.singletonMap("ruleset", null))));
    }

    @Override
    public TableClient table(Family family, String name) {
        return new TableClient(this, new Table(family, name));
    }

    /** Sends list or reset commands and decodes what they printed. */
    Ruleset query(List<Map<String, Object>> commands) throws NftjException {
        return Ruleset.decode(queryJson(commands));
    }

    /** Sends list or reset commands and returns what they printed, as libnftables' JSON. */
    List<Map<String, Object>> queryJson(List<Map<String, Object>> commands) throws NftjException {
        return located(Batch.of(commands), false, false).nftables();
    }

    /** Streams one set's or map's elements: {@link TableClient#listElements(String, java.util.function.Consumer)}. */
    long elements(Family family, String table, String set, java.util.function.Consumer<List<Expr>> chunks)
            throws NftjException {
        long[] count = new long[1];
        java.util.function.Consumer<List<Map<String, Object>>> parts = objects -> {
            for (NamedSet s : Ruleset.decode(objects).of(NamedSet.class)) {
                if (s.elements().isEmpty()) continue;
                count[0] += s.elements().size();
                chunks.accept(s.elements());
            }
        };
        try {
            backend.stream(List.of(command("list", "set", family, table, set)), parts);
        } catch (NotFoundException e) {
            backend.stream(List.of(command("list", "map", family, table, set)), parts);
        }
        return count[0];
    }

    /** The table's summary: {@link TableClient#summary()}. */
    TableSummary summary(Table table) throws NftjException {
        Map<String, Object> result = backend.summary(command("list", "table", table.family(), table.name(), null));
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

    /** {@code {VERB: {KIND: {family, table, name}}}} (a table: {@code {family, name}}). */
    static Map<String, Object> command(String verb, String kind, Family family, String table, String name) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("family", family.wire());
        if (kind.equals("table")) {
            o.put("name", table);
        } else {
            o.put("table", table);
            o.put("name", name);
        }
        return Map.of(verb, Map.of(kind, o));
    }

    // ---- desired state ------------------------------------------------------------------------------

    @Override
    public Plan plan(DesiredTable desired) throws NftjException {
        Ruleset current = stateOf(desired.table());
        return Sync.plan(desired, current == null ? new Ruleset(List.of()) : current);
    }

    @Override
    public Plan sync(DesiredTable desired) throws NftjException {
        Plan p = plan(desired);
        if (p.batch() != null) apply(p.batch());
        return p;
    }

    // ---- bulk elements ------------------------------------------------------------------------------

    /**
     * Streams chunks: while one chunk is in the helper, the next is read from the source, encoded
     * and validated on another thread, so JVM work overlaps kernel work. At most two chunks exist
     * at any time, whatever the size of the source.
     */
    long bulk(String verb, Table table, String set, Iterator<?> values, Bulk options) throws NftjException {
        Bulk.Chunker chunker = new Bulk.Chunker(values, options);
        ExecutorService prep = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "nftj-bulk-prepare");
            t.setDaemon(true);
            return t;
        });
        try {
            Callable<Batch> task = () -> prepare(verb, table, set, chunker);
            Future<Batch> next = prep.submit(task);
            long done = 0;
            for (int chunk = 1; ; chunk++) {
                Batch cur = await(next);
                if (cur == null) return done;
                next = prep.submit(task);
                long t0 = System.nanoTime();
                located(cur, false, false);
                int count = ((Elements) Ruleset.object(cur.toJson().get(0).get(verb))).elements().size();
                done += count;
                ApiLog.chunk(verb, table.family(), table.name(), set, chunk, count, done, System.nanoTime() - t0);
                if (options.progress() != null) options.progress().accept(done);
            }
        } finally {
            prep.shutdownNow();
        }
    }

    /** The next chunk as a validated one-command batch, or null at the end of the source. */
    private static Batch prepare(String verb, Table table, String set, Bulk.Chunker chunker) throws InvalidRequestException {
        List<Expr> chunk = chunker.next();
        if (chunk == null) return null;
        Batch b = Batch.of(List.of(Map.of(verb, new Elements(table.family(), table.name(), set, chunk).toCommandBody())));
        b.validate();
        return b;
    }

    private static Batch await(Future<Batch> f) throws NftjException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestTimeoutException("interrupted", "interrupted while preparing elements", -1, "",
                    NftjException.Outcome.NOT_APPLIED, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof InvalidRequestException v) throw v;
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw new InvalidRequestException("invalid_request", iae.getMessage(), 0, "/elem", NftjException.Outcome.NOT_APPLIED, iae);
            }
            throw new IllegalStateException("preparing elements failed", e.getCause());
        }
    }

    // ---- the helper's audit and sysctl --------------------------------------------------------------

    /**
     * Lists the owned tables and compares their digest with the state nftj last left them in (or
     * last checked); a difference means someone else changed them and is audited as {@code drift}.
     * The first check without an earlier change only records the baseline.
     *
     * @return what was found
     * @throws NftjException when the tables cannot be listed
     */
    public Drift checkDrift() throws NftjException { return gate().audit().checkDrift(); }

    /**
     * Adds a listener for audit and monitoring events (also settable in {@link NftjOptions#withAuditListener}).
     *
     * @param listener the listener
     */
    public void subscribe(AuditListener listener) { gate().audit().auditor().subscribe(listener); }

    /**
     * Removes a listener added with {@link #subscribe}.
     *
     * @param listener the listener
     */
    public void unsubscribe(AuditListener listener) { gate().audit().auditor().unsubscribe(listener); }

    /** {@return network sysctl parameters of the helper's namespace, as its policy allows (see {@link SysctlClient})} */
    public SysctlClient sysctl() { return new SysctlClient(gate()); }

    private Gate gate() {
        if (backend instanceof Gate g) return g;
        throw new UnsupportedOperationException("an in-memory client has no helper, audit log or sysctl");
    }

    @Override
    public void close() { backend.close(); }
}
