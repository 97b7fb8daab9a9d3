package org.nftj.audit;

import java.time.Instant;
import java.util.Objects;

/**
 * One audit event.
 *
 * @param seq the record's sequence number in the log; 0 when the log keeps nothing or, with
 *            {@code written == false}, when the record could not be written (fail open)
 * @param time when it was written
 * @param record the record
 * @param written false when the log failed and the configuration said fail open
 */
public record AuditEvent(long seq, Instant time, AuditRecord record, boolean written) {
    /** Checks that time and record are given. */
    public AuditEvent {
        Objects.requireNonNull(time);
        Objects.requireNonNull(record);
    }

    /** {@return the record's kind} */
    public String kind() { return record.kind(); }
}
