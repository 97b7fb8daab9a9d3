package org.nftj.transport;

import java.io.Serial;

/** The request frame would exceed the helper's announced frame limit. Nothing was sent. */
public final class RequestTooLargeException extends TransportException {
    @Serial private static final long serialVersionUID = 1L;
    private final long limit;

    public RequestTooLargeException(String message, long limit) {
        super(message, false, null);
        this.limit = limit;
    }

    /** The helper's {@code frameMax}. */
    public long limit() { return limit; }
}
