package org.nftj.api;

import java.io.Serial;

/** The helper's rate limit for mutating requests was exceeded ({@code rate_limited}). Nothing changed; retry later. */
public final class RateLimitedException extends NftjException {
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
    public RateLimitedException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
