package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/** A conntrack helper object: {@code type "ftp" protocol tcp; l3proto inet}. */
public record CtHelper(Family family, String table, String name, Long handle, String type, String protocol,
                       String l3proto, String comment) implements NftObject {
    public CtHelper {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "ct helper"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "type", type, "protocol", protocol, "l3proto", l3proto);
    }
}
