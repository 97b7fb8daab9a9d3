package org.nftj.cli;

import org.nftj.api.NftSyntax;
import org.nftj.api.Ruleset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small pieces: element parsing, progress bar, rendering, /proc status, sync plans. */
class PartsTest {
    @Test
    void elementLinesSkipCommentsAndBlankLinesAndKeepNumbersNumeric(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path f = dir.resolve("e.txt");
        java.nio.file.Files.writeString(f, "# header\n\n192.0.2.1\n  10.0.0.0/8  \n8080\n1000-2000\n");
        List<Object> read = new java.util.ArrayList<>();
        try (ElementsCommand.Lines l = new ElementsCommand.Lines(f.toString(), 2)) {
            l.forEachRemaining(read::add);
            assertEquals(6, l.line());
            assertEquals(6, l.lineOfElement(4), "the last element read is on line 6");
            assertEquals(5, l.lineOfElement(3));
            assertThrows(IllegalArgumentException.class, () -> l.lineOfElement(2), "only the last 2 are remembered");
        }
        assertEquals(List.of("192.0.2.1", "10.0.0.0/8", 8080L, "1000-2000"), read);
    }

    @Test
    void progressOnlyOnATerminalAndErasedWhenDone() {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), false, 10, "elements");
        p.update(5);
        p.finish();
        assertEquals("", w.toString());
        assertEquals("[###############               ] 50% 5/10 elements", Progress.line(5, 10, "elements"));
        assertEquals("7 elements", Progress.line(7, -1, "elements"), "unknown total (stdin)");
        StringWriter t = new StringWriter();
        Progress q = new Progress(new PrintWriter(t), true, 10, "elements");
        q.update(5);
        q.update(10);
        q.finish();
        assertEquals("\r\u001b[2K[###############               ] 50% 5/10 elements"
                + "\r\u001b[2K[##############################] 100% 10/10 elements\r\u001b[2K", t.toString(),
                "each drawing replaces the line; the end erases it, so the result starts on a clean line");
    }

    @Test
    void procStatusReadsCapabilitiesAndNoNewPrivs() {
        ProcStatus s = ProcStatus.parse("Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nNoNewPrivs:\t1\n"
                + "CapPrm:\t0000000000001000\nCapEff:\t0000000000001000\nCapAmb:\t0000000000000000\n");
        assertEquals(1000, s.uid());
        assertTrue(s.noNewPrivs());
        assertTrue(s.hasEffective(12));
        assertFalse(s.hasEffective(21));
        assertTrue(s.holdsAnyCapability());
        assertFalse(ProcStatus.parse("Uid:\t0\t0\t0\t0\nCapEff:\t0000000000000000\n").holdsAnyCapability());
    }

    @Test
    void listingsAreRenderedAsNftListsThem() {
        String text = NftSyntax.ruleset(Ruleset.decode(List.of(
                Map.of("table", Map.of("family", "inet", "name", "app")),
                Map.of("chain", Map.of("family", "inet", "table", "app", "name", "input", "hook", "input", "type", "filter",
                        "prio", 0, "policy", "accept")),
                Map.of("rule", Map.of("family", "inet", "table", "app", "chain", "input", "handle", 4, "expr", List.of(
                        Map.of("match", Map.of("op", "==", "left", Map.of("payload", Map.of("protocol", "tcp", "field", "dport")),
                                "right", 22)),
                        Map.of("counter", Map.of("packets", 3, "bytes", 180))))))));
        assertEquals("""
                table inet app {
                	chain input {
                		type filter hook input priority filter; policy accept;
                		tcp dport 22 counter packets 3 bytes 180
                	}
                }
                """, text);
    }

    /** A set's flags and its elements, as nft lists them (every element: nft prints no count). */
    @Test
    void listingsNameASetsFlagsAndElements() {
        String text = NftSyntax.ruleset(Ruleset.decode(List.of(
                Map.of("table", Map.of("family", "inet", "name", "app")),
                Map.of("set", Map.of("family", "inet", "table", "app", "name", "few", "type", "ipv4_addr",
                        "elem", List.of("192.0.2.1", "192.0.2.2"))),
                Map.of("set", Map.of("family", "inet", "table", "app", "name", "nets", "type", "ipv4_addr",
                        "flags", List.of("interval"), "elem", List.of(Map.of("prefix", Map.of("addr", "10.0.0.0", "len", 8)),
                                "192.0.2.1"))))));
        assertEquals("""
                table inet app {
                	set few {
                		type ipv4_addr
                		elements = { 192.0.2.1, 192.0.2.2 }
                	}

                	set nets {
                		type ipv4_addr
                		flags interval
                		elements = { 10.0.0.0/8, 192.0.2.1 }
                	}
                }
                """, text);
    }

    @Test
    void syncFilesGroupByTableAndFoldElementsIntoTheirSet() throws Exception {
        String desired = """
                {"nftables":[{"metainfo":{"version":"1.0.6"}},
                 {"table":{"family":"inet","name":"app","handle":1}},
                 {"add":{"table":{"family":"ip","name":"edge"}}},
                 {"chain":{"family":"inet","table":"app","name":"input","type":"filter","hook":"input","prio":0,"policy":"drop"}},
                 {"set":{"family":"inet","table":"app","name":"ports","type":"inet_service"}},
                 {"element":{"family":"inet","table":"app","name":"ports","elem":[22,80]}},
                 {"add":{"chain":{"family":"ip","table":"edge","name":"fwd"}}},
                 {"rule":{"family":"inet","table":"app","chain":"input","expr":[{"match":{"op":"==",
                   "left":{"payload":{"protocol":"tcp","field":"dport"}},"right":"@ports"}},{"accept":null}]}}]}
                """;
        var tables = SyncCommand.parse(desired, "f");
        assertEquals(List.of("app", "edge"), tables.stream().map(t -> t.table().name()).toList());
        var app = tables.getFirst().objects();
        assertEquals(List.of("chain", "set", "rule"), app.stream().map(org.nftj.api.NftObject::kind).toList());
        assertEquals(2, ((org.nftj.api.NamedSet) app.get(1)).elements().size());
        assertEquals(1, tables.get(1).objects().size());
        CliException orphan = org.junit.jupiter.api.Assertions.assertThrows(CliException.class, () -> SyncCommand.parse(
                "{\"nftables\":[{\"chain\":{\"family\":\"inet\",\"table\":\"x\",\"name\":\"c\"}}]}", "f"));
        assertTrue(orphan.getMessage().contains("no table entry"), orphan.getMessage());
        CliException command = org.junit.jupiter.api.Assertions.assertThrows(CliException.class,
                () -> SyncCommand.parse("{\"nftables\":[{\"flush\":{\"ruleset\":null}}]}", "f"));
        assertEquals(ExitCode.FAILED, command.exit());
        // nft's listing of an empty ruleset (metainfo alone) names no table: nothing to sync
        assertEquals(List.of(), SyncCommand.parse("""
                {"nftables":[{"metainfo":{"version":"1.0.6","release_name":"Lester Gooch #5","json_schema_version":1}}]}""", "f"));
    }

    @Test
    void theRendererPrintsWhatNftPrintsForOperatorsObjectMapsAndSetStatements() {
        String text = NftSyntax.ruleset(Ruleset.parse("""
                {"nftables": [{"table": {"family": "ip", "name": "t"}},
                 {"set": {"family": "ip", "table": "t", "name": "s", "type": "ipv4_addr",
                   "stmt": [{"limit": {"rate": 1, "per": "second"}}, {"counter": null}],
                   "elem": [{"elem": {"val": "10.0.0.1", "limit": {"rate": 1, "burst": 5, "per": "second"}}}]}},
                 {"chain": {"family": "ip", "table": "t", "name": "c"}},
                 {"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"mangle": {"key": {"ct": {"key": "mark"}},
                   "value": {"<<": [{"|": [{"meta": {"key": "mark"}}, 16]}, 8]}}}]}},
                 {"rule": {"family": "ip", "table": "t", "chain": "c", "expr": [{"limit": {"map": {
                   "key": {"payload": {"protocol": "tcp", "field": "dport"}}, "data": {"set": [[80, "web"]]}}}}]}}]}"""));
        assertTrue(text.contains("\t\tlimit rate 1/second counter\n"), text);
        assertTrue(text.contains("elements = { 10.0.0.1 limit rate 1/second }"), text);
        assertTrue(text.contains("ct mark set (meta mark | 0x00000010) << 8"), text);
        assertTrue(text.contains("limit name tcp dport map { 80 : \"web\" }"), text);
    }
}
