package org.nftj.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A named set of one key type ({@code ipv4_addr}, {@code inet_service}, …). */
public record NamedSet(Family family, String table, String name, String type, List<String> flags) implements NftObject {
    public NamedSet {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        flags = List.copyOf(flags);
    }

    @Override public String kind() { return "set"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family.wire());
        m.put("table", table);
        m.put("name", name);
        m.put("type", type);
        if (!flags.isEmpty()) m.put("flags", flags);
        return m;
    }
}
