package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.audit.AuditVerifier;
import org.nftj.audit.FileAuditLog;
import org.nftj.audit.VerifyReport;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import tools.jackson.jr.ob.JSON;

/**
 * Group commit against the real helper and kernel, in a throwaway namespace. To make a group form
 * for certain, the helper is paused (SIGSTOP) while the first callers' requests are with it (as
 * many as groups may be in flight, each alone) and the others queue behind; resumed, the queued
 * callers go as one request.
 */
@KernelTest
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GroupCommitTest {
    private static final Family F = Family.INET;
    @TempDir Path dir;

    static Batch table() {
        return Batch.builder().add(new Table(F, "app"))
                .add(new NamedSet(F, "app", "blocklist", "ipv4_addr", List.of()))
                .add(new NamedSet(F, "app", "ports", "inet_service", List.of()))
                .build();
    }

    static Batch add(String... addresses) {
        return Batch.builder().add(Elements.of(F, "app", "blocklist", (Object[]) addresses)).build();
    }

    /** Requests sent alone, while the helper is paused, before the others queue. */
    static final int ALONE = GroupCommit.GROUPS_IN_FLIGHT;

    /**
     * The callers' calls, started while the helper is paused: the first {@link #ALONE} are sent
     * alone, in this order, and {@code queued} others queue (a call that does not join groups, such
     * as a dry run, does not count).
     */
    static List<CompletableFuture<Result>> whilePaused(Nftj nft, List<Callable<Result>> calls, int queued) throws Exception {
        long pid = nft.helper().pid();
        long before = nft.groupStats().groups();
        signal("STOP", pid);
        List<CompletableFuture<Result>> out = new ArrayList<>();
        try {
            for (int i = 0; i < calls.size(); i++) {
                out.add(call(calls.get(i)));
                if (i < ALONE) awaitInFlight(nft, before + i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (nft.groupStats().waiting() < queued) {
                assertTrue(System.nanoTime() < deadline, "callers did not queue: " + nft.groupStats());
                Thread.sleep(5);
            }
        } finally {
            signal("CONT", pid);
        }
        return out;
    }

    /** A caller leads a group of one (it found fewer groups in flight than allowed): its request is with the paused helper. */
    private static void awaitInFlight(Nftj nft, long groupsBefore) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (nft.groupStats().groups() == groupsBefore) {
            assertTrue(System.nanoTime() < deadline, "the first caller did not send");
            Thread.sleep(2);
        }
    }

    static CompletableFuture<Result> call(Callable<Result> c) {
        CompletableFuture<Result> f = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                f.complete(c.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertEquals(0, p.waitFor(), "kill -" + sig);
    }

    static Throwable failure(CompletableFuture<Result> f) throws InterruptedException {
        try {
            f.get(60, TimeUnit.SECONDS);
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a caller never got its answer", e);
        }
    }

    @Test
    void aBadBatchAmongGoodOnesFailsAloneNamingItsElementAndTheOthersApply() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(table());
            List<Callable<Result>> calls = List.of(
                    () -> nft.apply(add("10.0.0.1")),
                    () -> nft.apply(add("10.0.0.7")),
                    () -> nft.apply(add("10.0.0.2")),
                    () -> nft.apply(add("10.0.0.3", "2001:db8::1")), // an IPv6 address into an IPv4 set
                    () -> nft.apply(add("10.0.0.4")),
                    () -> nft.apply(add("10.0.0.5", "10.0.0.6")));
            List<CompletableFuture<Result>> results = whilePaused(nft, calls, 4);
            for (int i : new int[] {0, 1, 2, 4, 5}) assertNull(failure(results.get(i)), "caller " + i);
            InvalidRequestException bad = assertInstanceOf(InvalidRequestException.class, failure(results.get(3)));
            assertEquals(0, bad.command());
            assertEquals("/batch/nftables/0/add/element/elem/1", bad.path(), "its own element, as it wrote it");
            assertTrue(bad.getMessage().contains("2001:db8::1") && bad.getMessage().contains("set inet app blocklist"),
                    bad.getMessage());
            assertEquals(NftjException.Outcome.NOT_APPLIED, bad.outcome());
            String ruleset = h.ruleset();
            for (String a : List.of("10.0.0.1", "10.0.0.2", "10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7")) {
                assertTrue(ruleset.contains(a), a + " in " + ruleset);
            }
            assertFalse(ruleset.contains("10.0.0.3"), "the bad batch applied nothing: " + ruleset);
            GroupCommit.Stats s = nft.groupStats();
            assertEquals(ALONE + 1, s.groups(), "the first callers alone, then the four queued as one group: " + s);
            assertEquals(4, s.largest(), s.toString());
        }
    }

    /** The units the helper's rate limit holds spent (an element each in its kernel set: docs/protocol.md). */
    static int unitsSpent(NetnsHelper h) {
        String table = h.rateLimitTable();
        int open = table.indexOf("elements = {");
        if (open < 0) return 0;
        String elements = table.substring(open, table.indexOf('}', open));
        return elements.split(",").length;
    }

    /**
     * A member the kernel refuses (a missing element to delete) is settled from the group's answer
     * (the helper names the refused command), its error as it would have been alone; the others
     * go again as ONE request, not one each: the rate limit is charged for the refused group and
     * the one request after it (kernel work both), and an innocent caller does not pay a request
     * of its own for another's bad element. The audit records say so.
     */
    @Test
    void aMemberTheKernelRefusesIsSettledFromTheGroupsAnswerAndTheOthersGoAgainAsOneRequest() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        // One unit a second, 1000 at once: nothing a unit spent in this test expires before it is counted.
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT, org.nftj.testkit.Policy.sample().withRate(1, 1000))) {
            List<CompletableFuture<Result>> results;
            int before;
            try (FileAuditLog log = FileAuditLog.open(file);
                 Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false))) {
                nft.apply(table());
                before = unitsSpent(h);
                results = whilePaused(nft, List.of(
                        () -> nft.apply(add("10.0.3.1")),
                        () -> nft.apply(add("10.0.3.2")),
                        () -> nft.apply(add("10.0.3.3")),
                        () -> nft.apply(Batch.builder().delete(Elements.of(F, "app", "blocklist", "10.0.3.4", "10.9.9.9")).build()),
                        () -> nft.apply(add("10.0.3.5")),
                        () -> nft.apply(add("10.0.3.6"))), 4);
                for (int i : new int[] {0, 1, 2, 4, 5}) assertNull(failure(results.get(i)), "caller " + i);
                NotFoundException bad = assertInstanceOf(NotFoundException.class, failure(results.get(3)));
                assertEquals(0, bad.command(), bad.getMessage());
                assertEquals("/batch/nftables/0/delete/element/elem/0", bad.path(), "its own element, as it wrote it: " + bad.getMessage());
                assertEquals(ObjectId.element(new Table(F, "app"), "blocklist", new org.nftj.api.expr.Expr.Str("10.0.3.4")),
                        bad.object().orElseThrow(), bad.getMessage());
                assertEquals(NftjException.Outcome.NOT_APPLIED, bad.outcome());
                String ruleset = h.ruleset();
                for (String a : List.of("10.0.3.1", "10.0.3.2", "10.0.3.3", "10.0.3.5", "10.0.3.6")) {
                    assertTrue(ruleset.contains(a), a + " in " + ruleset);
                }
                GroupCommit.Stats s = nft.groupStats();
                assertEquals(ALONE + 1, s.groups(), "the first callers alone, then the four queued as one group: " + s);
            }
            // Two callers alone (a unit each), the refused group (a unit: the kernel did the work),
            // the three others again as one request (a unit), where each alone would have cost three.
            assertEquals(ALONE + 2, unitsSpent(h) - before, h.rateLimitTable());
            VerifyReport v = AuditVerifier.verify(file);
            assertTrue(v.ok(), v::message);
            List<Map<String, Object>> recs = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) recs.add(JSON.std.mapFrom(l));
            List<Map<String, Object>> failures = recs.stream().filter(r -> "failure".equals(r.get("kind"))).toList();
            assertEquals(1, failures.size(), "only the bad caller failed");
            String refusedIn = message(failures.get(0));
            assertTrue(refusedIn.matches(".*\\(refused in its group: the group request sha256 [0-9a-f]{64} was refused \\(not_found\\)\\)"),
                    refusedIn);
            String note = message(only(recs, "change", results.get(2).get().batchSha256()));
            assertEquals(note, message(only(recs, "change", results.get(5).get().batchSha256())), "the three went as one request");
            assertTrue(note.matches("group commit: one request sha256 [0-9a-f]{64} for intents #\\d+,#\\d+,#\\d+ \\(after the group"
                    + " request sha256 [0-9a-f]{64} was refused \\(not_found\\) for intent #\\d+\\)"), note);
            long intents = recs.stream().filter(r -> "intent".equals(r.get("kind"))).count();
            long outcomes = recs.stream().filter(r -> ((Number) r.get("ref")).longValue() > 0).count();
            assertEquals(intents, outcomes, "every intent has exactly one outcome");
        }
    }

    /**
     * Two members whose intervals overlap: the later one fails, as it would alone after the
     * earlier one, whatever order their addresses sort in (the helper names the later command),
     * and the others apply.
     */
    @Test
    void anOverlapBetweenTwoMembersFailsTheLaterOneAsItWouldAloneAfterTheEarlier() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(Batch.builder().add(new Table(F, "app")).add(new NamedSet(F, "app", "nets", "ipv4_addr", List.of("interval"))).build());
            java.util.function.Function<String, Batch> net = p -> Batch.builder().add(Elements.of(F, "app", "nets",
                    new org.nftj.api.expr.Expr.Prefix(new org.nftj.api.expr.Expr.Str(p.split("/")[0]), Integer.parseInt(p.split("/")[1])))).build();
            List<CompletableFuture<Result>> results = whilePaused(nft, List.of(
                    () -> nft.apply(net.apply("10.1.0.0/16")),
                    () -> nft.apply(net.apply("10.2.0.0/16")),
                    () -> nft.apply(net.apply("10.0.1.0/24")),
                    () -> nft.apply(net.apply("10.0.0.0/23")), // sorts first, queued later: it is the one that fails
                    () -> nft.apply(net.apply("10.5.0.0/16"))), 3);
            for (int i : new int[] {0, 1, 2, 4}) assertNull(failure(results.get(i)), "caller " + i);
            NftFailedException later = assertInstanceOf(NftFailedException.class, failure(results.get(3)));
            assertTrue(later.getMessage().contains("overlaps an interval of set inet app nets"), later.getMessage());
            assertEquals("/batch/nftables/0/add/element/elem/0", later.path(), later.getMessage());
            String ruleset = h.ruleset();
            for (String p : List.of("10.0.1.0/24", "10.5.0.0/16")) assertTrue(ruleset.contains(p), p + " in " + ruleset);
            assertFalse(ruleset.contains("10.0.0.0/23"), ruleset);
            assertEquals(ALONE + 1, nft.groupStats().groups(), "the three queued went as one group: " + nft.groupStats());
        }
    }

    @Test
    void aDryRunIsNeverMergedWithRealChanges() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(table());
            List<Callable<Result>> calls = List.of(
                    () -> nft.apply(add("10.0.0.1")),
                    () -> nft.apply(add("10.0.0.4")),
                    () -> nft.apply(add("10.0.0.2")),
                    () -> nft.check(add("10.0.0.99")),
                    () -> nft.apply(add("10.0.0.3")));
            List<CompletableFuture<Result>> results = whilePaused(nft, calls, 2);
            for (CompletableFuture<Result> r : results) assertNull(failure(r));
            String ruleset = h.ruleset();
            assertTrue(ruleset.contains("10.0.0.2") && ruleset.contains("10.0.0.3"), ruleset);
            assertFalse(ruleset.contains("10.0.0.99"), "the dry run changed nothing: " + ruleset);
            GroupCommit.Stats s = nft.groupStats();
            assertEquals(ALONE + 2, s.members(), "the dry run went on its own: " + s);
            assertEquals(2, s.largest(), s.toString());
        }
    }

    @Test
    void eachCallerHasItsOwnIntentAndOutcomeLinkedToTheGroupAndTheLogVerifies() throws Exception {
        Path file = dir.resolve("audit.jsonl");
        try (NetnsHelper h = NetnsHelper.create()) {
            List<CompletableFuture<Result>> good;
            List<CompletableFuture<Result>> mixed;
            try (FileAuditLog log = FileAuditLog.open(file);
                 Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(log).withRequireLockdown(false))) {
                nft.apply(table());
                good = whilePaused(nft, List.of(
                        () -> nft.apply(add("10.0.1.1")),
                        () -> nft.apply(add("10.0.1.4")),
                        () -> nft.apply(add("10.0.1.2")),
                        () -> nft.apply(add("10.0.1.3"))), 2);
                for (CompletableFuture<Result> r : good) assertNull(failure(r));
                mixed = whilePaused(nft, List.of(
                        () -> nft.apply(add("10.0.2.1")),
                        () -> nft.apply(add("10.0.2.3")),
                        () -> nft.apply(add("10.0.2.2")),
                        () -> nft.apply(add("2001:db8::2"))), 2);
                for (int i = 0; i < 3; i++) assertNull(failure(mixed.get(i)));
                assertInstanceOf(InvalidRequestException.class, failure(mixed.get(3)));
            }
            VerifyReport v = AuditVerifier.verify(file);
            assertTrue(v.ok(), v::message);
            List<Map<String, Object>> recs = new ArrayList<>();
            for (String l : Files.readAllLines(file, StandardCharsets.US_ASCII)) recs.add(JSON.std.mapFrom(l));
            // Every caller: one intent, one outcome pointing at it, with the caller's own request digest.
            List<CompletableFuture<Result>> applied = new ArrayList<>(good);
            applied.addAll(mixed.subList(0, 3));
            for (CompletableFuture<Result> r : applied) {
                String sha = r.get().batchSha256();
                Map<String, Object> intent = only(recs, "intent", sha);
                Map<String, Object> change = only(recs, "change", sha);
                assertEquals(((Number) intent.get("seq")).longValue(), ((Number) change.get("ref")).longValue());
            }
            // The good group: both queued callers' outcomes name the one request and both intents.
            String note0 = message(only(recs, "change", good.get(2).get().batchSha256()));
            String note1 = message(only(recs, "change", good.get(3).get().batchSha256()));
            assertEquals(note0, note1, "one group, one note");
            assertTrue(note0.matches("group commit: one request sha256 [0-9a-f]{64} for intents #\\d+,#\\d+"), note0);
            for (int i : new int[] {2, 3}) {
                long seq = ((Number) only(recs, "intent", good.get(i).get().batchSha256()).get("seq")).longValue();
                assertTrue(note0.contains("#" + seq), note0 + " names intent " + seq);
            }
            // The refused group: the bad member settled from its answer, the one left went on its own.
            String alone = message(only(recs, "change", mixed.get(2).get().batchSha256()));
            assertTrue(alone.matches("sent alone: after the group request sha256 [0-9a-f]{64} was refused \\(invalid_request\\)"
                    + " for intent #\\d+"), alone);
            long failures = recs.stream().filter(r -> "failure".equals(r.get("kind"))).count();
            assertEquals(1, failures, "only the bad caller failed");
            // Every intent has exactly one outcome.
            long intents = recs.stream().filter(r -> "intent".equals(r.get("kind"))).count();
            long outcomes = recs.stream().filter(r -> ((Number) r.get("ref")).longValue() > 0).count();
            assertEquals(intents, outcomes);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> only(List<Map<String, Object>> recs, String kind, String sha) {
        List<Map<String, Object>> found = recs.stream().filter(r -> kind.equals(r.get("kind"))
                && sha.equals(((Map<String, Object>) r.get("request")).get("sha256"))).toList();
        assertEquals(1, found.size(), kind + " records of " + sha);
        return found.get(0);
    }

    @SuppressWarnings("unchecked")
    private static String message(Map<String, Object> rec) {
        return (String) ((Map<String, Object>) rec.get("outcome")).get("message");
    }

    @Test
    void offEveryRequestGoesAlone() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false).withGroupCommit(false))) {
            nft.apply(table());
            nft.apply(add("10.0.0.1"));
            assertNull(nft.groupStats());
        }
    }
}
