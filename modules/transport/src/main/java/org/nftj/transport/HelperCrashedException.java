package org.nftj.transport;

import java.io.Serial;

/** The helper died while this request was in flight. */
public final class HelperCrashedException extends TransportException {
    @Serial private static final long serialVersionUID = 1L;
    private static final int SIGSYS = 31;
    private final int exitStatus;

    public HelperCrashedException(int exitStatus, boolean outcomeUnknown) {
        super(describe(exitStatus) + (outcomeUnknown ? "; the request may or may not have been applied" : ""),
                outcomeUnknown, null);
        this.exitStatus = exitStatus;
    }

    /** Exit status as the JDK reports it: 0–127 exit codes, 128+N for a death by signal N, -1 unknown. */
    public int exitStatus() { return exitStatus; }

    /** The signal that killed the helper, or 0. */
    public int signal() { return exitStatus > 128 ? exitStatus - 128 : 0; }

    /** True when seccomp killed the helper: it attempted a system call outside its allowlist. */
    public boolean sandboxViolation() { return signal() == SIGSYS; }

    static String describe(int status) {
        if (status < 0) return "the helper died (exit status unknown)";
        if (status > 128) {
            int sig = status - 128;
            return sig == SIGSYS
                    ? "the helper was killed by its seccomp sandbox (SIGSYS): it attempted a forbidden system call"
                    : "the helper was killed by signal " + sig;
        }
        return "the helper exited with status " + status;
    }
}
