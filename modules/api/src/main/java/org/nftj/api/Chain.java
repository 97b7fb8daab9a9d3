package org.nftj.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A chain. A base chain has a {@link Hook}; a regular chain (a jump target) has none.
 */
public record Chain(Family family, String table, String name, Hook hook) implements NftObject {
    public Chain {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
    }

    /** Where a base chain attaches: type (filter, nat, route), hook, priority, policy (accept, drop). */
    public record Hook(String type, String hook, int priority, String policy) {
        public Hook {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(hook, "hook");
            Objects.requireNonNull(policy, "policy");
        }

        public static Hook filter(String hook, int priority, String policy) {
            return new Hook("filter", hook, priority, policy);
        }
    }

    public static Chain regular(Family family, String table, String name) {
        return new Chain(family, table, name, null);
    }

    public static Chain base(Family family, String table, String name, Hook hook) {
        return new Chain(family, table, name, Objects.requireNonNull(hook, "hook"));
    }

    @Override public String kind() { return "chain"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family.wire());
        m.put("table", table);
        m.put("name", name);
        if (hook != null) {
            m.put("type", hook.type());
            m.put("hook", hook.hook());
            m.put("prio", hook.priority());
            m.put("policy", hook.policy());
        }
        return m;
    }
}
