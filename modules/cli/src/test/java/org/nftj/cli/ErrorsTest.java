package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/** Every error is one line that says what failed and what to do next; the code is printed once. */
class ErrorsTest {
    @TempDir Path dir;

    Path file(String name, String content) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    static void oneLine(Cli r) {
        assertEquals(1, r.err().lines().count(), r.toString());
        assertTrue(r.err().startsWith("nftj: ") && r.err().contains(" (hint: "), r.toString());
    }

    @Test
    void brokenJsonNamesTheLineAndColumnAndNoJsonPointer() throws Exception {
        Path f = file("bad.json", "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},\n  {\"add\": ]}\n");
        Cli r = Cli.run("--helper", dir.resolve("none").toString(), "apply", f.toString());
        assertEquals(1, r.status(), r.toString());
        oneLine(r);
        assertTrue(r.err().startsWith("nftj: invalid_json: " + f + ": not valid JSON at line 2, column 11: "), r.err());
        assertFalse(r.err().contains("Pointer"), r.err());
        assertEquals(1, r.err().split("invalid_json", -1).length - 1, "the code once: " + r.err());
    }

    /**
     * apply and check take what a text in nft syntax makes; a text that flushes or deletes is
     * refused there (its commands would act on nothing and be lost), naming the line and sync.
     */
    @Test
    void nftTextThatFlushesIsRefusedByApplyAndCheckNamingSync() throws Exception {
        Path f = file("fw.nft", "#!/usr/sbin/nft -f\nflush ruleset\ntable inet app {\n  chain input { type filter hook input priority 0; }\n}\n");
        for (String cmd : new String[] {"apply", "check"}) {
            Cli r = Cli.run("--helper", dir.resolve("none").toString(), cmd, f.toString());
            assertEquals(1, r.status(), cmd + " " + r);
            oneLine(r);
            assertTrue(r.err().startsWith("nftj: nft_syntax: " + f + " is in nft's text syntax and acts on what exists (line 2: "
                    + "flush ruleset)"), r.err());
            assertTrue(r.err().contains("(hint: nftj sync " + f + " makes the tables the file describes equal to it"), r.err());
        }
    }

    /** nft's own refusal of a text, with its line and column, before any helper starts. */
    @Test
    void anNftSyntaxErrorNamesTheFileLineAndColumn() throws Exception {
        Path f = file("fw.nft", "table inet app {\n\tchain input {\n\t\ttcp dport 22 acept\n\t}\n}\n");
        for (String cmd : new String[] {"apply", "check", "sync"}) {
            Cli r = Cli.run("--helper", dir.resolve("none").toString(), cmd, f.toString());
            assertEquals(1, r.status(), cmd + " " + r);
            oneLine(r);
            assertTrue(r.err().startsWith("nftj: nft_text: " + f + ": line 3, column 21: syntax error, unexpected newline "
                    + "(in: `tcp dport 22 acept`)"), r.err());
        }
    }

    /**
     * A text in nft syntax, as nft -f reads it: apply adds what it makes; sync (with its flush
     * ruleset) makes the table what nft itself makes of the text.
     */
    @Test
    @KernelTest
    void nftTextIsAppliedAndSyncedAsNftMakesIt() throws Exception {
        String table = "table inet app {\n  set blocked { type ipv4_addr; flags interval; elements = { 192.0.2.0/24 } }\n"
                + "  chain input { type filter hook input priority 0; policy accept;\n    ip saddr @blocked counter drop\n"
                + "    tcp dport 22 accept\n  }\n}\n";
        Path f = file("fw.nft", table);
        Path synced = file("fw-sync.nft", "flush ruleset\n" + table.replace("tcp dport 22", "tcp dport 2222"));
        try (NetnsHelper h = NetnsHelper.create()) {
            Cli apply = Cli.run("--helper", h.helperPath().toString(), "apply", f.toString());
            assertEquals(0, apply.status(), apply.toString());
            java.util.function.UnaryOperator<String> unsized = t -> String.join("\n",
                    t.lines().filter(l -> !l.strip().startsWith("size ")).toList());
            String expected = NetnsHelper.run(List.of("unshare", "--net", "sh", "-c", "nft -f " + f + " && nft list ruleset"));
            // The helper gives every set it creates a size (the policy's cap); otherwise nft's own result.
            assertEquals(unsized.apply(expected), unsized.apply(h.ruleset()));
            Cli sync = Cli.run("--helper", h.helperPath().toString(), "sync", synced.toString());
            assertEquals(0, sync.status(), sync.toString());
            String expectedSync = NetnsHelper.run(List.of("unshare", "--net", "sh", "-c", "nft -f " + synced + " && nft list ruleset"));
            assertEquals(unsized.apply(expectedSync), unsized.apply(h.ruleset()));
        }
    }

