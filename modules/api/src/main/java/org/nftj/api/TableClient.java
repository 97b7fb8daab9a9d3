package org.nftj.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Stmt;

/**
 * One table of a client, addressed once ({@code nft.table(Family.INET, "app")}): its objects are
 * made here without repeating the family and table, and listed and changed through here.
 *
 * <pre>{@code
 * TableClient app = nft.table(Family.INET, "app");
 * app.add(app.table(),
 *         app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP),
 *         app.set("deny4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL),
 *         app.rule("input", Matches.saddrIn("deny4", false), Stmt.drop()));
 * app.addElements("deny4", Stream.of("192.0.2.0/24", "198.51.100.7"));
 * List<Rule> rules = app.listRules("input");            // typed, with handles
 * }</pre>
 *
 * <p>Methods named after an object ({@link #chain}, {@link #rule}, {@link #set} …) only make it;
 * methods that talk to the kernel are verbs ({@link #add}, {@link #apply}, {@link #list},
 * {@link #listRules}, {@link #addElements} …). Every object given to this handle must belong to
 * its table. Thread-safe, like its client.
 */
public final class TableClient {
    private final Nftj client;
    private final Table table;

    TableClient(Nftj client, Table table) {
        this.client = Objects.requireNonNull(client, "client");
        this.table = Objects.requireNonNull(table, "table");
    }

    /** {@return the table itself ({@code add table inet app})} */
    public Table table() { return table; }

    /** {@return the table's family} */
    public Family family() { return table.family(); }

    /** {@return the table's name} */
    public String name() { return table.name(); }

    // ---- objects of this table (nothing is sent) ----------------------------------------------------

    /**
     * Makes a regular chain of this table.
     *
     * @param name the chain's name
     * @return a regular chain (a jump target)
     */
    public Chain chain(String name) { return Chain.regular(table, name); }

    /**
     * A base chain with one of nft's named priorities, resolved for this table's family.
     *
     * @param name the chain's name
     * @param type what it does
     * @param hook where it attaches
     * @param priority the standard priority
     * @param policy the verdict for packets no rule decided
     * @return the chain
     */
    public Chain baseChain(String name, ChainType type, ChainHook hook, Priority priority, ChainPolicy policy) {
        return Chain.base(table, name, type, hook, priority, policy);
    }

    /**
     * Makes a base chain with a numeric priority.
     *
     * @param name the chain's name
     * @param hook where it attaches, with a numeric priority
     * @return the base chain
     */
    public Chain baseChain(String name, Chain.Hook hook) { return Chain.base(table, name, hook); }

    /**
     * Makes a rule that appends to a chain of this table.
     *
     * @param chain the chain's name
     * @param statements what the rule does, in order
     * @return a rule to append to the chain
     */
    public Rule rule(String chain, Stmt... statements) { return Rule.in(table, chain, statements); }

    /**
     * Makes a set of this table.
     *
     * @param name the set's name
     * @param keyTypes its key type, or the types of a concatenation
     * @return the set, without flags or elements
     */
    public NamedSet set(String name, DataType... keyTypes) { return NamedSet.of(table, name, keyTypes); }

    /**
     * Makes a map of this table.
     *
     * @param name the map's name
     * @param keyType the key's type
     * @param dataType the data's type ({@link DataType#VERDICT} for a verdict map)
     * @return the map
     */
    public NamedSet map(String name, DataType keyType, DataType dataType) { return NamedSet.map(table, name, keyType, dataType); }

    /**
     * Elements of a set or map: addresses, prefixes, ranges ({@code "10.0.0.1-10.0.0.9"}), numbers,
     * {@link java.net.InetAddress}es or {@link Expr}s ({@link Expr.MapEntry} for a map).
     *
     * @param set the set's name
     * @param values the elements
     * @return the elements, for {@code add}, {@code create} or {@code delete}
     * @throws IllegalArgumentException naming a value that is not an element (host names are never looked up)
     */
    public Elements elements(String set, Object... values) { return Elements.of(table.family(), table.name(), set, values); }

