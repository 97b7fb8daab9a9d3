package org.nftj.audit;

import java.io.IOException;

/** Where the api writes audit records. Implementations are thread-safe. */
public interface AuditLog extends AutoCloseable {
    /**
     * Appends one record. When this returns, the record is on stable storage (for
     * {@link FileAuditLog}: written and {@code FileChannel.force}d).
     *
     * @return the record's sequence number in the log (from 1), or 0 for a log that keeps nothing
     * @throws IOException when the record could not be written; the api then refuses the change
     *                     unless configured to fail open
     */
    long append(AuditRecord record) throws IOException;

    @Override
    void close() throws IOException;

    /** False for {@link #discarding()}: the api then skips work whose only use is the log (table digests). */
    default boolean keepsRecords() { return true; }

    /** A log that drops everything: for applications that opt out explicitly. */
    static AuditLog discarding() {
        return new AuditLog() {
            @Override public long append(AuditRecord record) { return 0; }
            @Override public void close() { }
            @Override public boolean keepsRecords() { return false; }
        };
    }
}
