package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * A crash shape of libnftables 1.0.6 that only the kernel's state shows, as an application meets
 * it with the real helper: root made a map whose data is a concatenation (address . port) in the
 * owned table, and the application adds a dnat through that map with a port beside it
 * (libnftables aborts on it). Neither the Java validator nor the helper's can know the map's type
 * from the request; the helper's census reads it from the kernel and refuses the rule, naming the
 * port. The application sees a typed refusal, not a crash, and nothing changes.
 */
@KernelTest
class KnownCrashShapeTest {
    private static String rule(String data, String port) {
        return "{\"nftables\":[{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"pre\",\"expr\":["
                + "{\"match\":{\"op\":\"==\",\"left\":{\"meta\":{\"key\":\"l4proto\"}},\"right\":\"tcp\"}},"
                + "{\"dnat\":{\"family\":\"ip\",\"addr\":{\"map\":{\"key\":{\"payload\":{\"protocol\":\"ip\",\"field\":\"saddr\"}},"
                + "\"data\":\"" + data + "\"}}" + port + "}}]}}}]}";
    }

    // mitigates: M-49
    @Test
    void aPortBesideAMapOfConcatenatedDataMadeByRootIsRefusedNotACrash() throws Exception {
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            h.nft("add", "table", "inet", "app");
            h.nft("add", "chain", "inet", "app", "pre", "{ type nat hook prerouting priority -100; }");
            h.nft("add", "map", "inet", "app", "mc", "{ type ipv4_addr : ipv4_addr . inet_service; }");
            h.nft("add", "map", "inet", "app", "m", "{ type ipv4_addr : ipv4_addr; }");
            String before = h.ruleset();

            InvalidRequestException e = assertThrows(InvalidRequestException.class,
                    () -> nft.applyJson(rule("@mc", ",\"port\":80"), false));
            assertEquals("invalid_request", e.code());
            assertEquals(0, e.command());
            assertTrue(e.path().endsWith("/dnat/port"), e.path());
            assertTrue(e.getMessage().contains("libnftables 1.0.6 aborts"), e.getMessage());
            assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
            assertEquals(before, h.ruleset(), "nothing was applied");

            // The same helper goes on: the map's data carries the port, and a plain map takes one.
            nft.applyJson(rule("@mc", ""), false);
            nft.applyJson(rule("@m", ",\"port\":80"), false);
            String chain = h.nft("list", "chain", "inet", "app", "pre");
            assertTrue(chain.contains("dnat ip to ip saddr map @mc"), chain);
            assertTrue(chain.contains("dnat ip to ip saddr map @m:80"), chain);
        }
    }
}
