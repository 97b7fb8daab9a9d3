package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exit statuses are part of the command's contract: a change must show up here. */
class ExitCodeTest {
    @Test
    void statusesArePinned() {
        Map<String, Integer> actual = new LinkedHashMap<>();
        for (ExitCode c : ExitCode.values()) actual.put(c.name(), c.status());
        assertEquals(Map.of("OK", 0, "FAILED", 1, "USAGE", 2, "UNAVAILABLE", 69, "INTERNAL", 70, "TEMPORARY", 75,
                "PERMISSION", 77, "CONFIG", 78), actual);
    }

    @Test
    void helpListsEveryStatus() {
        Cli r = Cli.run("--help");
        assertEquals(0, r.status(), r.toString());
        for (ExitCode c : ExitCode.values()) {
            assertTrue(r.out().contains(String.format("  %-3d %s", c.status(), c.meaning())), c + " missing:\n" + r.out());
        }
    }

    @Test
    void everySubcommandHelpPointsAtTheOneTable() {
        for (Subcommand s : Subcommand.values()) {
            Cli r = Cli.run(s.commandName(), "--help");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().startsWith("usage: nftj [OPTIONS] " + s.commandName()), r.out());
            assertTrue(r.out().endsWith("Global options and exit statuses: nftj --help\n"), r.out());
        }
    }
}
