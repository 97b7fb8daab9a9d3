package org.nftj.audit;

import java.util.List;
import java.util.Objects;

/**
 * What the api tells the audit log about one request or event. The log adds sequence number,
 * times, actor, network namespace and the hash chain.
 *
 * @param kind {@code change}, {@code refusal}, {@code crash}, {@code restart}, {@code drift}, {@code alert}
 * @param verbs command verbs in order (empty for events)
 * @param tables the tables named, as "family name"
 * @param batchSha256 SHA-256 of the canonical request, or "" for events
 * @param outcome a stable code: {@code ok} or the error code
 * @param message human text of the outcome (escaped when written)
 */
public record AuditRecord(String kind, String op, List<String> verbs, List<String> tables, String batchSha256,
                          boolean dryRun, String outcome, String message, long durationNanos, long helperPid,
                          String helperVersion, String principal, String digestBefore, String digestAfter) {
    public AuditRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(op, "op");
        verbs = List.copyOf(verbs);
        tables = List.copyOf(tables);
        Objects.requireNonNull(batchSha256, "batchSha256");
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        principal = principal == null ? "" : principal;
        helperVersion = helperVersion == null ? "" : helperVersion;
        digestBefore = digestBefore == null ? "" : digestBefore;
        digestAfter = digestAfter == null ? "" : digestAfter;
    }
}
