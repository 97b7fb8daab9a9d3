package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.api.expr.Stmt;

/**
 * A rule: statements evaluated in order. {@code handle} identifies a listed rule (for delete and
 * replace); {@code index} and {@code position} place an added or inserted rule.
 *
 * @param family the table's family
 * @param table the table's name
 * @param chain the chain's name
 * @param handle the kernel's handle of a listed rule; in an {@code add} or {@code insert}, the rule
 *        to add after or insert before (as in libnftables' JSON); null otherwise
 * @param index the place of an added or inserted rule among the chain's rules, counted from 0; or null
 * @param position the handle of the rule an added or inserted rule goes after or before; or null
 * @param statements the statements, in order
 * @param comment a comment, or null
 */
public record Rule(Family family, String table, String chain, Long handle, Long index, Long position,
                   List<Stmt> statements, String comment) implements NftObject {
    /** Checks that family, table and chain are given; copies the statements. */
    public Rule {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(chain, "chain");
        statements = Json.copy(statements);
    }

    /**
     * A rule appended to its chain.
     *
     * @param family the table's family
     * @param table the table's name
     * @param chain the chain's name
     * @param statements the statements, in order
     * @param comment a comment, or null
     */
    public Rule(Family family, String table, String chain, List<Stmt> statements, String comment) {
        this(family, table, chain, null, null, null, statements, comment);
    }

    /**
     * A rule appended to its chain.
     *
     * @param family the table's family
     * @param table the table's name
     * @param chain the chain's name
     * @param statements the statements, in order
     * @return the rule
     */
    public static Rule of(Family family, String table, String chain, Stmt... statements) {
        return new Rule(family, table, chain, List.of(statements), null);
    }

    /**
     * The rule in {@code chain} of {@code table}: {@code Rule.in(table, "input", ...)}.
     *
     * @param table the table
     * @param chain the chain's name
     * @param statements the statements, in order
     * @return the rule
     */
    public static Rule in(Table table, String chain, Stmt... statements) {
        return new Rule(table.family(), table.name(), chain, List.of(statements), null);
    }

    /**
     * The same rule with a comment.
     *
     * @param c the comment
     * @return the same rule with this comment
     */
    public Rule withComment(String c) { return new Rule(family, table, chain, handle, index, position, statements, c); }

    /**
     * The same rule with a handle: the listed rule to replace or delete.
     *
     * @param h the handle
     * @return the same rule with this handle
     */
    public Rule withHandle(long h) { return new Rule(family, table, chain, h, index, position, statements, comment); }

    /**
     * The same rule placed at an index of its chain.
     *
     * @param i the index, counted from 0
     * @return the same rule at this index
     */
    public Rule atIndex(long i) { return new Rule(family, table, chain, handle, i, position, statements, comment); }

    /**
     * The same rule placed after (add) or before (insert) the rule of a handle.
     *
     * @param p the handle of the rule it goes beside
     * @return the same rule at this position
     */
    public Rule atPosition(long p) { return new Rule(family, table, chain, handle, index, p, statements, comment); }

    /** {@return the same rule without listing-only fields (handle, index, position): what a desired state compares} */
    public Rule identity() { return new Rule(family, table, chain, null, null, null, statements, comment); }

    /** The nft command that creates it: {@code add rule inet app input tcp dport 22 accept}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return "rule"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Json.obj("family", family.wire(), "table", table, "chain", chain, "handle", handle,
                "index", index, "position", position, "comment", comment);
        if (!statements.isEmpty() || handle == null) {
            List<Object> expr = new ArrayList<>(statements.size());
            for (Stmt s : statements) expr.add(s instanceof Stmt.Unknown u ? u.original() : s.toJson());
            m.put("expr", expr);
        }
        return m;
    }
}
