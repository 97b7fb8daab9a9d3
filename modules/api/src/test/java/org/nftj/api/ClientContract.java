package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;

/**
 * The contract of {@link NftjClient}: one suite, run against the in-memory {@link FakeNftj}
 * ({@code FakeClientContractTest}) and against the real helper and kernel in a throwaway network
 * namespace ({@code HelperClientContractTest}), so that what an application's unit test shows
 * against the fake holds against the kernel. Each test states what the kernel does and checks the
 * client reports it the same way: typed listings, handles, all-or-nothing batches, dry runs, the
 * missing or existing object named, the refused element named, set intervals, policy refusals.
 */
abstract class ClientContract {
    static final Table APP = new Table(Family.INET, "app");

    /** A client whose policy owns {@code inet app} and {@code inet nftj_demo}, with every operation. */
    abstract NftjClient open() throws Exception;

    /** Closes what {@link #open} started. */
    abstract void release();

    /** The whole ruleset in nft syntax: the fake's {@code dumpNft()}, the kernel's {@code nft list ruleset}. */
    abstract String nftText() throws Exception;

    private NftjClient nft;

    NftjClient nft() throws Exception {
        if (nft == null) nft = open();
        return nft;
    }

    @AfterEach
    void closeClient() {
        if (nft != null) nft.close();
        nft = null;
        release();
    }

