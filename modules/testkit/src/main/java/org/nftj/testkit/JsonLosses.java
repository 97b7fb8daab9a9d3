package org.nftj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The differences between nft's text listing and a rendering of its JSON listing that come from
 * what nft 1.0.6's JSON does not carry, each stated once. Everything else is a rendering error.
 * Used by the renderer's corpus test (org.nftj.api.RulesetCorpusTest) and by the command's
 * (org.nftj.cli.RulesetCorpusRunTest), where nftj list is compared with nft list.
 */
public final class JsonLosses {
    private JsonLosses() {}

    /** One difference nft 1.0.6's JSON explains: a text line, the rendered line (null: absent), why. */
    private record Loss(Pattern text, Pattern rendered, String why) {
        boolean explains(String want, String got) {
            if (!text.matcher(want).matches()) return false;
            return rendered == null ? got == null : got != null && rendered.matcher(got).matches();
        }
    }

    private static final List<Loss> LOSSES = List.of(
            new Loss(Pattern.compile("\t\ttypeof .*"), Pattern.compile("\t\ttype .*"),
                    "a set declared with typeof lists its plain types in JSON"),
            new Loss(Pattern.compile("\t\tauto-merge"), null, "a set's auto-merge is not in the JSON listing"),
            new Loss(Pattern.compile("\tcomment \".*\""), null, "a table's comment is not in the JSON listing"),
            new Loss(Pattern.compile("\t\tcomment \".*\""), null, "a chain's comment is not in the JSON listing"),
            new Loss(Pattern.compile("\t\tflags dynamic,(.*)"), Pattern.compile("\t\tflags .*"),
                    "a set's dynamic flag is not in the JSON listing"),
            new Loss(Pattern.compile("\t\tflags dynamic"), null, "a set's dynamic flag is not in the JSON listing"),
            new Loss(Pattern.compile("\t\tflags dynamic,timeout"), null,
                    "a set's dynamic flag is not in the JSON listing (and timeout alone goes without saying)"),
            new Loss(Pattern.compile("\t\ttype filter hook (ingress|egress) device \"[^\"]*\" .*"),
                    Pattern.compile("\t\ttype filter hook (ingress|egress) priority .*"),
                    "a netdev chain's device is not in the JSON listing"));

    /**
     * The lines of a line diff of {@code want} (nft's text) and {@code got} (the rendering) that no
     * loss explains, as "- want" / "+ got" lines; empty when the rendering is right.
     *
     * @param want nft's own text listing, one line per element
     * @param got the rendering under test, one line per element
     * @return the unexplained lines, in diff order
     */
    public static List<String> unexplained(List<String> want, List<String> got) {
        int[][] lcs = new int[want.size() + 1][got.size() + 1];
        for (int i = want.size() - 1; i >= 0; i--) {
            for (int j = got.size() - 1; j >= 0; j--) {
                lcs[i][j] = want.get(i).equals(got.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int i = 0, j = 0;
        while (i < want.size() || j < got.size()) {
            if (i < want.size() && j < got.size() && want.get(i).equals(got.get(j))) {
                hunk(removed, added, out);
                i++;
                j++;
            } else if (j < got.size() && (i == want.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
                added.add(got.get(j++));
            } else {
                removed.add(want.get(i++));
            }
        }
        hunk(removed, added, out);
        return out;
    }

    /** Pairs the lines of one hunk in order; what a loss explains is dropped, the rest reported. */
    private static void hunk(List<String> removed, List<String> added, List<String> out) {
        int a = 0;
        for (String want : removed) {
            String got = a < added.size() ? added.get(a) : null;
            if (explained(want, got)) {
                a++;
            } else if (explained(want, null)) {
                continue;
            } else {
                out.add("- " + want);
                if (got != null) {
                    out.add("+ " + got);
                    a++;
                }
            }
        }
        for (; a < added.size(); a++) out.add("+ " + added.get(a));
        removed.clear();
        added.clear();
    }

    /**
     * An element's statements after its first (the counter after a set's limit or quota) that
     * nft 1.0.6 prints in text but not in JSON, which gives each element one statement (measured).
     */
    private static final Pattern LATER_ELEMENT_COUNTER =
            Pattern.compile("((?:limit rate|quota) [^,}]*?) counter packets \\d+ bytes \\d+");

    private static boolean explained(String want, String got) {
        for (Loss l : LOSSES) if (l.explains(want, got)) return true;
        if (got == null || !(want.startsWith("\t\telements = ") || want.startsWith("\t\t\t     "))) return false;
        String stripped = LATER_ELEMENT_COUNTER.matcher(want).replaceAll("$1");
        return !stripped.equals(want) && stripped.equals(got);
    }
}
