package org.nftj.api;

import java.io.Serial;

/** No answer within the request timeout. See {@link #outcome()}: a mutating request may have been applied. */
public final class RequestTimeoutException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