    /** inet app with a base input chain (drop), a regular chain and one rule in each. */
    TableClient base() throws Exception {
        TableClient app = nft().table(Family.INET, "app");
        app.add(app.table(),
                app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP),
                app.chain("web"),
                app.rule("web", Matches.tcpDport(443), Stmt.accept()),
                app.rule("input", Matches.tcpDport(22), Stmt.accept()));
        return app;
    }

    @Test
    void tablesChainsAndRulesAreListedTypedWithHandles() throws Exception {
        TableClient app = base();
        assertTrue(app.exists());
        assertEquals(List.of("app"), nft().tables().stream().map(Table::name).toList());
        Chain input = app.listChain("input");
        assertEquals(ChainHook.INPUT, input.hook().hook());
        assertEquals(0, input.hook().priority());
        assertEquals(ChainPolicy.DROP, input.hook().policy());
        List<Rule> rules = app.listRules("input");
        assertEquals(1, rules.size());
        assertTrue(rules.getFirst().handle() > 0);
        Ruleset all = app.list();
        assertEquals(1, all.of(Table.class).size());
        assertEquals(List.of("input", "web"), all.of(Chain.class).stream().map(Chain::name).sorted().toList());
        assertEquals(2, all.of(Rule.class).size());
        assertEquals(all.objects().size(), nft().ruleset().objects().size());
    }

    @Test
    void theExactListingIsWhatNftPrints() throws Exception {
        TableClient app = nft().table(Family.INET, "app");
        app.add(app.table(), app.set("deny4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL),
                app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.ACCEPT),
                app.rule("input", Matches.saddrIn("deny4", false), Stmt.drop()));
        app.apply(Batch.builder().add(app.elements("deny4", "10.0.0.0/8", "192.0.2.1")).build());
        List<Map<String, Object>> listed = app.listJson();
        String expected = """
                [{"table":{"family":"inet","name":"app","handle":H}},\
                {"set":{"family":"inet","name":"deny4","table":"app","type":"ipv4_addr","handle":1,"flags":["interval"],\
                "size":16777216,"elem":[{"prefix":{"addr":"10.0.0.0","len":8}},"192.0.2.1"]}},\
                {"chain":{"family":"inet","table":"app","name":"input","handle":2,"type":"filter","hook":"input","prio":0,\
                "policy":"accept"}},\
                {"rule":{"family":"inet","table":"app","chain":"input","handle":3,"expr":[{"match":{"op":"==","left":\
                {"payload":{"protocol":"ip","field":"saddr"}},"right":"@deny4"}},{"drop":null}]}}]""";
        long tableHandle = app.list().of(Table.class).getFirst().handle();
        // the same JSON values; the helper writes the keys of an object in its own order
        assertEquals(tools.jackson.jr.ob.JSON.std.anyFrom(expected.replace("\"handle\":H", "\"handle\":" + tableHandle)),
                tools.jackson.jr.ob.JSON.std.anyFrom(Json.text(listed)));
    }

    @Test
    void theRulesetInNftSyntaxIsWhatNftPrints() throws Exception {
        TableClient app = base();
        app.add(app.set("deny4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL), app.counter("ssh"));
        app.apply(Batch.builder().add(app.elements("deny4", "10.0.0.0/8", "192.0.2.1")).build());
        String expected = """
                table inet app {
                	counter ssh {
                		packets 0 bytes 0
                	}

                	set deny4 {
                		type ipv4_addr
                		size 16777216
                		flags interval
                		elements = { 10.0.0.0/8, 192.0.2.1 }
                	}

                	chain input {
                		type filter hook input priority filter; policy drop;
                		tcp dport 22 accept
                	}

                	chain web {
                		tcp dport 443 accept
                	}
                }
                """;
        assertEquals(expected, nftText());
    }

    @Test
    void insertAddAtHandleReplaceAndDeleteRules() throws Exception {
        TableClient app = base();
        long first = app.listRules("input").getFirst().handle();
        app.apply(Batch.builder().insert(app.rule("input", Matches.tcpDport(80), Stmt.accept())).build());
        app.apply(Batch.builder().add(app.rule("input", Matches.tcpDport(8080), Stmt.accept()).withHandle(first)).build());
        assertEquals(List.of(80L, 22L, 8080L), ports(app.listRules("input")));
        app.apply(Batch.builder().replace(app.rule("input", Matches.tcpDport(2222), Stmt.accept()).withHandle(first)).build());
        assertEquals(List.of(80L, 2222L, 8080L), ports(app.listRules("input")));
        app.apply(Batch.builder().delete(app.rule("input").withHandle(first)).build());
        assertEquals(List.of(80L, 8080L), ports(app.listRules("input")));
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> app.apply(Batch.builder().delete(app.rule("input").withHandle(first)).build()));
        assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
    }

    private static List<Long> ports(List<Rule> rules) {
        return rules.stream().map(r -> ((Expr.Num) ((Stmt.Match) r.statements().getFirst()).right()).value()).toList();
    }

    @Test
    void echoedHandlesAreTheListedOnes() throws Exception {
        TableClient app = base();
        Ruleset echoed = nft().applyEchoed(Batch.builder().add(app.rule("input", Matches.tcpDport(25), Stmt.drop())).build());
        Rule made = echoed.of(Rule.class).getFirst();
        assertEquals(app.listRules("input").getLast().handle(), made.handle());
    }

    @Test
    void aRuleIntoAMissingChainNamesTheChainAndNothingIsApplied() throws Exception {
        TableClient app = base();
        NotFoundException e = assertThrows(NotFoundException.class, () -> app.apply(Batch.builder()
                .add(app.rule("input", Matches.tcpDport(81), Stmt.accept()))
                .add(app.rule("nochain", Matches.tcpDport(82), Stmt.accept())).build()));
        assertEquals(1, e.command(), e.getMessage());
        assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
        assertEquals(ObjectId.chain(APP, "nochain"), e.object().orElse(null), () -> why(e));
        assertTrue(e.getMessage().startsWith("chain inet app nochain does not exist: command 1 (add rule inet app nochain tcp dport 82"
                + " accept) failed: "),
                e.getMessage());
        assertEquals(1, app.listRules("input").size(), "all or nothing");
    }

    /** The message and why the object could not be named, for a failing assertion. */
    static String why(Throwable e) {
        java.io.StringWriter w = new java.io.StringWriter();
        for (Throwable s : e.getSuppressed()) s.printStackTrace(new java.io.PrintWriter(w));
        return e.getMessage() + "\n" + w;
    }

    @Test
    void aMissingTableSetOrJumpTargetIsNamed() throws Exception {
        TableClient other = nft().table(Family.INET, "nftj_demo");
        NotFoundException t = assertThrows(NotFoundException.class, () -> other.add(other.chain("c")));
        assertEquals(ObjectId.table(new Table(Family.INET, "nftj_demo")), t.object().orElseThrow(), t.getMessage());
        TableClient app = base();
        NotFoundException s = assertThrows(NotFoundException.class,
                () -> app.add(app.rule("input", Matches.saddrIn("nosuchset", false), Stmt.drop())));
        assertEquals(ObjectId.set(APP, "nosuchset"), s.object().orElseThrow(), s.getMessage());
        NotFoundException j = assertThrows(NotFoundException.class, () -> app.add(app.rule("input", Stmt.jump("nowhere"))));
        assertEquals(ObjectId.chain(APP, "nowhere"), j.object().orElseThrow(), j.getMessage());
        NotFoundException d = assertThrows(NotFoundException.class, () -> app.apply(Batch.builder().delete(app.chain("gone")).build()));
        assertEquals(ObjectId.chain(APP, "gone"), d.object().orElseThrow(), d.getMessage());
    }

    @Test
    void createOfAnExistingObjectNamesIt() throws Exception {
        TableClient app = base();
        app.add(app.chain("web")); // add: an existing chain is left as it is
        AlreadyExistsException e = assertThrows(AlreadyExistsException.class,
                () -> app.apply(Batch.builder().create(app.chain("web")).build()));
        assertEquals(ObjectId.chain(APP, "web"), e.object().orElseThrow(), e.getMessage());
        assertEquals(0, e.command());
    }

    @Test
    void aDryRunFailsAsTheKernelWouldAndChangesNothing() throws Exception {
        TableClient app = base();
        app.check(Batch.builder().add(app.rule("input", Matches.tcpDport(80), Stmt.accept())).build());
        assertEquals(1, app.listRules("input").size());
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> app.check(Batch.builder().add(app.rule("nochain", Stmt.accept())).build()));
        assertEquals(ObjectId.chain(APP, "nochain"), e.object().orElseThrow());
        assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
    }

    @Test
    void aChainIsDeletedWithItsRulesUnlessARuleJumpsToIt() throws Exception {
        TableClient app = base();
        app.add(app.chain("ssh"), app.rule("ssh", Stmt.accept()), app.rule("input", Stmt.jump("ssh")));
        NftjException e = assertThrows(NftjException.class, () -> app.apply(Batch.builder().delete(app.chain("ssh")).build()));
        assertInstanceOf(NftFailedException.class, e, e.getMessage());
        app.apply(Batch.builder().delete(app.chain("web")).build());
        assertEquals(List.of("input", "ssh"), app.list().of(Chain.class).stream().map(Chain::name).toList());
        assertEquals(3, app.list().of(Rule.class).size());
    }

    // ---- sets and elements ----------------------------------------------------------------------------

    @Test
    void intervalSetsRefuseOverlapsAndListPrefixes() throws Exception {
        TableClient app = base();
        app.add(app.set("deny4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL));
        app.apply(Batch.builder().add(app.elements("deny4", "10.0.0.0/8", "192.0.2.0-192.0.2.9")).build());
        app.apply(Batch.builder().add(app.elements("deny4", "10.0.0.0/8")).build()); // add: present, nothing changes
        NftjException overlap = assertThrows(NftjException.class,
                () -> app.apply(Batch.builder().add(app.elements("deny4", "11.0.0.1", "10.1.0.0/16")).build()));
        assertInstanceOf(NftFailedException.class, overlap, overlap.getMessage());
        assertEquals(ObjectId.element(APP, "deny4", new Expr.Prefix(new Expr.Str("10.1.0.0"), 16)), overlap.object().orElseThrow(),
                overlap.getMessage());
        assertTrue(overlap.getMessage().startsWith("element 1 of 2, 10.1.0.0/16, is refused by set inet app deny4 (set of type"
                + " ipv4_addr)"), overlap.getMessage());
        AlreadyExistsException again = assertThrows(AlreadyExistsException.class,
                () -> app.apply(Batch.builder().create(app.elements("deny4", "10.0.0.0/8")).build()));
        assertEquals(ObjectId.element(APP, "deny4", new Expr.Prefix(new Expr.Str("10.0.0.0"), 8)), again.object().orElseThrow());
        assertEquals(List.of(new Expr.Prefix(new Expr.Str("10.0.0.0"), 8),
                new Expr.Range(new Expr.Str("192.0.2.0"), new Expr.Str("192.0.2.9"))), app.listElements("deny4").toList());
    }

    @Test
    void ipv6AndProtocolSetsListAsNftDoes() throws Exception {
        TableClient app = base();
        app.add(app.set("deny6", DataType.IPV6_ADDR).withFlags(SetFlag.INTERVAL), app.set("protos", DataType.INET_PROTO));
        app.apply(Batch.builder().add(app.elements("deny6", "2001:db8:1:0:0:0:0:1", "2001:db8::/48"))
                .add(app.elements("protos", 17, 6)).build());
        assertEquals(List.of(new Expr.Prefix(new Expr.Str("2001:db8::"), 48), new Expr.Str("2001:db8:1::1")),
                app.listElements("deny6").toList());
        assertEquals(List.of(new Expr.Str("tcp"), new Expr.Str("udp")), app.listElements("protos").toList());
    }

    @Test
    void adjacentIntervalsStayApart() throws Exception {
        TableClient app = base();
        app.add(app.set("adj", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL));
        app.apply(Batch.builder().add(app.elements("adj", "10.0.0.128/25", "10.0.0.0/25", "10.0.1.0-10.0.1.255")).build());
        assertEquals(List.of(new Expr.Prefix(new Expr.Str("10.0.0.0"), 25), new Expr.Prefix(new Expr.Str("10.0.0.128"), 25),
                new Expr.Prefix(new Expr.Str("10.0.1.0"), 24)), app.listElements("adj").toList());
        app.apply(Batch.builder().delete(app.elements("adj", "10.0.0.0/25")).build());
        NftFailedException part = assertThrows(NftFailedException.class,
                () -> app.apply(Batch.builder().delete(app.elements("adj", "10.0.1.0/25")).build()));
        assertEquals(ObjectId.element(APP, "adj", new Expr.Prefix(new Expr.Str("10.0.1.0"), 25)), part.object().orElseThrow(),
                part.getMessage());
        assertEquals(2, app.listElements("adj").count());
    }

    @Test
    void plainSetsNameTheRefusedElementWithItsIndexAndTheSetsType() throws Exception {
        TableClient app = base();
        app.add(app.set("hosts", DataType.IPV4_ADDR));
        app.apply(Batch.builder().add(app.elements("hosts", "192.0.2.3", "192.0.2.1", "192.0.2.2")).build());
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "192.0.2.3"),
                app.listElements("hosts").map(e -> ((Expr.Str) e).value()).toList());
        NftjException v6 = assertThrows(NftjException.class,
                () -> app.apply(Batch.builder().add(app.elements("hosts", "192.0.2.9", "2001:db8::1")).build()));
        assertEquals(ObjectId.element(APP, "hosts", new Expr.Str("2001:db8::1")), v6.object().orElseThrow(), v6.getMessage());
        assertTrue(v6.getMessage().startsWith("element 1 of 2, 2001:db8::1, is refused by set inet app hosts (set of type ipv4_addr)"),
                v6.getMessage());
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> app.apply(Batch.builder().delete(app.elements("hosts", "192.0.2.1", "192.0.2.77")).build()));
        assertEquals(ObjectId.element(APP, "hosts", new Expr.Str("192.0.2.77")), missing.object().orElseThrow(), missing.getMessage());
        assertEquals(3, app.listElements("hosts").count(), "all or nothing");
        NftjException prefix = assertThrows(NftjException.class,
                () -> app.apply(Batch.builder().add(app.elements("hosts", "10.0.0.0/8")).build()));
        assertEquals(ObjectId.element(APP, "hosts", new Expr.Prefix(new Expr.Str("10.0.0.0"), 8)), prefix.object().orElseThrow());
    }

    @Test
    void elementsOfAMissingSetNameTheSet() throws Exception {
        TableClient app = base();
        NotFoundException e = assertThrows(NotFoundException.class,
                () -> app.apply(Batch.builder().add(app.elements("nosuch", "192.0.2.1")).build()));
        assertEquals(ObjectId.set(APP, "nosuch"), e.object().orElseThrow(), e.getMessage());
        assertThrows(NotFoundException.class, () -> app.listSet("nosuch"));
    }

    /**
     * A constant set takes elements only in its declaration: elements added later (add or create,
     * set or map) are refused with the helper's answer on every path, naming the set and saying it
     * is constant, and nothing changes.
     */
    @Test
    void elementsOfAConstantSetOrMapAreRefusedNamingItAndNothingChanges() throws Exception {
        TableClient app = base();
        app.add(app.set("fixed", DataType.IPV4_ADDR).withFlags(SetFlag.CONSTANT)
                        .withElements(List.of(new Expr.Str("192.0.2.1"), new Expr.Str("192.0.2.5"))),
                app.map("marks", DataType.IPV4_ADDR, DataType.MARK).withFlags(SetFlag.CONSTANT)
                        .withElements(List.of(new Expr.MapEntry(new Expr.Str("192.0.2.1"), new Expr.Num(1)))));
        String before = nftText();
        Expr two = new Expr.MapEntry(new Expr.Str("192.0.2.2"), new Expr.Num(2));
        record Case(Batch batch, String command, ObjectId element, String refusedBy) {}
        for (Case c : List.of(
                new Case(Batch.builder().add(app.elements("fixed", "192.0.2.2")).build(), "add element inet app fixed { 192.0.2.2 }",
                        ObjectId.element(APP, "fixed", new Expr.Str("192.0.2.2")), "192.0.2.2, is refused by set inet app fixed (set of type ipv4_addr)"),
                new Case(Batch.builder().create(app.elements("fixed", "192.0.2.2")).build(), "create element inet app fixed { 192.0.2.2 }",
                        ObjectId.element(APP, "fixed", new Expr.Str("192.0.2.2")), "192.0.2.2, is refused by set inet app fixed (set of type ipv4_addr)"),
                new Case(Batch.builder().add(app.elements("marks", two)).build(), "add element inet app marks { 192.0.2.2 : 2 }",
                        ObjectId.element(APP, "marks", two), "192.0.2.2 : 2, is refused by map inet app marks (map of type ipv4_addr : mark)"))) {
            NftFailedException e = assertThrows(NftFailedException.class, () -> app.apply(c.batch()));
            String set = c.element().toString().contains("marks") ? "marks" : "fixed";
            assertEquals("element 0 of 1, " + c.refusedBy() + ": command 0 (" + c.command() + ") failed: set inet app " + set
                    + " is constant: its elements are the ones it was created with; to change them, delete the set and add it"
                    + " again with its elements", e.getMessage());
            assertEquals(c.element(), e.object().orElseThrow(), e.getMessage());
            assertEquals("nft_failed", e.code());
            assertEquals(0, e.command(), e.getMessage());
            assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
        }
        assertEquals(before, nftText(), "nothing changed");
        assertEquals(2, app.listElements("fixed").count());
    }

    @Test
    void mapsHoldEntries() throws Exception {
        TableClient app = base();
        app.apply(Batch.builder().add(app.map("marks", DataType.IPV4_ADDR, DataType.MARK))
                .add(app.elements("marks", new Expr.MapEntry(new Expr.Str("192.0.2.1"), new Expr.Num(7)))).build());
        NamedSet marks = app.listSet("marks");
        assertTrue(marks.isMap());
        assertEquals(List.of(new Expr.MapEntry(new Expr.Str("192.0.2.1"), new Expr.Num(7))), marks.elements(), marks.toString());
    }

    @Test
    void aStreamOfTenThousandPrefixesIsLoadedInChunks() throws Exception {
        TableClient app = base();
        app.add(app.set("deny4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL));
        Stream<String> prefixes = IntStream.range(0, 10_000).mapToObj(i -> "10." + (i >> 8) + "." + (i & 255) + ".0/24");
        assertEquals(10_000, app.addElements("deny4", prefixes));
        assertEquals(10_000, app.listElements("deny4").count());
        assertEquals(2, app.deleteElements("deny4", Stream.of("10.0.0.0/24", "10.0.1.0/24")));
        assertEquals(9_998, app.listElements("deny4").count());
        List<Expr> streamed = new java.util.ArrayList<>();
        assertEquals(9_998, app.listElements("deny4", streamed::addAll), "streamed in parts, counted");
        assertEquals(app.listElements("deny4").toList(), streamed, "the same elements in the same order");
        assertThrows(NotFoundException.class, () -> app.listElements("nosuchset", part -> {}));
    }

    @Test
    void aTableIsSummarisedWithItsCounts() throws Exception {
        TableClient app = base();
        app.add(app.set("hosts", DataType.IPV4_ADDR), app.set("nets", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL));
        app.addElements("hosts", Stream.of("192.0.2.1", "192.0.2.2", "192.0.2.3"));
        app.addElements("nets", Stream.of("10.0.0.0/8", "172.16.0.0/12"));
        TableSummary s = app.summary();
        assertEquals(APP, new Table(s.table().family(), s.table().name()));
        assertEquals(List.of("input", "web"), s.chains().stream().map(Chain::name).sorted().toList());
        assertEquals(java.util.Map.of("input", 1L, "web", 1L), s.rules());
        assertEquals(java.util.Map.of("hosts", 3L, "nets", 2L), s.elements(), "an interval counts once");
        assertTrue(s.sets().stream().allMatch(set -> set.elements().isEmpty()), "no element was read");
        assertThrows(NotFoundException.class, () -> nft().table(Family.INET, "nftj_demo").summary());
    }

    @Test
    void namedCountersAreListedAndReset() throws Exception {
        TableClient app = base();
        app.add(app.counter("ssh"), app.rule("input", Matches.tcpDport(2022), Stmt.counter("ssh"), Stmt.accept()));
        assertEquals(0L, app.listCounter("ssh").packets());
        assertEquals(List.of("ssh"), app.resetCounters("ssh").stream().map(NamedCounter::name).toList());
        NotFoundException e = assertThrows(NotFoundException.class, () -> app.listCounter("nope"));
        assertEquals(ObjectId.of("counter", APP, "nope"), e.object().orElseThrow(), e.getMessage());
    }

    // ---- desired state, deletion, policy ----------------------------------------------------------------

    @Test
    void aListingAsTheClientPrintsItIsAppliedBackWhole() throws Exception {
        TableClient app = base();
        app.add(app.set("deny4", DataType.IPV4_ADDR).withFlags(SetFlag.INTERVAL), app.counter("ssh"),
                app.map("ports", DataType.INET_SERVICE, DataType.VERDICT)
                        .withElements(List.of(new Expr.MapEntry(new Expr.Num(80), Stmt.jump("web")))),
                app.rule("input", Matches.saddrIn("deny4", false), Stmt.counter("ssh"), Stmt.drop()));
        app.apply(Batch.builder().add(app.elements("deny4", "10.0.0.0/8", "192.0.2.1")).build());
        String listing = org.nftj.api.expr.NftJsonText.document(app.listJson());
        String text = nftText();
        app.delete();
        nft().applyJson(listing, true); // a dry run of the listing: nothing changes
        assertFalse(app.exists());
        nft().applyJson(listing, false);
        assertEquals(withoutHandles(listing), withoutHandles(org.nftj.api.expr.NftJsonText.document(app.listJson())));
        assertEquals(text, nftText(), "the same ruleset, as nft prints it");
        String broken = listing.replace("\"@deny4\"", "\"@nosuchset\"");
        app.delete();
        assertThrows(NotFoundException.class, () -> nft().applyJson(broken, false));
        assertFalse(app.exists(), "all or nothing");
        assertThrows(InvalidRequestException.class, () -> nft().applyJson("{\"nftables\": [{\"add\": {\"tabel\": {}}}]}", false));
    }

    private static String withoutHandles(String json) {
        return json.replaceAll(", \"handle\": \\d+", "").replaceAll("\"handle\": \\d+, ", "");
    }

    @Test
    void syncMakesTheTableEqualAndIsIdempotent() throws Exception {
        TableClient app = nft().table(Family.INET, "app");
        DesiredTable desired = app.desired()
                .add(app.baseChain("input", ChainType.FILTER, ChainHook.INPUT, Priority.FILTER, ChainPolicy.DROP))
                .add(app.rule("input", Matches.tcpDport(22), Stmt.accept()))
                .build();
        assertFalse(app.plan(desired).isEmpty());
        app.sync(desired);
        assertTrue(app.plan(desired).isEmpty(), () -> "second plan:\n" + planOf(app, desired));
        assertNull(app.sync(desired).batch());
        assertEquals(1, app.listRules("input").size());
    }

    private static String planOf(TableClient app, DesiredTable d) {
        try {
            return app.plan(d).toString();
        } catch (NftjException e) {
            return e.toString();
        }
    }

    @Test
    void deletingATableRemovesEverythingInIt() throws Exception {
        TableClient app = base();
        app.delete();
        assertFalse(app.exists());
        assertEquals(List.of(), nft().tables());
        NotFoundException e = assertThrows(NotFoundException.class, app::delete);
        assertEquals(ObjectId.table(APP), e.object().orElseThrow(), e.getMessage());
    }

    @Test
    void aTableOutsideThePolicyIsRefusedAndNothingIsApplied() throws Exception {
        TableClient app = base();
        Table foreign = new Table(Family.INET, "other");
        PolicyDeniedException e = assertThrows(PolicyDeniedException.class, () -> nft().apply(Batch.builder()
                .add(app.rule("input", Matches.tcpDport(81), Stmt.accept())).add(foreign).build()));
        assertEquals(1, e.command());
        assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
        assertEquals(ObjectId.table(foreign), e.object().orElseThrow(), e.getMessage());
        assertTrue(e.getMessage().startsWith("table inet other: command 1 (add table inet other) failed: "), e.getMessage());
        assertEquals(1, app.listRules("input").size());
        PolicyDeniedException listing = assertThrows(PolicyDeniedException.class, () -> nft().table(foreign).list());
        assertEquals(ObjectId.table(foreign), listing.object().orElseThrow(), listing.getMessage());
    }

    @Test
    void anInvalidBatchIsRefusedBeforeTheKernelSeesIt() throws Exception {
        TableClient app = base();
        InvalidRequestException e = assertThrows(InvalidRequestException.class,
                () -> nft().apply(Batch.builder().add(new Table(Family.INET, "bad name")).build()));
        assertEquals(0, e.command());
        assertEquals(1, app.listRules("input").size());
    }

    @Test
    void aTableHandleRefusesObjectsOfAnotherTable() throws Exception {
        TableClient app = base();
        Rule foreign = Rule.in(new Table(Family.INET, "nftj_demo"), "input", Stmt.accept());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> app.add(foreign));
        assertTrue(e.getMessage().contains("not in table inet app"), e.getMessage());
    }
}