    @Test
    void aRefusedFieldNamesItsCommandAndPointer() throws Exception {
        Path f = file("t.json", "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},"
                + "{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"a b\"}}}]}");
        Cli r = Cli.run("--helper", dir.resolve("none").toString(), "check", f.toString());
        assertEquals(1, r.status(), r.toString());
        oneLine(r);
        // a file may hold a listing's objects as well as commands, so its entries are items
        // the item is quoted as the nft command it stands for (the model's one renderer)
        assertTrue(r.err().startsWith("nftj: invalid_request: " + f + ": item 1 (add chain inet app a b), field /add/chain/name: "),
                r.err());
        assertTrue(r.err().contains("JSON Pointer into that item"), r.err());
    }

    @Test
    @KernelTest
    void elementsForAMissingSetNameTheSetAndTable() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Path list = file("l.txt", "192.0.2.1\n");
            String helper = h.helperPath().toString();
            for (Cli r : List.of(Cli.run("--helper", helper, "elements", "add", "inet/app/nosuch", list.toString()),
                    Cli.run("--helper", helper, "elements", "add", "--atomic", "inet/app/nosuch", list.toString()))) {
                assertEquals(1, r.status(), r.toString());
                oneLine(r);
                assertTrue(r.err().startsWith("nftj: not_found: there is no set nosuch in table inet app (or no table inet app) "
                        + "(hint: nothing was applied; nftj list inet/app shows the table's sets"), r.err());
            }
        }
    }

    /**
     * An element the set's type refuses is named by its line, as a line that is no element is, with
     * the set's type and what is wrong, once: not by its index inside a chunk, nor with the chunk
     * quoted. A value that is no element at all is named whole.
     */
    @Test
    @KernelTest
    void anElementTheSetRefusesIsNamedByItsLine() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            h.nft("add", "table", "inet", "app");
            h.nft("add", "set", "inet", "app", "blocklist", "{ type ipv4_addr; flags interval; size 65536; }");
            String helper = h.helperPath().toString();
            Path list = file("l.txt", "# blocklist\n203.0.113.5\n2001:db8::1\n");
            Cli r = Cli.run("--helper", helper, "elements", "add", "inet/app/blocklist", list.toString());
            assertEquals(1, r.status(), r.toString());
            oneLine(r);
            assertTrue(r.err().startsWith("nftj: invalid_element: line 3 of " + list + ": element \"2001:db8::1\" does not fit set "
                    + "inet app blocklist (ipv4_addr): an IPv6 address is not an ipv4_addr; nothing was applied (hint: "), r.err());
            Path bad = file("b.txt", "192.0.2.1\nnot-an-ip\n");
            Cli word = Cli.run("--helper", helper, "elements", "add", "inet/app/blocklist", bad.toString());
            assertEquals(1, word.status(), word.toString());
            assertTrue(word.err().startsWith("nftj: invalid_element: line 2 of " + bad + ": 'not-an-ip' is not an element value "
                    + "(an element is a numeric address,"), word.err());
            assertFalse(word.err().contains(": not;"), word.err());
            assertFalse(h.nft("list", "set", "inet", "app", "blocklist").contains("192.0.2.1"), "nothing was applied");
            // the helper's own refusal names the element as nft writes it, not as its JSON
            Path overlap = file("o.txt", "10.0.0.0/8\n10.1.0.0/16\n");
            Cli both = Cli.run("--helper", helper, "elements", "add", "inet/app/blocklist", overlap.toString());
            assertEquals(1, both.status(), both.toString());
            assertTrue(both.err().startsWith("nftj: nft_failed: line 2 of " + overlap + ": element \"10.1.0.0/16\" overlaps another "
                    + "interval of this request for set inet app blocklist; nothing was applied"), both.err());
        }
    }

    @Test
    void aMissingHelperSaysWhereItLookedAndWhatToDo() {
        Cli r = Cli.run("--helper", dir.resolve("lib/nftj-helper").toString(), "list");
        assertEquals(69, r.status(), r.toString());
        oneLine(r);
        assertTrue(r.err().startsWith("nftj: no_helper: there is no helper at " + dir.resolve("lib/nftj-helper")), r.err());
    }

    @Test
    @KernelTest
    void listingAnOwnedTableThatDoesNotExistSaysSoByName() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Cli r = Cli.run("--helper", h.helperPath().toString(), "list", "inet/app");
            assertEquals(1, r.status(), r.toString());
            oneLine(r);
            assertTrue(r.err().startsWith("nftj: not_found: there is no table inet app (the helper's policy owns it; it has not "
                    + "been created) (hint: create it: nftj apply FILE"), r.err());
        }
    }

    @Test
    @KernelTest
    void aPolicyRefusalNamesThePolicyFileAndTheInstallCommand() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Cli r = Cli.run("--helper", h.helperPath().toString(), "apply",
                    file("o.json", "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"other\"}}}]}").toString());
            assertEquals(77, r.status(), r.toString());
            oneLine(r);
            assertTrue(r.err().startsWith("nftj: policy_denied: the helper's policy does not own table inet other (it owns "),
                    r.err());
            assertTrue(r.err().contains("as root, nftj install --table inet/app --table inet/nftj_demo --table inet/other adds it to "
                    + Errors.policyFile(h.helperPath()) + " (name every table: the list replaces the policy's"), r.err());

            Cli list = Cli.run("--helper", h.helperPath().toString(), "list", "ip/edge");
            assertEquals(77, list.status(), list.toString());
            oneLine(list);
            assertTrue(list.err().startsWith("nftj: policy_denied: the helper's policy does not own table ip edge (it owns "
                    + "inet app, inet nftj_demo) (hint: nothing was applied; as root, nftj install --table inet/app "
                    + "--table inet/nftj_demo --table ip/edge adds it"),
                    list.err());
        }
    }

    @Test
    void aRefusedRequestSaysItsPlaceOnce() {
        var refused = new org.nftj.api.InvalidRequestException(List.of(
                new org.nftj.api.Problem("invalid_request", 1, "/add/chain/handle", "unknown field 'handle' for add chain"),
                new org.nftj.api.Problem("invalid_request", 2, "/add/set/handle", "unknown field 'handle' for add set")), null);
        CliException c = Errors.translate(refused, dir.resolve("lib/nftj-helper"));
        assertEquals("unknown field 'handle' for add chain (and 1 more) (command 1 /add/chain/handle)", c.getMessage());
        assertEquals("invalid_request", c.code());
    }

    /**
     * A failure whose message quotes its command says its place once; a policy refusal's hint names
     * what the policy governs, not only tables and operations (its caps and version 2 keys refuse too).
     */
    @Test
    void aFailureThatQuotesItsCommandSaysItsPlaceOnceAndAPolicyHintNamesWhatThePolicyGoverns() {
        var missing = new org.nftj.api.NotFoundException("not_found", "chain inet app nochain does not exist: command 0 "
                + "(add rule inet app nochain accept) failed: Could not process rule: No such file or directory (ENOENT)", 0, "",
                org.nftj.api.NftjException.Outcome.NOT_APPLIED, null);
        assertEquals(missing.getMessage(), Errors.translate(missing, dir.resolve("lib/nftj-helper")).getMessage());
        var capped = new org.nftj.api.PolicyDeniedException("policy_denied", "set inet app s: the set has no size, so the kernel "
                + "does not bound it", 0, "/add/element", org.nftj.api.NftjException.Outcome.NOT_APPLIED, null);
        CliException c = Errors.translate(capped, dir.resolve("lib/nftj-helper"));
        assertEquals("set inet app s: the set has no size, so the kernel does not bound it (command 0 /add/element)", c.getMessage());
        assertTrue(c.hint().startsWith("the helper's policy " + Errors.policyFile(dir.resolve("lib/nftj-helper"))
                + " refused it, as the message says; if it should be allowed, as root: nftj install with --table, --operation, "
                + "--device or --statement"), c.hint());
        assertFalse(c.hint().contains("does not own this table"), c.hint());
    }

    /**
     * A dump of the whole ruleset holds the helper's own rate-limit table: sync leaves it alone and
     * says so; apply refuses it naming it as the helper's, not with an install command that would
     * hand it to the application.
     */
    @Test
    @KernelTest
    void theHelpersRateTableInAWholeRulesetDumpIsLeftAloneBySyncAndNamedByApply() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            String helper = h.helperPath().toString();
            Path app = file("app.nft", "table inet app {\n\tchain input {\n\t\ttype filter hook input priority filter; "
                    + "policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n");
            assertEquals(0, Cli.run("--helper", helper, "apply", app.toString()).status());
            String rate = h.nft("list", "table", "inet", NetnsHelper.RATE_TABLE);
            assertTrue(rate.contains("table inet nftj_rate"), "the first change made the helper's rate table: " + rate);
            Path dump = file("all.nft", h.nft("list", "ruleset").replace("tcp dport 22 accept", "tcp dport 2222 accept"));
            Cli sync = Cli.run("--helper", helper, "sync", dump.toString());
            assertEquals(0, sync.status(), sync.toString());
            assertTrue(sync.out().startsWith("left alone: table inet nftj_rate (the helper's rate limit, in " + dump + ")\n"),
                    sync.toString());
            assertTrue(h.ruleset().contains("tcp dport 2222 accept"), h.ruleset());

            Path json = file("all.json", h.nft("-j", "list", "ruleset"));
            Cli apply = Cli.run("--helper", helper, "apply", json.toString());
            assertEquals(77, apply.status(), apply.toString());
            oneLine(apply);
            assertTrue(apply.err().startsWith("nftj: policy_denied: table inet nftj_rate is the helper's own (where it keeps the rate "
                    + "limit;"), apply.err());
            assertTrue(apply.err().contains("leave it out of the file") && !apply.err().contains("nftj install"), apply.err());
        }
    }

    /** An element the kernel does not hold, removed: named by its line and what the helper said, once. */
    @Test
    @KernelTest
    void removingAnElementTheSetDoesNotHoldNamesItsLine() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            h.nft("add", "table", "inet", "app");
            h.nft("add", "set", "inet", "app", "blocklist", "{ type ipv4_addr; size 65536; }");
            Path list = file("rm.txt", "# gone\n10.0.0.1\n");
            Cli r = Cli.run("--helper", h.helperPath().toString(), "elements", "remove", "inet/app/blocklist", list.toString());
            assertEquals(1, r.status(), r.toString());
            oneLine(r);
            assertTrue(r.err().matches("(?s)nftj: [a-z_]+: line 2 of " + java.util.regex.Pattern.quote(list.toString())
                    + ": [^;]*10\\.0\\.0\\.1[^;]*; nothing was applied \\(hint: nftj list inet/app shows what the set holds; "
                    + "fix or drop the line.*"), r.err());
            assertFalse(r.err().contains("element 0 of 1") || r.err().contains("command 0 ("), r.err());
        }
    }

    @Test
    void theCodeIsPrintedOnceEvenWhenTheMessageNamesIt() {
        assertTrue(NftjTool.names("nftj-helper: startup failed (self_check): directory /tmp has mode 1777", "self_check"));
        assertTrue(NftjTool.names("policy denied", "policy"));
        assertFalse(NftjTool.names("the helper's policy_denied_x", "policy_denied"));
        assertFalse(NftjTool.names("no such table", "not_found"));
    }
}
