package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A rule: statements evaluated in order. */
public record Rule(Family family, String table, String chain, List<Stmt> statements, String comment) implements NftObject {
    public Rule {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(chain, "chain");
        statements = List.copyOf(statements);
    }

    public static Rule of(Family family, String table, String chain, Stmt... statements) {
        return new Rule(family, table, chain, List.of(statements), null);
    }

    @Override public String kind() { return "rule"; }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", family.wire());
        m.put("table", table);
        m.put("chain", chain);
        List<Object> expr = new ArrayList<>(statements.size());
        for (Stmt s : statements) expr.add(s.toJson());
        m.put("expr", expr);
        if (comment != null) m.put("comment", comment);
        return m;
    }
}
