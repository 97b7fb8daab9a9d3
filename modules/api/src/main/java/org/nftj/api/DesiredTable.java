package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The full desired content of one owned table, for {@link Nftj#plan(DesiredTable)} and
 * {@link Nftj#sync(DesiredTable)}: its chains, sets and maps (with their elements), stateful objects
 * and rules (in order, per chain). Everything else in the table is removed by a sync.
 *
 * @param table the table
 * @param objects its chains, sets and maps, stateful objects, flowtables and rules
 */
public record DesiredTable(Table table, List<NftObject> objects) {
    /**
     * Checks that every object belongs to the table and is one a table holds.
     *
     * @throws IllegalArgumentException naming an object of another table, or a table, elements,
     *                                  metainfo or unknown object among them
     */
    public DesiredTable {
        Objects.requireNonNull(table, "table");
        objects = List.copyOf(objects);
        for (NftObject o : objects) {
            if (o instanceof Table || o instanceof Elements || o instanceof Metainfo || o instanceof UnknownObject) {
                throw new IllegalArgumentException("a desired table holds chains, sets, objects and rules, not " + o.kind());
            }
            if (!table.name().equals(tableOf(o)) || table.family() != familyOf(o)) {
                throw new IllegalArgumentException(o.kind() + " belongs to another table than " + table.name());
            }
        }
    }

    /** {@return the desired table as {@code nft list table} would print it: the table block with its content} */
    @Override
    public String toString() {
        List<NftObject> all = new java.util.ArrayList<>();
        all.add(table);
        all.addAll(objects);
        return NftSyntax.ruleset(new Ruleset(all));
    }

    /**
     * A builder of the table's desired content.
     *
     * @param table the table
     * @return the builder
     */
    public static Builder of(Table table) { return new Builder(table); }

    /** Collects the desired objects in order. */
    public static final class Builder {
        private final Table table;
        private final List<NftObject> objects = new ArrayList<>();

        private Builder(Table table) { this.table = table; }

        /**
         * Adds objects, in order.
         *
         * @param o the objects
         * @return this builder
         */
        public Builder add(NftObject... o) { objects.addAll(List.of(o)); return this; }

        /**
         * Adds objects, in order.
         *
         * @param o the objects
         * @return this builder
         */
        public Builder addAll(List<? extends NftObject> o) { objects.addAll(o); return this; }

        /**
         * The desired table.
         *
         * @return the desired table
         * @throws IllegalArgumentException as the record's constructor
         */
        public DesiredTable build() { return new DesiredTable(table, objects); }
    }

    static String tableOf(NftObject o) {
        return switch (o) {
            case Table t -> t.name();
            case Chain c -> c.table();
            case Rule r -> r.table();
            case NamedSet s -> s.table();
            case Elements e -> e.table();
            case NamedCounter c -> c.table();
            case NamedQuota q -> q.table();
            case NamedLimit l -> l.table();
            case CtHelper h -> h.table();
            case CtTimeout t -> t.table();
            case CtExpectation e -> e.table();
            case Secmark s -> s.table();
            case NamedSynproxy s -> s.table();
            case Flowtable f -> f.table();
            case Metainfo m -> "";
            case UnknownObject u -> String.valueOf(u.json().get("table"));
        };
    }

    static Family familyOf(NftObject o) {
        return switch (o) {
            case Table t -> t.family();
            case Chain c -> c.family();
            case Rule r -> r.family();
            case NamedSet s -> s.family();
            case Elements e -> e.family();
            case NamedCounter c -> c.family();
            case NamedQuota q -> q.family();
            case NamedLimit l -> l.family();
            case CtHelper h -> h.family();
            case CtTimeout t -> t.family();
            case CtExpectation e -> e.family();
            case Secmark s -> s.family();
            case NamedSynproxy s -> s.family();
            case Flowtable f -> f.family();
            case Metainfo m -> null;
            case UnknownObject u -> null;
        };
    }
}
