package org.nftj.api;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An in-memory {@link NftjClient} with the kernel's semantics, for unit tests of application code
 * without root, a helper or a network namespace. It is shipped in this module so that tests use
 * exactly the client code applications run: only what carries out a batch differs (an in-memory
 * kernel instead of the privileged helper). The same contract suite runs against both.
 *
 * <pre>{@code
 * FakeNftj nft = FakeNftj.owning(new Table(Family.INET, "app"));   // like a helper whose policy owns inet app
 * new Firewall(nft).install();                                     // the application's code, given an NftjClient
 * assertEquals(1, nft.table(Family.INET, "app").listRules("input").size());
 * String json = nft.dumpJson();                                    // as `nft -j list ruleset` prints it
 * String text = nft.dumpNft();                                     // as `nft list ruleset` prints it
 * nft.loadNft(Files.readString(Path.of("app.nft")));               // nft syntax, read by nft (NftText)
 * }</pre>
 *
 * <p>What holds as in the kernel: batches are validated by the same validator, judged by the same
 * policy rules (a table outside the owned ones, or an operation not allowed, is
 * {@link PolicyDeniedException}), and applied whole or not at all; dry runs fail as the kernel
 * would and change nothing; a missing table, chain, set or named object is a
 * {@link NotFoundException} naming it, a {@code create} of an existing one an
 * {@link AlreadyExistsException}; rules get handles; sets and maps hold elements with the kernel's
 * and nft's interval rules (overlap refused, adjacent intervals kept apart, prefixes listed as
 * such); listings are typed and in nft's order. What differs:
 * nothing counts packets; element timeouts do not expire; a rule is listed as it was added, while
 * nft rewrites some expressions when it lists them (compare rules from listings of the same
 * client); the audit log, drift checks and sysctl belong to the helper and are absent here.
 *
 * <p>Thread-safe: batches are applied one at a time.
 */
public final class FakeNftj implements NftjClient {
    private final MemoryKernel kernel;
    private final Nftj client;

    private FakeNftj(Set<String> owned, Set<String> operations, MemoryKernel.Limits limits) {
        this.kernel = new MemoryKernel(owned, operations, limits);
        this.client = Nftj.over(kernel);
    }

    /** The operations a helper policy may allow (docs/protocol.md), all of which this fake allows by default. */
    private static final List<String> OPERATIONS = List.of("add", "create", "insert", "replace", "delete", "flush", "list",
            "reset", "rename");

    /**
     * A fake without a policy of tables: like a helper that owns every table.
     *
     * @return a fake that lets its client use every table and every operation
     */
    public static FakeNftj create() { return new FakeNftj(null, Set.copyOf(OPERATIONS), MemoryKernel.Limits.DEFAULTS); }

    /**
     * A fake that, like a helper whose policy owns these tables, refuses every other table with
     * {@link PolicyDeniedException} and lists only these.
     *
     * @param tables the owned tables (family and name)
     * @return the fake
     */
    public static FakeNftj owning(Table... tables) {
        Set<String> owned = new LinkedHashSet<>();
        for (Table t : tables) owned.add(t.family().wire() + " " + t.name());
        return new FakeNftj(owned, Set.copyOf(OPERATIONS), MemoryKernel.Limits.DEFAULTS);
    }

    /**
     * The same fake state rules with fewer operations, as a policy's {@code operations} allows them:
     * any other is refused with {@link PolicyDeniedException}; without {@code replace}, an
     * {@code add} of anything but a rule acts as {@code create} (an existing object is an
     * {@link AlreadyExistsException}), as the helper does.
     *
     * @param operations the allowed operations ({@code add}, {@code create}, {@code insert}, …)
     * @return a new, empty fake with the same owned tables
     */
    public FakeNftj withOperations(String... operations) {
        for (String o : operations) {
            if (!OPERATIONS.contains(o)) throw new IllegalArgumentException("'" + o + "' is not one of " + OPERATIONS);
        }
        return new FakeNftj(owned(), Set.of(operations), kernel.limits());
    }

