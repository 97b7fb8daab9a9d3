/**
 * Checks batches of nftables commands and mints {@link org.nftj.validation.ValidatedBatch}, the
 * only type the transport accepts. Nothing outside this module can construct one: its constructor
 * is private, its only factory package-private, the class final (pinned by ValidatorTest reading
 * the class file, and by the arch-tests module).
 *
 * <p>The language and limits are the helper's: {@code Schema} is one declarative table mirroring
 * helper-zig/src/schema.zig (SchemaMirrorTest compares them), and every shared vector in
 * test-vectors/requests must get the same outcome and code from both validators
 * (SharedVectorsTest). The helper enforces everything again, so no security property depends on
 * this module; its job is early, precise errors: each {@link org.nftj.validation.Problem} names the
 * command (index), the field (JSON Pointer inside the command) and the reason, with the helper's
 * stable code ({@code invalid_json}, {@code invalid_request}, {@code limit_exceeded},
 * {@code lookup_refused}, {@code unsupported_protocol}).
 *
 * <p>Beyond the helper's rules it catches what the kernel reports cryptically: base chains without
 * type, hook and priority (or with a hook their family lacks), prefixes wider than their address,
 * references to sets and chains that exist neither in the batch nor in the
 * {@link org.nftj.validation.Context} the caller supplies.
 */
module org.nftj.validation {
    requires tools.jackson.jr.ob; // strict reading (duplicate keys) and canonical writing of JSON trees

    exports org.nftj.validation to // the api validates; the transport sends nothing but a ValidatedBatch
            org.nftj.api,
            org.nftj.transport;
}
