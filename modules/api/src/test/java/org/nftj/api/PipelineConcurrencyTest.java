package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * 16 threads share one client and the real helper in a throwaway network namespace. Each thread
 * owns a set and mixes adds, dry runs and lists of it; every list must show exactly the elements
 * that thread added so far — an answer delivered to the wrong caller, lost or duplicated would
 * show up as a wrong set.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@KernelTest
class PipelineConcurrencyTest {
    static final int THREADS = 16;
    static final int ROUNDS = 60; // 3 requests a round: 16 × 60 × 3 = 2880 requests

    @Test
    void everyCallerGetsExactlyItsOwnAnswer() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false)
                     .withRequestTimeout(Duration.ofSeconds(60)))) {
            StringBuilder setup = new StringBuilder("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}");
            for (int t = 0; t < THREADS; t++) {
                setup.append(",{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s").append(t)
                        .append("\",\"type\":\"inet_service\"}}}");
            }
            nft.applyJson(setup.append("]}").toString(), false);
            AtomicInteger requests = new AtomicInteger();
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                all.add(CompletableFuture.runAsync(() -> {
                    try {
                        TreeSet<Integer> mine = new TreeSet<>();
                        for (int i = 0; i < ROUNDS; i++) {
                            int port = 1000 + i;
                            nft.applyJson(element(thread, port), false);
                            mine.add(port);
                            nft.applyJson(element(thread, 60000 + i), true); // dry run: must change nothing
                            List<Map<String, Object>> listed = nft.applyJson(
                                    "{\"nftables\":[{\"list\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s"
                                            + thread + "\"}}}]}", false).nftables();
                            assertEquals(mine, elements(listed, "s" + thread), "thread " + thread + " round " + i);
                            requests.addAndGet(3);
                        }
                    } catch (NftjException e) {
                        throw new AssertionError("thread " + thread + ": " + e.getMessage(), e);
                    }
                }, r -> Thread.ofPlatform().start(r)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(170, TimeUnit.SECONDS);
            assertEquals(THREADS * ROUNDS * 3, requests.get());
            // the kernel agrees: every thread's set holds exactly its own ports
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> kernel = (List<Map<String, Object>>) tools.jackson.jr.ob.JSON.std
                    .mapFrom(h.nft("-j", "list", "table", "inet", "app")).get("nftables");
            TreeSet<Integer> expected = new TreeSet<>();
            for (int i = 0; i < ROUNDS; i++) expected.add(1000 + i);
            for (int t = 0; t < THREADS; t++) assertEquals(expected, elements(kernel, "s" + t), "kernel set s" + t);
        }
    }

    private static String element(int thread, int port) {
        return "{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s" + thread
                + "\",\"elem\":[" + port + "]}}}]}";
    }

    /** The elements of the named set in a listing. */
    static TreeSet<Integer> elements(List<Map<String, Object>> listed, String name) {
        TreeSet<Integer> out = new TreeSet<>();
        for (Map<String, Object> o : listed) {
            if (o.get("set") instanceof Map<?, ?> set && name.equals(set.get("name")) && set.get("elem") instanceof List<?> l) {
                for (Object e : l) out.add(((Number) e).intValue());
            }
        }
        return out;
    }
}
