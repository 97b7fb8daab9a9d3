package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A named synproxy: mss, wscale, flags (timestamp, sack-perm). */
public record NamedSynproxy(Family family, String table, String name, Long handle, Long mss, Long wscale,
                            List<String> flags, String comment) implements NftObject {
    public NamedSynproxy {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        flags = Json.copy(flags);
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "synproxy"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "mss", mss, "wscale", wscale, "flags", flags.isEmpty() ? null : new java.util.ArrayList<>(flags));
    }
}
