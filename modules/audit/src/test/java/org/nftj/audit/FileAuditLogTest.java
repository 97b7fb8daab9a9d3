package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.audit.VerifyReport.Problem;

class FileAuditLogTest {
    @TempDir Path dir;

    @Test
    void reopeningContinuesTheChain() throws IOException {
        Path f = Samples.log(dir, 3);
        try (FileAuditLog log = FileAuditLog.open(f)) {
            assertEquals(3, log.head().seq());
            assertEquals(4, log.appendNumbered(Samples.change(4)));
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertEquals(4, r.recordsChecked());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void theFirstRecordStartsTheChainAndCarriesTheActor() throws IOException {
        Path f = Samples.log(dir, 1);
        AuditEntry e = Samples.entry(Samples.lines(f).getFirst());
        assertEquals(1, e.seq());
        assertEquals(AuditEntry.GENESIS, e.prev());
        assertEquals(ProcessHandle.current().pid(), e.actorPid());
        assertFalse(e.actorStart().isEmpty());
        assertEquals(System.getProperty("user.name"), e.actorUser());
        assertTrue(e.actorNetns().matches("net:\\[\\d+\\]"), e.actorNetns());
        assertEquals("alice", e.record().principal());
        assertEquals(Samples.change(1), e.record());
    }

    @Test
    void twoWritersOfOneLogTakeTurnsAndTheChainStaysWhole() throws IOException {
        Path f = dir.resolve("audit.jsonl");
        FileAuditLog.Options small = FileAuditLog.Options.defaults().withRotateBytes(8192);
        try (FileAuditLog a = FileAuditLog.open(f, small); FileAuditLog b = FileAuditLog.open(f, small)) {
            long last = 0;
            for (int i = 1; i <= 60; i++) {
                // Each writer appends after the other's records, across the rotations either of them does.
                long seq = (i % 3 == 0 ? b : a).appendNumbered(Samples.change(i));
                assertTrue(seq > last, "seq " + seq + " after " + last);
                last = seq;
            }
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertTrue(r.files().size() > 1, "the log rotated");
    }

    @Test
    void aWriterWaitsBoundedlyForItsTurnAndNamesTheHolder() throws Exception {
        Path f = Samples.log(dir, 2);
        long before = Files.size(f);
        Path lock = dir.resolve("audit.jsonl.lock");
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withLockWait(java.time.Duration.ofMillis(300)));
             java.nio.channels.FileChannel held = java.nio.channels.FileChannel.open(lock, java.nio.file.StandardOpenOption.WRITE)) {
            held.write(java.nio.ByteBuffer.wrap("4242\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0);
            java.nio.channels.FileLock l = held.lock();
            long t0 = System.nanoTime();
            AuditLogBusyException e = assertThrows(AuditLogBusyException.class, () -> log.append(Samples.change(3)));
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waited >= 300 && waited < 5000, waited + " ms");
            assertTrue(e.getMessage().contains("is busy: another writer (pid 4242) has held audit.jsonl.lock for longer than 300 ms"),
                    e.getMessage());
            assertEquals(before, Files.size(f), "nothing was written");
            l.release();
            assertEquals(3, log.appendNumbered(Samples.change(3)), "the log is not broken by a wait that ran out");
        }
        assertTrue(AuditVerifier.verify(f).ok());
    }

    @Test
    void recordsAppendedByAnotherWriterThatBreakTheChainAreNotChainedOnto() throws IOException {
        Path f = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f)) {
            log.append(Samples.change(1));
            // Someone else appends a record that does not continue from the last one.
            Files.writeString(f, Samples.forge(2, "sha256:" + "0".repeat(64), "not chained") + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            IOException e = assertThrows(IOException.class, () -> log.append(Samples.change(2)));
            assertTrue(e.getMessage().contains("do not continue the chain"), e.getMessage());
        }
    }

    @Test
    void interruptsNeitherBreakTheLogNorGetLost() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withRotateBytes(8192))) {
            Thread.currentThread().interrupt();
            assertEquals(1, log.appendNumbered(Samples.change(1)));
            assertTrue(Thread.interrupted(), "the caller's interrupt status is kept");
            // An appender interrupted over and over, across rotations.
            Thread appender = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 150; i++) {
                    try {
                        log.append(Samples.change(i));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            while (appender.isAlive()) {
                appender.interrupt();
                Thread.sleep(1);
            }
            appender.join();
            long seq = log.appendNumbered(Samples.change(2));
            assertEquals(1 + 150 + 1 + rotations(f), seq, "every append landed (plus one rotate record per file)");
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertTrue(r.files().size() > 3, "rotated while interrupted");
    }

    private static long rotations(Path f) throws IOException {
        return AuditVerifier.verify(f).files().size() - 1;
    }

    @Test
    void aClosedLogRefusesToAppend() throws IOException {
        FileAuditLog log = FileAuditLog.open(dir.resolve("audit.jsonl"));
        log.close();
        IOException e = assertThrows(IOException.class, () -> log.append(Samples.change(1)));
        assertTrue(e.getMessage().contains("closed"));
    }

    @Test
    void aTamperedLogIsNotAppendedTo() throws IOException {
        Path f = Samples.log(dir, 5);
        List<String> lines = Samples.lines(f);
        lines.remove(2);
        Samples.write(f, lines);
        IOException e = assertThrows(IOException.class, () -> FileAuditLog.open(f));
        assertTrue(e.getMessage().contains("fails verification"), e.getMessage());
        assertEquals(lines, Samples.lines(f), "left untouched for the operator");
    }

    @Test
    void concurrentWritersKeepOneChain() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        int threads = 8;
        int each = 150;
        Set<Long> seqs = ConcurrentHashMap.newKeySet();
        try (FileAuditLog log = FileAuditLog.open(f); ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * 1000;
                fs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) assertTrue(seqs.add(log.appendNumbered(Samples.change(base + i))));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> x : fs) x.get();
        }
        assertEquals(threads * each, seqs.size());
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertEquals(threads * each, r.recordsChecked());
        // Every thread's records are all there, in that thread's order.
        List<String> lines = Samples.lines(f);
        for (int t = 0; t < threads; t++) {
            int expect = t * 1000;
            for (String l : lines) {
                String m = Samples.entry(l).record().message();
                int n = Integer.parseInt(m.substring("record ".length()));
                if (n / 1000 == t) assertEquals(expect++, n);
            }
            assertEquals(t * 1000 + each, expect);
        }
    }

    @Test
    void rotationUnderLoadKeepsTheChainAcrossFiles() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        int threads = 6;
        int each = 120;
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withRotateBytes(16 * 1024));
             ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * 1000;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) log.append(Samples.change(base + i));
                    return null;
                }));
            }
            for (Future<?> x : fs) x.get();
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertTrue(r.files().size() >= 5, "rotated into " + r.files());
        long headers = r.files().size() - 1;
        assertEquals(threads * each + headers, r.recordsChecked());
        assertEquals(r.recordsChecked(), r.headSeq(), "one gapless sequence over all files");
        for (String name : r.files()) {
            assertTrue(Files.size(dir.resolve(name)) <= 16 * 1024, name);
        }
        // Each rotated-to file names its predecessor and links to its last hash.
        Set<String> continued = new HashSet<>();
        for (int i = 1; i < r.files().size(); i++) {
            AuditEntry first = Samples.entry(Samples.lines(dir.resolve(r.files().get(i))).getFirst());
            assertEquals(AuditRecord.Kinds.ROTATE, first.record().kind());
            assertEquals(r.files().get(i - 1), first.continues());
            List<String> prev = Samples.lines(dir.resolve(r.files().get(i - 1)));
            assertEquals(Samples.entry(prev.getLast()).hash(), first.prev());
            assertTrue(continued.add(first.continues()));
        }
        // Reopening after rotation continues in the current file.
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withRotateBytes(16 * 1024))) {
            assertEquals(r.headSeq() + 1, log.appendNumbered(Samples.change(7)));
        }
        assertTrue(AuditVerifier.verify(f).ok());
    }

    @Test
    void aMissingOrAlteredRotatedFileIsFound() throws Exception {
        Path f = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withRotateBytes(4096))) {
            for (int i = 0; i < 40; i++) log.append(Samples.change(i));
        }
        VerifyReport ok = AuditVerifier.verify(f);
        assertTrue(ok.ok(), ok::message);
        String middle = ok.files().get(1);
        Path m = dir.resolve(middle);
        byte[] saved = Files.readAllBytes(m);
        List<String> lines = Samples.lines(m);
        lines.set(1, lines.get(1).replace("record", "recorD"));
        Samples.write(m, lines);
        VerifyReport altered = AuditVerifier.verify(f);
        assertEquals(Problem.ALTERED, altered.problem(), altered::message);
        assertEquals(middle, altered.badFile());
        assertEquals(2, altered.badLine());
        Files.write(m, saved);
        Files.delete(m);
        VerifyReport gone = AuditVerifier.verify(f);
        assertEquals(Problem.DELETED, gone.problem(), gone::message);
        assertTrue(gone.message().contains(middle + " that "), gone.message());
        // The current file alone still verifies (its first record links to what it continues from).
        assertTrue(AuditVerifier.verifyFile(f).ok());
    }

    @Test
    void aLogContinuesFromTheNewestRotatedFileWhenTheCurrentOneIsGone() throws IOException {
        Path f = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withRotateBytes(4096))) {
            for (int i = 0; i < 20; i++) log.append(Samples.change(i));
        }
        // As after a crash between renaming the full file and creating its successor:
        VerifyReport before = AuditVerifier.verify(f);
        List<String> current = Samples.lines(f);
        Path last = dir.resolve(String.format("audit.jsonl.%06d", before.files().size()));
        Files.move(f, last);
        // Verified before any writer comes back: the chain ends in the newest rotated file.
        VerifyReport gone = AuditVerifier.verify(f);
        assertTrue(gone.ok(), gone::message);
        assertEquals(before.headSeq(), gone.headSeq());
        assertEquals(before.files(), gone.files().stream().map(n -> n.equals(last.getFileName().toString()) ? "audit.jsonl" : n)
                .toList());
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withRotateBytes(4096))) {
            log.append(Samples.change(99));
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertEquals(before.headSeq() + 2, r.headSeq(), "a rotate record, then the new one");
        assertEquals(current.size(), Samples.lines(last).size());
    }

    @Test
    void oversizedFieldsAreBounded() throws IOException {
        Path f = dir.resolve("audit.jsonl");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) many.add("add rule inet app c " + "x".repeat(2000));
        AuditRecord huge = new AuditRecord("change", "nft", many, many, many, "", false, "ok", "m".repeat(100_000), 0,
                1, "", "", "", "", "", 0);
        try (FileAuditLog log = FileAuditLog.open(f)) {
            log.append(huge);
        }
        assertTrue(Files.size(f) < 1_000_000, "one record stays bounded: " + Files.size(f));
        AuditEntry e = Samples.entry(Samples.lines(f).getFirst());
        assertEquals(FileAuditLog.MAX_ITEMS + 1, e.record().verbs().size());
        assertEquals("... 872 more", e.record().verbs().getLast());
        assertTrue(e.record().message().endsWith("...(95904 more chars)"));
    }

    @Test
    void theLargestPossibleRecordStaysWithinTheVerifiersLineLimit() throws IOException {
        Path f = dir.resolve("audit.jsonl");
        String wide = "\u2028".repeat(10_000);
        List<String> many = java.util.Collections.nCopies(5000, wide);
        AuditRecord worst = new AuditRecord(wide, wide, many, many, many, wide, true, wide, wide, Long.MIN_VALUE,
                Long.MAX_VALUE, wide, wide, wide, wide, wide, Long.MAX_VALUE);
        try (FileAuditLog log = FileAuditLog.open(f)) {
            log.append(worst);
        }
        long size = Files.size(f);
        assertTrue(size < AuditVerifier.MAX_LINE_BYTES, "line of " + size + " bytes");
        assertTrue(size > 500_000, "it is the worst case: " + size);
        assertTrue(AuditVerifier.verify(f).ok());
    }
}
