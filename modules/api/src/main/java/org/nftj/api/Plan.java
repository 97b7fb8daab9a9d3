package org.nftj.api;

import java.util.List;

/**
 * What a desired-state sync would change in one owned table, as a diff of objects, and the one
 * transaction that makes the change. Empty when the table already matches (applying is then a no-op).
 *
 * @param table the table
 * @param changes readable changes, one per object and rule: {@code + chain input}, {@code - set old},
 *        {@code + rule input: tcp dport 443 accept}
 * @param batch the transaction that applies them, or null when there is nothing to do
 */
public record Plan(Table table, List<Change> changes, Batch batch) {
    /** Copies the changes: a plan does not change. */
    public Plan { changes = List.copyOf(changes); }

    /**
     * One changed object; for a rule, {@code name} is its chain and {@code detail} the rule in nft
     * syntax ({@code + rule input: tcp dport 443 accept}).
     *
     * @param sign {@code +} for an object added, {@code -} removed, {@code ~} changed
     * @param kind the object's kind ({@code chain}, {@code set}, {@code rule}, …)
     * @param name the object's name; a rule's chain
     * @param detail what changed, or a rule in nft syntax; "" or null when there is nothing to add
     */
    public record Change(char sign, String kind, String name, String detail) {
        @Override public String toString() {
            if ("rule".equals(kind)) return sign + " rule " + name + ": " + detail;
            return sign + " " + kind + " " + name + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    /** {@return whether nothing changes: the table already matches} */
    public boolean isEmpty() { return changes.isEmpty(); }

    /** The diff, one change a line; "(no changes)" when empty. */
    @Override public String toString() {
        if (changes.isEmpty()) return "table " + table.family().wire() + " " + table.name() + ": (no changes)";
        StringBuilder b = new StringBuilder("table " + table.family().wire() + " " + table.name() + ":\n");
        for (Change c : changes) b.append("  ").append(c).append('\n');
        return b.toString();
    }
}
