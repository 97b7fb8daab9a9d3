package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/**
 * {@link Priority} against nft 1.0.6 itself, in a throwaway namespace: for every family, hook and
 * name, nft takes the name exactly where {@link Priority#allows} says, resolves it to
 * {@link Priority#value}, and prints priorities around it as {@link Priority#describe} does.
 */
@KernelTest
class PriorityKernelTest {
    @Test
    void theTableIsNfts() {
        List<String> expected = new ArrayList<>(), actual = new ArrayList<>();
        try (NetnsHelper ns = NetnsHelper.create()) {
            for (Family f : List.of(Family.IP, Family.IP6, Family.INET, Family.ARP, Family.BRIDGE, Family.NETDEV)) {
                ns.nft("add", "table", f.wire(), "pt");
                for (ChainHook h : hooks(f)) {
                    String dev = h == ChainHook.INGRESS || h == ChainHook.EGRESS ? " device lo" : "";
                    for (Priority p : Priority.values()) {
                        String line = f.wire() + " " + h.wire() + " " + p.wire() + ": ";
                        expected.add(line + (p.allows(f, h) ? p.value(f, h) : "refused"));
                        actual.add(line + prio(ns, f, h, dev, p.wire()));
                    }
                    for (int offset : new int[] {-11, -10, 3, 10, 11}) {
                        int n = (f == Family.BRIDGE ? -200 : 0) + offset;
                        String line = f.wire() + " " + h.wire() + " " + n + " prints as ";
                        expected.add(line + Priority.describe(f, h, n));
                        ns.nft("add chain " + f.wire() + " pt c { type filter hook " + h.wire() + dev + " priority " + n + "; }");
                        actual.add(line + ns.nft("list", "chain", f.wire(), "pt", "c").replaceAll("(?s).*priority ([^;]*);.*", "$1"));
                        ns.nft("delete", "chain", f.wire(), "pt", "c");
                    }
                }
            }
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    private static List<ChainHook> hooks(Family f) {
        return switch (f) {
            case ARP -> List.of(ChainHook.INPUT, ChainHook.OUTPUT);
            case NETDEV -> List.of(ChainHook.INGRESS);
            case BRIDGE -> List.of(ChainHook.PREROUTING, ChainHook.INPUT, ChainHook.FORWARD, ChainHook.OUTPUT, ChainHook.POSTROUTING);
            default -> List.of(ChainHook.PREROUTING, ChainHook.INPUT, ChainHook.FORWARD, ChainHook.OUTPUT, ChainHook.POSTROUTING);
        };
    }

    /** The number nft makes of a named priority, or "refused". */
    private static String prio(NetnsHelper ns, Family f, ChainHook h, String dev, String name) {
        try {
            ns.nft("add chain " + f.wire() + " pt c { type filter hook " + h.wire() + dev + " priority " + name + "; }");
        } catch (IllegalStateException refused) {
            return "refused";
        }
        String json = ns.nft("-j", "list", "chain", f.wire(), "pt", "c");
        ns.nft("delete", "chain", f.wire(), "pt", "c");
        return json.replaceAll("(?s).*\"prio\": (-?[0-9]+).*", "$1");
    }
}
