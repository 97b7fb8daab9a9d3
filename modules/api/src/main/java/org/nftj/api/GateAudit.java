package org.nftj.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nftj.audit.AuditRecord;
import org.nftj.audit.Drift;
import org.nftj.audit.internal.Auditor;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.Validator;

/**
 * The gate's audit side: adapts requests and helper events to {@link Auditor}, without touching
 * transport types (the gate passes what it learned). For each mutating request:
 * <ol>
 *   <li>with table digests on (and not a dry run): take the change lock and ask the helper for the
 *       owned tables' state digest (op {@code digest}: their structure and element counts, read from
 *       the kernel without reading the sets' elements; nothing at all when the ruleset generation
 *       is still that of the last digest) — a difference from the last change's "after" digest is
 *       recorded as drift;</li>
 *   <li>write the {@code intent} record (forced to disk). If that fails and the configuration is
 *       fail closed, the request is refused before it is sent ({@link AuditFailureException},
 *       NOT_APPLIED);</li>
 *   <li>the gate sends the request;</li>
 *   <li>when it was answered, digest again; write the outcome record ({@code change},
 *       {@code failure}, {@code refusal} or {@code crash}) with {@code ref} = the intent's
 *       sequence number, before the caller learns the result.</li>
 * </ol>
 * The change lock serialises mutating requests while digests are on, so that "before" and "after"
 * describe exactly one change; read-only requests are never serialised. Turn digests off for
 * pipelined changes (drift detection then runs only on demand).
 */
final class GateAudit {
    /** How the audit asks for the owned tables' digest: through the gate, as a read-only validated request. */
    @FunctionalInterface
    interface Sender {
        Map<String, Object> send(ValidatedBatch batch) throws NftjException;
    }

    /** Looked up on first use: the first lookup searches for a LoggerFinder, which a cold start should not wait for. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger("org.nftj.audit");
    }

    private final Auditor auditor;
    private final boolean digests;
    private final Sender sender;
    /**
     * Held from a change's digest before to its digest after. A semaphore, not a lock owned by a
     * thread: group commit sends a group on one caller's thread and finishes it on another's.
     */
    private final ChangeLock changeLock = new ChangeLock();

    /** Fair (first come, first served) and not reentrant; {@code unlock} may run on any thread. */
    private static final class ChangeLock {
        private final Semaphore permit = new Semaphore(1, true);

        void lock() { permit.acquireUninterruptibly(); }

        void unlock() { permit.release(); }
    }
    /**
     * The last digest the helper computed and the ruleset generation it describes (-1: none): while
     * the generation has not moved, the digest still holds and the helper is asked only that.
     * Written under changeLock (lastGeneration is also reset by helper events).
     */
    private String lastDigest = "";
    private volatile long lastGeneration = -1;

    GateAudit(NftjOptions options, Sender sender) {
        this.auditor = new Auditor(options.audit(), options.auditSettings(), options.principal());
        // Digests serve the log and listeners only: an application that opted out of both pays nothing.
        this.digests = options.auditSettings().tableDigests()
                && (options.audit().keepsRecords() || !options.auditSettings().listeners().isEmpty());
        this.sender = sender;
    }

    Auditor auditor() { return auditor; }

    /** One request's audit; {@link #close()} in a finally (it releases the change lock). */
    final class Ticket implements AutoCloseable {
        private final Auditor.Intent intent; // null: not audited (read-only request)
        /** Whether this ticket holds the change lock (released on close). */
        private final boolean locked;
        private final AtomicBoolean closed = new AtomicBoolean();
        /** Whether the owned tables are digested around this request (under the change lock, its own or its group's). */
        private final boolean digested;

        private Ticket(Auditor.Intent intent, boolean locked, boolean digested) {
            this.intent = intent;
            this.locked = locked;
            this.digested = digested;
        }

        /**
         * The helper answered: {@code error} is null on success. Throws AuditFailureException when
         * the outcome cannot be written (fail closed); with an error, that failure is attached to
         * the error instead, which the caller then throws.
         */
        void answered(NftjException error) throws AuditFailureException {
            answered(error, null);
        }

        /** As {@link #answered(NftjException)}, with a message for a success (e.g. what a sysctl set changed). */
        void answered(NftjException error, String successMessage) throws AuditFailureException {
            if (intent == null) return;
            answered(error, successMessage, digested ? digestOrEmpty() : "");
        }

        /** As {@link #answered(NftjException, String)}, with the digest after already taken (a group's, once for all). */
        void answered(NftjException error, String successMessage, String after) throws AuditFailureException {
            if (intent == null) return;
            write(kind(error), error, after, successMessage, "");
        }

