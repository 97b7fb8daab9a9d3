package org.nftj.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.api.Family;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;

/** {@code elements add|remove FAMILY/TABLE/SET [FILE]}: bulk element changes, chunk by chunk. */
final class ElementsCommand {
    static final int CHUNK_DEFAULT = 50_000;
    /** The helper's limit of elements per command (docs/protocol.md). */
    static final int CHUNK_MAX = 200_000;
    /** Lines longer than this are not elements of any set type nftables has. */
    static final int LINE_CHARS_MAX = 256;

    private ElementsCommand() {}

    static Report run(Ctx ctx, Args a) throws CliException, NftjException {
        List<String> p = a.positional(2, 3, "elements");
        String action = p.get(0);
        if (!action.equals("add") && !action.equals("remove")) {
            throw CliException.usage("elements: expected add or remove, not '" + action + "'",
                    "usage: " + Subcommand.ELEMENTS.synopsis());
        }
        String[] set = p.get(1).split("/", -1);
        if (set.length != 3 || set[1].isEmpty() || set[2].isEmpty()) {
            throw CliException.usage("elements: a set is FAMILY/TABLE/SET, e.g. inet/app/blocklist, not '" + p.get(1) + "'",
                    "usage: " + Subcommand.ELEMENTS.synopsis());
        }
        Family family = FileCommands.family(set[0], "elements");
        int chunk = chunk(a);
        String file = p.size() == 3 ? p.get(2) : "-";
        List<Object> elements = read(file);
        if (elements.isEmpty()) {
            throw new CliException(ExitCode.FAILED, "no_elements", "no elements in " + (file.equals("-") ? "stdin" : file),
                    "one element per line; blank lines and # comments are skipped");
        }
        Progress progress = new Progress(ctx.err(), ctx.progress(), elements.size(), "elements");
        int done = 0;
        try (Nftj nft = ctx.open()) {
            for (int from = 0; from < elements.size(); from += chunk) {
                List<Object> part = elements.subList(from, Math.min(elements.size(), from + chunk));
                try {
                    nft.applyJson(command(action.equals("add") ? "add" : "delete", family, set[1], set[2], part), false);
                } catch (NftjException ex) {
                    progress.finish();
                    CliException c = NftjTool.translate(ex);
                    throw new CliException(c.exit(), c.code(), c.getMessage() + "; " + done + " of " + elements.size()
                            + " elements were applied before this chunk (elements " + (from + 1) + " to " + (from + part.size())
                            + " were not)", c.hint(), done == 0 ? c.outcome() : "partial", ex);
                }
                done += part.size();
                progress.update(done);
            }
        }
        progress.finish();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("set", p.get(1));
        json.put("action", action);
        json.put("elements", done);
        json.put("transactions", (elements.size() + chunk - 1) / chunk);
        return Report.ok(json, (action.equals("add") ? "added " : "removed ") + done + " elements "
                + (action.equals("add") ? "to " : "from ") + p.get(1));
    }

    /** One {@code add element} / {@code delete element} command as a libnftables document. */
    static String command(String verb, Family family, String table, String set, List<Object> elements) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("family", family.wire());
        body.put("table", table);
        body.put("name", set);
        body.put("elem", elements);
        return tools.jackson.jr.ob.JSON.std.asString(Map.of("nftables", List.of(Map.of(verb, Map.of("element", body)))));
    }

    private static int chunk(Args a) throws CliException {
        String s = a.value("--chunk", String.valueOf(CHUNK_DEFAULT));
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > CHUNK_MAX) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage("--chunk takes 1 to " + CHUNK_MAX + ", not '" + s + "'", "e.g. --chunk 10000");
        }
    }

    static List<Object> read(String file) throws CliException {
        List<Object> out = new ArrayList<>();
        try (BufferedReader r = file.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) continue;
                if (s.length() > LINE_CHARS_MAX) {
                    throw new CliException(ExitCode.FAILED, "invalid_element", "line " + n + " is longer than "
                            + LINE_CHARS_MAX + " characters", "one element per line");
                }
                out.add(element(s));
            }
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.FAILED, "no_such_file", "no such file: " + file, "check the path");
        } catch (IOException e) {
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + file + ": " + e.getMessage(),
                    "check the file and its permissions");
        }
        return out;
    }

    /** One element in libnftables JSON: a number, a prefix, a range, or a string. */
    static Object element(String s) {
        if (s.chars().allMatch(Character::isDigit) && s.length() <= 15) return Long.parseLong(s);
        int slash = s.indexOf('/');
        if (slash > 0 && s.indexOf('/', slash + 1) < 0 && s.substring(slash + 1).chars().allMatch(Character::isDigit)
                && slash + 1 < s.length() && s.length() - slash <= 4) {
            Map<String, Object> prefix = new LinkedHashMap<>();
            prefix.put("addr", s.substring(0, slash));
            prefix.put("len", Integer.parseInt(s.substring(slash + 1)));
            return Map.of("prefix", prefix);
        }
        String[] range = s.split("-", -1);
        if (range.length == 2 && addressOrNumber(range[0]) && addressOrNumber(range[1])) {
            return Map.of("range", List.of(element(range[0]), element(range[1])));
        }
        return s;
    }

    private static boolean addressOrNumber(String s) {
        return !s.isEmpty() && (s.chars().allMatch(Character::isDigit) || s.contains(".") || s.contains(":"));
    }
}
