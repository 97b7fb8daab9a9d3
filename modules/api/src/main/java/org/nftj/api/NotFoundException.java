package org.nftj.api;

import java.io.Serial;

/** The kernel has no such table, chain, rule, set or element ({@code not_found}). */
public final class NotFoundException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * A miss the kernel reported.
     *
     * @param code the stable error code
     * @param message what failed
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public NotFoundException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }

    /**
     * A miss, naming the missing object.
     *
     * @param code the stable error code
     * @param message what failed
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param object the missing object
     * @param cause the underlying failure, or null
     */
    public NotFoundException(String code, String message, int command, String path, Outcome outcome, ObjectId object, Throwable cause) {
        super(code, message, command, path, outcome, object, cause);
    }
}
