package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nftj.api.sysctl.SysctlChange;
import org.nftj.api.sysctl.SysctlName;
import org.nftj.api.sysctl.SysctlParameter;
import org.nftj.api.sysctl.SysctlPreset;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import org.nftj.testkit.Policy;

/**
 * Sysctl parameters through the whole stack (typed api, validation, transport, the real helper with
 * its seccomp filter and Landlock ruleset) against the kernel of a throwaway network namespace. The
 * host's values are compared before and after.
 */
@KernelTest
class SysctlKernelTest {
    /** Every pattern but tcp_ecn (a known parameter outside the policy); log_martians only for veth0. */
    private static final List<String> ALLOWED = allowed();
    private static Map<String, String> hostBefore;

    private static List<String> allowed() {
        List<String> out = new ArrayList<>();
        for (SysctlParameter p : SysctlParameter.values()) {
            if (p == SysctlParameter.TCP_ECN) continue;
            out.add(p == SysctlParameter.LOG_MARTIANS ? p.pattern().replace("*", "veth0") : p.pattern());
        }
        return out;
    }

    private static Policy policy() {
        return Policy.sample().withSysctl(ALLOWED.toArray(String[]::new));
    }

    /** The concrete names the policy allows, for the interfaces of the test namespace. */
    private static List<SysctlName> concreteNames() {
        List<SysctlName> out = new ArrayList<>();
        for (SysctlParameter p : SysctlParameter.values()) {
            if (p == SysctlParameter.TCP_ECN) continue;
            if (!p.interfaceScoped()) out.add(p.global());
            else if (p == SysctlParameter.LOG_MARTIANS) out.add(p.on("veth0"));
            else for (String i : List.of("all", "default", "lo", "veth0", "veth0.5")) out.add(p.on(i));
        }
        return out;
    }

    private static String path(SysctlName n) {
        String pattern = n.parameter().pattern();
        if (!n.parameter().interfaceScoped()) return "/proc/sys/" + pattern.replace('.', '/');
        String[] parts = pattern.split("\\*", 2);
        return "/proc/sys/" + parts[0].replace('.', '/') + n.iface() + parts[1].replace('.', '/');
    }

    private static String kernel(NetnsHelper h, SysctlName n) {
        return String.join(" ", h.exec("cat", path(n)).trim().split("\\s+"));
    }

