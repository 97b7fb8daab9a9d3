package org.nftj.cli;

import java.util.List;
import java.util.Map;

/**
 * Text rendering of libnftables JSON for people: tables, chains, sets and rules one per line, rule
 * expressions in nft's words where they are common and as compact JSON otherwise. {@code --json}
 * gives the exact document.
 */
final class Render {
    private Render() {}

    static String ruleset(List<Map<String, Object>> objects) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> o : objects) {
            if (o.get("table") instanceof Map<?, ?> t) {
                b.append("table ").append(t.get("family")).append(' ').append(t.get("name")).append('\n');
            } else if (o.get("chain") instanceof Map<?, ?> c) {
                b.append("  chain ").append(c.get("name"));
                if (c.get("hook") != null) {
                    b.append(" { type ").append(c.get("type")).append(" hook ").append(c.get("hook"))
                            .append(" priority ").append(c.get("prio")).append("; policy ").append(c.get("policy")).append("; }");
                }
                b.append('\n');
            } else if (o.get("set") instanceof Map<?, ?> s) {
                b.append("  set ").append(s.get("name")).append(" { type ").append(s.get("type"));
                if (s.get("flags") instanceof List<?> f && !f.isEmpty()) {
                    b.append("; flags ").append(String.join(",", f.stream().map(String::valueOf).toList()));
                }
                if (s.get("elem") instanceof List<?> e) b.append(e.size() <= 8 ? "; elements = " + values(e) : "; " + e.size() + " elements");
                b.append(" }\n");
            } else if (o.get("rule") instanceof Map<?, ?> r) {
                b.append("    ").append(r.get("chain")).append(": ").append(expressions(r.get("expr")));
                if (r.get("handle") != null) b.append("  # handle ").append(r.get("handle"));
                b.append('\n');
            }
        }
        return b.isEmpty() ? "(no tables)\n" : b.toString();
    }

    /**
     * Table summaries for people: each chain with its hook and rule count, each set with its type and
     * element count (rules and elements themselves: {@code nftj list --json}).
     */
    static String summaries(List<org.nftj.api.TableSummary> summaries) {
        StringBuilder b = new StringBuilder();
        for (org.nftj.api.TableSummary s : summaries) {
            b.append("table ").append(s.table().family().wire()).append(' ').append(s.table().name()).append('\n');
            for (org.nftj.api.Chain c : s.chains()) {
                b.append("  chain ").append(c.name());
                if (c.hook() != null) {
                    b.append(" { type ").append(c.hook().type()).append(" hook ").append(c.hook().hook())
                            .append(" priority ").append(c.hook().priority()).append("; policy ").append(c.hook().policy()).append("; }");
                }
                long rules = s.rules().getOrDefault(c.name(), 0L);
                b.append("  ").append(rules).append(rules == 1 ? " rule" : " rules").append('\n');
            }
            for (org.nftj.api.NamedSet set : s.sets()) {
                b.append(set.isMap() ? "  map " : "  set ").append(set.name()).append(" { type ").append(set.key().types().isEmpty() ? "typeof" : String.join(" . ", set.key().types()));
                if (set.isMap()) b.append(" : ").append(String.join(" . ", set.dataType()));
                b.append(" }  ");
                Long n = s.elements().get(set.name());
                b.append(n == null ? "? elements" : n + (n == 1 ? " element" : " elements")).append('\n');
            }
        }
        return b.isEmpty() ? "(no tables)\n" : b.toString();
    }

    static String expressions(Object expr) {
        if (!(expr instanceof List<?> l)) return String.valueOf(expr);
        StringBuilder b = new StringBuilder();
        for (Object e : l) {
            if (!b.isEmpty()) b.append(' ');
            b.append(expression(e));
        }
        return b.toString();
    }

    private static String expression(Object e) {
        if (!(e instanceof Map<?, ?> m) || m.size() != 1) return compact(e);
        Map.Entry<?, ?> x = m.entrySet().iterator().next();
        String k = String.valueOf(x.getKey());
        Object v = x.getValue();
        return switch (k) {
            case "accept", "drop", "return", "continue" -> k;
            case "reject" -> v instanceof Map<?, ?> r && r.get("type") != null ? "reject with " + r.get("type") : "reject";
            case "jump", "goto" -> v instanceof Map<?, ?> t ? k + " " + t.get("target") : compact(e);
            case "counter" -> v instanceof Map<?, ?> c && c.get("packets") != null
                    ? "counter packets " + c.get("packets") + " bytes " + c.get("bytes") : "counter";
            case "match" -> v instanceof Map<?, ?> mm ? value(mm.get("left")) + ("==".equals(mm.get("op")) ? "" : " " + mm.get("op"))
                    + " " + value(mm.get("right")) : compact(e);
            default -> compact(e);
        };
    }

    private static String value(Object v) {
        if (v instanceof Map<?, ?> m && m.get("payload") instanceof Map<?, ?> p) return p.get("protocol") + " " + p.get("field");
        if (v instanceof Map<?, ?> m && m.get("set") instanceof List<?> l) return values(l);
        return v instanceof Map<?, ?> || v instanceof List<?> ? compact(v) : String.valueOf(v);
    }

    private static String values(List<?> l) {
        StringBuilder b = new StringBuilder("{ ");
        for (int i = 0; i < l.size(); i++) b.append(i == 0 ? "" : ", ").append(value(l.get(i)));
        return b.append(" }").toString();
    }

    private static String compact(Object v) {
        return NftjTool.pretty().without(tools.jackson.jr.ob.JSON.Feature.PRETTY_PRINT_OUTPUT).asString(v);
    }
}
