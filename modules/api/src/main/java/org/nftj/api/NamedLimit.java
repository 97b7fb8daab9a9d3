package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/** A named limit: {@code rate}/{@code per} with burst; {@code unit} null (packets) or {@code bytes}. */
public record NamedLimit(Family family, String table, String name, Long handle, long rate, String per, Long burst,
                         String unit, boolean over, String comment) implements NftObject {
    public NamedLimit {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        Objects.requireNonNull(per, "per");
    }

    @Override public String kind() { return "limit"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "rate", rate, "per", per, "burst", burst, "unit", unit, "inv", over ? Boolean.TRUE : null);
    }
}
