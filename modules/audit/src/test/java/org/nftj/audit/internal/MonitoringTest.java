package org.nftj.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.audit.support.Json;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.KernelTests;

class MonitoringTest {
    @TempDir Path dir;

    @Test
    void tableDigestIgnoresTrafficStateButNotRules() {
        String listing = "[{\"metainfo\":{\"version\":\"1.0.6\"}},{\"table\":{\"family\":\"inet\",\"name\":\"app\",\"handle\":1}},"
                + "{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"in\",\"handle\":3,\"expr\":[{\"counter\":"
                + "{\"packets\":%d,\"bytes\":%d}},{\"accept\":null}]}},"
                + "{\"quota\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"q\",\"bytes\":1000,\"used\":%d,\"inv\":false}}]";
        String a = TableDigest.of(Json.readList(String.format(listing, 0, 0, 0)));
        String b = TableDigest.of(Json.readList(String.format(listing, 12, 3400, 77)));
        assertEquals(a, b, "counters and quota usage move with traffic");
        assertTrue(a.matches("sha256:[0-9a-f]{64}"));
        String c = TableDigest.of(Json.readList(String.format(listing, 0, 0, 0).replace("\"accept\"", "\"drop\"")));
        assertNotEquals(a, c);
        String d = TableDigest.of(Json.readList(String.format(listing, 0, 0, 0).replace("\"bytes\":1000", "\"bytes\":2000")));
        assertNotEquals(a, d, "a quota's limit is configuration, not state");
        Map<String, Object> reordered = Map.of("table", Map.of("handle", 1, "name", "app", "family", "inet"));
        assertEquals(TableDigest.of(List.of(reordered)),
                TableDigest.of(Json.readList("[{\"table\":{\"family\":\"inet\",\"name\":\"app\",\"handle\":1}}]")));
    }

    @Test
    @KernelTest
    void theScannerFindsAProcessHoldingCapNetAdminButNotOneWithout() throws Exception {
        KernelTests.require(); // root starts a process with CAP_NET_ADMIN
        Process privileged = new ProcessBuilder("sleep", "60").start();
        Process dropped = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--", "sleep", "60").start();
        try {
            Thread.sleep(200); // let setpriv exec sleep
            List<CapabilityScanner.Holder> found = CapabilityScanner.scan(Set.of());
            CapabilityScanner.Holder h = found.stream().filter(x -> x.pid() == privileged.pid()).findFirst().orElseThrow();
            assertEquals("sleep", h.name());
            assertEquals(0, h.uid());
            assertTrue(CapabilityScanner.has(h.capEff(), CapabilityScanner.CAP_NET_ADMIN));
            assertTrue(h.netns().startsWith("net:["));
            assertFalse(found.stream().anyMatch(x -> x.pid() == dropped.pid()), "nobody without capabilities");
            assertFalse(found.stream().anyMatch(x -> x.pid() == 2), "no kernel threads");
            assertFalse(CapabilityScanner.scan(Set.of(privileged.pid())).stream().anyMatch(x -> x.pid() == privileged.pid()),
                    "our own helper is excluded by pid");
        } finally {
            privileged.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            dropped.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void capabilityBits() {
        assertTrue(CapabilityScanner.has("0000000000001000", 12));
        assertFalse(CapabilityScanner.has("0000000000000fff", 12));
        assertTrue(CapabilityScanner.has("000001ffffffffff", 12));
        assertFalse(CapabilityScanner.has("", 12));
        assertFalse(CapabilityScanner.has("zz", 12));
    }
}
