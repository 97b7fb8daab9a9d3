package org.nftj.validation;

import java.io.Serial;
import java.util.List;

/** A batch was refused before it reached the helper. Carries every problem found, first one first. */
public final class ValidationException extends Exception {
    @Serial private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(problems.isEmpty() ? "invalid batch" : problems.getFirst().toString()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() { return problems; }

    /** The first problem: the one a user should fix first. */
    public Problem first() { return problems.getFirst(); }
}
