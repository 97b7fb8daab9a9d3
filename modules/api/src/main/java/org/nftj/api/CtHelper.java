package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/**
 * A conntrack helper object: {@code type "ftp" protocol tcp; l3proto inet}.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param type the helper's name as the kernel knows it ({@code ftp})
 * @param protocol the layer 4 protocol ({@code tcp}, {@code udp}), or null
 * @param l3proto the layer 3 protocol ({@code ip}, {@code ip6}, {@code inet}), or null
 * @param comment a comment, or null
 */
public record CtHelper(Family family, String table, String name, Long handle, String type, String protocol,
                       String l3proto, String comment) implements NftObject {
    /** Checks that family, table and name are given. */
    public CtHelper {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** The nft command that creates it: {@code add ct helper inet app ftp_standard { type "ftp" protocol tcp; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "ct helper"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "type", type, "protocol", protocol, "l3proto", l3proto);
    }
}
