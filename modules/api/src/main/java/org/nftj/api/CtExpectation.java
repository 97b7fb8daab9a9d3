package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/**
 * A conntrack expectation object: protocol, destination port, timeout (ms), size, l3proto.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param protocol the layer 4 protocol of the expected connection
 * @param dport its destination port, or null
 * @param timeout how long the expectation lives, in milliseconds, or null
 * @param size how many expectations it may hold, or null
 * @param l3proto the layer 3 protocol ({@code ip}, {@code ip6}), or null
 * @param comment a comment, or null
 */
public record CtExpectation(Family family, String table, String name, Long handle, String protocol, Long dport,
                            Long timeout, Long size, String l3proto, String comment) implements NftObject {
    /** Checks that family, table and name are given. */
    public CtExpectation {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
    }

    /** The nft command that creates it: {@code add ct expectation inet app e { protocol tcp; dport 2121; timeout 1s; size 8; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "ct expectation"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "protocol", protocol, "dport", dport, "timeout", timeout, "size", size, "l3proto", l3proto);
    }
}
