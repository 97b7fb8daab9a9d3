package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import org.nftj.testkit.Policy;

/**
 * Every firewall subcommand in-process against the real helper and kernel, each test in its own
 * network namespace. What nft itself lists in the namespace is the ground truth.
 */
@KernelTest
class CommandsTest {
    static final String APP = """
            {"nftables":[
              {"add":{"table":{"family":"inet","name":"app"}}},
              {"add":{"set":{"family":"inet","table":"app","name":"blocklist","type":"ipv4_addr","flags":["interval"]}}},
              {"add":{"chain":{"family":"inet","table":"app","name":"input","type":"filter","hook":"input","prio":0,"policy":"accept"}}},
              {"add":{"rule":{"family":"inet","table":"app","chain":"input","expr":[
                {"match":{"op":"==","left":{"payload":{"protocol":"tcp","field":"dport"}},"right":2222}},
                {"counter":{"packets":0,"bytes":0}}]}}}
            ]}
            """;

    @TempDir Path dir;

    Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    @Test
    void applyCheckListAndAtomicity() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            Path app = file("app.json", APP);

            Cli check = Cli.run("--helper", helper, "check", app.toString());
            assertEquals(0, check.status(), check.toString());
            assertFalse(h.ruleset().contains("table inet app"), "check changed nothing");

            Cli apply = Cli.run("--helper", helper, "--json", "apply", app.toString());
            assertEquals(0, apply.status(), apply.toString());
            assertEquals(true, apply.json().get("applied"));
            assertTrue(h.ruleset().contains("tcp dport 2222 counter"), h.ruleset());

            Cli list = Cli.run("--helper", helper, "list", "inet/app");
            assertEquals(0, list.status(), list.toString());
            Cli summary = Cli.run("--helper", helper, "list", "inet/app", "--summary");
            assertEquals(0, summary.status(), summary.toString());
            // the priority named as nft lists it (priority filter, not 0)
            assertTrue(summary.out().matches("(?s).*chain input \\{ type filter hook input priority filter; policy accept; \\}  1 rule\n.*"),
                    summary.out());
            assertTrue(summary.out().contains("set blocklist { type ipv4_addr }"), summary.out());
            // nft syntax, as nft list prints it
            assertTrue(list.out().startsWith("table inet app {\n"), list.out());
            assertTrue(list.out().contains("\tchain input {\n\t\ttype filter hook input priority filter; policy accept;\n"
                    + "\t\ttcp dport 2222 counter packets 0 bytes 0\n\t}\n"), list.out());
            assertEquals(h.ruleset(), list.out(), "what nft list ruleset prints for the owned table");
            // --json: exactly what nft -j list ruleset prints, byte for byte
            Cli all = Cli.run("--helper", helper, "--json", "list");
            assertEquals(0, all.status(), all.toString());
            assertEquals(h.rulesetJson(), all.out());

