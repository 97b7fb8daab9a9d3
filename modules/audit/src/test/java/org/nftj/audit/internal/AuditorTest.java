package org.nftj.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.audit.AuditEntry;
import org.nftj.audit.AuditEvent;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;
import org.nftj.audit.AuditSettings;
import org.nftj.audit.AuditVerifier;
import org.nftj.audit.Drift;
import org.nftj.audit.FileAuditLog;
import org.nftj.audit.Samples;

class AuditorTest {
    @TempDir Path dir;

    private static final byte[] BODY = ("{\"op\":\"nft\",\"batch\":{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\","
            + "\"name\":\"app\"}}},{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"input\","
            + "\"expr\":[]}}}]},\"check\":false,\"echo\":false}").getBytes(StandardCharsets.UTF_8);

    /** A log that fails on demand (the file log cannot be made to fail mid-run without root tricks). */
    static final class Failing implements AuditLog {
        final AuditLog inner;
        volatile boolean fail;

        Failing(AuditLog inner) { this.inner = inner; }

        @Override public void append(AuditRecord r) throws IOException {
            appendNumbered(r);
        }

        @Override public long appendNumbered(AuditRecord r) throws IOException {
            if (fail) throw new IOException("disk full");
            return inner.appendNumbered(r);
        }

        @Override public void close() throws IOException { inner.close(); }
    }

    @Test
    void aDiscardingLogStillGivesListenersTheObjectsAndSkipsThemWithoutAListener() throws IOException {
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        Auditor heard = new Auditor(AuditLog.discarding(), AuditSettings.defaults().withListener(events::add), "");
        Auditor.Intent i = heard.intent("nft", BODY, List.of("add", "add"), List.of("inet app"), "ab".repeat(32), false, "");
        assertEquals(List.of("add table inet app", "add rule inet app input"), i.objects());
        assertEquals(List.of("add table inet app", "add rule inet app input"), events.get(0).record().objects());
        Auditor unheard = new Auditor(AuditLog.discarding(), AuditSettings.defaults(), "");
        Auditor.Intent j = unheard.intent("nft", BODY, List.of("add", "add"), List.of("inet app"), "ab".repeat(32), false, "");
        assertEquals(List.of(), j.objects(), "nobody reads them: not summarised");
        unheard.subscribe(events::add);
        Auditor.Intent k = unheard.intent("nft", BODY, List.of("add", "add"), List.of("inet app"), "ab".repeat(32), false, "");
        assertEquals(2, k.objects().size(), "a listener subscribed later is given them");
    }

    @Test
    void intentThenOutcomeLinkedBySequence() throws IOException {
        Path f = dir.resolve("a.jsonl");
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        try (FileAuditLog log = FileAuditLog.open(f)) {
            Auditor a = new Auditor(log, AuditSettings.defaults().withListener(events::add), "svc");
            a.helperStarted(ProcessHandle.current().pid(), "0.1.0");
            Auditor.Intent i = a.intent("nft", BODY, List.of("add", "add"), List.of("inet app"), "ab".repeat(32),
                    false, "sha256:" + "1".repeat(64));
            a.outcome(i, AuditRecord.Kinds.CHANGE, "ok", "", "sha256:" + "2".repeat(64));
        }
        List<String> lines = Samples.lines(f);
        assertEquals(3, lines.size());
        AuditEntry start = Samples.entry(lines.get(0));
        AuditEntry intent = Samples.entry(lines.get(1));
        AuditEntry outcome = Samples.entry(lines.get(2));
        assertEquals("start", start.record().kind());
        assertEquals(start.actorNetns(), start.record().helperNetns(), "our own pid stood in for the helper here");
        assertEquals("intent", intent.record().kind());
        assertEquals("pending", intent.record().outcome());
        assertEquals(List.of("add table inet app", "add rule inet app input"), intent.record().objects());
        assertEquals("change", outcome.record().kind());
        assertEquals(intent.seq(), outcome.record().ref());
        assertEquals("svc", outcome.record().principal());
        assertEquals("sha256:" + "1".repeat(64), outcome.record().digestBefore());
        assertEquals("sha256:" + "2".repeat(64), outcome.record().digestAfter());
        assertTrue(outcome.record().durationNanos() > 0);
        assertEquals(List.of("start", "intent", "change"), events.stream().map(AuditEvent::kind).toList());
        assertEquals(List.of(1L, 2L, 3L), events.stream().map(AuditEvent::seq).toList());
    }

