package org.nftj.cli;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nftj.api.Family;
import org.nftj.api.HelperInfo;
import org.nftj.api.NftSyntax;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.Ruleset;
import org.nftj.api.Table;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditVerifier;
import org.nftj.audit.VerifyReport;

/**
 * {@code nftj demo}: what nftj is for, shown end to end. The JVM runs unprivileged in the
 * "server" network namespace; the helper it spawns gets CAP_NET_ADMIN from its file capability and
 * installs a firewall there. The JVM cannot enter another namespace, so scripts/main starts small
 * relays in the "client" namespace: a connection to {@code RELAY/tcp-PORT.sock} (a file-system
 * socket, reachable from any namespace) becomes a TCP connection from the client to the server's
 * PORT, across the veth link and through the firewall.
 */
final class Demo {
    static final String TABLE = "nftj_demo";
    static final long PROBE_TIMEOUT_MILLIS = 5_000;

    private Demo() {}

    /**
     * The sample firewall: PORT_ALLOW counted and accepted; PORT_BLOCK listed in a set, counted and
     * rejected with a TCP reset, so the client learns at once that it is blocked.
     */
    static String ruleset(int allow, int block) {
        String t = "\"family\":\"inet\",\"table\":\"" + TABLE + "\"";
        return """
                {"nftables":[
                  {"add":{"table":{"family":"inet","name":"%2$s"}}},
                  {"add":{"set":{%1$s,"name":"blocked_ports","type":"inet_service"}}},
                  {"add":{"element":{%1$s,"name":"blocked_ports","elem":[%4$d]}}},
                  {"add":{"chain":{%1$s,"name":"input","type":"filter","hook":"input","prio":0,"policy":"accept"}}},
                  {"add":{"rule":{%1$s,"chain":"input","expr":[
                    {"match":{"op":"==","left":{"payload":{"protocol":"tcp","field":"dport"}},"right":"@blocked_ports"}},
                    {"counter":{"packets":0,"bytes":0}},{"reject":{"type":"tcp reset"}}]}}},
                  {"add":{"rule":{%1$s,"chain":"input","expr":[
                    {"match":{"op":"==","left":{"payload":{"protocol":"tcp","field":"dport"}},"right":%3$d}},
                    {"counter":{"packets":0,"bytes":0}},{"accept":null}]}}}
                ]}
                """.formatted(t, TABLE, allow, block);
    }

