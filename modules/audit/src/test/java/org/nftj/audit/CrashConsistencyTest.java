package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.audit.VerifyReport.Status;

/** A writer process killed with SIGKILL leaves a log that verifies up to its last whole record. */
class CrashConsistencyTest {
    @TempDir Path dir;

    private static Process spawn(String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-cp", cp, CrashWriter.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    @Test
    void killedWhileAppendingAndRotatingTheLogVerifiesUpToTheLastWholeRecord() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        long acknowledged = 0;
        for (int round = 0; round < 3; round++) {
            Process p = spawn("loop", f.toString(), "8192");
            long lastAck = 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                // Let it run a little longer each round, so kills land at different points.
                int target = 40 + 37 * round;
                for (int n = 0; n < target; n++) {
                    String s = out.readLine();
                    if (s == null) break;
                    lastAck = Long.parseLong(s);
                }
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(137, p.exitValue(), "killed by SIGKILL");
            assertTrue(lastAck > acknowledged, "the writer made progress");
            acknowledged = lastAck;
            VerifyReport r = AuditVerifier.verify(f);
            assertTrue(r.status() == Status.OK || r.status() == Status.TORN_TAIL, r::message);
            assertTrue(r.headSeq() >= lastAck, "every acknowledged record survives: head " + r.headSeq()
                    + " < acknowledged " + lastAck);
            assertTrue(r.files().size() > 1, "the log rotated");
        }
        // Reopening cuts off a torn tail (recording that) and continues the one chain.
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withRotateBytes(8192))) {
            log.append(Samples.change(0));
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertTrue(r.headSeq() > acknowledged);
    }

    @Test
    void sixProcessesAppendingToOneLogTakeTurnsAndTheChainVerifies() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        int writers = 6, each = 40;
        List<Process> ps = new java.util.ArrayList<>();
        for (int i = 0; i < writers; i++) ps.add(spawn("turns", f.toString(), Integer.toString(each), "16384"));
        java.util.Set<Long> seqs = new java.util.HashSet<>();
        for (Process p : ps) {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                out.lines().map(Long::parseLong).forEach(s -> assertTrue(seqs.add(s), "seq " + s + " acknowledged twice"));
            }
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), "every writer got its turns");
        }
        assertEquals(writers * each, seqs.size());
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertTrue(r.files().size() > 1, "the writers rotated the log between them");
    }

    @Test
    void aRecordTornByAnotherWriterIsCutOffByTheNextWritersTurn() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f)) {
            log.append(Samples.change(0));
            Process p = spawn("torn", f.toString());
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                assertEquals("torn", out.readLine());
            }
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(Status.TORN_TAIL, AuditVerifier.verify(f).status());
            assertEquals(6, log.appendNumbered(Samples.change(9)), "1 + 3 of the other writer + recover + this one");
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertTrue(Files.readString(f).contains("left by another writer"));
    }

    @Test
    void aRecordTornByAKillIsReportedThenCutOffAndRecordedOnReopen() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        Process p = spawn("torn", f.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            assertEquals("torn", out.readLine());
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        VerifyReport r = AuditVerifier.verify(f);
        assertEquals(Status.TORN_TAIL, r.status(), r::message);
        assertEquals(3, r.recordsChecked());
        assertEquals(3, r.headSeq());
        assertEquals(4, r.badLine());
        try (FileAuditLog log = FileAuditLog.open(f)) {
            assertEquals(5, log.appendNumbered(Samples.change(5)));
        }
        r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        List<String> lines = Samples.lines(f);
        AuditEntry recover = Samples.entry(lines.get(3));
        assertEquals(AuditRecord.Kinds.RECOVER, recover.record().kind());
        assertTrue(recover.record().message().contains("cut off an incomplete last record"), recover.record().message());
    }
}
