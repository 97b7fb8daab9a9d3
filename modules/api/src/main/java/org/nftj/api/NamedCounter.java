package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/**
 * A named counter ({@code counter NAME}); packets and bytes are set when listed.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param packets packets counted, when listed; null in a request (zero)
 * @param bytes bytes counted, when listed; null in a request (zero)
 * @param comment a comment, or null
 */
public record NamedCounter(Family family, String table, String name, Long handle, Long packets, Long bytes, String comment)
        implements NftObject {
    /** Checks that family, table and name are given. */
    public NamedCounter {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
    }

    /**
     * A counter in a table, from zero.
     *
     * @param t the table
     * @param name the counter's name
     * @return the counter
     */
    public static NamedCounter of(Table t, String name) { return new NamedCounter(t.family(), t.name(), name, null, null, null, null); }

    /** The nft command that creates it: {@code add counter inet app ssh}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "counter"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "packets", packets, "bytes", bytes);
    }
}
