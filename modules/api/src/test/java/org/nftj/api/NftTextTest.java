package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.testkit.JsonLosses;

/**
 * Rulesets in nft syntax, read by nft in a scratch namespace ({@link NftText}) and loaded into the
 * fake ({@link FakeNftj#loadNft}): every {@code .nft} file of the in-repo corpus loads and dumps as
 * nft listed it ({@code .json}, {@code .list} beside it), or is refused as nft or the client refuses
 * it; nft's errors come with its line and column; what is missing is named. No root is needed, and
 * the host's ruleset is never touched.
 */
class NftTextTest {
    /** The host's ruleset, when this process may read it (root), else null. */
    private static String hostRuleset() throws Exception {
        Path nft = NftText.DIRS.stream().map(d -> d.resolve("nft")).filter(Files::isExecutable).findFirst().orElse(null);
        if (nft == null) return null;
        Process p = new ProcessBuilder(nft.toString(), "list", "ruleset").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor() == 0 ? out : null;
    }

    /**
     * The scratch run happens in its own network namespace: a text that makes a table, as root
     * (which takes no user namespace) and in a user namespace, leaves the host's ruleset as it was.
     */
    @Test
    void theHostsRulesetIsNeverTouched() throws Exception {
        String before = hostRuleset();
        Assumptions.assumeTrue(before != null, "the host's ruleset is readable by root only");
        String text = "table inet nftj_scratch_probe {\n\tchain input {\n\t\ttype filter hook input priority 0; policy drop;\n\t}\n}\n";
        for (boolean userNamespace : new boolean[] {false, true}) {
            String listing = NftText.toJson(NftText.DIRS, userNamespace, text, null, List.of());
            assertTrue(listing.contains("nftj_scratch_probe"), listing);
            assertEquals(before, hostRuleset(), "the host's ruleset is what it was");
        }
        assertTrue(!before.contains("nftj_scratch_probe"));
    }

    /** The interfaces a corpus file names on its {@code # interfaces:} line. */
    static String[] interfaces(String text) {
        Matcher m = Pattern.compile("(?m)^# interfaces: (.*)$").matcher(text);
        return m.find() ? m.group(1).strip().split("\\s+") : new String[0];
    }