    @Test
    void aDryRunGetsOnlyItsOutcomeRecord() throws IOException {
        Path f = dir.resolve("a.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f)) {
            Auditor a = new Auditor(log, AuditSettings.defaults(), "");
            Auditor.Intent i = a.intent("nft", BODY, List.of("add"), List.of("inet app"), "ab".repeat(32), true, "");
            assertEquals(0, i.seq());
            a.outcome(i, "change", "ok", "", "");
        }
        List<String> lines = Samples.lines(f);
        assertEquals(1, lines.size());
        AuditEntry e = Samples.entry(lines.getFirst());
        assertEquals("change", e.record().kind());
        assertTrue(e.record().dryRun());
        assertEquals(0, e.record().ref());
    }

    @Test
    void failClosedRefusesWhenTheIntentCannotBeWritten() throws IOException {
        Failing log = new Failing(FileAuditLog.open(dir.resolve("a.jsonl")));
        List<AuditEvent> events = new CopyOnWriteArrayList<>();
        Auditor a = new Auditor(log, AuditSettings.defaults().withListener(events::add), "");
        log.fail = true;
        IOException e = assertThrows(IOException.class, () -> a.intent("nft", BODY, List.of("add"), List.of("inet app"),
                "", false, ""));
        assertEquals("disk full", e.getMessage());
        assertFalse(events.getFirst().written());
        log.close();
    }

    @Test
    void failOpenContinuesAndRecordsTheLossLater() throws IOException {
        Path f = dir.resolve("a.jsonl");
        Failing log = new Failing(FileAuditLog.open(f));
        Auditor a = new Auditor(log, AuditSettings.defaults().withFailOpen(true), "");
        log.fail = true;
        Auditor.Intent i = a.intent("nft", BODY, List.of("add"), List.of("inet app"), "", false, "");
        assertEquals(0, i.seq());
        a.outcome(i, "change", "ok", "", "");
        log.fail = false;
        Auditor.Intent j = a.intent("nft", BODY, List.of("add"), List.of("inet app"), "", false, "");
        assertEquals(2, j.seq());
        log.close();
        AuditEntry lost = Samples.entry(Samples.lines(f).getFirst());
        assertEquals("audit_unavailable", lost.record().kind());
        assertTrue(lost.record().message().startsWith("2 audit records could not be written"), lost.record().message());
        assertTrue(AuditVerifier.verify(f).ok());
    }

    @Test
    void moreRestartsThanTheThresholdWithinTheWindowRaiseOneAlert() throws IOException {
        Path f = dir.resolve("a.jsonl");
        List<AuditEvent> alerts = new CopyOnWriteArrayList<>();
        try (FileAuditLog log = FileAuditLog.open(f)) {
            Auditor a = new Auditor(log, AuditSettings.defaults().withListener(e -> {
                if (e.kind().equals("alert")) alerts.add(e);
            }), "");
            for (int n = 1; n <= 5; n++) a.helperRestarted(100 + n, n);
            assertTrue(alerts.isEmpty(), "5 restarts are within the default threshold");
            a.helperRestarted(106, 6);
            assertEquals(1, alerts.size());
            a.helperRestarted(107, 7);
            assertEquals(1, alerts.size(), "one alert per crossing");
        }
        assertTrue(alerts.getFirst().record().message().startsWith("6 helper restarts within PT5M"),
                alerts.getFirst().record().message());
        List<String> kinds = Samples.lines(f).stream().map(l -> Samples.entry(l).record().kind()).toList();
        assertEquals(List.of("restart", "restart", "restart", "restart", "restart", "restart", "alert", "restart"), kinds);
    }

