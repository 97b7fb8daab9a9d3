package org.nftj.api;

import java.io.Serial;

/** The audit log could not be written, so the change was refused (fail closed). */
public final class AuditFailureException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public AuditFailureException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
