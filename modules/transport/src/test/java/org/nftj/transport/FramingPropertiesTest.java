package org.nftj.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.Validator;

/** Framing properties: any sizes, any split points, many frames per read, both directions. */
class FramingPropertiesTest {

    /** An input stream that hands out its bytes in chunks of random size (1 byte up to many frames). */
    static final class ChoppyStream extends InputStream {
        private final byte[] data;
        private final Random random;
        private int at;

        ChoppyStream(byte[] data, long seed) {
            this.data = data;
            this.random = new Random(seed);
        }

        @Override
        public int read() {
            return at < data.length ? data[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (at >= data.length) return -1;
            int n = Math.min(Math.min(len, data.length - at), 1 + random.nextInt(random.nextBoolean() ? 3 : 100_000));
            System.arraycopy(data, at, b, off, n);
            at += n;
            return n;
        }
    }

    @Property(tries = 200)
    void framesSurviveAnySplit(@ForAll @Size(min = 1, max = 20) List<@IntRange(min = 1, max = 70_000) Integer> sizes,
                               @ForAll long seed) throws IOException {
        Random r = new Random(seed);
        List<byte[]> payloads = new ArrayList<>();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int n : sizes) {
            byte[] p = new byte[n];
            r.nextBytes(p);
            payloads.add(p);
            Frames.write(wire, p);
        }
        InputStream in = new ChoppyStream(wire.toByteArray(), seed);
        for (byte[] expected : payloads) assertArrayEquals(expected, Frames.read(in, 1 << 20));
        assertNull(Frames.read(in, 1 << 20), "end of input between frames is a clean end");
    }

    @Property(tries = 100)
    void truncationAnywhereIsAnError(@ForAll @IntRange(min = 1, max = 5000) int size, @ForAll long seed) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Frames.write(wire, new byte[size]);
        byte[] all = wire.toByteArray();
        int cut = 1 + new Random(seed).nextInt(all.length - 1);
        InputStream in = new ChoppyStream(Arrays.copyOf(all, cut), seed);
        assertThrows(EOFException.class, () -> Frames.read(in, 1 << 20));
    }

    @Property(tries = 50)
    void forbiddenLengthsAreRefusedBeforeAllocation(@ForAll @IntRange(min = 0, max = 255) int top) {
        int max = 1 << 20;
        byte[] header = {(byte) top, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        long n = ((long) top << 24) | 0xffffffL;
        InputStream in = new ChoppyStream(header, top); // no body at all: a refusal must not wait for one
        if (n > max) assertThrows(Frames.BadFrame.class, () -> Frames.read(in, max));
        assertThrows(Frames.BadFrame.class, () -> Frames.read(new ChoppyStream(new byte[4], 1), max), "length 0");
    }

    /**
     * Through a whole connection: callers on several threads submit requests of random sizes; the
     * helper answers groups out of order with the bytes cut at random points. Every caller gets
     * exactly the answer to its own request.
     */
    @Property(tries = 25)
    void everyCallerGetsItsOwnAnswer(@ForAll @IntRange(min = 1, max = 8) int threads,
                                     @ForAll @IntRange(min = 1, max = 30) int perThread,
                                     @ForAll @IntRange(min = 1, max = 64) int maxInFlight,
                                     @ForAll long seed) throws Exception {
        TransportConfig config = TransportConfig.defaults(Path.of("/in-process"))
                .withMaxInFlight(maxInFlight).withRequestTimeout(Duration.ofSeconds(20));
        try (HelperConnection c = HelperConnection.over(config, new InProcessHelper(seed), e -> { })) {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                all.add(CompletableFuture.runAsync(() -> {
                    Random r = new Random(seed + thread);
                    for (int i = 0; i < perThread; i++) {
                        String marker = "m_t" + thread + "_i" + i + "_end";
                        Response resp = c.submit(batch(marker, r.nextInt(r.nextBoolean() ? 3 : 300)))
                                .orTimeout(20, TimeUnit.SECONDS).join();
                        @SuppressWarnings("unchecked")
                        Map<String, Object> echo = (Map<String, Object>) resp.result().get("echo");
                        assertEquals(resp.id(), ((Number) echo.get("id")).longValue(), "answer matches its id");
                        assertTrue(echo.toString().contains(marker), "my own answer");
                    }
                }, r -> Thread.ofPlatform().start(r)));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertEquals(0, c.inFlight());
        }
    }

    /** A table named {@code name} and {@code chains} chains in it: a request of a chosen size. */
    static ValidatedBatch batch(String name, int chains) {
        List<Map<String, Object>> commands = new ArrayList<>();
        commands.add(Map.of("add", Map.of("table", Map.of("family", "inet", "name", name))));
        for (int k = 0; k < chains; k++) {
            commands.add(Map.of("add", Map.of("chain", Map.of("family", "inet", "table", name, "name", "c" + k))));
        }
        try {
            return Validator.nft(commands, false, false);
        } catch (org.nftj.validation.ValidationException e) {
            throw new AssertionError(e);
        }
    }
}
