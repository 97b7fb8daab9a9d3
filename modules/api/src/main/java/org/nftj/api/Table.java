package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table: family and name; handle when listed; flags ({@code dormant}, {@code owner}); comment.
 *
 * <p>Note: nft 1.0.6 prints neither a table's comment nor its flags correctly in JSON (it prints the
 * table's name as "flags"); the model keeps what it reads so listings still round-trip.
 */
public record Table(Family family, String name, Long handle, List<String> flags, String comment) implements NftObject {
    public Table {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        flags = Json.copy(flags);
    }

    public Table(Family family, String name) { this(family, name, null, List.of(), null); }

    public Table withFlags(String... f) { return new Table(family, name, handle, List.of(f), comment); }

    public Table withComment(String c) { return new Table(family, name, handle, flags, c); }

    /** The same table without listing-only fields (handle): what a desired state compares. */
    public Table identity() { return new Table(family, name); }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "table"; }

    @Override
    public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "handle", handle, "flags", Json.flags(flags), "comment", comment);
    }
}
