package org.nftj.api;

import java.util.Objects;
import org.nftj.api.expr.Expr;

/**
 * Which object a failure concerns, as nft names it: {@code table inet app}, {@code chain inet app
 * input}, {@code set inet app deny4}, {@code rule inet app input handle 7},
 * {@code element inet app deny4 { 192.0.2.1 }}, {@code counter inet app ssh}.
 *
 * @param kind the object's keyword: {@code table}, {@code chain}, {@code rule}, {@code set},
 *        {@code map}, {@code element}, or a stateful object's ({@code counter}, {@code quota},
 *        {@code limit}, {@code ct helper} …, {@code flowtable})
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name: the chain of a rule, the set of an element; null for a table
 * @param handle a rule's handle, or null
 * @param element an element, or null
 */
public record ObjectId(String kind, Family family, String table, String name, Long handle, Expr element) {
    /** Checks that the kind, family and table are given. */
    public ObjectId {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
    }

    /**
     * Names a table.
     *
     * @param t the table
     * @return the table's id
     */
    public static ObjectId table(Table t) { return new ObjectId("table", t.family(), t.name(), null, null, null); }

    /**
     * Names a chain.
     *
     * @param t the table
     * @param name the chain's name
     * @return the chain's id
     */
    public static ObjectId chain(Table t, String name) { return of("chain", t, name); }

    /**
     * Names a set.
     *
     * @param t the table
     * @param name the set's name
     * @return the set's id
     */
    public static ObjectId set(Table t, String name) { return of("set", t, name); }

    /**
     * Names a stateful object, a map or a flowtable.
     *
     * @param kind the object's keyword
     * @param t the table
     * @param name the object's name
     * @return the object's id
     */
    public static ObjectId of(String kind, Table t, String name) {
        return new ObjectId(kind, t.family(), t.name(), Objects.requireNonNull(name, "name"), null, null);
    }

    /**
     * Names a rule by its handle.
     *
     * @param t the table
     * @param chain the rule's chain
     * @param handle the rule's handle
     * @return the rule's id
     */
    public static ObjectId rule(Table t, String chain, long handle) {
        return new ObjectId("rule", t.family(), t.name(), chain, handle, null);
    }

    /**
     * Names one element of a set or map.
     *
     * @param t the table
     * @param set the set's or map's name
     * @param element the element
     * @return the element's id
     */
    public static ObjectId element(Table t, String set, Expr element) {
        return new ObjectId("element", t.family(), t.name(), set, null, Objects.requireNonNull(element, "element"));
    }

    /** {@return the object's table} */
    public Table tableId() { return new Table(family, table); }

    /** {@return as nft names it: {@code chain inet app input}} */
    @Override
    public String toString() {
        String where = kind + " " + family.wire() + " " + table;
        return switch (kind) {
            case "table" -> where;
            case "rule" -> where + " " + name + (handle == null ? "" : " handle " + handle);
            case "element" -> where + " " + name + " { " + Failures.text(element) + " }";
            default -> where + " " + name;
        };
    }
}
