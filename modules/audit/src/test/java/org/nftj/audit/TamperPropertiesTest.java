package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.nftj.audit.VerifyReport.Problem;
import org.nftj.audit.VerifyReport.Status;

/**
 * Any single deletion, adjacent swap, replayed line or flipped bit in a log of any length is found
 * (with the head anchored, also at the end) and reported at the record where it happened.
 */
class TamperPropertiesTest {
    private static List<String> log(Path dir, int n) throws IOException {
        Path f = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f, FileAuditLog.Options.defaults().withSync(false))) {
            for (int i = 1; i <= n; i++) log.append(Samples.change(i));
        }
        return Samples.lines(f);
    }

    private static VerifyReport check(List<String> lines, String anchor) throws IOException {
        Path dir = Files.createTempDirectory("tamper");
        try {
            Path f = dir.resolve("audit.jsonl");
            Samples.write(f, lines);
            return AuditVerifier.verify(f, anchor);
        } finally {
            delete(dir);
        }
    }

    private static VerifyReport checkBytes(byte[] bytes, String anchor) throws IOException {
        Path dir = Files.createTempDirectory("tamper");
        try {
            Path f = dir.resolve("audit.jsonl");
            Files.write(f, bytes);
            return AuditVerifier.verify(f, anchor);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    private static String head(List<String> lines) {
        return Samples.entry(lines.getLast()).hash();
    }

    @Property(tries = 30)
    void deletingAnyLineIsFoundThere(@ForAll @IntRange(min = 2, max = 25) int n, @ForAll @IntRange(min = 0, max = 24) int at)
            throws IOException {
        Path dir = Files.createTempDirectory("p");
        List<String> lines = log(dir, n);
        delete(dir);
        int i = at % n;
        String anchor = head(lines);
        lines.remove(i);
        VerifyReport r = check(lines, anchor);
        assertEquals(Status.BROKEN, r.status(), r::message);
        assertEquals(Problem.DELETED, r.problem(), r::message);
        assertEquals(i, r.firstBadIndex(), r::message);
    }

    @Property(tries = 30)
    void swappingAnyTwoNeighboursIsFoundThere(@ForAll @IntRange(min = 2, max = 25) int n,
                                              @ForAll @IntRange(min = 0, max = 23) int at) throws IOException {
        Path dir = Files.createTempDirectory("p");
        List<String> lines = log(dir, n);
        delete(dir);
        int i = at % (n - 1);
        String a = lines.get(i);
        lines.set(i, lines.get(i + 1));
        lines.set(i + 1, a);
        VerifyReport r = check(lines, head(lines));
        assertEquals(Problem.REORDERED, r.problem(), r::message);
        assertEquals(i, r.firstBadIndex(), r::message);
    }

    @Property(tries = 30)
    void replayingAnyLineLaterIsFoundWhereItWasInserted(@ForAll @IntRange(min = 2, max = 25) int n,
                                                        @ForAll @IntRange(min = 0, max = 24) int from,
                                                        @ForAll @IntRange(min = 1, max = 25) int gap) throws IOException {
        Path dir = Files.createTempDirectory("p");
        List<String> lines = log(dir, n);
        delete(dir);
        int src = from % n;
        int to = Math.min(n, src + gap);
        String anchor = head(lines);
        lines.add(to, lines.get(src));
        VerifyReport r = check(lines, anchor);
        assertEquals(Problem.INSERTED, r.problem(), r::message);
        assertEquals(to, r.firstBadIndex(), r::message);
    }

    @Property(tries = 60)
    void flippingAnyBitIsFoundInItsRecord(@ForAll @IntRange(min = 1, max = 12) int n, @ForAll @IntRange(min = 0) int pos,
                                          @ForAll @IntRange(min = 0, max = 7) int bit) throws IOException {
        Path dir = Files.createTempDirectory("p");
        List<String> lines = log(dir, n);
        byte[] bytes = Files.readAllBytes(dir.resolve("audit.jsonl"));
        delete(dir);
        int p = pos % bytes.length;
        bytes[p] ^= (byte) (1 << bit);
        int record = 0;
        for (int i = 0, end = 0; i < lines.size(); i++) {
            end += lines.get(i).length() + 1;
            if (p < end) {
                record = i;
                break;
            }
        }
        VerifyReport r = checkBytes(bytes, head(lines));
        assertNotEquals(Status.OK, r.status(), r::message);
        assertEquals(record, r.firstBadIndex(), r::message);
        assertEquals(record, r.recordsChecked(), r::message);
    }
}
