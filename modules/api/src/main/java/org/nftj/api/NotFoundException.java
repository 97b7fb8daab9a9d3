package org.nftj.api;

import java.io.Serial;

/** The kernel has no such table, chain, rule, set or element ({@code not_found}). */
public final class NotFoundException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public NotFoundException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
