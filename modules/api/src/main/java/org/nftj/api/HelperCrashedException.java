package org.nftj.api;

import java.io.Serial;

/** The helper died while the request was in flight. See {@link #outcome()}. */
public final class HelperCrashedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;
    private final int exitStatus;
    private final boolean sandboxViolation;

    public HelperCrashedException(String message, int exitStatus, boolean sandboxViolation, Outcome outcome, Throwable cause) {
        super("helper_crashed", message, -1, "", outcome, cause);
        this.exitStatus = exitStatus;
        this.sandboxViolation = sandboxViolation;
    }

    /** 0–127 exit code, 128+N for signal N, -1 unknown. */
    public int exitStatus() { return exitStatus; }

    /** True when seccomp killed it (SIGSYS). */
    public boolean sandboxViolation() { return sandboxViolation; }
}
