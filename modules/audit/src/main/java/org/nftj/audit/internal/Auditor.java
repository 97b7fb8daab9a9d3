package org.nftj.audit.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.nftj.audit.AuditEvent;
import org.nftj.audit.AuditListener;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;
import org.nftj.audit.AuditSettings;
import org.nftj.audit.Drift;
import org.nftj.audit.support.Json;
import org.nftj.audit.support.ProcessFacts;

/**
 * What the api's gate tells about requests and the helper's life, turned into audit records,
 * listener events and System.Logger messages ({@code org.nftj.audit}). It holds no transport or
 * validation types: the gate adapts.
 *
 * <p><b>Intent and outcome.</b> A mutating request (other than a dry run, which only gets its
 * outcome record) is recorded twice: an {@code intent} record,
 * on stable storage before the request is sent — so the kernel never changes without a record —
 * and an outcome record ({@code change}, {@code failure}, {@code refusal} or {@code crash}) whose
 * {@code ref} is the intent's sequence number, written before the caller learns the result. An
 * intent without an outcome means the process died in between: the change may or may not have
 * happened. With fail closed (the default), a failure to write the intent refuses the request
 * ({@link IOException} from {@link #intent}); a failure to write the outcome is reported to the
 * caller even though the kernel already acted (the intent stands as the record).
 *
 * <p><b>Drift.</b> The gate passes the digest of the owned tables before each change; when it
 * differs from the digest after the previous change, someone else changed them: a {@code drift}
 * record. {@link #checkDrift(String)} does the same on demand.
 */
public final class Auditor {
    /** Looked up on first use: the first lookup searches for a LoggerFinder, which a cold start should not wait for. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger("org.nftj.audit");
    }

    private final AuditLog log;
    private final AuditSettings settings;
    private final String principal;
    private final RestartMonitor restarts;
    private final List<AuditListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lost = new AtomicLong();
    private volatile long helperPid = -1;
    private volatile String helperVersion = "";
    private volatile String helperNetns = "";
    private volatile String lastDigest; // null: unknown (no change seen yet, or the helper crashed mid-change)

    /**
     * An auditor writing to {@code log}. Thread-safe: the gate's callers share it.
     *
     * @param log where the records go; its own locking orders concurrent appends
     * @param settings fail open or closed, the restart alert's threshold and window, the listeners
     * @param principal who the records say acted (e.g. the OS user); null for ""
     */
    public Auditor(AuditLog log, AuditSettings settings, String principal) {
        this.log = Objects.requireNonNull(log);
        this.settings = Objects.requireNonNull(settings);
        this.principal = principal == null ? "" : principal;
        this.restarts = new RestartMonitor(settings.restartAlertThreshold(), settings.restartAlertWindow());
        listeners.addAll(settings.listeners());
    }

    /** {@return the settings this auditor was made with} */
    public AuditSettings settings() { return settings; }

    /**
     * Adds a listener told of every later record, on the thread that writes it.
     *
     * @param l the listener; what it throws is logged and otherwise ignored
     */
    public void subscribe(AuditListener l) { listeners.add(Objects.requireNonNull(l)); }

    /**
     * Removes a listener added by {@link #subscribe} or given in the settings; nothing when absent.
     *
     * @param l the listener
     */
    public void unsubscribe(AuditListener l) { listeners.remove(l); }

    /** {@return the helper restarts counted so far, in their sliding window} */
    public RestartMonitor restarts() { return restarts; }

    /**
     * A mutating request that was recorded as intended; pass it to {@link #outcome}.
     *
     * @param seq the intent record's sequence number, which the outcome's {@code ref} names; 0 for
     *            a dry run (no intent record) or a record not written (fail open)
     * @param startNanos {@link System#nanoTime()} when the intent was taken, for the outcome's duration
     * @param op the helper op, e.g. {@code nft}
     * @param verbs the command verbs in order
     * @param tables the tables the request names, {@code family name}
     * @param objects one line per command ({@link OperationSummary})
     * @param batchSha256 the SHA-256 of the request body, hex
     * @param dryRun whether the helper was asked to check only
     * @param digestBefore the owned tables' digest before, or ""
     * @param helperPid the helper that was to serve it, or -1
     */
    public record Intent(long seq, long startNanos, String op, List<String> verbs, List<String> tables,
                         List<String> objects, String batchSha256, boolean dryRun, String digestBefore,
                         long helperPid) {}

