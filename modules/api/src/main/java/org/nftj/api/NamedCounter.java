package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/** A named counter ({@code counter NAME}); packets and bytes are set when listed. */
public record NamedCounter(Family family, String table, String name, Long handle, Long packets, Long bytes, String comment)
        implements NftObject {
    public NamedCounter {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
    }

    public static NamedCounter of(Table t, String name) { return new NamedCounter(t.family(), t.name(), name, null, null, null, null); }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "counter"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "packets", packets, "bytes", bytes);
    }
}
