package org.nftj.audit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nftj.audit.VerifyReport.Problem;
import org.nftj.audit.VerifyReport.Status;
import org.nftj.audit.support.Json;

/**
 * Checks an audit log: every line a canonical record whose hash matches its content, each record
 * linked to the one before ({@code prev}, {@code seq} + 1), and across rotated files each file's
 * first record naming the file it continues from.
 *
 * <p>It reports the first bad record and classifies it. Classification looks at the neighbours of
 * the first record that does not link:
 * <ul>
 *   <li>ALTERED — the line is not a canonical record, or its hash does not match its content, or it
 *       claims the expected sequence number but does not link (it was replaced and re-hashed);</li>
 *   <li>INSERTED — the chain continues correctly if this line is skipped, or it repeats an earlier record;</li>
 *   <li>REORDERED — the expected record is present, but later (e.g. two lines swapped);</li>
 *   <li>DELETED — the expected record is nowhere: the line after a gap; also a missing earlier file,
 *       and an anchored head hash that is not in the log;</li>
 *   <li>TORN_TAIL — the last line has no newline: a crash mid-write, or a truncation.</li>
 * </ul>
 * Removing records from the end leaves a valid shorter chain; only an anchored head (see
 * {@link VerifyReport#headHash()}) reveals that, through {@link #verify(Path, String)}.
 */
public final class AuditVerifier {
    /** A line longer than this is reported as altered without being parsed. */
    static final int MAX_LINE_BYTES = 1 << 20;
    /** Bound on how many rotated files a chain may span (a cycle of names is reported, not followed). */
    static final int MAX_FILES = 100_000;

    private AuditVerifier() {}

    /**
     * Verifies the log whose current (newest) file is {@code file}, following rotation back to its start.
     *
     * @param file the log's current file
     * @return what was found
     * @throws IOException when a file cannot be read
     */
    public static VerifyReport verify(Path file) throws IOException {
        return verify(file, "");
    }

