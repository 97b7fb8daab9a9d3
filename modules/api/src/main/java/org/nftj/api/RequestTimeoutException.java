package org.nftj.api;

import java.io.Serial;

/** No answer within the request timeout. See {@link #outcome()}: a mutating request may have been applied. */
public final class RequestTimeoutException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * A failure as the helper or the api reports it.
     *
     * @param code the stable error code (docs/protocol.md)
     * @param message what failed, for a person
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into the failing command, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public RequestTimeoutException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