            // A batch whose last command fails changes nothing: not even its first command.
            Path half = file("half.json", """
                    {"nftables":[{"add":{"chain":{"family":"inet","table":"app","name":"extra"}}},
                     {"add":{"rule":{"family":"inet","table":"app","chain":"missing","expr":[{"counter":{"packets":0,"bytes":0}}]}}}]}
                    """);
            String before = h.rulesetJson();
            Cli bad = Cli.run("--helper", helper, "--json", "apply", half.toString());
            assertEquals(1, bad.status(), bad.toString());
            @SuppressWarnings("unchecked") Map<String, Object> err = (Map<String, Object>) bad.json().get("error");
            assertEquals("not_applied", err.get("outcome"));
            assertEquals(before, h.rulesetJson());
        }
    }

    @Test
    void versionNamesTheHelperAndLibnftablesAsTheHelperReportsThem() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Cli r = Cli.run("--helper", h.helperPath().toString(), "--version");
            assertEquals(0, r.status(), r.toString());
            String expected = h.nft("--version").strip().replaceFirst("^nftables v(\\S+).*", "$1");
            assertTrue(r.out().lines().toList().get(1).matches("helper \\d+\\.\\d+\\.\\d+, libnftables "
                    + java.util.regex.Pattern.quote(expected) + " \\(.*\\)"), r.out() + " / nft says " + expected);
        }
    }

    @Test
    void policyDeniedIsPermission() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Path other = file("other.json", "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"other\"}}}]}");
            Cli r = Cli.run("--helper", h.helperPath().toString(), "apply", other.toString());
            assertEquals(77, r.status(), r.toString());
            assertTrue(r.err().contains("policy"), r.toString());
            assertFalse(h.ruleset().contains("other"));
        }
    }

    @Test
    void aHelperThatRefusesToStartForLackOfItsPolicyIsAConfigurationError() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Files.delete(h.directory().resolve("conf/nftj-helper.policy.json"));
            Cli r = Cli.run("--helper", h.helperPath().toString(), "--json", "list", "inet/app");
            assertEquals(78, r.status(), r.toString());
            assertTrue(r.err().contains("nftj install --table"), r.toString());
        }
    }

    @Test
    void rateLimitedIsTemporary() throws Exception {
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT, Policy.sample().withRate(1, 1))) {
            // A burst of one: the apply takes it, the first chunk of elements is refused.
            Files.writeString(dir.resolve("three.txt"), "192.0.2.1\n192.0.2.2\n192.0.2.3\n");
            assertEquals(0, Cli.run("--helper", h.helperPath().toString(), "apply", file("t.json", APP).toString()).status());
            Cli r = Cli.run("--helper", h.helperPath().toString(), "elements", "add", "inet/app/blocklist",
                    dir.resolve("three.txt").toString(), "--chunk", "1");
            assertEquals(75, r.status(), r.toString());
            assertTrue(r.err().matches("(?s).*; (nothing was applied|1 elements from lines 1-1 were applied \\(1 transaction\\); "
                    + "nothing from line 2 on).*"), r.toString());
        }
    }

    @Test
    void elementsAddAndRemoveInBulk() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            assertEquals(0, Cli.run("--helper", helper, "apply", file("app.json", APP).toString()).status());
            StringBuilder b = new StringBuilder("# addresses\n");
            for (int i = 0; i < 2500; i++) b.append("10.").append(i / 250).append('.').append(i % 250).append(".1\n");
            b.append("\n192.168.0.0/16\n");
            Path f = file("elements.txt", b.toString());
            Cli add = Cli.run("--helper", helper, "--json", "elements", "add", "inet/app/blocklist", f.toString(), "--chunk", "1000");
            assertEquals(0, add.status(), add.toString());
            assertEquals(2501, add.json().get("elements"));
            assertEquals(3, add.json().get("transactions"));
            String listed = h.nft("list", "set", "inet", "app", "blocklist");
            assertTrue(listed.contains("10.9.249.1") && listed.contains("192.168.0.0/16"), listed);

            // From stdin, as a pipe would feed it.
            InputStream stdin = System.in;
            try {
                System.setIn(new ByteArrayInputStream("192.168.0.0/16\n10.0.0.1\n".getBytes(StandardCharsets.UTF_8)));
                Cli rm = Cli.run("--helper", helper, "elements", "remove", "inet/app/blocklist");
                assertEquals(0, rm.status(), rm.toString());
                assertEquals("removed 2 elements from inet/app/blocklist (1 transaction)\n", rm.out());
            } finally {
                System.setIn(stdin);
            }
            listed = h.nft("list", "set", "inet", "app", "blocklist");
            assertFalse(listed.contains("192.168.0.0/16") || listed.contains(" 10.0.0.1,"), listed);
        }
    }

    /**
     * A file named on the command line is the operator's: as root, {@code nftj apply FILE} reads
     * what FILE includes beside it even when only root may read that (as {@code nft -f FILE} would),
     * while a text on stdin is anyone's, read by nft as nobody: its include of the same file is
     * refused, unquoted, and nothing is applied.
     */
    @Test
    void anOperatorsFileIncludesRootOnlyPartsBesideItWhileATextOnStdinMayNot() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "the operator is root");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Path part = file("blocklist.nft", "table inet app {\n\tset blocklist {\n\t\ttype ipv4_addr\n"
                + "\t\telements = { 192.0.2.77 }\n\t}\n}\n");
        Files.setPosixFilePermissions(part, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Path app = file("app.nft", "include \"blocklist.nft\"\ntable inet app {\n\tchain input {\n"
                + "\t\ttype filter hook input priority filter; policy accept;\n\t\tip saddr @blocklist drop\n\t}\n}\n");
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            InputStream stdin = System.in;
            try {
                System.setIn(new ByteArrayInputStream(("include \"" + part + "\"\n").getBytes(StandardCharsets.UTF_8)));
                Cli text = Cli.run("--helper", helper, "apply", "-");
                assertEquals(1, text.status(), text.toString());
                assertTrue(text.err().contains("Permission denied") && text.err().contains("than nobody has"), text.err());
                assertFalse(text.err().contains("192.0.2.77"), text.err());
            } finally {
                System.setIn(stdin);
            }
            assertFalse(h.ruleset().contains("table inet app"), h.ruleset());
            Cli apply = Cli.run("--helper", helper, "apply", app.toString());
            assertEquals(0, apply.status(), apply.toString());
            assertTrue(h.ruleset().contains("192.0.2.77") && h.ruleset().contains("ip saddr @blocklist drop"), h.ruleset());
        }
    }

    /** 2500 addresses, one per line after a comment line: element i is on line i + 1. */
    static String addresses(int n) {
        StringBuilder b = new StringBuilder("# addresses\n");
        for (int i = 0; i < n; i++) b.append("10.").append(i / 250).append('.').append(i % 250).append(".1\n");
        return b.toString();
    }

    @Test
    void aChunkedLoadThatStopsSaysWhichLinesAreInTheKernelAndHowToContinue() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            assertEquals(0, Cli.run("--helper", helper, "apply", file("app.json", APP).toString()).status());
            // line 2502 is bad; chunks of 1000 elements: lines 2-1001 and 1002-2001 go in, the third stops
            Path f = file("bad.txt", addresses(2500) + "10.99.0.1x\n10.99.0.2\n");
            Cli r = Cli.run("--helper", helper, "elements", "add", "inet/app/blocklist", f.toString(), "--chunk", "1000");
            assertEquals(1, r.status(), r.toString());
            assertTrue(r.err().startsWith("nftj: invalid_element: line 2502 of " + f + ": "), r.err());
            assertTrue(r.err().contains("; 2000 elements from lines 1-2001 were applied (2 transactions); nothing from line 2002 on "),
                    r.err());
            assertTrue(r.err().contains("continue with: tail -n +2002 " + f + " | nftj elements add inet/app/blocklist"), r.err());
            String listed = h.nft("list", "set", "inet", "app", "blocklist");
            assertTrue(listed.contains("10.7.249.1") && !listed.contains("10.8.0.1") && !listed.contains("10.9.249.1"), listed);
        }
    }

    @Test
    void anAtomicLoadChecksEveryLineFirstThenIsOneTransaction() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            assertEquals(0, Cli.run("--helper", helper, "apply", file("app.json", APP).toString()).status());
            String before = h.rulesetJson();
            Path bad = file("bad.txt", addresses(2500) + "10.99.0.1x\n");
            Cli r = Cli.run("--helper", helper, "elements", "add", "--atomic", "inet/app/blocklist", bad.toString());
            assertEquals(1, r.status(), r.toString());
            assertTrue(r.err().startsWith("nftj: invalid_element: line 2502 of " + bad + ": "), r.err());
            assertTrue(r.err().contains("nothing was applied"), r.err());
            assertEquals(before, h.rulesetJson(), "nothing reached the kernel");

            // Every line is an element, but the kernel refuses one (an IPv6 address in an IPv4 set):
            // the one transaction is refused whole.
            Path refused = file("refused.txt", addresses(2500) + "2001:db8::1\n");
            Cli k = Cli.run("--helper", helper, "--json", "elements", "add", "--atomic", "inet/app/blocklist", refused.toString());
            assertEquals(1, k.status(), k.toString());
            @SuppressWarnings("unchecked") Map<String, Object> err = (Map<String, Object>) k.json().get("error");
            assertEquals("not_applied", err.get("outcome"), k.toString());
            assertEquals("invalid_element", err.get("code"), k.toString());
            assertEquals("line 2502 of " + refused + ": element \"2001:db8::1\" does not fit set inet app blocklist (ipv4_addr): "
                    + "an IPv6 address is not an ipv4_addr; nothing was applied", err.get("message"), k.toString());
            assertEquals(before, h.rulesetJson(), "all of it or nothing");

            Cli ok = Cli.run("--helper", helper, "--json", "elements", "add", "--atomic", "inet/app/blocklist",
                    file("good.txt", addresses(2500)).toString());
            assertEquals(0, ok.status(), ok.toString());
            assertEquals(2500, ok.json().get("elements"));
            assertEquals(1, ok.json().get("transactions"));
            String listed = h.nft("list", "set", "inet", "app", "blocklist");
            assertTrue(listed.contains("10.0.0.1") && listed.contains("10.9.249.1"), listed);

            Cli both = Cli.run("--helper", helper, "elements", "add", "--atomic", "--chunk", "10", "inet/app/blocklist", bad.toString());
            assertEquals(2, both.status(), both.toString());
        }
    }

    @Test
    void syncShowsThePlanThenReplacesTheTableAtomically() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            assertEquals(0, Cli.run("--helper", helper, "apply", file("app.json", APP).toString()).status());
            Cli listed = Cli.run("--helper", helper, "--json", "list", "inet/app");
            @SuppressWarnings("unchecked") List<Object> objects = (List<Object>) listed.json().get("nftables");
            // Desired: the same table with the 2222 rule replaced by 3333 and an extra chain.
            String desired = tools.jackson.jr.ob.JSON.std.asString(Map.of("nftables", objects))
                    .replace("2222", "3333").replace("]}", "]}");
            desired = desired.substring(0, desired.lastIndexOf(']')) + ",{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"extra\"}}]}";
            Path f = file("desired.json", desired);

            Cli plan = Cli.run("--helper", helper, "sync", f.toString(), "--plan");
            assertEquals(0, plan.status(), plan.toString());
            assertTrue(plan.out().startsWith("table inet app:\n"), plan.out());
            assertTrue(plan.out().contains("  + chain extra"), plan.out());
            assertTrue(plan.out().contains("  - rule input: tcp dport 2222 counter packets 0 bytes 0\n"), plan.out());
            assertTrue(plan.out().contains("  + rule input: tcp dport 3333 counter packets 0 bytes 0\n"), plan.out());
            assertTrue(plan.out().contains("validated, not applied (--plan)"), plan.out());
            assertTrue(h.ruleset().contains("2222"), "--plan applies nothing");

            Cli sync = Cli.run("--helper", helper, "--json", "sync", f.toString());
            assertEquals(0, sync.status(), sync.toString());
            assertEquals(true, sync.json().get("applied"));
            String after = h.ruleset();
            assertTrue(after.contains("tcp dport 3333") && !after.contains("2222") && after.contains("chain extra"), after);

            Cli again = Cli.run("--helper", helper, "sync", f.toString());
            assertEquals(0, again.status(), again.toString());
            assertTrue(again.out().startsWith("in sync"), again.out());
        }
    }

    /**
     * The boot unit's recipe (docs/operating.md): {@code nftj --json list inet/app > sync.d/app.json}
     * keeps a table as it is; {@code nftj sync} of that file puts it back as it was. The listing
     * carries handles and verdicts spelled {@code {"drop": null}}: both must survive the round.
     */
    @Test
    void whatListJsonPrintsSyncPutsBackAsItWas() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            Path app = file("app.json", APP.replace("{\"counter\":{\"packets\":0,\"bytes\":0}}",
                    "{\"counter\":{\"packets\":0,\"bytes\":0}},{\"drop\":null}"));
            assertEquals(0, Cli.run("--helper", helper, "apply", app.toString()).status());
            String kept = h.ruleset();
            assertTrue(kept.contains("tcp dport 2222 counter packets 0 bytes 0 drop"), kept);
            Cli listed = Cli.run("--helper", helper, "--json", "list", "inet/app");
            assertEquals(0, listed.status(), listed.toString());
            assertTrue(listed.out().contains("{\"drop\": null}") && listed.out().contains("\"handle\""), listed.out());
            Path saved = file("saved.json", listed.out());

            Cli same = Cli.run("--helper", helper, "sync", saved.toString());
            assertEquals(0, same.status(), same.toString());
            assertTrue(same.out().startsWith("in sync"), same.toString());

            h.nft("delete", "table", "inet", "app");
            Cli back = Cli.run("--helper", helper, "sync", saved.toString());
            assertEquals(0, back.status(), back.toString());
            assertEquals(kept, h.ruleset());
        }
    }

    @Test
    void syncOfADirectoryAppliesAllItsFilesAsOneTransaction() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            Path d = Files.createDirectory(dir.resolve("sync.d"));
            Files.writeString(d.resolve("10-app.json"), "{\"nftables\":[{\"table\":{\"family\":\"inet\",\"name\":\"app\"}},"
                    + "{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"c1\"}}]}");
            Files.writeString(d.resolve("20-demo.json"), "{\"nftables\":[{\"table\":{\"family\":\"inet\",\"name\":\"nftj_demo\"}}]}");
            Files.writeString(d.resolve("README"), "not a json file: ignored");
            Cli r = Cli.run("--helper", helper, "--json", "sync", d.toString());
            assertEquals(0, r.status(), r.toString());
            assertEquals(List.of(d.resolve("10-app.json").toString(), d.resolve("20-demo.json").toString()), r.json().get("files"));
            String ruleset = h.ruleset();
            assertTrue(ruleset.contains("table inet app") && ruleset.contains("chain c1") && ruleset.contains("table inet nftj_demo"), ruleset);

            // One bad file: nothing of the other applied.
            Files.writeString(d.resolve("20-demo.json"), "{\"nftables\":[{\"table\":{\"family\":\"inet\",\"name\":\"nftj_demo\"}},"
                    + "{\"chain\":{\"family\":\"inet\",\"table\":\"nftj_demo\",\"name\":\"c2\"}}]}");
            Files.writeString(d.resolve("10-app.json"), "{\"nftables\":[{\"table\":{\"family\":\"inet\",\"name\":\"not_ours\"}}]}");
            String before = h.rulesetJson();
            Cli denied = Cli.run("--helper", helper, "sync", d.toString());
            assertEquals(77, denied.status(), denied.toString());
            assertEquals(before, h.rulesetJson(), "one transaction: nothing applied");

            Files.writeString(d.resolve("10-app.json"), "{\"nftables\":[{\"table\":{\"family\":\"inet\",\"name\":\"nftj_demo\"}}]}");
            Cli twice = Cli.run("--helper", helper, "sync", d.toString());
            assertEquals(1, twice.status(), twice.toString());
            assertTrue(twice.err().contains("table inet nftj_demo is described in both"), twice.toString());
            assertTrue(twice.err().contains("keep the parts a file includes in a subdirectory, which sync does not read"),
                    twice.toString());
            Cli empty = Cli.run("--helper", helper, "sync", Files.createDirectory(dir.resolve("empty")).toString());
            assertEquals(1, empty.status(), empty.toString());
            assertTrue(empty.err().contains("no *.json or *.nft file in "), empty.toString());
        }
    }

    @Test
    void auditLogWrittenWithAuditFileVerifiesAndTamperingIsFound() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            Path log = dir.resolve("audit.jsonl");
            assertEquals(0, Cli.run("--helper", helper, "--audit", log.toString(), "apply", file("app.json", APP).toString()).status());
            assertEquals(0, Cli.run("--helper", helper, "--audit", log.toString(), "elements", "add", "inet/app/blocklist",
                    file("e.txt", "192.0.2.1\n").toString()).status());
            Cli ok = Cli.run("--json", "audit", "verify", log.toString());
            assertEquals(0, ok.status(), ok.toString());
            assertEquals("ok", ok.json().get("status"));
            assertTrue(((Number) ok.json().get("recordsChecked")).intValue() >= 2, ok.toString());
            // Each outcome quotes its intent's sequence number (ref), through the command's log too.
            List<String> records = Files.readAllLines(log);
            java.util.regex.Pattern seqKindRef = java.util.regex.Pattern.compile("\"seq\":(\\d+),.*?\"kind\":\"(\\w+)\",\"ref\":(\\d+)");
            long intent = -1;
            int changes = 0;
            for (String record : records) {
                java.util.regex.Matcher m = seqKindRef.matcher(record);
                assertTrue(m.find(), record);
                if (m.group(2).equals("intent")) intent = Long.parseLong(m.group(1));
                if (m.group(2).equals("change")) {
                    assertEquals(intent, Long.parseLong(m.group(3)), "the change names its intent: " + record);
                    changes++;
                }
            }
            assertTrue(changes >= 2, records::toString);

            List<String> lines = Files.readAllLines(log);
            int i = lines.size() - 1;
            lines.set(i, lines.get(i).replace("192.0.2", "192.0.3").replace("\"ok\"", "\"ko\""));
            Files.write(log, lines);
            Cli broken = Cli.run("audit", "verify", log.toString());
            assertEquals(1, broken.status(), broken.toString());
            assertTrue(broken.out().startsWith("BROKEN: "), broken.toString());
            assertEquals(2, Cli.run("audit", "check", log.toString()).status());
        }
    }
}
