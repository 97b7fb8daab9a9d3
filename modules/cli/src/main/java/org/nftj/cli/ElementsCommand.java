package org.nftj.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.nftj.api.Batch;
import org.nftj.api.Bulk;
import org.nftj.api.Elements;
import org.nftj.api.Family;
import org.nftj.api.InvalidRequestException;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.expr.Expr;

/**
 * {@code elements add|remove FAMILY/TABLE/SET [FILE]}: bulk element changes. By default through
 * the api's streaming bulk load (one chunk in memory, the next prepared while the helper applies
 * the last; each chunk its own transaction); with {@code --atomic}, every line is read and checked
 * first and the whole input is one transaction.
 */
final class ElementsCommand {
    static final int CHUNK_DEFAULT = 50_000;
    /** The helper's limit of elements per command (docs/protocol.md). */
    static final int CHUNK_MAX = Bulk.HELPER_ELEMENTS_MAX;
    /** Lines longer than this are not elements of any set type nftables has. */
    static final int LINE_CHARS_MAX = 256;
    /**
     * The JSON an atomic load may take: the helper assembles a transaction of at most 64 MiB from
     * several frames; the rest is left for the request's envelope and the estimate's error.
     */
    static final long ATOMIC_JSON_BYTES_MAX = 62L << 20;
    private static final String ELEMENT_HINT = "one element per line: an address, a prefix (10.0.0.0/8), a range (A-B) or a number";

    private ElementsCommand() {}

