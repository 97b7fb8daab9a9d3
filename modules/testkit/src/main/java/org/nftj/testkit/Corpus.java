package org.nftj.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the optional external corpus is (nftables' own test data, kept outside the repository for
 * its licence): beside the repository as {@code ../shared/corpus}, at {@code $NFTJ_EXTERNAL_CORPUS}
 * or at {@code -Dnftj.corpus}, found the way the helper's tests find it. It adds cases to what the
 * in-repo corpus ({@code test-vectors/rulesets}) gives; its absence is reported, never failed.
 */
public final class Corpus {
    /** System property naming the external corpus (it wins over the environment variable). */
    public static final String EXTERNAL_PROPERTY = "nftj.corpus";
    /** Environment variable naming the external corpus, as the helper's tests read it. */
    public static final String EXTERNAL_VARIABLE = "NFTJ_EXTERNAL_CORPUS";

    private Corpus() {}

    /**
     * The repository's top folder, found from the working directory upwards.
     *
     * @return the first folder holding {@code test-vectors/requests}
     * @throws IllegalStateException when no folder above the working directory does
     */
    public static Path repository() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-vectors/requests"))) return p;
        }
        throw new IllegalStateException("no repository (test-vectors/requests) above " + Path.of("").toAbsolutePath());
    }

    /** {@return the external corpus's folder, absolute, when it exists; empty otherwise} */
    public static Optional<Path> external() {
        String named = System.getProperty(EXTERNAL_PROPERTY, "");
        if (named.isBlank()) named = System.getenv().getOrDefault(EXTERNAL_VARIABLE, "");
        Path p = named.isBlank() ? repository().resolveSibling("shared").resolve("corpus") : Path.of(named);
        return Files.isDirectory(p) ? Optional.of(p.toAbsolutePath().normalize()) : Optional.empty();
    }

    /** {@return where the external corpus was looked for, for the line that reports its absence} */
    public static String externalLookedFor() {
        String named = System.getProperty(EXTERNAL_PROPERTY, "");
        if (!named.isBlank()) return "-D" + EXTERNAL_PROPERTY + "=" + named;
        String variable = System.getenv().getOrDefault(EXTERNAL_VARIABLE, "");
        if (!variable.isBlank()) return "$" + EXTERNAL_VARIABLE + "=" + variable;
        return repository().resolveSibling("shared").resolve("corpus") + " (or $" + EXTERNAL_VARIABLE + ")";
    }
}
