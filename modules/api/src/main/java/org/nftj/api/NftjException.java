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

    /** The stable error code. */
    private final String code;
    /** The failing command's index, or -1. */
    private final int command;
    /** A JSON Pointer into the failing command, or "". */
    private final String path;
    /** Whether the batch was applied. */
    private final Outcome outcome;
    /** The object the failure concerns, or null (not serialized). */
    private final transient ObjectId object;

    /**
     * A failure without an object named.
     *
     * @param code the stable error code
     * @param message what failed, for a person
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    protected NftjException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        this(code, message, command, path, outcome, null, cause);
    }

    /**
     * A failure that names the object it concerns.
     *
     * @param code the stable error code
     * @param message what failed, for a person
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param object the object the failure concerns, or null
     * @param cause the underlying failure, or null
     */
    protected NftjException(String code, String message, int command, String path, Outcome outcome, ObjectId object,
                            Throwable cause) {
        super(message, cause);
        this.code = code;
        this.command = command;
        this.path = path == null ? "" : path;
        this.outcome = outcome;
        this.object = object;
    }

    /** {@return the stable error code (docs/protocol.md), e.g. {@code not_found}, {@code policy_denied}} */
    public String code() { return code; }

    /** {@return the zero-based index of the failing command in the batch, or -1 when not known} */
    public int command() { return command; }

    /** {@return the JSON Pointer of the offending field within that command, or ""} */
    public String path() { return path; }

    /** {@return whether the batch was applied} */
    public Outcome outcome() { return outcome; }

    /**
     * The object the failing command needed or met, when known: the missing table, chain or set of
     * a {@link NotFoundException}, the existing object of an {@link AlreadyExistsException}, the
     * refused element of an {@link NftFailedException} or of an {@link InvalidRequestException} (a value
     * of the wrong type for its set).
     *
     * @return the object, or empty
     */
    public java.util.Optional<ObjectId> object() { return java.util.Optional.ofNullable(object); }
}
