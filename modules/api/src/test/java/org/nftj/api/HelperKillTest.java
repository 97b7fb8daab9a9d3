package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import tools.jackson.jr.ob.JSON;

/**
 * Fault injection against the real helper and kernel: SIGKILL the helper at a random moment while
 * a batch is in flight, many times. Each caller gets either its answer or a typed
 * {@link HelperCrashedException} that says whether the outcome is known; the client recovers on the
 * next request; and the kernel's ruleset, read with {@code nft} inside the namespace, is always
 * exactly the state before or after the batch, never a mix.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
@KernelTest
class HelperKillTest {
    static final int KILLS_MAX = 200;
    static final Duration TIME_MAX = Duration.ofSeconds(60);
    static final int ELEMENTS_PER_BATCH = 200;

    /** Batch k adds elements [k*200, k*200+200) to set k and one rule commented "b<k>" to chain c. */
    static String batch(int k) {
        StringBuilder elems = new StringBuilder();
        for (int i = 0; i < ELEMENTS_PER_BATCH; i++) elems.append(i == 0 ? "" : ",").append(k * ELEMENTS_PER_BATCH + i);
        return "{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"k\",\"elem\":["
                + elems + "]}}},{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"comment\":\"b"
                + k + "\",\"expr\":[{\"counter\":null}]}}}]}";
    }

    /** How many whole batches the kernel holds; fails if it holds part of one. */
    static int batchesInKernel(NetnsHelper h) throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) JSON.std
                .mapFrom(h.nft("-j", "list", "table", "inet", "app")).get("nftables");
        TreeSet<Integer> elements = new TreeSet<>();
        int rules = 0;
        for (Map<String, Object> o : all) {
            if (o.get("set") instanceof Map<?, ?> s && "k".equals(s.get("name")) && s.get("elem") instanceof List<?> l) {
                for (Object e : l) elements.add(((Number) e).intValue());
            }
            if (o.get("rule") instanceof Map<?, ?> r && "c".equals(r.get("chain"))) {
                assertEquals("b" + rules, r.get("comment"), "rules in batch order, none missing");
                rules++;
            }
        }
        int m = elements.size() / ELEMENTS_PER_BATCH;
        assertEquals(m * ELEMENTS_PER_BATCH, elements.size(), "a partial batch of elements: " + elements.size());
        if (m > 0) assertEquals(m * ELEMENTS_PER_BATCH - 1, elements.last(), "elements of whole batches only");
        assertEquals(m, rules, "elements and rules of the same batches");
        return m;
    }

    @Test
    void killsMidBatchLeaveTheKernelBeforeOrAfterAndTheClientRecovers() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false)
                     .withRequestTimeout(Duration.ofSeconds(20)))) {
            nft.applyJson("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},"
                    + "{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"k\",\"type\":\"inet_service\"}}},"
                    + "{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"c\"}}}]}", false);
            int applied = 0, kills = 0, answered = 0, unknown = 0, notApplied = 0;
            long end = System.nanoTime() + TIME_MAX.toNanos();
            while (kills < KILLS_MAX && System.nanoTime() < end) {
                long pid = nft.helper().pid();
                String b = batch(applied);
                CompletableFuture<Result> f = CompletableFuture.supplyAsync(() -> {
                    try {
                        return nft.applyJson(b, false);
                    } catch (NftjException e) {
                        throw new CompletionException(e);
                    }
                });
                LockSupport.parkNanos(random.nextInt(3_000_000));
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                kills++;
                NftjException failure = null;
                try {
                    f.get(30, TimeUnit.SECONDS);
                    answered++;
                } catch (java.util.concurrent.ExecutionException e) {
                    failure = (NftjException) e.getCause();
                }
                int m = batchesInKernel(h);
                assertTrue(m == applied || m == applied + 1, "kernel holds " + m + " batches; before: " + applied + " (seed " + seed + ")");
                if (failure == null) {
                    assertEquals(applied + 1, m, "an answered batch is applied");
                } else {
                    HelperCrashedException c = assertInstanceOf(HelperCrashedException.class, failure, failure.toString());
                    assertEquals(128 + 9, c.exitStatus(), c.getMessage());
                    assertNotEquals(NftjException.Outcome.APPLIED, c.outcome());
                    if (c.outcome() == NftjException.Outcome.NOT_APPLIED) {
                        assertEquals(applied, m, "a batch reported not applied was not applied");
                        notApplied++;
                    } else {
                        unknown++;
                    }
                }
                applied = m;
            }
            // the client recovers: the next request gets a fresh helper and succeeds
            nft.applyJson(batch(applied), false);
            assertEquals(applied + 1, batchesInKernel(h));
            assertTrue(kills >= 50, "only " + kills + " kills in " + TIME_MAX);
            assertTrue(unknown + notApplied > kills / 4, "most kills should hit a batch in flight: answered " + answered
                    + ", unknown " + unknown + ", not applied " + notApplied);
            System.out.printf("kill test: %d kills, %d answered, %d outcome unknown, %d not applied, %d batches applied (seed %d)%n",
                    kills, answered, unknown, notApplied, applied, seed);
        }
    }
}
