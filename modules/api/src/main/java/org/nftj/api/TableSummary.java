package org.nftj.api;

import java.util.List;
import java.util.Map;

/**
 * One owned table at a glance ({@link TableClient#summary()}): the table, its chains and its sets and
 * maps as {@code nft} lists them but without rules and elements, and how many of each there are.
 * The helper reads it without reading a single element, so it costs the same for a table holding a
 * million-element blocklist as for an empty one.
 *
 * @param table the table, with its handle
 * @param chains the table's chains (base chains with their hooks)
 * @param sets the table's sets and maps of the kinds the helper renders, without elements
 * @param rules rules per chain name
 * @param elements elements per set or map name, as the kernel counts them (an interval counts
 *     once); a set whose count the kernel does not report (Linux before 6.17) is missing
 */
public record TableSummary(Table table, List<Chain> chains, List<NamedSet> sets, Map<String, Long> rules,
                           Map<String, Long> elements) {
    /** Copies the lists and maps: a summary does not change. */
    public TableSummary {
        chains = List.copyOf(chains);
        sets = List.copyOf(sets);
        rules = Map.copyOf(rules);
        elements = Map.copyOf(elements);
    }

    /**
     * {@return the summary in nft's words: {@code table inet app: chain input (3 rules), set
     * blocklist (100000 elements)}}
     */
    @Override
    public String toString() {
        java.util.StringJoiner parts = new java.util.StringJoiner(", ", "table " + table.family().wire() + " " + table.name() + ": ", "");
        parts.setEmptyValue("table " + table.family().wire() + " " + table.name() + ": empty");
        for (Chain c : chains) parts.add("chain " + c.name() + " (" + count(rules.get(c.name()), "rule") + ")");
        for (NamedSet s : sets) parts.add(s.kind() + " " + s.name() + " (" + count(elements.get(s.name()), "element") + ")");
        return parts.toString();
    }

    private static String count(Long n, String what) {
        return n == null ? what + "s not counted" : n + " " + what + (n == 1 ? "" : "s");
    }
}
