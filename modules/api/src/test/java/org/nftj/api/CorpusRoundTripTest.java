package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.NftJson;
import org.nftj.api.expr.Stmt;
import org.nftj.testkit.Corpus;

/**
 * Decode/encode coverage over the nftables project's own expression corpus (tests/py *.t.json and
 * *.t.json.output, release 1.1.4), one rule's expression array at a time. That corpus is kept
 * outside the repository for its licence ({@link ExpressionCorpus}); when present it adds its
 * rules to the in-repo rulesets (test-vectors/rulesets, read whole by {@link RulesetCorpusTest}),
 * and when absent this test says where it looked and is skipped. Every array must decode and
 * encode back to equivalent JSON, and the shapes this version models must decode to typed nodes,
 * not to Unknown.
 */
class CorpusRoundTripTest {
    static List<ExpressionCorpus.Block> blocks() throws IOException {
        Optional<Path> dir = ExpressionCorpus.directory(System.out);
        Assumptions.assumeTrue(dir.isPresent(), "no external corpus at " + Corpus.externalLookedFor());
        return ExpressionCorpus.blocks(dir.get(), System.out);
    }

    @Test
    void everyCorpusRuleDecodesAndEncodesBackToEquivalentJson() throws IOException {
        List<ExpressionCorpus.Block> blocks = blocks();
        assertTrue(blocks.size() > 1500, "corpus too small: " + blocks.size());
        List<String> failures = new ArrayList<>();
        for (ExpressionCorpus.Block b : blocks) {
            Object in = JsonEq.parse(b.json());
            List<Stmt> stmts = NftJson.stmts(in);
            List<Object> out = new ArrayList<>();
            for (Stmt s : stmts) out.add(s.toJson());
            if (!in.equals(JsonEq.norm(out, null))) {
                failures.add(b.file() + " [" + b.rule() + "]\n  in:  " + JsonEq.show(in) + "\n  out: " + JsonEq.show(out));
            }
        }
        assertEquals(List.of(), failures, failures.size() + " of " + blocks.size() + " blocks did not round-trip");
    }

    @Test
    void theModelledShapesDecodeToTypedNodesNotUnknown() throws IOException {
        List<ExpressionCorpus.Block> blocks = blocks();
        Map<String, Integer> unknownByFile = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        int typed = 0;
        for (ExpressionCorpus.Block b : blocks) {
            for (Stmt s : NftJson.stmts(JsonEq.parse(b.json()))) {
                List<Object> unknowns = new ArrayList<>();
                collectUnknown(s, unknowns);
                if (unknowns.isEmpty()) {
                    typed++;
                } else {
                    unknownByFile.merge(b.file(), 1, Integer::sum);
                    if (examples.size() < 40) examples.add(b.file() + " [" + b.rule() + "]: " + JsonEq.show(unknowns.get(0)));
                }
            }
        }
        // Everything the corpus holds is modelled; Unknown exists only for shapes newer than this model.
        assertEquals(Map.of(), unknownByFile, "statements with Unknown parts (" + typed + " typed):\n" + String.join("\n", examples));
    }

    static void collectUnknown(Stmt s, List<Object> out) { out.addAll(NftJson.unknowns(s)); }
}
