package org.nftj.api;

import java.io.Serial;

/**
 * A request was not carried out as asked. Every subclass says whether the kernel's ruleset
 * changed: {@link #outcome()}.
 */
public abstract class NftjException extends Exception {
    @Serial private static final long serialVersionUID = 1L;

    /** Whether the batch was applied. */
    public enum Outcome {
        /** Nothing changed: the batch was refused or rolled back as a whole. */
        NOT_APPLIED,
        /** The batch was applied, but its answer was lost (e.g. the response was too large). */
        APPLIED,
        /** The helper died or stalled after receiving a mutating batch: re-read the state to know. */
        UNKNOWN
    }

    private final String code;
    private final int command;
    private final String path;
    private final Outcome outcome;

    protected NftjException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.command = command;
        this.path = path == null ? "" : path;
        this.outcome = outcome;
    }

    /** Stable error code (docs/protocol.md), e.g. {@code not_found}, {@code policy_denied}. */
    public String code() { return code; }

    /** Zero-based index of the failing command in the batch, or -1 when not known. */
    public int command() { return command; }

    /** JSON Pointer of the offending field within that command, or "". */
    public String path() { return path; }

    public Outcome outcome() { return outcome; }
}
