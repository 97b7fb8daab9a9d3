package org.nftj.api;

import java.io.Serial;

/**
 * The helper died, was stopped, or broke the protocol while the request was in flight. See
 * {@link #outcome()}: a mutating request that had reached it may or may not have been applied;
 * when the client could compare the owned tables with their digest from before the request, the
 * outcome is resolved to {@link Outcome#APPLIED} or {@link Outcome#NOT_APPLIED}.
 */
public final class HelperCrashedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /** Where the helper ended. */
    public enum Site {
        /** A fatal signal while libnftables ran: libnftables crashed (the helper says so on stderr). */
        LIBNFTABLES,
        /** A fatal signal, or a panic, in the helper's own code. */
        HELPER,
        /** Killed by its seccomp sandbox (SIGSYS): it attempted a system call outside its allowlist. */
        SANDBOX,
        /** Anything else: killed from outside (e.g. stopped after a timeout), exited, a protocol break. */
        UNKNOWN
    }

    /** The helper's exit status, or -1. */
    private final int exitStatus;
    /** Where it ended. */
    private final Site site;

    /**
     * The helper ended with a request in flight.
     *
     * @param message what happened, for a person
     * @param exitStatus 0–127 exit code, 128+N for signal N, -1 unknown
     * @param site where it ended; null is {@link Site#UNKNOWN}
     * @param outcome whether the ruleset changed (a mutating request's is {@link Outcome#UNKNOWN} until resolved)
     * @param cause the underlying failure, or null
     */
    public HelperCrashedException(String message, int exitStatus, Site site, Outcome outcome, Throwable cause) {
        super("helper_crashed", message, -1, "", outcome, cause);
        this.exitStatus = exitStatus;
        this.site = site == null ? Site.UNKNOWN : site;
    }

    /**
     * The helper ended with a request in flight, killed by its sandbox or not.
     *
     * @param message what happened, for a person
     * @param exitStatus 0–127 exit code, 128+N for signal N, -1 unknown
     * @param sandboxViolation whether its seccomp sandbox killed it ({@link Site#SANDBOX}, else {@link Site#UNKNOWN})
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public HelperCrashedException(String message, int exitStatus, boolean sandboxViolation, Outcome outcome, Throwable cause) {
        this(message, exitStatus, sandboxViolation ? Site.SANDBOX : Site.UNKNOWN, outcome, cause);
    }

    /** {@return 0–127 exit code, 128+N for signal N, -1 unknown (or a protocol break)} */
    public int exitStatus() { return exitStatus; }

    /** {@return the signal that ended the helper, or 0 when it exited or the status is unknown} */
    public int signal() { return exitStatus > 128 ? exitStatus - 128 : 0; }

    /** {@return where it ended: in libnftables, in its own code, killed by its sandbox, or unknown} */
    public Site site() { return site; }

    /** {@return true when its seccomp sandbox killed it (SIGSYS): it attempted a system call outside its allowlist} */
    public boolean sandboxViolation() { return site == Site.SANDBOX; }
}
