package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * What an application sees of the helper's direct element path, against the real helper and
 * kernel: a set listed as a stream of parts, a table summarised without its elements, and a value
 * of the wrong type refused naming the element and the set (the helper's own differential tests,
 * helper-zig/tests/direct_blackbox.py, compare the kernel state with libnftables').
 */
@KernelTest
class DirectPathTest {
    private static final Family F = Family.INET;
    private static final Table APP = new Table(F, "app");

    private static Batch table() {
        return Batch.builder()
                .add(APP)
                .add(new NamedSet(F, "app", "blocklist", "ipv4_addr", List.of()))
                .add(new NamedSet(F, "app", "nets", "ipv4_addr", List.of("interval")))
                .add(Chain.base(APP, "input", Chain.Hook.filter(ChainHook.INPUT, 0, ChainPolicy.ACCEPT)))
                .add(Rule.of(F, "app", "input", Matches.saddrIn("blocklist", false), Stmt.drop()))
                .build();
    }

    private static List<String> addresses(int count) {
        List<String> out = new ArrayList<>(count);
        for (int n = 0; n < count; n++) out.add("10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
        return out;
    }

    @Test
    void aLargeSetIsListedAsAStreamOfParts() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(table());
            assertEquals(120_000, nft.table(F, "app").addElements("blocklist", addresses(120_000).iterator(), Bulk.defaults()));
            AtomicInteger parts = new AtomicInteger();
            Set<Expr> seen = new HashSet<>();
            long count = nft.table(F, "app").listElements("blocklist", chunk -> {
                parts.incrementAndGet();
                assertTrue(chunk.size() < 120_000, "a part, not the whole set");
                seen.addAll(chunk);
            });
            assertEquals(120_000, count);
            assertEquals(120_000, seen.size(), "every element once");
            assertTrue(parts.get() >= 2, "the answer came in parts: " + parts.get());
            assertEquals(120_000L, nft.table(F, "app").listElements("blocklist").count(), "the whole set, assembled from the parts");
        }
    }

    @Test
    void aTableIsSummarisedWithCountsWithoutItsElements() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(table());
            nft.table(F, "app").addElements("blocklist", addresses(5_000).iterator(), Bulk.defaults());
            nft.apply(Batch.builder().add(Elements.of(F, "app", "nets", "192.168.0.0/16", "172.16.0.0/12")).build());
            TableSummary s = nft.table(APP).summary();
            assertEquals("app", s.table().name());
            assertEquals(List.of("input"), s.chains().stream().map(Chain::name).toList());
            assertEquals(1L, s.rules().get("input"));
            assertEquals(5_000L, s.elements().get("blocklist"));
            assertEquals(2L, s.elements().get("nets"), "an interval counts once");
            assertTrue(s.sets().stream().allMatch(set -> set.elements().isEmpty()), "no element was read");
            assertThrows(NotFoundException.class, () -> nft.table(new Table(F, "nftj_demo")).summary());
        }
    }

    @Test
    void aValueOfTheWrongTypeIsATypedErrorNamingTheElementAndTheSet() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(table());
            String before = h.ruleset();
            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> nft.apply(Batch.builder().add(Elements.of(F, "app", "blocklist", "192.0.2.1", "2001:db8::1")).build()));
            assertEquals(0, e.command());
            assertEquals("/batch/nftables/0/add/element/elem/1", e.path());
            assertTrue(e.getMessage().contains("2001:db8::1") && e.getMessage().contains("set inet app blocklist"), e.getMessage());
            assertFalse(e.getMessage().contains("resolve"), "not libnftables' 'Could not resolve hostname'");
            assertEquals(before, h.ruleset(), "nothing was applied");
        }
    }

    @Test
    void aDocumentLargerThanAFrameAppliesAsOneTransaction() throws Exception {
        // 1.5 million elements: ~22 MB of JSON, more than one 16 MiB frame and more than one
        // command may hold; the validator cuts the list, the transport sends the request in parts,
        // the helper assembles it and runs it as one transaction (docs/protocol.md).
        StringBuilder doc = new StringBuilder("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},"
                + "{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"big\",\"type\":\"ipv4_addr\",\"size\":4000000}}},"
                + "{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"big\",\"elem\":[");
        List<String> first = addresses(1_500_000);
        for (int i = 0; i < first.size(); i++) doc.append(i == 0 ? "\"" : ",\"").append(first.get(i)).append('"');
        doc.append("]}}}]}");
        assertTrue(doc.length() > 16 << 20, "larger than a frame: " + doc.length());
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.applyJson(doc.toString(), false);
            assertEquals(1_500_000L, nft.table(APP).summary().elements().get("big"));
            // Elements alone into the existing set: the direct path, one transaction all the same;
            // one bad element refuses the whole and names the element where the caller wrote it.
            List<String> more = new ArrayList<>();
            for (int n = 0; n < 1_200_000; n++) more.add("11." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255));
            more.set(1_100_001, "2001:db8::1");
            String bad = "{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"big\",\"elem\":[\""
                    + String.join("\",\"", more) + "\"]}}}]}";
            InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> nft.applyJson(bad, false));
            assertEquals(0, e.command(), e.getMessage());
            assertEquals("/batch/nftables/0/add/element/elem/1100001", e.path(), e.getMessage());
            assertEquals(1_500_000L, nft.table(APP).summary().elements().get("big"), "nothing of it applied");
            more.set(1_100_001, "12.0.0.1");
            nft.applyJson("{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"big\",\"elem\":[\""
                    + String.join("\",\"", more) + "\"]}}}]}", false);
            assertEquals(2_700_000L, nft.table(APP).summary().elements().get("big"));
        }
    }
}
