/**
 * Checks batches of nftables commands and mints {@link org.nftj.validation.ValidatedBatch}, the
 * only type the transport accepts. Nothing outside this module can construct one.
 *
 * <p>The rules mirror the helper's (docs/protocol.md); the helper enforces them again, so no
 * security property depends on this module. Its job is early, precise error messages.
 */
module org.nftj.validation {
    requires tools.jackson.jr.ob; // canonical JSON writer

    exports org.nftj.validation to org.nftj.api, org.nftj.transport, org.nftj.cli;
}
