package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.audit.AuditEvent;
import org.nftj.audit.AuditVerifier;
import org.nftj.audit.Drift;
import org.nftj.audit.FileAuditLog;
import org.nftj.audit.VerifyReport;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import tools.jackson.jr.ob.JSON;

/**
 * The audit trail of a real session — the real helper, the real kernel, a throwaway network
 * namespace — matches what happened: changes, a policy refusal, a kernel failure, an out-of-band
 * change (drift), a helper killed with SIGKILL and restarted, a dry run, and a change refused
 * because the audit log could not be written (fail closed: the kernel did not change).
 */
@KernelTest
class AuditTrailTest {
    @TempDir Path dir;

    private static Batch add(NftObject o) { return Batch.builder().add(o).build(); }

    @Test
    void theTrailOfARealSessionMatchesWhatHappened() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        try (NetnsHelper h = NetnsHelper.create()) {
            List<Result> results = new ArrayList<>();
            long firstPid;
            long secondPid;
            Drift onDemand;
            try (FileAuditLog log = FileAuditLog.open(file);
                 Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false)
                         .withPrincipal("alice").withAuditListener(events::add))) {
                firstPid = nft.helper().pid();
                results.add(nft.apply(add(new Table(Family.INET, "app"))));                                  // change
                assertThrows(PolicyDeniedException.class, () -> nft.apply(add(new Table(Family.INET, "other")))); // refusal
                assertThrows(NotFoundException.class, () -> nft.apply(Batch.builder()
                        .delete(Chain.regular(new Table(Family.INET, "app"), "missing")).build()));                     // failure
                h.nft("add", "chain", "inet", "app", "sneaky");                                            // out of band
                results.add(nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "input"))));                    // drift, change
                ProcessHandle helper = ProcessHandle.of(firstPid).orElseThrow();
                helper.destroyForcibly();                                                                   // kill -9
                helper.onExit().get(10, TimeUnit.SECONDS);
                results.add(nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "output"))));                   // restart, change
                secondPid = nft.helper().pid();
                results.add(nft.check(add(Chain.regular(new Table(Family.INET, "app"), "dry"))));                      // dry run
                onDemand = nft.checkDrift();
            }
            assertNotEquals(firstPid, secondPid, "a new helper");
            assertEquals(Drift.NONE, onDemand);
            String ruleset = h.ruleset();
            assertTrue(ruleset.contains("chain input") && ruleset.contains("chain output") && !ruleset.contains("chain dry"),
                    ruleset);

            VerifyReport v = AuditVerifier.verify(file);
            assertTrue(v.ok(), v::message);
            List<Map<String, Object>> recs = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) recs.add(JSON.std.mapFrom(l));
            assertEquals(recs.stream().map(r -> (String) r.get("kind")).toList(),
                    events.stream().map(AuditEvent::kind).toList(), "listeners saw the same");
            // Records the transport may add depending on its version and the helper's build: the
            // death of the killed helper (published by the transport's reader, so its position
            // relative to the restart is not fixed) and a missing-lockdown alert per start.
            List<Map<String, Object>> died = recs.stream().filter(r -> "died".equals(r.get("kind"))).toList();
            assertTrue(died.size() <= 1, died::toString);
            for (Map<String, Object> d : died) assertEquals(firstPid, ((Number) sub(d, "helper").get("pid")).longValue());
            recs.removeIf(r -> "died".equals(r.get("kind"))
                    || "alert".equals(r.get("kind")) && "not_locked_down".equals(sub(r, "outcome").get("code")));
            List<String> kinds = recs.stream().map(r -> (String) r.get("kind")).toList();
            assertEquals(List.of(
                    "start",
                    "intent", "change",
                    "intent", "refusal",
                    "intent", "failure",
                    "drift", "intent", "change",
                    "restart", "start", "intent", "change",
                    "change"), kinds);

            // Every outcome names its intent and repeats its request.
            for (int i = 0; i < recs.size(); i++) {
                if (!kinds.get(i).equals("intent")) continue;
                Map<String, Object> intent = recs.get(i);
                Map<String, Object> outcome = recs.get(i + 1);
                assertEquals(intent.get("seq"), outcome.get("ref"));
                assertEquals(intent.get("request"), outcome.get("request"));
                assertEquals("pending", sub(intent, "outcome").get("code"));
                assertEquals("alice", sub(outcome, "actor").get("principal"));
                assertEquals((int) ProcessHandle.current().pid(), ((Number) sub(outcome, "actor").get("pid")).intValue());
            }
            Map<String, Object> created = recs.get(2);
            assertEquals(results.get(0).batchSha256(), sub(created, "request").get("sha256"));
            assertEquals(List.of("add table inet app"), sub(created, "request").get("objects"));
            assertEquals(firstPid, ((Number) sub(created, "helper").get("pid")).longValue());
            assertEquals(h.exec("readlink", "/proc/self/ns/net").strip(), sub(created, "helper").get("netns"),
                    "the helper's own network namespace, not the JVM's");
            assertNotEquals(sub(created, "actor").get("netns"), sub(created, "helper").get("netns"));
            Map<String, Object> d = sub(created, "digest");
            assertTrue(((String) d.get("before")).startsWith("sha256:"));
            assertNotEquals(d.get("before"), d.get("after"), "the table was created");

            Map<String, Object> refusal = recs.get(4);
            assertEquals("policy_denied", sub(refusal, "outcome").get("code"));
            assertEquals(List.of("inet other"), sub(refusal, "request").get("tables"));
            assertEquals(sub(refusal, "digest").get("before"), sub(refusal, "digest").get("after"));
            assertEquals("not_found", sub(recs.get(6), "outcome").get("code"));

            Map<String, Object> drift = recs.get(7);
            assertEquals(sub(recs.get(6), "digest").get("after"), sub(drift, "digest").get("before"));
            assertEquals(sub(recs.get(8), "digest").get("before"), sub(drift, "digest").get("after"));

            Map<String, Object> restart = recs.get(10);
            assertEquals(firstPid, ((Number) sub(restart, "helper").get("pid")).longValue());
            assertEquals(secondPid, ((Number) sub(recs.get(11), "helper").get("pid")).longValue());
            assertEquals(secondPid, ((Number) sub(recs.get(13), "helper").get("pid")).longValue());
            assertEquals(sub(recs.get(9), "digest").get("after"), sub(recs.get(12), "digest").get("before"),
                    "the crash between requests changed nothing (and, the state being unknown, no drift was claimed)");

            Map<String, Object> dry = recs.get(14);
            assertEquals(true, sub(dry, "request").get("dryRun"));
            assertEquals(0, dry.get("ref"), "a dry run has no intent");
            assertEquals(results.get(3).batchSha256(), sub(dry, "request").get("sha256"));
        }
    }

    /** The bytes process {@code pid} has read ({@code rchar} of /proc/PID/io), or -1 when unreadable. */
    private static long bytesRead(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/io"))) {
                if (line.startsWith("rchar:")) return Long.parseLong(line.substring(6).strip());
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Returns when the process has read {@code bytes} since {@code before} (at most 10 s), or after 30 ms without a read count. */
    private static void awaitRequestRead(long pid, long before, long bytes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long now = before;
        while (now >= 0 && now - before < bytes && System.nanoTime() < deadline) {
            Thread.sleep(1);
            now = bytesRead(pid);
        }
        if (before < 0 || now < 0) Thread.sleep(30);
    }

    @Test
    void aHelperKilledDuringARequestIsAuditedAsACrash() throws Exception {
        String[] resolvedAs = {""};
        Path file = dir.resolve("audit.jsonl");
        java.util.concurrent.CountDownLatch bigIntent = new java.util.concurrent.CountDownLatch(1);
        try (NetnsHelper h = NetnsHelper.create();
             FileAuditLog log = FileAuditLog.open(file);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false)
                     .withAuditListener(e -> {
                         if (e.kind().equals("intent") && e.record().objects().size() > 100) bigIntent.countDown();
                     }))) {
            nft.apply(add(new Table(Family.INET, "app")));
            long pid = nft.helper().pid();
            // 6000 chains keep the helper busy for about half a second; it is killed once the
            // intent record is on disk and the helper has read the whole request (its read count,
            // /proc/PID/io), that is, while it and the kernel work on the batch. A fixed delay after
            // the intent killed it before it had read the request on a loaded machine: then the
            // client knows nothing was applied and there is nothing to resolve.
            Batch.Builder big = Batch.builder();
            for (int i = 0; i < 6000; i++) big.add(Chain.regular(new Table(Family.INET, "app"), "c" + i));
            long readBefore = bytesRead(pid);
            long requestBytes = big.build().validated(false, false).bodyLength();
            Thread killer = Thread.ofPlatform().start(() -> {
                try {
                    if (!bigIntent.await(60, TimeUnit.SECONDS)) return;
                    awaitRequestRead(pid, readBefore, requestBytes);
                } catch (InterruptedException e) {
                    return;
                }
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            });
            NftjException e = assertThrows(NftjException.class, () -> nft.apply(big.build()));
            killer.join();
            assertTrue(e instanceof HelperCrashedException, e.toString());
            // Resolved from the owned tables' digests before and after (the batch is whole or nothing).
            boolean landed = h.ruleset().contains("chain c5999");
            assertEquals(landed ? NftjException.Outcome.APPLIED : NftjException.Outcome.NOT_APPLIED, e.outcome(), e.getMessage());
            assertTrue(e.getMessage().contains("outcome resolved: " + (landed ? "applied" : "not applied")), e.getMessage());
            assertFalse(e.getMessage().contains("may or may not"), "a resolved outcome is not unknown: " + e.getMessage());
            resolvedAs[0] = landed ? "applied" : "not_applied";
        }
        VerifyReport v = AuditVerifier.verify(file);
        assertTrue(v.ok(), v::message);
        List<Map<String, Object>> recs = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) recs.add(JSON.std.mapFrom(l));
        Map<String, Object> intent = recs.stream().filter(r -> "intent".equals(r.get("kind"))).toList().getLast();
        List<?> objects = (List<?>) sub(intent, "request").get("objects");
        assertEquals(128, objects.size(), "the big batch, summary bounded");
        assertEquals("... 5873 more", objects.getLast());
        List<Map<String, Object>> outcomes = recs.stream().filter(r -> intent.get("seq").equals(r.get("ref"))).toList();
        assertEquals(2, outcomes.size(), outcomes::toString);
        Map<String, Object> outcome = outcomes.getFirst();
        assertEquals("crash", outcome.get("kind"), "killed mid-request: " + outcome);
        assertEquals("", sub(outcome, "digest").get("after"), "the crash record knows nothing of the state after");
        Map<String, Object> resolution = outcomes.getLast();
        assertEquals("resolution", resolution.get("kind"), resolution::toString);
        assertEquals(resolvedAs[0], sub(resolution, "outcome").get("code"), resolution::toString);
        assertEquals(sub(intent, "digest").get("before"), sub(resolution, "digest").get("before"));
        assertEquals(resolvedAs[0].equals("applied"), !sub(resolution, "digest").get("before").equals(sub(resolution, "digest").get("after")));
    }

    @Test
    void failClosedRefusesAChangeThatCannotBeAuditedAndTheKernelDoesNotChange() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (NetnsHelper h = NetnsHelper.create()) {
            FileAuditLog log = FileAuditLog.open(file);
            try (Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false))) {
                nft.apply(add(new Table(Family.INET, "app")));
                log.close(); // from now on every append fails
                AuditFailureException e = assertThrows(AuditFailureException.class,
                        () -> nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "unaudited"))));
                assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
                assertFalse(h.ruleset().contains("unaudited"), "never sent");
                assertEquals(0, nft.table(Family.INET, "app").list().of(Chain.class).size(), "reads still work");
            }
            FileAuditLog again = FileAuditLog.open(file);
            again.close();
            try (FileAuditLog log2 = FileAuditLog.open(file);
                 Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log2).withRequireLockdown(false)
                         .withAuditFailOpen(true))) {
                log2.close();
                nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "failopen")));
                assertTrue(h.ruleset().contains("failopen"), "fail open: applied without a record");
            }
        }
    }

    @Test
    void whenTheAuditDiskIsFullChangesStopAndTheKernelAgreesWithTheLog() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("small"));
        try (NetnsHelper h = NetnsHelper.create()) {
            run("mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "nftj-audit-test", mount.toString());
            try {
                Path file = mount.resolve("audit.jsonl");
                try (FileAuditLog log = FileAuditLog.open(file);
                     Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false))) {
                    nft.apply(add(new Table(Family.INET, "app")));
                    try (java.io.OutputStream out = Files.newOutputStream(mount.resolve("filler"))) {
                        while (true) out.write(new byte[1024]);
                    } catch (IOException full) {
                        // the filesystem is full; the log file's last page may hold a few more records
                    }
                    AuditFailureException failed = null;
                    int i = 0;
                    for (; i < 40 && failed == null; i++) {
                        try {
                            nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "c" + i)));
                        } catch (AuditFailureException e) {
                            failed = e;
                        }
                    }
                    assertTrue(failed != null, "the disk filled up");
                    String last = "c" + (i - 1);
                    String ruleset = h.ruleset();
                    if (failed.outcome() == NftjException.Outcome.NOT_APPLIED) {
                        assertFalse(ruleset.contains("chain " + last + " "), "no intent on disk, so never sent");
                    } else {
                        assertEquals(NftjException.Outcome.APPLIED, failed.outcome(), failed.toString());
                        assertTrue(ruleset.contains("chain " + last + " "), "its intent is on disk; it was applied");
                        assertTrue(Files.readString(file).contains("add chain inet app " + last + "\""));
                    }
                    AuditFailureException after = assertThrows(AuditFailureException.class,
                            () -> nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "later"))));
                    assertEquals(NftjException.Outcome.NOT_APPLIED, after.outcome());
                    assertFalse(h.ruleset().contains("chain later"), "refused before sending (fail closed)");
                }
                VerifyReport v = AuditVerifier.verify(file);
                assertTrue(v.ok(), v::message);
            } finally {
                run("umount", "--lazy", mount.toString());
            }
        }
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", cmd) + " failed");
    }

    @Test
    void aRateLimitedChangeIsARefusal() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        String refused = "";
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT,
                org.nftj.testkit.Policy.sample().withRate(1, 2));
             FileAuditLog log = FileAuditLog.open(file);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false))) {
            nft.apply(add(new Table(Family.INET, "app")));
            RateLimitedException limited = null;
            for (int i = 0; i < 20 && limited == null; i++) { // 1 per second after a burst of 2: soon refused
                try {
                    nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "b" + i)));
                } catch (RateLimitedException e) {
                    limited = e;
                    assertFalse(h.ruleset().contains("chain b" + i + " "));
                    refused = "add chain inet app b" + i;
                }
            }
            assertTrue(limited != null, "the policy's rate was exceeded");
        }
        List<Map<String, Object>> recs = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) recs.add(JSON.std.mapFrom(l));
        Map<String, Object> last = recs.getLast();
        assertEquals("refusal", last.get("kind"));
        assertEquals("rate_limited", sub(last, "outcome").get("code"));
        assertEquals(List.of(refused), sub(last, "request").get("objects"));
        assertEquals(sub(last, "digest").get("before"), sub(last, "digest").get("after"), "nothing changed");
    }

    @Test
    void aHelperThatKeepsDyingRaisesOneAlert() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<AuditEvent> alerts = new CopyOnWriteArrayList<>();
        try (NetnsHelper h = NetnsHelper.create();
             FileAuditLog log = FileAuditLog.open(file);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false)
                     .withRestartAlert(2, java.time.Duration.ofMinutes(1)).withAuditListener(e -> {
                         if (e.kind().equals("alert") && e.record().outcome().equals("restart_rate")) alerts.add(e);
                     }))) {
            nft.apply(add(new Table(Family.INET, "app")));
            for (int i = 0; i < 4; i++) {
                ProcessHandle helper = ProcessHandle.of(nft.helper().pid()).orElseThrow();
                helper.destroyForcibly();
                helper.onExit().get(10, TimeUnit.SECONDS);
                nft.apply(add(Chain.regular(new Table(Family.INET, "app"), "c" + i)));
                assertEquals(i < 2 ? 0 : 1, alerts.size(), "after " + (i + 1) + " restarts");
            }
        }
        assertEquals("restart_rate", alerts.getFirst().record().outcome());
        assertTrue(alerts.getFirst().record().message().startsWith("3 helper restarts within PT1M"),
                alerts.getFirst().record().message());
        assertTrue(alerts.getFirst().written());
        VerifyReport v = AuditVerifier.verify(file);
        assertTrue(v.ok(), v::message);
        List<String> kinds = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) kinds.add((String) JSON.std.mapFrom(l).get("kind"));
        assertEquals(4, kinds.stream().filter("restart"::equals).count());
        List<String> codes = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            codes.add(((Map<?, ?>) JSON.std.mapFrom(l).get("outcome")).get("code").toString());
        }
        assertEquals(1, codes.stream().filter("restart_rate"::equals).count());
        assertEquals("restart", kinds.get(codes.indexOf("restart_rate") - 1), "the alert follows the restart that crossed");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sub(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }
}
