package org.nftj.api;

import org.nftj.api.expr.Keyword;

/**
 * nft's standard base-chain priorities by name ({@code priority filter}, {@code priority srcnat}).
 *
 * <p>A base chain's priority is a signed 32-bit number ({@link Chain.Hook#priority()}): of the base
 * chains on the same hook of the same family, the one with the lower number sees a packet first,
 * whatever table it is in. A name stands for a number that depends on the family (and is allowed
 * only on some hooks), exactly as nft resolves it:
 *
 * <table class="striped">
 * <caption>Standard priorities</caption>
 * <thead><tr><th>name</th><th>ip, ip6, inet</th><th>arp, netdev</th><th>bridge</th><th>hooks</th></tr></thead>
 * <tbody>
 * <tr><td>{@code raw}</td><td>-300</td><td></td><td></td><td>any</td></tr>
 * <tr><td>{@code mangle}</td><td>-150</td><td></td><td></td><td>any</td></tr>
 * <tr><td>{@code dstnat}</td><td>-100</td><td></td><td>-300</td><td>prerouting</td></tr>
 * <tr><td>{@code filter}</td><td>0</td><td>0</td><td>-200</td><td>any</td></tr>
 * <tr><td>{@code security}</td><td>50</td><td></td><td></td><td>any</td></tr>
 * <tr><td>{@code srcnat}</td><td>100</td><td></td><td>300</td><td>postrouting</td></tr>
 * <tr><td>{@code out}</td><td></td><td></td><td>100</td><td>output</td></tr>
 * </tbody>
 * </table>
 *
 * <p>nft prints a priority within 10 of a name allowed for the family and hook as that name and an
 * offset ({@code filter + 10}), any other as its number; {@link #describe} does the same.
 */
public enum Priority implements Keyword {
    /** Before connection tracking: {@code notrack} rules. */
    RAW,
    /** Where packets are marked and their headers changed. */
    MANGLE,
    /** Destination NAT (prerouting only). */
    DSTNAT,
    /** Filtering: the usual priority. */
    FILTER,
    /** Where security modules' rules go (SELinux marks). */
    SECURITY,
    /** Source NAT (postrouting only). */
    SRCNAT,
    /** Bridge output only. */
    OUT;

    /** nft's order of the names for the ip, ip6 and inet families, then for bridge. */
    private static final Priority[] INET_ORDER = {RAW, MANGLE, DSTNAT, FILTER, SECURITY, SRCNAT};
    private static final Priority[] BRIDGE_ORDER = {DSTNAT, FILTER, OUT, SRCNAT};

    /** {@return the name as nft writes it: {@code filter}} */
    @Override public String toString() { return wire(); }

    /**
     * Reads one word as nft writes it, naming the allowed words when it is none of them.
     *
     * @param word the name as nft writes it
     * @return the priority
     * @throws IllegalArgumentException naming the allowed words
     */
    public static Priority of(String word) { return Keyword.of(Priority.class, word); }

    /**
     * Whether nft takes this name for a base chain of this family on this hook.
     *
     * @param family the table's family
     * @param hook the chain's hook
     * @return true when the name exists in the family and is allowed on the hook
     */
    public boolean allows(Family family, ChainHook hook) {
        if (number(family) == null) return false;
        return switch (this) {
            case DSTNAT -> hook == ChainHook.PREROUTING;
            case SRCNAT -> hook == ChainHook.POSTROUTING;
            case OUT -> hook == ChainHook.OUTPUT;
            default -> true;
        };
    }

    /**
     * The number this name stands for on this family and hook.
     *
     * @param family the table's family
     * @param hook the chain's hook
     * @return the number nft uses for it
     * @throws IllegalArgumentException when nft does not take the name there (e.g. {@code srcnat}
     *         on input, {@code mangle} in a bridge table)
     */
    public int value(Family family, ChainHook hook) {
        if (!allows(family, hook)) {
            throw new IllegalArgumentException("priority " + wire() + " is not defined for " + family.wire() + " " + hook.wire()
                    + " chains; names there: " + names(family, hook));
        }
        return number(family);
    }

    /**
     * A priority as nft prints it: the name of a standard priority within 10 of it (allowed for
     * the family and hook) with the offset, otherwise the number.
     *
     * @param family the table's family
     * @param hook the chain's hook
     * @param priority the chain's priority
     * @return {@code filter}, {@code filter + 10}, {@code mangle - 5}, or {@code 200}
     */
    public static String describe(Family family, ChainHook hook, int priority) {
        for (Priority p : family == Family.BRIDGE ? BRIDGE_ORDER : INET_ORDER) {
            Integer n = p.number(family);
            if (n == null || !p.allows(family, hook) || Math.abs((long) priority - n) > 10) continue;
            int offset = priority - n;
            return p.wire() + (offset > 0 ? " + " + offset : offset < 0 ? " - " + -offset : "");
        }
        return Integer.toString(priority);
    }

    private Integer number(Family family) {
        return switch (family) {
            case IP, IP6, INET -> switch (this) {
                case RAW -> -300;
                case MANGLE -> -150;
                case DSTNAT -> -100;
                case FILTER -> 0;
                case SECURITY -> 50;
                case SRCNAT -> 100;
                case OUT -> null;
            };
            case ARP, NETDEV -> this == FILTER ? 0 : null;
            case BRIDGE -> switch (this) {
                case DSTNAT -> -300;
                case FILTER -> -200;
                case OUT -> 100;
                case SRCNAT -> 300;
                default -> null;
            };
        };
    }

    private static java.util.List<String> names(Family family, ChainHook hook) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Priority p : values()) if (p.allows(family, hook)) out.add(p.wire());
        return out;
    }
}
