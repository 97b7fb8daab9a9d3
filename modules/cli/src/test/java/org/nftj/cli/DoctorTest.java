package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * doctor's JVM and process checks against described environments: each bad setting makes exactly
 * its check fail, and a hardened JVM passes them. (The file checks against a real deployment are
 * in CommandsIT.)
 */
class DoctorTest {
    static final String CLEAN_STATUS = "Name:\tjava\nUid:\t1000\t1000\t1000\t1000\nNoNewPrivs:\t0\n"
            + "CapPrm:\t0000000000000000\nCapEff:\t0000000000000000\nCapAmb:\t0000000000000000\n";
    static final Map<String, String> HARDENED_FLAGS = Map.of("DisableAttachMechanism", "true",
            "EnableDynamicAgentLoading", "false", "UsePerfData", "false");

    static Doctor.Env env(String status, List<String> args, Map<String, String> flags, Map<String, String> props,
                          Map<String, String> environment, Set<String> modules, List<CapHolders.Holder> holders) {
        return new Doctor.Env(Path.of("/nonexistent/lib/nftj-helper"), environment, status, args,
                n -> Optional.ofNullable(flags.get(n)), props::get, modules, () -> holders, 42, false);
    }

    static Doctor.Env hardened() {
        return env(CLEAN_STATUS, List.of("-XX:+DisableAttachMechanism"), HARDENED_FLAGS, Map.of("jdk.serialFilter", "!*"),
                Map.of("PATH", "/usr/bin"), Set.of("java.base", "org.nftj.cli"), List.of());
    }

    static Map<String, Doctor.Status> statuses(Doctor.Env env) {
        return Doctor.checks(env).stream().collect(Collectors.toMap(Doctor.Check::id, Doctor.Check::status));
    }

    @Test
    void idsAreStableAndInOrder() {
        List<String> ids = Doctor.checks(hardened()).stream().map(Doctor.Check::id).toList();
        assertEquals(List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10", "D11", "D12", "D13", "D14",
                "D15", "D16", "D17", "D18", "D19"), ids);
    }

    @Test
    void hardenedJvmPassesItsOwnChecks() {
        Map<String, Doctor.Status> s = statuses(hardened());
        for (String id : List.of("D7", "D8", "D9", "D10", "D11", "D12", "D13", "D14", "D15", "D16", "D17", "D19")) {
            assertEquals(Doctor.Status.PASS, s.get(id), id);
        }
        assertEquals(Doctor.Status.FAIL, s.get("D1"), "no helper at the path");
    }

    @Test
    void eachDoorIsReportedByItsCheck() {
        Doctor.Env h = hardened();
        assertEquals(Doctor.Status.FAIL, statuses(env(CLEAN_STATUS, List.of("-agentlib:jdwp=transport=dt_socket,server=y"),
                HARDENED_FLAGS, Map.of("jdk.serialFilter", "!*"), Map.of(), h.runtimeModules(), List.of())).get("D7"));
        assertEquals(Doctor.Status.FAIL, statuses(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS,
                Map.of("jdk.serialFilter", "!*", "com.sun.management.jmxremote.port", "9010"), Map.of(),
                h.runtimeModules(), List.of())).get("D8"));
        Map<String, String> weak = new HashMap<>(HARDENED_FLAGS);
        weak.put("DisableAttachMechanism", "false");
        weak.put("EnableDynamicAgentLoading", "true");
        weak.put("UsePerfData", "true");
        Map<String, Doctor.Status> w = statuses(env(CLEAN_STATUS, List.of(), weak, Map.of(), Map.of(), h.runtimeModules(), List.of()));
        assertEquals(Doctor.Status.FAIL, w.get("D9"));
        assertEquals(Doctor.Status.FAIL, w.get("D10"));
        assertEquals(Doctor.Status.WARN, w.get("D11"));
        assertEquals(Doctor.Status.WARN, w.get("D12"));
        for (String v : Doctor.INJECTION_VARIABLES) {
            assertEquals(Doctor.Status.FAIL, statuses(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(),
                    Map.of(v, "-javaagent:/tmp/x.jar"), h.runtimeModules(), List.of())).get("D13"), v);
        }
        assertEquals(Doctor.Status.WARN, statuses(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(), Map.of(),
                Set.of("java.base", "jdk.attach"), List.of())).get("D14"));
    }

    @Test
    void capabilitiesNoNewPrivsAndRootAreReported() {
        Map<String, Doctor.Status> caps = statuses(env(CLEAN_STATUS.replace("CapAmb:\t0000000000000000", "CapAmb:\t0000000000001000"),
                List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(), List.of()));
        assertEquals(Doctor.Status.FAIL, caps.get("D15"));
        Map<String, Doctor.Status> nnp = statuses(env(CLEAN_STATUS.replace("NoNewPrivs:\t0", "NoNewPrivs:\t1"),
                List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(), List.of()));
        assertEquals(Doctor.Status.FAIL, nnp.get("D16"));
        Map<String, Doctor.Status> root = statuses(env(CLEAN_STATUS.replace("1000\t1000\t1000\t1000", "0\t0\t0\t0"),
                List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(), List.of()));
        assertEquals(Doctor.Status.WARN, root.get("D17"));
    }

    @Test
    void otherCapNetAdminHoldersAreListedButNotSelfOrHelpers() {
        Map<String, Doctor.Status> none = statuses(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(),
                List.of(new CapHolders.Holder(42, "java", 1000), new CapHolders.Holder(7, "nftj-helper", 1000))));
        assertEquals(Doctor.Status.PASS, none.get("D19"));
        List<Doctor.Check> some = Doctor.checks(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(),
                List.of(new CapHolders.Holder(99, "NetworkManager", 0))));
        Doctor.Check d19 = some.stream().filter(c -> c.id().equals("D19")).findFirst().orElseThrow();
        assertEquals(Doctor.Status.WARN, d19.status());
        assertTrue(d19.detail().contains("NetworkManager[99]"), d19.detail());
    }

    @Test
    void everyCheckIsDocumented() throws Exception {
        String doc = java.nio.file.Files.readString(Path.of("../../docs/doctor-checks.md"));
        for (Doctor.Check c : Doctor.checks(hardened())) {
            assertTrue(doc.contains("| " + c.id() + " | " + c.title() + " |"), c.id() + " " + c.title() + " not in docs/doctor-checks.md");
        }
        assertTrue(doc.contains("| D20 | helper starts and locks itself down |"));
    }

    @Test
    void theRealProcScannerFindsSomething() throws Exception {
        // Tests run as root: this JVM itself holds CAP_NET_ADMIN, so the scanner must see at least it.
        List<CapHolders.Holder> h = CapHolders.proc().scan();
        long self = ProcessHandle.current().pid();
        if (ProcStatus.parse(java.nio.file.Files.readString(Path.of("/proc/self/status"))).hasEffective(12)) {
            assertTrue(h.stream().anyMatch(x -> x.pid() == self), h.toString());
        }
    }
}
