package org.nftj.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nftj.api.expr.Expr;

/**
 * Desired-state sync of one owned table: compares what the kernel holds with what the application
 * wants and builds ONE transaction that makes them equal.
 *
 * <p>Design (why not {@code add table; flush table; recreate everything}): that is atomic and
 * idempotent, but it zeroes every named counter and quota, and empties sets the kernel fills at run
 * time (dynamic sets, timeouts) on every sync, even when nothing changed. Instead the plan touches
 * only what differs, object by object:
 * <ul>
 * <li>{@code add table} first (no-op when it exists);
 * <li>rules are compared per chain as ordered lists; a chain whose rules differ is flushed and its
 *     desired rules added in order (rules have no stable identity but their handles, so a chain is the
 *     unit of change). If any chain, set or stateful object must be deleted or replaced, every chain
 *     is flushed first so no rule still refers to it inside the transaction;
 * <li>chains, sets, maps and stateful objects are compared by definition (without handles and
 *     run-time values; a desired set without a size matches any size, since the helper sizes every
 *     set it creates): unchanged ones are left alone, so counters keep counting; changed ones are
 *     deleted and re-added; missing ones added; extra ones deleted;
 * <li>a set whose definition is unchanged but whose elements differ is flushed and refilled — except
 *     sets flagged {@code dynamic} or {@code timeout} with no desired elements: their elements belong
 *     to the kernel (added by rules, expiring) and are left as they are.
 * </ul>
 * The whole plan is one batch, so the kernel applies all of it or none. It is idempotent (a second
 * plan over the result is empty) and safe to retry after an unknown outcome: re-plan from what the
 * kernel now holds — if the first attempt landed, the new plan is empty; if not, it is the same plan.
 */
public final class Sync {
    private Sync() {}

    /** The plan that turns {@code current} (a listing of the table, possibly absent) into {@code desired}. */
    public static Plan plan(DesiredTable desired, Ruleset current) {
        Table t = desired.table();
        List<NftObject> cur = new ArrayList<>();
        for (NftObject o : current.objects()) {
            if (o instanceof Metainfo || o instanceof Table) continue;
            if (t.name().equals(DesiredTable.tableOf(o)) && t.family() == DesiredTable.familyOf(o)) cur.add(o);
        }
        boolean tableExists = current.of(Table.class).stream().anyMatch(x -> x.name().equals(t.name()) && x.family() == t.family());

        Map<String, NftObject> want = defs(desired.objects());
        Map<String, NftObject> have = defs(cur);
        Map<String, List<String>> wantRules = rules(desired.objects());
        Map<String, List<String>> haveRules = rules(cur);

        List<Plan.Change> changes = new ArrayList<>();
        Batch.Builder b = Batch.builder();
        b.add(t.identity());
        if (!tableExists) changes.add(new Plan.Change('+', "table", t.name(), null));

        // Objects to delete (extra or changed) and to add (missing or changed).
        List<NftObject> delete = new ArrayList<>();
        List<NftObject> add = new ArrayList<>();
        List<NamedSet> refill = new ArrayList<>();
        for (var e : have.entrySet()) {
            NftObject w = want.get(e.getKey());
            if (w == null) {
                delete.add(e.getValue());
                changes.add(new Plan.Change('-', e.getValue().kind(), name(e.getValue()), null));
            } else if (!definition(w).equals(definition(sizedAsWanted(e.getValue(), w)))) {
                delete.add(e.getValue());
                add.add(w);
                changes.add(new Plan.Change('~', w.kind(), name(w), "definition changed"));
            } else if (w instanceof NamedSet ws && e.getValue() instanceof NamedSet hs && !elementsMatch(ws, hs)) {
                refill.add(ws);
                changes.add(new Plan.Change('~', w.kind(), name(w), "elements " + hs.elements().size() + " -> " + ws.elements().size()));
            }
        }
        for (var e : want.entrySet()) {
            if (!have.containsKey(e.getKey())) {
                add.add(e.getValue());
                changes.add(new Plan.Change('+', e.getValue().kind(), name(e.getValue()), null));
            }
        }
        Set<String> flush = new HashSet<>();
        boolean flushAll = !delete.isEmpty();
        for (NftObject o : have.values()) {
            if (o instanceof Chain c && (flushAll || !haveRules.getOrDefault(c.name(), List.of()).equals(wantRules.getOrDefault(c.name(), List.of())))) {
                flush.add(c.name());
            }
        }
        Set<String> readd = new HashSet<>(flush);
        for (var e : wantRules.entrySet()) {
            if (!have.containsKey("chain " + e.getKey()) || delete.stream().anyMatch(d -> d instanceof Chain c && c.name().equals(e.getKey()))) {
                readd.add(e.getKey());
            }
        }
        for (String chain : readd) {
            List<String> h = haveRules.getOrDefault(chain, List.of()), w = wantRules.getOrDefault(chain, List.of());
            if (!h.equals(w)) changes.add(new Plan.Change('~', "rules of chain", chain, h.size() + " -> " + w.size()));
        }
        if (tableExists && changes.isEmpty()) return new Plan(t, List.of(), null);

        // 1. flush chains whose rules change (all of them when something is deleted)
        for (NftObject o : have.values()) if (o instanceof Chain c && flush.contains(c.name())) b.flush(ref(c));
        // 2. delete: chains last among deletions is not needed once flushed; sets/objects may be referenced only by rules
        for (NftObject o : delete) b.delete(ref(o));
        // 3. add chains first (verdict maps and rules may refer to them), then the rest
        for (NftObject o : add) if (o instanceof Chain) b.add(o);
        for (NftObject o : add) if (!(o instanceof Chain)) b.add(o);
        // 4. refill sets whose elements differ
        for (NamedSet s : refill) {
            b.flush(ref(s));
            if (!s.elements().isEmpty()) b.add(Elements.of(s, s.elements()));
        }
        // 5. rules of flushed or new chains, in order
        for (NftObject o : desired.objects()) if (o instanceof Rule r && readd.contains(r.chain())) b.add(r.identity());
        return new Plan(t, changes, b.build());
    }

