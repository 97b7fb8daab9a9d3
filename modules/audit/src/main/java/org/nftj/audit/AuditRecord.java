package org.nftj.audit;

import java.util.List;
import java.util.Objects;

/**
 * What the api tells the audit log about one request or event. The log adds sequence number,
 * times, actor (JVM pid, start time, user, network namespace) and the hash chain; the result is an
 * {@link AuditEntry}. The record format is documented in {@code docs/audit-log.md}.
 *
 * @param kind one of the kinds in {@link Kinds}: {@code intent}, {@code change}, {@code failure},
 *             {@code refusal}, {@code crash}, {@code resolution}, {@code start}, {@code died}, {@code restart}, {@code alert},
 *             {@code drift}, {@code audit_unavailable}; the log itself adds {@code rotate} and {@code recover}
 * @param op the helper op ({@code nft}), "" for events
 * @param verbs command verbs in order (empty for events)
 * @param tables the tables named, as "family name"
 * @param objects one summary per command, e.g. {@code add chain inet app input} (bounded, see docs)
 * @param batchSha256 hex SHA-256 of the canonical request ({@code ValidatedBatch.sha256()}), or ""
 * @param dryRun the request asked the kernel to check only
 * @param outcome a stable code: {@code ok}, {@code pending} (intent) or the error code
 * @param message human text of the outcome; escaped when written (it may carry kernel text)
 * @param durationNanos how long the request took, 0 for events
 * @param helperPid the helper that served it, -1 when none was running
 * @param helperVersion the helper's version, "" when none was running
 * @param helperNetns the helper's network namespace ({@code net:[inode]}) when readable, else ""
 * @param principal who the application acts for, "" when it did not say
 * @param digestBefore digest of the owned tables before (SHA-256 of their listing without counter values; docs/audit-log.md), "" when not taken
 * @param digestAfter digest after, "" when not taken or unknown (helper crashed)
 * @param ref for an outcome, the sequence number of its intent record; 0 otherwise
 */
public record AuditRecord(String kind, String op, List<String> verbs, List<String> tables, List<String> objects,
                          String batchSha256, boolean dryRun, String outcome, String message, long durationNanos,
                          long helperPid, String helperVersion, String helperNetns, String principal,
                          String digestBefore, String digestAfter, long ref) {
    /**
     * Fills absent texts with "" and copies the lists.
     *
     * @throws IllegalArgumentException when {@code ref} is negative
     */
    public AuditRecord {
        Objects.requireNonNull(kind, "kind");
        op = op == null ? "" : op;
        verbs = List.copyOf(verbs);
        tables = List.copyOf(tables);
        objects = List.copyOf(objects);
        batchSha256 = batchSha256 == null ? "" : batchSha256;
        Objects.requireNonNull(outcome, "outcome");
        message = message == null ? "" : message;
        helperVersion = helperVersion == null ? "" : helperVersion;
        helperNetns = helperNetns == null ? "" : helperNetns;
        principal = principal == null ? "" : principal;
        digestBefore = digestBefore == null ? "" : digestBefore;
        digestAfter = digestAfter == null ? "" : digestAfter;
        if (ref < 0) throw new IllegalArgumentException("ref must be >= 0");
    }

    /**
     * A record without object summaries, network namespace or intent reference.
     *
     * @param kind the record's kind ({@link Kinds})
     * @param op the helper op, "" for events
     * @param verbs command verbs in order
     * @param tables the tables named, as "family name"
     * @param batchSha256 hex SHA-256 of the canonical request, or ""
     * @param dryRun the request asked the kernel to check only
     * @param outcome a stable code: {@code ok}, {@code pending} or the error code
     * @param message human text of the outcome
     * @param durationNanos how long the request took, 0 for events
     * @param helperPid the helper that served it, -1 when none was running
     * @param helperVersion the helper's version, "" when none was running
     * @param principal who the application acts for, ""
     * @param digestBefore digest of the owned tables before, "" when not taken
     * @param digestAfter digest after, "" when not taken
     */
    public AuditRecord(String kind, String op, List<String> verbs, List<String> tables, String batchSha256,
                       boolean dryRun, String outcome, String message, long durationNanos, long helperPid,
                       String helperVersion, String principal, String digestBefore, String digestAfter) {
        this(kind, op, verbs, tables, List.of(), batchSha256, dryRun, outcome, message, durationNanos, helperPid,
                helperVersion, "", principal, digestBefore, digestAfter, 0);
    }

    /**
     * An event that is not about a request (restart, alert, drift...).
     *
     * @param kind the record's kind ({@link Kinds})
     * @param outcome a stable code
     * @param message human text
     * @param helperPid the helper concerned, -1 when none
     * @param helperVersion its version, or ""
     * @param helperNetns its network namespace, or ""
     * @param principal who the application acts for, or ""
     * @param digestBefore a digest of the owned tables, or ""
     * @param digestAfter a digest of the owned tables, or ""
     * @return the record
     */
    public static AuditRecord event(String kind, String outcome, String message, long helperPid, String helperVersion,
                                    String helperNetns, String principal, String digestBefore, String digestAfter) {
        return new AuditRecord(kind, "", List.of(), List.of(), List.of(), "", false, outcome, message, 0, helperPid,
                helperVersion, helperNetns, principal, digestBefore, digestAfter, 0);
    }

    /** The record kinds nftj writes. */
    public static final class Kinds {
        private Kinds() {}

        /** Written and forced before a mutating request is sent: the kernel never changes without a record. */
        public static final String INTENT = "intent";
        /** The request was applied (or, for a dry run, checked) successfully. */
        public static final String CHANGE = "change";
        /** The helper or kernel refused the request with an error (rolled back as a whole). */
        public static final String FAILURE = "failure";
        /** The helper's policy refused it: {@code policy_denied} or {@code rate_limited}. */
        public static final String REFUSAL = "refusal";
        /** The helper died, stalled or broke the protocol while the request was outstanding. */
        public static final String CRASH = "crash";
        /**
         * After a crash: the lost request's outcome as the owned tables show it ({@code applied},
         * {@code not_applied}, {@code unknown}), from their digest before and now.
         */
        public static final String RESOLUTION = "resolution";
        /** A helper process started (pid, version). */
        public static final String START = "start";
        /** A helper process ended while still wanted (outside or during a request): exit status, cause. */
        public static final String DIED = "died";
        /** The transport replaced a dead helper. */
        public static final String RESTART = "restart";
        /** More restarts than allowed within the window. */
        public static final String ALERT = "alert";
        /** The owned tables changed outside nftj. */
        public static final String DRIFT = "drift";
        /** The log could not be written and the configuration said fail open (written when it works again). */
        public static final String AUDIT_UNAVAILABLE = "audit_unavailable";
        /** First record of a rotated-to file; names the file it continues from. */
        public static final String ROTATE = "rotate";
        /** The log found and cut off a torn (incomplete) last record when it was reopened. */
        public static final String RECOVER = "recover";
    }
}
