/**
 * nftj: manage the Linux nftables firewall from Java without giving the JVM any privilege.
 *
 * <p>Program against {@link org.nftj.api.NftjClient}: {@link org.nftj.api.Nftj#open(org.nftj.api.NftjOptions)}
 * gives the real client, {@link org.nftj.api.FakeNftj} an in-memory one with the kernel's semantics
 * for unit tests without root; one table is addressed once through its
 * {@link org.nftj.api.TableClient} ({@code nft.table(Family.INET, "app")}). Build batches with
 * {@link org.nftj.api.Batch} from the typed model ({@link org.nftj.api.Table}, {@link org.nftj.api.Chain},
 * {@link org.nftj.api.Rule}, {@link org.nftj.api.NamedSet} …, statements and expressions in
 * {@code org.nftj.api.expr}), or read one from libnftables JSON with
 * {@link org.nftj.api.Batch#parse(String)}; every request is validated, audited and sent to the
 * privileged helper through one gate. {@link org.nftj.api.Batch#validate()} checks a batch offline,
 * as the helper will.
 *
 * <p>Every failure is a subclass of {@link org.nftj.api.NftjException}, one class per kind, its
 * details carried as data ({@link org.nftj.api.NftjException#object()}, the object that failed,
 * {@link org.nftj.api.InvalidRequestException#problems()},
 * {@link org.nftj.api.HelperUnavailableException#reason()}, …) and its
 * {@link org.nftj.api.NftjException#outcome() outcome} saying whether the ruleset changed.
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
