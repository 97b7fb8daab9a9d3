package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.Netns;
import org.nftj.testkit.Veth;

/**
 * The presets against the kernel with real packets: namespace A holds the firewall (the presets'
 * JSON applied with {@code nft -j -f}) and small servers; namespace B is a client joined by a veth
 * pair. IPv4 and IPv6 both.
 */
@KernelTest
class PresetTrafficTest {
    static final Table APP = new Table(Family.INET, "app");

    static void apply(Netns ns, Batch b) throws Exception {
        Path f = Files.createTempFile("nftj-preset", ".json");
        try {
            Files.writeString(f, Ruleset.WRITER.asString(Map.of("nftables", b.toJson())));
            ns.nft("-j", "-f", f.toString());
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void inputPolicyPresetsLetServicesAndDnsThroughOverIpv4AndIpv6AndBlockTheRest() throws Exception {
        try (Netns a = Netns.create(); Netns b = Netns.create()) {
            Veth.join(a.name(), b.name(), "va", "vb");
            List<NftObject> objs = new ArrayList<>();
            objs.add(Presets.inputChain(APP, "input"));
            objs.add(Presets.loopback(APP, "input"));
            objs.add(Presets.establishedRelated(APP, "input"));
            objs.add(Presets.dropInvalid(APP, "input"));
            objs.addAll(Presets.allowIcmp(APP, "input"));
            objs.addAll(Presets.blocklist(APP, "input", "deny"));
            objs.addAll(Presets.allowDns(APP, "input"));
            objs.add(Presets.allowTcp(APP, "input", 80));
            objs.add(Presets.rateLimitedSsh(APP, "input", 2, 2));
            apply(a, Presets.batch(APP, objs));

            List<Process> servers = List.of(Veth.server(a.name(), 80, 60), Veth.server(a.name(), 8080, 60),
                    Veth.server(a.name(), 53, 60), Veth.server(a.name(), 22, 60));
            try {
                for (String addr : List.of(Veth.A4, Veth.A6)) {
                    assertTrue(Veth.tcpConnects(b.name(), addr, 80), "tcp 80 allowed via " + addr);
                    assertFalse(Veth.tcpConnects(b.name(), addr, 8080), "tcp 8080 dropped via " + addr);
                    assertTrue(Veth.udpAnswers(b.name(), addr, 53), "dns/udp via " + addr);
                    assertTrue(Veth.tcpConnects(b.name(), addr, 53), "dns/tcp via " + addr);
                }
                // rate-limited SSH: burst 2 then 2/minute — the first connections pass, a quick run of more does not
                int ok = 0;
                for (int i = 0; i < 6; i++) if (Veth.tcpConnects(b.name(), Veth.A4, 22)) ok++;
                assertTrue(ok >= 1 && ok <= 3, "ssh connections accepted: " + ok);

                // the blocklist: B's IPv4 address blocked, its IPv6 address still allowed
                apply(a, Batch.builder().add(Elements.of(Family.INET, "app", "deny4", Veth.B4 + "/32")).build());
                assertFalse(Veth.tcpConnects(b.name(), Veth.A4, 80), "blocked over IPv4");
                assertTrue(Veth.tcpConnects(b.name(), Veth.A6, 80), "still allowed over IPv6");
                apply(a, Batch.builder().add(Elements.of(Family.INET, "app", "deny6", "fd00:77::/64")).build());
                assertFalse(Veth.tcpConnects(b.name(), Veth.A6, 80), "blocked over IPv6");
            } finally {
                servers.forEach(Process::destroyForcibly);
            }
        }
    }

    @Test
    void portForwardAndMasqueradePresetsTranslateIpv4AndIpv6() throws Exception {
        try (Netns a = Netns.create(); Netns b = Netns.create()) {
            Veth.join(a.name(), b.name(), "va", "vb");
            List<NftObject> objs = new ArrayList<>();
            objs.add(Presets.prerouting(APP, "pre"));
            objs.add(Presets.postrouting(APP, "post"));
            objs.add(Presets.portForward(APP, "pre", 8081, Veth.A4, 80));
            objs.add(Presets.portForward(APP, "pre", 8081, Veth.A6, 80));
            objs.add(Presets.masquerade(APP, "post", "va"));
            objs.add(Presets.snat(APP, "post", "10.99.0.0/16", "10.77.0.1"));
            objs.add(Presets.dnat(APP, "pre", "10.77.0.9", Veth.A4));
            apply(a, Presets.batch(APP, objs));
            Process server = Veth.server(a.name(), 80, 60);
            try {
                assertFalse(Veth.tcpConnects(b.name(), Veth.A4, 8082), "nothing listens on 8082");
                assertTrue(Veth.tcpConnects(b.name(), Veth.A4, 8081), "IPv4 port forward 8081 -> 80");
                assertTrue(Veth.tcpConnects(b.name(), Veth.A6, 8081), "IPv6 port forward 8081 -> 80");
                // dnat of a whole address: 10.77.0.9 (not configured anywhere) is translated to A
                Veth.ns(b.name(), "ip", "route", "add", "10.77.0.9/32", "dev", "vb");
                Veth.ns(b.name(), "ip", "neigh", "add", "10.77.0.9", "lladdr", mac(a, "va"), "dev", "vb");
                assertTrue(Veth.tcpConnects(b.name(), "10.77.0.9", 80), "dnat 10.77.0.9 -> 10.77.0.1");
            } finally {
                server.destroyForcibly();
            }
        }
    }

    static String mac(Netns ns, String dev) {
        String out = ns.exec("cat", "/sys/class/net/" + dev + "/address");
        return out.strip();
    }
}
