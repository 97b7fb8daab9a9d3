package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.CtState;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.NftJson;
import org.nftj.api.expr.Stmt;
import org.nftj.api.expr.Verdict;

/** The builders: one line each, family-aware, numeric only. */
class BuildersTest {
    static final Table APP = new Table(Family.INET, "app");

    static String json(Object o) { return JsonEq.show(JsonEq.norm(o, null)); }

    @Test
    void commonRulesAreOneLineAndEncodeToTheExpectedJson() {
        assertEquals("{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"input\",\"expr\":[{\"match\":{\"op\":\"==\","
                + "\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":443}},{\"accept\":null}]}",
                Ruleset.WRITER.asString(Rule.in(APP, "input", Matches.tcpDport(443), Stmt.accept()).toJson()));
        assertEquals("{\"match\":{\"op\":\"==\",\"left\":{\"ct\":{\"key\":\"state\"}},\"right\":{\"set\":[\"established\",\"related\"]}}}",
                json(Matches.ctState(CtState.ESTABLISHED, CtState.RELATED).toJson()));
        Rule ssh = Presets.rateLimitedSsh(APP, "input", 10, 5);
        assertEquals(List.of("match", "match", "limit", "accept"), ssh.statements().stream().map(s -> s.toJson().keySet().iterator().next()).toList());
        assertEquals("{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"ip6\",\"field\":\"saddr\"}},\"right\":\"@deny6\"}}",
                json(Matches.saddrIn("deny6", true).toJson()));
    }

    @Test
    void addressMatchesPickTheFamilyFromTheAddress() throws Exception {
        assertEquals("ip", payloadProtocol(Matches.saddr("10.0.0.0/8")));
        assertEquals("ip6", payloadProtocol(Matches.saddr("fd00::/64")));
        assertEquals("ip6", payloadProtocol(Matches.daddr(InetAddress.ofLiteral("2001:db8::1"))));
        assertEquals("ip", payloadProtocol(Matches.daddr(InetAddress.ofLiteral("192.0.2.1"), 24)));
        assertEquals("{\"prefix\":{\"addr\":\"fd00::\",\"len\":64}}", json(((Stmt.Match) Matches.saddr("fd00::/64")).right().toJson()));
        assertEquals("\"192.0.2.1\"", json(((Stmt.Match) Matches.saddr("192.0.2.1")).right().toJson()));
        Stmt.Nat d6 = Stmt.dnat("fd00::5", 80);
        assertEquals("ip6", d6.family());
        assertEquals("ip", Stmt.snat("192.0.2.1").family());
    }

    static String payloadProtocol(Stmt.Match m) { return ((Expr.Payload) m.left()).protocol(); }

    @Test
    void namesNeverReachTheWire() {
        for (String bad : List.of("example.com", "localhost", "01.2.3.4", "1.2.3", "256.1.1.1", "fd00::1%eth0", "1.2.3.4/33", "", "ssh")) {
            assertThrows(IllegalArgumentException.class, () -> Matches.saddr(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Elements.of(Family.INET, "app", "s", "example.com"));
        assertThrows(IllegalArgumentException.class, () -> Matches.tcpDport(65536));
        assertThrows(IllegalArgumentException.class, () -> Matches.iifname("a-very-long-interface-name"));
        assertThrows(IllegalArgumentException.class, () -> CtState.of("bogus"));
        assertThrows(IllegalArgumentException.class, () -> Verdict.jump(""));
        assertThrows(IllegalArgumentException.class, () -> new Expr.Concat(List.of()));
        assertThrows(IllegalArgumentException.class, () -> Presets.snat(APP, "post", "10.0.0.0/8", "fd00::1"));
    }

    @Test
    void elementsFromPlainValues() {
        Elements e = Elements.of(Family.INET, "app", "s", "10.0.0.0/8", "192.0.2.1", 22, "1000-2000", "10.1.0.1-10.1.0.9",
                InetAddress.ofLiteral("fd00::1"));
        assertEquals("[{\"prefix\":{\"addr\":\"10.0.0.0\",\"len\":8}},\"192.0.2.1\",22,{\"range\":[1000,2000]},"
                + "{\"range\":[\"10.1.0.1\",\"10.1.0.9\"]},\"fd00:0:0:0:0:0:0:1\"]", json(e.toJson().get("elem")));
    }

    @Test
    void bulkChunksRespectTheElementAndByteLimitsAndReadLazily() {
        int[] pulled = {0};
        java.util.Iterator<Object> source = new java.util.Iterator<>() {
            @Override public boolean hasNext() { return pulled[0] < 25_000; }
            @Override public Object next() { int i = pulled[0]++; return "10.0." + (i >> 8 & 255) + "." + (i & 255); }
        };
        Bulk.Chunker c = new Bulk.Chunker(source, Bulk.defaults().withChunkElements(10_000));
        List<Integer> sizes = new ArrayList<>();
        for (List<Expr> ch = c.next(); ch != null; ch = c.next()) {
            sizes.add(ch.size());
            assertTrue(pulled[0] <= sizes.stream().mapToInt(Integer::intValue).sum(), "the source is read one chunk at a time");
        }
        assertEquals(List.of(10_000, 10_000, 5_000), sizes);
        // the byte bound: 1 KiB of JSON per chunk at most (plus one element)
        Bulk.Chunker small = new Bulk.Chunker(IntStream.range(0, 1000).mapToObj(i -> (Object) "192.168.100.100").iterator(),
                new Bulk(200_000, 1024, null));
        List<Expr> first = small.next();
        assertTrue(first.size() >= 50 && first.size() <= 60, "elements in a 1 KiB chunk: " + first.size());
        assertThrows(IllegalArgumentException.class, () -> new Bulk(200_001, 1 << 20, null));
    }

    @Test
    void unknownExpressionsAndStatementsAndObjectsRoundTrip() {
        Map<String, Object> future = Map.of("futurestmt", Map.of("x", 1L));
        assertTrue(NftJson.stmt(future) instanceof Stmt.Unknown);
        assertEquals(future, NftJson.stmt(future).toJson());
        Object fexpr = Map.of("match", Map.of("op", "==", "left", Map.of("quantum", Map.of("key", "spin")), "right", 1L));
        Stmt s = NftJson.stmt(fexpr);
        assertTrue(s instanceof Stmt.Match m && m.left() instanceof Expr.Unknown);
        assertEquals(JsonEq.norm(fexpr, null), JsonEq.norm(s.toJson(), null));
        assertEquals(1, NftJson.unknowns(s).size());
        NftObject o = Ruleset.object(Map.of("tunnel", Map.of("family", "inet", "table", "app", "name", "t")));
        assertTrue(o instanceof UnknownObject u && u.kind().equals("tunnel"));
        // a known object with a field this version does not know is kept whole
        NftObject t = Ruleset.object(Map.of("table", Map.of("family", "inet", "name", "app", "newfield", 3L)));
        assertTrue(t instanceof UnknownObject);
        assertEquals(Map.of("table", Map.of("family", "inet", "name", "app", "newfield", 3L)), t.toCommandBody());
    }

    @Test
    void deleteAndFlushNameTheirObjectOnly() {
        Batch b = Batch.builder().delete(NamedSet.of(APP, "s", "ipv4_addr").withFlags("interval"))
                .flush(Presets.inputChain(APP, "input")).delete(Presets.loopback(APP, "input").withHandle(7)).build();
        // a set names its members in nft's order (family, name, table), chains and rules in theirs
        assertEquals("[{\"delete\":{\"set\":{\"family\":\"inet\",\"name\":\"s\",\"table\":\"app\"}}},"
                + "{\"flush\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"input\"}}},"
                + "{\"delete\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"input\",\"handle\":7}}}]", json(b.toJson()));
    }
}
