package org.nftj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nftj.testkit.JsonLosses;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import org.nftj.testkit.Policy;
import tools.jackson.jr.ob.JSON;

/**
 * Whole rulesets through the nftj command, as an operator uses it: every listing of the in-repo
 * corpus (test-vectors/rulesets/*.json, what nft 1.0.6 listed), and of an extra directory when
 * {@code -Dnftj.rulesets.extra=DIR} names one, goes through the real helper and kernel, one fresh
 * network namespace per ruleset, under a policy owning exactly the ruleset's tables:
 * <ol>
 * <li>{@code nftj apply FILE} (the listing, unchanged): applied, or refused with a reason;</li>
 * <li>the kernel then holds what {@code nft -j -f FILE} makes of the same file in another fresh
 *     namespace (handles aside, and the size the helper gives a set the file leaves unsized; where
 *     nft itself cannot read its listing back, the listing);</li>
 * <li>{@code nftj --json list} prints exactly what {@code nft -j list ruleset} prints, byte for
 *     byte, and {@code nftj list} what {@code nft list ruleset} prints, less what nft's JSON does
 *     not carry ({@link JsonLosses});</li>
 * <li>{@code nftj sync} of that {@code --json list} output is a no-op.</li>
 * </ol>
 * It prints one line per file and the percentages. For the in-repo corpus every file must pass, or
 * be refused as test-vectors/rulesets/refusals.tsv says (with the reason); the extra directory is
 * measured, not judged.
 */
@KernelTest
class RulesetCorpusRunTest {
    /** One ruleset's outcome. */
    record Outcome(String file, boolean nftTakes, String applied, boolean kernelSame, boolean jsonSame, boolean textSame,
                   boolean syncNoop, String note) {
        boolean passed() {
            return "applied".equals(applied) && kernelSame && jsonSame && textSame && syncNoop;
        }
    }

