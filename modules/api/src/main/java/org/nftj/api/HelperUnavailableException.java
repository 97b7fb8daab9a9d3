package org.nftj.api;

import java.io.Serial;
import java.util.Objects;

/**
 * The helper could not be started, refused to start, failed its handshake, or its connection had
 * ended before the request was written. Nothing was sent ({@link #outcome()} is
 * {@link Outcome#NOT_APPLIED}); {@link #reason()} says why.
 */
public final class HelperUnavailableException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Why the helper is unavailable. First the helper's own startup reasons (its
     * {@code startup_failed} answer, or its exit status 20–27 when it could not answer; see
     * docs/protocol.md), then what the JVM saw.
     */
    public enum Reason {
        /** Its stdin or stdout is a terminal, not a pipe (exit 20). */
        NOT_A_PIPE("not_a_pipe"),
        /** Its executable is not root-owned, mode 0750, below root-owned directories (exit 21). */
        SELF_CHECK("self_check"),
        /** CAP_NET_ADMIN is not in its effective set: the file capability is missing, or this JVM runs with no_new_privs (exit 22). */
        NO_CAP_NET_ADMIN("no_cap_net_admin"),
        /** It could not drop its other capabilities (exit 23). */
        CAP_REDUCE("cap_reduce"),
        /** prctl or setrlimit failed (exit 24). */
        PRCTL("prctl"),
        /** Its policy file is missing, unsafe or invalid (exit 25). */
        POLICY("policy"),
        /** libnftables could not be initialised (exit 26). */
        NFT_INIT("nft_init"),
        /** Its seccomp filter or Landlock rules could not be loaded (exit 27). */
        SECCOMP("seccomp"),
        /** A startup reason this client does not know (a newer helper); the message has the helper's words. */
        OTHER("other"),
        /** The helper's file does not exist. */
        NO_SUCH_FILE("no_such_file"),
        /** This user may not execute the helper. */
        PERMISSION_DENIED("permission_denied"),
        /** The process could not be started for another reason (the message and cause say which). */
        SPAWN("spawn"),
        /** It ended before its handshake without naming a reason; {@link #exitStatus()} says how. */
        EXITED("exited"),
        /** It did not answer its handshake within the start timeout. */
        TIMEOUT("timeout"),
        /** Its handshake answer was not a valid frame, not JSON, or spoke another protocol version. */
        PROTOCOL("protocol"),
        /** It runs without its full lockdown, and the options require it ({@link NftjOptions#requireLockdown()}). */
        NOT_LOCKED_DOWN("not_locked_down"),
        /** It failed to start several times in a row; the next attempt would come after the request's deadline. */
        BACKOFF("backoff"),
        /** It ended repeatedly before the request could be written. */
        UNSTABLE("unstable"),
        /** Its connection had ended; the request was not written. */
        CONNECTION_ENDED("connection_ended"),
        /** The client was closed. */
        CLOSED("closed"),
        /** The calling thread was interrupted before the request was written. */
        INTERRUPTED("interrupted");

        private final String wire;

        Reason(String wire) { this.wire = wire; }

        /** {@return the name used by the helper's protocol and the audit log, e.g. {@code no_cap_net_admin}} */
        public String wire() { return wire; }
    }

    /** Why the helper could not be used. */
    private final Reason reason;
    /** What the helper said when it refused to start, or "". */
    private final String helperMessage;
    /** The helper's exit status, or -1. */
    private final int exitStatus;

    /**
     * The helper could not be used, and it said nothing.
     *
     * @param reason why
     * @param message what happened, for a person
     * @param exitStatus the helper's exit status when it had exited, else -1
     * @param cause the underlying failure, or null
     */
    public HelperUnavailableException(Reason reason, String message, int exitStatus, Throwable cause) {
        this(reason, message, "", exitStatus, cause);
    }

    /**
     * The helper could not be used, with what it said.
     *
     * @param reason why
     * @param message what happened, for a person
     * @param helperMessage what the helper said when it refused to start, "" when it said nothing
     * @param exitStatus the helper's exit status when it had exited, else -1
     * @param cause the underlying failure, or null
     */
    public HelperUnavailableException(Reason reason, String message, String helperMessage, int exitStatus, Throwable cause) {
        super("helper_unavailable", message, -1, "", Outcome.NOT_APPLIED, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.helperMessage = Objects.requireNonNull(helperMessage, "helperMessage");
        this.exitStatus = exitStatus;
    }

    /** {@return why the helper could not be used} */
    public Reason reason() { return reason; }

    /**
     * {@return what the helper itself said when it refused to start (its {@code startup_failed}
     * message), or "" when it said nothing (it could not be run, or ended without a word)}
     */
    public String helperMessage() { return helperMessage; }

    /** {@return the helper's exit status when it had exited (0–255, 128+N after signal N), else -1} */
    public int exitStatus() { return exitStatus; }
}
