package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chain. A base chain has a {@link Hook}: it is where the kernel hands packets to the table. A
 * regular chain has none: rules reach it with {@code jump} or {@code goto}.
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the chain's name
 * @param handle the kernel's handle when listed; null in a request
 * @param hook where a base chain attaches; null for a regular chain
 * @param comment a comment, or null
 */
public record Chain(Family family, String table, String name, Long handle, Hook hook, String comment) implements NftObject {
    /** Checks that family, table and name are given. */
    public Chain {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
    }

    /**
     * A chain without handle or comment.
     *
     * @param family the table's family
     * @param table the table's name
     * @param name the chain's name
     * @param hook where it attaches; null for a regular chain
     */
    public Chain(Family family, String table, String name, Hook hook) { this(family, table, name, null, hook, null); }

    /**
     * Where a base chain attaches: {@code type filter hook input priority filter; policy drop;}.
     *
     * @param type what the chain does with the packets
     * @param hook where in the packet path it sees them
     * @param priority the order among the base chains of the same family on the same hook: a
     *        signed number, lower runs first, whatever table the chain is in. nft's names
     *        ({@code filter} 0, {@code srcnat} 100, …) resolve per family and hook: see
     *        {@link Priority}; {@link Chain#base(Table, String, ChainType, ChainHook, Priority, ChainPolicy)}
     *        takes them.
     * @param policy what happens to a packet no rule gave a verdict; null when not set, which the
     *        kernel takes as {@code accept}
     * @param devices the devices of a netdev chain or an inet ingress chain
     */
    public record Hook(ChainType type, ChainHook hook, int priority, ChainPolicy policy, List<String> devices) {
        /** Checks that type and hook are given; copies the devices. */
        public Hook {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(hook, "hook");
            devices = Json.copy(devices);
        }

        /**
         * {@return the hook as a base chain's line: {@code type filter hook input priority 0; policy
         * drop;} (the priority by number: its name depends on the table's family)}
         */
        @Override
        public String toString() { return NftSyntax.hook(this, null); }

        /**
         * A hook without devices.
         *
         * @param type what the chain does with the packets
         * @param hook where in the packet path it sees them
         * @param priority the order among base chains on the hook (see {@link Priority})
         * @param policy the verdict for packets no rule decided, or null
         */
        public Hook(ChainType type, ChainHook hook, int priority, ChainPolicy policy) {
            this(type, hook, priority, policy, List.of());
        }

        /**
         * {@code type filter hook HOOK priority PRIORITY; policy POLICY;}
         *
         * @param hook where in the packet path
         * @param priority the order among base chains on the hook (0 is {@code filter} outside bridge tables)
         * @param policy the verdict for packets no rule decided
         * @return the hook
         */
        public static Hook filter(ChainHook hook, int priority, ChainPolicy policy) {
            return new Hook(ChainType.FILTER, hook, priority, policy);
        }

        /**
         * {@code type nat hook HOOK priority PRIORITY; policy accept;}: dstnat is -100 (prerouting),
         * srcnat 100 (postrouting).
         *
         * @param hook where in the packet path
         * @param priority the order among base chains on the hook
         * @return the hook
         */
        public static Hook nat(ChainHook hook, int priority) { return new Hook(ChainType.NAT, hook, priority, ChainPolicy.ACCEPT); }

        /**
         * The same hook on devices: {@code devices = { eth0 }}.
         *
         * @param d the devices (netdev chains, inet ingress chains)
         * @return the same hook on these devices
         */
        public Hook withDevices(String... d) { return new Hook(type, hook, priority, policy, List.of(d)); }

        /**
         * The priority's name, as nft lists it.
         *
         * @param family the table's family
         * @return the priority as nft prints it for this family and hook ({@code filter + 10})
         */
        public String priorityName(Family family) { return Priority.describe(family, hook, priority); }
    }

    /**
     * A regular chain (a jump target).
     *
     * @param table the table
     * @param name the chain's name
     * @return the chain
     */
    public static Chain regular(Table table, String name) { return new Chain(table.family(), table.name(), name, null); }

    /**
     * A base chain.
     *
     * @param table the table
     * @param name the chain's name
     * @param hook where it attaches
     * @return the chain
     */
    public static Chain base(Table table, String name, Hook hook) {
        return new Chain(table.family(), table.name(), name, Objects.requireNonNull(hook, "hook"));
    }

    /**
     * A base chain with a named priority, resolved as nft resolves it for the table's family
     * ({@code filter} is 0 in an inet table, -200 in a bridge table).
     *
     * @param table the table
     * @param name the chain's name
     * @param type what the chain does
     * @param hook where it attaches
     * @param priority the standard priority
     * @param policy the verdict for packets no rule decided
     * @return the chain
     * @throws IllegalArgumentException when nft does not take that priority name there
     */
    public static Chain base(Table table, String name, ChainType type, ChainHook hook, Priority priority, ChainPolicy policy) {
        return base(table, name, new Hook(type, hook, priority.value(table.family(), hook), policy));
    }

    /** {@return whether the chain has a hook: a base chain} */
    public boolean isBase() { return hook != null; }

    /**
     * The same chain with a comment.
     *
     * @param c the comment
     * @return the same chain with this comment
     */
    public Chain withComment(String c) { return new Chain(family, table, name, handle, hook, c); }

    /** {@return the same chain without its handle: what a desired state compares} */
    public Chain identity() { return new Chain(family, table, name, null, hook, comment); }

    /** The nft command that creates it: {@code add chain inet app input { type filter hook input priority filter; policy drop; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "chain"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Json.obj("family", family.wire(), "table", table, "name", name, "handle", handle);
        if (hook != null) {
            m.put("type", hook.type().wire());
            m.put("hook", hook.hook().wire());
            m.put("prio", (long) hook.priority());
            if (hook.policy() != null) m.put("policy", hook.policy().wire());
            if (hook.devices().size() == 1) m.put("dev", hook.devices().get(0));
            else if (!hook.devices().isEmpty()) m.put("dev", new java.util.ArrayList<>(hook.devices()));
        }
        if (comment != null) m.put("comment", comment);
        return m;
    }
}
