package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.NftJsonText;
import org.nftj.api.expr.Syntax;
import org.nftj.api.expr.Stmt;
import org.nftj.api.expr.Verdict;

/**
 * The model in nft's own syntax, as {@code nft list ruleset} (nftables 1.0.6) prints it: the one
 * renderer nftj uses wherever a person reads a rule ({@code nftj list}, sync plans, error
 * messages, the model's {@code toString()}).
 *
 * <p>{@link #ruleset} prints a listing the way nft does (tables, objects, sets, chains with their
 * rules inside, tabs, blank lines, set elements wrapped as nft wraps them); {@link #command}
 * prints one object as the nft command that creates it ({@code add rule inet app input tcp dport
 * 22 accept}); {@link #rule}, {@link #statement} and {@link #expression} print the parts. Values
 * are printed the way nft prints them for their type (marks as {@code 0x00000010}, interface names
 * quoted, flags as {@code syn / syn,ack}, durations as {@code 5m}), which the JSON does not carry:
 * the type comes from the left side of a match, the key of a statement, or a set's declared type.
 *
 * <p>Where nft 1.0.6's JSON listing holds less than its text listing (a table's comment, a set's
 * {@code typeof} and {@code auto-merge}, a netdev chain's device), this renderer prints what the
 * JSON holds. A node the model does not know ({@link Expr.Unknown}, {@link Stmt.Unknown}) is
 * printed as its JSON.
 */
public final class NftSyntax {
    private NftSyntax() {}

    // ---- whole listings ---------------------------------------------------------------------------

    /**
     * The ruleset as {@code nft list ruleset} prints it (each table a block, rules inside chains).
     *
     * @param ruleset a listing
     * @return the text
     */
    public static String ruleset(Ruleset ruleset) {
        StringBuilder b = new StringBuilder();
        Map<String, List<NftObject>> tables = new LinkedHashMap<>();
        Map<String, Table> headers = new LinkedHashMap<>();
        for (NftObject o : ruleset.objects()) {
            if (o instanceof Metainfo) continue;
            String key = DesiredTable.familyOf(o) + " " + DesiredTable.tableOf(o);
            if (o instanceof Table t) headers.put(key, t);
            tables.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
        }
        for (var e : tables.entrySet()) {
            List<NftObject> objects = e.getValue();
            Table t = headers.get(e.getKey());
            if (t == null) {
                NftObject first = objects.get(0);
                t = new Table(DesiredTable.familyOf(first) == null ? Family.INET : DesiredTable.familyOf(first),
                        DesiredTable.tableOf(first));
            }
            table(b, t, objects);
        }
        return b.toString();
    }

    private static void table(StringBuilder b, Table t, List<NftObject> objects) {
        Ctx ctx = new Ctx(t.family());
        b.append("table ").append(t.family().wire()).append(' ').append(t.name()).append(" {\n");
        boolean flagsLine = false;
        if (!t.flags().isEmpty()) {
            // nft 1.0.6's JSON prints a table's flags as the table's name; dormant is the one flag its
            // syntax can set.
            List<String> flags = t.flags().equals(List.of(t.name())) ? List.of("dormant") : t.flags();
            b.append("\tflags ").append(String.join(",", flags)).append('\n');
            flagsLine = true;
        }
        if (t.comment() != null) b.append("\tcomment ").append(quote(t.comment())).append('\n');
        String delim = flagsLine ? "\n" : "";
        // nft's order: stateful objects, sets and maps, flowtables, then chains with their rules.
        for (int pass = 0; pass < 4; pass++) {
            for (NftObject o : objects) {
                if (pass(o) != pass) continue;
                b.append(delim);
                delim = "\n";
                if (o instanceof Chain c) {
                    chainBlock(b, c, rulesOf(objects, c), ctx);
                } else {
                    block(b, o, ctx);
                }
            }
        }
        // A partial listing (an echo, a query's answer): rules whose chain is not in it go in a
        // block of their chain's name, which nft -f reads as rules added to that chain.
        Map<String, List<Rule>> orphans = new LinkedHashMap<>();
        for (NftObject o : objects) {
            if (o instanceof Rule r && objects.stream().noneMatch(x -> x instanceof Chain c && c.name().equals(r.chain()))) {
                orphans.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(r);
            }
        }
        for (var e : orphans.entrySet()) {
            b.append(delim);
            delim = "\n";
            b.append("\tchain ").append(e.getKey()).append(" {\n");
            for (Rule r : e.getValue()) b.append("\t\t").append(rule(r, ctx)).append('\n');
            b.append("\t}\n");
        }
        b.append("}\n");
        // Elements listed apart from their set, and objects the model does not know, after the table:
        // as the command that adds them, and as their JSON in a comment.
        for (NftObject o : objects) {
            if (o instanceof Elements el) b.append(command(el)).append('\n');
            else if (o instanceof UnknownObject u) b.append("# ").append(u).append('\n');
        }
    }

