package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.api.expr.Expr;

/**
 * Elements of a named set or map, for {@code add element}, {@code delete element}, {@code get element}.
 *
 * @param family the table's family
 * @param table the table's name
 * @param set the set's or map's name
 * @param elements the elements: values, prefixes, ranges, concatenations, or map entries
 */
public record Elements(Family family, String table, String set, List<Expr> elements) implements NftObject {
    /** Checks that family, table and set are given; copies the elements. */
    public Elements {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(set, "set");
        elements = List.copyOf(elements);
    }

    /**
     * Plain values (addresses, prefixes "10.0.0.0/8", numbers as strings or numbers) for {@code set}.
     *
     * @param family the table's family
     * @param table the table's name
     * @param set the set's name
     * @param values the values, each a string, a number or an {@link Expr}
     * @return the elements
     * @throws IllegalArgumentException naming a value that is no element (a host name, say)
     */
    public static Elements of(Family family, String table, String set, Object... values) {
        List<Expr> l = new ArrayList<>(values.length);
        for (Object v : values) l.add(Values.element(v));
        return new Elements(family, table, set, l);
    }

    /**
     * Elements of a set.
     *
     * @param set the set or map
     * @param elements the elements
     * @return the elements
     */
    public static Elements of(NamedSet set, List<Expr> elements) {
        return new Elements(set.family(), set.table(), set.name(), elements);
    }

    /** The nft command that adds them: {@code add element inet app deny4 { 10.0.0.0/8, 192.0.2.1 }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "element"; }

    @Override
    public Map<String, Object> toJson() {
        List<Object> el = new ArrayList<>(elements.size());
        for (Expr e : elements) el.add(e.toJson());
        return Json.obj("family", family.wire(), "table", table, "name", set, "elem", el);
    }
}
