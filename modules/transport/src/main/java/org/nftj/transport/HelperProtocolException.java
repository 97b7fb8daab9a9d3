package org.nftj.transport;

import java.io.Serial;

/** The helper answered something that is not a valid response: oversized, malformed or misaddressed. */
public final class HelperProtocolException extends TransportException {
    @Serial private static final long serialVersionUID = 1L;

    public HelperProtocolException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, outcomeUnknown, cause);
    }
}
