package org.nftj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;

/** Keeps the audit records of one run in memory, so a command can show what it recorded. */
final class AuditCollector implements AuditLog {
    private final List<AuditRecord> records = new ArrayList<>();

    @Override
    public synchronized void append(AuditRecord record) { records.add(record); }

    synchronized List<AuditRecord> records() { return List.copyOf(records); }

    @Override
    public void close() { }

    /** A record as JSON (field order as declared). */
    static Map<String, Object> toJson(AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", r.kind());
        m.put("op", r.op());
        m.put("verbs", r.verbs());
        m.put("tables", r.tables());
        m.put("batchSha256", r.batchSha256());
        m.put("dryRun", r.dryRun());
        m.put("outcome", r.outcome());
        m.put("message", r.message());
        m.put("durationMicros", r.durationNanos() / 1000);
        m.put("principal", r.principal());
        return m;
    }
}