    /**
     * Makes a named counter of this table.
     *
     * @param name the counter's name
     * @return a named counter
     */
    public NamedCounter counter(String name) { return NamedCounter.of(table, name); }

    /** {@return a builder of this table's whole desired content, for {@link #plan} and {@link #sync}} */
    public DesiredTable.Builder desired() { return DesiredTable.of(table); }

    // ---- changes ------------------------------------------------------------------------------------

    /**
     * Adds the objects in one transaction, in the order given ({@code add}: an existing object is
     * left as it is, or updated where nft's {@code add} updates).
     *
     * @param objects objects of this table
     * @return the answer
     * @throws NftjException when any of them cannot be added; then none was
     */
    public Result add(NftObject... objects) throws NftjException {
        Batch.Builder b = Batch.builder();
        for (NftObject o : objects) b.add(o);
        return apply(b.build());
    }

    /**
     * Applies a batch of commands on this table as one transaction.
     *
     * @param batch commands that all name this table
     * @return the answer
     * @throws NftjException as {@link NftjClient#apply}
     * @throws IllegalArgumentException when a command names another table
     */
    public Result apply(Batch batch) throws NftjException { return client.apply(scoped(batch)); }

    /**
     * Checks a batch of commands on this table (a dry run: nothing changes).
     *
     * @param batch commands that all name this table
     * @return the answer
     * @throws NftjException the failure {@link #apply} would have met
     */
    public Result check(Batch batch) throws NftjException { return client.check(scoped(batch)); }

    /**
     * Deletes the table and everything in it.
     *
     * @throws NftjException when it does not exist ({@link NotFoundException}) or cannot be deleted
     */
    public void delete() throws NftjException { client.apply(Batch.builder().delete(table).build()); }

    /**
     * Adds elements to a set or map in chunks (see {@link Bulk}: not one transaction; everything up
     * to the last reported progress is in the kernel when a chunk fails).
     *
     * @param set the set's name
     * @param values elements as {@link #elements} takes them, read one chunk at a time
     * @param options chunk sizes and progress
     * @return how many were added
     * @throws NftjException when a chunk fails
     */
    public long addElements(String set, Iterator<?> values, Bulk options) throws NftjException {
        return client.bulk("add", table, set, values, options);
    }

    /**
     * Adds a stream of elements to a set or map, in chunks of the default size.
     *
     * @param set the set's name
     * @param values elements as {@link #elements} takes them (the stream is read once, in chunks)
     * @return how many were added ({@link Bulk#defaults()})
     * @throws NftjException when a chunk fails
     */
    public long addElements(String set, Stream<?> values) throws NftjException {
        return addElements(set, values.iterator(), Bulk.defaults());
    }

    /**
     * Deletes elements from a set or map in chunks.
     *
     * @param set the set's name
     * @param values the elements, read one chunk at a time
     * @param options chunk sizes and progress
     * @return how many were deleted
     * @throws NftjException when a chunk fails (an element that is not in the set, among others)
     */
    public long deleteElements(String set, Iterator<?> values, Bulk options) throws NftjException {
        return client.bulk("delete", table, set, values, options);
    }

    /**
     * Deletes a stream of elements from a set or map, in chunks of the default size.
     *
     * @param set the set's name
     * @param values the elements (the stream is read once, in chunks)
     * @return how many were deleted ({@link Bulk#defaults()})
     * @throws NftjException when a chunk fails
     */
    public long deleteElements(String set, Stream<?> values) throws NftjException {
        return deleteElements(set, values.iterator(), Bulk.defaults());
    }

    /**
     * Plans a sync of this table without changing it.
     *
     * @param desired the table's whole desired content
     * @return what {@link #sync} would change
     * @throws NftjException when the table cannot be listed
     */
    public Plan plan(DesiredTable desired) throws NftjException { return client.plan(own(desired)); }

