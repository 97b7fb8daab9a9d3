package org.nftj.audit;

import java.io.IOException;
import java.io.Serial;
import java.time.Duration;

/**
 * Other writers held the audit log for longer than this writer may wait ({@link
 * FileAuditLog.Options#lockWait()}); nothing was written. Temporary: retrying later may succeed.
 */
public final class AuditLogBusyException extends IOException {
    @Serial private static final long serialVersionUID = 1L;
    /** How long the writer waited. */
    private final transient Duration waited;

    /**
     * The log was busy.
     *
     * @param message who held it, for a person
     * @param waited how long the writer waited
     */
    public AuditLogBusyException(String message, Duration waited) {
        super(message);
        this.waited = waited;
    }

    /** {@return how long the writer waited for its turn} */
    public Duration waited() { return waited; }
}
