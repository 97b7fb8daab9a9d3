package org.nftj.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Records and logs for tests. */
public final class Samples {
    private Samples() {}

    public static AuditRecord change(int i) {
        return new AuditRecord(AuditRecord.Kinds.CHANGE, "nft", List.of("add"), List.of("inet app"),
                List.of("add chain inet app c" + i), "ab".repeat(32), false, "ok", "record " + i, 1000 + i, 4242,
                "0.1.0", "net:[4026531840]", "alice", "sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64), 0);
    }

    /** A fresh log with n change records, closed. */
    public static Path log(Path dir, int n) throws IOException {
        Path f = dir.resolve("audit.jsonl");
        try (FileAuditLog log = FileAuditLog.open(f)) {
            for (int i = 1; i <= n; i++) log.append(change(i));
        }
        return f;
    }

    public static List<String> lines(Path f) throws IOException {
        return new ArrayList<>(Files.readAllLines(f, StandardCharsets.US_ASCII));
    }

    public static void write(Path f, List<String> lines) throws IOException {
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.US_ASCII);
    }

    /** A line with a new record that carries a valid hash over its own content (a forgery). */
    public static String forge(long seq, String prev, String message) {
        AuditRecord r = new AuditRecord(AuditRecord.Kinds.CHANGE, "nft", List.of("delete"), List.of("inet app"),
                List.of(), "cd".repeat(32), false, "ok", message, 1, 4242, "0.1.0", "", "mallory", "", "", 0);
        return AuditEntry.seal(seq, prev, java.time.Instant.now(), System.nanoTime(), 1, "", "root", "", "", r)
                .toLine().stripTrailing();
    }

    public static AuditEntry entry(String line) {
        AuditEntry.Parsed p = AuditEntry.parse(line);
        if (!p.ok()) throw new AssertionError("not a valid line: " + p.problem());
        return p.entry();
    }
}
