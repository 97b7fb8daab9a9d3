package org.nftj.api;

import java.io.Serial;

/** The helper's policy does not allow this table or operation ({@code policy_denied}). Nothing changed. */
public final class PolicyDeniedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    public PolicyDeniedException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
