package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/**
 * A named limit: {@code rate}/{@code per} with burst; {@code unit} null (packets) or {@code bytes}.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param rate how many packets (or bytes) per {@code per}
 * @param per the time unit: {@code second}, {@code minute}, {@code hour}, {@code day}, {@code week}
 * @param burst how many packets (or bytes) above the rate are let through at once, or null
 * @param unit null for packets, or a byte unit ({@code bytes}, {@code kbytes}, {@code mbytes})
 * @param burstUnit the burst's byte unit, or null
 * @param over whether it matches above the rate ({@code over}) rather than within it
 * @param comment a comment, or null
 */
public record NamedLimit(Family family, String table, String name, Long handle, long rate, String per, Long burst,
                         String unit, String burstUnit, boolean over, String comment) implements NftObject {
    /** Checks that family, table and name are given. */
    public NamedLimit {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        Objects.requireNonNull(per, "per");
    }

    /** The nft command that creates it: {@code add limit inet app per_second { rate 10/second; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "limit"; }

    /**
     * A packet limit, or a byte limit when {@code unit} names a byte unit; without a burst unit.
     *
     * @param family the table's family
     * @param table the table's name
     * @param name the limit's name
     * @param handle the kernel's handle when listed; null in a request
     * @param rate how many packets (or bytes) per {@code per}
     * @param per the time unit
     * @param burst the burst, or null
     * @param unit null for packets, or a byte unit
     * @param over whether it matches above the rate
     * @param comment a comment, or null
     */
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
