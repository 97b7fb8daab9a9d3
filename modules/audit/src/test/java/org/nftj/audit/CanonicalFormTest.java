package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** The canonical form: one printable-ASCII line whatever the strings hold, read back exactly. */
class CanonicalFormTest {
    @Provide
    Arbitrary<String> nasty() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars('\n', '\r', '\u2028', '\u2029', '\u001b', '\u007f', '\u0000', '"',
                        '\\', '[', '3', '1', 'm', '}', '{', ',', 'a', '\ud83d', '\ude00').ofMaxLength(40),
                Arbitraries.of("\n{\"seq\":1,\"hash\":\"x\"}", "\u001b[31mred\u001b[0m", "a\u2028b", "\ud83d\ude00",
                        "\"},\"hash\":\"" + "0".repeat(64) + "\"}"));
    }

    @Property(tries = 300)
    void everyRecordIsOneAsciiLineThatReadsBackExactly(@ForAll("nasty") String message, @ForAll("nasty") String principal,
                                                        @ForAll @Size(max = 4) List<@net.jqwik.api.From("nasty") String> objects,
                                                        @ForAll long seq, @ForAll long mono, @ForAll boolean dry) {
        AuditRecord r = new AuditRecord("change", "nft", List.of("add"), objects, objects, "ab".repeat(32), dry, "ok",
                message, 12, 77, "0.1.0", "net:[1]", principal, "", "", 3);
        AuditEntry e = AuditEntry.seal(seq, "f".repeat(64), Instant.ofEpochSecond(1_800_000_000L, Math.abs(mono % 1_000_000_000L)),
                mono, 1, "2026-01-01T00:00:00Z", "root", "net:[2]", "", r);
        String line = e.toLine();
        assertTrue(line.endsWith("\n"));
        String body = line.substring(0, line.length() - 1);
        for (char c : body.toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7f, () -> "raw character " + (int) c + " in " + body);
        }
        AuditEntry.Parsed p = AuditEntry.parse(body);
        assertTrue(p.ok(), p::problem);
        assertEquals(e, p.entry());
        assertEquals(AuditEntry.sha256Hex(e.canonical()), e.hash());
        assertEquals(body.substring(0, body.length() - AuditEntry.HASH_TAIL) + "}", e.canonical());
    }

    @net.jqwik.api.Example
    void logInjectionAttemptsStayInsideTheirString() throws IOException {
        Path dir = Files.createTempDirectory("audit-inj");
        Path f = dir.resolve("audit.jsonl");
        String evil = "x\n{\"v\":1,\"seq\":2}\r\n\u001b[2J\u001b]0;pwned\u0007\u2028\u2029\u0085done";
        try (FileAuditLog log = FileAuditLog.open(f)) {
            log.append(new AuditRecord("failure", "nft", List.of("add"), List.of("inet app"), List.of(evil), "", false,
                    "nft_failed", evil, 1, 1, evil, evil, evil, "", "", 0));
        }
        byte[] bytes = Files.readAllBytes(f);
        int newlines = 0;
        for (byte b : bytes) {
            if (b == '\n') newlines++;
            assertFalse(b == 0x1b || b == 0x07 || b == '\r' || b < 0, "raw control or non-ASCII byte " + b);
        }
        assertEquals(1, newlines);
        String text = new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(text.contains("\\u001B[2J") && text.contains("\\u2028") && text.contains("x\\n{"), text);
        AuditEntry e = Samples.entry(text.strip());
        assertEquals(evil, e.record().message());
        assertTrue(AuditVerifier.verify(f).ok());
    }
}
