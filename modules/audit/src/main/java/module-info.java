/**
 * The tamper-evident audit log of every firewall change nftj makes, and monitoring.
 *
 * <ul>
 *   <li>{@link org.nftj.audit.FileAuditLog}: append-only JSON Lines, hash-chained, forced to
 *       stable storage per record, rotated with the chain kept across files. The record format and
 *       its canonical form are specified in {@code docs/audit-log.md}. An application may write its
 *       own {@link org.nftj.audit.AuditLog} of {@link org.nftj.audit.AuditRecord}s instead.</li>
 *   <li>{@link org.nftj.audit.AuditVerifier} ({@code nftj audit verify}): finds the first altered,
 *       deleted, reordered, inserted or torn record and reports the chain head for anchoring
 *       elsewhere ({@link org.nftj.audit.VerifyReport}).</li>
 *   <li>{@link org.nftj.audit.AuditListener}: told of every record as an
 *       {@link org.nftj.audit.AuditEvent}: changes, refusals, crashes, restarts, alerts and
 *       {@link org.nftj.audit.Drift drift} of the owned tables; {@link org.nftj.audit.AuditSettings}
 *       say how the api audits.</li>
 * </ul>
 * The package {@code org.nftj.audit.internal} is what the api's gate reports through (intent and
 * outcome records, System.Logger messages under logger {@code org.nftj.audit}, helper restart
 * alerts, table digests) and the doctor's scan for processes holding CAP_NET_ADMIN; it is exported
 * to those two modules only; {@code org.nftj.audit.support} (canonical JSON, facts from /proc)
 * serves both packages and is not exported. This module reads /proc but depends on neither
 * transport nor validation.
 */
module org.nftj.audit {
    requires tools.jackson.core;  // the JsonFactory that escapes everything but printable ASCII
    requires tools.jackson.jr.ob; // JSON Lines records

    exports org.nftj.audit;
    exports org.nftj.audit.internal to // the gate's auditor and table digests; the doctor's capability scan
            org.nftj.api,
            org.nftj.cli;
}
