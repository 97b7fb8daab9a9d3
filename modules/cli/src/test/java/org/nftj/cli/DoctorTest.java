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
                n -> Optional.ofNullable(flags.get(n)), props::get, modules, () -> holders, 42, Set.of(41L), ACCOUNTS, false);
    }

    static final Accounts ACCOUNTS = new Accounts(
            List.of("root:x:0:0:root:/root:/bin/bash", "myapp:x:1000:1000::/home/myapp:/bin/sh", "ops:x:1001:1001::/home/ops:/bin/sh"),
            List.of("root:x:0:", "myapp:x:1000:", "nftj:x:998:myapp,ops"));

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
    void capabilitiesAndNoNewPrivsAreReported() {
        Map<String, Doctor.Status> caps = statuses(env(CLEAN_STATUS.replace("CapAmb:\t0000000000000000", "CapAmb:\t0000000000001000"),
                List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(), List.of()));
        assertEquals(Doctor.Status.FAIL, caps.get("D15"));
        Map<String, Doctor.Status> nnp = statuses(env(CLEAN_STATUS.replace("NoNewPrivs:\t0", "NoNewPrivs:\t1"),
                List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(), List.of()));
        assertEquals(Doctor.Status.FAIL, nnp.get("D16"));
    }

    @Test
    void otherCapNetAdminHoldersAreListedButNotSelfOrHelpers() {
        Map<String, Doctor.Status> none = statuses(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(),
                List.of(new CapHolders.Holder(42, "java", 1000), new CapHolders.Holder(7, "nftj-helper", 1000))));
        assertEquals(Doctor.Status.PASS, none.get("D19"));
        List<Doctor.Check> some = Doctor.checks(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(),
                List.of(new CapHolders.Holder(99, "NetworkManager", 0))));
        Doctor.Check d19 = some.stream().filter(c -> c.id().equals("D19")).findFirst().orElseThrow();
        assertEquals(Doctor.Status.WARN, d19.status(), "a name alone proves nothing");
        assertTrue(d19.detail().contains("NetworkManager[99]"), d19.detail());
    }

    /** What a Debian host with systemd-networkd, NetworkManager, docker and an admin's sudo shows (cgroup v2). */
    static final List<CapHolders.Holder> NORMAL_HOST = List.of(
            new CapHolders.Holder(1, "systemd", 0, 0, "/init.scope", ""),
            new CapHolders.Holder(310, "systemd-journal", 0, 1, "/system.slice/systemd-journald.service", ""),
            new CapHolders.Holder(340, "systemd-udevd", 0, 1, "/system.slice/systemd-udevd.service", ""),
            new CapHolders.Holder(401, "systemd-network", 101, 1, "/system.slice/systemd-networkd.service", ""),
            new CapHolders.Holder(520, "NetworkManager", 0, 1, "/system.slice/NetworkManager.service", ""),
            new CapHolders.Holder(530, "wpa_supplicant", 0, 1, "/system.slice/wpa_supplicant.service", ""),
            new CapHolders.Holder(545, "dhclient", 0, 520, "/system.slice/NetworkManager.service", ""),
            new CapHolders.Holder(600, "containerd", 0, 1, "/system.slice/containerd.service", "/usr/bin/containerd"),
            new CapHolders.Holder(610, "dockerd", 0, 1, "/system.slice/docker.service", ""),
            new CapHolders.Holder(700, "cron", 0, 1, "/system.slice/cron.service", ""),
            new CapHolders.Holder(710, "sshd", 0, 1, "/system.slice/ssh.service", ""),
            new CapHolders.Holder(720, "agetty", 0, 1, "/system.slice/getty@tty1.service", ""),
            new CapHolders.Holder(900, "bash", 0, 899, "/user.slice/user-0.slice/session-3.scope", ""),
            new CapHolders.Holder(41, "sudo", 0, 900, "/user.slice/user-1000.slice/session-4.scope", ""));

    @Test
    void theUsualSystemHoldersLetANormalHostPass() {
        Doctor.Check d19 = check(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(), NORMAL_HOST), "D19");
        assertEquals(Doctor.Status.PASS, d19.status(), d19.toString());
        assertTrue(d19.detail().startsWith("14 known system holders: systemd[1] (init) "), d19.detail());
        assertTrue(d19.detail().contains("systemd-network[401] (systemd-networkd.service)"), d19.detail());
        assertTrue(d19.detail().contains("sudo[41] (started this doctor)"), d19.detail());
        assertTrue(d19.detail().contains("bash[900] (root's session)"), d19.detail());
    }

    @Test
    void knownNamesOutsideTheirUnitsOrBinariesOutsideSystemDirectoriesAreUnknown() {
        List<CapHolders.Holder> impostors = List.of(
                // an unprivileged process with the capability, named after a system service
                new CapHolders.Holder(2001, "NetworkManager", 1000, 1, "/user.slice/user-1000.slice/session-4.scope", ""),
                // the right name in the wrong unit
                new CapHolders.Holder(2002, "dockerd", 0, 1, "/system.slice/cron.service", ""),
                // the right name and unit, but a binary from /tmp
                new CapHolders.Holder(2003, "containerd", 0, 1, "/system.slice/containerd.service", "/tmp/containerd"),
                // an unknown service
                new CapHolders.Holder(2004, "miner", 0, 1, "/system.slice/miner.service", ""),
                // uid 0 outside root's sessions and system units
                new CapHolders.Holder(2005, "bash", 0, 1, "/user.slice/user-1000.slice/session-4.scope", ""));
        for (CapHolders.Holder h : impostors) {
            List<CapHolders.Holder> host = new java.util.ArrayList<>(NORMAL_HOST);
            host.add(h);
            Doctor.Check d19 = check(env(CLEAN_STATUS, List.of(), HARDENED_FLAGS, Map.of(), Map.of(), Set.of(), host), "D19");
            assertEquals(Doctor.Status.WARN, d19.status(), h.toString());
            assertTrue(d19.detail().startsWith("1 unknown: " + h.name() + "[" + h.pid() + "] (uid " + h.uid()), d19.detail());
        }
    }

    @Test
    void asRootDoctorChecksTheDeploymentAndSaysToRunItAsTheApplicationsUser() {
        Doctor.Env root = env(CLEAN_STATUS.replace("1000\t1000\t1000\t1000", "0\t0\t0\t0")
                        .replace("CapEff:\t0000000000000000", "CapEff:\t000001ffffffffff"),
                List.of(), HARDENED_FLAGS, Map.of("jdk.serialFilter", "!*"), Map.of(), Set.of(), List.of());
        Map<String, Doctor.Status> s = statuses(root);
        assertEquals(Doctor.Status.SKIP, s.get("D15"));
        assertEquals(Doctor.Status.SKIP, s.get("D17"));
        assertTrue(Doctor.checks(root).stream().filter(c -> c.status() == Doctor.Status.SKIP)
                .allMatch(c -> c.detail().endsWith("(doctor runs as root: checked when it runs as the application's user)")));
        Report r = Doctor.report(Doctor.checks(root));
        // the helper at /nonexistent is missing, so the report fails, but not for running as root
        assertTrue(r.text().startsWith("doctor runs as root, not as the application: run it as the application's user: "
                + "runuser -u myapp -- /nonexistent/bin/nftj doctor (group nftj also has ops)\n"), r.text());
        assertTrue(r.text().endsWith(", 2 skipped\n"), r.text());
        List<Doctor.Check> ok = Doctor.checks(root).stream().filter(c -> !List.of("D1", "D2", "D3", "D4", "D5", "D6", "D18").contains(c.id()))
                .toList();
        assertEquals(ExitCode.OK, Doctor.report(ok).exit(), Doctor.report(ok).text());
    }

    @Test
    void theApplicationUsersAreNamedFromTheHelpersGroup() throws Exception {
        assertEquals(List.of("myapp", "ops"), ACCOUNTS.members("nftj"));
        assertEquals(List.of("myapp"), ACCOUNTS.members("myapp"), "users whose primary group it is");
        assertEquals("myapp is not in group nftj, whose members may run the helper: as root, usermod -aG nftj myapp (then "
                + "start a new session or restart the service), or run the application as a member of nftj",
                new Accounts(ACCOUNTS.passwd(), List.of("nftj:x:998:ops")).helperAccessFix(1000, List.of(1000L), "nftj", 998));
        assertTrue(ACCOUNTS.helperAccessFix(1000, List.of(1000L), "nftj", 998)
                .startsWith("myapp is in group nftj (/etc/group), but this process started before that"));
        assertTrue(ACCOUNTS.helperAccessFix(1000, List.of(1000L, 998L), "nftj", 998).startsWith("the helper's group nftj may not execute it"));
        assertEquals(": runuser -u myapp -- /opt/nftj/bin/nftj doctor (group nftj also has ops)",
                Doctor.asMemberOf(ACCOUNTS, "nftj", "/opt/nftj/bin/nftj doctor"));
        assertEquals(", which must be in group empty (usermod -aG empty USER): runuser -u USER -- nftj doctor",
                Doctor.asMemberOf(ACCOUNTS, "empty", "nftj doctor"));
        // A copied image's helper (root:root) is fixed by install, never by putting the user into root's group.
        assertEquals("the helper has not been installed for applications (group root, as a copied or unpacked image "
                + "leaves it): as root, nftj install (after an upgrade it keeps the policy and the group)",
                ACCOUNTS.helperAccessFix(1000, List.of(1000L), "root", 0));
    }

    @Test
    void theSummaryCountsInWords() {
        assertEquals("19 passed, 1 warning, 0 failed\n", Doctor.summary(19, 1, 0, 0));
        assertEquals("17 passed, 2 warnings, 1 failed, 2 skipped\n", Doctor.summary(17, 2, 1, 2));
    }

    static Doctor.Check check(Doctor.Env env, String id) {
        return Doctor.checks(env).stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
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
