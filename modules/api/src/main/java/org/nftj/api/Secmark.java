package org.nftj.api;

import java.util.Map;
import java.util.Objects;

/**
 * A secmark object: an SELinux security context for packets.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param context the SELinux security context
 * @param comment a comment, or null
 */
public record Secmark(Family family, String table, String name, Long handle, String context, String comment)
        implements NftObject {
    /** Checks that family, table and name are given. */
    public Secmark {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
    }

    /** The nft command that creates it: {@code add secmark inet app ssh "system_u:object_r:ssh_server_packet_t:s0"}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "secmark"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "context", context);
    }
}
