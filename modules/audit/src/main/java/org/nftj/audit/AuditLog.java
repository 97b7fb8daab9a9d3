package org.nftj.audit;

import java.io.IOException;

/** Where the api writes audit records. Implementations are thread-safe. */
public interface AuditLog extends AutoCloseable {
    /**
     * Appends one record. For mutating requests the record is on stable storage when this returns.
     *
     * @throws IOException when the record could not be written; the api then refuses the change
     *                     unless configured to fail open
     */
    void append(AuditRecord record) throws IOException;

    @Override
    void close() throws IOException;

    /** A log that drops everything: for applications that opt out explicitly. */
    static AuditLog discarding() {
        return new AuditLog() {
            @Override public void append(AuditRecord record) { }
            @Override public void close() { }
        };
    }
}