    @TestFactory
    Stream<DynamicTest> everyNftFileOfTheCorpusLoadsIntoTheFakeAndDumpsAsNftListedIt() throws IOException {
        Map<String, String> refused = FakeCorpusTest.refusals();
        List<String> lines = Files.readAllLines(RulesetCorpusTest.rulesets().resolve("index.tsv"));
        Map<String, String> verdicts = new java.util.HashMap<>();
        for (String l : lines.subList(1, lines.size())) verdicts.put(l.split("\t")[0], l.split("\t")[1] + "\t" + l.split("\t")[2]);
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(RulesetCorpusTest.rulesets())) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".nft")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString().replace(".nft", "");
            tests.add(DynamicTest.dynamicTest(name, () -> {
                String text = Files.readString(file);
                FakeNftj fake = FakeCorpusTest.fake();
                Path json = file.resolveSibling(name + ".json");
                if (!Files.exists(json)) {
                    // the kernel refused it when the corpus was made: nft says where, as it did then
                    String verdict = verdicts.get(name);
                    Matcher where = Pattern.compile(Pattern.quote(name) + "\\.nft:(\\d+):(\\d+)-").matcher(verdict);
                    assertTrue(where.find(), verdict);
                    NftTextException e = assertThrows(NftTextException.class, () -> fake.loadNft(text, interfaces(text)));
                    assertEquals(Integer.parseInt(where.group(1)), e.line(), e.getMessage());
                    assertEquals(Integer.parseInt(where.group(2)), e.column(), e.getMessage());
                    assertEquals(List.of(), fake.tables(), "nothing loaded");
                    return;
                }
                if (refused.containsKey(name + ".json")) {
                    NftjException e = assertThrows(NftjException.class, () -> fake.loadNft(text, interfaces(text)));
                    assertTrue(!(e instanceof NftTextException) && !(e instanceof NftUnavailableException), e.toString());
                    assertEquals(List.of(), fake.tables(), "a refused load loads nothing");
                    return;
                }
                fake.loadNft(text, interfaces(text));
                String listing = Files.readString(json);
                assertEquals(FakeCorpusTest.objects(listing), FakeCorpusTest.objects(fake.dumpJson()),
                        "the fake holds what nft listed of the file");
                List<String> dumped = fake.dumpNft().lines().filter(l -> !l.equals("\t\tsize " + FakeCorpusTest.CAP)).toList();
                List<String> differences = JsonLosses.unexplained(Files.readAllLines(file.resolveSibling(name + ".list")), dumped);
                assertTrue(differences.isEmpty(), "dumped differently from nft's text listing:\n" + String.join("\n", differences));
            }));
        }
        return tests.stream();
    }

    @Test
    void whatTheFakeDumpsInNftSyntaxLoadsBack() throws Exception {
        FakeNftj one = FakeNftj.create();
        one.loadNft("""
                table inet app {
                	set blocklist {
                		type ipv4_addr
                		flags interval
                		elements = { 10.0.0.0/8, 192.0.2.1 }
                	}
                	chain input {
                		type filter hook input priority filter; policy drop;
                		ip saddr @blocklist drop
                		tcp dport { 22, 443 } accept
                	}
                }
                """);
        FakeNftj two = FakeNftj.create();
        two.loadNft(one.dumpNft());
        assertEquals(one.dumpNft(), two.dumpNft());
        assertEquals(2, two.table(Family.INET, "app").listElements("blocklist").count());
    }

    @Test
    void aSyntaxErrorIsReportedWithNftsLineAndColumnAndLoadsNothing() throws Exception {
        FakeNftj fake = FakeNftj.create();
        String text = "table inet app {\n\tchain input {\n\t\ttcp dport 22 acept\n\t}\n}\n";
        NftTextException e = assertThrows(NftTextException.class, () -> fake.loadNft(text));
        assertEquals(3, e.line());
        assertEquals(21, e.column());
        assertEquals("line 3, column 21: syntax error, unexpected newline (in: `tcp dport 22 acept`)", e.getMessage());
        assertTrue(e.nftMessage().startsWith("line 3:21-21: Error: syntax error, unexpected newline\n\t\ttcp dport 22 acept\n"),
                e.nftMessage());
        assertEquals("nft_text", e.code());
        assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
        assertEquals(List.of(), fake.tables());
    }

    /** A text that includes a file the reader may not read is refused without quoting it, and says why. */
    @Test
    void anIncludedFileNftMayNotReadIsRefusedUnquoted(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(NftText.root(), "the file must belong to another user than nft's: root's, read as nobody");
        Path secret = dir.resolve("secret.nft");
        Files.writeString(secret, "table inet leaked_secret_4b1d { }\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        NftTextException e = assertThrows(NftTextException.class, () -> NftText.toJson("include \"" + secret + "\"\n"));
        assertEquals(1, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("Permission denied") && e.getMessage().contains("readable by it"), e.getMessage());
        assertTrue(!e.nftMessage().contains("leaked_secret_4b1d"), e.nftMessage());
    }

    /**
     * A file named by its author (an operator on nftj's command line) is read as {@code nft -f}
     * would read it for the JVM's user: under a root JVM its include of a root-only file beside it
     * works, while the same include given as a text is still refused unread.
     */
    @Test
    void aFileNamedByItsAuthorIncludesARootOnlyFileBesideItWhichATextMayNot(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(NftText.root(), "the root-only file is read by root for its author, by nobody for a text");
        Path secret = dir.resolve("blocked.nft");
        Files.writeString(secret, "table inet root_only_9d1e { }\n");
        Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path file = dir.resolve("app.nft");
        Files.writeString(file, "include \"blocked.nft\"\ninclude \"" + secret + "\"\ntable inet app { }\n");
        Batch batch = NftText.checkFile(file);
        assertEquals(2, batch.size(), batch.toString());
        assertTrue(batch.toString().contains("root_only_9d1e") && batch.toString().contains("app"), batch.toString());
        NftTextException e = assertThrows(NftTextException.class, () -> NftText.check("include \"" + secret + "\"\n"));
        assertTrue(e.getMessage().contains("Permission denied") && e.getMessage().contains("than nobody has"), e.getMessage());
        assertTrue(!e.nftMessage().contains("root_only_9d1e"), e.nftMessage());
    }

    /**
     * Without root, nft reads with the JVM's own user's access to files: a JVM running as
     * {@code nobody} (setpriv, as an application's user would run it) is refused an include of a
     * root-only file, with a clear error that quotes none of it, and reads one nobody may read. A file
     * given by its path is its author's, and its author is the JVM's user: no more access either.
     */
    @Test
    void aJvmWithoutRootReadsIncludesWithItsOwnUsersAccessOnly(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(NftText.root(), "a root test process starts the JVM as nobody");
        var perms = (java.util.function.Function<String, java.util.Set<java.nio.file.attribute.PosixFilePermission>>)
                java.nio.file.attribute.PosixFilePermissions::fromString;
        Files.setPosixFilePermissions(dir, perms.apply("rwxr-xr-x"));
        Path secret = dir.resolve("root-only.nft");
        Files.writeString(secret, "table inet root_only_5e7a { }\n");
        Files.setPosixFilePermissions(secret, perms.apply("rw-------"));
        Path open = dir.resolve("everyones.nft");
        Files.writeString(open, "table inet readable_by_nobody { }\n");
        Files.setPosixFilePermissions(open, perms.apply("rw-r--r--"));
        Path app = dir.resolve("app.nft");
        Files.writeString(app, "include \"root-only.nft\"\n");
        Files.setPosixFilePermissions(app, perms.apply("rw-r--r--"));

        String readable = asNobody("text", open);
        assertTrue(readable.startsWith("listed\n") && readable.contains("readable_by_nobody"), readable);
        for (String[] run : new String[][] {{"text", secret.toString()}, {"file", app.toString()}}) {
            String refused = asNobody(run[0], Path.of(run[1]));
            assertTrue(refused.startsWith("refused\nline 1, column 1: Could not open file") && refused.contains("Permission denied")
                    && refused.contains("no more access to files than the JVM's user has"), refused);
            assertTrue(!refused.contains("root_only_5e7a"), refused);
        }
    }

    /** Runs {@link NftTextAsUser} in a JVM as nobody (uid and gid 65534, no groups, no capabilities). */
    private static String asNobody(String kind, Path path) throws Exception {
        Path setpriv = NftText.DIRS.stream().map(d -> d.resolve("setpriv")).filter(Files::isExecutable).findFirst().orElseThrow();
        Process p = new ProcessBuilder(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData", "-Xshare:off",
                "-cp", System.getProperty("java.class.path"), NftTextAsUser.class.getName(), kind, path.toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    /** nft's refusal in a file that another includes names that file, and quotes no line of the other. */
    @Test
    void aRefusalInAnIncludedFileNamesThatFile(@TempDir Path dir) throws Exception {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path part = dir.resolve("part.nft");
        Files.writeString(part, "table inet app {\n\tchain c {\n\t\ttcp dport 22 acept\n\t}\n}\n");
        Files.setPosixFilePermissions(part, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path file = dir.resolve("app.nft");
        Files.writeString(file, "# the application's table\ninclude \"part.nft\"\n\n");
        NftTextException e = assertThrows(NftTextException.class, () -> NftText.fileToJson(file));
        assertEquals("in " + part + ", line 3, column 21: syntax error, unexpected newline", e.getMessage());
        NftTextException main = assertThrows(NftTextException.class, () -> NftText.fileToJson(part));
        assertEquals("line 3, column 21: syntax error, unexpected newline (in: `tcp dport 22 acept`)", main.getMessage());
    }

    @Test
    void whatTheScratchKernelRefusesIsReportedWhereNftSaysSo() throws Exception {
        String text = "table inet app {\n}\nadd rule inet app input tcp dport 22 accept\n";
        NftTextException e = assertThrows(NftTextException.class, () -> NftText.check(text));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
        assertTrue(e.getMessage().endsWith("(a table, chain or set it names does not exist: nft reads the text alone, in an "
                + "empty scratch kernel, so declare what it names in the text)"), e.getMessage());
    }

    @Test
    void interfacesNamedByIndexAreCreatedInTheScratchNamespace() throws Exception {
        String text = "table inet app {\n\tchain input {\n\t\ttype filter hook input priority 0;\n\t\tiif \"uplink0\" accept\n\t}\n}\n";
        NftTextException e = assertThrows(NftTextException.class, () -> NftText.toJson(text));
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("Interface does not exist"), e.getMessage());
        Batch batch = NftText.check(text, "uplink0");
        assertEquals(3, batch.size());
        assertThrows(IllegalArgumentException.class, () -> NftText.toJson(text, "not an interface"));
    }

    @Test
    void theOfflineCheckRunsNftjsValidatorOnWhatNftMade() throws Exception {
        // nft resolves a user at load time; the validator (and so the helper) refuses skuid (docs/helper-language.md)
        Batch ok = NftText.check("table ip filter {\n\tchain forward {\n\t\ttype filter hook forward priority 0;\n\t}\n}\n");
        assertEquals(2, ok.size());
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> NftText.check("table ip filter {\n\tchain c {\n\t\tmeta skuid 0 accept\n\t}\n}\n"));
        assertTrue(e.getMessage().contains("skuid"), e.getMessage());
    }

    @Test
    void aMissingCommandIsNamedWithHowToInstallIt(@TempDir Path empty) {
        NftUnavailableException e = assertThrows(NftUnavailableException.class,
                () -> NftText.toJson(List.of(empty), true, "table inet app {}\n", null, List.of()));
        assertEquals(NftUnavailableException.Reason.NO_NFT, e.reason());
        assertEquals("nft_unavailable", e.code());
        assertTrue(e.getMessage().contains("'nft' command") && e.getMessage().contains("apt-get install nftables"), e.getMessage());
    }

    /**
     * Where this user may not create a user namespace, the error says so and names the switch: shown
     * with the real unshare in a user namespace whose own limit of user namespaces is set to 0 (the
     * sysctl user.max_user_namespaces is per user namespace), so nothing of the host's changes.
     */
    @Test
    void userNamespacesDisabledAreNamedWithTheSwitch(@TempDir Path dir) throws Exception {
        Path unshare = NftText.DIRS.stream().map(d -> d.resolve("unshare")).filter(Files::isExecutable).findFirst().orElseThrow();
        for (String tool : List.of("nft", "sh")) {
            Path real = NftText.DIRS.stream().map(d -> d.resolve(tool)).filter(Files::isExecutable).findFirst().orElseThrow();
            Files.createSymbolicLink(dir.resolve(tool), real);
        }
        Path wrapper = dir.resolve("unshare");
        Files.writeString(wrapper, "#!/bin/sh\nexec " + unshare + " --user --map-root-user /bin/sh -c "
                + "'echo 0 > /proc/sys/user/max_user_namespaces && exec \"$0\" \"$@\"' " + unshare + " \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        NftUnavailableException e = assertThrows(NftUnavailableException.class,
                () -> NftText.toJson(List.of(dir), true, "table inet app {\n}\n", null, List.of()));
        assertEquals(NftUnavailableException.Reason.USER_NAMESPACES_DISABLED, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("limit of user namespaces is reached or 0")
                && e.getMessage().contains("sysctl -w user.max_user_namespaces="), e.getMessage());
    }
}
