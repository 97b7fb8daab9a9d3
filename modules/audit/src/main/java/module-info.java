/**
 * The tamper-evident audit log of every firewall change nftj makes, and monitoring.
 *
 * <ul>
 *   <li>{@link org.nftj.audit.FileAuditLog}: append-only JSON Lines, hash-chained, forced to
 *       stable storage per record, rotated with the chain kept across files. The record format and
 *       its canonical form are specified in {@code docs/audit-log.md}.</li>
 *   <li>{@link org.nftj.audit.AuditVerifier} and {@link org.nftj.audit.AuditCommand}
 *       ({@code nftj audit verify}): finds the first altered, deleted, reordered, inserted or torn
 *       record and reports the chain head for anchoring elsewhere.</li>
 *   <li>{@link org.nftj.audit.Auditor}: what the api's gate reports, as intent/outcome records,
 *       {@link org.nftj.audit.AuditListener} events and System.Logger messages (logger
 *       {@code org.nftj.audit}); helper restart alerts; drift of the owned tables
 *       ({@link org.nftj.audit.TableDigest}).</li>
 *   <li>{@link org.nftj.audit.CapabilityScanner}: processes holding CAP_NET_ADMIN (the doctor's check).</li>
 * </ul>
 * This module reads /proc but depends on neither transport nor validation.
 */
module org.nftj.audit {
    requires tools.jackson.core;  // the JsonFactory that escapes everything but printable ASCII
    requires tools.jackson.jr.ob; // JSON Lines records

    exports org.nftj.audit;
}
