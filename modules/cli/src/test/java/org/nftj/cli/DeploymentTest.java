package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import org.nftj.testkit.Policy;
import tools.jackson.jr.ob.JSON;

/** doctor, install and demo against real deployments of the built helper. */
@KernelTest
class DeploymentTest {
    @SuppressWarnings("unchecked")
    static Map<String, String> statuses(Cli r) {
        return ((List<Map<String, Object>>) r.json().get("checks")).stream()
                .collect(Collectors.toMap(c -> (String) c.get("id"), c -> (String) c.get("status")));
    }

    @Test
    void doctorPassesTheHelperOfADeploymentAndSeesThisJvmsOpenDoors() {
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.UNPRIVILEGED, Policy.sample())) {
            Cli r = Cli.run("--helper", h.installedHelper().toString(), "--json", "doctor");
            Map<String, String> s = statuses(r);
            for (String id : List.of("D1", "D3", "D4", "D5", "D6", "D7", "D8", "D13", "D18")) {
                assertEquals("pass", s.get(id), id + "\n" + r);
            }
            assertEquals("pass", s.get("D2"), "root:nogroup\n" + r);
            // The test JVM is a plain JDK run as root: attach is enabled; as root, the checks of the
            // application's own process are skipped with the command that runs doctor as its user.
            assertEquals("fail", s.get("D9"), r.toString());
            assertEquals("skip", s.get("D15"), r.toString());
            assertEquals("skip", s.get("D17"), r.toString());
            assertEquals(78, r.status(), r.toString());
            // D20 started the helper for a handshake: it reports the deployment's policy.
            assertTrue(r.out().contains("inet nftj_demo"), r.toString());
        }
    }

    @Test
    void doctorFailsAHelperWithoutCapabilityOrWithLooseModes() throws Exception {
        try (NetnsHelper h = NetnsHelper.create()) {
            Path helper = h.installedHelper();
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
            Cli r = Cli.run("--helper", helper.toString(), "--json", "doctor", "--no-start");
            Map<String, String> s = statuses(r);
            assertEquals("fail", s.get("D3"), r.toString());
            assertEquals("warn", s.get("D5"), "no file capability; root can still run it\n" + r);
            assertTrue(!s.containsKey("D20"), "--no-start");
            Files.delete(h.directory().resolve("conf/nftj-helper.policy.json"));
            assertEquals("fail", statuses(Cli.run("--helper", helper.toString(), "--json", "doctor", "--no-start")).get("D6"));
        }
    }

    @Test
    void installSetsOwnerGroupModeCapabilityAndPolicyThenVerifies() throws Exception {
        Path built = NetnsHelper.builtHelper();
        Path image = Path.of("/run/nftj-test-install-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(image.resolve("lib"));
            Files.createDirectories(image.resolve("bin"));
            Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rwxrwxr-x"));
            Path helper = image.resolve("lib/nftj-helper");
            Files.copy(built, helper);
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxrwxrwx"));

            Cli r = Cli.run("--helper", helper.toString(), "--json", "install", "--group", "nogroup",
                    "--table", "inet/app", "--table", "ip/edge", "--rate", "20/40");
            assertEquals(0, r.status(), r.toString());
            assertEquals(true, r.json().get("verified"), r.toString());

            PosixFileAttributes a = Files.readAttributes(helper, PosixFileAttributes.class);
            assertEquals("root", a.owner().getName());
            assertEquals("nogroup", a.group().getName());
            assertEquals("rwxr-x---", PosixFilePermissions.toString(a.permissions()));
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(image)));
            assertTrue(Capabilities.isNetAdminOnly(Capabilities.get(helper)), Capabilities.get(helper));
            Map<String, Object> policy = JSON.std.mapFrom(Files.readString(image.resolve("conf/nftj-helper.policy.json")));
            assertEquals(List.of(Map.of("family", "inet", "name", "app"), Map.of("family", "ip", "name", "edge")), policy.get("tables"));
            assertEquals(Map.of("perSecond", 20, "burst", 40), policy.get("rate"));
            // Version 2, conservative towards the host: no devices, no host-wide statements, the caps written out.
            assertEquals(2, policy.get("version"));
            assertEquals(List.of(), policy.get("devices"));
            assertEquals(List.of(), policy.get("statements"));
            assertEquals(131072, ((Map<?, ?>) policy.get("limits")).get("elementsPerSet"));
            assertEquals(List.of("inet", "ip"), ((List<?>) policy.get("baseChains")).stream().map(e -> ((Map<?, ?>) e).get("family")).toList());
            assertTrue(r.out().contains("statements acting beyond the table: none allowed"), r.toString());
            @SuppressWarnings("unchecked") Map<String, Object> started = (Map<String, Object>) r.json().get("helper");
            assertEquals(List.of("inet app", "ip edge"), started.get("ownedTables"));

            // Idempotent, and without --table the policy stays as it is.
            Cli again = Cli.run("--helper", helper.toString(), "install", "--group", "nogroup");
            assertEquals(0, again.status(), again.toString());
            assertTrue(Files.readString(image.resolve("conf/nftj-helper.policy.json")).contains("edge"));
        } finally {
            NetnsHelper.run(List.of("rm", "-rf", image.toString()));
        }
    }

    /**
     * An upgrade as docs/operating.md says: a new image (which carries no policy) copied over the
     * installed one, then nftj install with no options. Tables, operations, rate, keys install does
     * not know (sysctl) and the helper's group survive; the new helper gets its group and capability.
     */
    @Test
    void anUpgradeKeepsThePolicyAndTheGroup() throws Exception {
        Path built = NetnsHelper.builtHelper();
        try (Image image = Image.withBuiltHelper("upgrade")) {
            Path helper = image.helper();
            Cli first = Cli.run("--helper", helper.toString(), "install", "--group", "nogroup", "--table", "inet/app",
                    "--table", "ip/edge", "--operation", "add", "--operation", "list", "--rate", "20/40");
            assertEquals(0, first.status(), first.toString());
            assertTrue(first.out().contains("\nnext: check the deployment as the application's user"
                    + Doctor.asMemberOf(Accounts.local(), "nogroup", image.dir().resolve("bin/nftj") + " doctor") + "\n"), first.toString());
            Path policyFile = image.dir().resolve("conf/nftj-helper.policy.json");
            // What the operator (or the security engineer's tools) added by hand stays as well.
            Map<String, Object> withSysctl = new java.util.LinkedHashMap<>(JSON.std.mapFrom(Files.readString(policyFile)));
            withSysctl.put("sysctl", List.of("net.ipv4.ip_forward"));
            Files.writeString(policyFile, JSON.std.asString(withSysctl) + "\n");
            byte[] before = Files.readAllBytes(policyFile);

            // The new image: a fresh helper (root:root, no capability), and conf/ without a policy.
            Files.delete(helper);
            Files.copy(built, helper);
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-x---"));
            Cli upgrade = Cli.run("--helper", helper.toString(), "--json", "install");
            assertEquals(0, upgrade.status(), upgrade.toString());
            assertEquals(true, upgrade.json().get("policyKept"), upgrade.toString());
            assertEquals(new String(before), Files.readString(policyFile), "the policy is byte for byte the same");
            PosixFileAttributes a = Files.readAttributes(helper, PosixFileAttributes.class);
            assertEquals("nogroup", a.group().getName(), "the helper's group came back from the policy file");
            assertTrue(Capabilities.isNetAdminOnly(Capabilities.get(helper)), Capabilities.get(helper));
            @SuppressWarnings("unchecked") Map<String, Object> started = (Map<String, Object>) upgrade.json().get("helper");
            assertEquals(List.of("inet app", "ip edge"), started.get("ownedTables"));

            // An option changes only what it names.
            assertEquals(0, Cli.run("--helper", helper.toString(), "install", "--rate", "5/10").status());
            Map<String, Object> after = JSON.std.mapFrom(Files.readString(policyFile));
            assertEquals(Map.of("perSecond", 5, "burst", 10), after.get("rate"));
            assertEquals(List.of("add", "list"), after.get("operations"));
            assertEquals(List.of("net.ipv4.ip_forward"), after.get("sysctl"));
            // --statement and --device replace their lists and keep the rest.
            Cli loosen = Cli.run("--helper", helper.toString(), "install", "--statement", "log", "--device", "veth*");
            assertEquals(0, loosen.status(), loosen.toString());
            Map<String, Object> loosened = JSON.std.mapFrom(Files.readString(policyFile));
            assertEquals(List.of("log"), loosened.get("statements"));
            assertEquals(List.of("veth*"), loosened.get("devices"));
            assertEquals(after.get("baseChains"), loosened.get("baseChains"));
            assertTrue(loosen.out().contains("statements acting beyond the table: allowed log"), loosen.toString());
            // --table names every table: the ones left out are no longer owned, and install says so.
            Cli narrow = Cli.run("--helper", helper.toString(), "install", "--table", "ip/edge");
            assertEquals(0, narrow.status(), narrow.toString());
            assertTrue(narrow.out().contains(": tables ip/edge (no longer: inet/app; --table names every table the helper "
                    + "may touch), operations"), narrow.toString());
            assertEquals(List.of(Map.of("family", "ip", "name", "edge")), JSON.std.mapFrom(Files.readString(policyFile)).get("tables"));
        }
    }

    @Test
    void theFirstInstallNeedsTheTablesItWillOwn() throws Exception {
        try (Image image = Image.withBuiltHelper("notable")) {
            Cli r = Cli.run("--helper", image.helper().toString(), "install", "--group", "nogroup");
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains("there is no policy yet") && r.err().contains("--table inet/app"), r.toString());
            assertTrue(!Files.exists(image.dir().resolve("conf/nftj-helper.policy.json")));
        }
    }

    /** A throwaway image directory below /run with the built helper at lib/nftj-helper, removed on close. */
    record Image(Path dir, Path helper) implements AutoCloseable {
        static Image withBuiltHelper(String name) throws java.io.IOException {
            Path built = NetnsHelper.builtHelper();
            Path dir = Path.of("/run/nftj-test-" + name + "-" + UUID.randomUUID().toString().substring(0, 8));
            Path helper = Files.createDirectories(dir.resolve("lib")).resolve("nftj-helper");
            Files.copy(built, helper);
            return new Image(dir, helper);
        }

        @Override
        public void close() {
            NetnsHelper.run(List.of("rm", "-rf", dir.toString()));
        }
    }

    @Test
    void installRefusesAnImageBelowAWritableDirectory() throws Exception {
        Path built = NetnsHelper.builtHelper();
        Path top = Files.createTempDirectory("nftj-install-");
        try {
            Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path helper = Files.createDirectories(top.resolve("image/lib")).resolve("nftj-helper");
            Files.copy(built, helper);
            Cli r = Cli.run("--helper", helper.toString(), "install", "--group", "nogroup", "--table", "inet/app");
            assertEquals(78, r.status(), r.toString());
            assertTrue(r.err().contains(top.toString()), r.toString());
        } finally {
            NetnsHelper.run(List.of("rm", "-rf", top.toString()));
        }
    }

    /** The README's demo, in-process: the helper runs as nobody with its file capability. */
    @Test
    void demoShowsTheAllowedPortAnswerAndTheBlockedPortNot() throws Exception {
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.UNPRIVILEGED, Policy.sample());
             DemoNet net = DemoNet.start(h.netns(), 18080, 19090)) {
            Cli r = Cli.run("--helper", h.helperPath().toString(), "demo", "--relay", net.relay().toString(),
                    "--allow", "18080", "--block", "19090");
            assertEquals(0, r.status(), r.toString());
            assertTrue(r.out().contains("port 18080 answers") && r.out().contains("port 19090 no answer"), r.out());
            assertTrue(r.out().contains("as expected"), r.out());
            assertTrue(r.out().contains("\"kind\":\"change\""), "the audit record is printed\n" + r.out());
            assertTrue(r.out().contains("== nftj audit verify: intact"), r.out());
            assertTrue(!h.ruleset().contains("nftj_demo"), "the demo deletes its table\n" + h.ruleset());
        }
    }

    /** A client namespace joined to the server namespace by veth; servers and relays from scripts/demo-net.py. */
    record DemoNet(String client, Path relay, List<Process> processes) implements AutoCloseable {
        static DemoNet start(String server, int... ports) throws Exception {
            String id = UUID.randomUUID().toString().substring(0, 6);
            String client = "nftj-tc-" + id;
            Path relay = Files.createTempDirectory(Path.of("/run"), "nftj-relay-");
            Files.setPosixFilePermissions(relay, PosixFilePermissions.fromString("rwxr-xr-x"));
            List<Process> procs = new ArrayList<>();
            DemoNet net = new DemoNet(client, relay, procs);
            try {
                NetnsHelper.run(List.of("ip", "netns", "add", client));
                NetnsHelper.run(List.of("ip", "link", "add", "ts" + id, "type", "veth", "peer", "name", "tc" + id));
                NetnsHelper.run(List.of("ip", "link", "set", "ts" + id, "netns", server));
                NetnsHelper.run(List.of("ip", "link", "set", "tc" + id, "netns", client));
                NetnsHelper.run(List.of("ip", "-n", server, "addr", "add", "10.77.0.1/24", "dev", "ts" + id));
                NetnsHelper.run(List.of("ip", "-n", client, "addr", "add", "10.77.0.2/24", "dev", "tc" + id));
                for (String ns : List.of(server, client)) NetnsHelper.run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
                NetnsHelper.run(List.of("ip", "-n", server, "link", "set", "ts" + id, "up"));
                NetnsHelper.run(List.of("ip", "-n", client, "link", "set", "tc" + id, "up"));
                String script = Path.of("../../scripts/demo-net.py").toAbsolutePath().normalize().toString();
                List<String> serve = new ArrayList<>(List.of("ip", "netns", "exec", server, "python3", script, "serve"));
                List<String> fwd = new ArrayList<>(List.of("ip", "netns", "exec", client, "python3", script, "relay",
                        relay.toString(), "10.77.0.1"));
                for (int p : ports) {
                    serve.add(String.valueOf(p));
                    fwd.add(String.valueOf(p));
                }
                procs.add(new ProcessBuilder(serve).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                procs.add(new ProcessBuilder(fwd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
                for (int i = 0; i < 100; i++) {
                    boolean ready = true;
                    for (int p : ports) ready &= Files.exists(Demo.socket(relay, p));
                    ready &= NetnsHelper.run(List.of("ip", "netns", "exec", server, "ss", "-Hltn")).contains(":" + ports[ports.length - 1]);
                    if (ready) break;
                    Thread.sleep(50);
                }
                return net;
            } catch (Exception | Error e) {
                net.close();
                throw e;
            }
        }

        @Override
        public void close() {
            for (Process p : processes) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            try {
                NetnsHelper.run(List.of("ip", "netns", "del", client));
            } catch (IllegalStateException ignored) {
                // not created
            }
            NetnsHelper.run(List.of("rm", "-rf", relay.toString()));
        }
    }
}
