package org.nftj.api;

import java.io.Serial;

/** The object exists already and the command was {@code create} ({@code exists}). */
public final class AlreadyExistsException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public AlreadyExistsException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