    /**
     * The same fake rules with other caps, as a helper policy's {@code limits} sets them (the fake,
     * like the helper, applies 131072, 16, 128 and 8192 when not told otherwise): every set or map
     * gets a size (its own, at most the cap, else the cap) and refuses elements beyond it;
     * a batch that would leave a table with more sets and maps, chains or rules is refused with
     * {@link PolicyDeniedException}.
     *
     * @param elementsPerSet the largest set size
     * @param setsPerTable sets and maps per table
     * @param chainsPerTable chains per table
     * @param rulesPerTable rules per table
     * @return a new, empty fake with the same owned tables and operations
     */
    public FakeNftj withLimits(long elementsPerSet, long setsPerTable, long chainsPerTable, long rulesPerTable) {
        MemoryKernel.Limits limits = new MemoryKernel.Limits(elementsPerSet, setsPerTable, chainsPerTable, rulesPerTable);
        return new FakeNftj(owned(), Set.copyOf(kernel.info().operations()), limits);
    }

    private Set<String> owned() {
        HelperInfo info = kernel.info();
        return info.ownedTables().isEmpty() ? null : new LinkedHashSet<>(info.ownedTables());
    }

    // ---- the client ---------------------------------------------------------------------------------

    @Override
    public Result apply(Batch batch) throws NftjException { return client.apply(batch); }

    @Override
    public Result check(Batch batch) throws NftjException { return client.check(batch); }

    @Override
    public Ruleset applyEchoed(Batch batch) throws NftjException { return client.applyEchoed(batch); }

    @Override
    public List<Table> tables() throws NftjException { return client.tables(); }

    @Override
    public Ruleset ruleset() throws NftjException { return client.ruleset(); }

    @Override
    public TableClient table(Family family, String name) { return client.table(family, name); }

    @Override
    public Plan plan(DesiredTable desired) throws NftjException { return client.plan(desired); }

    @Override
    public Plan sync(DesiredTable desired) throws NftjException { return client.sync(desired); }

    /** Nothing to stop; the state stays readable. */
    @Override
    public void close() {}

    // ---- dump and load ------------------------------------------------------------------------------

    /**
     * Everything the fake holds, as {@code nft -j list ruleset} prints it: {@code {"nftables":
     * [{"metainfo": …}, {"table": …}, …]}}, with handles.
     *
     * @return the JSON document
     */
    public String dumpJson() {
        return Json.text(Map.of("nftables", kernel.dump()));
    }

    /**
     * Everything the fake holds, as {@code nft list ruleset} prints it (the model's renderer,
     * {@link NftSyntax#ruleset}).
     *
     * @return the ruleset in nft syntax
     */
    public String dumpNft() {
        return NftSyntax.ruleset(Ruleset.decode(kernel.dump()));
    }

    /**
     * {@inheritDoc} The fake reads the document exactly as the real client does: a dump of
     * another fake, or {@code nft -j list ruleset} of a real machine, loads in one transaction.
     */
    @Override
    public Result applyJson(String document, boolean check) throws NftjException { return client.applyJson(document, check); }

    /**
     * Loads a ruleset written in nft's own syntax ({@code table inet app { chain input { … } }}),
     * whole or not at all, as {@code nft -f} would: nft itself reads the text in a private scratch
     * namespace ({@link NftText}: it needs the {@code nft} command and user namespaces, no root), and
     * what it made of it is applied to this fake like any batch (validated, judged by the fake's
     * policy). What {@link #dumpNft()} prints loads back.
     *
     * @param text the ruleset in nft syntax
     * @param interfaces interfaces the rules name by index ({@code iif}, {@code oif}), created in the
     *     scratch namespace so that nft takes them
     * @return the answer of the load
     * @throws NftTextException when nft refuses the text (its line, column and message); nothing loaded
     * @throws NftUnavailableException when nft, unshare or user namespaces are missing (which, and how
     *     to provide it)
     * @throws NftjException as {@link #apply}: the fake refused what nft made of the text
     */
    public Result loadNft(String text, String... interfaces) throws NftjException {
        return client.apply(NftText.parse(text, interfaces));
    }

    /** {@return {@code FakeNftj[tables…]}} */
    @Override
    public String toString() { return "FakeNftj" + kernel.info().ownedTables(); }
}
