package org.nftj.api;

import java.io.Serial;

/** The helper's rate limit for mutating requests was exceeded ({@code rate_limited}). Nothing changed; retry later. */
public final class RateLimitedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public RateLimitedException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
