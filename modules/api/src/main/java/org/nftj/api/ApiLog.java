package org.nftj.api;

import java.lang.System.Logger.Level;
import org.nftj.validation.ValidatedBatch;

/**
 * The api's log, System.Logger {@code org.nftj.api}, at DEBUG only: one line per request sent
 * through the gate (what it was, its SHA-256, how it ended and how long it took) and one per chunk
 * of a bulk load; and {@code org.nftj.api.groupcommit}, at DEBUG, one line per client at close
 * saying how many requests group commit sent per group. A failure is also thrown to the caller, so it is never logged above DEBUG here.
 */
final class ApiLog {
    private ApiLog() {}

    /** Looked up on first use: the first lookup searches for a LoggerFinder, which a cold start should not wait for. */
    private static final class Holder {
        static final System.Logger LOG = System.getLogger("org.nftj.api");
    }

    static void request(ValidatedBatch b, String result, long nanos) {
        if (!Holder.LOG.isLoggable(Level.DEBUG)) return;
        Holder.LOG.log(Level.DEBUG, "request " + b.op() + (b.dryRun() ? " (dry run)" : "") + ": " + b.commandCount()
                + " command(s) " + b.verbs() + " on " + b.tables() + ", sha256 " + b.sha256().substring(0, Math.min(16, b.sha256().length()))
                + ": " + result + " in " + millis(nanos));
    }

    static void chunk(String verb, Family family, String table, String set, int chunk, int elements, long done, long nanos) {
        if (!Holder.LOG.isLoggable(Level.DEBUG)) return;
        Holder.LOG.log(Level.DEBUG, "bulk " + verb + " " + family.wire() + " " + table + " " + set + ": chunk " + chunk + ", "
                + elements + " element(s) (" + done + " so far) in " + millis(nanos));
    }

    /** Group commit's own logger, apart so that its one line per client can be read without every request's. */
    private static final class Groups {
        static final System.Logger LOG = System.getLogger("org.nftj.api.groupcommit");
    }

    /** At close, on {@code org.nftj.api.groupcommit} at DEBUG: what group commit achieved (requests per group). */
    static void groups(GroupCommit.Stats stats) {
        if (stats.groups() == 0 || !Groups.LOG.isLoggable(Level.DEBUG)) return;
        Groups.LOG.log(Level.DEBUG, "group commit: " + stats);
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
