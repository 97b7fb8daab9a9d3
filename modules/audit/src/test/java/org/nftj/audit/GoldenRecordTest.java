package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins the documented record format (docs/audit-log.md): a change here is a format change. */
class GoldenRecordTest {
    @Test
    void oneRecordExactly() {
        AuditRecord r = new AuditRecord("refusal", "nft", List.of("add"), List.of("inet other"),
                List.of("add table inet other"), "ab".repeat(32), false, "policy_denied", "table \"other\"\n\u001b[1m\u2028é",
                1500, 321, "0.1.0", "net:[4026532001]", "alice", "sha256:" + "1".repeat(64), "sha256:" + "1".repeat(64), 7);
        AuditEntry e = AuditEntry.seal(8, "f".repeat(64), Instant.parse("2026-11-27T01:02:03.456Z"), 99, 1234,
                "2026-11-27T01:00:00Z", "app", "net:[4026531840]", "", r);
        String expected = "{\"v\":1,\"seq\":8,\"prev\":\"" + "f".repeat(64) + "\",\"time\":\"2026-11-27T01:02:03.456Z\","
                + "\"mono\":99,\"kind\":\"refusal\",\"ref\":7,"
                + "\"actor\":{\"pid\":1234,\"start\":\"2026-11-27T01:00:00Z\",\"user\":\"app\",\"principal\":\"alice\",\"netns\":\"net:[4026531840]\"},"
                + "\"helper\":{\"pid\":321,\"version\":\"0.1.0\",\"netns\":\"net:[4026532001]\"},"
                + "\"request\":{\"op\":\"nft\",\"verbs\":[\"add\"],\"tables\":[\"inet other\"],\"objects\":[\"add table inet other\"],"
                + "\"sha256\":\"" + "ab".repeat(32) + "\",\"dryRun\":false},"
                + "\"outcome\":{\"code\":\"policy_denied\",\"message\":\"table \\\"other\\\"\\n\\u001B[1m\\u2028\\u00E9\",\"durationNanos\":1500},"
                + "\"digest\":{\"before\":\"sha256:" + "1".repeat(64) + "\",\"after\":\"sha256:" + "1".repeat(64) + "\"},"
                + "\"continues\":\"\"}";
        assertEquals(expected, e.canonical());
        assertEquals(AuditEntry.sha256Hex(expected), e.hash());
        assertEquals(expected.substring(0, expected.length() - 1) + ",\"hash\":\"" + e.hash() + "\"}\n", e.toLine());
    }
}
