package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    void versionNamesTheProjectVersionAndSaysWhyTheHelperDidNotAnswer(@TempDir Path dir) {
        Cli r = Cli.run("--helper", dir.resolve("no-helper").toString(), "--version");
        assertEquals(0, r.status(), r.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.toString());
        assertTrue(lines.get(0).matches("nftj \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java 25.*\\)"), r.out());
        assertTrue(lines.get(1).startsWith("helper: not started (" + dir.resolve("no-helper") + "): "), r.out());
        Map<String, Object> j = Cli.run("--helper", dir.resolve("no-helper").toString(), "--json", "--version").json();
        assertEquals(NftjTool.version(), j.get("nftj"));
        assertTrue(String.valueOf(j.get("helper")).contains("error="), j.toString());
    }

    @Test
    void helpWithDashHAnywhereAndTheExitTableOnlyInTheOverview() {
        String overview = Cli.run("--help").out();
        for (List<String> args : List.<List<String>>of(List.of("-h"), List.of("help"))) {
            Cli r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), args + "\n" + r);
            assertEquals(overview, r.out(), args.toString());
        }
        assertTrue(overview.contains("Exit status:\n") && overview.contains("  77  permission denied"), overview);
        assertTrue(overview.contains("Examples:\n"), overview);
        // demo is listed apart from the commands that run a firewall
        String production = overview.substring(overview.indexOf("Subcommands:"), overview.indexOf("Demonstration"));
        assertFalse(production.contains("  demo "), overview);
        assertTrue(overview.substring(overview.indexOf("Demonstration")).contains("  demo "), overview);
        for (Subcommand s : Subcommand.values()) {
            assertTrue(overview.contains("  " + s.commandName() + " "), s.commandName());
            String one = Cli.run(s.commandName(), "--help").out();
            for (List<String> args : List.<List<String>>of(List.of(s.commandName(), "-h"), List.of("-h", s.commandName()),
                    List.of("help", s.commandName()))) {
                Cli r = Cli.run(args.toArray(String[]::new));
                assertEquals(0, r.status(), args + "\n" + r);
                assertEquals(one, r.out(), args.toString());
            }
            assertTrue(one.startsWith("usage: nftj [OPTIONS] " + s.commandName()), one);
            assertTrue(one.contains("Example:\n  ") || one.contains("Examples:\n  "), one);
            assertFalse(one.contains("Exit status:"), "the exit table is in nftj --help only:\n" + one);
        }
    }

    @Test
    void aMistypedSubcommandIsNamed() {
        Cli r = Cli.run("lst", "inet/app");
        assertEquals(2, r.status(), r.toString());
        assertEquals("nftj: unknown subcommand 'lst' (hint: did you mean nftj list? (nftj --help lists them))\n", r.err());
        assertEquals("nftj: unknown subcommand 'frobnicate' (hint: try nftj --help)\n", Cli.run("frobnicate").err());
        assertEquals("nftj: unknown subcommand 'elments' (hint: did you mean nftj elements? (nftj --help lists them))\n",
                Cli.run("elments").err());
    }

    @Test
    void anUnknownGlobalOptionPointsAtTheOverview() {
        Cli r = Cli.run("-x", "list");
        assertEquals(2, r.status(), r.toString());
        assertEquals("nftj: unknown option '-x' for nftj (hint: see nftj --help)\n", r.err());
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
    void aDirectoryGivenToApplyPointsAtSync(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Cli r = Cli.run("--helper", dir.resolve("none").toString(), "check", dir.toString());
        assertEquals(1, r.status(), r.toString());
        assertEquals("nftj: io: " + dir + " is a directory, not a file (hint: apply and check take one file; nftj sync DIR "
                + "reads a directory's *.json and *.nft files)\n", r.err());
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
        assertTrue(r.err().contains("there is no helper at " + dir.resolve("no-helper")), r.toString());
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
