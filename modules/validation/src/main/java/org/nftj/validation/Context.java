package org.nftj.validation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the caller knows about the kernel's ruleset beyond the batch itself: for each table it
 * has listed, the chains and sets it holds. A reference from the batch to a chain or set is
 * checked only when it points into such a known table (or to an object the batch itself
 * creates); references into tables the context does not know are left for the kernel to judge,
 * so a context can never make a valid batch fail.
 *
 * <pre>{@code
 * Context ctx = Context.builder()
 *         .table("inet", "app")            // everything in inet app is listed below
 *         .chain("inet", "app", "input")
 *         .set("inet", "app", "blocked", "ipv4_addr")
 *         .build();
 * }</pre>
 */
public final class Context {
    private static final Context NONE = new Context(Set.of(), Set.of(), Map.of());

    private final Set<TableRef> tables;
    private final Set<Checker.ObjectRef> chains;
    private final Map<Checker.ObjectRef, List<String>> sets;

    private Context(Set<TableRef> tables, Set<Checker.ObjectRef> chains, Map<Checker.ObjectRef, List<String>> sets) {
        this.tables = Set.copyOf(tables);
        this.chains = Set.copyOf(chains);
        this.sets = Map.copyOf(sets);
    }

    /**
     * Knows nothing about the kernel: only references between objects of the batch are checked.
     *
     * @return the empty context, shared
     */
    public static Context none() { return NONE; }

    /**
     * Starts an empty context.
     *
     * @return a builder that knows no table yet
     */
    public static Builder builder() { return new Builder(); }

    boolean knows(String family, String table) { return tables.contains(new TableRef(family, table)); }

    boolean hasChain(Checker.ObjectRef ref) { return chains.contains(ref); }

    /** The set's key type names (e.g. [ipv4_addr] or [ipv4_addr, inet_service]), or null when unknown. */
    List<String> setType(Checker.ObjectRef ref) { return sets.get(ref); }

    /**
     * Collects the tables, chains and sets of a context. Not thread-safe; {@link #build()} copies,
     * so the context built does not change when the builder does.
     */
    public static final class Builder {
        private final Set<TableRef> tables = new HashSet<>();
        private final Set<Checker.ObjectRef> chains = new HashSet<>();
        private final Map<Checker.ObjectRef, List<String>> sets = new HashMap<>();

        private Builder() {}

        /**
         * Declares that every chain and set of this table is listed in this context: a reference
         * from the batch to a chain or set of this table that is neither listed nor created by the
         * batch is refused.
         *
         * @param family the table's family as libnftables writes it ({@code ip}, {@code ip6},
         *        {@code inet}, {@code arp}, {@code bridge}, {@code netdev})
         * @param name the table's name
         * @return this builder
         */
        public Builder table(String family, String name) {
            tables.add(new TableRef(family, name));
            return this;
        }

        /**
         * A chain that exists in the kernel; declares its table known, as {@link #table(String, String)}.
         *
         * @param family the table's family
         * @param table the table's name
         * @param name the chain's name
         * @return this builder
         */
        public Builder chain(String family, String table, String name) {
            table(family, table);
            chains.add(new Checker.ObjectRef(family, table, Objects.requireNonNull(name)));
            return this;
        }

        /**
         * A set or map that exists in the kernel; declares its table known, as
         * {@link #table(String, String)}.
         *
         * @param family the table's family
         * @param table the table's name
         * @param name the set's or map's name
         * @param keyType its key type names as libnftables prints them ({@code ipv4_addr}, or several for a
         *                concatenation); none when not known
         * @return this builder
         */
        public Builder set(String family, String table, String name, String... keyType) {
            table(family, table);
            sets.put(new Checker.ObjectRef(family, table, Objects.requireNonNull(name)), List.of(keyType));
            return this;
        }

        /**
         * The context of everything declared so far.
         *
         * @return an immutable context
         */
        public Context build() { return new Context(tables, chains, sets); }
    }
}