    /**
     * A helper process started: remembered for later records, and recorded.
     *
     * @param pid its process id (its network namespace is read from /proc now)
     * @param version its version from the handshake; null for ""
     */
    public void helperStarted(long pid, String version) {
        helperPid = pid;
        helperVersion = version == null ? "" : version;
        helperNetns = ProcessFacts.netns(pid);
        tryWrite(AuditRecord.event(AuditRecord.Kinds.START, "ok", "helper started", pid, helperVersion, helperNetns,
                principal, "", ""));
    }

    /**
     * The transport replaced a dead helper: recorded, counted, and alerted on above the threshold.
     * The last known digest is forgotten (drift detection starts again from the next change).
     *
     * @param previousPid the process id of the helper that died
     * @param totalRestarts the transport's count of replacements, this one included
     */
    public void helperRestarted(long previousPid, long totalRestarts) {
        long now = System.nanoTime();
        boolean alert = restarts.restarted(now);
        lastDigest = null; // whatever the dead helper was doing, we no longer know the state
        tryWrite(AuditRecord.event(AuditRecord.Kinds.RESTART, "restarted", "helper " + previousPid
                + " died and is being replaced (" + totalRestarts + " restarts so far)", previousPid,
                helperVersion, helperNetns, principal, "", ""));
        if (alert) {
            tryWrite(AuditRecord.event(AuditRecord.Kinds.ALERT, "restart_rate", restarts.inWindow(now)
                    + " helper restarts within " + restarts.window() + " (more than "
                    + restarts.threshold() + "): the helper keeps dying", previousPid, helperVersion, helperNetns,
                    principal, "", ""));
        }
    }

    /**
     * A helper process ended while the transport still wanted it. A death by SIGSYS (seccomp caught
     * a forbidden system call) is also an {@code alert}: the sandbox stopped something.
     *
     * @param pid its process id
     * @param exitStatus 0-255, 128+N after signal N, -1 unknown
     * @param reason what the transport saw, e.g. {@code exited}, {@code protocol_violation}, {@code timeout}
     * @param sandboxViolation true when seccomp killed it (SIGSYS)
     * @param failedRequests how many requests in flight failed with it
     * @param detail text (may quote the helper; escaped when written)
     */
    public void helperDied(long pid, int exitStatus, boolean sandboxViolation, int failedRequests, String reason,
                           String detail) {
        lastDigest = null;
        String text = (detail == null || detail.isEmpty() ? "" : detail + "; ") + "exit status " + exitStatus + ", "
                + failedRequests + " request(s) in flight failed";
        tryWrite(AuditRecord.event(AuditRecord.Kinds.DIED, sandboxViolation ? "sandbox_violation" : reason, text, pid,
                helperVersion, helperNetns, principal, "", ""));
        if (sandboxViolation) {
            tryWrite(AuditRecord.event(AuditRecord.Kinds.ALERT, "sandbox_violation", "the helper was killed by its "
                    + "seccomp filter (SIGSYS): it attempted a forbidden system call", pid, helperVersion, helperNetns,
                    principal, "", ""));
        }
    }

    /**
     * The helper runs without its promised lockdown (the configuration allowed it): an alert.
     *
     * @param pid its process id
     * @param sandbox the lockdown it reported, in words
     */
    public void lockdownMissing(long pid, String sandbox) {
        tryWrite(AuditRecord.event(AuditRecord.Kinds.ALERT, "not_locked_down", "the helper runs without its full "
                + "lockdown: " + sandbox, pid, helperVersion, ProcessFacts.netns(pid), principal, "", ""));
    }

    /**
     * Starting the helper failed: an alert (nothing can be changed until it starts).
     *
     * @param reason why, as the protocol and the audit log name it (e.g. {@code no_cap_net_admin})
     * @param exitStatus the helper's exit status when it had exited, else -1
     * @param message what happened, in words (escaped when written)
     */
    public void startFailed(String reason, int exitStatus, String message) {
        tryWrite(AuditRecord.event(AuditRecord.Kinds.ALERT, "start_failed", "the helper could not start (" + reason
                + ", exit status " + exitStatus + "): " + message, -1, "", "", principal, "", ""));
    }

