package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/** A conntrack expectation object: protocol, destination port, timeout (ms), size, l3proto. */
public record CtExpectation(Family family, String table, String name, Long handle, String protocol, Long dport,
                            Long timeout, Long size, String l3proto, String comment) implements NftObject {
    public CtExpectation {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "ct expectation"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "protocol", protocol, "dport", dport, "timeout", timeout, "size", size, "l3proto", l3proto);
    }
}
