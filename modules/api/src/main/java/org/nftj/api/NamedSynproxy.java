package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named synproxy: mss, wscale, flags (timestamp, sack-perm).
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param mss the maximum segment size announced, or null
 * @param wscale the window scale announced, or null
 * @param flags {@code timestamp}, {@code sack-perm}; empty when none
 * @param comment a comment, or null
 */
public record NamedSynproxy(Family family, String table, String name, Long handle, Long mss, Long wscale,
                            List<String> flags, String comment) implements NftObject {
    /** Checks that family, table and name are given. */
    public NamedSynproxy {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        flags = Json.copy(flags);
    }

    /** The nft command that creates it: {@code add synproxy inet app web { mss 1460; wscale 7; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "synproxy"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "mss", mss, "wscale", wscale, "flags", flags.isEmpty() ? null : new java.util.ArrayList<>(flags));
    }
}