    /**
     * Before a mutating request: compares the owned tables' digest with the last known one
     * (recording drift), then writes the intent record (none for a dry run).
     *
     * @param op the helper op, e.g. {@code nft}
     * @param body the canonical request body, summarised into the record's objects (when a log keeps
     *        records or a listener is subscribed)
     * @param verbs the command verbs in order
     * @param tables the tables the request names, {@code family name}
     * @param batchSha256 the SHA-256 of {@code body}, hex
     * @param dryRun whether the helper is asked to check only
     * @param digestBefore the owned tables' digest now, or "" when not taken
     * @return the intent, to pass to {@link #outcome} (and {@link #resolution} after a crash)
     * @throws IOException the intent could not be written and the configuration is fail closed
     */
    public Intent intent(String op, byte[] body, List<String> verbs, List<String> tables, String batchSha256,
                         boolean dryRun, String digestBefore) throws IOException {
        long start = System.nanoTime();
        if (!digestBefore.isEmpty()) compareDigest(digestBefore, "before a change");
        // The objects are read by the log and the listeners only (not by the log line): a client
        // that keeps no records and has no listener does not summarise every request's body.
        List<String> objects = log.keepsRecords() || !listeners.isEmpty() ? OperationSummary.of(body) : List.of();
        long pid = helperPid;
        // A dry run cannot change the kernel: its outcome record alone tells the story (ref 0).
        long seq = 0;
        if (!dryRun) {
            seq = write(new AuditRecord(AuditRecord.Kinds.INTENT, op, verbs, tables, objects, batchSha256, false,
                    "pending", "", 0, pid, helperVersion, helperNetns, principal, digestBefore, "", 0));
        }
        return new Intent(seq, start, op, verbs, tables, objects, batchSha256, dryRun, digestBefore, pid);
    }

    /**
     * After the request: the outcome record, linked to its intent.
     *
     * @param intent what {@link #intent} returned for the request
     * @param kind {@code change}, {@code failure}, {@code refusal} or {@code crash}
     * @param code {@code ok} for a change, else the failure's stable code (e.g. {@code exists})
     * @param message what happened, in words (escaped when written)
     * @param digestAfter the owned tables' digest after, or "" when unknown (then drift detection
     *                    restarts from the next change)
     * @throws IOException the record could not be written and the configuration is fail closed
     */
    public void outcome(Intent intent, String kind, String code, String message, String digestAfter) throws IOException {
        if (!intent.dryRun()) lastDigest = digestAfter.isEmpty() ? null : digestAfter;
        write(new AuditRecord(kind, intent.op(), intent.verbs(), intent.tables(), intent.objects(),
                intent.batchSha256(), intent.dryRun(), code, message, System.nanoTime() - intent.startNanos(),
                intent.helperPid(), helperVersion, helperNetns, principal, intent.digestBefore(), digestAfter,
                Math.max(0, intent.seq())));
    }

    /**
     * After a {@code crash} record: what the owned tables show about the lost request, linked to its
     * intent. {@code code} is {@code applied}, {@code not_applied} or {@code unknown};
     * {@code digestAfter} the digest now ("" when the tables could not be listed).
     *
     * @param intent what {@link #intent} returned for the lost request
     * @param code {@code applied}, {@code not_applied} or {@code unknown}
     * @param message how it was resolved, in words
     * @param digestAfter the owned tables' digest now, or ""
     * @throws IOException the record could not be written and the configuration is fail closed
     */
    public void resolution(Intent intent, String code, String message, String digestAfter) throws IOException {
        if (!intent.dryRun() && !digestAfter.isEmpty()) lastDigest = digestAfter;
        write(new AuditRecord(AuditRecord.Kinds.RESOLUTION, intent.op(), intent.verbs(), intent.tables(), intent.objects(),
                intent.batchSha256(), intent.dryRun(), code, message, System.nanoTime() - intent.startNanos(),
                intent.helperPid(), helperVersion, helperNetns, principal, intent.digestBefore(), digestAfter,
                Math.max(0, intent.seq())));
    }

    /**
     * A mutating request refused by the JVM's own validation, before anything was sent: one
     * {@code refusal} record (no intent: the kernel cannot have changed). {@code code} is the
     * validation's stable code, e.g. {@code invalid_request} or {@code lookup_refused}.
     *
     * @param op the helper op, e.g. {@code nft}
     * @param code the validation's stable code
     * @param message the first problem, in words
     * @throws IOException the record could not be written and the configuration is fail closed
     */
    public void refusedBeforeSending(String op, String code, String message) throws IOException {
        write(new AuditRecord(AuditRecord.Kinds.REFUSAL, op, List.of(), List.of(), List.of(), "", false, code,
                message, 0, helperPid, helperVersion, helperNetns, principal, "", "", 0));
    }

    /**
     * On demand: compares the owned tables' current digest with the last known one, records a
     * {@code drift} when they differ, and keeps the current one as the last known.
     *
     * @param currentDigest the owned tables' digest now
     * @return {@link Drift#BASELINE} when nothing was known before, {@link Drift#NONE} when equal,
     *         {@link Drift#DRIFTED} when they changed outside nftj
     */
    public Drift checkDrift(String currentDigest) {
        return compareDigest(currentDigest, "on demand");
    }

