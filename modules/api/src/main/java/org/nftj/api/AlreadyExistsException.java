package org.nftj.api;

import java.io.Serial;

/** The object exists already and the command was {@code create} ({@code exists}). */
public final class AlreadyExistsException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * An object the kernel already has.
     *
     * @param code the stable error code
     * @param message what failed
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public AlreadyExistsException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }

    /**
     * An object the kernel already has, named.
     *
     * @param code the stable error code
     * @param message what failed
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param object the existing object
     * @param cause the underlying failure, or null
     */
    public AlreadyExistsException(String code, String message, int command, String path, Outcome outcome, ObjectId object, Throwable cause) {
        super(code, message, command, path, outcome, object, cause);
    }
}
