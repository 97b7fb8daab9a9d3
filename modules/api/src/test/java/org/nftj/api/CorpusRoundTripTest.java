package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.NftJson;
import org.nftj.api.expr.Stmt;

/**
 * Decode/encode coverage over the nftables project's own expression corpus (tests/py *.t.json and
 * *.t.json.output, release 1.1.4; kept outside the repository in the shared corpus directory because
 * of its licence; -Dnftj.corpus=DIR points elsewhere). Every rule's expression array must decode and
 * encode back to equivalent JSON; and the shapes this version models must decode to typed nodes,
 * not to Unknown.
 */
class CorpusRoundTripTest {
    static Path corpus() {
        Path p = Path.of(System.getProperty("nftj.corpus", "../../../shared/corpus"), "nft-expr-json");
        Assumptions.assumeTrue(Files.isDirectory(p), "expression corpus not found at " + p);
        return p;
    }

    /** One block: the nft text of a rule (comment line) and its JSON array. */
    record Block(String file, String rule, String json) {}

    static List<Block> blocks() throws IOException {
        List<Block> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus())) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String rule = null;
            StringBuilder json = new StringBuilder();
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("#")) {
                    if (!json.isEmpty()) out.add(new Block(f.getParent().getFileName() + "/" + f.getFileName(), rule, json.toString()));
                    json.setLength(0);
                    rule = line.substring(1).strip();
                } else {
                    json.append(line).append('\n');
                }
            }
            if (!json.toString().isBlank()) out.add(new Block(f.getParent().getFileName() + "/" + f.getFileName(), rule, json.toString()));
        }
        return out;
    }

    @Test
    void everyCorpusRuleDecodesAndEncodesBackToEquivalentJson() throws IOException {
        List<Block> blocks = blocks();
        assertTrue(blocks.size() > 1500, "corpus too small: " + blocks.size());
        List<String> failures = new ArrayList<>();
        for (Block b : blocks) {
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
        List<Block> blocks = blocks();
        Map<String, Integer> unknownByFile = new TreeMap<>();
        List<String> examples = new ArrayList<>();
        int typed = 0;
        for (Block b : blocks) {
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
