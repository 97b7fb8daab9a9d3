package org.nftj.api.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nftj.api.Batch;
import org.nftj.api.Chain;
import org.nftj.api.Family;
import org.nftj.api.Nftj;
import org.nftj.api.NftjOptions;
import org.nftj.api.Table;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;
import org.nftj.audit.FileAuditLog;
import org.nftj.testkit.NetnsHelper;

/**
 * What auditing costs, as ratios against baselines measured in the same run (run by
 * scripts/bench api-audit; not a test).
 *
 * <ol>
 *   <li>Appending records: forced to disk per record (the production setting), one thread and
 *       eight threads (group commit), against the same appends without force.</li>
 *   <li>Changes through the real helper in a throwaway namespace: audited with a file log and
 *       table digests (the default), with a file log and no digests, against no audit log at all.</li>
 * </ol>
 */
public final class AuditBench {
    private AuditBench() {}

    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("nftj-audit-bench");
        try {
            run(tmp);
        } finally {
            try (java.util.stream.Stream<Path> files = Files.walk(tmp)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void run(Path tmp) throws Exception {
        int n = 2000;
        double base = appendsPerSecond(tmp.resolve("a"), false, 1, n);
        double synced = appendsPerSecond(tmp.resolve("b"), true, 1, n);
        double group = appendsPerSecond(tmp.resolve("c"), true, 8, n);
        System.out.printf(Locale.ROOT, "append, no force (baseline):     %9.0f records/s%n", base);
        System.out.printf(Locale.ROOT, "append, force, 1 thread:         %9.0f records/s  ratio %.3f%n", synced, synced / base);
        System.out.printf(Locale.ROOT, "append, force, 8 threads:        %9.0f records/s  ratio %.3f%n", group, group / base);
        System.out.println("(filesystem of " + tmp + ": " + Files.getFileStore(tmp).type() + ")");

        if (System.getProperty(NetnsHelper.BUILT_HELPER_PROPERTY, "").isBlank()) {
            System.out.println("no helper given (-D" + NetnsHelper.BUILT_HELPER_PROPERTY + "=...): change costs not measured");
            return;
        }
        int changes = Integer.getInteger("changes", 150);
        // Alternate the configurations twice so drift in machine load affects all alike.
        double[] none = new double[2];
        double[] logOnly = new double[2];
        double[] full = new double[2];
        for (int round = 0; round < 2; round++) {
            none[round] = microsPerChange(tmp.resolve("none" + round), Mode.NONE, changes);
            logOnly[round] = microsPerChange(tmp.resolve("log" + round), Mode.LOG, changes);
            full[round] = microsPerChange(tmp.resolve("full" + round), Mode.LOG_AND_DIGESTS, changes);
        }
        double b = Math.min(none[0], none[1]);
        double l = Math.min(logOnly[0], logOnly[1]);
        double f = Math.min(full[0], full[1]);
        System.out.printf(Locale.ROOT, "change, no audit (baseline):     %9.0f us/change%n", b);
        System.out.printf(Locale.ROOT, "change, file log, no digests:    %9.0f us/change  ratio %.2f%n", l, l / b);
        System.out.printf(Locale.ROOT, "change, file log + digests:      %9.0f us/change  ratio %.2f%n", f, f / b);
        System.out.println("(" + changes + " changes of one chain each into one table; best of 2 rounds)");
    }

    private static double appendsPerSecond(Path dir, boolean sync, int threads, int n) throws Exception {
        Path f = dir.resolve("audit.jsonl");
        AuditRecord r = new AuditRecord("change", "nft", List.of("add"), List.of("inet app"),
                List.of("add chain inet app input"), "ab".repeat(32), false, "ok", "", 12345, 4242, "0.1.0",
                "net:[4026531840]", "bench", "sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64), 0);
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withSync(sync));
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < 200; i++) log.append(r); // warm-up
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < n / threads; i++) log.append(r);
                    return null;
                }));
            }
            for (Future<?> x : fs) x.get();
            return (n / threads * threads) / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private enum Mode { NONE, LOG, LOG_AND_DIGESTS }

    private static double microsPerChange(Path dir, Mode mode, int changes) throws IOException, Exception {
        Files.createDirectories(dir);
        try (NetnsHelper h = NetnsHelper.create();
             AuditLog log = mode == Mode.NONE ? AuditLog.discarding() : FileAuditLog.open(dir.resolve("audit.jsonl"))) {
            NftjOptions o = NftjOptions.of(h.helperPath()).withRequireLockdown(false).withAudit(log)
                    .withAuditTableDigests(mode == Mode.LOG_AND_DIGESTS);
            try (Nftj nft = Nftj.open(o)) {
                nft.apply(Batch.builder().add(new Table(Family.INET, "app")).build());
                for (int i = 0; i < 20; i++) nft.apply(Batch.builder().add(Chain.regular(new Table(Family.INET, "app"), "w" + i)).build());
                long t0 = System.nanoTime();
                for (int i = 0; i < changes; i++) {
                    nft.apply(Batch.builder().add(Chain.regular(new Table(Family.INET, "app"), "c" + i)).build());
                }
                return (System.nanoTime() - t0) / 1e3 / changes;
            }
        }
    }
}
