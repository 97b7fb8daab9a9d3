package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A table: family and name; handle when listed; flags ({@code dormant}, {@code owner}); comment.
 *
 * @param family the family: which packets its base chains see
 * @param name the table's name
 * @param handle the kernel's handle when listed; null in a request
 * @param flags the table's flags as nft names them; empty when none
 * @param comment a comment, or null
 *
 * <p>Note: nft 1.0.6 prints neither a table's comment nor its flags correctly in JSON (it prints the
 * table's name as "flags"); the model keeps what it reads so listings still round-trip.
 */
public record Table(Family family, String name, Long handle, List<String> flags, String comment) implements NftObject {
    /** Checks that family and name are given; copies the flags. */
    public Table {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(name, "name");
        flags = Json.copy(flags);
    }

    /**
     * A table as a request names it: no handle, flags or comment.
     *
     * @param family the family
     * @param name the table's name
     */
    public Table(Family family, String name) { this(family, name, null, List.of(), null); }

    /**
     * The same table with flags.
     *
     * @param f the flags ({@code dormant}, {@code owner})
     * @return the same table with these flags
     */
    public Table withFlags(String... f) { return new Table(family, name, handle, List.of(f), comment); }

    /**
     * The same table with a comment.
     *
     * @param c the comment
     * @return the same table with this comment
     */
    public Table withComment(String c) { return new Table(family, name, handle, flags, c); }

    /** {@return the same table without listing-only fields (handle): what a desired state compares} */
    public Table identity() { return new Table(family, name); }

    /** The nft command that creates it: {@code add table inet app}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "table"; }

    @Override
    public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "handle", handle, "flags", Json.flags(flags), "comment", comment);
    }
}
