package org.nftj.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Elements of a named set, for {@code add element} / {@code delete element}. */
public record Elements(Family family, String table, String set, List<Object> elements) implements NftObject {
    public Elements {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(set, "set");
        elements = List.copyOf(elements);
    }

    @Override public String kind() { return "element"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family.wire());
        m.put("table", table);
        m.put("name", set);
        m.put("elem", elements);
        return m;
    }
}