    /** What the command line asked for. */
    private record Target(String action, Family family, String table, String set, String name, String file, int chunk,
                          Path helper) {
        boolean add() { return action.equals("add"); }

        String source() { return file.equals("-") ? "stdin" : file; }
    }

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
        if (a.has("--atomic") && a.has("--chunk")) {
            throw CliException.usage("elements: --atomic is one transaction, --chunk sets the size of each of many",
                    "use one or the other");
        }
        Target t = new Target(action, FileCommands.family(set[0], "elements"), set[1], set[2], p.get(1),
                p.size() == 3 ? p.get(2) : "-", chunk(a), ctx.helper());
        Report r = a.has("--atomic") ? atomic(ctx, t) : chunked(ctx, t);
        if (r == null) {
            throw new CliException(ExitCode.FAILED, "no_elements", "no elements in " + t.source(),
                    "one element per line; blank lines and # comments are skipped");
        }
        return r;
    }

    /** The default: chunks of --chunk elements, each its own transaction. Null when the input held none. */
    private static Report chunked(Ctx ctx, Target t) throws CliException, NftjException {
        long total = t.file().equals("-") ? -1 : count(t.file());
        AtomicLong done = new AtomicLong();
        AtomicLong transactions = new AtomicLong();
        Progress progress = new Progress(ctx.err(), ctx.stderrTerminal(), total, "elements");
        Bulk bulk = Bulk.defaults().withChunkElements(t.chunk()).withProgress(n -> {
            done.set(n);
            transactions.incrementAndGet();
            progress.update(n);
        });
        long n;
        try (Lines lines = new Lines(t.file(), 2 * t.chunk() + 2); Nftj nft = ctx.open()) {
            try {
                n = t.add() ? nft.table(t.family(), t.table()).addElements(t.set(), lines, bulk)
                        : nft.table(t.family(), t.table()).deleteElements(t.set(), lines, bulk);
            } catch (NftjException | IllegalArgumentException ex) {
                progress.finish();
                throw stopped(t, lines, done.get(), transactions.get(), ex);
            }
        } catch (UncheckedIOException e) {
            progress.finish();
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + t.file() + ": " + e.getCause().getMessage(),
                    "check the file and its permissions");
        }
        progress.finish();
        if (n == 0) return null;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("set", t.name());
        json.put("action", t.action());
        json.put("elements", n);
        json.put("transactions", transactions.get());
        json.put("atomic", false);
        return Report.ok(json, (t.add() ? "added " : "removed ") + n + " elements " + (t.add() ? "to " : "from ")
                + t.name() + " (" + transactions(transactions.get()) + ")");
    }

    /**
     * A chunked load stopped: what failed, exactly which lines are in the kernel and which are not,
     * and the command that continues after the fix.
     */
    private static CliException stopped(Target t, Lines lines, long done, long transactions, Exception ex) {
        long lastApplied = done == 0 ? 0 : lines.lineOfElement(done);
        String applied = done == 0 ? "nothing was applied"
                : done + " elements from lines 1-" + lastApplied + " were applied (" + transactions(transactions)
                        + "); nothing from line " + (lastApplied + 1) + " on";
        String resume = done == 0 ? "" : "; after fixing it, continue with: tail -n +" + (lastApplied + 1) + " "
                + (t.file().equals("-") ? "INPUT" : t.file()) + " | nftj elements " + t.action() + " " + t.name();
        boolean badElement = ex instanceof IllegalArgumentException
                || (ex instanceof InvalidRequestException i && i.path().equals("/elem"));
        if (badElement) {
            return new CliException(ExitCode.FAILED, "invalid_element", "line " + lines.line() + " of " + t.source() + ": "
                    + ex.getMessage() + "; " + applied, ELEMENT_HINT + resume + "; --atomic checks every line first",
                    done == 0 ? "not_applied" : "partial", ex);
        }
        NftjException n = (NftjException) ex;
        long line = lineOf(n, lines, done);
        if (line > 0 && n.outcome() == NftjException.Outcome.NOT_APPLIED) {
            // one element of the chunk refused: named by its line, as a bad line is
            boolean value = n instanceof InvalidRequestException;
            return new CliException(ExitCode.FAILED, value ? "invalid_element" : n.code(),
                    "line " + line + " of " + t.source() + ": " + reason(n) + "; " + applied,
                    (value ? ELEMENT_HINT : "nftj list " + t.family().wire() + "/" + t.table() + " shows what the set holds; "
                            + "fix or drop the line") + resume + "; --atomic checks every line first",
                    done == 0 ? "not_applied" : "partial", ex);
        }
        CliException c = translate(n, t);
        if (n.outcome() != NftjException.Outcome.NOT_APPLIED) {
            applied = (done == 0 ? "" : done + " elements from lines 1-" + lastApplied + " were applied; ")
                    + "whether the chunk from line " + (lastApplied + 1) + " on was applied is unknown (nftj list shows the set); "
                    + "nothing after that chunk was sent";
        }
        String outcome = done == 0 ? c.outcome() : "partial";
        // Nothing applied and a hint that says so already: the message need not say it again.
        String message = done == 0 && c.hint().startsWith("nothing was applied") ? c.getMessage() : c.getMessage() + "; " + applied;
        return new CliException(c.exit(), c.code(), message, c.hint() + resume, outcome, ex);
    }

    private static final java.util.regex.Pattern ELEMENT_POINTER = java.util.regex.Pattern.compile(".*/element/elem/(\\d{1,9})(?:/.*)?");

    /**
     * The line of the element a failure names (the failing chunk's first command, the element's
     * index in it), or 0 when the failure names no element of this input.
     */
    static long lineOf(NftjException e, Lines lines, long done) {
        if (e.command() != 0 || e.object().map(o -> o.element() == null).orElse(true)) return 0;
        java.util.regex.Matcher m = ELEMENT_POINTER.matcher(e.path());
        if (!m.matches()) return 0;
        try {
            return lines.lineOfElement(done + Integer.parseInt(m.group(1)) + 1);
        } catch (IllegalArgumentException beyond) {
            return 0;
        }
    }

    /**
     * What refused the element, as the validator or the helper said it: the innermost refusal
     * (its first problem), before the client added which element of which command it was.
     */
    static String reason(NftjException e) {
        NftjException inner = e;
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof NftjException n) inner = n;
        }
        return inner instanceof InvalidRequestException i && !i.problems().isEmpty() ? i.problems().getFirst().message()
                : inner.getMessage();
    }

    /** A failure as {@link Errors} reports it, except that a missing set or table is named as the command line wrote it. */
    private static CliException translate(NftjException e, Target t) {
        CliException c = Errors.translate(e, t.helper());
        if (!(e instanceof org.nftj.api.NotFoundException)) return c;
        String table = t.family().wire() + " " + t.table();
        return new CliException(c.exit(), c.code(), "there is no set " + t.set() + " in table " + table + " (or no table "
                + table + ")", "nothing was applied; nftj list " + t.family().wire() + "/" + t.table() + " shows the table's "
                + "sets; create the set (an add set command in nftj apply FILE), then load again", c.outcome(), e);
    }

    /**
     * {@code --atomic}: every line is read and turned into an element before anything is sent (the
     * first bad line is reported and nothing changes), then the whole input goes to the helper as
     * ONE transaction: all of it or none of it.
     */
    private static Report atomic(Ctx ctx, Target t) throws CliException, NftjException {
        List<Expr> elements = new ArrayList<>();
        List<Long> lineOf = new ArrayList<>();
        long bytes = 0;
        try (Lines lines = new Lines(t.file(), 1)) {
            try {
                while (lines.hasNext()) {
                    Object v = lines.next();
                    elements.add(Elements.of(t.family(), t.table(), t.set(), v).elements().getFirst());
                    lineOf.add(lines.line());
                    bytes += String.valueOf(v).length() + 24;
                    if (bytes > ATOMIC_JSON_BYTES_MAX) {
                        throw new CliException(ExitCode.FAILED, "limit_exceeded", t.source() + " is too large for one "
                                + "transaction (past line " + lines.line() + ", more than " + (ATOMIC_JSON_BYTES_MAX >> 20)
                                + " MiB of JSON; the helper takes 64 MiB per transaction); nothing was applied",
                                "split the input into several files, or leave out --atomic to load it in chunks");
                    }
                }
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.FAILED, "invalid_element", "line " + lines.line() + " of " + t.source() + ": "
                        + e.getMessage() + "; nothing was applied (--atomic checks every line first)", ELEMENT_HINT);
            }
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + t.file() + ": " + e.getCause().getMessage(),
                    "check the file and its permissions; nothing was applied");
        }
        if (elements.isEmpty()) return null;
        Batch.Builder b = Batch.builder();
        for (int i = 0; i < elements.size(); i += t.chunk()) {
            Elements e = new Elements(t.family(), t.table(), t.set(), elements.subList(i, Math.min(elements.size(), i + t.chunk())));
            if (t.add()) b.add(e); else b.delete(e);
        }
        Progress progress = new Progress(ctx.err(), ctx.stderrTerminal(), elements.size(), "elements");
        try (Nftj nft = ctx.open()) {
            progress.update(0);
            nft.apply(b.build());
        } catch (InvalidRequestException e) {
            progress.finish();
            String line = elementLine(e, t.chunk(), lineOf);
            throw new CliException(ExitCode.FAILED, line.isEmpty() ? e.code() : "invalid_element", line.isEmpty()
                    ? e.getMessage() + "; nothing was applied" : line + t.source() + ": " + reason(e) + "; nothing was applied",
                    ELEMENT_HINT, "not_applied", e);
        } catch (NftjException e) {
            progress.finish();
            throw translate(e, t);
        }
        progress.update(elements.size());
        progress.finish();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("set", t.name());
        json.put("action", t.action());
        json.put("elements", elements.size());
        json.put("transactions", 1);
        json.put("atomic", true);
        return Report.ok(json, (t.add() ? "added " : "removed ") + elements.size() + " elements " + (t.add() ? "to " : "from ")
                + t.name() + " (one transaction)");
    }

    /** "line N of " for a refusal that points at one element ({@code /elem/I} of command C), else "". */
    private static String elementLine(InvalidRequestException e, int chunk, List<Long> lineOf) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/elem/(\\d+)").matcher(e.path());
        if (e.command() < 0 || !m.find()) return "";
        long index = (long) e.command() * chunk + Long.parseLong(m.group(1));
        return index < lineOf.size() ? "line " + lineOf.get((int) index) + " of " : "";
    }

    private static String transactions(long n) {
        return n + (n == 1 ? " transaction" : " transactions");
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

    /** Element lines in a file, for the progress bar's total. */
    private static long count(String file) throws CliException {
        try (Lines l = new Lines(file, 1)) {
            long n = 0;
            while (l.hasNext()) {
                l.next();
                n++;
            }
            return n;
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + file + ": " + e.getCause().getMessage(),
                    "check the file and its permissions");
        } catch (IllegalArgumentException e) {
            return -1; // a bad line: reported, with its number, when the load reaches it
        }
    }

    /**
     * The element lines of a file or stdin, read lazily: blank lines and # comments skipped, numbers
     * as numbers. Remembers the line number of the last {@code remembered} elements read, so that a
     * failed load can say up to which line the input was applied.
     */
    static final class Lines implements Iterator<Object>, AutoCloseable {
        private final BufferedReader reader;
        private final long[] lineOfElement;
        private String pending;
        private long line;
        private long elements;

        Lines(String file, int remembered) throws CliException {
            lineOfElement = new long[Math.max(1, remembered)];
            try {
                reader = file.equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CliException(ExitCode.FAILED, "no_such_file", "no such file: " + file, "check the path");
            } catch (IOException e) {
                throw new CliException(ExitCode.FAILED, "io", "cannot read " + file + ": " + e.getMessage(),
                        "check the file and its permissions");
            }
        }

        /** The number of the line read last (the one an element error is about). */
        synchronized long line() { return line; }

        /**
         * The line of the {@code n}th element (1-based), while it is among the last ones
         * remembered; a bulk load asks for the last element it applied, at most two chunks behind.
         */
        synchronized long lineOfElement(long n) {
            if (n < 1 || n > elements || n <= elements - lineOfElement.length) throw new IllegalArgumentException("element " + n);
            return lineOfElement[(int) ((n - 1) % lineOfElement.length)];
        }

        @Override
        public synchronized boolean hasNext() {
            try {
                while (pending == null) {
                    String s = reader.readLine();
                    if (s == null) return false;
                    line++;
                    s = s.strip();
                    if (s.isEmpty() || s.startsWith("#")) continue;
                    if (s.length() > LINE_CHARS_MAX) {
                        throw new IllegalArgumentException("longer than " + LINE_CHARS_MAX + " characters");
                    }
                    pending = s;
                }
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized Object next() {
            if (!hasNext()) throw new NoSuchElementException();
            String s = pending;
            pending = null;
            lineOfElement[(int) (elements % lineOfElement.length)] = line;
            elements++;
            return s.chars().allMatch(Character::isDigit) && s.length() <= 15 ? (Object) Long.parseLong(s) : s;
        }

        @Override
        public void close() {
            try {
                if (reader != null) reader.close();
            } catch (IOException ignored) {
                // read-only
            }
        }
    }
}
