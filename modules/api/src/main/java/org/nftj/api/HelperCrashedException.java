package org.nftj.api;

import java.io.Serial;

/**
 * The helper died, was stopped, or broke the protocol while the request was in flight. See
 * {@link #outcome()}: a mutating request that had reached it may or may not have been applied.
 */
public final class HelperCrashedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;
    private final int exitStatus;
    private final boolean sandboxViolation;

    public HelperCrashedException(String message, int exitStatus, boolean sandboxViolation, Outcome outcome, Throwable cause) {
        super("helper_crashed", message, -1, "", outcome, cause);
        this.exitStatus = exitStatus;
        this.sandboxViolation = sandboxViolation;
    }

    /** 0–127 exit code, 128+N for signal N, -1 unknown (or a protocol break). */
    public int exitStatus() { return exitStatus; }

    /** The signal that ended the helper, or 0 when it exited or the status is unknown. */
    public int signal() { return exitStatus > 128 ? exitStatus - 128 : 0; }

    /** True when its seccomp sandbox killed it (SIGSYS): it attempted a system call outside its allowlist. */
    public boolean sandboxViolation() { return sandboxViolation; }
}
