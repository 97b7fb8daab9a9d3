package org.nftj.transport;

import java.io.Serial;

/** A request did not get an answer from the helper. Subclasses say why. */
public sealed class TransportException extends Exception
        permits HelperUnavailableException, HelperCrashedException, RequestTimeoutException, HelperProtocolException,
                RequestTooLargeException {
    @Serial private static final long serialVersionUID = 1L;
    private final boolean outcomeUnknown;

    TransportException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * True when the request was mutating and had been written to the helper: it may or may not have
     * been applied. The caller must re-read the state (or re-apply an idempotent sync) to know.
     */
    public boolean outcomeUnknown() { return outcomeUnknown; }
}
