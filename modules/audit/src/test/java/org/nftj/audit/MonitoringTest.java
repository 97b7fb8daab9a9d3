package org.nftj.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void theScannerFindsAProcessHoldingCapNetAdminButNotOneWithout() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to start a process with CAP_NET_ADMIN");
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

    @Test
    void theVerifyCommand() throws IOException {
        Path f = Samples.log(dir, 4);
        Result ok = run("verify", f.toString());
        assertEquals(0, ok.status);
        assertTrue(ok.out.startsWith("ok: 4 records in 1 file(s) verify; head seq 4 hash "), ok.out);
        Result json = run("verify", "--json", f.toString());
        Map<String, Object> m = Json.readObject(json.out);
        assertEquals(true, m.get("ok"));
        assertEquals(4, m.get("headSeq"));
        List<String> lines = Samples.lines(f);
        String anchor = Samples.entry(lines.getLast()).hash();
        lines.remove(1);
        Samples.write(f, lines);
        Result bad = run("verify", f.toString());
        assertEquals(1, bad.status);
        assertTrue(bad.out.startsWith("broken: deleted at record 1 (audit.jsonl line 2): record seq 2 is missing"), bad.out);
        Samples.write(f, List.of(Samples.log(dir.resolve("b"), 4).toString()));
        assertEquals(2, run("verify").status);
        assertEquals(2, run("verify", "--anchor", "nothex", f.toString()).status);
        assertEquals(66, run("verify", dir.resolve("nope").toString()).status);
        Path g = Samples.log(dir.resolve("c"), 3);
        assertEquals(0, run("verify", "--anchor", AuditVerifier.verify(g).headHash(), g.toString()).status);
        assertEquals(1, run("verify", "--anchor", anchor, g.toString()).status);
    }

    private record Result(int status, String out, String err) {}

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int s = AuditCommand.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Result(s, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
    }
}