    private static Map<String, String> host() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (SysctlParameter p : SysctlParameter.values()) {
            for (SysctlName n : p.interfaceScoped() ? List.of(p.on("all"), p.on("default"), p.on("lo")) : List.of(p.global())) {
                Path file = Path.of(path(n));
                out.put(n.toString(), Files.exists(file) ? String.join(" ", Files.readString(file).trim().split("\\s+")) : "absent");
            }
        }
        return out;
    }

    @BeforeAll
    static void snapshotHost() throws Exception { hostBefore = host(); }

    @AfterAll
    static void hostUnchanged() throws Exception { assertEquals(hostBefore, host(), "a test changed the host's sysctls"); }

    private static NetnsHelper namespace(NetnsHelper.Mode mode) {
        NetnsHelper h = NetnsHelper.create(mode, policy());
        h.exec("ip", "link", "add", "veth0", "type", "veth", "peer", "name", "veth0.5");
        return h;
    }

    private record Recorder(List<AuditRecord> records) implements AuditLog {
        @Override public void append(AuditRecord r) { records.add(r); }
        @Override public void close() { }
    }

    @Test
    void everyAllowedParameterIsReadAndEqualsTheKernel() throws Exception {
        try (NetnsHelper h = namespace(NetnsHelper.Mode.ROOT);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            List<SysctlName> names = concreteNames();
            Map<String, String> values = nft.sysctl().get(names.toArray(SysctlName[]::new));
            assertEquals(names.size(), values.size());
            for (SysctlName n : names) assertEquals(kernel(h, n), values.get(n.toString()), n.toString());
            assertEquals(2, values.get("net.ipv4.ip_local_port_range").split(" ").length);
            assertTrue(nft.helper().seccompMode() == 2, "the helper serving sysctl is sealed");
        }
    }

    @Test
    void validValuesAreSetReadBackAndAudited() throws Exception {
        List<AuditRecord> records = Collections.synchronizedList(new ArrayList<>());
        try (NetnsHelper h = namespace(NetnsHelper.Mode.UNPRIVILEGED);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(new Recorder(records)))) {
            SysctlClient s = nft.sysctl();
            int changed = 0;
            for (SysctlName n : concreteNames()) {
                if (n.parameter() == SysctlParameter.NF_CONNTRACK_MAX) continue; // read-only in a netns, below
                String old = kernel(h, n);
                String value = switch (n.parameter().type()) {
                    case BOOLEAN -> old.equals("1") ? "0" : "1";
                    case PORT_RANGE -> old.equals("40000 50000") ? "32768 60999" : "40000 50000";
                    case INTEGER -> n.parameter().max() == 2 ? (old.equals("2") ? "1" : "2") : (old.equals("3600") ? "7200" : "3600");
                };
                List<SysctlChange> changes = s.set(Map.of(n, value));
                assertEquals(List.of(new SysctlChange(n.toString(), old, value, true)), changes);
                assertEquals(value, kernel(h, n), n.toString());
                assertEquals(value, s.get(n).get(n.toString()));
                changed++;
            }
            List<AuditRecord> sysctl = records.stream().filter(r -> r.op().equals("sysctl_set") && r.kind().equals("change")).toList();
            assertEquals(changed, sysctl.size(), "one audit record per change");
            assertTrue(sysctl.getFirst().message().matches("sysctl net\\.\\S+ old=\\S+( \\S+)? new=\\S+( \\S+)?"), sysctl.getFirst().message());
        }
    }

    @Test
    void rpFilterLooseAndTwReuseDefaultAreAccepted() throws Exception {
        try (NetnsHelper h = namespace(NetnsHelper.Mode.ROOT);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            SysctlName rp = SysctlParameter.RP_FILTER.on("veth0.5");
            SysctlName tw = SysctlParameter.TCP_TW_REUSE.global();
            nft.sysctl().set(Map.of(rp, "0", tw, "0"));
            nft.sysctl().set(Map.of(rp, "2", tw, "2"));
            assertEquals("2", kernel(h, rp));
            assertEquals("2", kernel(h, tw));
        }
    }

    @Test
    void presetsApplyWhole() throws Exception {
        try (NetnsHelper h = namespace(NetnsHelper.Mode.ROOT);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            // HARDENED_HOST uses log_martians on all/default, outside this policy: refused whole.
            Map<String, String> before = snapshot(h);
            assertThrows(PolicyDeniedException.class, () -> nft.sysctl().apply(SysctlPreset.HARDENED_HOST));
            assertEquals(before, snapshot(h));
            nft.sysctl().apply(SysctlPreset.ROUTER);
            for (var e : SysctlPreset.ROUTER.settings().entrySet()) assertEquals(e.getValue(), kernel(h, e.getKey()));
        }
        Policy everything = Policy.sample().withSysctl(SysctlPreset.HARDENED_HOST.settings().keySet().stream()
                .map(SysctlName::toString).toArray(String[]::new));
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT, everything);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            nft.sysctl().apply(SysctlPreset.HARDENED_HOST);
            for (var e : SysctlPreset.HARDENED_HOST.settings().entrySet()) assertEquals(e.getValue(), kernel(h, e.getKey()), e.getKey().toString());
        }
    }

    private static Map<String, String> snapshot(NetnsHelper h) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SysctlName n : concreteNames()) out.put(n.toString(), kernel(h, n));
        return out;
    }

    @Test
    void invalidValuesNamesAndPolicyRefusalsChangeNothing() throws Exception {
        try (NetnsHelper h = namespace(NetnsHelper.Mode.ROOT);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            Map<String, String> before = snapshot(h);
            SysctlClient s = nft.sysctl();
            for (String[] bad : new String[][] {{"net.ipv4.ip_forward", "2"}, {"net.ipv4.conf.all.rp_filter", "3"},
                    {"net.ipv4.ip_local_port_range", "60999 32768"}, {"net.ipv4.ip_local_port_range", "1000"},
                    {"net.ipv4.conf.../x.rp_filter", "1"}, {"kernel.hostname", "x"}, {"net.ipv4.conf.a/b.rp_filter", "1"}}) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("net.ipv4.ip_forward", "1");
                values.put(bad[0], bad[1]);
                InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> s.setByName(values));
                assertTrue(e.getMessage().contains(bad[0]) || e.getMessage().contains("interface"), e.getMessage());
                assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
            }
            assertThrows(IllegalArgumentException.class, () -> SysctlParameter.RP_FILTER.on("../etc"));
            assertThrows(IllegalArgumentException.class, () -> SysctlParameter.RP_FILTER.on("sixteen-bytes-xx"));
            assertThrows(IllegalArgumentException.class, () -> SysctlParameter.IP_FORWARD.check("2"));
            // Known parameters outside the policy: the helper refuses.
            PolicyDeniedException d = assertThrows(PolicyDeniedException.class,
                    () -> s.set(Map.of(SysctlParameter.TCP_ECN.global(), "1")));
            assertEquals(NftjException.Outcome.NOT_APPLIED, d.outcome());
            assertThrows(PolicyDeniedException.class, () -> s.get(SysctlParameter.LOG_MARTIANS.on("lo")));
            // A missing interface, allowed by the wildcard: not found, nothing written.
            Map<String, String> missing = new LinkedHashMap<>();
            missing.put("net.ipv4.ip_forward", before.get("net.ipv4.ip_forward").equals("1") ? "0" : "1");
            missing.put("net.ipv4.conf.nosuch0.rp_filter", "1");
            assertThrows(NotFoundException.class, () -> s.setByName(missing));
            assertEquals(before, snapshot(h));
            assertEquals(2, nft.helper().seccompMode(), "the helper still serves");
        }
    }

    @Test
    void aWriteTheKernelRefusesRollsBackTheEarlierOnes() throws Exception {
        List<AuditRecord> records = Collections.synchronizedList(new ArrayList<>());
        try (NetnsHelper h = namespace(NetnsHelper.Mode.ROOT);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withAudit(new Recorder(records)))) {
            Map<String, String> before = snapshot(h);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("net.ipv4.ip_forward", before.get("net.ipv4.ip_forward").equals("1") ? "0" : "1");
            values.put("net.ipv4.conf.veth0.rp_filter", before.get("net.ipv4.conf.veth0.rp_filter").equals("2") ? "1" : "2");
            values.put("net.ipv4.ip_local_port_range", "1000 2000"); // below ip_unprivileged_port_start: EINVAL
            SysctlFailedException e = assertThrows(SysctlFailedException.class, () -> nft.sysctl().setByName(values));
            assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
            assertTrue(e.getMessage().contains("net.ipv4.ip_local_port_range") && e.getMessage().contains("EINVAL")
                    && e.getMessage().contains("restored"), e.getMessage());
            assertEquals(before, snapshot(h));
            // Read-only in a network namespace: EACCES, the first value restored.
            Map<String, String> readOnly = new LinkedHashMap<>();
            readOnly.put("net.ipv4.ip_forward", values.get("net.ipv4.ip_forward"));
            readOnly.put("net.netfilter.nf_conntrack_max", "1000");
            SysctlFailedException ro = assertThrows(SysctlFailedException.class, () -> nft.sysctl().setByName(readOnly));
            assertTrue(ro.getMessage().contains("EACCES"), ro.getMessage());
            assertEquals(before, snapshot(h));
            assertFalse(records.stream().anyMatch(r -> r.kind().equals("change") && r.op().equals("sysctl_set")));
            // The kernel refused: a "failure" outcome (refusal is for the helper's policy and rate limit).
            assertEquals(2, records.stream().filter(r -> r.kind().equals("failure") && r.outcome().equals("sysctl_failed")).count());
        }
    }

    @Test
    void withoutASysctlKeyNothingIsAllowedAndNothingIsOpen() throws Exception {
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT, Policy.sample());
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            assertThrows(PolicyDeniedException.class, () -> nft.sysctl().get(SysctlParameter.IP_FORWARD.global()));
            assertThrows(PolicyDeniedException.class, () -> nft.sysctl().set(Map.of(SysctlParameter.IP_FORWARD.global(), "1")));
            // The helper never opened /proc/sys/net: no descriptor 9 (the one the filter names).
            Path fd9 = Path.of("/proc", Long.toString(nft.helper().pid()), "fd", "9");
            assertFalse(Files.exists(fd9, java.nio.file.LinkOption.NOFOLLOW_LINKS), "descriptor 9 is open: " + fd9);
        }
        try (NetnsHelper h = namespace(NetnsHelper.Mode.ROOT);
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            Path fd9 = Path.of("/proc", Long.toString(nft.helper().pid()), "fd", "9");
            assertEquals("/proc/sys/net", Files.readSymbolicLink(fd9).toString());
        }
    }

    @Test
    void aSetTakesARateToken() throws Exception {
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT, policy().withRate(1, 1));
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()))) {
            SysctlName forward = SysctlParameter.IP_FORWARD.global();
            nft.sysctl().set(Map.of(forward, "1"));
            String now = kernel(h, forward);
            assertThrows(RateLimitedException.class, () -> nft.sysctl().set(Map.of(forward, "0")));
            assertEquals(now, kernel(h, forward));
            assertEquals("1", nft.sysctl().get(forward).get(forward.toString()), "reads take no token");
        }
    }

    @Test
    void twoNamespacesAreIndependent() throws Exception {
        try (NetnsHelper a = namespace(NetnsHelper.Mode.ROOT); NetnsHelper b = namespace(NetnsHelper.Mode.ROOT);
             Nftj nftA = Nftj.open(NftjOptions.of(a.helperPath()))) {
            SysctlName forward = SysctlParameter.IP_FORWARD.global();
            String other = kernel(b, forward);
            String value = kernel(a, forward).equals("1") ? "0" : "1";
            nftA.sysctl().set(Map.of(forward, value));
            assertEquals(value, kernel(a, forward));
            assertEquals(other, kernel(b, forward), "the other namespace changed");
        }
    }
}