    private static Map<String, NftObject> defs(List<NftObject> objects) {
        Map<String, NftObject> m = new LinkedHashMap<>();
        for (NftObject o : objects) if (!(o instanceof Rule)) m.put(o.kind() + " " + name(o), o);
        return m;
    }

    private static Map<String, List<String>> rules(List<NftObject> objects) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (NftObject o : objects) {
            if (o instanceof Rule r) m.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(ruleKey(r));
        }
        return m;
    }

    /** A rule as compared: without handle/position and without its counters' run-time values. */
    static String ruleKey(Rule r) {
        List<org.nftj.api.expr.Stmt> st = new ArrayList<>();
        for (org.nftj.api.expr.Stmt x : r.statements()) st.add(x instanceof org.nftj.api.expr.Stmt.Counter ? org.nftj.api.expr.Stmt.Counter.NEW : x);
        return String.valueOf(new Rule(r.family(), r.table(), r.chain(), st, r.comment()).toJson());
    }

    static String name(NftObject o) {
        Object n = o.toJson().get("name");
        return n == null ? o.kind() : n.toString();
    }

    /** An object's definition: its JSON without handle, elements and run-time values. */
    static String definition(NftObject o) {
        NftObject d = switch (o) {
            case NamedSet s -> s.definition();
            case Chain c -> c.identity();
            case NamedCounter c -> new NamedCounter(c.family(), c.table(), c.name(), null, null, null, c.comment());
            case NamedQuota q -> new NamedQuota(q.family(), q.table(), q.name(), null, q.bytes(), null, q.over(), q.comment());
            default -> o;
        };
        Map<String, Object> j = d.toJson();
        j.remove("handle");
        return d.kind() + j;
    }

    /**
     * A set as compared with the desired one: when the desired set names no size, whatever size the
     * kernel holds matches, because the helper gives every set it creates a size (the policy's
     * limits.elementsPerSet, docs/helper-language.md).
     */
    static NftObject sizedAsWanted(NftObject have, NftObject want) {
        if (have instanceof NamedSet h && want instanceof NamedSet w && w.size() == null && h.size() != null) {
            return new NamedSet(h.family(), h.table(), h.name(), h.handle(), h.key(), h.dataType(), h.flags(), h.timeout(),
                    h.gcInterval(), null, h.policy(), h.elements(), h.stmts(), h.comment());
        }
        return have;
    }

    private static boolean elementsMatch(NamedSet want, NamedSet have) {
        boolean runtime = want.flags().contains("dynamic") || want.flags().contains("timeout");
        if (runtime && want.elements().isEmpty()) return true;
        return elementKeys(want).equals(elementKeys(have));
    }

    private static Set<String> elementKeys(NamedSet s) {
        Set<String> out = new HashSet<>();
        for (Expr e : s.elements()) {
            Expr k = e instanceof Expr.Elem el ? new Expr.Elem(el.value(), el.timeout(), null, el.comment(), null) : e;
            if (k instanceof Expr.Elem el && el.timeout() == null && el.comment() == null) k = el.value();
            out.add(String.valueOf(k.toJson()));
        }
        return out;
    }

    /** The object reduced to what a delete or flush command names. */
    static NftObject ref(NftObject o) {
        Objects.requireNonNull(o);
        return switch (o) {
            case Chain c -> new Chain(c.family(), c.table(), c.name(), null, null, null);
            case NamedSet s -> new NamedSet(s.family(), s.table(), s.name(), null, s.key(), s.dataType(), List.of(), null, null,
                    null, null, List.of(), List.of(), null);
            default -> o;
        };
    }
}
