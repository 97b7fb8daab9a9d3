package org.nftj.api;

import java.io.Serial;

/** libnftables or the kernel refused the batch; the message carries libnftables' text. The transaction was rolled back. */
public final class NftFailedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * Another refusal of libnftables or the kernel.
     *
     * @param code the stable error code
     * @param message what failed
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public NftFailedException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }

    /**
     * Another refusal, naming the object it concerns (a refused element).
     *
     * @param code the stable error code
     * @param message what failed
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into that command, or ""
     * @param outcome whether the ruleset changed
     * @param object the refused object (an element), or null
     * @param cause the underlying failure, or null
     */
    public NftFailedException(String code, String message, int command, String path, Outcome outcome, ObjectId object, Throwable cause) {
        super(code, message, command, path, outcome, object, cause);
    }
}