    private static int pass(NftObject o) {
        return switch (o) {
            case NamedCounter x -> 0;
            case NamedQuota x -> 0;
            case NamedLimit x -> 0;
            case CtHelper x -> 0;
            case CtTimeout x -> 0;
            case CtExpectation x -> 0;
            case Secmark x -> 0;
            case NamedSynproxy x -> 0;
            case NamedSet x -> 1;
            case Flowtable x -> 2;
            case Chain x -> 3;
            default -> -1; // tables (the header), rules (inside their chain), elements, unknown objects
        };
    }

    private static List<Rule> rulesOf(List<NftObject> objects, Chain c) {
        List<Rule> out = new ArrayList<>();
        for (NftObject o : objects) if (o instanceof Rule r && r.chain().equals(c.name())) out.add(r);
        return out;
    }

    private static void chainBlock(StringBuilder b, Chain c, List<Rule> rules, Ctx ctx) {
        b.append("\tchain ").append(c.name()).append(" {\n");
        if (c.comment() != null) b.append("\t\tcomment ").append(quote(c.comment())).append('\n');
        if (c.hook() != null) b.append("\t\t").append(hook(c)).append('\n');
        for (Rule r : rules) b.append("\t\t").append(rule(r, ctx)).append('\n');
        b.append("\t}\n");
    }

    /** {@code type filter hook input priority filter; policy accept;} */
    private static String hook(Chain c) { return hook(c.hook(), c.family()); }

    /** A base chain's hook line: priorities by name for {@code family}, by number when it is null. */
    static String hook(Chain.Hook h, Family family) {
        StringBuilder b = new StringBuilder("type ").append(h.type()).append(" hook ").append(h.hook());
        if (h.devices().size() == 1) b.append(" device ").append(quote(h.devices().get(0)));
        else if (!h.devices().isEmpty()) {
            List<String> quoted = new ArrayList<>();
            for (String d : h.devices()) quoted.add(quote(d));
            b.append(" devices = { ").append(String.join(", ", quoted)).append(" }");
        }
        b.append(" priority ").append(family == null ? String.valueOf(h.priority()) : h.priorityName(family)).append(';');
        if (h.policy() != null) b.append(" policy ").append(h.policy()).append(';');
        return b.toString();
    }

