package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.audit.VerifyReport.Problem;
import org.nftj.audit.VerifyReport.Status;

/** Each kind of tampering is found at the right record, with the right kind and message. */
class TamperTest {
    @TempDir Path dir;

    @Test
    void untouchedLogVerifiesAndReportsItsHead() throws IOException {
        Path f = Samples.log(dir, 10);
        VerifyReport r = AuditVerifier.verify(f);
        assertTrue(r.ok(), r::message);
        assertEquals(10, r.recordsChecked());
        assertEquals(10, r.headSeq());
        List<String> lines = Samples.lines(f);
        assertEquals(Samples.entry(lines.get(9)).hash(), r.headHash());
        assertEquals(-1, r.firstBadIndex());
    }

    @Test
    void editingOneByteIsAlteredAtThatRecord() throws IOException {
        Path f = Samples.log(dir, 10);
        byte[] b = Files.readAllBytes(f);
        List<String> lines = Samples.lines(f);
        int offset = lines.get(0).length() + 1 + lines.get(1).length() + 1; // start of line 3 (index 2)
        int at = offset + lines.get(2).indexOf("record 3") + "record ".length();
        b[at] = '9';
        Files.write(f, b);
        VerifyReport r = AuditVerifier.verify(f);
        assertBad(r, Problem.ALTERED, 2, 3);
        assertTrue(r.message().contains("hash does not match"), r.message());
        assertEquals(2, r.headSeq());
    }

    @Test
    void editingTheHashItselfIsAltered() throws IOException {
        Path f = Samples.log(dir, 5);
        List<String> lines = Samples.lines(f);
        String l = lines.get(3);
        char last = l.charAt(l.length() - 3);
        lines.set(3, l.substring(0, l.length() - 3) + (last == '0' ? '1' : '0') + l.substring(l.length() - 2));
        Samples.write(f, lines);
        assertBad(AuditVerifier.verify(f), Problem.ALTERED, 3, 4);
    }

    @Test
    void deletingALineIsDeletedAtTheRecordAfterTheGap() throws IOException {
        Path f = Samples.log(dir, 10);
        List<String> lines = Samples.lines(f);
        lines.remove(4); // seq 5
        Samples.write(f, lines);
        VerifyReport r = AuditVerifier.verify(f);
        assertBad(r, Problem.DELETED, 4, 5);
        assertEquals(6, r.badSeq());
        assertTrue(r.message().contains("record seq 5 is missing before line 5"), r.message());
    }

    @Test
    void deletingSeveralLinesNamesTheRange() throws IOException {
        Path f = Samples.log(dir, 10);
        List<String> lines = Samples.lines(f);
        lines.subList(2, 5).clear(); // seq 3..5
        Samples.write(f, lines);
        VerifyReport r = AuditVerifier.verify(f);
        assertBad(r, Problem.DELETED, 2, 3);
        assertTrue(r.message().contains("records seq 3..5 are missing"), r.message());
    }

    @Test
    void deletingTheFirstLineIsDeleted() throws IOException {
        Path f = Samples.log(dir, 4);
        List<String> lines = Samples.lines(f);
        lines.removeFirst();
        Samples.write(f, lines);
        assertBad(AuditVerifier.verify(f), Problem.DELETED, 0, 1);
    }

    @Test
    void swappingTwoLinesIsReordered() throws IOException {
        Path f = Samples.log(dir, 10);
        List<String> lines = Samples.lines(f);
        String a = lines.get(5);
        lines.set(5, lines.get(6));
        lines.set(6, a);
        Samples.write(f, lines);
        VerifyReport r = AuditVerifier.verify(f);
        assertBad(r, Problem.REORDERED, 5, 6);
        assertEquals(7, r.badSeq());
        assertTrue(r.message().contains("expected seq 6, which appears later at line 7"), r.message());
    }

    @Test
    void swappingTheLastTwoLinesIsReordered() throws IOException {
        Path f = Samples.log(dir, 6);
        List<String> lines = Samples.lines(f);
        String a = lines.get(4);
        lines.set(4, lines.get(5));
        lines.set(5, a);
        Samples.write(f, lines);
        assertBad(AuditVerifier.verify(f), Problem.REORDERED, 4, 5);
    }

    @Test
    void movingALineFarAheadIsReordered() throws IOException {
        Path f = Samples.log(dir, 10);
        List<String> lines = Samples.lines(f);
        String moved = lines.remove(2); // seq 3 moved to the end
        lines.add(moved);
        Samples.write(f, lines);
        assertBad(AuditVerifier.verify(f), Problem.REORDERED, 2, 3);
    }

    @Test
    void insertingAForgedLineIsInsertedAtTheForgery() throws IOException {
        Path f = Samples.log(dir, 10);
        List<String> lines = Samples.lines(f);
        AuditEntry before = Samples.entry(lines.get(3)); // seq 4
        // A forger who knows the format: a well-formed record with a valid own hash, linked to seq 4.
        lines.add(4, Samples.forge(5, before.hash(), "nothing to see"));
        Samples.write(f, lines);
        VerifyReport r = AuditVerifier.verify(f);
        assertBad(r, Problem.INSERTED, 4, 5);
        assertTrue(r.message().contains("was inserted"), r.message());
        assertEquals(4, r.recordsChecked());
    }

