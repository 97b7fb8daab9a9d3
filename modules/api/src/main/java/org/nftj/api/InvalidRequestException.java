package org.nftj.api;

import java.io.Serial;
import java.util.List;
import org.nftj.validation.ValidationException;

/**
 * The request was refused as invalid, by validation (before anything was sent) or by the helper.
 * {@link #problems()} lists what is wrong; {@link #command()} and {@link #path()} say where the
 * first problem is.
 */
public final class InvalidRequestException extends NftjException {
    @Serial private static final long serialVersionUID = 1L;
    /** Every problem found. */
    private final List<Problem> problems;

    /**
     * One problem, as the helper reports a refusal.
     *
     * @param code the stable error code (docs/protocol.md)
     * @param message what is wrong, for a person
     * @param command the refused command's index, or -1
     * @param path a JSON Pointer to the offending value, or ""
     * @param outcome whether the ruleset changed
     * @param cause the underlying failure, or null
     */
    public InvalidRequestException(String code, String message, int command, String path, Outcome outcome, Throwable cause) {
        super(code, message, command, path, outcome, cause);
        this.problems = List.of(new Problem(code, command, path == null ? "" : path, message));
    }

    /**
     * One problem that concerns one object, as a refused element is named.
     *
     * @param code the stable error code
     * @param message what failed, for a person
     * @param command the failing command's index, or -1
     * @param path a JSON Pointer to the offending value, or ""
     * @param outcome whether the ruleset changed
     * @param object the object the failure concerns, or null
     * @param cause the underlying failure, or null
     */
    public InvalidRequestException(String code, String message, int command, String path, Outcome outcome, ObjectId object,
                                   Throwable cause) {
        super(code, message, command, path, outcome, object, cause);
        this.problems = List.of(new Problem(code, command, path == null ? "" : path, message));
    }

    /**
     * Every problem validation found, the first being the one to fix first. Nothing was sent.
     *
     * @param problems what is wrong: at least one
     * @param cause the validator's exception, or null
     */
    public InvalidRequestException(List<Problem> problems, Throwable cause) {
        super(problems.getFirst().code(), summary(problems), problems.getFirst().command(), problems.getFirst().path(),
                Outcome.NOT_APPLIED, cause);
        this.problems = List.copyOf(problems);
    }

    /** What validation found, in api terms. */
    static InvalidRequestException of(ValidationException e) {
        List<Problem> problems = e.problems().stream().map(p -> new Problem(p.code(), p.command(), p.path(), p.message())).toList();
        return new InvalidRequestException(problems, e);
    }

    private static String summary(List<Problem> problems) {
        return problems.getFirst() + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
    }

    /** {@return every problem found: at least one} */
    public List<Problem> problems() { return problems; }
}