        private static String kind(NftjException error) {
            return error == null ? AuditRecord.Kinds.CHANGE
                    : switch (error.code()) {
                        case "policy_denied", "rate_limited" -> AuditRecord.Kinds.REFUSAL;
                        default -> AuditRecord.Kinds.FAILURE;
                    };
        }

        /**
         * A group member refused in its group (the helper named its command): its failure or
         * refusal record says which group request refused it ({@code why}); {@code after} is the
         * digest (nothing was applied: the one before).
         */
        void answeredInGroup(NftjException error, String why, String after) throws AuditFailureException {
            if (intent == null) return;
            write(kind(error), error, after, null, " (refused in its group: " + why + ")");
        }

        /** No answer: the helper died, stalled or broke the protocol. */
        void crashed(NftjException error) {
            if (intent == null) return;
            try {
                write(AuditRecord.Kinds.CRASH, error, "", null, "");
            } catch (AuditFailureException e) {
                error.addSuppressed(e);
            }
        }

        /**
         * After a crash record: the outcome as the owned tables show it, when the digest from
         * before the request was taken (digests on, not a dry run): the same digest now means not
         * applied, another applied; UNKNOWN when there is none or the tables cannot be listed.
         * Writes a {@code resolution} record either way (when there was a digest to compare).
         */
        NftjException.Outcome resolve() {
            if (intent == null || !digested || intent.digestBefore().isEmpty()) return NftjException.Outcome.UNKNOWN;
            String after = digestOrEmpty();
            NftjException.Outcome outcome = after.isEmpty() ? NftjException.Outcome.UNKNOWN
                    : after.equals(intent.digestBefore()) ? NftjException.Outcome.NOT_APPLIED : NftjException.Outcome.APPLIED;
            String code = switch (outcome) {
                case APPLIED -> "applied";
                case NOT_APPLIED -> "not_applied";
                case UNKNOWN -> "unknown";
            };
            String message = switch (outcome) {
                case APPLIED -> "the owned tables differ from their digest before the request: it was applied";
                case NOT_APPLIED -> "the owned tables are as before the request: it was not applied";
                case UNKNOWN -> "the owned tables could not be listed after the crash";
            };
            try {
                auditor.resolution(intent, code, message, after);
            } catch (IOException e) {
                Log.LOG.log(System.Logger.Level.WARNING, "the resolution of request #" + intent.seq()
                        + " could not be written to the audit log: " + e.getMessage());
            }
            return outcome;
        }

        /** {@code failureSuffix}: what follows a failure's message in its record. */
        private void write(String kind, NftjException error, String after, String successMessage, String failureSuffix)
                throws AuditFailureException {
            try {
                auditor.outcome(intent, kind, error == null ? "ok" : error.code(),
                        error == null ? (successMessage == null ? "" : successMessage) : error.getMessage() + failureSuffix,
                        after);
            } catch (IOException e) {
                AuditFailureException f = new AuditFailureException("audit_failed", "the request was "
                        + (error == null ? "carried out" : "answered with " + error.code())
                        + " but its outcome could not be written to the audit log (intent record #" + intent.seq()
                        + " stands): " + e.getMessage(), -1, "", error == null ? NftjException.Outcome.APPLIED
                        : error.outcome(), e);
                if (error == null) throw f;
                error.addSuppressed(f);
            }
        }

        /** The sequence number of this request's intent record (0: none, e.g. a dry run or a read). */
        long intentSeq() { return intent == null ? 0 : intent.seq(); }

        /** Releases the change lock if this holds it; once only, whichever thread closes. */
        @Override
        public void close() {
            if (locked && !closed.getAndSet(true)) changeLock.unlock();
        }
    }

    /** Before sending: intent record (and digest, drift check) for a mutating request. */
    Ticket begin(ValidatedBatch batch) throws AuditFailureException {
        if (!batch.mutating()) return new Ticket(null, false, false);
        boolean lock = digests && !batch.dryRun();
        if (lock) changeLock.lock();
        try {
            return new Ticket(intent(batch, lock ? digestOrEmpty() : ""), lock, lock);
        } catch (AuditFailureException | RuntimeException | Error e) {
            if (lock) changeLock.unlock();
            throw e;
        }
    }

    private Auditor.Intent intent(ValidatedBatch batch, String before) throws AuditFailureException {
        List<String> tables = new ArrayList<>();
        batch.tables().forEach(t -> tables.add(t.toString()));
        Collections.sort(tables);
        try {
            return auditor.intent(batch.op(), batch.body(), batch.verbs(), tables, batch.sha256(), batch.dryRun(), before);
        } catch (IOException e) {
            throw new AuditFailureException("audit_failed", "the audit log could not be written, so the request was "
                    + "not sent (fail closed): " + e.getMessage(), -1, "", NftjException.Outcome.NOT_APPLIED, e);
        }
    }

