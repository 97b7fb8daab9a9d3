package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nftj.api.expr.NftJson;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.Netns;

/**
 * Round trips over REAL rulesets: the test creates them in the kernel of a throwaway namespace with
 * {@code nft -f} (every object kind the kernel here supports — see everything.nft), reads them back
 * with {@code nft -j list ruleset}, decodes into the model, encodes, and compares; then applies the
 * model's own encoding to a fresh namespace with {@code nft -j -f} and checks the kernel holds the same
 * ruleset again.
 */
@KernelTest
class KernelRoundTripTest {
    static String resource(String name) throws IOException {
        try (InputStream in = KernelRoundTripTest.class.getResourceAsStream("corpus/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aRealRulesetOfEveryKindDecodesTypedAndEncodesBackToTheSameJson() throws Exception {
        try (Netns ns = Netns.create()) {
            Path f = Files.createTempFile("nftj-corpus", ".nft");
            try {
                Files.writeString(f, resource("everything.nft"));
                ns.nft("-f", f.toString());
            } finally {
                Files.delete(f);
            }
            String listed = ns.nft("-j", "list", "ruleset");
            Ruleset rs = Ruleset.parse(listed);

            // typed: every object kind present, nothing left Unknown
            assertEquals(List.of(), rs.of(UnknownObject.class));
            List<Object> unknown = new ArrayList<>();
            for (Rule r : rs.of(Rule.class)) r.statements().forEach(s -> unknown.addAll(NftJson.unknowns(s)));
            for (NamedSet s : rs.of(NamedSet.class)) s.elements().forEach(e -> unknown.addAll(NftJson.unknowns(e)));
            assertEquals(List.of(), unknown);
            Set<Class<?>> kinds = new HashSet<>();
            rs.objects().forEach(o -> kinds.add(o.getClass()));
            assertEquals(Set.of(Metainfo.class, Table.class, Chain.class, Rule.class, NamedSet.class, NamedCounter.class,
                    NamedQuota.class, NamedLimit.class, CtHelper.class, CtTimeout.class, CtExpectation.class,
                    NamedSynproxy.class), kinds);
            assertTrue(rs.of(Rule.class).size() > 60, "rules: " + rs.of(Rule.class).size());

            // equivalent JSON back
            @SuppressWarnings("unchecked")
            List<Object> expected = (List<Object>) ((Map<String, Object>) JsonEq.parse(listed)).get("nftables");
            List<Object> actual = new ArrayList<>();
            for (Map<String, Object> o : rs.toJson()) actual.add(JsonEq.norm(o, null));
            assertEquals(expected.size(), actual.size());
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), "item " + i + ": " + expected.get(i) + "\n  vs " + actual.get(i));
            }
        }
    }

    @Test
    void theModelsEncodingRecreatesTheSameRulesetInAFreshKernel() throws Exception {
        String original;
        try (Netns ns = Netns.create()) {
            Path f = Files.createTempFile("nftj-corpus", ".nft");
            try {
                // everything.nft minus what nft 1.0.6 cannot take back as JSON (reported upstream-fixed):
                // table flags and concatenated map data types are printed in a form its JSON parser refuses.
                String text = resource("everything.nft").replace("flags dormant;", "")
                        .replaceAll("(?m)^\\s*map m2 .*$", "")
                        // nor a ct expectation or synproxy object ("Unknown object passed to add command")
                        .replaceAll("(?m)^.*(ct expectation|synproxy).*$", "")
                        // and it does not print a netdev chain's device, without which the chain cannot be re-added
                        .replaceAll("(?s)table netdev nd \\{.*?\n\\}\n", "");
                Files.writeString(f, text);
                ns.nft("-f", f.toString());
            } finally {
                Files.delete(f);
            }
            original = ns.nft("-j", "list", "ruleset");
        }
        Ruleset rs = Ruleset.parse(original);
        // As commands: add every object without its handle (the kernel assigns new ones).
        List<Object> cmds = new ArrayList<>();
        // Listings print sets before chains, but a verdict map's elements may jump to a chain: add
        // tables, then chains, then everything else, then rules.
        List<NftObject> ordered = new ArrayList<>(rs.objects());
        ordered.sort(java.util.Comparator.comparingInt(o -> o instanceof Table ? 0 : o instanceof Chain ? 1 : o instanceof Rule ? 3 : 2));
        for (NftObject o : ordered) {
            if (o instanceof Metainfo) continue;
            Map<String, Object> body = o.toCommandBody();
            @SuppressWarnings("unchecked") Map<String, Object> inner = (Map<String, Object>) body.get(o.kind());
            inner.remove("handle");
            if (o instanceof NamedCounter) { inner.remove("packets"); inner.remove("bytes"); }
            if (o instanceof NamedQuota) inner.remove("used");
            if (o instanceof NamedSet) removeExpires(inner);
            cmds.add(Map.of("add", body));
        }
        try (Netns ns = Netns.create()) {
            Path f = Files.createTempFile("nftj-model", ".json");
            try {
                Files.writeString(f, Ruleset.WRITER.asString(Map.of("nftables", cmds)));
                ns.nft("-j", "-f", f.toString());
            } finally {
                Files.delete(f);
            }
            Ruleset again = Ruleset.parse(ns.nft("-j", "list", "ruleset"));
            List<String> a = withoutHandles(rs), b = withoutHandles(again);
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                assertEquals(i < a.size() ? a.get(i) : null, i < b.size() ? b.get(i) : null, "item " + i);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void removeExpires(Map<String, Object> set) {
        if (!(set.get("elem") instanceof List<?> l)) return;
        for (Object e : l) if (e instanceof Map<?, ?> m && m.get("elem") instanceof Map<?, ?> in) ((Map<String, Object>) in).remove("expires");
    }

    /** The listing's JSON without handles and element expiry (which the kernel assigns or counts down). */
    private static List<String> withoutHandles(Ruleset rs) {
        List<String> out = new ArrayList<>();
        for (NftObject o : rs.objects()) {
            // nft 1.0.6's JSON parser drops a ct timeout's policy and l3proto (its text parser keeps them)
            if (o instanceof CtTimeout) continue;
            out.add(String.valueOf(JsonEq.norm(o.toCommandBody(), null)).replaceAll("handle=[0-9]+, ", "")
                    .replaceAll("expires=[0-9]+, ", ""));
        }
        return out;
    }
}
