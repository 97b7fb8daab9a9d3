package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line handling that needs no helper: usage errors, --json errors, --version, lookup. */
class UsageTest {
    @Test
    void foundAsAToolProvider() {
        assertTrue(ToolProvider.findFirst("nftj").isPresent(), "META-INF/services / provides");
    }

    @Test
    void versionNamesTheProjectVersion() {
        Cli r = Cli.run("--version");
        assertEquals(0, r.status());
        assertTrue(r.out().matches("nftj \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java 25.*\\)\\n"), r.out());
        Map<String, Object> j = Cli.run("--json", "--version").json();
        assertEquals(NftjTool.version(), j.get("nftj"));
    }

    @Test
    void usageErrorsExitTwoWithOneLineAndAHint() {
        for (List<String> args : List.<List<String>>of(List.of(), List.of("frobnicate"), List.of("apply"), List.of("apply", "a", "b"),
                List.of("list", "--bogus"), List.of("elements", "add"), List.of("elements", "put", "inet/app/s"),
                List.of("elements", "add", "inet/app"), List.of("list", "inet"), List.of("list", "nope/x"),
                List.of("--timeout", "0", "list"), List.of("elements", "add", "inet/app/s", "--chunk", "0"),
                List.of("demo"), List.of("install", "--rate", "5/1"), List.of("install", "--table", "inet/a b"))) {
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(2, r.status(), args + "\n" + r);
            assertEquals(1, r.err().lines().count(), args + "\n" + r);
            assertTrue(r.err().startsWith("nftj: ") && r.err().contains("(hint: "), args + "\n" + r);
            assertEquals("", r.out(), args + "\n" + r);
        }
    }

    @Test
    void jsonErrorsAreOneDocumentOnStdout() {
        Cli r = Cli.run("--json", "apply", "/nonexistent/file.json");
        assertEquals(1, r.status(), r.toString());
        Map<String, Object> j = r.json();
        assertEquals(false, j.get("ok"));
        assertEquals(1, j.get("exit"));
        @SuppressWarnings("unchecked") Map<String, Object> e = (Map<String, Object>) j.get("error");
        assertEquals("no_such_file", e.get("code"));
        assertEquals("not_applied", e.get("outcome"));
        assertTrue(String.valueOf(e.get("hint")).length() > 3);
        assertEquals(1, r.err().lines().count(), r.toString());
    }

    @Test
    void relativeHelperPathIsAConfigurationError() {
        Cli r = Cli.run("--helper", "lib/nftj-helper", "list");
        assertEquals(78, r.status(), r.toString());
    }

    @Test
    void missingHelperIsUnavailable(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("t.json");
        Files.writeString(f, "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}]}");
        Cli r = Cli.run("--json", "--helper", dir.resolve("no-helper").toString(), "apply", f.toString());
        assertEquals(69, r.status(), r.toString());
        assertEquals(69, r.json().get("exit"));
        assertTrue(r.err().contains("nftj doctor"), r.toString());
    }

    @Test
    void anInvalidFileIsReportedEvenWhenTheHelperCannotStart(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"a b\"}}}]}");
        // The helper path does not exist (exit 69 on its own): the validation error is what is reported.
        Cli r = Cli.run("--helper", dir.resolve("no-helper").toString(), "check", f.toString());
        assertEquals(1, r.status(), r.toString());
        assertTrue(r.err().contains("invalid_request") || r.err().contains("name"), r.toString());
    }

    @Test
    void installRefusesAnImageWithoutHelper(@TempDir Path dir) {
        Cli r = Cli.run("--helper", dir.resolve("lib/nftj-helper").toString(), "install", "--table", "inet/app");
        assertEquals(78, r.status(), r.toString());
    }

    @Test
    void demoWithoutRelaysSaysHowToRunIt(@TempDir Path dir) {
        Cli r = Cli.run("demo", "--relay", dir.toString());
        assertEquals(78, r.status(), r.toString());
        assertTrue(r.err().contains("scripts/main"), r.toString());
    }
}
