package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;

/**
 * What the fake adds to the client contract (ClientContract): dump and load, the policy's
 * operations and limits, and ObjectId as nft names objects.
 */
class FakeNftjTest {
    static final Table APP = new Table(Family.INET, "app");

    static FakeNftj populated() throws NftjException {
        FakeNftj nft = FakeNftj.create();
        TableClient app = nft.table(APP);
        app.add(app.table(), app.counter("ssh"), app.set("deny4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL),
                app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP),
                app.chain("web"),
                app.rule("input", Matches.saddrIn("deny4", false), Stmt.drop()),
                app.rule("input", Matches.tcpDport(22), Stmt.counter("ssh"), Stmt.accept()),
                app.rule("input", Stmt.jump("web")));
        app.apply(Batch.builder().add(app.elements("deny4", "10.0.0.0/8", "192.0.2.1", "198.51.100.0-198.51.100.9")).build());
        return nft;
    }

    @Test
    void aDumpLoadsIntoAnotherFakeAsTheSameRuleset() throws Exception {
        FakeNftj a = populated();
        String dump = a.dumpJson();
        assertTrue(dump.startsWith("{\"nftables\":[{\"metainfo\":"), dump);
        FakeNftj b = FakeNftj.create();
        b.applyJson(dump, false);
        // as nft -f of a listing, the load gives new handles (in the order the objects are made)
        assertEquals(withoutHandles(dump), withoutHandles(b.dumpJson()));
        assertEquals(a.dumpNft(), b.dumpNft());
    }

    @Test
    void aLoadThatFailsLoadsNothing() throws Exception {
        FakeNftj nft = FakeNftj.create();
        String bad = populated().dumpJson().replace("\"@deny4\"", "\"@nosuchset\"");
        assertThrows(NotFoundException.class, () -> nft.applyJson(bad, false));
        assertEquals(List.of(), nft.tables());
        assertThrows(InvalidRequestException.class, () -> nft.applyJson("[]", false));
    }

    @Test
    void withoutReplaceAnAddOfAnExistingObjectFailsAsTheHelperMakesIt() throws Exception {
        FakeNftj nft = FakeNftj.owning(APP).withOperations("add", "create", "list", "delete");
        TableClient app = nft.table(APP);
        app.add(app.table(), app.chain("c"), app.rule("c", Stmt.accept()));
        app.add(app.rule("c", Stmt.drop())); // rules are only appended
        assertThrows(AlreadyExistsException.class, () -> app.add(app.chain("c")));
        PolicyDeniedException flush = assertThrows(PolicyDeniedException.class,
                () -> app.apply(Batch.builder().flush(app.chain("c")).build()));
        assertEquals("chain inet app c: command 0 (flush chain inet app c) failed: operation not allowed by the policy", flush.getMessage());
        assertEquals(ObjectId.chain(APP, "c"), flush.object().orElseThrow());
        assertEquals(2, app.listRules("c").size());
        assertThrows(IllegalArgumentException.class, () -> nft.withOperations("destroy"));
    }

    @Test
    void theLimitsSizeSetsAndCapTables() throws Exception {
        FakeNftj nft = FakeNftj.create().withLimits(4, 1, 2, 3);
        TableClient app = nft.table(APP);
        app.add(app.table(), app.set("s", DataType.INET_SERVICE), app.chain("a"));
        assertEquals(4L, app.listSet("s").size());
        app.apply(Batch.builder().add(app.elements("s", 1, 2, 3, 4)).build());
        PolicyDeniedException full = assertThrows(PolicyDeniedException.class,
                () -> app.apply(Batch.builder().add(app.elements("s", 5)).build()));
        assertTrue(full.getMessage().contains("limits.elementsPerSet (4)"), full.getMessage());
        assertThrows(PolicyDeniedException.class, () -> app.add(app.set("t", DataType.INET_SERVICE)));
        assertThrows(PolicyDeniedException.class, () -> app.add(app.chain("b"), app.chain("c")));
        app.add(app.rule("a", Stmt.accept()), app.rule("a", Stmt.accept()), app.rule("a", Stmt.accept()));
        PolicyDeniedException rules = assertThrows(PolicyDeniedException.class, () -> app.add(app.rule("a", Stmt.drop())));
        assertTrue(rules.getMessage().contains("limits.rulesPerTable (3)"), rules.getMessage());
        assertEquals(3, app.listRules("a").size());
    }

    @Test
    void aFakeOwningEveryTableListsThemAll() throws Exception {
        FakeNftj nft = FakeNftj.create();
        for (int i : IntStream.range(0, 3).toArray()) nft.table(Family.INET, "t" + i).add(new Table(Family.INET, "t" + i));
        assertEquals(List.of("t0", "t1", "t2"), nft.tables().stream().map(Table::name).toList());
        assertTrue(nft.tables().stream().allMatch(t -> t.handle() != null));
    }

    @Test
    void aValueThatIsNoElementIsNamedWhole() throws Exception {
        TableClient app = FakeNftj.create().table(APP);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.elements("s", "not-an-ip"));
        assertEquals("'not-an-ip' is not an element value (an element is a numeric address, a prefix such as 10.0.0.0/8, "
                + "a range A-B or a number; host and service names are never looked up)", e.getMessage());
        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class, () -> app.elements("s", "10.0.0.0/33"));
        assertTrue(wide.getMessage().startsWith("'10.0.0.0/33' is not an element value (")
                && wide.getMessage().endsWith("): prefix length 33 for 10.0.0.0"), wide.getMessage());
        InvalidRequestException bulk = assertThrows(InvalidRequestException.class,
                () -> populated().table(APP).addElements("deny4", java.util.stream.Stream.of("192.0.2.7", "not-an-ip")));
        assertTrue(bulk.getMessage().contains("'not-an-ip'"), bulk.getMessage());
    }

    @Test
    void objectIdsPrintAsNftNamesObjects() {
        assertEquals("table inet app", ObjectId.table(APP).toString());
        assertEquals("chain inet app input", ObjectId.chain(APP, "input").toString());
        assertEquals("rule inet app input handle 7", ObjectId.rule(APP, "input", 7).toString());
        assertEquals("element inet app deny4 { 10.0.0.0/8 }",
                ObjectId.element(APP, "deny4", new org.nftj.api.expr.Expr.Prefix(new org.nftj.api.expr.Expr.Str("10.0.0.0"), 8)).toString());
        assertEquals("counter inet app ssh", ObjectId.of("counter", APP, "ssh").toString());
    }

    private static String withoutHandles(String json) {
        return json.replaceAll("\"handle\":\\d+,?", "");
    }
}
