package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.api.expr.Stmt;

/**
 * A rule: statements evaluated in order. {@code handle} identifies a listed rule (for delete and
 * replace); {@code index} and {@code position} place an added or inserted rule.
 */
public record Rule(Family family, String table, String chain, Long handle, Long index, Long position,
                   List<Stmt> statements, String comment) implements NftObject {
    public Rule {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(chain, "chain");
        statements = Json.copy(statements);
    }

    public Rule(Family family, String table, String chain, List<Stmt> statements, String comment) {
        this(family, table, chain, null, null, null, statements, comment);
    }

    public static Rule of(Family family, String table, String chain, Stmt... statements) {
        return new Rule(family, table, chain, List.of(statements), null);
    }

    /** The rule in {@code chain} of {@code table}: {@code Rule.in(table, "input", ...)}. */
    public static Rule in(Table table, String chain, Stmt... statements) {
        return new Rule(table.family(), table.name(), chain, List.of(statements), null);
    }

    public Rule withComment(String c) { return new Rule(family, table, chain, handle, index, position, statements, c); }

    public Rule withHandle(long h) { return new Rule(family, table, chain, h, index, position, statements, comment); }

    public Rule atIndex(long i) { return new Rule(family, table, chain, handle, i, position, statements, comment); }

    public Rule atPosition(long p) { return new Rule(family, table, chain, handle, index, p, statements, comment); }

    /** The same rule without listing-only fields (handle, index, position): what a desired state compares. */
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
