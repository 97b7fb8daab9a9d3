package org.nftj.validation;

import java.util.Objects;

/**
 * One reason a batch was refused.
 *
 * @param code stable error code, the same vocabulary as the helper's (docs/protocol.md)
 * @param command zero-based index of the offending command, or -1 when the batch as a whole is at fault
 * @param path JSON Pointer to the offending field: inside that command ("" for the command itself), or, when
 *             {@code command} is -1, inside the whole request (e.g. {@code /batch/nftables}); the helper
 *             reports the same field as {@code /batch/nftables/<command><path>}
 * @param message what is wrong, in words a user can act on
 */
public record Problem(String code, int command, String path, String message) {
    /**
     * Checks that every field is present.
     *
     * @throws NullPointerException when {@code code}, {@code path} or {@code message} is null
     */
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
