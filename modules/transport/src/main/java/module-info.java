/**
 * Spawns and supervises the nftj helper and speaks its framed protocol (docs/protocol.md).
 *
 * <p>Exported only to {@code org.nftj.api}: applications never reach the helper except through the
 * api's single gate, and the only request type accepted is a
 * {@link org.nftj.validation.ValidatedBatch}.
 */
module org.nftj.transport {
    requires transitive org.nftj.validation; // ValidatedBatch is in the exported signatures
    requires tools.jackson.jr.ob;            // reading response frames

    exports org.nftj.transport to org.nftj.api;
}
