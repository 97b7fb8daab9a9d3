package org.nftj.api;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * <li>rules are compared per chain as ordered lists, in the form the kernel lists them
 *     (the kernel's form: a rule written with {@code "in"}, a protocol number or a hexadecimal string
 *     compares equal to its listing, so every sync settles). Rules that go are deleted by handle,
 *     new rules are inserted where they belong, and kept rules stay untouched (their counters
 *     keep counting). If any chain, set or stateful object must be deleted or replaced, every chain
 *     is flushed first and refilled, so no rule still refers to it inside the transaction;
 * <li>chains, sets, maps and stateful objects are compared by definition (without handles and
 *     run-time values; a desired set without a size matches any size, since the helper sizes every
 *     set it creates): unchanged ones are left alone, so counters keep counting; changed ones are
 *     deleted and re-added; missing ones added; extra ones deleted. Nothing added carries the
 *     handle a listing gave it, so a listing read back is a desired state;
 * <li>a set's elements are managed only when the desired set gives them
 *     ({@link NamedSet#elementsGiven()}; an explicit empty list empties the set): a set declared
 *     without elements keeps what the kernel holds (loaded at run time with
 *     {@link TableClient#addElements}, added by rules, expiring). A set whose given elements differ is
 *     flushed and refilled.
 * </ul>
 * The plan lists each change as a diff, rules in nft syntax ({@code + rule input: tcp dport 443
 * accept}, {@code - rule input: tcp dport 23 drop}).
 * The whole plan is one batch, so the kernel applies all of it or none. It is idempotent (a second
 * plan over the result is empty) and safe to retry after an unknown outcome: re-plan from what the
 * kernel now holds — if the first attempt landed, the new plan is empty; if not, it is the same plan.
 */
public final class Sync {
    private Sync() {}

    /**
     * The plan that turns {@code current} (a listing of the table, possibly absent) into {@code desired}.
     *
     * @param desired the table's desired content
     * @param current what the kernel holds of the table: its listing, empty when the table is absent
     * @return the plan
     */
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
        Map<String, List<Rule>> wantRules = rules(desired.objects());
        Map<String, List<Rule>> haveRules = rules(cur);

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
        // Chains whose rules are rewritten whole: new or re-created chains, and every chain when
        // something is deleted (a rule might still refer to it inside the transaction).
        boolean flushAll = !delete.isEmpty();
        Set<String> refilled = new LinkedHashSet<>();
        Map<String, RuleDiff> diffs = new LinkedHashMap<>();
        Set<String> chains = new LinkedHashSet<>(wantRules.keySet());
        chains.addAll(haveRules.keySet());
        for (String chain : chains) {
            List<Rule> h = haveRules.getOrDefault(chain, List.of()), w = wantRules.getOrDefault(chain, List.of());
            boolean recreated = !have.containsKey("chain " + chain)
                    || delete.stream().anyMatch(d -> d instanceof Chain c && c.name().equals(chain));
            RuleDiff diff = RuleDiff.of(h, w);
            for (Rule r : diff.removed()) changes.add(new Plan.Change('-', "rule", chain, NftSyntax.rule(r)));
            for (Rule r : diff.added()) changes.add(new Plan.Change('+', "rule", chain, NftSyntax.rule(r)));
            if (recreated) {
                if (!w.isEmpty()) refilled.add(chain);
            } else if (flushAll && have.containsKey("chain " + chain)) {
                refilled.add(chain);
                if (!h.isEmpty() && !w.isEmpty()) {
                    changes.add(new Plan.Change('~', "chain", chain, "its rules are added again, as a deleted object may be one they use"));
                }
            } else if (!diff.isEmpty()) {
                diffs.put(chain, diff);
            }
        }
        if (tableExists && changes.isEmpty()) return new Plan(t, List.of(), null);

        // 1. flush every existing chain when something is deleted
        if (flushAll) for (NftObject o : have.values()) if (o instanceof Chain c) b.flush(ref(c));
        // 2. rules that go, in chains that stay
        for (RuleDiff d : diffs.values()) for (Rule r : d.removed()) b.delete(ref(r));
        // 3. objects that go (no rule refers to them any more)
        for (NftObject o : delete) b.delete(ref(o));
        // 4. chains first (verdict maps and rules may refer to them), then the rest; never a handle
        for (NftObject o : add) if (o instanceof Chain) b.add(fresh(o));
        for (NftObject o : add) if (!(o instanceof Chain)) b.add(fresh(o));
        // 5. sets whose given elements differ are refilled
        for (NamedSet s : refill) {
            b.flush(ref(s));
            if (!s.elements().isEmpty()) b.add(Elements.of(s, s.elements()));
        }
        // 6. rules: whole chains refilled in order; elsewhere each new rule at its place
        for (NftObject o : desired.objects()) if (o instanceof Rule r && refilled.contains(r.chain())) b.add(r.identity());
        for (RuleDiff d : diffs.values()) {
            for (RuleDiff.Placed p : d.placed()) {
                if (p.before() == null) b.add(p.rule().identity());
                else b.insert(p.rule().identity().withHandle(p.before()));
            }
        }
        return new Plan(t, changes, b.build());
    }

    /**
     * The difference of a chain's rules, kernel and desired, compared in the kernel's form
     * ({@link RuleForm}): the rules to delete (by handle), and each new rule with where it goes
     * (before the kept rule of that handle, or at the end). Kept rules stay as they are, counters
     * and all.
     */
    record RuleDiff(List<Rule> removed, List<Rule> added, List<Placed> placed) {
        record Placed(Rule rule, Long before) {}

        boolean isEmpty() { return removed.isEmpty() && added.isEmpty(); }

        static RuleDiff of(List<Rule> have, List<Rule> want) {
            List<String> h = new ArrayList<>(), w = new ArrayList<>();
            for (Rule r : have) h.add(RuleForm.key(r));
            for (Rule r : want) w.add(RuleForm.key(r));
            int[][] lcs = new int[h.size() + 1][w.size() + 1];
            for (int i = h.size() - 1; i >= 0; i--) {
                for (int j = w.size() - 1; j >= 0; j--) {
                    lcs[i][j] = h.get(i).equals(w.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            List<Rule> removed = new ArrayList<>(), added = new ArrayList<>();
            List<Placed> placed = new ArrayList<>();
            List<Rule> pending = new ArrayList<>();
            int i = 0, j = 0;
            while (i < h.size() || j < w.size()) {
                if (i < h.size() && j < w.size() && h.get(i).equals(w.get(j))) {
                    for (Rule r : pending) placed.add(new Placed(r, have.get(i).handle()));
                    pending.clear();
                    i++;
                    j++;
                } else if (j < w.size() && (i == h.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                    added.add(want.get(j));
                    pending.add(want.get(j++));
                } else {
                    removed.add(have.get(i++));
                }
            }
            for (Rule r : pending) placed.add(new Placed(r, null));
            return new RuleDiff(removed, added, placed);
        }
    }

    private static Map<String, NftObject> defs(List<NftObject> objects) {
        Map<String, NftObject> m = new LinkedHashMap<>();
        for (NftObject o : objects) if (!(o instanceof Rule)) m.put(o.kind() + " " + name(o), o);
        return m;
    }

    private static Map<String, List<Rule>> rules(List<NftObject> objects) {
        Map<String, List<Rule>> m = new LinkedHashMap<>();
        for (NftObject o : objects) {
            if (o instanceof Rule r) m.computeIfAbsent(r.chain(), k -> new ArrayList<>()).add(r);
        }
        return m;
    }

    /** A rule as compared: in the kernel's form, without handle, position and counter values. */
    static String ruleKey(Rule r) {
        return RuleForm.key(r);
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
                    h.gcInterval(), null, h.policy(), h.elements(), h.stmts(), h.comment(), h.autoMerge(), h.elementsGiven());
        }
        return have;
    }

    /**
     * A set's elements are the desired state's only when it gives them ({@link NamedSet#elementsGiven()}:
     * even an empty list); a set declared without elements keeps whatever the kernel holds (loaded
     * at run time, added by rules, expiring).
     */
    private static boolean elementsMatch(NamedSet want, NamedSet have) {
        if (!want.elementsGiven()) return true;
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

    /** The object to add: as desired, without the handle a listing gave it (an add names nothing). */
    static NftObject fresh(NftObject o) {
        return switch (o) {
            case Chain c -> c.identity();
            case NamedSet s -> new NamedSet(s.family(), s.table(), s.name(), null, s.key(), s.dataType(), s.flags(), s.timeout(),
                    s.gcInterval(), s.size(), s.policy(), s.elements(), s.stmts(), s.comment(), s.autoMerge(), s.elementsGiven());
            default -> {
                Map<String, Object> j = o.toJson();
                if (!j.containsKey("handle")) yield o;
                j.remove("handle");
                yield Ruleset.object(Map.of(o.kind(), j));
            }
        };
    }

    /** The object reduced to what a delete or flush command names. */
    static NftObject ref(NftObject o) {
        Objects.requireNonNull(o);
        return switch (o) {
            case Chain c -> new Chain(c.family(), c.table(), c.name(), null, null, null);
            case NamedSet s -> new NamedSet(s.family(), s.table(), s.name(), null, s.key(), s.dataType(), List.of(), null, null,
                    null, null, List.of(), List.of(), null);
            case Rule r -> new Rule(r.family(), r.table(), r.chain(), r.handle(), null, null, List.of(), null);
            default -> o;
        };
    }
}
