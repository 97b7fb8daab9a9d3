package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/** A named quota: {@code bytes} allowed ({@code over}: match once exceeded), {@code used} so far. */
public record NamedQuota(Family family, String table, String name, Long handle, long bytes, Long used, boolean over,
                         String comment) implements NftObject {
    public NamedQuota {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "quota"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "bytes", bytes, "used", used, "inv", over);
    }
}