    /**
     * Makes the table equal to {@code desired} in one transaction (see {@link NftjClient#sync}).
     *
     * @param desired the table's whole desired content
     * @return the plan applied
     * @throws NftjException when listing or applying fails
     */
    public Plan sync(DesiredTable desired) throws NftjException { return client.sync(own(desired)); }

    // ---- listings -----------------------------------------------------------------------------------

    /**
     * Tells whether the table exists.
     *
     * @return whether the table exists
     * @throws NftjException when the tables cannot be listed
     */
    public boolean exists() throws NftjException { return client.stateOf(table) != null; }

    /**
     * Everything in the table, typed, as {@code nft -j list table} prints it.
     *
     * @return the table and its objects, rules and elements
     * @throws NotFoundException when the table does not exist
     * @throws NftjException when it cannot be listed
     */
    public Ruleset list() throws NftjException { return client.query(listTable()); }

    /**
     * The raw form of {@link #list()}: what libnftables printed, as JSON values (maps, lists,
     * strings, numbers), for a program that passes it on unchanged.
     *
     * @return the listing's {@code nftables} array, without metainfo
     * @throws NftjException as {@link #list()}
     */
    public List<Map<String, Object>> listJson() throws NftjException { return client.queryJson(listTable()); }

    /**
     * Lists the rules of one chain ({@code list chain}).
     *
     * @param chain the chain's name
     * @return the chain's rules, in order, with their handles
     * @throws NotFoundException when the table or chain does not exist
     * @throws NftjException when it cannot be listed
     */
    public List<Rule> listRules(String chain) throws NftjException {
        return client.query(List.of(command("list", "chain", chain))).of(Rule.class);
    }

    /**
     * Lists one chain without its rules.
     *
     * @param chain the chain's name
     * @return the chain (with its handle and hook)
     * @throws NotFoundException when the table or chain does not exist
     * @throws NftjException when it cannot be listed
     */
    public Chain listChain(String chain) throws NftjException {
        return client.query(List.of(command("list", "chain", chain))).of(Chain.class).getFirst();
    }

    /**
     * One set or map with its elements ({@code list set}, then {@code list map}), without listing
     * the rest of the table.
     *
     * @param name the set's or map's name
     * @return it, typed
     * @throws NotFoundException when there is no such set or map
     * @throws NftjException when it cannot be listed
     */
    public NamedSet listSet(String name) throws NftjException {
        List<NamedSet> l;
        try {
            l = client.query(List.of(command("list", "set", name))).of(NamedSet.class);
        } catch (NotFoundException notASet) {
            l = client.query(List.of(command("list", "map", name))).of(NamedSet.class);
        }
        if (l.isEmpty()) throw Failures.missing(ObjectId.set(table, name), "list set " + table.family().wire() + " " + table.name() + " " + name);
        return l.getFirst();
    }

    /**
     * Lists the elements of one set or map.
     *
     * @param set the set's or map's name
     * @return its elements, as nft lists them (prefixes and ranges of an interval set as such)
     * @throws NftjException as {@link #listSet}
     */
    public Stream<Expr> listElements(String set) throws NftjException { return listSet(set).elements().stream(); }

    /**
     * Streams the elements of one set or map to {@code parts}, a part at a time (about 1 MiB of JSON
     * each from the real helper; the fake gives them in one part), and returns how many there were.
     * Memory stays bounded by a part, whatever the set's size: the helper writes the parts as the
     * answer is read, and a slow consumer slows the helper. Elements come in nft's order, as
     * {@code nft list set} prints them. {@code parts} runs on the transport's reader thread; what it
     * throws ends the listing and is thrown here.
     *
     * @param set the set's or map's name
     * @param parts receives the elements, a part at a time
     * @return how many elements there were
     * @throws NotFoundException when there is no such set or map
     * @throws NftjException when it cannot be listed
     */
    public long listElements(String set, java.util.function.Consumer<List<Expr>> parts) throws NftjException {
        return client.elements(table.family(), table.name(), set, parts);
    }

