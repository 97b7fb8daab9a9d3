package org.nftj.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A table, by family and name. */
public record Table(Family family, String name) implements NftObject {
    public Table {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
    }

    @Override public String kind() { return "table"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family.wire());
        m.put("name", name);
        return m;
    }
}
