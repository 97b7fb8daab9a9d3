package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;

/** The gate hands each change, refusal and helper death to the audit log, against the real helper. */
@KernelTest
class AuditHandOffTest {
    @Test
    void changesRefusalsAndCrashesAreAudited() throws Exception {
        List<AuditRecord> records = new CopyOnWriteArrayList<>();
        AuditLog log = recordingInto(records);
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false).withAudit(log))) {
            Result ok = nft.applyJson("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}]}", false);
            NftjException denied = assertThrows(NftjException.class, () -> nft.applyJson(
                    "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"someone_else\"}}}]}", false));
            assertInstanceOf(PolicyDeniedException.class, denied);
            long pid = nft.helper().pid();
            ProcessHandle helperProcess = ProcessHandle.of(pid).orElseThrow();
            helperProcess.destroyForcibly();
            helperProcess.onExit().join();
            Thread.sleep(100); // let the reader see the end of the pipe and publish the death
            nft.applyJson("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}]}", false);
            AuditRecord change = records.stream().filter(r -> r.kind().equals("change")).findFirst().orElseThrow();
            assertEquals("ok", change.outcome());
            assertEquals(ok.batchSha256(), change.batchSha256(), "the audit names the very bytes sent");
            assertTrue(records.stream().anyMatch(r -> r.kind().equals("refusal") && r.outcome().equals("policy_denied")), records.toString());
            // Killed between requests: the audit log calls that "died" ("crash" is for a request in flight).
            assertTrue(records.stream().anyMatch(r -> r.kind().equals("died") && r.helperPid() == pid), records.toString());
            assertTrue(records.stream().anyMatch(r -> r.kind().equals("restart")), records.toString());
            if (!nft.helper().locked()) {
                assertTrue(records.stream().anyMatch(r -> r.kind().equals("alert") && r.outcome().equals("not_locked_down")),
                        "a helper accepted without its lockdown is an alert: " + records);
            }
        }
    }

    @Test
    void aChangeRefusedByJavaValidationIsAuditedAndNeverSent() throws Exception {
        List<AuditRecord> records = new CopyOnWriteArrayList<>();
        AuditLog log = recordingInto(records);
        try (NetnsHelper h = NetnsHelper.create();
             Nftj nft = Nftj.open(NftjOptions.of(h.helperPath()).withRequireLockdown(false).withAudit(log))) {
            String before = h.rulesetJson();
            records.clear();
            // A service name instead of a port: libnftables would look it up; validation refuses it.
            String doc = "{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},"
                    + "{\"add\":{\"chain\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"c\"}}},"
                    + "{\"add\":{\"rule\":{\"family\":\"inet\",\"table\":\"app\",\"chain\":\"c\",\"expr\":"
                    + "[{\"match\":{\"op\":\"==\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},"
                    + "\"right\":\"ssh\"}},{\"accept\":null}]}}}]}";
            NftjException e = assertThrows(NftjException.class, () -> nft.applyJson(doc, false));
            assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
            assertEquals(List.of("refusal"), records.stream().map(AuditRecord::kind).toList(), records.toString());
            assertEquals(e.code(), records.getFirst().outcome());
            assertEquals(before, h.rulesetJson(), "a request refused in the JVM reached the kernel");
            // A read-only request refused by validation is not a change attempt: not audited.
            assertThrows(NftjException.class, () -> nft.table(Family.INET, "bad name").list());
            assertEquals(1, records.size(), records.toString());
        }
    }

    /** An audit log that keeps records in memory, for asserting what the gate handed over. */
    private static AuditLog recordingInto(List<AuditRecord> records) {
        return new AuditLog() {
            @Override public void append(AuditRecord r) { records.add(r); }
            @Override public void close() { }
        };
    }
}
