package org.nftj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.nftj.api.Batch;
import org.nftj.api.Family;
import org.nftj.api.InvalidRequestException;
import org.nftj.api.NftSyntax;
import org.nftj.api.NftText;
import org.nftj.api.NftTextException;
import org.nftj.api.NftUnavailableException;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.Problem;
import org.nftj.api.Result;
import org.nftj.api.Ruleset;
import org.nftj.api.Table;
import org.nftj.api.expr.NftJsonText;

/** {@code apply}, {@code check} and {@code list}. */
final class FileCommands {
    /**
     * Input files are libnftables JSON; the helper takes a transaction of at most 64 MiB of compact
     * JSON (in several frames), and a file may be laid out more loosely than that.
     */
    static final long INPUT_BYTES_MAX = 256L << 20;

    private FileCommands() {}

    static Report apply(Ctx ctx, Args a, boolean check) throws CliException, NftjException {
        String name = check ? "check" : "apply";
        String file = a.positional(1, 1, name).getFirst();
        // The helper starts while the JVM reads and validates the file: its start-up (spawn,
        // self-check, lockdown, libnftables) is most of a cold run, and the two do not depend on
        // each other. A file that cannot be read or fails validation is still reported as such,
        // and the started helper is closed unused.
        CompletableFuture<Nftj> opening = openInBackground(ctx);
        String doc;
        try {
            doc = json(file, read(file), false);
        } catch (CliException e) {
            closeWhenOpen(opening);
            throw e;
        }
        Batch batch;
        try {
            batch = Batch.parse(doc); // validated here, once, while the helper starts
        } catch (InvalidRequestException e) {
            closeWhenOpen(opening);
            throw invalid(file, doc, e);
        }
        if (batch.size() == 0) {
            // Only metainfo, or nothing: libnftables takes it and changes nothing; so does nftj.
            closeWhenOpen(opening);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("file", file);
            json.put("applied", false);
            json.put("commands", 0);
            return Report.ok(json, file + " holds no command: nothing to " + name + " (nothing changed)");
        }
        Result r;
        try (Nftj nft = join(opening)) {
            try {
                r = check ? nft.check(batch) : nft.apply(batch);
            } catch (org.nftj.api.PolicyDeniedException denied) {
                throw notOwned(denied, tables(batch), nft, ctx.helper());
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", file);
        json.put("applied", !check);
        json.put("batchSha256", r.batchSha256());
        return Report.ok(json, check ? "check passed: " + file + " (nothing changed)"
                : "applied " + file + " as one transaction (batch sha256 " + r.batchSha256() + ")");
    }

    /**
     * {@code list [TABLE]}: the owned tables (or one) as {@code nft list ruleset} prints them; with
     * {@code --json}, exactly what {@code nft -j list ruleset} prints for them (its metainfo, the
     * tables in the kernel's order, every member in nft's order, null members kept).
     */
    static Report list(Ctx ctx, Args a) throws CliException, NftjException {
        List<String> p = a.positional(0, 2, "list");
        Table one = p.isEmpty() ? null : table(p, "list");
        // --summary: each table's chains and sets with their counts, which the helper reads
        // without reading an element.
        if (a.has("--summary") && !ctx.json()) return summaries(ctx, one);
        List<List<Map<String, Object>>> tables = new ArrayList<>();
        Map<String, Object> metainfo;
        try (Nftj nft = ctx.open()) {
            metainfo = nft.helper().metainfo();
            if (p.isEmpty()) {
                // Every owned table, one list each: the tables the helper reports in its handshake.
                for (String owned : nft.helper().ownedTables()) {
                    try {
                        tables.add(nft.table(table(List.of(owned.split(" ", 2)), "list")).listJson());
                    } catch (org.nftj.api.NotFoundException absent) {
                        // owned by the policy but not created yet
                    }
                }
            } else {
                try {
                    tables.add(nft.table(one).listJson());
                } catch (org.nftj.api.PolicyDeniedException denied) {
                    throw notOwned(denied, java.util.Set.of(one.family().wire() + " " + one.name()), nft, ctx.helper());
                } catch (org.nftj.api.NotFoundException absent) {
                    throw new CliException(ExitCode.FAILED, "not_found", "there is no table " + one.family().wire() + " "
                            + one.name() + " (the helper's policy owns it; it has not been created)",
                            "create it: nftj apply FILE, or nftj sync FILE with the table's desired content");
                }
            }
        }
        // nft lists tables in the order the kernel made them: by table handle.
        tables.sort(Comparator.comparingLong(FileCommands::tableHandle));
        List<Object> items = new ArrayList<>();
        if (metainfo != null) items.add(Map.of("metainfo", metainfo));
        for (List<Map<String, Object>> t : tables) items.addAll(t);
        Ruleset ruleset = Ruleset.decode(items);
        return Report.document(NftJsonText.document(items), NftSyntax.ruleset(ruleset));
    }

    private static long tableHandle(List<Map<String, Object>> listing) {
        for (Map<String, Object> o : listing) {
            if (o.get("table") instanceof Map<?, ?> t && t.get("handle") instanceof Number n) return n.longValue();
        }
        return Long.MAX_VALUE;
    }

    private static Report summaries(Ctx ctx, Table one) throws CliException, NftjException {
        List<org.nftj.api.TableSummary> found = new java.util.ArrayList<>();
        try (Nftj nft = ctx.open()) {
            List<Table> tables = new java.util.ArrayList<>();
            if (one != null) {
                tables.add(one);
            } else {
                for (String owned : nft.helper().ownedTables()) tables.add(table(List.of(owned.split(" ", 2)), "list"));
            }
            for (Table t : tables) {
                try {
                    found.add(nft.table(t).summary());
                } catch (org.nftj.api.PolicyDeniedException denied) {
                    throw notOwned(denied, java.util.Set.of(t.family().wire() + " " + t.name()), nft, ctx.helper());
                } catch (org.nftj.api.NotFoundException absent) {
                    if (one == null) continue; // owned by the policy but not created yet
                    throw new CliException(ExitCode.FAILED, "not_found", "there is no table " + one.family().wire() + " "
                            + one.name() + " (the helper's policy owns it; it has not been created)",
                            "create it: nftj apply FILE, or nftj sync FILE with the table's desired content");
                }
            }
        }
        return Report.ok(Map.of("tables", found.stream().map(FileCommands::summaryJson).toList()), summaryText(found));
    }

    /** A table summary for --json: its chains with their rule counts, its sets with their element counts. */
    private static Map<String, Object> summaryJson(org.nftj.api.TableSummary s) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("family", s.table().family().wire());
        table.put("name", s.table().name());
        List<Map<String, Object>> chains = new ArrayList<>();
        for (org.nftj.api.Chain c : s.chains()) {
            Map<String, Object> chain = new LinkedHashMap<>();
            chain.put("name", c.name());
            chain.put("rules", s.rules().getOrDefault(c.name(), 0L));
            chains.add(chain);
        }
        List<Map<String, Object>> sets = new ArrayList<>();
        for (org.nftj.api.NamedSet set : s.sets()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", set.name());
            one.put("kind", set.kind());
            one.put("elements", s.elements().get(set.name())); // null: the kernel does not count them
            sets.add(one);
        }
        table.put("chains", chains);
        table.put("sets", sets);
        return table;
    }

    /**
     * Table summaries for people: each chain with its hook and rule count, each set with its type and
     * element count (rules and elements themselves: {@code nftj list} without --summary).
     */
    static String summaryText(List<org.nftj.api.TableSummary> summaries) {
        StringBuilder b = new StringBuilder();
        for (org.nftj.api.TableSummary s : summaries) {
            b.append("table ").append(s.table().family().wire()).append(' ').append(s.table().name()).append('\n');
            for (org.nftj.api.Chain c : s.chains()) {
                b.append("  chain ").append(c.name());
                if (c.hook() != null) {
                    b.append(" { type ").append(c.hook().type()).append(" hook ").append(c.hook().hook())
                            .append(" priority ").append(c.hook().priorityName(s.table().family())).append("; policy ")
                            .append(c.hook().policy() == null ? "accept" : c.hook().policy()).append("; }");
                }
                long rules = s.rules().getOrDefault(c.name(), 0L);
                b.append("  ").append(rules).append(rules == 1 ? " rule" : " rules").append('\n');
            }
            for (org.nftj.api.NamedSet set : s.sets()) {
                b.append("  ").append(set.kind()).append(' ').append(set.name()).append(" { type ")
                        .append(set.key().types().isEmpty() ? "typeof" : String.join(" . ", set.key().types()));
                if (set.isMap()) b.append(" : ").append(String.join(" . ", set.dataType()));
                b.append(" }  ");
                Long n = s.elements().get(set.name());
                b.append(n == null ? "? elements" : n + (n == 1 ? " element" : " elements")).append('\n');
            }
        }
        return b.isEmpty() ? "(no tables)\n" : b.toString();
    }

    /**
     * The policy refused a request: when it names tables the helper does not own (its handshake lists
     * the owned ones), name them and the install command that lets the helper own them as well. The
     * command names every table, the owned ones too: install's --table options are the whole list.
     */
    /**
     * The helper's own table, where it keeps the rate limit (docs/operating.md): {@code nft list
     * ruleset} shows it beside the owned tables, so a dump of the whole ruleset holds it.
     */
    static final String RATE_TABLE = "inet nftj_rate";

    static CliException notOwned(org.nftj.api.PolicyDeniedException denied, java.util.Set<String> requested, Nftj nft,
            Path helper) throws NftjException {
        java.util.Set<String> owned = new java.util.TreeSet<>(nft.helper().ownedTables());
        List<String> foreign = requested.stream().filter(t -> !owned.contains(t)).sorted().toList();
        CliException c = Errors.translate(denied, helper);
        if (foreign.isEmpty()) return c;
        if (foreign.contains(RATE_TABLE)) {
            return new CliException(c.exit(), c.code(), "table " + RATE_TABLE + " is the helper's own (where it keeps the "
                    + "rate limit; nft list ruleset shows it beside yours), not one to apply", "nothing was applied; leave it "
                    + "out of the file (nft list table FAMILY NAME lists one table; nftj sync leaves it alone)", c.outcome(), denied);
        }
        java.util.Set<String> all = new java.util.TreeSet<>(owned);
        all.addAll(foreign);
        String install = String.join(" ", all.stream().map(t -> "--table " + t.replace(' ', '/')).toList());
        String them = foreign.size() == 1 ? "it" : "them";
        return new CliException(c.exit(), c.code(), "the helper's policy does not own " + (foreign.size() == 1 ? "table " : "tables ")
                + String.join(", ", foreign) + " (it owns " + (owned.isEmpty() ? "none" : String.join(", ", owned)) + ")",
                "nothing was applied; as root, nftj install " + install + " adds " + them + " to " + Errors.policyFile(helper)
                        + " (name every table: the list replaces the policy's; the rest of it is kept)", c.outcome(), denied);
    }

    /** The tables a batch's commands name, as "family name" (the helper's handshake spells owned tables so). */
    static java.util.Set<String> tables(Batch batch) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Map<String, Object> command : batch.toJson()) {
            for (Object body : command.values()) {
                if (!(body instanceof Map<?, ?> objects)) continue;
                for (Map.Entry<?, ?> o : objects.entrySet()) {
                    if (!(o.getValue() instanceof Map<?, ?> fields) || fields.get("family") == null) continue;
                    Object table = "table".equals(o.getKey()) ? fields.get("name") : fields.get("table");
                    if (table != null) out.add(fields.get("family") + " " + table);
                }
            }
        }
        return out;
    }

    /**
     * A file the validation refused, reported with where to look: the line and column of broken
     * JSON, the command and the JSON Pointer of a refused field, or that the file is not JSON at all
     * but nft's own text syntax.
     */
    static CliException invalid(String file, String doc, InvalidRequestException e) {
        Problem p = e.problems().getFirst();
        String more = e.problems().size() > 1 ? " (and " + (e.problems().size() - 1) + " more)" : "";
        if (p.command() < 0) {
            return new CliException(ExitCode.FAILED, p.code(), file + ": " + p.message() + more, p.code().equals("invalid_json")
                    ? "nothing was applied; fix the file at that line and column"
                    : "nothing was applied; a file is {\"nftables\": [...]} as nft -j reads it (nftj --json list prints one)");
        }
        String command = quoted(doc, p.command());
        return new CliException(ExitCode.FAILED, p.code(), file + ": item " + p.command()
                + (command.isEmpty() ? "" : " (" + command + ")")
                + (p.path().isEmpty() ? "" : ", field " + p.path()) + ": " + p.message() + more,
                "nothing was applied; item 0 is the first of \"nftables\" (metainfo included)"
                        + (p.path().isEmpty() ? "" : ", and " + p.path() + " is a JSON Pointer into that item"));
    }

    /**
     * The document's item as the nft command it stands for ({@link NftSyntax}), so that a refusal
     * quotes what a person wrote or nft listed; empty where the model cannot read the item whole
     * (a construct it does not type is better named by the JSON Pointer alone).
     */
    static String quoted(String doc, int index) {
        try {
            if (!(tools.jackson.jr.ob.JSON.std.anyFrom(doc) instanceof Map<?, ?> root)
                    || !(root.get("nftables") instanceof List<?> items) || index < 0 || index >= items.size()) {
                return "";
            }
            Object item = items.get(index);
            String verb = "add";
            if (item instanceof Map<?, ?> m && m.size() == 1 && COMMAND_VERBS.contains(String.valueOf(m.keySet().iterator().next()))
                    && m.values().iterator().next() instanceof Map<?, ?> inner && inner.size() == 1) {
                verb = String.valueOf(m.keySet().iterator().next());
                item = inner;
            }
            org.nftj.api.NftObject o = Ruleset.object(item);
            if (o instanceof org.nftj.api.UnknownObject || o instanceof org.nftj.api.Metainfo) return "";
            if (o instanceof org.nftj.api.Rule r
                    && r.statements().stream().anyMatch(st -> !org.nftj.api.expr.NftJson.unknowns(st).isEmpty())) {
                return "";
            }
            String text = NftSyntax.command(verb, o);
            return text.length() <= QUOTE_CHARS_MAX ? text : text.substring(0, QUOTE_CHARS_MAX - 3) + "...";
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    private static final java.util.Set<String> COMMAND_VERBS = java.util.Set.of("add", "create", "insert", "replace",
            "delete", "destroy", "flush", "list", "reset", "rename");
    private static final int QUOTE_CHARS_MAX = 160;

    /** Text that starts like nft's syntax (a keyword, a comment or a variable definition), not like JSON. */
    static boolean looksLikeNftSyntax(String doc) {
        String t = doc.stripLeading();
        if (t.isEmpty() || t.charAt(0) == '{' || t.charAt(0) == '[') return false;
        String word = t.split("[\\s{;]", 2)[0];
        return t.startsWith("#") || java.util.Set.of("table", "flush", "add", "create", "delete", "destroy", "insert",
                "replace", "define", "include", "chain", "set", "map", "list", "reset", "rename").contains(word)
                || word.startsWith("#!");
    }

    /**
     * Starts {@link Ctx#open()} on a platform thread (a virtual one would start the JDK's
     * virtual-thread scheduler, which a cold run pays for in milliseconds).
     */
    static CompletableFuture<Nftj> openInBackground(Ctx ctx) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ctx.open();
            } catch (NftjException | CliException e) {
                throw new CompletionException(e);
            }
        }, task -> Thread.ofPlatform().daemon().name("nftj-open").start(task));
    }

    /** The opened client, or the reason it could not be opened, as thrown by {@link Ctx#open()}. */
    static Nftj join(CompletableFuture<Nftj> opening) throws NftjException, CliException {
        try {
            return opening.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof NftjException n) throw n;
            if (e.getCause() instanceof CliException c) throw c;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
    }

    static void closeWhenOpen(CompletableFuture<Nftj> opening) {
        try {
            join(opening).close();
        } catch (NftjException | CliException | RuntimeException ignored) {
            // it did not open: nothing to close
        }
    }

    /** {@code inet/app} or {@code inet app}. */
    static Table table(List<String> words, String command) throws CliException {
        String[] parts = words.size() == 2 ? words.toArray(String[]::new) : words.getFirst().split("/", -1);
        if (parts.length != 2 || parts[1].isEmpty()) {
            throw CliException.usage(command + ": a table is FAMILY/NAME, e.g. inet/app, not '" + String.join(" ", words) + "'",
                    "usage: " + Subcommand.of(command).synopsis());
        }
        return new Table(family(parts[0], command), parts[1]);
    }

    static Family family(String s, String command) throws CliException {
        try {
            return Family.fromWire(s);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(command + ": unknown family '" + s + "'", "one of ip, ip6, inet, arp, bridge, netdev");
        }
    }

    /** Reads a UTF-8 input file ("-" is stdin), at most {@link #INPUT_BYTES_MAX}. */
    /**
     * A file's document as libnftables JSON: a JSON document as it is; a text in nft's own syntax
     * read by nft itself in a scratch namespace ({@link NftText}: what the text makes, as nft lists
     * it). A file named on the command line is the operator's, who wrote it: nft reads it by its
     * path with the operator's access to files, its includes searched beside it and in nft's include
     * path ({@link NftText#fileToJson}); a text on stdin ({@code -}) is read as anyone's text
     * ({@link NftText#toJson(String, String...)}). The text is read first as it is, then, if nft
     * misses an interface it names, with this host's interfaces created in the scratch namespace. A text's {@code flush}, {@code delete} and
     * other commands on existing objects act on the empty scratch kernel, so {@code apply} and
     * {@code check} refuse a text with them (what a text makes is added, its commands would be lost);
     * {@code sync} takes it, as the desired state.
     */
    static String json(String file, String doc, boolean sync) throws CliException {
        if (!looksLikeNftSyntax(doc)) return doc;
        if (!sync) {
            String command = commandOnExisting(doc);
            if (command != null) {
                throw new CliException(ExitCode.FAILED, "nft_syntax", file + " is in nft's text syntax and acts on what exists ("
                        + command + "); nftj applies what a text makes, without such commands",
                        "nftj sync " + file + " makes the tables the file describes equal to it (what flush and delete are for); "
                                + "nothing was applied");
            }
        }
        try {
            try {
                return file.equals("-") ? NftText.toJson(doc) : NftText.fileToJson(Path.of(file));
            } catch (NftTextException e) {
                if (!e.getMessage().contains("Interface does not exist")) throw e;
                return file.equals("-") ? NftText.toJson(doc, hostInterfaces()) : NftText.fileToJson(Path.of(file), hostInterfaces());
            }
        } catch (NftTextException e) {
            throw new CliException(ExitCode.FAILED, e.code(), file + ": " + e.getMessage(),
                    "nothing was applied; nft itself refused the file, read alone in an empty scratch namespace");
        } catch (NftUnavailableException e) {
            throw new CliException(ExitCode.FAILED, e.code(), file + " is in nft's text syntax, which nft reads for nftj: "
                    + e.getMessage(), "or convert it where nft runs: unshare --user --map-root-user --net sh -c 'nft -f " + file
                    + " && nft -j list ruleset' > " + file + ".json; nothing was applied");
        } catch (NftjException e) {
            throw new CliException(ExitCode.FAILED, e.code(), file + ": " + e.getMessage(), "nothing was applied");
        }
    }

    /** The first top-level command of a text that acts on existing objects ({@code line 2: flush ruleset}), or null. */
    static String commandOnExisting(String doc) {
        int depth = 0;
        int n = 0;
        for (String line : doc.split("\n", -1)) {
            n++;
            String code = line.contains("#") ? line.substring(0, line.indexOf('#')) : line;
            String word = code.strip().split("[\\s;{]", 2)[0];
            if (depth == 0 && java.util.Set.of("flush", "delete", "destroy", "reset", "rename", "replace", "insert").contains(word)) {
                return "line " + n + ": " + code.strip();
            }
            for (char c : code.toCharArray()) depth += c == '{' ? 1 : c == '}' ? -1 : 0;
        }
        return null;
    }

    /** This host's network interfaces but the loopback, for texts that name interfaces by index. */
    static String[] hostInterfaces() {
        try (java.util.stream.Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            return s.map(p -> p.getFileName().toString()).filter(i -> !i.equals("lo") && i.matches("[A-Za-z0-9_.-]{1,15}"))
                    .sorted().toArray(String[]::new);
        } catch (IOException e) {
            return new String[0];
        }
    }

    static String read(String file) throws CliException {
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Path.of(file))) {
            byte[] b = in.readNBytes((int) INPUT_BYTES_MAX + 1);
            if (b.length > INPUT_BYTES_MAX) {
                throw new CliException(ExitCode.FAILED, "limit_exceeded", file + " is larger than 256 MiB",
                        "split it into several files; the helper takes at most 64 MiB of JSON per transaction");
            }
            return new String(b, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.FAILED, "no_such_file", "no such file: " + file, "check the path");
        } catch (IOException e) {
            if (Files.isDirectory(Path.of(file))) {
                throw new CliException(ExitCode.FAILED, "io", file + " is a directory, not a file",
                        "apply and check take one file; nftj sync DIR reads a directory's *.json and *.nft files");
            }
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + file + ": " + e.getMessage(),
                    "check the file and its permissions");
        }
    }
}