    /**
     * The table at a glance: its chains and its sets and maps without rules and elements, with the
     * rule count of each chain and the element count of each set, read by the helper without
     * reading one element (docs/protocol.md, "Summary of a table"), so it costs the same beside a
     * million-element blocklist.
     *
     * @return the summary
     * @throws NotFoundException when the table does not exist
     * @throws NftjException when it cannot be listed
     */
    public TableSummary summary() throws NftjException { return client.summary(table); }

    /**
     * Lists one named counter ({@code list counter}).
     *
     * @param name the counter's name
     * @return its packets and bytes
     * @throws NotFoundException when there is no such counter
     * @throws NftjException when it cannot be listed
     */
    public NamedCounter listCounter(String name) throws NftjException { return oneCounter("list", name); }

    /**
     * Reads and zeroes one named counter atomically ({@code reset counter}).
     *
     * @param name the counter's name
     * @return the values before the reset
     * @throws NftjException as {@link #listCounter}
     */
    public NamedCounter resetCounter(String name) throws NftjException { return oneCounter("reset", name); }

    /**
     * Several named counters in one request (one {@code list counter} command each; the helper
     * refuses plural listings such as {@code list counters}, by design).
     *
     * @param names the counters' names
     * @return them, in order
     * @throws NftjException when one cannot be listed
     */
    public List<NamedCounter> listCounters(String... names) throws NftjException { return counters("list", names); }

    /**
     * Reads and zeroes several named counters in one request.
     *
     * @param names the counters' names
     * @return the values before the reset, in order
     * @throws NftjException when one cannot be reset
     */
    public List<NamedCounter> resetCounters(String... names) throws NftjException { return counters("reset", names); }

    private List<NamedCounter> counters(String verb, String... names) throws NftjException {
        if (names.length == 0) throw new IllegalArgumentException("name at least one counter");
        List<Map<String, Object>> cmds = new ArrayList<>(names.length);
        for (String n : names) cmds.add(command(verb, "counter", n));
        return client.query(cmds).of(NamedCounter.class);
    }

    private NamedCounter oneCounter(String verb, String name) throws NftjException {
        List<NamedCounter> l = client.query(List.of(command(verb, "counter", name))).of(NamedCounter.class);
        if (l.isEmpty()) throw Failures.missing(ObjectId.of("counter", table, name), verb + " counter " + table.family().wire() + " " + table.name() + " " + name);
        return l.getFirst();
    }

    private List<Map<String, Object>> listTable() {
        return List.of(Nftj.command("list", "table", table.family(), table.name(), null));
    }

    private Map<String, Object> command(String verb, String kind, String name) {
        return Nftj.command(verb, kind, table.family(), table.name(), name);
    }

    private Batch scoped(Batch batch) {
        for (Map<String, Object> command : batch.toJson()) {
            for (Object body : command.values()) {
                NftObject o = body instanceof Map<?, ?> m && m.size() == 1 ? Ruleset.object(m) : null;
                if (o != null && !(table.name().equals(DesiredTable.tableOf(o)) && table.family() == DesiredTable.familyOf(o))) {
                    throw new IllegalArgumentException("not in table " + table.family().wire() + " " + table.name() + ": "
                            + command.keySet().iterator().next() + " " + o.kind() + " " + DesiredTable.tableOf(o));
                }
            }
        }
        return batch;
    }

    private DesiredTable own(DesiredTable desired) {
        if (!desired.table().identity().equals(table)) {
            throw new IllegalArgumentException("the desired state is of table " + desired.table().family().wire() + " "
                    + desired.table().name() + ", not of " + table.family().wire() + " " + table.name());
        }
        return desired;
    }

    /** {@return {@code table inet app}} */
    @Override
    public String toString() { return "table " + table.family().wire() + " " + table.name(); }
}