    @Test
    void insertingAForgedLineWithAnOddSequenceIsInserted() throws IOException {
        Path f = Samples.log(dir, 10);
        List<String> lines = Samples.lines(f);
        lines.add(7, Samples.forge(99, "f".repeat(64), "forged"));
        Samples.write(f, lines);
        assertBad(AuditVerifier.verify(f), Problem.INSERTED, 7, 8);
    }

    @Test
    void insertingGarbageIsAltered() throws IOException {
        Path f = Samples.log(dir, 5);
        List<String> lines = Samples.lines(f);
        lines.add(2, "{\"v\":1,\"seq\":3}");
        Samples.write(f, lines);
        assertBad(AuditVerifier.verify(f), Problem.ALTERED, 2, 3);
    }

    @Test
    void replayingAnEarlierLineIsInserted() throws IOException {
        Path f = Samples.log(dir, 8);
        List<String> lines = Samples.lines(f);
        lines.add(6, lines.get(1));
        Samples.write(f, lines);
        VerifyReport r = AuditVerifier.verify(f);
        assertEquals(Problem.INSERTED, r.problem(), r.message());
        assertEquals(7, r.badLine());
    }

    @Test
    void replacingARecordWithARehashedOneIsAltered() throws IOException {
        Path f = Samples.log(dir, 8);
        List<String> lines = Samples.lines(f);
        AuditEntry prev = Samples.entry(lines.get(2));
        // Same seq, linked correctly, own hash valid: only the next record's link can tell.
        lines.set(3, Samples.forge(4, prev.hash(), "replaced"));
        Samples.write(f, lines);
        VerifyReport r = AuditVerifier.verify(f);
        assertBad(r, Problem.ALTERED, 4, 5); // the forgery itself verifies; the chain breaks after it
        assertTrue(r.message().contains("does not link"), r.message());
    }

    @Test
    void truncatingMidRecordIsATornTail() throws IOException {
        Path f = Samples.log(dir, 10);
        List<String> lines = Samples.lines(f);
        long keep = 0;
        for (int i = 0; i < 9; i++) keep += lines.get(i).length() + 1;
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(keep + 40);
        }
        VerifyReport r = AuditVerifier.verify(f);
        assertEquals(Status.TORN_TAIL, r.status());
        assertEquals(Problem.TORN_TAIL, r.problem());
        assertEquals(9, r.firstBadIndex());
        assertEquals(10, r.badLine());
        assertEquals(9, r.recordsChecked());
        assertEquals(9, r.headSeq());
        assertTrue(r.message().startsWith("torn tail: the last record (line 10) is incomplete"), r.message());
        assertFalse(r.ok());
    }

    @Test
    void removingRecordsFromTheEndIsFoundOnlyWithAnAnchoredHead() throws IOException {
        Path f = Samples.log(dir, 10);
        String anchor = AuditVerifier.verify(f).headHash();
        List<String> lines = Samples.lines(f);
        Samples.write(f, lines.subList(0, 8));
        assertTrue(AuditVerifier.verify(f).ok(), "a shorter chain is still a chain");
        VerifyReport r = AuditVerifier.verify(f, anchor);
        assertEquals(Problem.DELETED, r.problem());
        assertTrue(r.message().contains("anchored head"), r.message());
        assertEquals(8, r.headSeq());
    }

    @Test
    void aRawControlCharacterOrNonAsciiByteIsAltered() throws IOException {
        Path f = Samples.log(dir, 3);
        List<String> lines = Samples.lines(f);
        lines.set(1, lines.get(1).replace("record 2", "record\u001b2"));
        Samples.write(f, lines);
        assertBad(AuditVerifier.verify(f), Problem.ALTERED, 1, 2);
        byte[] b = Files.readAllBytes(Samples.log(dir.resolve("x"), 3));
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("record 2", "record\u00e92");
        Files.write(dir.resolve("x/audit.jsonl"), s.getBytes(StandardCharsets.ISO_8859_1));
        assertBad(AuditVerifier.verify(dir.resolve("x/audit.jsonl")), Problem.ALTERED, 1, 2);
    }

    @Test
    void aNonCanonicalButHashConsistentLineIsAltered() throws IOException {
        Path f = Samples.log(dir, 3);
        List<String> lines = Samples.lines(f);
        // An extra space changes the canonical bytes; re-hash it so only the canonical check can tell.
        String l = lines.get(1);
        String body = l.substring(0, l.length() - AuditEntry.HASH_TAIL).replace("\"kind\":", "\"kind\": ");
        lines.set(1, body + ",\"hash\":\"" + AuditEntry.sha256Hex(body + "}") + "\"}");
        Samples.write(f, lines);
        VerifyReport r = AuditVerifier.verify(f);
        assertBad(r, Problem.ALTERED, 1, 2);
        assertTrue(r.message().contains("not in canonical form"), r.message());
    }

    static void assertBad(VerifyReport r, Problem p, long index, long line) {
        assertEquals(Status.BROKEN, r.status(), r::message);
        assertEquals(p, r.problem(), r::message);
        assertEquals(index, r.firstBadIndex(), r::message);
        assertEquals(line, r.badLine(), r::message);
        assertEquals(index, r.recordsChecked(), r::message);
    }
}
