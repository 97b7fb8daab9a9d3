package org.nftj.cli;

/**
 * Exit statuses of {@code nftj}: 0, 1 and 2 like every JDK tool, then sysexits(3) codes for causes
 * an operator or a script handles differently. Listed in {@code nftj --help}; pinned by a test, so a
 * change here is a visible, deliberate change of the command's contract.
 */
public enum ExitCode {
    /** The command did what was asked. */
    OK(0, "ok"),
    /** The operation ran and failed: the kernel or the helper refused the batch, a check found problems. */
    FAILED(1, "the operation failed (nothing was applied unless the message says otherwise)"),
    /** The command line was wrong. */
    USAGE(2, "usage error"),
    /** The helper cannot be started or died (EX_UNAVAILABLE). */
    UNAVAILABLE(69, "the helper is unavailable"),
    /** A bug in nftj (EX_SOFTWARE). */
    INTERNAL(70, "internal error"),
    /** Rate limited or timed out: retrying later may succeed (EX_TEMPFAIL). */
    TEMPORARY(75, "temporary failure (rate limited or timed out): retry later"),
    /** The helper's policy denied the request, or the command needs root (EX_NOPERM). */
    PERMISSION(77, "permission denied (policy or privileges)"),
    /** The deployment is misconfigured: helper placement, policy file, audit log (EX_CONFIG). */
    CONFIG(78, "configuration error");

    private final int status;
    private final String meaning;

    ExitCode(int status, String meaning) {
        this.status = status;
        this.meaning = meaning;
    }

    /** {@return the process exit status, 0 to 78} */
    public int status() { return status; }

    /** {@return what the status means, in the words {@code nftj --help} lists} */
    public String meaning() { return meaning; }
}
