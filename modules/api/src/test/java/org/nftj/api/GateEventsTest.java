package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;
import org.nftj.transport.Hello;
import org.nftj.transport.TransportEvent;

/**
 * Every kind of helper life event reaches the audit log as its record (no helper needed: the
 * gate's event hand-off is called directly). Gate.onEvent is an instanceof chain, not an
 * exhaustive switch, so this test is what notices a new TransportEvent kind left unhandled.
 */
class GateEventsTest {
    @Test
    void everyTransportEventKindIsAudited() {
        List<AuditRecord> records = new ArrayList<>();
        AuditLog log = new AuditLog() {
            @Override public void append(AuditRecord r) { records.add(r); }
            @Override public void close() { }
        };
        Gate gate = new Gate(NftjOptions.of(Path.of("/nonexistent/nftj-helper")).withAudit(log));
        try {
            Hello.Sandbox sandbox = new Hello.Sandbox(2, true, false, "0000000000001000", "0000000000001000", true);
            Hello hello = new Hello(1, "0.1.0", "1.0.6", 1 << 24, List.of(), List.of(), sandbox, 42, Map.of());
            List<TransportEvent> events = List.of(
                    new TransportEvent.HelperStarted(42, hello),
                    new TransportEvent.HelperRestarted(42, 1),
                    new TransportEvent.HelperDied(43, 159, true, 0, "signal", "SIGSYS"),
                    new TransportEvent.LockdownMissing(44, sandbox),
                    new TransportEvent.StartFailed("policy", 25, "policy file missing", 100));
            assertEquals(Arrays.stream(TransportEvent.class.getPermittedSubclasses()).map(Class::getSimpleName).sorted().toList(),
                    events.stream().map(e -> e.getClass().getSimpleName()).sorted().toList(),
                    "a new TransportEvent kind: hand it to the audit in Gate.onEvent and add it here");
            events.forEach(gate::onEvent);
        } finally {
            gate.close();
        }
        // A death by the seccomp filter is also an alert of its own.
        assertEquals(List.of("start ok", "restart restarted", "died sandbox_violation", "alert sandbox_violation",
                        "alert not_locked_down", "alert start_failed"),
                records.stream().map(r -> r.kind() + " " + r.outcome()).toList(), records.toString());
    }
}
