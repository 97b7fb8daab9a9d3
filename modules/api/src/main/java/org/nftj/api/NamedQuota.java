package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/**
 * A named quota: {@code bytes} allowed ({@code over}: match once exceeded), {@code used} so far.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param bytes the bytes allowed
 * @param used the bytes used so far, when listed; or null
 * @param over whether it matches once the quota is exceeded ({@code over}) rather than until then
 * @param comment a comment, or null
 */
public record NamedQuota(Family family, String table, String name, Long handle, long bytes, Long used, boolean over,
                         String comment) implements NftObject {
    /** Checks that family, table and name are given. */
    public NamedQuota {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
    }

    /** The nft command that creates it: {@code add quota inet app monthly { 1000 mbytes; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "quota"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "bytes", bytes, "used", used, "inv", over);
    }
}
