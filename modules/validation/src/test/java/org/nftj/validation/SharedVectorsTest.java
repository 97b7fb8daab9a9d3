package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.jr.ob.JSON;

/**
 * Runs every shared request vector (test-vectors/requests/*.json, the same files the Zig helper's
 * tests run) through {@link Validator#request(byte[])} and asserts the same outcome and error
 * code, so the Java and Zig validators cannot drift apart. Vectors marked {@code helperOnly} (framing,
 * policy, kernel state) are the helper's alone.
 */
class SharedVectorsTest {

    /** The repository's test-vectors/requests folder, found from the module's directory upwards. */
    static Path vectorsDirectory() {
        String override = System.getProperty("nftj.vectors.dir", "");
        if (!override.isBlank()) return Path.of(override);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path v = p.resolve("test-vectors/requests");
            if (Files.isDirectory(v)) return v;
        }
        throw new IllegalStateException("test-vectors/requests not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * Outcomes that depend on what only the helper knows (its policy file, its rate budget, the
     * kernel's state, the byte stream): the Java side cannot and does not predict them.
     */
    static final java.util.Set<String> HELPER_STATE_CODES = java.util.Set.of("policy_denied", "rate_limited",
            "not_found", "exists", "nft_failed", "frame_empty", "frame_too_large", "frame_truncated", "response_too_large");

    /** One vector: its frame's bytes and expected outcome ({@code code} null: any refusal). */
    record Vector(String name, byte[] frame, boolean ok, String code, boolean helperOnly, String path) {}

    static List<Vector> vectors() throws IOException {
        try (Stream<Path> files = Files.list(vectorsDirectory())) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().flatMap(f -> read(f).stream()).toList();
        }
    }

    private static List<Vector> read(Path file) {
        try {
            Object doc = JSON.std.anyFrom(Files.readString(file));
            List<?> items = doc instanceof List<?> l ? l : List.of(doc);
            String base = file.getFileName().toString();
            return java.util.stream.IntStream.range(0, items.size()).mapToObj(i -> {
                Map<?, ?> v = (Map<?, ?>) items.get(i);
                byte[] frame;
                if (v.containsKey("stream_hex")) {
                    // a raw byte stream (framing violations): the helper's framing alone judges it
                    return new Vector(base, HexFormat.of().parseHex((String) v.get("stream_hex")), false, null, true, null);
                }
                if (v.containsKey("frame")) frame = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asBytes(v.get("frame"));
                else if (v.containsKey("frame_text")) frame = ((String) v.get("frame_text")).getBytes(StandardCharsets.UTF_8);
                else if (v.containsKey("frame_hex")) frame = HexFormat.of().parseHex(((String) v.get("frame_hex")).replaceAll("\\s", ""));
                else throw new IllegalStateException(base + ": a vector needs frame, frame_text or frame_hex");
                Map<?, ?> expect = (Map<?, ?>) v.get("expect");
                String code = (String) expect.get("code");
                return new Vector(items.size() == 1 ? base : base + "#" + i, frame, Boolean.TRUE.equals(expect.get("ok")),
                        code, Boolean.TRUE.equals(v.get("helperOnly")) || (code != null && HELPER_STATE_CODES.contains(code)),
                        (String) expect.get("path"));
            }).toList();
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyVectorHasTheHelpersOutcome() throws IOException {
        List<Vector> all = vectors();
        assertFalse(all.isEmpty(), "no vectors found");
        List<Vector> mine = all.stream().filter(v -> !v.helperOnly()).toList();
        assertTrue(mine.size() >= 40, "only " + mine.size() + " vectors apply to the Java side");
        return mine.stream().map(v -> DynamicTest.dynamicTest(v.name(), () -> {
            try {
                ValidatedBatch b = Validator.request(v.frame());
                if (!v.ok()) fail(v.name() + ": expected " + v.code() + " but the Java validator accepted it: " + b);
            } catch (ValidationException e) {
                if (v.ok()) fail(v.name() + ": expected ok but the Java validator refused it: " + e.getMessage());
                if (v.code() != null) assertEquals(v.code(), e.first().code(), v.name() + ": " + e.getMessage());
                if (v.path() != null) {
                    Problem p = e.first();
                    String full = p.command() < 0 ? p.path() : "/batch/nftables/" + p.command() + p.path();
                    assertEquals(v.path(), full, v.name() + ": the field named: " + e.getMessage());
                }
            }
        }));
    }
}
