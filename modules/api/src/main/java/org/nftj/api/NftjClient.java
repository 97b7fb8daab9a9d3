package org.nftj.api;

import java.util.List;

/**
 * What an application does with nftables through nftj: apply and check batches, reach one table
 * through its {@link TableClient}, list, plan and sync. Program against this interface:
 * {@link Nftj#open} gives the real client (the privileged helper, the kernel behind it) and
 * {@link FakeNftj} an in-memory one with the kernel's semantics, for unit tests without root.
 * Both pass one contract suite, so what a test shows against the fake holds against the kernel.
 *
 * <pre>{@code
 * final class Firewall {
 *     private final TableClient app;
 *     Firewall(NftjClient nft) { this.app = nft.table(Family.INET, "app"); }
 *
 *     void install() throws NftjException {
 *         app.add(app.table(),
 *                 app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP),
 *                 app.rule("input", Matches.tcpDport(443), Stmt.accept()));
 *     }
 * }
 * }</pre>
 *
 * <p>Every failure is an {@link NftjException} subclass that says what failed (the command in nft
 * syntax, the missing or existing object, the bad element) and whether anything changed
 * ({@link NftjException#outcome()}).
 */
public interface NftjClient extends AutoCloseable {
    /**
     * Applies the batch as one transaction: all of it, or nothing.
     *
     * @param batch the commands
     * @return the answer (what listing commands printed) and the batch's digest
     * @throws NftjException when any command fails; nothing was applied unless its outcome says so
     */
    Result apply(Batch batch) throws NftjException;

    /**
     * Dry run: the kernel checks the whole batch as it would apply it; nothing changes.
     *
     * @param batch the commands
     * @return the answer
     * @throws NftjException the failure {@link #apply} would have met
     */
    Result check(Batch batch) throws NftjException;

    /**
     * Applies the batch and returns the objects it created, typed, with the handles the kernel
     * gave them (a rule's handle is what {@link Rule#withHandle} needs to delete or replace it).
     *
     * @param batch the commands
     * @return the created objects
     * @throws NftjException as {@link #apply}
     */
    Ruleset applyEchoed(Batch batch) throws NftjException;

    /**
     * Applies (or, with {@code check}, checks) a libnftables JSON document ({@code {"nftables":[...]}})
     * as {@code nft -j -f} takes it: commands, or a listing as {@code nft -j list} prints it (its
     * objects are added, handles left out), or both, in one transaction ({@link Batch#parse}).
     *
     * @param document the JSON document
     * @param check a dry run: checked by the kernel, nothing changed
     * @return the answer
     * @throws InvalidRequestException when the document does not validate; nothing was sent
     * @throws NftjException as {@link #apply}
     */
    Result applyJson(String document, boolean check) throws NftjException;

    /**
     * The existing tables this client may use (the helper's policy owns them), each with its
     * handle, without their content.
     *
     * @return the tables, in the kernel's order
     * @throws NftjException when they cannot be listed
     */
    List<Table> tables() throws NftjException;

    /**
     * Everything in the tables this client may use, typed, as {@code nft -j list ruleset} prints
     * them (for one table: {@link TableClient#list()}).
     *
     * @return the objects of every owned table
     * @throws NftjException when they cannot be listed
     */
    Ruleset ruleset() throws NftjException;

    /**
     * One table, addressed once: through the handle its chains, rules, sets and elements are made,
     * listed and changed. Nothing is sent until an operation of the handle is called.
     *
     * @param family the table's family
     * @param name the table's name
     * @return the handle
     */
    TableClient table(Family family, String name);

    /**
     * One table, addressed once, given as a {@link Table}.
     *
     * @param table the table (its family and name)
     * @return the handle of that table
     */
    default TableClient table(Table table) { return table(table.family(), table.name()); }

    /**
     * What {@link #sync} would change: the diff between the kernel's table and {@code desired}.
     *
     * @param desired the table's whole desired content
     * @return the plan: readable changes and the one transaction that makes them
     * @throws NftjException when the table cannot be listed
     */
    Plan plan(DesiredTable desired) throws NftjException;

    /**
     * Makes the table equal to {@code desired} in one transaction and returns the plan it applied
     * (empty when nothing changed). Idempotent: after an unknown outcome, call it again.
     *
     * @param desired the table's whole desired content
     * @return the plan applied
     * @throws NftjException when listing or applying fails
     */
    Plan sync(DesiredTable desired) throws NftjException;

    /** Ends the client (for the helper: stops it); further calls fail. */
    @Override
    void close();
}
