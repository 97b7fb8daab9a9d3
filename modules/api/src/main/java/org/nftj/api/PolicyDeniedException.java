package org.nftj.api;

import java.io.Serial;

/**
 * The helper's policy does not allow this table or operation ({@code policy_denied}). Nothing
 * changed. When the refused command is known, {@link #object()} is the object it makes, changes or
 * lists, and the message quotes the command in nft syntax.
 */
public final class PolicyDeniedException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;

    /**
     * A refusal as the helper reports it.
     *
     * @param code the stable error code
     * @param message what the policy refused, for a person
     * @param command the refused command's index, or -1
     * @param path a JSON Pointer to the refused command, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public PolicyDeniedException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
    }

    /**
     * A refusal that names the object of the refused command.
     *
     * @param code the stable error code
     * @param message what the policy refused, for a person
     * @param command the refused command's index, or -1
     * @param path a JSON Pointer to the refused command, or ""
     * @param outcome whether the ruleset changed
     * @param object the object the refused command makes, changes or lists, or null
     * @param cause the underlying failure, or null
     */
    public PolicyDeniedException(String code, String message, int command, String path, Outcome outcome, ObjectId object,
                                 Throwable cause) {
        super(code, message, command, path, outcome, object, cause);
    }
}
