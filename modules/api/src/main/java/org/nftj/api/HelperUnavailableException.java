package org.nftj.api;

import java.io.Serial;

/** The helper could not be started or refused to start (its message says why). Nothing was sent. */
public final class HelperUnavailableException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public HelperUnavailableException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