    @Test
    void restartMonitorForgetsRestartsOutsideTheWindow() {
        RestartMonitor m = new RestartMonitor(2, Duration.ofSeconds(10));
        long s = 1_000_000_000L;
        assertFalse(m.restarted(0));
        assertFalse(m.restarted(s));
        assertTrue(m.restarted(2 * s));
        assertFalse(m.restarted(3 * s), "already alerted");
        assertFalse(m.restarted(20 * s), "the window has moved on");
        assertEquals(1, m.inWindow(20 * s));
        assertFalse(m.restarted(21 * s));
        assertTrue(m.restarted(22 * s), "crossed again");
        assertEquals(7, m.total());
    }

    @Test
    void driftIsRecordedWhenTheTablesChangedBetweenChanges() throws IOException {
        Path f = dir.resolve("a.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f)) {
            Auditor a = new Auditor(log, AuditSettings.defaults(), "");
            assertEquals(Drift.BASELINE, a.checkDrift("sha256:a"));
            assertEquals(Drift.NONE, a.checkDrift("sha256:a"));
            Auditor.Intent i = a.intent("nft", BODY, List.of("add"), List.of("inet app"), "", false, "sha256:a");
            a.outcome(i, "change", "ok", "", "sha256:b");
            // someone else changes the tables; the next change sees it first
            a.outcome(a.intent("nft", BODY, List.of("add"), List.of("inet app"), "", false, "sha256:x"), "change",
                    "ok", "", "sha256:y");
            assertEquals(Drift.DRIFTED, a.checkDrift("sha256:z"));
            assertEquals("sha256:z", a.lastDigest());
            a.helperRestarted(5, 1);
            assertEquals("", a.lastDigest(), "after a crash the state is unknown");
        }
        List<AuditEntry> es = Samples.lines(f).stream().map(Samples::entry).toList();
        List<AuditEntry> drifts = es.stream().filter(e -> e.record().kind().equals("drift")).toList();
        assertEquals(2, drifts.size());
        assertEquals("sha256:b", drifts.get(0).record().digestBefore());
        assertEquals("sha256:x", drifts.get(0).record().digestAfter());
        assertTrue(drifts.get(0).record().message().contains("before a change"));
        assertEquals("sha256:y", drifts.get(1).record().digestBefore());
        assertTrue(drifts.get(1).record().message().contains("on demand"));
        // The drift is written before the intent of the change that found it.
        assertEquals("drift", es.get(2).record().kind());
        assertEquals("intent", es.get(3).record().kind());
    }

    @Test
    void helperDeathsLockdownAndStartFailuresAreRecorded() throws IOException {
        Path f = dir.resolve("a.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f)) {
            Auditor a = new Auditor(log, AuditSettings.defaults(), "");
            a.checkDrift("sha256:a");
            a.helperDied(41, 137, false, 1, "exited", "killed\nby signal 9");
            assertEquals("", a.lastDigest(), "state unknown after a death");
            a.helperDied(42, 159, true, 0, "exited", "");
            a.lockdownMissing(43, "Sandbox[seccomp=0]");
            a.startFailed("policy", 25, "policy file missing");
        }
        List<AuditEntry> es = Samples.lines(f).stream().map(Samples::entry).toList();
        assertEquals(List.of("died", "died", "alert", "alert", "alert"), es.stream().map(e -> e.record().kind()).toList());
        assertEquals("exited", es.get(0).record().outcome());
        assertEquals("killed\nby signal 9; exit status 137, 1 request(s) in flight failed", es.get(0).record().message());
        assertEquals(41, es.get(0).record().helperPid());
        assertEquals("sandbox_violation", es.get(1).record().outcome());
        assertEquals("sandbox_violation", es.get(2).record().outcome());
        assertEquals("not_locked_down", es.get(3).record().outcome());
        assertEquals("start_failed", es.get(4).record().outcome());
        assertTrue(AuditVerifier.verify(f).ok());
    }

