package org.nftj.transport;

import java.io.Serial;

/** The helper could not be started, refused to start, or failed its handshake. Nothing was sent. */
public final class HelperUnavailableException extends TransportException {
    @Serial private static final long serialVersionUID = 1L;
    private final String reason;
    private final int exitStatus;

    public HelperUnavailableException(String message, String reason, int exitStatus, Throwable cause) {
        super(message, false, cause);
        this.reason = reason;
        this.exitStatus = exitStatus;
    }

    /** The helper's startup_failed reason (docs/protocol.md), or a transport-side reason such as {@code spawn}. */
    public String reason() { return reason; }

    /** The helper's exit status, or -1 when it did not exit. */
    public int exitStatus() { return exitStatus; }
}