    static Report run(Ctx ctx, Args a) throws CliException, NftjException {
        a.positional(0, 0, "demo");
        if (!a.has("--relay")) {
            throw CliException.usage("demo needs --relay DIR: the probes run from a separate client namespace",
                    "run bash scripts/main, which builds the namespaces, relays and servers, and cleans up");
        }
        Path relay = Path.of(a.value("--relay", ""));
        int allow = port(a.value("--allow", "8080"));
        int block = port(a.value("--block", "9090"));
        if (allow == block) throw CliException.usage("demo: --allow and --block must differ", "e.g. --allow 8080 --block 9090");
        for (int p : new int[] {allow, block}) {
            if (!Files.exists(socket(relay, p))) {
                throw new CliException(ExitCode.CONFIG, "no_relay", "no relay socket " + socket(relay, p),
                        "scripts/main starts the relays in the client namespace before it runs nftj demo");
            }
        }
        StringBuilder text = new StringBuilder();
        Map<String, Object> json = new LinkedHashMap<>();
        ProcStatus self = ProcStatus.parse(Installer.procStatus());
        String who = "this JVM: uid " + self.uid() + ", capabilities " + String.format("%016x", self.capEffective())
                + (self.holdsAnyCapability() ? " (it holds capabilities: not the deployment nftj is made for)" : " (none)");
        text.append("== ").append(who).append('\n');
        json.put("jvm", Map.of("uid", self.uid(), "capEffective", String.format("%016x", self.capEffective())));

        // The audit log: the one named with --audit, or a fresh one for this demo (removed afterwards).
        Path auditFile = ctx.auditFile();
        if (auditFile == null) {
            try {
                Path dir = Files.createTempDirectory("nftj-demo-audit-");
                auditFile = dir.resolve("audit.jsonl");
                ctx.resources().add(() -> {
                    try (var files = Files.list(dir)) {
                        for (Path f : files.toList()) Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                });
            } catch (IOException e) {
                throw new CliException(ExitCode.CONFIG, "audit_unwritable", "cannot create a temporary audit log: "
                        + e.getMessage(), "pass --audit FILE");
            }
        }
        Ctx audited = ctx.withAuditFile(auditFile);
        boolean ok;
        try (Nftj nft = audited.open(AuditLog.discarding())) {
            HelperInfo h = nft.helper();
            text.append("== helper: pid ").append(h.pid()).append(", CapEff ").append(h.capEffective())
                    .append(", sandbox ").append(h.locked() ? "locked" : "NOT locked").append(", owns ")
                    .append(String.join(", ", h.ownedTables())).append('\n');
            json.put("helper", Map.of("pid", h.pid(), "capEffective", h.capEffective(), "locked", h.locked(),
                    "ownedTables", h.ownedTables()));

            Map<Integer, String> before = probe(relay, allow, block);
            text.append("== before: ").append(describe(before)).append('\n');
            if (before.get(allow) == null || before.get(block) == null) {
                throw new CliException(ExitCode.CONFIG, "demo_setup", "without a firewall both ports should answer, but: "
                        + describe(before), "check the servers and relays scripts/main started");
            }
            nft.applyJson(ruleset(allow, block), false);
            text.append("== applied the sample firewall (table inet ").append(TABLE).append(") as uid ").append(self.uid())
                    .append(" through the helper\n");
            try {
                Map<Integer, String> after = probe(relay, allow, block);
                ok = after.get(allow) != null && after.get(block) == null;
                text.append("== after:  ").append(describe(after)).append('\n');
                text.append(ok ? "== as expected: port " + allow + " answers, port " + block + " is blocked\n"
                        : "== NOT as expected\n");
                json.put("probes", Map.of("before", probeJson(before), "after", probeJson(after)));
                List<Map<String, Object>> listed = nft.table(Family.INET, TABLE).listJson();
                text.append("== the ruleset, as the helper lists it\n").append(NftSyntax.ruleset(Ruleset.decode(listed)));
                json.put("ruleset", Map.of("nftables", listed));
            } finally {
                if (!a.has("--keep")) {
                    nft.applyJson("{\"nftables\":[{\"delete\":{\"table\":{\"family\":\"inet\",\"name\":\"" + TABLE + "\"}}}]}", false);
                    text.append("== deleted table inet ").append(TABLE).append(" again\n");
                }
            }
        }
        List<Object> records = new ArrayList<>();
        text.append("== the audit log ").append(auditFile).append(" (hash-chained, one record per line)\n");
        try {
            for (String line : Files.readAllLines(auditFile)) {
                text.append(line).append('\n');
                records.add(tools.jackson.jr.ob.JSON.std.anyFrom(line));
            }
            VerifyReport v = AuditVerifier.verify(auditFile);
            text.append("== nftj audit verify: ").append(v.ok() ? "intact: " : "BROKEN: ").append(v.message()).append('\n');
            json.put("auditVerified", v.ok());
            ok &= v.ok();
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "audit_unreadable", "cannot read the audit log " + auditFile + ": "
                    + e.getMessage(), "check the path and its permissions");
        }
        json.put("audit", records);
        json.put("asExpected", ok);
        return new Report(json, text.toString(), ok ? ExitCode.OK : ExitCode.FAILED);
    }

    private static int port(String s) throws CliException {
        try {
            int p = Integer.parseInt(s);
            if (p < 1 || p > 65535) throw new NumberFormatException();
            return p;
        } catch (NumberFormatException e) {
            throw CliException.usage("demo: a port is 1 to 65535, not '" + s + "'", "e.g. --allow 8080");
        }
    }

    static Path socket(Path relay, int port) {
        return relay.resolve("tcp-" + port + ".sock");
    }

    /** Each port's greeting line, or null when it did not answer: both ports probed at once. */
    static Map<Integer, String> probe(Path relay, int... ports) {
        Map<Integer, String> out = new LinkedHashMap<>();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<Integer, Future<String>> f = new LinkedHashMap<>();
            for (int p : ports) f.put(p, ex.submit(() -> greeting(socket(relay, p))));
            for (Map.Entry<Integer, Future<String>> e : f.entrySet()) {
                String g;
                try {
                    g = e.getValue().get(PROBE_TIMEOUT_MILLIS + 1_000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException x) {
                    e.getValue().cancel(true);
                    g = null;
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                    g = null;
                }
                out.put(e.getKey(), g);
            }
        }
        return out;
    }

    /** Connects through the relay and reads the server's greeting line; null when the connection got nowhere. */
    private static String greeting(Path socket) throws IOException {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer buf = ByteBuffer.allocate(256);
            while (buf.hasRemaining()) {
                if (ch.read(buf) < 0) break;
                if (buf.position() > 0 && buf.get(buf.position() - 1) == '\n') break;
            }
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        }
    }

    private static String describe(Map<Integer, String> probes) {
        List<String> parts = new ArrayList<>();
        probes.forEach((p, g) -> parts.add("port " + p + (g == null ? " no answer" : " answers \"" + g + "\"")));
        return String.join(", ", parts);
    }

    private static Map<String, Object> probeJson(Map<Integer, String> probes) {
        Map<String, Object> m = new LinkedHashMap<>();
        probes.forEach((p, g) -> m.put(String.valueOf(p), g != null));
        return m;
    }
}
