package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import org.nftj.testkit.KernelTests;
import org.nftj.testkit.NetnsHelper;

/**
 * Group commit changes nothing a caller can observe but speed: after N callers' element batches
 * ran at the same time (the first sent alone, the others queued behind them while the helper was
 * paused, so they went as one group), the kernel's set and every caller's outcome (applied or refused) are those
 * of applying the batches one by one in SOME order. Deletes of absent elements make batches fail
 * (the whole group is refused; the member the helper names is settled from its answer and the
 * others go again as one group). Real helper and kernel, one namespace per try.
 */
@Tag(KernelTests.TAG)
class GroupCommitPropertiesTest {
    /** One command: add or delete one port. */
    record Op(boolean add, int port) {
        @Override
        public String toString() { return (add ? "+" : "-") + port; }
    }

    private static final List<Integer> START = List.of(1, 2);

    @Property(tries = 12)
    void theKernelEndsAsIfTheBatchesRanOneByOneInSomeOrder(@ForAll("callers") List<List<Op>> batches) throws Exception {
        try (AutoCloseable kernelTest = KernelTests.running();
             NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(Batch.builder().add(new Table(Family.INET, "app"))
                    .add(new NamedSet(Family.INET, "app", "ports", "inet_service", List.of()))
                    .add(Elements.of(Family.INET, "app", "ports", START.toArray())).build());
            List<Callable<Result>> calls = new ArrayList<>();
            for (List<Op> b : batches) calls.add(() -> nft.apply(batch(b)));
            List<CompletableFuture<Result>> results = GroupCommitTest.whilePaused(nft, calls,
                    batches.size() - GroupCommitTest.ALONE);
            List<Boolean> applied = new ArrayList<>();
            for (CompletableFuture<Result> r : results) {
                Throwable t = GroupCommitTest.failure(r);
                if (t != null && !(t instanceof NftjException e && e.outcome() == NftjException.Outcome.NOT_APPLIED)) {
                    throw new AssertionError("a caller failed other than by a refusal", t);
                }
                applied.add(t == null);
            }
            TreeSet<Integer> kernel = ports(h);
            List<List<Integer>> orders = permutations(batches.size());
            boolean explained = orders.stream().anyMatch(order -> serially(batches, order, applied, kernel));
            assertTrue(explained, "no serial order gives the set " + kernel + " and the outcomes " + applied
                    + " for " + batches + " (" + nft.groupStats() + ")");
        }
    }

    /** Applies the batches one by one in {@code order} to the starting set; true if that gives what was seen. */
    private static boolean serially(List<List<Op>> batches, List<Integer> order, List<Boolean> applied, TreeSet<Integer> kernel) {
        TreeSet<Integer> set = new TreeSet<>(START);
        for (int i : order) {
            TreeSet<Integer> next = new TreeSet<>(set);
            boolean ok = true;
            for (Op op : batches.get(i)) {
                if (op.add()) next.add(op.port());
                else ok &= next.remove(op.port());
            }
            if (ok != applied.get(i)) return false;
            if (ok) set = next;
        }
        return set.equals(kernel);
    }

    private static List<List<Integer>> permutations(int n) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        for (int k = 0; k < n; k++) {
            List<List<Integer>> grown = new ArrayList<>();
            for (List<Integer> p : out) {
                for (int at = 0; at <= p.size(); at++) {
                    List<Integer> q = new ArrayList<>(p);
                    q.add(at, k);
                    grown.add(q);
                }
            }
            out = grown;
        }
        return out;
    }

    private static Batch batch(List<Op> ops) {
        Batch.Builder b = Batch.builder();
        for (Op op : ops) {
            Elements e = Elements.of(Family.INET, "app", "ports", op.port());
            if (op.add()) b.add(e);
            else b.delete(e);
        }
        return b.build();
    }

    @SuppressWarnings("unchecked")
    private static TreeSet<Integer> ports(NetnsHelper h) throws Exception {
        Map<String, Object> listed = tools.jackson.jr.ob.JSON.std.mapFrom(h.nft("-j", "list", "set", "inet", "app", "ports"));
        TreeSet<Integer> out = new TreeSet<>();
        for (Object o : (List<Object>) listed.get("nftables")) {
            if (o instanceof Map<?, ?> m && m.get("set") instanceof Map<?, ?> set && set.get("elem") instanceof List<?> l) {
                for (Object e : l) out.add(((Number) e).intValue());
            }
        }
        return out;
    }

    @Provide
    Arbitrary<List<List<Op>>> callers() {
        Arbitrary<Op> op = Arbitraries.integers().between(1, 5)
                .flatMap(port -> Arbitraries.of(true, false).map(add -> new Op(add, port)));
        // At least two queued callers, so that every try has a group.
        return op.list().ofMinSize(1).ofMaxSize(3).list().ofMinSize(GroupCommitTest.ALONE + 2).ofMaxSize(GroupCommitTest.ALONE + 3);
    }
}
