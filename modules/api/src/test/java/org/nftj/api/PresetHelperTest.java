package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.Netns;
import org.nftj.testkit.NetnsHelper;
import org.nftj.testkit.Veth;

/**
 * The presets through the whole path — api, validation, transport, the real helper — into the
 * kernel of the helper's namespace, with traffic from a peer namespace over a veth pair (IPv4 and
 * IPv6). Skipped, visibly, without a built helper.
 */
@KernelTest
class PresetHelperTest {
    static final Table APP = new Table(Family.INET, "app");

    @Test
    void inputPresetsAndBlocklistAndPortForwardThroughTheHelper() throws Exception {
        try (NetnsHelper h = NetnsHelper.create(); Netns peer = Netns.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false))) {
            Veth.join(h.netns(), peer.name(), "va", "vb");
            List<NftObject> objs = new ArrayList<>();
            objs.add(Presets.inputChain(APP, "input"));
            objs.add(Presets.loopback(APP, "input"));
            objs.add(Presets.establishedRelated(APP, "input"));
            objs.add(Presets.dropInvalid(APP, "input"));
            objs.addAll(Presets.allowIcmp(APP, "input"));
            objs.addAll(Presets.blocklist(APP, "input", "deny"));
            objs.addAll(Presets.allowDns(APP, "input"));
            objs.add(Presets.allowTcp(APP, "input", 80));
            objs.add(Presets.rateLimitedSsh(APP, "input", 10, 5));
            objs.add(Presets.prerouting(APP, "pre"));
            objs.add(Presets.postrouting(APP, "post"));
            objs.add(Presets.portForward(APP, "pre", 8081, Veth.A4, 80));
            objs.add(Presets.portForward(APP, "pre", 8081, Veth.A6, 80));
            objs.add(Presets.masquerade(APP, "post", "va"));
            objs.add(Presets.snat(APP, "post", "10.99.0.0/16", Veth.A4));
            objs.add(Presets.dnat(APP, "pre", "10.77.0.9", Veth.A4));
            nft.apply(Presets.batch(APP, objs));

            List<Process> servers = List.of(Veth.server(h.netns(), 80, 60), Veth.server(h.netns(), 8080, 60),
                    Veth.server(h.netns(), 53, 60));
            try {
                for (String addr : List.of(Veth.A4, Veth.A6)) {
                    assertTrue(Veth.tcpConnects(peer.name(), addr, 80), "tcp 80 via " + addr);
                    assertFalse(Veth.tcpConnects(peer.name(), addr, 8080), "tcp 8080 dropped via " + addr);
                    assertTrue(Veth.udpAnswers(peer.name(), addr, 53), "dns/udp via " + addr);
                    assertTrue(Veth.tcpConnects(peer.name(), addr, 8081), "port forward 8081 -> 80 via " + addr);
                }
                nft.table(Family.INET, "app").addElements("deny4", List.<Object>of(Veth.B4).iterator(), Bulk.defaults());
                assertFalse(Veth.tcpConnects(peer.name(), Veth.A4, 80), "blocked over IPv4");
                assertTrue(Veth.tcpConnects(peer.name(), Veth.A6, 80), "still allowed over IPv6");
                nft.table(Family.INET, "app").addElements("deny6", List.<Object>of("fd00:77::/64").iterator(), Bulk.defaults());
                assertFalse(Veth.tcpConnects(peer.name(), Veth.A6, 80), "blocked over IPv6");
                assertThrows(NotFoundException.class, () -> nft.table(Family.INET, "app").listCounter("nope"));
            } finally {
                servers.forEach(Process::destroyForcibly);
            }
        }
    }
}