    /**
     * Like {@link #verify(Path)}, and also requires {@code anchoredHead} (a hash recorded elsewhere
     * earlier) to be one of the log's records; if it is not, records were removed or rewritten.
     *
     * @param file the log's current file
     * @param anchoredHead a record's hash kept elsewhere, or "" for none
     * @return what was found
     * @throws IOException when a file cannot be read
     */
    public static VerifyReport verify(Path file, String anchoredHead) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        List<Path> files = new ArrayList<>();
        Path f = file;
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // A writer stopped between rotating the current file away and starting the next one: the
            // chain ends in the newest rotated file, where the next writer continues it.
            Path newest = FileAuditLog.newestRotated(file);
            if (newest != null) f = newest;
        }
        Set<String> seen = new HashSet<>();
        String missing = "";
        while (true) {
            if (!seen.add(f.getFileName().toString()) || files.size() >= MAX_FILES) {
                return broken(Problem.ALTERED, 0, -1, f.getFileName().toString(), 1, -1,
                        "the files' rotation names form a cycle at " + f.getFileName(), 0, AuditEntry.GENESIS, names(files));
            }
            files.addFirst(f);
            String cont = continuesFrom(f);
            if (cont.isEmpty()) break;
            if (cont.contains("/") || cont.equals("..") || cont.equals(".")) {
                return broken(Problem.ALTERED, 0, -1, f.getFileName().toString(), 1, -1,
                        "the first record names an unsafe file to continue from", 0, AuditEntry.GENESIS, names(files));
            }
            Path prev = dir.resolve(cont);
            if (!Files.exists(prev)) {
                missing = cont;
                break;
            }
            f = prev;
        }
        Cursor c = new Cursor();
        if (!missing.isEmpty()) {
            return broken(Problem.DELETED, 0, 0, files.getFirst().getFileName().toString(), 1, -1,
                    "the file " + Json.oneLine(missing) + " that " + files.getFirst().getFileName()
                            + " continues from is missing", 0, AuditEntry.GENESIS, names(files));
        }
        String expectContinues = "";
        for (int i = 0; i < files.size(); i++) {
            Path p = files.get(i);
            FileCheck fc = checkFile(p, c, false, expectContinues, i == files.size() - 1, 0);
            if (fc.report != null) return withFiles(fc.report, names(files));
            expectContinues = p.getFileName().toString();
        }
        if (!anchoredHead.isEmpty() && !c.hashes.contains(anchoredHead)) {
            return broken(Problem.DELETED, c.checked, c.checked, files.getLast().getFileName().toString(), -1, -1,
                    "the anchored head " + Json.oneLine(anchoredHead)
                            + " is not in the log: records were removed from its end or rewritten",
                    c.headSeq, c.headHash, names(files));
        }
        return new VerifyReport(Status.OK, Problem.NONE, c.checked, -1, "", -1, -1,
                c.checked + " records verify; head seq " + c.headSeq, c.headSeq, c.headHash, names(files));
    }

    /**
     * Verifies one file on its own. A file that starts with a {@code rotate} record is taken to
     * continue from whatever its first record links to (that earlier file is not read).
     *
     * @param file the file
     * @return what was found
     * @throws IOException when it cannot be read
     */
    public static VerifyReport verifyFile(Path file) throws IOException {
        Cursor c = new Cursor();
        FileCheck fc = checkFile(file, c, true, "", true, 0);
        List<String> files = List.of(file.getFileName().toString());
        if (fc.report != null) return withFiles(fc.report, files);
        return new VerifyReport(Status.OK, Problem.NONE, c.checked, -1, "", -1, -1,
                c.checked + " records verify; head seq " + c.headSeq, c.headSeq, c.headHash, files);
    }

    /** What the writer needs to continue a file: where the complete records end and the chain head. */
    record Tail(VerifyReport report, long validBytes, long lastSeq, String lastHash, boolean hasPayload) {}

    static Tail tail(Path file) throws IOException {
        Cursor c = new Cursor();
        FileCheck fc = checkFile(file, c, true, "", true, 0);
        return new Tail(fc.report == null ? new VerifyReport(Status.OK, Problem.NONE, c.checked, -1, "", -1, -1,
                "", c.headSeq, c.headHash, List.of()) : fc.report, fc.validBytes, c.headSeq, c.headHash, fc.hasPayload);
    }

    /**
     * What other writers appended to {@code file} after byte {@code offset}, where this writer's
     * record {@code seq} with hash {@code hash} ended: those records must continue the chain from
     * it. Reads only the new bytes, so writers that take turns pay for what the others wrote, not
     * for the whole file.
     */
    static Tail tailAfter(Path file, long offset, long seq, String hash) throws IOException {
        Cursor c = new Cursor();
        c.prev = hash;
        c.seq = seq + 1;
        c.headSeq = seq;
        c.headHash = hash;
        FileCheck fc = checkFile(file, c, false, "", true, offset);
        return new Tail(fc.report == null ? new VerifyReport(Status.OK, Problem.NONE, c.checked, -1, "", -1, -1,
                "", c.headSeq, c.headHash, List.of()) : fc.report, fc.validBytes, c.headSeq, c.headHash, fc.hasPayload);
    }

    // ---------------------------------------------------------------------------------------------

    private static final class Cursor {
        String prev = AuditEntry.GENESIS;
        long seq = 1;            // next expected
        long checked;            // complete records verified so far, all files
        long headSeq;
        String headHash = AuditEntry.GENESIS;
        final Set<String> hashes = new HashSet<>();
    }

    private record Line(long start, long end, boolean terminated, AuditEntry entry, String problem) {}

    private record FileCheck(VerifyReport report, long validBytes, boolean hasPayload) {}

    private static FileCheck checkFile(Path file, Cursor c, boolean standalone, String expectContinues,
                                       boolean last, long offset) throws IOException {
        String name = file.getFileName().toString();
        List<Line> lines = readLines(file, offset);
        long firstIndex = c.checked;
        Map<String, Integer> seenHere = new HashMap<>();
        boolean payload = false;
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            long index = firstIndex + i;
            long lineNo = i + 1;
            long claimed = l.entry == null ? -1 : l.entry.seq();
            if (!l.terminated) {
                String what = last ? "torn tail: the last record (line " + lineNo + ") is incomplete, "
                        + (l.problem == null ? "its newline is missing" : "it ends without a newline")
                        : "line " + lineNo + " of a rotated file ends without a newline";
                VerifyReport r = new VerifyReport(last ? Status.TORN_TAIL : Status.BROKEN, Problem.TORN_TAIL,
                        c.checked, index, name, lineNo, claimed, what + "; " + c.checked
                        + " complete records verify before it", c.headSeq, c.headHash, List.of());
                return new FileCheck(r, l.start, payload);
            }
            if (l.problem != null) {
                return fail(Problem.ALTERED, c, index, name, lineNo, claimed, "record at line " + lineNo
                        + " was altered: " + l.problem, l.start, payload);
            }
            AuditEntry e = l.entry;
            if (i == 0 && standalone && AuditRecord.Kinds.ROTATE.equals(e.record().kind())) {
                c.prev = e.prev();
                c.seq = e.seq();
            }
            if (i == 0 && !standalone) {
                boolean rotate = AuditRecord.Kinds.ROTATE.equals(e.record().kind());
                if (!expectContinues.isEmpty() && (!rotate || !expectContinues.equals(e.continues()))) {
                    return fail(Problem.ALTERED, c, index, name, lineNo, claimed, "the first record of " + name
                            + " does not name " + expectContinues + " as the file it continues from", l.start, payload);
                }
            }
            if (e.prev().equals(c.prev) && e.seq() == c.seq) {
                if (!AuditRecord.Kinds.ROTATE.equals(e.record().kind())) payload = true;
                c.prev = e.hash();
                c.seq++;
                c.checked++;
                c.headSeq = e.seq();
                c.headHash = e.hash();
                c.hashes.add(e.hash());
                seenHere.put(e.hash(), i);
                continue;
            }
            int k = forkPoint(lines, i, seenHere);
            if (k >= 0) {
                // Line i continues from line k, an earlier record: lines k+1..i-1 were accepted only
                // because their forger linked them; they are the insertion.
                int inserted = i - k - 1;
                long at = firstIndex + k + 1;
                AuditEntry head = lines.get(k).entry;
                VerifyReport r = broken(Problem.INSERTED, at, at, name, k + 2, lines.get(k + 1).entry.seq(),
                        (inserted == 1 ? "record at line " + (k + 2) + " was" : "records at lines " + (k + 2) + ".." + i
                                + " were") + " inserted: line " + lineNo + " continues from line " + (k + 1),
                        head.seq(), head.hash(), List.of());
                return new FileCheck(r, lines.get(k + 1).start, true);
            }
            return fail(classify(lines, i, c, seenHere), c, index, name, lineNo, claimed,
                    describe(lines, i, c, seenHere), l.start, payload);
        }
        long end = lines.isEmpty() ? offset : lines.getLast().end();
        return new FileCheck(null, end, payload);
    }

    /** The line (index) of this file that line i links to when that is not the line before it, else -1. */
    private static int forkPoint(List<Line> lines, int i, Map<String, Integer> seenHere) {
        AuditEntry e = lines.get(i).entry;
        if (seenHere.containsKey(e.hash())) return -1; // a replayed copy, not a fork
        Integer k = seenHere.get(e.prev());
        if (k == null || k >= i - 1 || lines.get(k).entry.seq() + 1 != e.seq()) return -1;
        return k;
    }

    private static Problem classify(List<Line> lines, int i, Cursor c, Map<String, Integer> seenHere) {
        AuditEntry e = lines.get(i).entry;
        AuditEntry next = entryAt(lines, i + 1);
        if (next != null && next.prev().equals(c.prev) && next.seq() == c.seq) {
            return e.prev().equals(next.hash()) ? Problem.REORDERED : Problem.INSERTED;
        }
        if (e.seq() > c.seq) {
            if (e.prev().equals(c.prev)) return Problem.ALTERED;
            return expectedLater(lines, i, c) >= 0 ? Problem.REORDERED : Problem.DELETED;
        }
        if (e.seq() == c.seq) return Problem.ALTERED;
        return seenHere.containsKey(e.hash()) || c.hashes.contains(e.hash()) ? Problem.INSERTED : Problem.REORDERED;
    }

    private static String describe(List<Line> lines, int i, Cursor c, Map<String, Integer> seenHere) {
        AuditEntry e = lines.get(i).entry;
        long lineNo = i + 1;
        return switch (classify(lines, i, c, seenHere)) {
            case REORDERED -> {
                int later = expectedLater(lines, i, c);
                yield "record seq " + e.seq() + " at line " + lineNo + " is out of order: expected seq " + c.seq
                        + (later >= 0 ? ", which appears later at line " + (later + 1) : "");
            }
            case INSERTED -> seenHere.containsKey(e.hash())
                    ? "record at line " + lineNo + " repeats the record at line " + (seenHere.get(e.hash()) + 1)
                    : "record at line " + lineNo + " (seq " + e.seq() + ") was inserted: it is not part of the chain,"
                            + " the next line continues from line " + i;
            case DELETED -> (e.seq() - c.seq == 1 ? "record seq " + c.seq + " is" : "records seq " + c.seq + ".."
                    + (e.seq() - 1) + " are") + " missing before line " + lineNo + " (seq " + e.seq() + ")";
            default -> "record at line " + lineNo + " (seq " + e.seq() + ") was altered: it does not link to the"
                    + " record before it (prev or seq differ)";
        };
    }

    private static int expectedLater(List<Line> lines, int i, Cursor c) {
        for (int j = i + 1; j < lines.size(); j++) {
            AuditEntry x = lines.get(j).entry;
            if (x != null && x.seq() == c.seq && x.prev().equals(c.prev)) return j;
        }
        return -1;
    }

    private static AuditEntry entryAt(List<Line> lines, int i) {
        if (i >= lines.size()) return null;
        Line l = lines.get(i);
        return l.problem == null && l.terminated ? l.entry : null;
    }

    private static FileCheck fail(Problem p, Cursor c, long index, String file, long line, long seq, String message,
                                  long validBytes, boolean payload) {
        return new FileCheck(broken(p, c.checked, index, file, line, seq, message, c.headSeq, c.headHash, List.of()),
                validBytes, payload);
    }

    private static VerifyReport broken(Problem p, long checked, long index, String file, long line, long seq,
                                       String message, long headSeq, String headHash, List<String> files) {
        return new VerifyReport(Status.BROKEN, p, checked, index, file, line, seq, message, headSeq, headHash, files);
    }

    private static VerifyReport withFiles(VerifyReport r, List<String> files) {
        return new VerifyReport(r.status(), r.problem(), r.recordsChecked(), r.firstBadIndex(), r.badFile(),
                r.badLine(), r.badSeq(), r.message(), r.headSeq(), r.headHash(), files);
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(p -> p.getFileName().toString()).toList();
    }

    /** The {@code continues} member of the file's first record, or "" (also when unreadable). */
    private static String continuesFrom(Path f) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
            byte[] line = readLine(in);
            if (line == null || line.length > MAX_LINE_BYTES) return "";
            String s = new String(line, StandardCharsets.ISO_8859_1);
            if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
            AuditEntry.Parsed p = AuditEntry.parse(s);
            if (p.entry() == null || !AuditRecord.Kinds.ROTATE.equals(p.entry().record().kind())) return "";
            return p.entry().continues();
        }
    }

    private static List<Line> readLines(Path file, long offset) throws IOException {
        List<Line> out = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in.skipNBytes(offset);
            long pos = offset;
            byte[] raw;
            while ((raw = readLine(in)) != null) {
                long start = pos;
                pos += raw.length;
                boolean terminated = raw[raw.length - 1] == '\n';
                if (raw.length > MAX_LINE_BYTES) {
                    if (!terminated) {
                        long skipped = skipRest(in);
                        pos += Math.abs(skipped);
                        terminated = skipped > 0;
                    }
                    out.add(new Line(start, pos, terminated, null, "longer than " + MAX_LINE_BYTES + " bytes"));
                    continue;
                }
                String s = new String(raw, 0, terminated ? raw.length - 1 : raw.length, StandardCharsets.ISO_8859_1);
                AuditEntry.Parsed p = AuditEntry.parse(s);
                out.add(new Line(start, pos, terminated, p.entry(), p.problem()));
            }
        }
        return out;
    }

    /** The next line including its '\n', at most MAX_LINE_BYTES + 1 bytes; null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(1024);
        int ch;
        while ((ch = in.read()) >= 0) {
            b.write(ch);
            if (ch == '\n' || b.size() > MAX_LINE_BYTES) break;
        }
        return b.size() == 0 ? null : b.toByteArray();
    }

    /** Skips to just after the next newline: the bytes skipped, negated when the input ended without one. */
    private static long skipRest(InputStream in) throws IOException {
        long n = 0;
        int ch;
        while ((ch = in.read()) >= 0) {
            n++;
            if (ch == '\n') return n;
        }
        return -n;
    }
}
