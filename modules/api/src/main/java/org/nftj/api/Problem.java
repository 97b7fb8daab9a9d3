package org.nftj.api;

import java.util.Objects;

/**
 * One thing wrong with a request, as validation or the helper reports it.
 *
 * @param code    the stable error code (docs/protocol.md), e.g. {@code invalid_request},
 *                {@code limit_exceeded}, {@code lookup_refused}
 * @param command zero-based index of the command in the batch, or -1 when the problem is the
 *                batch's as a whole
 * @param path    JSON Pointer of the offending field inside that command (inside the batch when
 *                {@code command} is -1), or "" when there is none
 * @param message what is wrong, for a person
 */
public record Problem(String code, int command, String path, String message) {
    /** Checks that no field is null. */
    public Problem {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        String where = command < 0 ? "batch" : "command " + command;
        return code + " at " + where + (path.isEmpty() ? "" : " " + path) + ": " + message;
    }
}
