package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chain. A base chain has a {@link Hook}; a regular chain (a jump target) has none.
 */
public record Chain(Family family, String table, String name, Long handle, Hook hook, String comment) implements NftObject {
    public Chain {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
    }

    public Chain(Family family, String table, String name, Hook hook) { this(family, table, name, null, hook, null); }

    /**
     * Where a base chain attaches: type (filter, nat, route), hook (prerouting, input, forward,
     * output, postrouting, ingress, egress), numeric priority, policy (accept, drop; null when
     * unset), and the device(s) of netdev/ingress chains.
     */
    public record Hook(String type, String hook, int priority, String policy, List<String> devices) {
        public Hook {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(hook, "hook");
            devices = Json.copy(devices);
        }

        public Hook(String type, String hook, int priority, String policy) { this(type, hook, priority, policy, List.of()); }

        public static Hook filter(String hook, int priority, String policy) { return new Hook("filter", hook, priority, policy); }

        /** {@code type nat hook H priority P}: dstnat is -100 (prerouting), srcnat 100 (postrouting). */
        public static Hook nat(String hook, int priority) { return new Hook("nat", hook, priority, "accept"); }

        public Hook withDevices(String... d) { return new Hook(type, hook, priority, policy, List.of(d)); }
    }

    public static Chain regular(Family family, String table, String name) { return new Chain(family, table, name, null); }

    public static Chain base(Family family, String table, String name, Hook hook) {
        return new Chain(family, table, name, Objects.requireNonNull(hook, "hook"));
    }

    public boolean isBase() { return hook != null; }

    public Chain withComment(String c) { return new Chain(family, table, name, handle, hook, c); }

    public Chain identity() { return new Chain(family, table, name, null, hook, comment); }

    @Override public String kind() { return "chain"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Json.obj("family", family.wire(), "table", table, "name", name, "handle", handle);
        if (hook != null) {
            m.put("type", hook.type());
            m.put("hook", hook.hook());
            m.put("prio", (long) hook.priority());
            if (hook.policy() != null) m.put("policy", hook.policy());
            if (hook.devices().size() == 1) m.put("dev", hook.devices().get(0));
            else if (!hook.devices().isEmpty()) m.put("dev", new java.util.ArrayList<>(hook.devices()));
        }
        if (comment != null) m.put("comment", comment);
        return m;
    }
}
