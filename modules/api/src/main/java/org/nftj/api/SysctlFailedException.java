package org.nftj.api;

import java.io.Serial;

/**
 * The kernel refused to read or write a sysctl parameter ({@code sysctl_failed}), e.g. a value it
 * does not accept ({@code EINVAL}) or a parameter that is read-only in this network namespace
 * ({@code EACCES}). The message names the parameter, the errno and what was restored; the outcome
 * is {@link Outcome#NOT_APPLIED} unless a restore itself failed ({@link Outcome#APPLIED}: some
 * values of the request stay changed, the message names them).
 */
public final class SysctlFailedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * A failure as the helper or the api reports it.
     *
     * @param code the stable error code (docs/protocol.md)
     * @param message what failed, for a person
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer into the failing command, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public SysctlFailedException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }
}
