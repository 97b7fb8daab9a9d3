package org.nftj.transport;

import java.lang.System.Logger.Level;

/**
 * The transport's log, System.Logger {@code org.nftj.transport}: the helper's life (start with its
 * duration and versions, restarts, deaths, close with the requests it served). A failure that a
 * caller receives as an exception is logged at DEBUG only, never as a warning; what no caller is
 * told (a helper that died idle, a helper running without its lockdown) is logged at INFO or
 * WARNING. Messages quote nothing the helper wrote except its pid, versions and exit status.
 */
final class TransportLog {
    private TransportLog() {}

    /** Looked up on first use: the first lookup searches for a LoggerFinder, which a cold start should not wait for. */
    private static final class Holder {
        static final System.Logger LOG = System.getLogger("org.nftj.transport");
    }

    static void started(long pid, long nanos, Hello h) {
        if (!Holder.LOG.isLoggable(Level.DEBUG)) return;
        Holder.LOG.log(Level.DEBUG, "helper " + pid + " started in " + millis(nanos) + ": helper " + h.helperVersion()
                + ", libnftables " + h.libnftablesVersion() + ", protocol " + h.protocol() + ", sandbox "
                + (h.sandbox().locked() ? "locked" : "NOT locked") + ", owns " + h.policyTables().size() + " table(s)");
    }

    static void startFailed(String reason, int exitStatus, long nanos, long backoffMillis) {
        if (!Holder.LOG.isLoggable(Level.DEBUG)) return;
        Holder.LOG.log(Level.DEBUG, "helper failed to start (" + reason + ", exit status " + exitStatus + ") after "
                + millis(nanos) + "; the next attempt waits " + backoffMillis + " ms");
    }

    static void event(TransportEvent e) {
        if (e instanceof TransportEvent.HelperRestarted r) {
            Holder.LOG.log(Level.INFO, "helper " + r.previousPid() + " is being replaced (restart " + r.restarts() + ")");
        } else if (e instanceof TransportEvent.HelperDied d) {
            // Callers in flight receive the crash; a helper that died idle is news to nobody else.
            Level level = d.sandboxViolation() ? Level.WARNING : d.failedRequests() > 0 ? Level.DEBUG : Level.INFO;
            if (Holder.LOG.isLoggable(level)) {
                Holder.LOG.log(level, "helper " + d.pid() + " ended: " + d.reason() + ", exit status " + d.exitStatus()
                        + (d.sandboxViolation() ? " (killed by its seccomp filter)" : "") + ", " + d.failedRequests()
                        + " request(s) in flight failed");
            }
        } else if (e instanceof TransportEvent.LockdownMissing m) {
            Holder.LOG.log(Level.WARNING, "helper " + m.pid() + " runs without its full lockdown: " + m.sandbox());
        }
    }

    static void closed(long pid, long requests, long aliveNanos) {
        if (!Holder.LOG.isLoggable(Level.DEBUG)) return;
        Holder.LOG.log(Level.DEBUG, "helper " + pid + " closed after " + requests + " request(s), "
                + millis(aliveNanos) + " after its start");
    }

    static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
