package org.nftj.validation;

import java.io.Serial;
import java.util.List;

/** A batch was refused before it reached the helper. Carries every problem found, first one first. */
public final class ValidationException extends Exception {
    @Serial private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    /**
     * A refusal with its problems; the message is the first problem's, with how many more follow.
     *
     * @param problems every problem found, the one to fix first first; copied
     */
    public ValidationException(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid batch" : problems.getFirst().toString()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, in the order found (commands in batch order).
     *
     * @return an immutable list, never empty for a refusal the validator made
     */
    public List<Problem> problems() { return problems; }

    /**
     * The first problem: the one a user should fix first.
     *
     * @return the first of {@link #problems()}
     * @throws java.util.NoSuchElementException when the list is empty
     */
    public Problem first() { return problems.getFirst(); }
}
