package org.nftj.audit;

/**
 * Told about every audit record as it is written: changes, refusals, crashes, restarts, alerts,
 * drift. Called on the thread that caused the record (a request's thread, or the transport's for
 * restarts); keep it short and never block. A listener that throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface AuditListener {
    /**
     * Told about one record.
     *
     * @param event the record, with its sequence number and time
     */
    void onAudit(AuditEvent event);
}
