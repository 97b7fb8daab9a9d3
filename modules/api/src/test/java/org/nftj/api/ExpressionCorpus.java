package org.nftj.api;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.nftj.testkit.Corpus;

/**
 * The rules of the external corpus's nftables expression files ({@code nft-expr-json/**}{@code
 * /*.t.json} and their {@code .output}), one expression array each. They add cases to the in-repo
 * rulesets (test-vectors/rulesets, read whole by RulesetCorpusTest); where they were
 * found, or that they were not, is reported in one line.
 */
public final class ExpressionCorpus {
    private ExpressionCorpus() {}

    /** One rule: the file it comes from, its nft text, and its expression array as JSON text. */
    public record Block(String file, String rule, String json) {}

    /** The external corpus's expression files, when they are there; {@code report} gets one line. */
    public static Optional<Path> directory(PrintStream report) {
        Optional<Path> dir = Corpus.external().map(p -> p.resolve("nft-expr-json")).filter(Files::isDirectory);
        if (dir.isEmpty()) {
            report.println("expression corpus: no external corpus at " + Corpus.externalLookedFor() + "; none added (not an error)");
        }
        return dir;
    }

    /** The blocks of nftables' expression files: a comment line with the rule in nft syntax, then its JSON array. */
    public static List<Block> blocks(Path dir, PrintStream report) throws IOException {
        List<Block> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String name = f.getParent().getFileName() + "/" + f.getFileName();
            String rule = null;
            StringBuilder json = new StringBuilder();
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("#")) {
                    if (!json.isEmpty()) out.add(new Block(name, rule, json.toString()));
                    json.setLength(0);
                    rule = line.substring(1).strip();
                } else {
                    json.append(line).append('\n');
                }
            }
            if (!json.toString().isBlank()) out.add(new Block(name, rule, json.toString()));
        }
        report.println("expression corpus: " + out.size() + " rules added from the external corpus (" + dir + ")");
        return out;
    }
}