    /** {@return the last known digest of the owned tables, or "" when unknown} */
    public String lastDigest() {
        String d = lastDigest;
        return d == null ? "" : d;
    }

    private Drift compareDigest(String current, String when) {
        String last = lastDigest;
        lastDigest = current;
        if (last == null) return Drift.BASELINE;
        if (last.equals(current)) return Drift.NONE;
        tryWrite(AuditRecord.event(AuditRecord.Kinds.DRIFT, "drift", "the owned tables changed outside nftj ("
                + "detected " + when + ")", helperPid, helperVersion, helperNetns, principal, last, current));
        return Drift.DRIFTED;
    }

    /** Writes a record the caller cannot refuse anything over (events): failures are logged only. */
    private void tryWrite(AuditRecord r) {
        try {
            write(r);
        } catch (IOException e) {
            Log.LOG.log(System.Logger.Level.ERROR, "audit record " + r.kind() + " could not be written: "
                    + Json.oneLine(e.getMessage()));
        }
    }

    /** Appends, publishes and logs; applies fail-open/closed. Returns the sequence number, 0 when not written. */
    private long write(AuditRecord r) throws IOException {
        long seq;
        try {
            long missed = lost.get();
            if (missed > 0) {
                log.append(AuditRecord.event(AuditRecord.Kinds.AUDIT_UNAVAILABLE, "records_lost", missed
                        + " audit records could not be written while the log was failing (fail open)", helperPid,
                        helperVersion, helperNetns, principal, "", ""));
                lost.addAndGet(-missed);
            }
            seq = log.appendNumbered(r);
        } catch (IOException e) {
            publish(new AuditEvent(0, Instant.now(), r, false));
            if (!settings.failOpen()) {
                // The caller receives the refusal (AuditFailureException): not a warning of its own.
                Log.LOG.log(System.Logger.Level.DEBUG, "audit log unavailable, refusing (fail closed): "
                        + Json.oneLine(e.getMessage()));
                throw e;
            }
            lost.incrementAndGet();
            Log.LOG.log(System.Logger.Level.ERROR, "audit log unavailable, continuing (fail open): "
                    + Json.oneLine(e.getMessage()));
            return 0;
        }
        publish(new AuditEvent(seq, Instant.now(), r, true));
        return seq;
    }

    /**
     * The log level of a record. Routine records, and the outcome of a request (failure, refusal,
     * crash: the caller receives it as an exception, a dry run's refusal included), are DEBUG: a
     * library must neither fill an application's console per change nor report a failure twice.
     * What nobody else is told is above: a helper that died or was replaced (INFO), tables changed
     * outside nftj and lost records (WARNING), alerts (ERROR; a failed start is the caller's
     * exception, so DEBUG).
     */
    static System.Logger.Level level(AuditRecord r) {
        return switch (r.kind()) {
            case AuditRecord.Kinds.INTENT, AuditRecord.Kinds.START, AuditRecord.Kinds.CHANGE, AuditRecord.Kinds.ROTATE,
                 AuditRecord.Kinds.RECOVER, AuditRecord.Kinds.FAILURE, AuditRecord.Kinds.REFUSAL, AuditRecord.Kinds.CRASH ->
                    System.Logger.Level.DEBUG;
            case AuditRecord.Kinds.DIED, AuditRecord.Kinds.RESTART -> System.Logger.Level.INFO;
            case AuditRecord.Kinds.ALERT -> "start_failed".equals(r.outcome()) ? System.Logger.Level.DEBUG
                    : System.Logger.Level.ERROR;
            default -> System.Logger.Level.WARNING;
        };
    }

    private void publish(AuditEvent e) {
        AuditRecord r = e.record();
        System.Logger.Level level = level(r);
        if (Log.LOG.isLoggable(level)) {
            // Json.write escapes: kernel text cannot forge log lines or terminal sequences.
            Log.LOG.log(level, "audit " + r.kind() + " seq=" + e.seq() + " outcome=" + Json.write(r.outcome())
                    + " tables=" + Json.write(r.tables()) + " message=" + Json.write(r.message()));
        }
        for (AuditListener l : listeners) {
            try {
                l.onAudit(e);
            } catch (RuntimeException ex) {
                Log.LOG.log(System.Logger.Level.WARNING, "an audit listener failed: " + Json.oneLine(ex.toString()));
            }
        }
    }
}
