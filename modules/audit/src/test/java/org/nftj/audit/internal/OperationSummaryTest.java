package org.nftj.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the audit log says each command did: elements by count and digest (docs/audit-log.md). */
class OperationSummaryTest {
    private static List<String> of(String commands) {
        return OperationSummary.of(("{\"op\":\"nft\",\"batch\":{\"nftables\":[" + commands + "]},\"check\":false,\"echo\":false}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void elementChangesSayHowManyElementsAndTheirDigest() {
        List<String> lines = of("{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},"
                + "{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"elem\":[\"10.0.0.1\",\"10.0.0.2\"]}}},"
                + "{\"delete\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"elem\":[\"10.0.0.1\"]}}}");
        String two = OperationSummary.digest(List.of("10.0.0.1", "10.0.0.2"));
        assertEquals(List.of("add table inet app", "add element inet app s (2 elements, " + two + ")",
                "delete element inet app s (1 element, " + OperationSummary.digest(List.of("10.0.0.1")) + ")"), lines);
        assertEquals(71, two.length(), "sha256: and 64 hex digits");
        assertNotEquals(two, OperationSummary.digest(List.of("10.0.0.2", "10.0.0.1")), "the order as sent");
    }

    @Test
    void aSetDeclaredWithElementsSaysSoToo() {
        List<String> lines = of("{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"type\":\"ipv4_addr\","
                + "\"elem\":[{\"prefix\":{\"addr\":\"10.0.0.0\",\"len\":8}}]}}}");
        assertEquals(List.of("add set inet app s (1 element, "
                + OperationSummary.digest(List.of(java.util.Map.of("prefix", java.util.Map.of("len", 8, "addr", "10.0.0.0")))) + ")"), lines,
                "members are sorted before the digest");
    }
}
