package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A flowtable: hook (ingress), numeric priority, devices; flags (offload) and counter.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the object's name
 * @param handle the kernel's handle when listed; null in a request
 * @param hook the hook ({@code ingress})
 * @param priority the priority, a number (see {@link Priority}), or null
 * @param devices the devices whose flows it offloads
 * @param flags {@code offload}, {@code counter}; empty when none
 */
public record Flowtable(Family family, String table, String name, Long handle, String hook, Integer priority,
                        List<String> devices, List<String> flags) implements NftObject {
    /** Checks that family, table and name are given. */
    public Flowtable {
        Objects.requireNonNull(family, "family"); Objects.requireNonNull(table, "table"); Objects.requireNonNull(name, "name");
        devices = Json.copy(devices);
        flags = Json.copy(flags);
    }

    /** The nft command that creates it: {@code add flowtable inet app ft { hook ingress priority filter; devices = { eth0 }; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "flowtable"; }

    @Override public Map<String, Object> toJson() {
        return Json.obj("family", family.wire(), "name", name, "table", table, "handle", handle, "hook", hook,
                "prio", priority == null ? null : (long) priority,
                "dev", devices.isEmpty() ? null : devices.size() == 1 ? devices.get(0) : new java.util.ArrayList<>(devices),
                "flags", Json.flags(flags));
    }
}
