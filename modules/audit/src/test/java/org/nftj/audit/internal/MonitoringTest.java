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
