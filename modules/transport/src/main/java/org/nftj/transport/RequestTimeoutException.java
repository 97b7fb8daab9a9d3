package org.nftj.transport;

import java.io.Serial;

/** No answer within the request timeout. The helper is restarted before the next request. */
public final class RequestTimeoutException extends TransportException {
    @Serial private static final long serialVersionUID = 1L;

    public RequestTimeoutException(String message, boolean outcomeUnknown) {
        super(message, outcomeUnknown, null);
    }
}