    /** One object of a table as its block in a listing (two tabs inside), without the chain's rules. */
    private static void block(StringBuilder b, NftObject o, Ctx ctx) {
        switch (o) {
            case NamedCounter c -> {
                b.append("\tcounter ").append(c.name()).append(" {\n");
                if (c.comment() != null) b.append("\t\tcomment ").append(quote(c.comment())).append('\n');
                b.append("\t\tpackets ").append(c.packets() == null ? 0 : c.packets())
                        .append(" bytes ").append(c.bytes() == null ? 0 : c.bytes()).append("\n\t}\n");
            }
            case NamedQuota q -> {
                b.append("\tquota ").append(q.name()).append(" {\n");
                if (q.comment() != null) b.append("\t\tcomment ").append(quote(q.comment())).append('\n');
                b.append("\t\t").append(q.over() ? "over " : "").append(Syntax.bytes(q.bytes()));
                if (q.used() != null && q.used() > 0) b.append(" used ").append(Syntax.bytes(q.used()));
                b.append("\n\t}\n");
            }
            case NamedLimit l -> {
                b.append("\tlimit ").append(l.name()).append(" {\n");
                if (l.comment() != null) b.append("\t\tcomment ").append(quote(l.comment())).append('\n');
                b.append("\t\t").append(Syntax.limitBody(l.over(), l.rate(), l.unit(), l.per(), l.burst(), l.burstUnit()));
                b.append("\n\t}\n");
            }
            case CtHelper h -> {
                b.append("\tct helper ").append(h.name()).append(" {\n");
                b.append("\t\ttype ").append(quote(h.type()));
                if (h.protocol() != null) b.append(" protocol ").append(h.protocol());
                b.append('\n');
                if (h.l3proto() != null) b.append("\t\tl3proto ").append(h.l3proto()).append('\n');
                b.append("\t}\n");
            }
            case CtTimeout t -> {
                b.append("\tct timeout ").append(t.name()).append(" {\n");
                if (t.protocol() != null) b.append("\t\tprotocol ").append(t.protocol()).append('\n');
                if (t.l3proto() != null) b.append("\t\tl3proto ").append(t.l3proto()).append('\n');
                List<String> states = new ArrayList<>();
                for (var e : t.policy().entrySet()) states.add(e.getKey() + " : " + e.getValue());
                b.append("\t\tpolicy = { ").append(String.join(", ", states)).append(" }\n\t}\n");
            }
            case CtExpectation x -> {
                b.append("\tct expectation ").append(x.name()).append(" {\n");
                if (x.protocol() != null) b.append("\t\tprotocol ").append(x.protocol()).append('\n');
                if (x.dport() != null) b.append("\t\tdport ").append(x.dport()).append('\n');
                // milliseconds, unlike every other time in libnftables' JSON
                if (x.timeout() != null) b.append("\t\ttimeout ").append(Syntax.durationMillis(x.timeout())).append('\n');
                if (x.size() != null) b.append("\t\tsize ").append(x.size()).append('\n');
                if (x.l3proto() != null) b.append("\t\tl3proto ").append(x.l3proto()).append('\n');
                b.append("\t}\n");
            }
            case Secmark s -> b.append("\tsecmark ").append(s.name()).append(" {\n\t\t").append(quote(s.context())).append("\n\t}\n");
            case NamedSynproxy s -> {
                b.append("\tsynproxy ").append(s.name()).append(" {\n");
                b.append("\t\tmss ").append(s.mss() == null ? 0 : s.mss()).append('\n');
                b.append("\t\twscale ").append(s.wscale() == null ? 0 : s.wscale()).append('\n');
                if (!s.flags().isEmpty()) b.append("\t\t").append(String.join(" ", s.flags())).append('\n');
                b.append("\t}\n");
            }
            case NamedSet s -> set(b, s, ctx);
            case Flowtable f -> {
                b.append("\tflowtable ").append(f.name()).append(" {\n");
                if (f.hook() != null) {
                    // nft names a flowtable's priority as a netdev ingress hook's, whatever the table's family.
                    int prio = f.priority() == null ? 0 : f.priority();
                    b.append("\t\thook ").append(f.hook()).append(" priority ")
                            .append(Priority.describe(Family.NETDEV, ChainHook.INGRESS, prio)).append('\n');
                }
                if (!f.devices().isEmpty()) {
                    List<String> quoted = new ArrayList<>();
                    for (String d : f.devices()) quoted.add(quote(d));
                    b.append("\t\tdevices = { ").append(String.join(", ", quoted)).append(" }\n");
                }
                for (String flag : f.flags()) b.append("\t\tflags ").append(flag).append('\n');
                b.append("\t}\n");
            }
            default -> b.append("\t# ").append(NftJsonText.value(o.toCommandBody())).append('\n');
        }
    }

    private static void set(StringBuilder b, NamedSet s, Ctx ctx) {
        b.append('\t').append(s.kind()).append(' ').append(s.name()).append(" {\n");
        b.append("\t\t").append(s.key().typeof() != null ? "typeof " + Syntax.expression(s.key().typeof()) : "type " + String.join(" . ", s.key().types()));
        if (s.isMap()) b.append(" : ").append(String.join(" . ", s.dataType()));
        b.append('\n');
        if (s.size() != null) b.append("\t\tsize ").append(s.size()).append('\n');
        // nft 1.0.6 leaves out a flags line that says only what the timeout line says (measured)
        boolean impliedByTimeout = s.flags().equals(List.of("timeout")) && s.timeout() != null;
        if (!s.flags().isEmpty() && !impliedByTimeout) b.append("\t\tflags ").append(String.join(",", s.flags())).append('\n');
        if (s.timeout() != null) b.append("\t\ttimeout ").append(duration(s.timeout())).append('\n');
        if (s.gcInterval() != null) b.append("\t\tgc-interval ").append(duration(s.gcInterval())).append('\n');
        if (s.autoMerge()) b.append("\t\tauto-merge\n");
        // nft prints a set's statements on one line (limit rate 1/second counter)
        if (!s.stmts().isEmpty()) {
            List<String> stmts = new ArrayList<>();
            for (Stmt st : s.stmts()) stmts.add(statement(st, ctx));
            b.append("\t\t").append(String.join(" ", stmts)).append('\n');
        }
        if (s.comment() != null) b.append("\t\tcomment ").append(quote(s.comment())).append('\n');
        if (!s.elements().isEmpty()) b.append("\t\telements = ").append(elements(s)).append('\n');
        b.append("\t}\n");
    }

