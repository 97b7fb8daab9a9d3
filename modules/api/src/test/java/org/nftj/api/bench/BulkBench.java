package org.nftj.api.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.nftj.api.Batch;
import org.nftj.api.Bulk;
import org.nftj.api.Family;
import org.nftj.api.NamedSet;
import org.nftj.api.Nftj;
import org.nftj.api.NftjOptions;
import org.nftj.api.Table;
import org.nftj.testkit.NetnsHelper;
import tools.jackson.jr.ob.JSON;

/**
 * Harness (not a test): bulk element load through the api against {@code nft -j -f} of the same
 * content, in the same run and the same namespace, for several chunk sizes; then the peak heap of a
 * streamed load of {@code nftj.bench.big} elements (default 1 000 000; 0 skips it).
 * Run: scripts/bench api-bulk (needs root and a built helper).
 */
public final class BulkBench {
    static final Table APP = new Table(Family.INET, "app");

    /** Distinct IPv4 addresses 10.x.y.z, generated on the fly (no list in memory). */
    static Iterator<Object> addresses(int offset, int count) {
        return new Iterator<>() {
            int i = 0;
            @Override public boolean hasNext() { return i < count; }
            @Override public Object next() {
                if (i >= count) throw new NoSuchElementException();
                int v = offset + i++;
                return "10." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
            }
        };
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("nftj.bench.n", 200_000);
        int big = Integer.getInteger("nftj.bench.big", 1_000_000);
        int runs = Integer.getInteger("nftj.bench.runs", 3);
        try (NetnsHelper h = NetnsHelper.create(); Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false)
                .withRequestTimeout(java.time.Duration.ofMinutes(5)))) {
            nft.apply(Batch.builder().add(APP).build());
            System.out.printf("bulk load of %d IPv4 addresses into a hash set; %d rounds, each round runs the nft baseline"
                    + " and then every chunk size, so load on the shared machine hits both alike%n", n, runs);
            int[] chunks = {10_000, 50_000, 100_000, 200_000};
            List<Double> nftRates = new ArrayList<>();
            List<List<Double>> ratios = new ArrayList<>(), rates = new ArrayList<>();
            for (int c = 0; c < chunks.length; c++) { ratios.add(new ArrayList<>()); rates.add(new ArrayList<>()); }
            for (int r = 0; r < runs; r++) {
                double base = nftBaseline(h, "base" + r, n);
                nftRates.add(base);
                for (int c = 0; c < chunks.length; c++) {
                    String set = "c" + chunks[c] + "r" + r;
                    nft.apply(Batch.builder().add(NamedSet.of(APP, set, "ipv4_addr")).build());
                    long t0 = System.nanoTime();
                    nft.table(APP).addElements(set, addresses(0, n), Bulk.defaults().withChunkElements(chunks[c]));
                    double rate = n / ((System.nanoTime() - t0) / 1e9);
                    rates.get(c).add((double) Math.round(rate));
                    ratios.get(c).add(Math.round(rate / base * 100) / 100.0);
                    nft.apply(Batch.builder().delete(NamedSet.of(APP, set, "ipv4_addr")).build());
                }
            }
            System.out.printf("  nft -j -f (one document, one add element): median %.0f elements/s  (runs %s)%n", median(nftRates),
                    nftRates.stream().map(Math::round).toList());
            for (int c = 0; c < chunks.length; c++) {
                System.out.printf("  api, chunks of %6d: median %.0f elements/s, median ratio to nft in the same round %.2fx  (rates %s, ratios %s)%n",
                        chunks[c], median(rates.get(c)), median100(ratios.get(c)), rates.get(c), ratios.get(c));
            }
            if (big > 0) {
                nft.apply(Batch.builder().add(NamedSet.of(APP, "big", "ipv4_addr")).build());
                System.gc();
                // Peak used heap, sampled every 5 ms by a daemon thread while the load runs.
                long[] peakUsed = {0};
                Runtime rt = Runtime.getRuntime();
                Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        peakUsed[0] = Math.max(peakUsed[0], rt.totalMemory() - rt.freeMemory());
                        try { Thread.sleep(5); } catch (InterruptedException e) { return; }
                    }
                });
                long t0 = System.nanoTime();
                long[] last = {0};
                nft.table(APP).addElements("big", addresses(0, big), Bulk.defaults().withProgress(d -> last[0] = d));
                double secs = (System.nanoTime() - t0) / 1e9;
                sampler.interrupt();
                sampler.join();
                long peak = peakUsed[0];
                System.out.printf("  %d elements streamed in chunks of %d: %.1f s (%.0f elements/s), peak used heap (5 ms samples) %.0f MiB, -Xmx %d MiB%n",
                        last[0], Bulk.defaults().chunkElements(), secs, last[0] / secs, peak / 1048576.0,
                        Runtime.getRuntime().maxMemory() / 1048576);
            }
        }
    }

    static double nftBaseline(NetnsHelper h, String set, int n) throws Exception {
        List<Object> elems = new ArrayList<>(n);
        for (Iterator<Object> it = addresses(0, n); it.hasNext(); ) elems.add(it.next());
        Map<String, Object> doc = Map.of("nftables", List.of(
                Map.of("add", Map.of("set", Map.of("family", "inet", "table", "app", "name", set, "type", "ipv4_addr"))),
                Map.of("add", Map.of("element", Map.of("family", "inet", "table", "app", "name", set, "elem", elems)))));
        Path f = Files.createTempFile("nftj-bench", ".json");
        try {
            Files.writeString(f, JSON.std.asString(doc));
            long t0 = System.nanoTime();
            h.nft("-j", "-f", f.toString());
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            h.nft("delete", "set", "inet", "app", set);
            return rate;
        } finally {
            Files.delete(f);
        }
    }

    static double median100(List<Double> v) {
        List<Double> c = new ArrayList<>(v);
        c.sort(null);
        return c.get(c.size() / 2);
    }

    static double median(List<Double> v) {
        List<Double> c = new ArrayList<>(v);
        c.sort(null);
        return Math.round(c.get(c.size() / 2));
    }
}