    static Path inRepo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path v = p.resolve("test-vectors/rulesets");
            if (Files.isDirectory(v)) return v;
        }
        throw new IllegalStateException("test-vectors/rulesets not found above " + Path.of("").toAbsolutePath());
    }

    static List<Path> listings(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    /** name → reason, from refusals.tsv: the in-repo listings nftj refuses on purpose. */
    static Map<String, String> expectedRefusals() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        Path f = inRepo().resolve("refusals.tsv");
        if (!Files.exists(f)) return out;
        for (String line : Files.readAllLines(f)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] parts = line.split("\t", 2);
            out.put(parts[0], parts.length > 1 ? parts[1] : "");
        }
        return out;
    }

    @Test
    void everyRulesetOfTheCorpusAppliesListsAndSyncsAsNftDoes() throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (Path f : listings(inRepo())) outcomes.add(run(f));
        report("in-repo corpus (test-vectors/rulesets)", outcomes);
        Map<String, String> refusals = expectedRefusals();
        List<String> wrong = new ArrayList<>();
        for (Outcome o : outcomes) {
            String reason = refusals.get(o.file());
            if (reason != null) {
                if (o.applied().equals("applied")) wrong.add(o.file() + ": listed as refused (" + reason + ") but applied");
            } else if (!o.passed()) {
                wrong.add(o.file() + ": " + o);
            }
        }
        assertEquals(List.of(), wrong, "every ruleset applies, lists and syncs as nft does, or is refused for its stated reason");

        String extra = System.getProperty("nftj.rulesets.extra", "");
        if (!extra.isEmpty()) {
            List<Outcome> more = new ArrayList<>();
            for (Path f : listings(Path.of(extra))) more.add(run(f));
            report("extra rulesets (" + extra + ")", more);
        }
    }

    /** Applies, lists and syncs one listing in a fresh namespace; never throws for the ruleset's sake. */
    static Outcome run(Path file) throws Exception {
        String name = file.getFileName().toString();
        String listing = Files.readString(file);
        Set<String> tables = tables(listing);
        List<String> interfaces = interfaces(file, listing);
        String nftResult = nftsOwn(file, interfaces);
        boolean nftTakes = nftResult != null;
        Policy policy = new Policy(List.copyOf(tables), Policy.ALL_OPERATIONS, 1_000_000, 1_000_000);
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT, policy)) {
            addInterfaces(h, interfaces);
            String helper = h.helperPath().toString();
            Cli apply = Cli.run("--helper", helper, "apply", file.toString());
            if (apply.status() != 0) {
                String why = apply.err().strip().lines().findFirst().orElse("exit " + apply.status());
                return new Outcome(name, nftTakes, "refused", false, false, false, false, why);
            }
            String kernel = h.rulesetJson();
            // Where nft cannot read its own listing back, the listing is the reference, less what
            // libnftables 1.0.6 drops from any JSON input (so nft -j -f would drop it too).
            // Sets the helper created carry the size it gave them (the policy's cap, M-54) where
            // the file names none.
            List<Object> reference = nftTakes ? withoutHandles(nftResult) : withoutInputLosses(withoutHandles(listing));
            List<Object> held = withoutHelperSizes(withoutHandles(kernel), reference);
            List<Object> compared = nftTakes ? held : withoutInputLosses(held);
            boolean kernelSame = compared.equals(reference);
            Cli json = Cli.run("--helper", helper, "--json", "list");
            boolean jsonSame = json.status() == 0 && json.out().equals(kernel);
            // nftj list renders the JSON listing, so it says what nft list says less what nft
            // 1.0.6's JSON does not carry (JsonLosses: a set's dynamic flag, typeof, comments).
            Cli text = Cli.run("--helper", helper, "list");
            String nftText = h.ruleset();
            boolean textSame = text.status() == 0
                    && JsonLosses.unexplained(nftText.lines().toList(), text.out().lines().toList()).isEmpty();
            Path listed = Files.createTempFile("nftj-corpus-listed", ".json");
            boolean syncNoop;
            String syncSaid;
            try {
                Files.writeString(listed, json.out());
                Cli sync = Cli.run("--helper", helper, "sync", listed.toString());
                syncNoop = sync.status() == 0 && sync.out().startsWith("in sync") && h.rulesetJson().equals(kernel);
                syncSaid = (sync.out() + sync.err()).strip().lines().findFirst().orElse("exit " + sync.status());
            } finally {
                Files.deleteIfExists(listed);
            }
            String note = kernelSame ? "" : "kernel differs from nft's: " + firstDifference(reference, compared);
            if (!jsonSame) note += (note.isEmpty() ? "" : "; ") + "--json list differs";
            if (!textSame) {
                note += (note.isEmpty() ? "" : "; ") + "list differs:\n"
                        + String.join("\n", JsonLosses.unexplained(nftText.lines().toList(), text.out().lines().toList()));
            }
            if (!syncNoop) note += (note.isEmpty() ? "" : "; ") + "sync of the listing is not a no-op: " + syncSaid;
            return new Outcome(name, nftTakes, "applied", kernelSame, jsonSame, textSame, syncNoop, note);
        }
    }

    /** What nft makes of the file with {@code nft -j -f} in a fresh namespace (its listing), or null when it refuses. */
    static String nftsOwn(Path file, List<String> interfaces) throws Exception {
        try (NetnsHelper h = NetnsHelper.create(NetnsHelper.Mode.ROOT, Policy.sample())) {
            addInterfaces(h, interfaces);
            try {
                h.nft("-j", "-f", file.toString());
            } catch (IllegalStateException refused) {
                return null;
            }
            return h.rulesetJson();
        }
    }

    static Set<String> tables(String listing) {
        Set<String> out = new LinkedHashSet<>();
        Map<String, Object> doc = JSON.std.mapFrom(listing);
        for (Object o : (List<?>) doc.get("nftables")) {
            if (o instanceof Map<?, ?> m && m.get("table") instanceof Map<?, ?> t) out.add(t.get("family") + " " + t.get("name"));
            if (o instanceof Map<?, ?> m && m.size() == 1 && m.values().iterator().next() instanceof Map<?, ?> body
                    && body.get("family") != null && body.get("table") instanceof String table) {
                out.add(body.get("family") + " " + table);
            }
        }
        return out;
    }

    /**
     * The interfaces a ruleset refers to by index: the {@code # interfaces:} line of its .nft
     * source when there is one, else the names it matches with iif/oif, holds in iface_index sets
     * or hooks netdev chains to.
     */
    static List<String> interfaces(Path json, String listing) throws IOException {
        Path source = json.resolveSibling(json.getFileName().toString().replaceAll("\\.json$", ".nft"));
        List<String> out = new ArrayList<>();
        if (Files.exists(source)) {
            for (String line : Files.readAllLines(source)) {
                Matcher m = Pattern.compile("#\\s*interfaces:\\s*(.*)$").matcher(line.strip());
                if (m.matches()) out.addAll(List.of(m.group(1).trim().split("\\s+")));
            }
            return out;
        }
        Matcher m = Pattern.compile("\\{\"meta\": \\{\"key\": \"(?:iif|oif)\"\\}\\}, \"right\": \"([A-Za-z0-9_.+-]{1,15})\"").matcher(listing);
        while (m.find()) if (!out.contains(m.group(1)) && !m.group(1).equals("lo")) out.add(m.group(1));
        return out;
    }

    static void addInterfaces(NetnsHelper h, List<String> names) {
        for (int i = 0; i < names.size(); i++) {
            h.exec("ip", "link", "add", names.get(i), "type", "veth", "peer", "name", "nftjp" + i);
        }
    }

    /** The listing's items with every handle removed (the kernel numbers objects in creation order). */
    @SuppressWarnings("unchecked")
    static List<Object> withoutHandles(String listing) {
        List<Object> items = (List<Object>) JSON.std.mapFrom(listing).get("nftables");
        return withoutMembers(items, (kind, body) -> Set.of("handle"));
    }

    /**
     * The kernel's items with the size removed from each set and map whose counterpart in the
     * reference has none: the helper sizes every set it creates (docs/helper-language.md, M-54).
     */
    @SuppressWarnings("unchecked")
    static List<Object> withoutHelperSizes(List<Object> items, List<Object> reference) {
        Set<String> unsized = new LinkedHashSet<>();
        for (Object item : reference) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) item).entrySet()) {
                if (Set.of("set", "map").contains(e.getKey()) && e.getValue() instanceof Map<?, ?> body && !body.containsKey("size")) {
                    unsized.add(identity(e.getKey(), body));
                }
            }
        }
        return withoutMembers(items, (kind, body) -> unsized.contains(identity(kind, body)) ? Set.of("size") : Set.of());
    }

    private static String identity(String kind, Map<?, ?> body) {
        return kind + " " + body.get("family") + " " + body.get("table") + " " + body.get("name");
    }

    /**
     * What libnftables 1.0.6 ignores when it reads JSON (measured): a table's flags and comment, a
     * chain's, a set's and a map's comment, a ct timeout's l3proto and policy (it lists inet and
     * null).
     */
    static List<Object> withoutInputLosses(List<Object> items) {
        return withoutMembers(items, (kind, body) -> switch (kind) {
            case "table" -> Set.of("comment", "flags");
            case "chain", "set", "map" -> Set.of("comment");
            case "ct timeout" -> Set.of("l3proto", "policy");
            default -> Set.of();
        });
    }

    /** Copies of the items, each object's body without the members {@code drop} names for it. */
    @SuppressWarnings("unchecked")
    private static List<Object> withoutMembers(List<Object> items,
            java.util.function.BiFunction<String, Map<?, ?>, Set<String>> drop) {
        List<Object> out = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) item);
            for (Map.Entry<String, Object> e : m.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> body)) continue;
                Set<String> members = drop.apply(e.getKey(), body);
                if (members.isEmpty()) continue;
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) body);
                copy.keySet().removeAll(members);
                e.setValue(copy);
            }
            out.add(m);
        }
        return out;
    }

    /** The first item where two listings differ, as "item N: reference / held". */
    static String firstDifference(List<Object> reference, List<Object> held) {
        for (int i = 0; i < Math.max(reference.size(), held.size()); i++) {
            Object a = i < reference.size() ? reference.get(i) : "(end)", b = i < held.size() ? held.get(i) : "(end)";
            if (!a.equals(b)) return "item " + i + ":\n    reference: " + a + "\n    kernel:    " + b;
        }
        return "";
    }

    static void report(String title, List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder("\n== " + title + "\n");
        b.append(String.format("%-40s %-8s %-8s %-6s %-6s %-6s %-6s %s%n", "file", "nft -f", "nftj", "kernel", "json", "text", "sync", "note"));
        int takes = 0, applied = 0, identical = 0, json = 0, sync = 0, appliedAll = 0;
        for (Outcome o : outcomes) {
            b.append(String.format("%-40s %-8s %-8s %-6s %-6s %-6s %-6s %s%n", o.file(), o.nftTakes() ? "takes" : "refuses",
                    o.applied(), mark(o, o.kernelSame()), mark(o, o.jsonSame()), mark(o, o.textSame()), mark(o, o.syncNoop()),
                    o.note().replace("\n", "\n" + " ".repeat(41))));
            boolean ok = "applied".equals(o.applied());
            if (ok) appliedAll++;
            if (ok && o.jsonSame()) json++;
            if (ok && o.syncNoop()) sync++;
            if (!o.nftTakes()) continue;
            takes++;
            if (ok) applied++;
            if (ok && o.kernelSame()) identical++;
        }
        b.append(String.format("%d rulesets; nft 1.0.6 takes %d; of those nftj applies %d (%s) with a kernel ruleset identical to"
                + " nft's for %d (%s).%n", outcomes.size(), takes, applied, percent(applied, takes), identical, percent(identical, takes)));
        b.append(String.format("Of the %d nftj applied (nft's own refusals included): --json list equals nft -j list for %d (%s);"
                + " sync of the listing is a no-op for %d (%s).%n", appliedAll, json, percent(json, appliedAll), sync,
                percent(sync, appliedAll)));
        System.out.print(b);
    }

    private static String mark(Outcome o, boolean v) {
        return "applied".equals(o.applied()) ? (v ? "same" : "DIFF") : "-";
    }

    private static String percent(int n, int of) {
        return of == 0 ? "-" : String.format("%.1f%%", 100.0 * n / of);
    }

    @Test
    void theRefusalsFileNamesOnlyListingsOfTheCorpus() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        for (Path f : listings(inRepo())) names.add(f.getFileName().toString());
        for (String refused : expectedRefusals().keySet()) assertTrue(names.contains(refused), refused + " is not in the corpus");
    }
}