    /** {@code { a, b,\n\t\t\t     c }}: nft wraps named sets' elements by their type. */
    private static String elements(NamedSet s) {
        int perLine = s.key().types().size() != 1 ? 1 : switch (s.key().types().get(0)) {
            case "nf_proto", "integer", "arp_op", "inet_proto", "inet_service", "tcp_flag", "dccp_pkttype", "mark",
                 "iface_index", "classid", "uid", "gid", "ct_dir" -> 16;
            case "ipv4_addr", "ct_state", "ct_status", "pkt_type" -> 2;
            default -> 1;
        };
        StringBuilder b = new StringBuilder("{ ");
        int count = 0;
        for (int i = 0; i < s.elements().size(); i++) {
            if (i > 0) {
                if (count < perLine) b.append(", ");
                else {
                    b.append(",\n\t\t\t     ");
                    count = 0;
                }
            }
            b.append(Syntax.element(s.elements().get(i), s.key().types(), s.dataType()));
            count++;
        }
        return b.append(" }").toString();
    }

    // ---- commands -----------------------------------------------------------------------------------

    /**
     * The nft command that creates {@code o}: {@code add rule inet app input tcp dport 22 accept}.
     *
     * @param o the object
     * @return the command
     */
    public static String command(NftObject o) {
        return command("add", o);
    }

    /**
     * {@code verb} (add, create, insert, replace, delete, flush, list, reset) and the object in nft syntax.
     *
     * @param verb the command's verb
     * @param o the object
     * @return the command
     */
    public static String command(String verb, NftObject o) {
        Ctx ctx = new Ctx(DesiredTable.familyOf(o) == null ? Family.INET : DesiredTable.familyOf(o));
        return switch (o) {
            case Table t -> verb + " table " + t.family().wire() + " " + t.name()
                    + (t.flags().isEmpty() && t.comment() == null ? "" : " { "
                    + (t.flags().isEmpty() ? "" : "flags " + String.join(",", t.flags()) + "; ")
                    + (t.comment() == null ? "" : "comment " + quote(t.comment()) + "; ") + "}");
            case Chain c -> verb + " chain " + c.family().wire() + " " + c.table() + " " + c.name()
                    + (c.hook() == null && c.comment() == null ? "" : " { "
                    + (c.hook() == null ? "" : hook(c) + " ") + (c.comment() == null ? "" : "comment " + quote(c.comment()) + "; ") + "}");
            case Rule r -> {
                String where = verb + " rule " + r.family().wire() + " " + r.table() + " " + r.chain();
                if (r.handle() != null) where += " handle " + r.handle();
                else if (r.position() != null) where += " position " + r.position();
                else if (r.index() != null) where += " index " + r.index();
                String body = rule(r, ctx);
                yield body.isEmpty() ? where : where + " " + body;
            }
            case Elements el -> verb + " element " + el.family().wire() + " " + el.table() + " " + el.set() + " { "
                    + joined(el.elements()) + " }";
            default -> {
                StringBuilder b = new StringBuilder();
                block(b, o, ctx);
                String text = b.toString().strip().replace("\n\t\t", "; ").replace("\n\t}", "; }");
                int space = text.indexOf(' ', o.kind().length());
                String table = " " + DesiredTable.familyOf(o).wire() + " " + DesiredTable.tableOf(o);
                yield verb + " " + text.substring(0, space) + table + text.substring(space);
            }
        };
    }

    private static String joined(List<Expr> items) {
        List<String> out = new ArrayList<>();
        for (Expr e : items) out.add(Syntax.element(e, List.of(), List.of()));
        return String.join(", ", out);
    }

    // ---- rules --------------------------------------------------------------------------------------

    /**
     * A rule's statements in nft syntax, with its comment: {@code tcp dport 22 accept comment "ssh"}.
     *
     * @param r the rule
     * @return the rule as nft lists it inside its chain
     */
    public static String rule(Rule r) {
        return rule(r, new Ctx(r.family()));
    }

    private static String rule(Rule r, Ctx ctx) {
        List<String> parts = new ArrayList<>();
        for (Stmt s : r.statements()) parts.add(statement(s, ctx));
        if (r.comment() != null) parts.add("comment " + quote(r.comment()));
        return String.join(" ", parts);
    }

    /**
     * One statement in nft syntax.
     *
     * @param s the statement
     * @return the text
     */
    public static String statement(Stmt s) {
        return Syntax.statement(s);
    }

    /**
     * One expression in nft syntax (a value is printed without a type).
     *
     * @param e the expression
     * @return the text
     */
    public static String expression(Expr e) {
        return Syntax.expression(e);
    }

    /** What a rendering needs besides the node: the table's family (reject, dup in netdev). */
    private record Ctx(Family family) {}

    private static String statement(Stmt s, Ctx ctx) {
        return Syntax.statement(s, ctx.family().wire());
    }

    private static String quote(String s) {
        return Syntax.quote(s);
    }

    private static String duration(long seconds) {
        return Syntax.duration(seconds);
    }
}
