package org.nftj.cli;

import java.io.Serial;

/**
 * A command failed in a way the user should read: one line of message, one line of hint, and the
 * exit status. Never carries a stack trace to the terminal.
 */
final class CliException extends Exception {
    @Serial private static final long serialVersionUID = 1L;
    private final ExitCode exit;
    private final String code;
    private final String hint;
    private final String outcome;

    CliException(ExitCode exit, String code, String message, String hint) {
        this(exit, code, message, hint, "not_applied", null);
    }

    CliException(ExitCode exit, String code, String message, String hint, String outcome, Throwable cause) {
        super(message, cause);
        this.exit = exit;
        this.code = code;
        this.hint = hint == null ? "" : hint;
        this.outcome = outcome;
    }

    static CliException usage(String message, String hint) {
        return new CliException(ExitCode.USAGE, "usage", message, hint);
    }

    ExitCode exit() { return exit; }

    String code() { return code; }

    String hint() { return hint; }

    /** {@code not_applied}, {@code applied} or {@code unknown}: whether the firewall changed. */
    String outcome() { return outcome; }
}
