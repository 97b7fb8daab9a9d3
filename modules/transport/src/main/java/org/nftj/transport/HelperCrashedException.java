package org.nftj.transport;

import java.io.Serial;

/**
 * The helper ended (or was stopped) while this request was in flight. {@link #outcomeUnknown()}
 * is true when the request was mutating and had reached the helper.
 */
public final class HelperCrashedException extends TransportException {
    @Serial private static final long serialVersionUID = 1L;
    static final int SIGSYS = 31;
    private final int exitStatus;

    public HelperCrashedException(String message, int exitStatus, boolean outcomeUnknown, Throwable cause) {
        super(message + (outcomeUnknown ? "; the request had been sent, so it may or may not have been applied" : ""),
                outcomeUnknown, cause);
        this.exitStatus = exitStatus;
    }

    /** Exit status as the JDK reports it: 0–255 exit codes, 128+N for a death by signal N, -1 unknown. */
    public int exitStatus() { return exitStatus; }

    /** The signal that killed the helper, or 0. */
    public int signal() { return exitStatus > 128 ? exitStatus - 128 : 0; }

    /** True when seccomp killed the helper: it attempted a system call outside its allowlist. */
    public boolean sandboxViolation() { return signal() == SIGSYS; }

    /** Words for an exit status, naming SIGSYS as a sandbox violation. */
    static String describe(int status) {
        if (status < 0) return "the helper died (exit status unknown)";
        if (status > 128) {
            int sig = status - 128;
            return switch (sig) {
                case SIGSYS -> "the helper was killed by its seccomp sandbox (SIGSYS): it attempted a forbidden "
                        + "system call (sandbox violation)";
                case 9 -> "the helper was killed by signal 9 (SIGKILL)";
                case 6 -> "the helper aborted (signal 6, SIGABRT)";
                case 11 -> "the helper crashed (signal 11, SIGSEGV)";
                default -> "the helper was killed by signal " + sig;
            };
        }
        return "the helper exited with status " + status;
    }
}
