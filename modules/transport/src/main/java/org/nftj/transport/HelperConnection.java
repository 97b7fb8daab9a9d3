package org.nftj.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.nftj.validation.ValidatedBatch;
import tools.jackson.jr.ob.JSON;

/**
 * One running helper process: one writer (callers, serialised by a lock), one reader thread that
 * dispatches responses by id, and a bound on requests in flight.
 *
 * <p>When the helper dies every request in flight fails with {@link HelperCrashedException}; a
 * mutating request that had been written says its outcome is unknown. A connection never
 * restarts itself: {@link Transport} replaces a dead one.
 */
public final class HelperConnection implements AutoCloseable {
    private static final JSON JSON_READER = JSON.std;
    private static final int STDERR_KEEP_BYTES = 4096;

    private final TransportConfig config;
    private final Process process;
    private final OutputStream out;
    private final InputStream in;
    private final Object writeLock = new Object();
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Semaphore permits;
    private final StderrTail stderr;
    private final Hello hello;
    private volatile TransportException death;
    private volatile boolean closing;
    private final Thread reader;

    private record Pending(CompletableFuture<Response> future, boolean mutating) {}

    private HelperConnection(TransportConfig config, Process process) throws TransportException {
        this.config = config;
        this.process = process;
        this.out = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.in = new BufferedInputStream(process.getInputStream(), 1 << 16);
        this.permits = new Semaphore(config.maxInFlight(), true);
        this.stderr = new StderrTail(process.getErrorStream(), STDERR_KEEP_BYTES);
        this.hello = handshake();
        this.reader = Thread.ofPlatform().daemon().name("nftj-helper-reader-" + process.pid()).start(this::readLoop);
    }

