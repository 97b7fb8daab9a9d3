package org.nftj.api;

import java.io.Serial;

/** libnftables or the kernel refused the batch; the message carries libnftables' text. The transaction was rolled back. */
public final class NftFailedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public NftFailedException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
