package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.Matches;
import org.nftj.api.expr.Stmt;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * The walking skeleton end to end: a Java call goes through validation and transport to the real
 * helper, which runs it through libnftables against the kernel of a throwaway network namespace.
 */
@KernelTest
class WalkingSkeletonTest {
    private static Batch sample() {
        Family f = Family.INET;
        return Batch.builder()
                .add(new Table(f, "app"))
                .add(new NamedSet(f, "app", "blocklist", "ipv4_addr", List.of()))
                .add(Elements.of(f, "app", "blocklist", "192.0.2.1"))
                .add(Chain.base(new Table(f, "app"), "input", Chain.Hook.filter(ChainHook.INPUT, 0, ChainPolicy.ACCEPT)))
                .add(Rule.of(f, "app", "input", Matches.saddrIn("blocklist", false), Stmt.drop()))
                .add(Rule.of(f, "app", "input", Matches.tcpDport(22), Stmt.accept()))
                .build();
    }

    @Test
    void appliesListsAndClosesAgainstTheKernel() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            nft.apply(sample());

            String kernel = h.ruleset();
            assertTrue(kernel.contains("table inet app"), kernel);
            assertTrue(kernel.contains("ip saddr @blocklist drop"), kernel);
            assertTrue(kernel.contains("tcp dport 22 accept"), kernel);
            assertTrue(kernel.contains("192.0.2.1"), kernel);

            Ruleset listed = nft.table(Family.INET, "app").list();
            assertEquals(2, listed.of(Rule.class).size(), listed.toString());
        }
    }

    @Test
    void aFailingBatchChangesNothing() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            String before = h.rulesetJson();
            // The second command refers to a chain that does not exist: the whole batch is refused.
            Batch bad = Batch.builder()
                    .add(new Table(Family.INET, "app"))
                    .add(Rule.of(Family.INET, "app", "missing", Stmt.accept()))
                    .build();
            NftjException e = assertThrows(NftjException.class, () -> nft.apply(bad));
            assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
            assertEquals(before, h.rulesetJson(), "a refused batch left a trace in the kernel");
        }
    }

    @Test
    void aTableOutsideThePolicyIsRefusedAndUntouched() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            h.nft("add", "table", "inet", "other");
            h.nft("add", "chain", "inet", "other", "input", "{ type filter hook input priority 0; policy drop; }");
            String before = h.rulesetJson();
            Batch hole = Batch.builder()
                    .add(Rule.of(Family.INET, "other", "input", Matches.tcpDport(22), Stmt.accept()))
                    .build();
            PolicyDeniedException e = assertThrows(PolicyDeniedException.class, () -> nft.apply(hole));
            assertEquals("policy_denied", e.code());
            assertEquals(before, h.rulesetJson());
            assertFalse(nft.ruleset().toString().contains("other"), "listing showed a table outside the policy");
        }
    }
}
