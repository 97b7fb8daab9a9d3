package org.nftj.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A conntrack timeout policy: per-state timeouts in seconds for one protocol. */
public record CtTimeout(Family family, String table, String name, Long handle, String protocol, String l3proto,
                        Map<String, Long> policy, String comment) implements NftObject {
    public CtTimeout {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        policy = policy == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(policy));
    }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "ct timeout"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "comment", comment,
                "protocol", protocol, "l3proto", l3proto, "policy", policy.isEmpty() ? null : new LinkedHashMap<String, Object>(policy));
    }
}
