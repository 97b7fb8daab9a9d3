package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The two validators are cut the same way: {@link Commands}, {@link Statements} and
 * {@link Expressions} here, helper-zig/src/validate/commands.zig, statements.zig and
 * expressions.zig in the helper, each with one check function per grammar element, named after
 * its JSON key, in the same order. So a reviewer finds the same rule at the same place on both
 * sides.
 *
 * <p>Each file names its check functions in its header ({@code Grammar: table chain rule ...}).
 * For each part this test reads both headers and both files' declared functions (in file order)
 * and requires: the two lists are equal; every listed name is declared in its file, once, and the
 * listed functions are declared in the listed order. The commands' list is also the schema's list
 * of objects.
 */
class ValidatorMirrorTest {
    private static final Pattern ZIG_FUNCTION = Pattern.compile("^\\s*(?:pub\\s+)?fn\\s+([A-Za-z_]\\w*)\\s*\\(", Pattern.MULTILINE);
    private static final Pattern JAVA_METHOD = Pattern.compile(
            "^    (?:(?:private|protected|public|static|final|synchronized)\\s+)*(?:<[^>]+>\\s+)?[A-Za-z_][\\w.<>\\[\\]?, ]*?\\s+([a-z]\\w*)\\s*\\(",
            Pattern.MULTILINE);

    static Path top() {
        return SharedVectorsTest.vectorsDirectory().getParent().getParent();
    }

    private static String zig(String part) throws IOException {
        Path p = top().resolve("helper-zig/src/validate/" + part + ".zig");
        Assumptions.assumeTrue(Files.isRegularFile(p), "the helper's validator is not in this checkout: " + p);
        return Files.readString(p);
    }

    private static String java(String part) throws IOException {
        String name = Character.toUpperCase(part.charAt(0)) + part.substring(1);
        return Files.readString(top().resolve("modules/validation/src/main/java/org/nftj/validation/" + name + ".java"));
    }

    /**
     * The names after {@code Grammar:} in a file's header, continued on the next comment lines that
     * are indented further; whatever the comment marker ({@code //!}, {@code *}).
     */
    static List<String> grammar(String source, String file) {
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = Pattern.compile("^\\s*(//!|\\*)\\s*(?:<p>)?Grammar:(.*)$").matcher(lines.get(i));
            if (!m.find()) continue;
            StringBuilder words = new StringBuilder(m.group(2));
            String marker = m.group(1);
            for (int j = i + 1; j < lines.size(); j++) {
                String rest = lines.get(j).strip();
                if (!rest.startsWith(marker)) break;
                String text = rest.substring(marker.length());
                if (!text.startsWith("   ")) break; // continuation lines are indented past the marker's space
                words.append(' ').append(text);
            }
            List<String> names = Arrays.stream(words.toString().trim().split("[\\s,]+")).filter(w -> !w.isEmpty()).toList();
            assertTrue(names.stream().allMatch(w -> w.matches("[a-z][A-Za-z]*")), file + ": not a list of names: " + names);
            return names;
        }
        throw new AssertionError(file + " has no \"Grammar:\" line in its header");
    }

    static List<String> declared(String source, Pattern pattern) {
        List<String> names = new ArrayList<>();
        Matcher m = pattern.matcher(source);
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /** The grammar's functions are declared in the file, once each, in the grammar's order. */
    static void declaredInOrder(List<String> grammar, List<String> declared, String file) {
        assertEquals(grammar.size(), new LinkedHashSet<>(grammar).size(), file + ": a name is listed twice: " + grammar);
        for (String g : grammar) {
            assertEquals(1, declared.stream().filter(g::equals).count(), file + ": check function " + g
                    + " must be declared exactly once; declared: " + declared);
        }
        assertEquals(grammar, declared.stream().filter(grammar::contains).toList(),
                file + ": the check functions are not declared in the order of its Grammar line");
    }

    @ParameterizedTest
    @ValueSource(strings = {"commands", "statements", "expressions"})
    void bothValidatorsHaveTheSameCheckFunctionsInTheSameOrder(String part) throws IOException {
        String zig = zig(part);
        String java = java(part);
        List<String> zigGrammar = grammar(zig, part + ".zig");
        List<String> javaGrammar = grammar(java, part + ".java");
        declaredInOrder(zigGrammar, declared(zig, ZIG_FUNCTION), "helper-zig/src/validate/" + part + ".zig");
        declaredInOrder(javaGrammar, declared(java, JAVA_METHOD), part + ".java");
        assertEquals(zigGrammar, javaGrammar, part + ": the helper's check functions (left) differ from Java's (right)");
    }

    @Test
    void theCommandsAreTheSchemasObjects() throws IOException {
        Set<String> objects = Arrays.stream(Schema.ObjectKind.values())
                .filter(k -> k != Schema.ObjectKind.RULESET && k != Schema.ObjectKind.TABLES)
                .map(k -> camel(k.json())).collect(Collectors.toSet());
        assertEquals(objects, Set.copyOf(grammar(java("commands"), "Commands.java")));
    }

    static String camel(String jsonKey) {
        String[] words = jsonKey.split(" ");
        StringBuilder b = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) b.append(words[i].substring(0, 1).toUpperCase(Locale.ROOT)).append(words[i].substring(1));
        return b.toString();
    }

    /** The test's readers catch what they must: a missing, a doubled and a misplaced function. */
    @Test
    void theCheckFailsOnPlantedDifferences() {
        String zig = """
                //! Grammar: alpha beta
                //!   gamma
                //! (a continuation ends at a line that is not indented)
                fn helper() void {}
                fn alpha() void {}
                pub fn beta() void {}
                fn gamma() void {}
                """;
        assertEquals(List.of("alpha", "beta", "gamma"), grammar(zig, "t.zig"));
        declaredInOrder(List.of("alpha", "beta", "gamma"), declared(zig, ZIG_FUNCTION), "t.zig");
        String java = """
                /**
                 * <p>Grammar: alpha, beta,
                 *   gamma
                 */
                final class T {
                    private final Checker c;
                    void alpha(Object v, String p) { }
                    private List<Datatype> beta(Object v, String p) { return null; }
                    private static Map<String, List<Datatype>> gamma(int i) { return null; }
                }
                """;
        assertEquals(List.of("alpha", "beta", "gamma"), grammar(java, "T.java"));
        assertEquals(List.of("alpha", "beta", "gamma"), declared(java, JAVA_METHOD));
        assertFalse(declared(java, JAVA_METHOD).contains("c"), "a field is not a function");
        List<String> declared = List.of("alpha", "gamma", "beta");
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> declaredInOrder(List.of("alpha", "beta", "gamma"), declared, "misplaced"));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> declaredInOrder(List.of("alpha", "beta"), List.of("alpha"), "missing"));
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> declaredInOrder(List.of("alpha"), List.of("alpha", "alpha"), "doubled"));
    }
}