    /**
     * The audit of a group commit (several callers' element changes sent as one request): one change
     * lock and one digest before and after for the whole group (when digests are on), one intent and
     * one outcome record per caller ({@link #member}). {@link #close()} in a finally.
     */
    final class Group implements AutoCloseable {
        private final boolean locked;
        private final AtomicBoolean closed = new AtomicBoolean();
        private final String before;

        private Group() {
            this.locked = digests;
            if (locked) changeLock.lock();
            String b = "";
            try {
                b = locked ? digestOrEmpty() : "";
            } catch (RuntimeException | Error e) {
                if (locked) changeLock.unlock();
                throw e;
            }
            this.before = b;
        }

        /** A member's intent record, with the group's digest before; its outcome goes through the ticket. */
        Ticket member(ValidatedBatch batch) throws AuditFailureException {
            return new Ticket(intent(batch, before), false, locked);
        }

        /** The owned tables' digest before the group ("" when digests are off or listing failed). */
        String before() { return before; }

        /** The owned tables' digest after the group's request ("" when digests are off or listing failed). */
        String after() { return locked ? digestOrEmpty() : ""; }

        /** Releases the change lock if this holds it; once only, whichever thread closes. */
        @Override
        public void close() {
            if (locked && !closed.getAndSet(true)) changeLock.unlock();
        }
    }

    /** Takes the change lock (digests on) and the digest before, for a group commit. */
    Group beginGroup() {
        return new Group();
    }

    /** On demand: digest the owned tables now and compare with the last known digest. */
    Drift checkDrift() throws NftjException {
        changeLock.lock();
        try {
            return auditor.checkDrift(digestNow());
        } finally {
            changeLock.unlock();
        }
    }

    void helperStarted(long pid, String version) {
        forgetGeneration();
        auditor.helperStarted(pid, version);
    }

    void helperRestarted(long previousPid, long restarts) {
        forgetGeneration();
        auditor.helperRestarted(previousPid, restarts);
    }

    /**
     * A new helper may run in another network namespace, where the same generation means nothing.
     * Called on transport threads: no lock (one volatile write; the next digest is then taken whole).
     */
    private void forgetGeneration() {
        lastGeneration = -1;
    }

    void helperDied(long pid, int exitStatus, boolean sandboxViolation, int failedRequests, String reason,
                    String detail) {
        auditor.helperDied(pid, exitStatus, sandboxViolation, failedRequests, reason, detail);
    }

    void lockdownMissing(long pid, String sandbox) {
        auditor.lockdownMissing(pid, sandbox);
    }

    void startFailed(String reason, int exitStatus, String message) {
        auditor.startFailed(reason, exitStatus, message);
    }

    /** Digests are observations: when listing fails the request itself decides the outcome. */
    private String digestOrEmpty() {
        try {
            return digestNow();
        } catch (NftjException e) {
            Log.LOG.log(System.Logger.Level.WARNING, "could not list the owned tables for the audit digest: " + e.code());
            return "";
        }
    }

    /**
     * The helper's state digest of the owned tables (docs/audit-log.md, "Table digests and drift"),
     * or the last one when the ruleset generation has not moved since it was taken. The caller holds
     * changeLock.
     */
    private String digestNow() throws NftjException {
        long since = lastDigest.isEmpty() ? -1 : lastGeneration;
        Map<String, Object> r = sender.send(Validator.digest(since));
        if (!(r.get("generation") instanceof Number generation)) throw digestAnswer(r);
        if (Boolean.TRUE.equals(r.get("unchanged")) && since >= 0 && generation.longValue() == since) {
            return lastDigest;
        }
        if (!(r.get("digest") instanceof String digest) || !digest.startsWith("sha256:")) throw digestAnswer(r);
        lastDigest = digest;
        lastGeneration = generation.longValue();
        return digest;
    }

    private static NftFailedException digestAnswer(Map<String, Object> r) {
        return new NftFailedException("internal", "the helper's digest answer is not one: " + String.valueOf(r).substring(0,
                Math.min(200, String.valueOf(r).length())), -1, "", NftjException.Outcome.NOT_APPLIED, null);
    }

    /**
     * Records a mutating request that validation refused before sending and returns the error to
     * throw. Nothing was sent, so a failure to write the record is attached, not thrown.
     */
    NftjException refusedBeforeSending(String op, NftjException error) {
        try {
            auditor.refusedBeforeSending(op, error.code(), String.valueOf(error.getMessage()));
        } catch (IOException e) {
            error.addSuppressed(e);
        }
        return error;
    }
}
