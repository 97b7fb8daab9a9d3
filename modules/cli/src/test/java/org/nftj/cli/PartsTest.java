package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Small pieces: element parsing, progress bar, rendering, /proc status, sync plans. */
class PartsTest {
    @Test
    void elementsParse() {
        assertEquals(8080L, ElementsCommand.element("8080"));
        assertEquals("192.0.2.1", ElementsCommand.element("192.0.2.1"));
        assertEquals(Map.of("prefix", Map.of("addr", "10.0.0.0", "len", 8)), ElementsCommand.element("10.0.0.0/8"));
        assertEquals(Map.of("prefix", Map.of("addr", "2001:db8::", "len", 32)), ElementsCommand.element("2001:db8::/32"));
        assertEquals(Map.of("range", List.of("192.0.2.1", "192.0.2.9")), ElementsCommand.element("192.0.2.1-192.0.2.9"));
        assertEquals(Map.of("range", List.of(1000L, 2000L)), ElementsCommand.element("1000-2000"));
        assertEquals("eth-0", ElementsCommand.element("eth-0"));
    }

    @Test
    void progressOnlyOnATerminal() {
        StringWriter w = new StringWriter();
        Progress p = new Progress(new PrintWriter(w), false, 10, "elements");
        p.update(5);
        p.finish();
        assertEquals("", w.toString());
        assertEquals("[###############               ] 50% 5/10 elements", Progress.line(5, 10, "elements"));
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
    void renderWritesRulesInNftWords() {
        String text = Render.ruleset(List.of(
                Map.of("table", Map.of("family", "inet", "name", "app")),
                Map.of("chain", Map.of("name", "input", "hook", "input", "type", "filter", "prio", 0, "policy", "accept")),
                Map.of("rule", Map.of("chain", "input", "handle", 4, "expr", List.of(
                        Map.of("match", Map.of("op", "==", "left", Map.of("payload", Map.of("protocol", "tcp", "field", "dport")),
                                "right", 22)),
                        Map.of("counter", Map.of("packets", 3, "bytes", 180)))))));
        assertEquals("""
                table inet app
                  chain input { type filter hook input priority 0; policy accept; }
                    input: tcp dport 22 counter packets 3 bytes 180  # handle 4
                """, text);
    }

    @Test
    void syncPlanNamesAdditionsRemovalsAndChanges() throws Exception {
        String desired = """
                {"nftables":[{"metainfo":{"version":"1.0.6"}},
                 {"table":{"family":"inet","name":"app","handle":1}},
                 {"chain":{"family":"inet","table":"app","name":"input","type":"filter","hook":"input","prio":0,"policy":"drop"}},
                 {"set":{"family":"inet","table":"app","name":"ports","type":"inet_service","elem":[22,80]}},
                 {"rule":{"family":"inet","table":"app","chain":"input","expr":[{"match":{"op":"==",
                   "left":{"payload":{"protocol":"tcp","field":"dport"}},"right":"@ports"}},{"counter":{"packets":0,"bytes":0}}]}}]}
                """;
        var want = SyncCommand.parse(desired, "f").get("inet app");
        var have = SyncCommand.state(List.of(
                Map.of("chain", Map.of("family", "inet", "table", "app", "name", "input", "type", "filter", "hook", "input",
                        "prio", 0, "policy", "accept", "handle", 1)),
                Map.of("chain", Map.of("family", "inet", "table", "app", "name", "old", "handle", 2)),
                Map.of("set", Map.of("family", "inet", "table", "app", "name", "ports", "type", "inet_service",
                        "elem", List.of(80, 22), "handle", 3)),
                Map.of("rule", Map.of("family", "inet", "table", "app", "chain", "input", "handle", 9, "expr", List.of(
                        Map.of("match", Map.of("op", "==", "left", Map.of("payload", Map.of("protocol", "tcp", "field", "dport")),
                                "right", "@ports")), Map.of("counter", Map.of("packets", 12, "bytes", 900))))),
                Map.of("rule", Map.of("family", "inet", "table", "app", "chain", "old", "handle", 10, "expr", List.of(
                        Map.of("counter", Map.of("packets", 1, "bytes", 2)))))), "inet app");
        List<String> plan = SyncCommand.diff("inet app", have, want).stream().map(Object::toString).toList();
        // policy changed; chain "old" and its rule go; the set (same elements, other order) and the
        // counted rule (other counter values) are the same state.
        assertEquals(List.of("~ chain inet app input", "- chain inet app old", "- rule inet app old: counter packets 1 bytes 2"), plan);
        assertEquals(List.of(), SyncCommand.diff("inet app", want, want));
        var replacement = SyncCommand.replacement(Map.of("inet app", want));
        assertEquals(List.of("add", "delete", "add", "add", "add", "add"),
                replacement.stream().map(c -> c.keySet().iterator().next()).toList());
        assertFalse(replacement.toString().contains("handle"), replacement.toString());
    }
}
