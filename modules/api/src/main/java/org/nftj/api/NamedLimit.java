package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/** A named limit: {@code rate}/{@code per} with burst; {@code unit} null (packets) or {@code bytes}. */
public record NamedLimit(Family family, String table, String name, Long handle, long rate, String per, Long burst,
                         String unit, String burstUnit, boolean over, String comment) implements NftObject {
    public NamedLimit {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        Objects.requireNonNull(per, "per");
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "limit"; }

    /** A packet limit, or a byte limit when {@code unit} names a byte unit; without a burst unit. */
    public NamedLimit(Family family, String table, String name, Long handle, long rate, String per, Long burst,
                      String unit, boolean over, String comment) {
        this(family, table, name, handle, rate, per, burst, unit, null, over, comment);
    }

    /** In nft 1.0.6's order: rate, per, inv, rate_unit, burst, burst_unit. */
    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "rate", rate, "per", per, "inv", over ? Boolean.TRUE : null, "rate_unit", unit, "burst", burst,
                "burst_unit", burstUnit);
    }
}