    @Test
    void systemLoggerGetsOneEscapedLinePerRecordAtItsLevel() throws IOException {
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger("org.nftj.audit");
        List<java.util.logging.LogRecord> seen = new CopyOnWriteArrayList<>();
        java.util.logging.Handler h = new java.util.logging.Handler() {
            @Override public void publish(java.util.logging.LogRecord r) { seen.add(r); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        java.util.logging.Level saved = jul.getLevel();
        jul.addHandler(h);
        jul.setLevel(java.util.logging.Level.ALL);
        try (FileAuditLog log = FileAuditLog.open(dir.resolve("a.jsonl"))) {
            Auditor a = new Auditor(log, AuditSettings.defaults(), "");
            Auditor.Intent i = a.intent("nft", BODY, List.of("add"), List.of("inet app"), "", false, "");
            a.outcome(i, "failure", "nft_failed", "Error: bad\n\u001b[31mforged line\u2028", "");
            a.helperRestarted(7, 1);
        } finally {
            jul.removeHandler(h);
            jul.setLevel(saved);
        }
        List<String> lines = seen.stream().map(java.util.logging.LogRecord::getMessage).toList();
        assertEquals(3, lines.size(), lines::toString);
        assertEquals(java.util.logging.Level.FINE, seen.get(0).getLevel(), "intent: DEBUG");
        assertEquals(java.util.logging.Level.FINE, seen.get(1).getLevel(), "a failure the caller receives: DEBUG");
        assertEquals(java.util.logging.Level.INFO, seen.get(2).getLevel(), "a restart nobody else is told of: INFO");
        String failure = lines.get(1);
        assertTrue(failure.startsWith("audit failure seq=2 outcome=\"nft_failed\""), failure);
        assertTrue(failure.contains("message=\"Error: bad\\n\\u001B[31mforged line\\u2028\""), failure);
        for (String l : lines) {
            assertTrue(l.chars().allMatch(c -> c >= 0x20 && c < 0x7f), () -> "raw control character in " + l);
        }
    }

    @Test
    void whatTheCallerReceivesIsLoggedAtDebugWhatNobodyIsToldAbove() {
        java.util.function.BiFunction<String, String, System.Logger.Level> level = (kind, outcome) -> Auditor.level(
                new AuditRecord(kind, "nft", List.of(), List.of(), List.of(), "", false, outcome, "", 0, 1, "", "", "", "", "", 0));
        for (String kind : List.of("intent", "change", "failure", "refusal", "crash", "start", "rotate", "recover")) {
            assertEquals(System.Logger.Level.DEBUG, level.apply(kind, "x"), kind);
        }
        assertEquals(System.Logger.Level.DEBUG, level.apply("alert", "start_failed"), "the caller gets the start failure");
        assertEquals(System.Logger.Level.INFO, level.apply("died", "exited"));
        assertEquals(System.Logger.Level.INFO, level.apply("restart", "restarted"));
        assertEquals(System.Logger.Level.WARNING, level.apply("drift", "drift"));
        assertEquals(System.Logger.Level.WARNING, level.apply("audit_unavailable", "records_lost"));
        assertEquals(System.Logger.Level.ERROR, level.apply("alert", "sandbox_violation"));
        assertEquals(System.Logger.Level.ERROR, level.apply("alert", "restart_rate"));
    }

    @Test
    void aThrowingListenerDoesNotBreakAuditing() throws IOException {
        Path f = dir.resolve("a.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f)) {
            Auditor a = new Auditor(log, AuditSettings.defaults().withListener(e -> {
                throw new IllegalStateException("boom\n\u001b[31m");
            }), "");
            a.helperStarted(1, "0.1.0");
        }
        assertEquals(1, Samples.lines(f).size());
    }
}
