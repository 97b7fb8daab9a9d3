package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.Netns;

/**
 * Desired-state sync against the kernel: the plan is computed from a real listing, applied as one
 * {@code nft -j -f} transaction, and a second plan over the result must be empty (idempotent). Named
 * counters survive a sync that does not change them.
 */
@KernelTest
class SyncKernelTest {
    static final Table APP = new Table(Family.INET, "app");

    static Ruleset listing(Netns ns) {
        try {
            return Ruleset.parse(ns.nft("-j", "list", "table", "inet", "app"));
        } catch (IllegalStateException e) {
            return new Ruleset(List.of()); // no such table yet
        }
    }

    static DesiredTable v1() {
        return DesiredTable.of(APP)
                .add(Presets.inputChain(APP, "input"), NamedCounter.of(APP, "ssh"))
                .add(Presets.loopback(APP, "input"), Presets.establishedRelated(APP, "input"))
                .addAll(Presets.blocklist(APP, "input", "deny"))
                .add(Rule.in(APP, "input", Matches.tcpDport(22), Stmt.counter("ssh"), Stmt.accept()))
                .build();
    }

    @Test
    void planAppliesAtomicallyAndIsIdempotentAndKeepsCounters() throws Exception {
        try (Netns ns = Netns.create()) {
            Plan p1 = Sync.plan(v1(), listing(ns));
            assertTrue(p1.toString().contains("+ table app"), p1.toString());
            assertTrue(p1.toString().contains("+ chain input"), p1.toString());
            PresetTrafficTest.apply(ns, p1.batch());
            Plan again = Sync.plan(v1(), listing(ns));
            assertTrue(again.isEmpty(), "second plan must be empty:\n" + again);
            assertNull(again.batch());

            // count something into the named counter, then change only the rules of a chain
            ns.nft("insert", "rule", "inet", "app", "input", "counter", "name", "ssh");
            ns.exec("python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))");
            long before = listing(ns).of(NamedCounter.class).get(0).packets();
            assertTrue(before > 0, "counter counted");

            DesiredTable v2 = DesiredTable.of(APP).addAll(v1().objects())
                    .add(Presets.allowTcp(APP, "input", 443)).build();
            Plan p2 = Sync.plan(v2, listing(ns));
            // only the rules of one chain change, shown as a diff: the set, the chain and the counter
            // stay as they are; the rule inserted behind the plan's back goes, the new one comes
            assertEquals(List.of("- rule input: counter name \"ssh\"", "+ rule input: tcp dport 443 accept"),
                    p2.changes().stream().map(Object::toString).toList(), p2.toString());
            PresetTrafficTest.apply(ns, p2.batch());
            Ruleset after = listing(ns);
            assertEquals(6, after.of(Rule.class).size());
            assertTrue(after.of(NamedCounter.class).get(0).packets() >= before, "the unchanged counter kept its value");
            assertTrue(Sync.plan(v2, listing(ns)).isEmpty());

            // removing a set: every chain is flushed first, then the set deleted, all in one batch
            DesiredTable v3 = DesiredTable.of(APP).add(Presets.inputChain(APP, "input"), NamedCounter.of(APP, "ssh"),
                    Presets.loopback(APP, "input")).build();
            Plan p3 = Sync.plan(v3, listing(ns));
            assertTrue(p3.toString().contains("- set deny4"), p3.toString());
            PresetTrafficTest.apply(ns, p3.batch());
            assertTrue(Sync.plan(v3, listing(ns)).isEmpty());
            assertEquals(0, listing(ns).of(NamedSet.class).size());
        }
    }
}
