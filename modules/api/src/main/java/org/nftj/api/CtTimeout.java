package org.nftj.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A conntrack timeout policy: per-state timeouts in seconds for one protocol.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param protocol the layer 4 protocol the timeouts apply to
 * @param l3proto the layer 3 protocol ({@code ip}, {@code ip6}, {@code inet}), or null
 * @param policy timeouts in seconds per connection state ({@code established}, …)
 * @param comment a comment, or null
 */
public record CtTimeout(Family family, String table, String name, Long handle, String protocol, String l3proto,
                        Map<String, Long> policy, String comment) implements NftObject {
    /** Checks that family, table and name are given. */
    public CtTimeout {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        policy = policy == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policy));
    }

    /** The nft command that creates it: {@code add ct timeout inet app short_tcp { protocol tcp; policy = { established: 120 }; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "ct timeout"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "protocol", protocol, "l3proto", l3proto, "policy", policy.isEmpty() ? null : new LinkedHashMap<String, Object>(policy));
    }
}
