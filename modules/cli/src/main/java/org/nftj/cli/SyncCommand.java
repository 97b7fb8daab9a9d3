package org.nftj.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nftj.api.Batch;
import org.nftj.api.DesiredTable;
import org.nftj.api.Elements;
import org.nftj.api.InvalidRequestException;
import org.nftj.api.Metainfo;
import org.nftj.api.NamedSet;
import org.nftj.api.NftObject;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.Plan;
import org.nftj.api.Result;
import org.nftj.api.Ruleset;
import org.nftj.api.Table;
import org.nftj.api.UnknownObject;
import org.nftj.api.expr.Expr;
import tools.jackson.jr.ob.JSON;

/**
 * {@code sync FILE}: brings the tables named in FILE to exactly FILE's content with the api's
 * desired-state sync ({@link Nftj#plan}): the plan touches only what differs (unchanged chains, sets
 * and counters are left alone), and the plans of all the file's tables are applied as ONE
 * transaction, so the firewall is never seen half-synced.
 */
final class SyncCommand {
    private SyncCommand() {}

    /** At most this many files, given or found in directories. */
    static final int FILES_MAX = 1024;

    static Report run(Ctx ctx, Args a) throws CliException, NftjException {
        List<String> files = files(a.positional(1, FILES_MAX, "sync"));
        List<DesiredTable> desired = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, String> describedIn = new LinkedHashMap<>();
        for (String file : files) {
            for (DesiredTable d : parse(FileCommands.json(file, FileCommands.read(file), true), file)) {
                String key = key(d.table().family().wire(), d.table().name());
                if (key.equals(FileCommands.RATE_TABLE)) {
                    // a dump of the whole ruleset (nft list ruleset) holds it; it is the helper's, not the file's
                    skipped.add(key + " (the helper's rate limit, in " + file + ")");
                    continue;
                }
                String other = describedIn.putIfAbsent(key, file);
                if (other != null) {
                    throw new CliException(ExitCode.FAILED, "invalid_request", "table " + key + " is described in both " + other
                            + " and " + file, "describe each table in one file (a DIR's every *.json and *.nft file is a desired state of its "
                            + "own: keep the parts a file includes in a subdirectory, which sync does not read); nothing was applied");
                }
                desired.add(d);
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", String.join(" ", a.positional()));
        json.put("files", files);
        try (Nftj nft = ctx.open()) {
            List<Plan> plans = new ArrayList<>();
            try {
                for (DesiredTable d : desired) plans.add(nft.plan(d));
            } catch (org.nftj.api.PolicyDeniedException denied) {
                throw FileCommands.notOwned(denied, new java.util.TreeSet<>(describedIn.keySet()), nft, ctx.helper());
            }
            List<Map<String, Object>> commands = new ArrayList<>();
            List<Object> planJson = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (String s : skipped) text.append("left alone: table ").append(s).append('\n');
            if (!skipped.isEmpty()) json.put("skipped", skipped);
            int changes = 0;
            for (Plan p : plans) {
                changes += p.changes().size();
                planJson.add(Map.of("table", p.table().family().wire() + " " + p.table().name(),
                        "changes", p.changes().stream().map(Plan.Change::toString).toList()));
                if (!p.isEmpty()) {
                    text.append(p.toString().stripTrailing()).append('\n');
                    commands.addAll(p.batch().toJson());
                }
            }
            json.put("plan", planJson);
            boolean apply = changes > 0 && !a.has("--plan");
            if (changes == 0) text.append("in sync: nothing to do\n");
            Batch batch = null;
            if (changes > 0) {
                // The plan is validated before it is shown or applied: a plan the helper would
                // refuse is reported as such, with --plan too.
                String document = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(Map.of("nftables", commands));
                try {
                    batch = Batch.parse(document);
                } catch (InvalidRequestException e) {
                    throw new CliException(ExitCode.FAILED, e.problems().getFirst().code(), String.join(" ", files)
                            + ": the plan would be refused: " + e.getMessage(),
                            "nothing was applied; the desired state holds something the helper does not take");
                }
            }
            if (apply) {
                // The plan goes to stderr first when a person watches, so it is seen before the change.
                if (ctx.progress()) {
                    ctx.err().print(text);
                    ctx.err().flush();
                }
                Result r = nft.apply(batch);
                json.put("batchSha256", r.batchSha256());
                text.append("applied ").append(changes).append(changes == 1 ? " change" : " changes")
                        .append(" as one transaction (batch sha256 ").append(r.batchSha256()).append(")\n");
            } else if (changes > 0) {
                text.append("validated, not applied (--plan)\n");
            }
            json.put("applied", apply);
            return Report.ok(json, text.toString());
        }
    }

    /**
     * The files to read: each argument is a file, or a directory whose {@code *.json} and
     * {@code *.nft} regular files are read in name order (other entries are ignored; a directory
     * without any is an error).
     */
    static List<String> files(List<String> args) throws CliException {
        List<String> out = new ArrayList<>();
        for (String arg : args) {
            java.nio.file.Path p = java.nio.file.Path.of(arg);
            if (!arg.equals("-") && java.nio.file.Files.isDirectory(p)) {
                List<String> found = new ArrayList<>();
                try (java.util.stream.Stream<java.nio.file.Path> list = java.nio.file.Files.list(p)) {
                    list.filter(f -> (f.getFileName().toString().endsWith(".json") || f.getFileName().toString().endsWith(".nft"))
                                    && java.nio.file.Files.isRegularFile(f))
                            .map(java.nio.file.Path::toString).sorted().forEach(found::add);
                } catch (java.io.IOException e) {
                    throw new CliException(ExitCode.FAILED, "io", "cannot read the directory " + arg + ": " + e.getMessage(),
                            "check the directory and its permissions; nothing was applied");
                }
                if (found.isEmpty()) {
                    throw new CliException(ExitCode.FAILED, "no_such_file", "no *.json or *.nft file in " + arg,
                            "put the desired tables there, e.g. nftj --json list inet/app > " + p.resolve("app.json"));
                }
                out.addAll(found);
            } else {
                out.add(arg);
            }
            if (out.size() > FILES_MAX) throw CliException.usage("sync: more than " + FILES_MAX + " files", "merge some of them");
        }
        return out;
    }

    /**
     * The desired tables of a libnftables document: objects as {@code nft -j list} prints them (or
     * {@code add}/{@code create} commands of them), grouped by table in the order tables appear.
     * {@code element} entries are folded into their set.
     */
    static List<DesiredTable> parse(String document, String file) throws CliException {
        Object tree;
        try {
            tree = JSON.std.anyFrom(document);
        } catch (RuntimeException e) {
            try {
                Batch.parse(document);
            } catch (InvalidRequestException v) {
                throw FileCommands.invalid(file, document, v); // the same report as apply's: line and column, or nft syntax
            }
            throw new CliException(ExitCode.FAILED, "invalid_json", file + " is not JSON: " + e.getMessage(),
                    "nothing was applied; fix the file");
        }
        if (!(tree instanceof Map<?, ?> root) || !(root.get("nftables") instanceof List<?> list)) {
            throw new CliException(ExitCode.FAILED, "invalid_request", file + ": expected {\"nftables\": [...]}",
                    "nftj --json list TABLE > FILE gives a file to start from");
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        Map<String, List<NftObject>> objects = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = withoutHandle(unwrap(list.get(i)));
            NftObject o = Ruleset.object(item);
            if (o instanceof Metainfo) continue;
            if (o instanceof UnknownObject u) {
                throw new CliException(ExitCode.FAILED, "invalid_request", file + ": entry " + i + " ('" + u.kind()
                        + "') is not an object nftj knows", "sync describes state: tables, chains, sets, maps, objects, rules");
            }
            if (o instanceof Table t) {
                tables.putIfAbsent(key(t.family().wire(), t.name()), t.identity());
                continue;
            }
            Map<?, ?> body = (Map<?, ?>) ((Map<?, ?>) item).values().iterator().next();
            String k = key(String.valueOf(body.get("family")), String.valueOf(body.get("table")));
            objects.computeIfAbsent(k, x -> new ArrayList<>()).add(o);
        }
        List<DesiredTable> out = new ArrayList<>();
        for (Map.Entry<String, List<NftObject>> e : objects.entrySet()) {
            if (!tables.containsKey(e.getKey())) {
                throw new CliException(ExitCode.FAILED, "invalid_request", file + ": objects of table " + e.getKey()
                        + " but no table entry for it", "a sync file names each table it describes");
            }
        }
        for (Map.Entry<String, Table> t : tables.entrySet()) {
            try {
                out.add(new DesiredTable(t.getValue(), foldElements(objects.getOrDefault(t.getKey(), List.of()))));
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.FAILED, "invalid_request", file + ": " + e.getMessage(), "see nftj sync --help");
            }
        }
        // A document naming no table (nft's listing of an empty ruleset: metainfo alone) describes
        // nothing to change: sync of it is a no-op, as apply of it is.
        return out;
    }

    private static String key(String family, String table) {
        return family + " " + table;
    }

    /** {@code {"add": {"chain": ...}}} becomes {@code {"chain": ...}}; other entries stay as they are. */
    private static Object unwrap(Object item) {
        if (item instanceof Map<?, ?> m && m.size() == 1) {
            Object verb = m.keySet().iterator().next();
            if ((verb.equals("add") || verb.equals("create")) && m.get(verb) instanceof Map<?, ?> inner && inner.size() == 1) {
                return inner;
            }
        }
        return item;
    }

    /**
     * The entry without the handle a listing gives each object ({@code nft -j list}, {@code nftj
     * --json list}): a handle is the kernel's name for an object it holds, not part of the desired
     * state, and an add command may not carry one.
     */
    private static Object withoutHandle(Object item) {
        if (!(item instanceof Map<?, ?> m) || m.size() != 1 || !(m.values().iterator().next() instanceof Map<?, ?> body)
                || !body.containsKey("handle")) {
            return item;
        }
        Map<Object, Object> copy = new LinkedHashMap<>(body);
        copy.remove("handle");
        return Map.of(m.keySet().iterator().next(), copy);
    }

    /** Element lists join their set's elements (a desired table holds sets with their elements). */
    private static List<NftObject> foldElements(List<NftObject> in) {
        List<NftObject> out = new ArrayList<>(in.size());
        for (NftObject o : in) {
            if (o instanceof Elements el) {
                boolean folded = false;
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i) instanceof NamedSet s && s.name().equals(el.set())) {
                        List<Expr> all = new ArrayList<>(s.elements());
                        all.addAll(el.elements());
                        out.set(i, s.withElements(all));
                        folded = true;
                    }
                }
                if (!folded) throw new IllegalArgumentException("elements of set " + el.set() + " before or without the set");
            } else {
                out.add(o);
            }
        }
        return out;
    }
}
