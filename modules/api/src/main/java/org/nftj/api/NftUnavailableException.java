package org.nftj.api;

import java.io.Serial;
import java.util.Objects;

/**
 * A text in nft's syntax could not be read here, because what reading it needs is missing
 * ({@code nft_unavailable}): only nft itself parses its syntax, and {@link NftText} runs it in a
 * private, unprivileged user and network namespace. {@link #reason()} says what is missing, the
 * message how to provide it. Nothing was applied.
 */
public final class NftUnavailableException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /** What is missing. */
    public enum Reason {
        /** No {@code nft} command (Debian: the {@code nftables} package). */
        NO_NFT("no_nft"),
        /** No {@code unshare} or {@code sh} (Debian: {@code util-linux}, {@code dash}). */
        NO_UNSHARE("no_unshare"),
        /** No {@code ip} command, needed only to create the named interfaces (Debian: {@code iproute2}). */
        NO_IP("no_ip"),
        /**
         * This user may not create a user namespace: disabled by a sysctl
         * ({@code kernel.unprivileged_userns_clone}, {@code user.max_user_namespaces},
         * {@code kernel.apparmor_restrict_unprivileged_userns}), a seccomp filter (a container's),
         * or a limit reached.
         */
        USER_NAMESPACES_DISABLED("user_namespaces_disabled"),
        /** An interface named for the text could not be created in the scratch namespace. */
        INTERFACE("interface"),
        /** The run did not finish within its deadline, or printed more than its bound. */
        TIMEOUT("timeout"),
        /** Something else failed (the message has what the programs printed). */
        FAILED("failed");

        private final String wire;

        Reason(String wire) { this.wire = wire; }

        /** {@return the reason's stable name, e.g. {@code user_namespaces_disabled}} */
        public String wire() { return wire; }
    }

    /** What is missing. */
    private final Reason reason;

    /**
     * Reading nft syntax is not possible here.
     *
     * @param reason what is missing
     * @param message what is missing and how to provide it, for a person
     * @param cause the underlying failure, or null
     */
    public NftUnavailableException(Reason reason, String message, Throwable cause) {
        super("nft_unavailable", message, -1, "", Outcome.NOT_APPLIED, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return what is missing} */
    public Reason reason() { return reason; }
}
