package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Stmt;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * Desired-state sync against the real helper and kernel, for what users store: elements loaded at
 * run time survive, rules written in any form libnftables takes settle, and a listing read back
 * from the kernel is a desired state that changes nothing.
 */
@KernelTest
class SyncFidelityTest {
    static final Table APP = new Table(Family.INET, "app");

    static Nftj open(NetnsHelper h) throws NftjException {
        return Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false));
    }

    static long elementsOf(Nftj nft, String set) throws NftjException {
        for (NamedSet s : nft.table(APP).list().of(NamedSet.class)) if (s.name().equals(set)) return s.elements().size();
        throw new AssertionError("no set " + set);
    }

    /** The blocklist preset declares its sets without elements; the application fills them at run time. */
    @Test
    void elementsLoadedAtRunTimeSurviveASyncOfASetDeclaredWithoutElements() throws Exception {
        DesiredTable desired = DesiredTable.of(APP).add(Presets.inputChain(APP, "input"))
                .addAll(Presets.blocklist(APP, "input", "deny")).build();
        try (NetnsHelper h = NetnsHelper.create(); Nftj nft = open(h)) {
            nft.sync(desired);
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) addresses.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            nft.table(APP).addElements("deny4", addresses.iterator(), Bulk.defaults());
            assertEquals(10_000, elementsOf(nft, "deny4"));

            Plan again = nft.plan(desired);
            assertTrue(again.isEmpty(), "nothing to do: the set's elements are not part of the desired state\n" + again);
            nft.sync(desired);
            assertEquals(10_000, elementsOf(nft, "deny4"), "a sync must not empty a set declared without elements");

            // An explicit empty list is a desired content: the set is emptied.
            List<NftObject> emptied = new ArrayList<>();
            for (NftObject o : desired.objects()) {
                emptied.add(o instanceof NamedSet s && s.name().equals("deny4") ? s.withElements(List.of()) : o);
            }
            nft.sync(new DesiredTable(APP, emptied));
            assertEquals(0, elementsOf(nft, "deny4"), "an explicit empty element list empties the set");
        }
    }

    /** Forms libnftables takes and the kernel lists differently: each sync after the first changes nothing. */
    @Test
    void rulesWrittenInAnyAcceptedFormSettle() throws Exception {
        Expr dport = new Expr.Payload("tcp", "dport");
        Expr state = Expr.Ct.of("state");
        DesiredTable desired = DesiredTable.of(APP).add(Presets.inputChain(APP, "input"))
                .add(Rule.in(APP, "input", new Stmt.Match("in", dport, new Expr.SetOf(List.of(new Expr.Num(443), new Expr.Num(80)))),
                        Stmt.accept()))
                .add(Rule.in(APP, "input", new Stmt.Match("in", dport, new Expr.Num(22)), Stmt.accept()))
                .add(Rule.in(APP, "input", new Stmt.Match("in", state, new Expr.Str("established")), Stmt.accept()))
                // a bare flag list, as nft lists ct state established,related
                .add(Rule.in(APP, "input", new Stmt.Match("==", state,
                        new Expr.ListOf(List.of(new Expr.Str("established"), new Expr.Str("related")))), Stmt.accept()))
                // names the helper resolves from what it opened before its seal
                .add(Rule.in(APP, "input", new Stmt.Match("==", new Expr.Meta("iif"), new Expr.Str("lo")), Stmt.accept()))
                .add(Rule.in(APP, "input", new Stmt.Match("==", new Expr.Meta("l4proto"), new Expr.Str("gre")), Stmt.accept()))
                .add(Rule.in(APP, "input", new Stmt.Match("==", new Expr.Meta("l4proto"), new Expr.Num(6)), Stmt.counter()))
                .add(Rule.in(APP, "input", new Stmt.Match("==", new Expr.Meta("mark"), new Expr.Str("0x10")), Stmt.drop()))
                .add(Rule.in(APP, "input", new Stmt.Match("==", new Expr.Payload("ip6", "saddr"), new Expr.Str("2001:0db8::0001")),
                        Stmt.drop()))
                .build();
        try (NetnsHelper h = NetnsHelper.create(); Nftj nft = open(h)) {
            assertTrue(!nft.sync(desired).isEmpty());
            Plan again = nft.plan(desired);
            assertTrue(again.isEmpty(), "the kernel's listing of these rules equals what was asked:\n" + again
                    + "\nkernel:\n" + h.ruleset());
        }
    }

    /** {@code nftj sync} of what {@code nftj list --json} printed: handles and all, a no-op. */
    @Test
    void aListingReadBackIsADesiredStateThatChangesNothing() throws Exception {
        try (NetnsHelper h = NetnsHelper.create(); Nftj nft = open(h)) {
            nft.sync(DesiredTable.of(APP).add(Presets.inputChain(APP, "input"), NamedCounter.of(APP, "ssh"))
                    .addAll(Presets.blocklist(APP, "input", "deny")).add(Presets.loopback(APP, "input")).build());
            Ruleset listed = nft.table(APP).list();
            List<NftObject> objects = new ArrayList<>();
            for (NftObject o : listed.objects()) if (!(o instanceof Table) && !(o instanceof Metainfo)) objects.add(o);
            DesiredTable fromListing = new DesiredTable(APP, objects);
            Plan p = nft.plan(fromListing);
            assertTrue(p.isEmpty(), "a listing of the table is already its desired state:\n" + p);
            // a changed listing is applied: no handle goes into a command (libnftables refuses none, the
            // validators refuse "handle" in add), and the next plan is empty
            objects.add(Rule.in(APP, "input", Stmt.drop()).withHandle(99));
            Plan changed = nft.sync(new DesiredTable(APP, objects));
            assertEquals(List.of("+ rule input: drop"), changed.changes().stream().map(Object::toString).toList(), changed.toString());
            assertTrue(nft.plan(new DesiredTable(APP, objects)).isEmpty());
        }
    }
}
