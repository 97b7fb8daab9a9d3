package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.api.expr.Expr;

/** Elements of a named set or map, for {@code add element}, {@code delete element}, {@code get element}. */
public record Elements(Family family, String table, String set, List<Expr> elements) implements NftObject {
    public Elements {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(set, "set");
        elements = List.copyOf(elements);
    }

    /** Plain values (addresses, prefixes "10.0.0.0/8", numbers as strings or numbers) for {@code set}. */
    public static Elements of(Family family, String table, String set, Object... values) {
        List<Expr> l = new ArrayList<>(values.length);
        for (Object v : values) l.add(Values.element(v));
        return new Elements(family, table, set, l);
    }

    public static Elements of(NamedSet set, List<Expr> elements) {
        return new Elements(set.family(), set.table(), set.name(), elements);
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "element"; }

    @Override
    public Map<String, Object> toJson() {
        List<Object> el = new ArrayList<>(elements.size());
        for (Expr e : elements) el.add(e.toJson());
        return Json.obj("family", family.wire(), "table", table, "name", set, "elem", el);
    }
}