    /** Starts the helper by absolute path, with an empty environment and no shell, and shakes hands. */
    public static HelperConnection start(TransportConfig config) throws TransportException {
        ProcessBuilder pb = new ProcessBuilder(List.of(config.helper().toString()));
        pb.environment().clear();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new HelperUnavailableException("cannot start the helper " + config.helper() + ": " + e.getMessage(),
                    "spawn", -1, e);
        }
        try {
            return new HelperConnection(config, p);
        } catch (TransportException | RuntimeException e) {
            p.destroyForcibly();
            throw e;
        }
    }

    public Hello hello() { return hello; }

    public long pid() { return process.pid(); }

    public boolean isAlive() { return death == null && process.isAlive(); }

    /** Requests written but not yet answered. */
    public int inFlight() { return pending.size(); }

    /**
     * Sends a validated request. Never throws: every failure arrives through the future as a
     * {@link TransportException}. Blocks while {@code maxInFlight} requests are outstanding.
     */
    public CompletableFuture<Response> submit(ValidatedBatch batch) {
        CompletableFuture<Response> future = new CompletableFuture<>();
        if (closing) {
            future.completeExceptionally(new HelperUnavailableException("the connection is closing", "closed", -1, null));
            return future;
        }
        try {
            if (!permits.tryAcquire(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                future.completeExceptionally(new RequestTimeoutException(
                        "no slot for the request within " + config.requestTimeout() + " (" + config.maxInFlight()
                                + " requests in flight)", false));
                return future;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.completeExceptionally(new HelperUnavailableException("interrupted while waiting", "interrupted", -1, e));
            return future;
        }
        future.whenComplete((r, t) -> permits.release());
        TransportException dead = death;
        if (dead != null) {
            future.completeExceptionally(dead instanceof HelperCrashedException c
                    ? new HelperCrashedException(c.exitStatus(), false) : dead);
            return future;
        }
        long id = ids.incrementAndGet();
        boolean mutating = batch.mutating() && !batch.dryRun();
        pending.put(id, new Pending(future, mutating));
        try {
            synchronized (writeLock) {
                Frames.write(out, batch.payloadWithId(id));
            }
        } catch (IOException e) {
            // The reader sees the same death and fails everything pending, this request included.
            kill();
        }
        CompletableFuture.delayedExecutor(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS).execute(() -> {
            Pending p = pending.remove(id);
            if (p == null) return;
            // A helper that does not answer in time is stalled or flooded: it is killed, so the
            // requests behind this one fail fast and the next one gets a fresh helper.
            RequestTimeoutException e = new RequestTimeoutException(
                    "no answer within " + config.requestTimeout(), p.mutating());
            if (death == null) death = e;
            p.future().completeExceptionally(e);
            kill();
        });
        return future;
    }

    private Hello handshake() throws TransportException {
        // The handshake is request 1; batches are numbered from 2.
        byte[] helloRequest = "{\"id\":1,\"op\":\"hello\",\"protocol\":1}".getBytes(StandardCharsets.US_ASCII);
        ids.set(1);
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> {
            try {
                synchronized (writeLock) {
                    Frames.write(out, helloRequest);
                }
                return Frames.read(in, config.maxResponseBytes());
            } catch (IOException e) {
                return null;
            }
        }, r -> Thread.ofVirtual().start(r));
        byte[] frame;
        try {
            frame = first.get(config.startTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new HelperUnavailableException("the helper did not answer hello within " + config.startTimeout(),
                    "timeout", -1, e);
        } catch (Exception e) {
            frame = null;
        }
        if (frame == null) {
            int status = exitStatus(2000);
            throw new HelperUnavailableException("the helper ended before its handshake ("
                    + HelperCrashedException.describe(status) + ")" + stderr.suffix(), "exited", status, null);
        }
        Map<String, Object> msg = parse(frame);
        if (!Boolean.TRUE.equals(msg.get("ok"))) {
            Map<?, ?> err = msg.get("error") instanceof Map<?, ?> m ? m : Map.of();
            int status = exitStatus(2000);
            throw new HelperUnavailableException("the helper refused to start: " + err.get("message")
                    + " (" + err.get("reason") + ", exit status " + status + ")", String.valueOf(
                    err.get("reason") != null ? err.get("reason") : err.get("code")), status, null);
        }
        Hello h = HelloParser.parse(msg.get("result"), process.pid());
        if (h.protocol() != 1) {
            throw new HelperUnavailableException("the helper speaks protocol " + h.protocol() + ", we speak 1",
                    "protocol", -1, null);
        }
        if (config.requireLockdown() && !h.sandbox().locked()) {
            throw new HelperUnavailableException("the helper is not locked down: " + h.sandbox()
                    + " (set requireLockdown=false to run anyway)", "not_locked_down", -1, null);
        }
        return h;
    }

    private void readLoop() {
        TransportException cause = null;
        try {
            while (true) {
                byte[] frame = Frames.read(in, config.maxResponseBytes());
                if (frame == null) break;
                Map<String, Object> msg = parse(frame);
                Object idValue = msg.get("id");
                if (!(idValue instanceof Number n)) {
                    throw new HelperProtocolException("a response without an id: " + summary(frame), true, null);
                }
                Pending p = pending.remove(n.longValue());
                if (p == null) {
                    throw new HelperProtocolException("a response for unknown request id " + n, true, null);
                }
                p.future().complete(toResponse(n.longValue(), msg));
            }
        } catch (HelperProtocolException e) {
            cause = e;
        } catch (Frames.BadFrame e) {
            cause = new HelperProtocolException(e.getMessage(), true, e);
        } catch (IOException | RuntimeException e) {
            cause = null; // end of input or a broken pipe: the helper died; its exit status says how
        }
        kill();
        int status = exitStatus(2000);
        TransportException d = death;
        if (d == null) d = cause != null ? cause : new HelperCrashedException(status, false);
        death = d;
        List<Long> ids = new ArrayList<>(pending.keySet());
        for (Long id : ids) {
            Pending p = pending.remove(id);
            if (p == null) continue;
            TransportException e = d instanceof HelperProtocolException pe
                    ? new HelperProtocolException(pe.getMessage(), p.mutating(), pe)
                    : new HelperCrashedException(status, p.mutating());
            p.future().completeExceptionally(e);
        }
    }

    private Map<String, Object> parse(byte[] frame) throws HelperProtocolException {
        try {
            Object tree = JSON_READER.anyFrom(frame);
            if (tree instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) m;
                return map;
            }
        } catch (RuntimeException e) {
            throw new HelperProtocolException("malformed response: " + summary(frame), true, e);
        }
        throw new HelperProtocolException("a response that is not a JSON object: " + summary(frame), true, null);
    }

    private static Response toResponse(long id, Map<String, Object> msg) throws HelperProtocolException {
        if (Boolean.TRUE.equals(msg.get("ok"))) {
            if (!(msg.get("result") instanceof Map<?, ?> r)) {
                throw new HelperProtocolException("a success response without a result object", true, null);
            }
            @SuppressWarnings("unchecked") Map<String, Object> result = (Map<String, Object>) r;
            return new Response(id, result, null);
        }
        if (!(msg.get("error") instanceof Map<?, ?> e) || !(e.get("code") instanceof String code)) {
            throw new HelperProtocolException("a failure response without an error code", true, null);
        }
        int command = e.get("command") instanceof Number c ? c.intValue() : -1;
        String path = e.get("path") instanceof String s ? s : "";
        String message = e.get("message") instanceof String s ? s : "";
        return new Response(id, null, new HelperError(code, message, command, path, Boolean.TRUE.equals(e.get("applied"))));
    }

    private static String summary(byte[] frame) {
        int n = Math.min(frame.length, 120);
        return new String(frame, 0, n, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "?")
                + (frame.length > n ? "..." : "");
    }

    private int exitStatus(long waitMillis) {
        try {
            if (process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return -1;
    }

    private void kill() {
        process.destroyForcibly();
    }

    /** The helper's stderr line, if it wrote one (for error messages). */
    public String stderrTail() { return stderr.text(); }

    /**
     * Stops accepting requests, waits up to {@code deadline} for those in flight, then closes the
     * helper's stdin (a clean exit 0) and, if it is still running, kills it.
     */
    public void close(java.time.Duration deadline) {
        closing = true;
        long end = System.nanoTime() + deadline.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < end && isAlive()) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            synchronized (writeLock) {
                out.close();
            }
        } catch (IOException ignored) {
            // the helper is gone already; it is killed below if need be
        }
        long left = Math.max(0, end - System.nanoTime());
        if (exitStatus(Math.max(100, TimeUnit.NANOSECONDS.toMillis(left))) < 0) kill();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() { close(java.time.Duration.ofSeconds(5)); }

    /** Keeps the last bytes the helper wrote to stderr, read by a daemon thread so the pipe never fills. */
    private static final class StderrTail {
        private final byte[] keep;
        private int length;

        StderrTail(InputStream err, int bytes) {
            keep = new byte[bytes];
            Thread.ofPlatform().daemon().name("nftj-helper-stderr").start(() -> {
                byte[] buf = new byte[1024];
                try (err) {
                    for (int n; (n = err.read(buf)) > 0; ) append(buf, n);
                } catch (IOException ignored) {
                    // the helper is gone
                }
            });
        }

        private synchronized void append(byte[] buf, int n) {
            int take = Math.min(n, keep.length - length);
            System.arraycopy(buf, 0, keep, length, take);
            length += take;
        }

        synchronized String text() {
            return new String(keep, 0, length, StandardCharsets.UTF_8).strip().replaceAll("\\p{Cntrl}", " ");
        }

        String suffix() {
            try {
                Thread.sleep(20); // let the last line arrive
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String t = text();
            return t.isEmpty() ? "" : ": " + t;
        }
    }
}
