package org.nftj.api;

import java.io.Serial;

/** The request was refused as invalid, by validation or by the helper. {@link #command()} and {@link #path()} say where. */
public final class InvalidRequestException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public InvalidRequestException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
