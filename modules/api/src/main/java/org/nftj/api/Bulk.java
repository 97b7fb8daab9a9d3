package org.nftj.api;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import org.nftj.api.expr.Expr;

/**
 * Options for bulk element loads ({@link TableClient#addElements}, {@link TableClient#deleteElements}).
 *
 * <p>Elements are read from an {@link Iterator} one chunk at a time, so memory stays bounded by one
 * chunk whatever the total. Each chunk is one {@code add element} (or {@code delete element})
 * command in its own request, i.e. its own transaction: a failure stops the load, and everything up to
 * the last reported progress is in the kernel (a bulk load is not one transaction).
 *
 * <p>Chunk limits: the helper takes at most 200 000 elements per command and 16 MiB per request
 * frame (a larger request goes in several frames, up to 64 MiB). {@code chunkElements} (default 50 000) and {@code chunkBytes} (default 4 MiB of JSON,
 * estimated while building the chunk) keep each request well inside both; libnftables itself splits a
 * command into netlink messages that fit the socket buffer. Measured through the helper: 200 000
 * IPv6 addresses (~8 MB of JSON) go in one command; 10 000 to 200 000 IPv4 addresses per command
 * all work, 50 000 was fastest for a hash set, the largest chunk for an interval set
 * ({@link #intervalSets()}).
 *
 * @param chunkElements elements per command, 1 … 200 000
 * @param chunkBytes approximate JSON bytes per command, at most 12 MiB
 * @param progress called after each chunk with the number of elements done so far (may be null)
 */
public record Bulk(int chunkElements, int chunkBytes, LongConsumer progress) {
    /** The most elements the helper takes in one command. */
    public static final int HELPER_ELEMENTS_MAX = 200_000;

    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException when a chunk would hold fewer than 1 or more than
     *                                  {@link #HELPER_ELEMENTS_MAX} elements, or less than 1 KiB or
     *                                  more than 12 MiB
     */
    public Bulk {
        if (chunkElements < 1 || chunkElements > HELPER_ELEMENTS_MAX) throw new IllegalArgumentException("chunkElements 1.." + HELPER_ELEMENTS_MAX);
        if (chunkBytes < 1024 || chunkBytes > 12 << 20) throw new IllegalArgumentException("chunkBytes 1 KiB .. 12 MiB");
    }

    /** {@return for hash sets: 50 000 elements or 4 MiB per command (measured fastest here for hash sets)} */
    public static Bulk defaults() { return new Bulk(50_000, 4 << 20, null); }

    /**
     * For interval sets: the largest chunks the helper takes (200 000 elements, 12 MiB). libnftables
     * reads an interval set's existing elements back for every command (to merge ranges), so the
     * cost of a command grows with the set: measured here, 200 000 /24 prefixes took 40 s in chunks
     * of 50 000 and 15 s in one chunk.
     *
     * @return the settings for interval sets
     */
    public static Bulk intervalSets() { return new Bulk(HELPER_ELEMENTS_MAX, 12 << 20, null); }

    /**
     * The same settings with another number of elements per command.
     *
     * @param n elements per command, 1 … {@link #HELPER_ELEMENTS_MAX}
     * @return the settings
     */
    public Bulk withChunkElements(int n) { return new Bulk(n, chunkBytes, progress); }

    /**
     * The same settings with a progress callback.
     *
     * @param p called after each chunk with the number of elements done so far
     * @return the settings
     */
    public Bulk withProgress(LongConsumer p) { return new Bulk(chunkElements, chunkBytes, p); }

    /** Cuts a stream of values into chunks; {@link #next()} returns null at the end. */
    static final class Chunker {
        private final Iterator<?> source;
        private final Bulk options;

        Chunker(Iterator<?> source, Bulk options) {
            this.source = Objects.requireNonNull(source, "source");
            this.options = options;
        }

        List<Expr> next() {
            if (!source.hasNext()) return null;
            List<Expr> chunk = new ArrayList<>(Math.min(options.chunkElements(), 4096));
            long bytes = 0;
            while (source.hasNext() && chunk.size() < options.chunkElements() && bytes < options.chunkBytes()) {
                Expr e = Values.element(source.next());
                chunk.add(e);
                bytes += estimate(e);
            }
            return chunk;
        }

        /** JSON length estimate: exact for strings and numbers, generous for structured elements. */
        static long estimate(Expr e) {
            return switch (e) {
                case Expr.Str s -> s.value().length() + 3;
                case Expr.Num n -> 21;
                case Expr.Prefix p -> estimate(p.addr()) + 30;
                case Expr.Range r -> estimate(r.low()) + estimate(r.high()) + 14;
                default -> String.valueOf(e.toJson()).length() + 16;
            };
        }
    }
}
