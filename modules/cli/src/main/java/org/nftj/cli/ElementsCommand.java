package org.nftj.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import org.nftj.api.Bulk;
import org.nftj.api.Family;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;

/**
 * {@code elements add|remove FAMILY/TABLE/SET [FILE]}: bulk element changes through the api's
 * streaming bulk load (one chunk in memory, the next prepared while the helper applies the last).
 */
final class ElementsCommand {
    static final int CHUNK_DEFAULT = 50_000;
    /** The helper's limit of elements per command (docs/protocol.md). */
    static final int CHUNK_MAX = Bulk.HELPER_ELEMENTS_MAX;
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
        long total = file.equals("-") ? -1 : count(file);
        AtomicLong done = new AtomicLong();
        Progress progress = new Progress(ctx.err(), ctx.progress(), total, "elements");
        Bulk bulk = Bulk.defaults().withChunkElements(chunk).withProgress(n -> {
            done.set(n);
            progress.update(n);
        });
        long n;
        try (Lines lines = new Lines(file); Nftj nft = ctx.open()) {
            try {
                n = action.equals("add") ? nft.addElements(family, set[1], set[2], lines, bulk)
                        : nft.deleteElements(family, set[1], set[2], lines, bulk);
            } catch (NftjException ex) {
                progress.finish();
                if (ex instanceof org.nftj.api.InvalidRequestException && ex.path().equals("/elem")) {
                    throw new CliException(ExitCode.FAILED, "invalid_element", "line " + lines.line() + ": " + ex.getMessage()
                            + "; " + done.get() + " elements were applied before it", "one element per line: an address, "
                            + "a prefix (10.0.0.0/8), a range (A-B) or a number", done.get() == 0 ? "not_applied" : "partial", ex);
                }
                CliException c = NftjTool.translate(ex);
                throw new CliException(c.exit(), c.code(), c.getMessage() + "; " + done.get()
                        + " elements were applied before the failing chunk, none after", c.hint(),
                        done.get() == 0 ? c.outcome() : "partial", ex);
            } catch (IllegalArgumentException ex) {
                progress.finish();
                throw new CliException(ExitCode.FAILED, "invalid_element", "line " + lines.line() + ": " + ex.getMessage()
                        + "; " + done.get() + " elements were applied before it", "one element per line: an address, "
                        + "a prefix (10.0.0.0/8), a range (A-B) or a number", done.get() == 0 ? "not_applied" : "partial", ex);
            }
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + file + ": " + e.getCause().getMessage(),
                    "check the file and its permissions");
        }
        progress.finish();
        if (n == 0) {
            throw new CliException(ExitCode.FAILED, "no_elements", "no elements in " + (file.equals("-") ? "stdin" : file),
                    "one element per line; blank lines and # comments are skipped");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("set", p.get(1));
        json.put("action", action);
        json.put("elements", n);
        json.put("transactions", (n + chunk - 1) / chunk);
        return Report.ok(json, (action.equals("add") ? "added " : "removed ") + n + " elements "
                + (action.equals("add") ? "to " : "from ") + p.get(1));
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
        try (Lines l = new Lines(file)) {
            long n = 0;
            while (l.hasNext()) {
                l.next();
                n++;
            }
            return n;
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.FAILED, "io", "cannot read " + file + ": " + e.getCause().getMessage(),
                    "check the file and its permissions");
        }
    }

    /** The element lines of a file or stdin, read lazily: blank lines and # comments skipped, numbers as numbers. */
    static final class Lines implements Iterator<Object>, AutoCloseable {
        private final BufferedReader reader;
        private String pending;
        private long line;

        Lines(String file) throws CliException {
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
        long line() { return line; }

        @Override
        public boolean hasNext() {
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
        public Object next() {
            if (!hasNext()) throw new NoSuchElementException();
            String s = pending;
            pending = null;
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
