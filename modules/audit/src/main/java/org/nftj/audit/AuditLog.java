package org.nftj.audit;

import java.io.IOException;

/** Where the api writes audit records. Implementations are thread-safe. */
public interface AuditLog extends AutoCloseable {
    /**
     * Appends one record. When this returns, the record is on stable storage (for
     * {@link FileAuditLog}: written and fsynced).
     *
     * @param record the record
     * @throws IOException when the record could not be written; the api then refuses the change
     *                     unless configured to fail open
     */
    void append(AuditRecord record) throws IOException;

    /**
     * Like {@link #append}, returning the record's sequence number in the log (from 1), which
     * outcome records quote as {@code ref}; 0 for a log that does not number its records.
     *
     * @param record the record
     * @return its sequence number, or 0
     * @throws IOException as {@link #append}
     */
    default long appendNumbered(AuditRecord record) throws IOException {
        append(record);
        return 0;
    }

    @Override
    void close() throws IOException;

    /** {@return false for {@link #discarding()}: the api then skips work whose only use is the log (table digests)} */
    default boolean keepsRecords() { return true; }

    /** {@return a log that drops everything: for applications that opt out explicitly} */
    static AuditLog discarding() {
        return new AuditLog() {
            @Override public void append(AuditRecord record) { }
            @Override public void close() { }
            @Override public boolean keepsRecords() { return false; }
        };
    }
}
