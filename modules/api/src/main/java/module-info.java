/**
 * nftj: manage the Linux nftables firewall from Java without giving the JVM any privilege.
 *
 * <p>Open a client with {@link org.nftj.api.Nftj#open(org.nftj.api.NftjOptions)}; build batches with
 * {@link org.nftj.api.Batch} from the typed model ({@link org.nftj.api.Table}, {@link org.nftj.api.Chain},
 * {@link org.nftj.api.Rule}, {@link org.nftj.api.NamedSet} …, statements and expressions in
 * {@code org.nftj.api.expr}); every request is validated, audited and sent to the privileged helper
 * through one gate.
 */
module org.nftj.api {
    requires transitive org.nftj.audit; // AuditLog, AuditListener and AuditSettings are in NftjOptions
    requires org.nftj.transport;        // only the gate class uses it (ArchUnit)
    requires org.nftj.validation;       // batches are validated before the gate; none of its types is in this api
    requires tools.jackson.jr.ob;       // Ruleset.parse and the model's JSON

    exports org.nftj.api;
    exports org.nftj.api.expr;
    exports org.nftj.api.sysctl;
}
