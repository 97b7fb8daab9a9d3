package org.nftj.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scratch run's own bounds (threat-model M-68), shown with a stand-in for nft (a script in its
 * place, run by the real unshare and sh in a real network namespace): the environment is empty, the
 * data reach the programs as arguments only, the run is killed at its deadline with everything it
 * started, and a listing beyond its bound is cut and fails.
 */
class ScratchNftTest {
    @TempDir Path dir;

    private static Path which(String name) {
        for (String d : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin")) {
            Path p = Path.of(d, name);
            if (Files.isExecutable(p)) return p;
        }
        throw new IllegalStateException(name + " not found");
    }

    /** Tools whose nft is {@code script} (a POSIX sh script body); as root, no user namespace is needed. */
    private ScratchNft.Tools tools(String script) throws Exception {
        Path nft = dir.resolve("nft");
        Files.writeString(nft, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(nft, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new ScratchNft.Tools(which("unshare"), which("sh"), nft, which("ip"), which("setpriv"));
    }

    private static boolean root() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"));
    }

    @Test
    void theProgramsSeeAnEmptyEnvironmentAndTheTextOnStdinOnly() throws Exception {
        ScratchNft.Tools t = tools("if [ \"$1\" = -f ]; then cat > /dev/null; else env; echo \"args: $*\"; fi");
        ScratchNft.Run run = ScratchNft.run(t, !root(), List.of(), ScratchNft.Source.anyonesText("table inet app { }\n$(reboot)\n"), Duration.ofSeconds(30));
        assertEquals(0, run.exitStatus(), run.errors());
        List<String> lines = run.listing().lines().filter(l -> !l.startsWith("PWD=") && !l.startsWith("SHLVL=")
                && !l.startsWith("_=")).toList();
        assertEquals(List.of("args: -j list ruleset"), lines, "no variable of the JVM's, and the arguments as written");
    }

    @Test
    void underARootJvmNftRunsAsNobodyKeepingOnlyNetAdmin() throws Exception {
        assumeTrue(root(), "only a root JVM runs the scratch nft without a user namespace");
        ScratchNft.Tools t = tools("if [ \"$1\" = -f ]; then cat > /dev/null; else id -u; id -G; "
                + "grep -E '^Cap(Eff|Prm|Inh|Bnd|Amb):' /proc/self/status | tr -s '\\t' ' '; fi");
        ScratchNft.Run run = ScratchNft.run(t, false, List.of(), ScratchNft.Source.anyonesText(""), Duration.ofSeconds(30));
        assertEquals(0, run.exitStatus(), run.errors());
        List<String> lines = run.listing().lines().toList();
        assertEquals("65534", lines.get(0), "nft's user");
        assertEquals("65534", lines.get(1), "nft's groups: nobody's only");
        assertTrue(lines.contains("CapEff: 0000000000001000"), "only CAP_NET_ADMIN effective: " + lines);
        assertTrue(lines.contains("CapPrm: 0000000000001000"), "only CAP_NET_ADMIN permitted: " + lines);
    }

    @Test
    void aRootOnlyFileNamedByTheTextIsNeitherReadNorQuoted() throws Exception {
        assumeTrue(root(), "the file must belong to another user than nft's");
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "table inet leaked-secret-7f3a { }\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        ScratchNft.Tools t = new ScratchNft.Tools(which("unshare"), which("sh"), which("nft"), which("ip"), which("setpriv"));
        ScratchNft.Run run = ScratchNft.run(t, false, List.of(), ScratchNft.Source.anyonesText("include \"" + secret + "\"\n"), Duration.ofSeconds(30));
        assertEquals(ScratchNft.EXIT_LOAD, run.exitStatus(), run.listing());
        assertTrue(run.errors().contains("Permission denied"), run.errors());
        assertFalse(run.errors().contains("leaked-secret-7f3a"), run.errors());
        assertFalse(run.listing().contains("leaked-secret-7f3a"), run.listing());
    }

    @Test
    void underARootJvmAnAuthorsFileIsReadByPathAsRootKeepingOnlyNetAdminAndFileAccess() throws Exception {
        assumeTrue(root(), "only a root JVM runs the scratch nft without a user namespace");
        ScratchNft.Tools t = tools("if [ \"$3\" = -f ]; then echo \"load: $*\"; else id -u; "
                + "grep -E '^Cap(Eff|Prm|Inh|Amb):' /proc/self/status | tr -s '\\t' ' '; fi");
        Path file = dir.resolve("app.nft");
        ScratchNft.Run run = ScratchNft.run(t, false, List.of(), ScratchNft.Source.authorsFile(file), Duration.ofSeconds(30));
        assertEquals(0, run.exitStatus(), run.errors());
        List<String> lines = run.listing().lines().toList();
        assertEquals("load: -I " + dir + " -f " + file, lines.get(0), "nft reads the file by its path, includes beside it");
        assertEquals("0", lines.get(1), "nft's user: the author's, root");
        assertTrue(lines.contains("CapEff: 0000000000001006"), "CAP_NET_ADMIN and root's access to files only: " + lines);
        assertTrue(lines.contains("CapPrm: 0000000000001006"), "CAP_NET_ADMIN and root's access to files only: " + lines);
        assertTrue(lines.contains("CapInh: 0000000000000000") && lines.contains("CapAmb: 0000000000000000"), lines.toString());
    }

    @Test
    void anAuthorsFileIncludesFilesBesideItThatOnlyItsAuthorMayRead() throws Exception {
        Path secret = dir.resolve("secret.nft");
        Files.writeString(secret, "table inet beside_4c2e { }\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path file = dir.resolve("app.nft");
        Files.writeString(file, "include \"secret.nft\"\ntable inet app { }\n");
        ScratchNft.Tools t = new ScratchNft.Tools(which("unshare"), which("sh"), which("nft"), which("ip"), which("setpriv"));
        for (boolean userNamespace : root() ? new boolean[] {false, true} : new boolean[] {true}) {
            ScratchNft.Run run = ScratchNft.run(t, userNamespace, List.of(), ScratchNft.Source.authorsFile(file),
                    Duration.ofSeconds(30));
            assertEquals(0, run.exitStatus(), run.errors());
            assertTrue(run.listing().contains("beside_4c2e") && run.listing().contains("\"app\""), run.listing());
        }
        ScratchNft.Run text = ScratchNft.run(t, !root(), List.of(), ScratchNft.Source.anyonesText(Files.readString(file)),
                Duration.ofSeconds(30));
        assertEquals(ScratchNft.EXIT_LOAD, text.exitStatus(), "a text's include is searched in nft's include path only");
        assertThrows(IllegalArgumentException.class, () -> new ScratchNft.Source("text", file));
        assertThrows(IllegalArgumentException.class, () -> new ScratchNft.Source(null, Path.of("app.nft")));
    }

    @Test
    void underARootJvmNftStillRewritesIpHeaders() throws Exception {
        assumeTrue(root(), "a user namespace refuses these statements; a root JVM keeps them");
        ScratchNft.Tools t = new ScratchNft.Tools(which("unshare"), which("sh"), which("nft"), which("ip"), which("setpriv"));
        String text = "table ip t {\n chain c {\n  type filter hook prerouting priority mangle; policy accept;\n"
                + "  ip dscp set cs1\n  ip ttl set 5\n }\n}\n";
        ScratchNft.Run run = ScratchNft.run(t, false, List.of(), ScratchNft.Source.anyonesText(text), Duration.ofSeconds(30));
        assertEquals(0, run.exitStatus(), run.errors());
        assertTrue(run.listing().contains("\"ttl\""), run.listing());
    }

    @Test
    void nftsRefusalIsTheLoadStatusWithWhatItSaid() throws Exception {
        ScratchNft.Tools t = tools("echo '/dev/stdin:1:1-5: Error: syntax error' >&2; exit 1");
        ScratchNft.Run run = ScratchNft.run(t, !root(), List.of(), ScratchNft.Source.anyonesText("tabel\n"), Duration.ofSeconds(30));
        assertEquals(ScratchNft.EXIT_LOAD, run.exitStatus());
        assertEquals("", run.listing());
        assertTrue(run.errors().contains("/dev/stdin:1:1-5: Error: syntax error"), run.errors());
    }

    @Test
    void aRunPastItsDeadlineIsKilledWithWhatItStarted() throws Exception {
        Path pid = dir.resolve("pid");
        ScratchNft.Tools t = tools("echo $$ > " + pid + "; exec sleep 60");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx")); // nobody, under a root JVM, writes it
        long t0 = System.nanoTime();
        ScratchNft.Run run = ScratchNft.run(t, !root(), List.of(), ScratchNft.Source.anyonesText(""), Duration.ofMillis(1500));
        assertEquals(ScratchNft.EXIT_KILLED, run.exitStatus());
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(30).toNanos(), "returned at the deadline");
        assertTrue(run.errors().contains("killed after 1500 ms"), run.errors());
        long sleeper = Long.parseLong(Files.readString(pid).strip());
        for (int i = 0; i < 50 && ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false); i++) Thread.sleep(100);
        assertTrue(ProcessHandle.of(sleeper).map(h -> !h.isAlive()).orElse(true), "the stand-in for nft is gone");
    }

    @Test
    void aListingBeyondItsBoundIsCutAndFails() throws Exception {
        ScratchNft.Tools t = tools("if [ \"$1\" = -f ]; then cat > /dev/null; else head -c 1000000 /dev/zero; fi");
        ScratchNft.Run run = ScratchNft.run(t, !root(), List.of(), ScratchNft.Source.anyonesText(""), Duration.ofSeconds(30), 4096);
        assertEquals(ScratchNft.EXIT_KILLED, run.exitStatus());
        assertEquals("", run.listing());
        assertTrue(run.errors().contains("exceeded 4096 bytes"), run.errors());
    }

    @Test
    void interfaceNamesAndToolPathsAreChecked() throws Exception {
        ScratchNft.Tools t = tools("exit 0");
        assertThrows(IllegalArgumentException.class,
                () -> ScratchNft.run(t, false, List.of("eth0; reboot"), ScratchNft.Source.anyonesText(""), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class,
                () -> ScratchNft.run(t, false, List.of("a-name-longer-than-15"), ScratchNft.Source.anyonesText(""), Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> new ScratchNft.Tools(Path.of("unshare"), t.sh(), t.nft(), t.ip(), t.setpriv()));
    }
}
