package org.nftj.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nftj.testkit.KernelTest;
import org.nftj.testkit.NetnsHelper;
import tools.jackson.jr.ob.JSON;

/**
 * Bad inputs from the Java side: every shared request vector (test-vectors/requests) is written as
 * raw bytes to the real helper, installed like a deployment in a throwaway network namespace,
 * exactly as a compromised JVM could write them. Refusals must carry the vector's code and leave
 * the helper serving; framing violations must end the helper with the documented exit status;
 * accepted requests must pass validation and policy (the kernel may still answer not_found or
 * exists, which depends on what earlier vectors created).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@KernelTest
class RealHelperVectorsTest {
    private static final Set<String> KERNEL_STATE = Set.of("not_found", "exists", "nft_failed");
    private static final JSON WRITER = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    record Vector(String name, byte[] bytes, boolean framed, boolean ok, String code, int exit) {}

    static Path vectorsDirectory() {
        String override = System.getProperty("nftj.vectors.dir", "");
        if (!override.isBlank()) return Path.of(override);
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("test-vectors/requests"))) return p.resolve("test-vectors/requests");
        }
        throw new IllegalStateException("test-vectors/requests not found");
    }

    static List<Vector> vectors() throws IOException {
        List<Vector> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(vectorsDirectory())) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                Map<String, Object> v = JSON.std.mapFrom(Files.readString(f));
                if (Boolean.TRUE.equals(v.get("helperOnly"))) continue; // needs the helper's own harness (rate, sequences)
                Map<?, ?> expect = (Map<?, ?>) v.get("expect");
                boolean ok = Boolean.TRUE.equals(expect.get("ok"));
                String code = (String) expect.get("code");
                int exit = expect.get("exit") instanceof Number n ? n.intValue() : -1;
                String name = f.getFileName().toString();
                if (v.containsKey("stream_hex")) {
                    out.add(new Vector(name, HexFormat.of().parseHex((String) v.get("stream_hex")), false, ok, code, exit));
                } else if (v.containsKey("frame")) {
                    out.add(new Vector(name, WRITER.asBytes(v.get("frame")), true, ok, code, exit));
                } else if (v.containsKey("frame_text")) {
                    out.add(new Vector(name, ((String) v.get("frame_text")).getBytes(StandardCharsets.UTF_8), true, ok, code, exit));
                } else if (v.containsKey("frame_hex")) {
                    out.add(new Vector(name, HexFormat.of().parseHex((String) v.get("frame_hex")), true, ok, code, exit));
                }
            }
        }
        return out;
    }

    /** One helper process over raw pipes. */
    static final class RawHelper implements AutoCloseable {
        final HelperProcess process;
        final OutputStream in;
        final InputStream out;
        final java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();

        RawHelper(Path launcher) throws IOException {
            process = HelperProcess.spawn(launcher);
            in = process.stdin();
            out = process.stdout();
            Thread.ofPlatform().daemon().start(() -> {
                try (InputStream err = process.stderr()) {
                    byte[] buf = new byte[4096];
                    for (int n; (n = err.read(buf)) > 0; ) {
                        synchronized (stderr) {
                            if (stderr.size() < 8192) stderr.write(buf, 0, n);
                        }
                    }
                } catch (IOException ignored) {
                    // gone
                }
            });
            Map<String, Object> hello = send("{\"id\":1,\"op\":\"hello\",\"protocol\":1}".getBytes(StandardCharsets.US_ASCII));
            if (!Boolean.TRUE.equals(hello.get("ok"))) throw new IllegalStateException("helper refused to start: " + hello);
        }

        Map<String, Object> send(byte[] payload) throws IOException {
            Frames.write(in, payload);
            return read();
        }

        Map<String, Object> read() throws IOException {
            byte[] frame = Frames.read(out, TransportConfig.DEFAULT_MAX_RESPONSE_BYTES);
            return frame == null ? null : JSON.std.mapFrom(frame);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // gone
            }
            if (process.waitFor(2000) < 0) process.kill();
        }
    }

    @Test
    void everyVectorGetsTheHelpersAnswerAsRawBytes() throws Exception {
        List<Vector> all = vectors();
        assertTrue(all.size() >= 40, "only " + all.size() + " vectors");
        List<String> mismatches = new ArrayList<>();
        int framed = 0, streams = 0;
        try (NetnsHelper h = NetnsHelper.create()) {
            RawHelper helper = new RawHelper(h.helperPath());
            try {
                for (Vector v : all) {
                    if (!v.framed()) continue;
                    framed++;
                    Map<String, Object> answer;
                    try {
                        answer = helper.send(v.bytes());
                    } catch (IOException e) {
                        answer = null;
                    }
                    if (answer == null) {
                        int status = helper.process.waitFor(2000);
                        Thread.sleep(100);
                        String err;
                        synchronized (helper.stderr) {
                            err = helper.stderr.toString(StandardCharsets.UTF_8);
                        }
                        mismatches.add(v.name() + ": the helper died (status " + status + "): " + err.strip());
                        helper.close();
                        helper = new RawHelper(h.helperPath());
                        continue;
                    }
                    boolean ok = Boolean.TRUE.equals(answer.get("ok"));
                    Object code = answer.get("error") instanceof Map<?, ?> e ? e.get("code") : null;
                    boolean matches = v.ok() ? ok || KERNEL_STATE.contains(code) : !ok && (v.code() == null || v.code().equals(code));
                    if (!matches) mismatches.add(v.name() + ": expected " + (v.ok() ? "ok" : v.code()) + ", got " + answer);
                }
                // after all that, the same helper still serves
                assertEquals(Boolean.TRUE, helper.send("{\"id\":99,\"op\":\"hello\",\"protocol\":1}".getBytes(StandardCharsets.US_ASCII)).get("ok"));
            } finally {
                helper.close();
            }
            for (Vector v : all) {
                if (v.framed()) continue;
                streams++;
                try (RawHelper raw = new RawHelper(h.helperPath())) {
                    raw.in.write(v.bytes());
                    raw.in.close();
                    Map<String, Object> last = raw.read();
                    int status = raw.process.waitFor(5000);
                    Object code = last != null && last.get("error") instanceof Map<?, ?> e ? e.get("code") : null;
                    if (v.exit() >= 0 && status != v.exit()) mismatches.add(v.name() + ": exit " + status + ", expected " + v.exit());
                    if (v.code() != null && last != null && !v.code().equals(code)) {
                        mismatches.add(v.name() + ": final frame " + last + ", expected " + v.code());
                    }
                }
            }
        }
        assertFalse(framed == 0, "no framed vectors");
        assertEquals(List.of(), mismatches, framed + " framed and " + streams + " stream vectors");
    }
}
