package org.nftj.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.nftj.validation.ValidatedBatch;
import tools.jackson.jr.ob.JSON;

/**
 * One running helper process, pipelined. A caller takes one of {@code maxInFlight} slots (waiting
 * for one is the back-pressure), registers its request under a fresh id and hands it to a bounded
 * queue; one writer thread writes frames in order; one reader thread reads answers and completes
 * each caller's future by id. Two fast paths save thread wake-ups, which cost tens of
 * microseconds each on a small VM: a caller writes its frame itself while the bytes written and
 * not yet answered, plus its frame, fit in one page (so the write cannot block; see
 * writeDirectly), and a caller whose request is the only one in flight spins briefly for its
 * answer before parking (200 µs).
 *
 * <p>Failure rules, all of which fail every affected request with a typed {@link TransportException}:
 * <ul>
 *   <li>The helper exits, is killed or closes its output: every request in flight fails with
 *       a {@link TransportException.Kind#CRASHED} failure carrying the exit status (SIGSYS is named a sandbox
 *       violation); a mutating request that had been written says its outcome is unknown.</li>
 *   <li>A request gets no answer within its timeout: it fails with {@link TransportException.Kind#TIMEOUT}
 *       and the helper is killed. The helper answers in order, so a stalled helper would hold every
 *       request behind it; killing it is the only way to get the pipe back. The writer thread, which
 *       may be blocked on a full pipe, is released by the same kill: no caller ever blocks on a
 *       write.</li>
 *   <li>The helper sends something that is not a valid answer (bad length, not JSON, unknown id,
 *       a flood of unrequested frames): {@link TransportException.Kind#PROTOCOL}, and the helper is killed.
 *       Frame lengths are checked before allocation, so a compromised helper cannot make the JVM
 *       allocate more than {@code maxResponseBytes} per frame; its stderr is drained and only
 *       its first {@value #STDERR_KEEP_BYTES} bytes are kept.</li>
 * </ul>
 * A connection never restarts itself: {@link Transport} replaces a dead one.
 */
public final class HelperConnection implements AutoCloseable {
    private static final int STDERR_KEEP_BYTES = 4096;
    /**
     * The most bytes written and not yet answered, a caller's own frame included, for the caller to
     * write that frame itself: one page, the least a Linux pipe holds (a user over
     * pipe-user-pages-soft gets one-page pipes), so that its write cannot block (see writeDirectly).
     */
    static final int DIRECT_FRAME_BYTES_MAX = 4096;
    private static final long EXIT_WAIT_MILLIS = 2000;
    private static final ScheduledThreadPoolExecutor TIMERS = timers();

    private final TransportConfig config;
    private final HelperProcess process;
    private final Consumer<TransportEvent> events;
    private final OutputStream out;
    private final InputStream in;
    private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
    private final ArrayBlockingQueue<Pending> queue;
    private final Semaphore slots;
    private final AtomicLong ids = new AtomicLong(1); // 1 is the handshake
    private final StderrTail stderr;
    private final Hello hello;
    private final AtomicReference<Death> death = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean finalized;
    private volatile boolean closing;
    private volatile int exitStatus = -1;
    private final Thread reader;
    private final Thread writer;
    /** Serialises frames on the helper's stdin: the writer thread's and the callers' (see writeDirectly). */
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Bytes of frames written and not yet answered: added under writeLock, taken off as answers arrive. */
    private final AtomicLong unansweredBytes = new AtomicLong();

    /** A request between submission and answer. */
    private static final class Pending {
        final long id;
        /** The request's frames: one, or the parts of a request larger than a frame. */
        final List<byte[]> payloads;
        /** Bytes of all its frames, headers included. */
        final long bytes;
        final boolean mutating;
        final CompletableFuture<Response> future;
        /** Streamed answers: takes every frame marked "more" (on the reader thread); else null. */
        final Consumer<Response> partial;
        volatile boolean written;
        volatile ScheduledFuture<?> timer;
        /** What the partial consumer threw: the rest of the answer is read and dropped, then this fails the request. */
        RuntimeException partialFailure;

        Pending(long id, List<byte[]> payloads, boolean mutating, CompletableFuture<Response> future, Consumer<Response> partial) {
            this.future = future;
            this.id = id;
            this.payloads = payloads;
            this.bytes = payloads.stream().mapToLong(p -> Frames.HEADER_BYTES + p.length).sum();
            this.mutating = mutating;
            this.partial = partial;
        }
    }

    /**
     * How long a lone caller spins for its answer before it parks. A parked caller is woken by the
     * reader thread, which costs a thread wake-up per request; a request that is the only one in
     * flight usually comes back within this time (one-element changes take ~0.1 ms), and no other
     * caller needs the CPU meanwhile. With other requests in flight nobody spins.
     */
    static final long SPIN_NANOS = 200_000;

    /** A caller's answer; {@link #get()} spins briefly first when its request is alone in flight. */
    private final class Answer extends CompletableFuture<Response> {
        @Override
        public Response get() throws InterruptedException, ExecutionException {
            spinIfAlone();
            return super.get();
        }

        @Override
        public Response get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            spinIfAlone();
            return super.get(timeout, unit);
        }

        @Override
        public Response join() {
            spinIfAlone();
            return super.join();
        }

        private void spinIfAlone() {
            if (isDone() || pending.size() > 1) return;
            long end = System.nanoTime() + SPIN_NANOS;
            while (!isDone() && pending.size() <= 1 && System.nanoTime() - end < 0) Thread.onSpinWait();
        }
    }

    /** Why the connection ended; the first cause wins. */
    private record Death(String reason, String detail) {}

    private static final Pending STOP = new Pending(0, List.of(), false, new CompletableFuture<>(), null);

    private HelperConnection(TransportConfig config, HelperProcess process, Consumer<TransportEvent> events)
            throws TransportException {
        this.config = config;
        this.process = process;
        this.events = events;
        this.out = new BufferedOutputStream(process.stdin(), 1 << 16);
        this.in = new BufferedInputStream(process.stdout(), 1 << 16);
        this.slots = new Semaphore(config.maxInFlight(), true);
        this.queue = new ArrayBlockingQueue<>(config.maxInFlight() + 1);
        this.stderr = new StderrTail(process.stderr(), STDERR_KEEP_BYTES, process.pid());
        this.hello = handshake();
        this.reader = Thread.ofPlatform().daemon().name("nftj-helper-reader-" + process.pid()).start(this::readLoop);
        this.writer = Thread.ofPlatform().daemon().name("nftj-helper-writer-" + process.pid()).start(this::writeLoop);
    }

    /**
     * Starts the helper by absolute path, with an empty environment and no shell, and shakes hands.
     *
     * @param config the helper's path, timeouts and limits
     * @return a connection whose handshake passed, with its reader and writer threads running
     * @throws TransportException {@link TransportException.Kind#UNAVAILABLE} when the helper cannot
     *         be started, refuses to start, misses the start timeout or fails the handshake (the
     *         process is killed then)
     */
    public static HelperConnection start(TransportConfig config) throws TransportException {
        return start(config, e -> { });
    }

    /**
     * As {@link #start(TransportConfig)}, publishing deaths and lockdown warnings to {@code events}.
     *
     * @param config the helper's path, timeouts and limits
     * @param events told of the helper's start, death and missing lockdown, on the connection's
     *        threads; it must be quick and must not call back into the connection
     * @return a connection whose handshake passed
     * @throws TransportException as {@link #start(TransportConfig)}
     */
    public static HelperConnection start(TransportConfig config, Consumer<TransportEvent> events)
            throws TransportException {
        HelperProcess p;
        try {
            p = HelperProcess.spawn(config.helper());
        } catch (IOException e) {
            throw TransportException.unavailable("cannot start the helper " + config.helper() + ": " + e.getMessage(),
                    spawnFailure(config.helper()), -1, e);
        }
        return over(config, p, events);
    }

    /**
     * Why the helper could not be spawned, read from the file itself rather than from the
     * exception's words: missing, not executable by this user, or something else.
     */
    static TransportException.Reason spawnFailure(Path helper) {
        if (!Files.exists(helper)) return TransportException.Reason.NO_SUCH_FILE;
        if (!Files.isExecutable(helper)) return TransportException.Reason.PERMISSION_DENIED;
        return TransportException.Reason.SPAWN;
    }

    /** The connection over an already started process (tests use in-process pipes). */
    static HelperConnection over(TransportConfig config, HelperProcess p, Consumer<TransportEvent> events)
            throws TransportException {
        try {
            return new HelperConnection(config, p, Objects.requireNonNull(events));
        } catch (TransportException | RuntimeException e) {
            p.kill();
            throw e;
        }
    }

    /** {@return what the helper said in its handshake} */
    public Hello hello() { return hello; }

    /** {@return the helper's process id (in the JVM's pid namespace)} */
    public long pid() { return process.pid(); }

    /** {@return false once the connection has seen its helper die, time out or misbehave, or has been closed} */
    public boolean isAlive() { return death.get() == null && !closing && process.isAlive(); }

    /**
     * Cheap check for the transport's fast path: no death seen, not closing, and the process not
     * known to have exited. The last part matters right after a helper dies: the JDK's reaper
     * may know before the reader has seen the end of the pipe, and a request handed to a dead
     * helper would fail (as "outcome unknown") where a fresh helper would have served it.
     * Process.isAlive() reads a field the reaper sets; it costs no system call.
     */
    boolean usable() { return death.get() == null && !closing && process.isAlive(); }

    /** {@return how many requests were sent to this helper so far (the handshake not counted)} */
    public long requests() { return ids.get() - 1; }

    /** {@return how many requests were submitted but not yet answered, at most {@code maxInFlight}} */
    public int inFlight() { return pending.size(); }

    /** Waits (up to 5 s) for the helper to exit and returns its status, or -1. */
    int waitExit() { return process.waitFor(5000); }

    /** {@return the helper's exit status once it has ended (0–255, 128+N after signal N), else -1} */
    public int exitStatus() { return exitStatus; }

    /**
     * Sends a validated request. Never throws: every failure arrives through the future as a
     * {@link TransportException}. Waits (at most the request timeout) while {@code maxInFlight}
     * requests are outstanding.
     *
     * @param batch the request; sent in several frames when larger than the helper's {@code frameMax}
     * @return the answer, completed on the reader thread; or failed with a {@link TransportException}
     *         ({@link TransportException.Kind#UNAVAILABLE} with {@link TransportException.Reason#CONNECTION_ENDED}
     *         when this connection has ended and nothing was sent)
     */
    public CompletableFuture<Response> submit(ValidatedBatch batch) {
        CompletableFuture<Response> f = trySubmit(batch, System.nanoTime() + config.requestTimeout().toNanos());
        if (f != null) return f;
        Death d = death.get();
        return CompletableFuture.failedFuture(TransportException.unavailable(
                "the connection to helper " + pid() + " has ended" + (d == null ? "" : " (" + d.detail() + ")")
                        + "; the request was not sent", TransportException.Reason.CONNECTION_ENDED, exitStatus, null));
    }

    /**
     * Submits unless the connection has ended: then returns null and nothing was sent, so the
     * caller may safely try again on a fresh connection.
     */
    CompletableFuture<Response> trySubmit(ValidatedBatch batch, long deadlineNanos) {
        return trySubmit(batch, deadlineNanos, null);
    }

    /**
     * As {@link #trySubmit(ValidatedBatch, long)}, for a request whose answer may come as several
     * frames: each frame marked {@code "more"} goes to {@code partial} on the reader thread (a slow
     * consumer holds the reader, the pipe fills, and the helper waits: that is the flow control),
     * the last completes the future. The request's timeout restarts with every frame and is held
     * while {@code partial} runs.
     */
    CompletableFuture<Response> trySubmit(ValidatedBatch batch, long deadlineNanos, Consumer<Response> partial) {
        if (closing || death.get() != null) return null;
        long id = ids.incrementAndGet();
        // A request larger than a frame goes in several (docs/protocol.md, "Requests larger than a frame").
        if (hello.requestMax() > 0 && batch.bodyLength() > hello.requestMax()) {
            return CompletableFuture.failedFuture(TransportException.tooLarge("the request is " + batch.bodyLength()
                    + " bytes; the helper takes requests of at most " + hello.requestMax() + " bytes ("
                    + (hello.requestMax() >> 20) + " MiB) as one transaction", hello.requestMax()));
        }
        List<byte[]> payloads = batch.framesWithId(id, hello.frameMax());
        if (payloads == null) {
            return CompletableFuture.failedFuture(TransportException.tooLarge("a command of the request is larger than "
                    + "the helper's frames of at most " + hello.frameMax() + " bytes; split its elements into several commands",
                    hello.frameMax()));
        }
        long wait = deadlineNanos - System.nanoTime();
        try {
            if (!slots.tryAcquire(Math.max(0, wait), TimeUnit.NANOSECONDS)) {
                return CompletableFuture.failedFuture(TransportException.timeout("no free slot within "
                        + config.requestTimeout() + ": " + config.maxInFlight() + " requests were in flight", false));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(TransportException.unavailable(
                    "interrupted while waiting for a free slot; the request was not sent",
                    TransportException.Reason.INTERRUPTED, -1, e));
        }
        Pending p = new Pending(id, payloads, batch.mutating() && !batch.dryRun(), new Answer(), partial);
        p.future.whenComplete((r, t) -> {
            slots.release();
            ScheduledFuture<?> timer = p.timer;
            if (timer != null) timer.cancel(false);
        });
        pending.put(id, p);
        boolean ended = finalized || death.get() != null || closing;
        if (ended || !(writeDirectly(p) || queue.offer(p))) {
            // Ended while we waited for a slot: unless the writer already took it, nothing was sent.
            if (pending.remove(id) != null && !p.written) {
                p.future.cancel(false);
                return null;
            }
            return p.future;
        }
        long left = Math.max(0, deadlineNanos - System.nanoTime());
        p.timer = TIMERS.schedule(() -> timedOut(p), left, TimeUnit.NANOSECONDS);
        if (p.future.isDone()) p.timer.cancel(false);
        return p.future;
    }

    /**
     * The callers' fast path: a caller writes its own frame instead of handing it to the writer
     * thread (a thread wake-up, tens of microseconds on a small VM, per request) when the bytes
     * written and not yet answered, plus this frame, fit in one page — the least a Linux pipe holds
     * (a user over pipe-user-pages-soft gets one-page pipes). The helper has read at least every
     * answered frame, so the pipe holds at most those unanswered bytes and the write cannot block:
     * no caller ever blocks on a write. Anything else goes through the writer thread.
     */
    private boolean writeDirectly(Pending p) {
        long bytes = p.bytes;
        if (bytes + unansweredBytes.get() > DIRECT_FRAME_BYTES_MAX || !writeLock.tryLock()) return false;
        try {
            if (closing || death.get() != null || bytes + unansweredBytes.get() > DIRECT_FRAME_BYTES_MAX) return false;
            write(p);
            out.flush();
        } catch (IOException e) {
            die("write_failed", "writing to the helper failed: " + e.getMessage());
        } finally {
            writeLock.unlock();
        }
        return true;
    }

    /**
     * Writes a request's frames (not flushed); the caller holds writeLock, so the parts of a request
     * larger than a frame are never interleaved with other frames. The answer may come before the
     * last part is written (a refusal of the whole); the parts are written all the same.
     */
    private void write(Pending p) throws IOException {
        p.written = true;
        unansweredBytes.addAndGet(p.bytes);
        for (byte[] payload : p.payloads) {
            Frames.writeHeader(out, payload.length);
            out.write(payload);
        }
    }

    private void timedOut(Pending p) {
        if (pending.remove(p.id) == null) return;
        die("timeout", "request " + p.id + " got no answer within " + config.requestTimeout()
                + "; the helper was stopped");
        p.future.completeExceptionally(TransportException.timeout("no answer within " + config.requestTimeout()
                + " (the helper was stopped and will be restarted)"
                + (p.mutating && p.written ? TransportException.OUTCOME_UNKNOWN : ""),
                p.mutating && p.written));
    }

    private Hello handshake() throws TransportException {
        byte[] helloRequest = "{\"id\":1,\"op\":\"hello\",\"protocol\":1}".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<byte[]> first = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("nftj-helper-handshake").start(() -> {
            Exception writeFailed = null;
            try {
                Frames.write(out, helloRequest);
            } catch (IOException | RuntimeException e) {
                // A helper that refused to start may have exited before reading: its answer still waits.
                writeFailed = e;
            }
            try {
                byte[] answer = Frames.read(in, config.maxResponseBytes());
                if (answer == null && writeFailed != null) first.completeExceptionally(writeFailed);
                else first.complete(answer);
            } catch (IOException | RuntimeException e) {
                first.completeExceptionally(writeFailed != null ? writeFailed : e);
            }
        });
        byte[] frame;
        try {
            frame = first.get(config.startTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            process.kill();
            throw TransportException.unavailable("the helper did not answer hello within " + config.startTimeout()
                    + stderr.suffix(), TransportException.Reason.TIMEOUT, process.waitFor(EXIT_WAIT_MILLIS), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransportException.unavailable("interrupted during the handshake", TransportException.Reason.INTERRUPTED, -1, e);
        } catch (ExecutionException e) {
            frame = null;
            if (e.getCause() instanceof Frames.BadFrame bad) {
                throw TransportException.unavailable("the helper's handshake answer is not a valid frame: "
                        + bad.getMessage(), TransportException.Reason.PROTOCOL, -1, bad);
            }
        }
        if (frame == null) {
            int status = process.waitFor(EXIT_WAIT_MILLIS);
            // Its exit status names the startup check that failed (docs/protocol.md), if one did.
            throw TransportException.unavailable("the helper ended before its handshake ("
                    + TransportException.describe(status) + ")" + stderr.suffix(),
                    TransportException.Reason.ofExitStatus(status), status, null);
        }
        Map<String, Object> msg;
        try {
            msg = parse(frame);
        } catch (TransportException e) {
            throw TransportException.unavailable("the helper's handshake answer is not JSON: " + e.getMessage(),
                    TransportException.Reason.PROTOCOL, -1, e);
        }
        if (!Boolean.TRUE.equals(msg.get("ok"))) {
            Map<?, ?> err = msg.get("error") instanceof Map<?, ?> m ? m : Map.of();
            int status = process.waitFor(EXIT_WAIT_MILLIS);
            Object reason = err.get("reason") != null ? err.get("reason") : err.get("code");
            String said = printable(String.valueOf(err.get("message")));
            throw TransportException.refused("the helper refused to start: " + said
                    + " (" + printable(String.valueOf(reason)) + ", " + TransportException.describe(status) + ")",
                    TransportException.Reason.ofStartupAnswer(String.valueOf(reason)), said, status, null);
        }
        if (!(msg.get("id") instanceof Number n) || n.longValue() != 1) {
            throw TransportException.unavailable("the helper answered hello with id " + printable(String.valueOf(msg.get("id")))
                    + " instead of 1", TransportException.Reason.PROTOCOL, -1, null);
        }
        Hello h;
        try {
            h = HelloParser.parse(msg.get("result"), process.pid());
        } catch (TransportException e) {
            throw TransportException.unavailable("the helper's handshake answer is not a hello: " + e.getMessage(),
                    TransportException.Reason.PROTOCOL, -1, e);
        }
        if (h.protocol() != 1) {
            throw TransportException.unavailable("the helper speaks protocol " + h.protocol() + "; this client speaks 1",
                    TransportException.Reason.PROTOCOL, -1, null);
        }
        if (!h.sandbox().locked()) {
            if (config.lockdown() == LockdownMode.REQUIRE) {
                throw TransportException.unavailable("the helper is not locked down: " + h.sandbox()
                        + " (LockdownMode.WARN runs it anyway)", TransportException.Reason.NOT_LOCKED_DOWN, -1, null);
            }
            publish(new TransportEvent.LockdownMissing(process.pid(), h.sandbox()));
        }
        return h;
    }

    private void writeLoop() {
        try {
            while (true) {
                Pending p = queue.take();
                writeLock.lock();
                try {
                    if (p == STOP) {
                        out.flush();
                        out.close(); // end of input between frames: the helper exits 0
                        return;
                    }
                    if (p.future.isDone()) continue; // timed out or failed before its turn: never sent
                    write(p);
                    // Flush only when nothing else is waiting: pipelined requests share one write.
                    if (queue.isEmpty()) out.flush();
                } finally {
                    writeLock.unlock();
                }
            }
        } catch (IOException e) {
            die("write_failed", "writing to the helper failed: " + e.getMessage());
        } catch (InterruptedException e) {
            // the connection ended; the reader fails whatever is pending
        }
    }

    private void readLoop() {
        try {
            while (true) {
                byte[] frame = Frames.read(in, config.maxResponseBytes());
                if (frame == null) {
                    die("exited", "the helper closed its output");
                    break;
                }
                if (!dispatch(frame)) break;
            }
        } catch (Frames.BadFrame e) {
            die("protocol_violation", "the helper broke the framing: " + e.getMessage());
        } catch (TransportException e) {
            die("protocol_violation", e.getMessage());
        } catch (IOException e) {
            die("exited", "reading from the helper failed: " + e.getMessage());
        } catch (RuntimeException e) {
            die("protocol_violation", "unreadable answer: " + e);
        } finally {
            finish();
        }
    }

    /** Completes the request a frame answers. Returns false after the helper's final (id null) error frame. */
    private boolean dispatch(byte[] frame) throws TransportException {
        Map<String, Object> msg = parse(frame);
        Object rawId = msg.get("id");
        if (rawId == null) {
            Map<?, ?> e = msg.get("error") instanceof Map<?, ?> m ? m : Map.of();
            die("helper_error", "the helper reported a fatal error: " + printable(String.valueOf(e.get("code"))) + ": "
                    + printable(String.valueOf(e.get("message"))));
            return false;
        }
        if (!(rawId instanceof Number n) || (n instanceof Double) || n.longValue() < 2) {
            throw TransportException.protocol("an answer with an invalid id: " + summary(frame), true, null);
        }
        if (Boolean.TRUE.equals(msg.get("more"))) return partial(n.longValue(), msg, frame);
        Pending p = pending.remove(n.longValue());
        if (p == null) {
            throw TransportException.protocol("an answer to request " + n + ", which is not in flight: "
                    + summary(frame), true, null);
        }
        unansweredBytes.addAndGet(-p.bytes); // answered, so it was written (or is being written)
        Response r;
        try {
            r = response(p.id, msg, frame);
        } catch (TransportException e) {
            p.future.completeExceptionally(TransportException.protocol(e.getMessage(), p.mutating, null));
            throw e;
        }
        if (p.partialFailure != null) {
            p.future.completeExceptionally(p.partialFailure);
        } else {
            p.future.complete(r);
        }
        return true;
    }

    /** A frame of a streamed answer that others follow: handed to the request's consumer. */
    private boolean partial(long id, Map<String, Object> msg, byte[] frame) throws TransportException {
        Pending p = pending.get(id);
        if (p == null || p.partial == null) {
            throw TransportException.protocol("a partial answer to request " + id + ", which did not ask for one: "
                    + summary(frame), true, null);
        }
        Response r = response(p.id, msg, frame);
        if (!r.ok()) throw TransportException.protocol("a partial answer that is a failure: " + summary(frame), true, null);
        ScheduledFuture<?> timer = p.timer;
        if (timer != null) timer.cancel(false);
        if (p.partialFailure == null) {
            try {
                p.partial.accept(r);
            } catch (RuntimeException e) {
                p.partialFailure = e; // the helper still sends the rest: read and drop it
            }
        }
        if (!p.future.isDone()) p.timer = TIMERS.schedule(() -> timedOut(p), config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    private static Response response(long id, Map<String, Object> msg, byte[] frame) throws TransportException {
        Object ok = msg.get("ok");
        if (Boolean.TRUE.equals(ok)) {
            if (!(msg.get("result") instanceof Map<?, ?> result)) {
                throw TransportException.protocol("a success answer without a result object: " + summary(frame), true, null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) result;
            return new Response(id, typed, null);
        }
        if (!Boolean.FALSE.equals(ok) || !(msg.get("error") instanceof Map<?, ?> e)
                || !(e.get("code") instanceof String code)) {
            throw TransportException.protocol("an answer that is neither success nor failure: " + summary(frame), true, null);
        }
        int command = e.get("command") instanceof Number c ? c.intValue() : -1;
        String path = e.get("path") instanceof String s ? s : "";
        String message = e.get("message") instanceof String s ? s : "";
        return new Response(id, null, new HelperError(code, message, command, path, Boolean.TRUE.equals(e.get("applied"))));
    }

    private static Map<String, Object> parse(byte[] frame) throws TransportException {
        try {
            // jackson-jr is first touched here, after the spawn: a static field would make the helper's
            // start wait for jackson-jr's set-up in a cold JVM.
            Object tree = JSON.std.anyFrom(frame);
            if (tree instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked")
                Map<String, Object> typed = (Map<String, Object>) m;
                return typed;
            }
            throw TransportException.protocol("an answer that is not a JSON object: " + summary(frame), true, null);
        } catch (RuntimeException | StackOverflowError e) {
            throw TransportException.protocol("an answer that is not JSON: " + summary(frame), true, e);
        }
    }

    /** Records the first cause of death and kills the helper; the reader then fails what is pending. */
    private void die(String reason, String detail) {
        if (death.compareAndSet(null, new Death(reason, detail))) {
            // A graceful close ends with the helper's own exit 0; everything else kills it.
            if (!reason.equals("closed")) process.kill();
        }
    }

    /** Runs once, on the reader thread, after the stream ended: fails every pending request. */
    private void finish() {
        Death d = death.get();
        int status = process.waitFor(EXIT_WAIT_MILLIS);
        if (status < 0) {
            process.kill();
            status = process.waitFor(EXIT_WAIT_MILLIS);
        }
        exitStatus = status;
        finalized = true;
        writer.interrupt();
        String tail = stderr.suffix();
        TransportException.Site site = TransportException.Site.of(status, stderr.text());
        List<Pending> failed = new ArrayList<>(pending.values());
        int count = 0;
        for (Pending p : failed) {
            if (pending.remove(p.id) == null) continue;
            boolean unknown = p.mutating && p.written;
            TransportException e = switch (d.reason()) {
                case "protocol_violation" -> TransportException.protocol(d.detail() + "; helper stopped ("
                        + TransportException.describe(status) + ")"
                        + (unknown ? TransportException.OUTCOME_UNKNOWN : ""),
                        unknown, null);
                case "closed" -> TransportException.crashed("the connection was closed before the answer arrived ("
                        + TransportException.describe(status, site) + ")", status, site, unknown, null);
                case "timeout", "write_failed", "helper_error" -> TransportException.crashed(d.detail() + " ("
                        + TransportException.describe(status, site) + ")" + tail, status, site, unknown, null);
                default -> TransportException.crashed(TransportException.describe(status, site) + tail, status, site,
                        unknown, null);
            };
            p.future.completeExceptionally(e);
            count++;
        }
        boolean graceful = d.reason().equals("closed") && count == 0 && status == 0;
        if (!graceful) {
            // A crash the helper named (libnftables or its own code) is recorded as that crash.
            String reason = !d.reason().equals("exited") ? d.reason() : switch (site) {
                case LIBNFTABLES -> "crashed_in_libnftables";
                case HELPER -> "crashed_in_helper";
                case SANDBOX, UNKNOWN -> d.reason();
            };
            publish(new TransportEvent.HelperDied(process.pid(), status,
                    status == 128 + TransportException.SIGSYS, count, reason, d.detail() + tail));
        }
        ended.countDown();
    }

    private void publish(TransportEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ignored) {
            // A failing listener must not stop the reader; the listener owns its own error reporting.
        }
    }

    /** {@return the start of the helper's stderr (at most 4 KiB kept), or "" when it wrote nothing} */
    public String stderrTail() { return stderr.text(); }

    /**
     * Stops accepting requests, waits up to {@code deadline} for those in flight, then closes the
     * helper's stdin (a clean exit 0) and, if it has not exited by the deadline, kills it. Requests
     * still unanswered then fail as {@link TransportException.Kind#CRASHED}.
     *
     * @param deadline how long requests in flight and the helper's exit may take together
     */
    public void close(Duration deadline) {
        closing = true;
        long end = System.nanoTime() + deadline.toNanos();
        List<CompletableFuture<Response>> waiting = new ArrayList<>();
        pending.values().forEach(p -> waiting.add(p.future));
        try {
            CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // failures arrive through each caller's future; the deadline is handled below
        }
        if (pending.isEmpty()) {
            death.compareAndSet(null, new Death("closed", "closed by the client"));
            queue.offer(STOP);
        } else {
            die("closed", "closed by the client with requests in flight");
            process.kill();
        }
        try {
            if (!ended.await(Math.max(100_000_000L, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                process.kill();
                ended.await(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
        }
    }

    @Override
    public void close() { close(Duration.ofSeconds(5)); }

    private static String summary(byte[] frame) {
        int n = Math.min(frame.length, 120);
        return printable(new String(frame, 0, n, StandardCharsets.UTF_8)) + (frame.length > n ? "..." : "");
    }

    /** Escapes control characters so the helper's text cannot forge log lines. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 512));
        s.codePoints().limit(512).forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        if (s.codePointCount(0, s.length()) > 512) b.append("...");
        return b.toString();
    }

    private static ScheduledThreadPoolExecutor timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                Thread.ofPlatform().daemon().name("nftj-request-timeouts").factory());
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** Keeps the first bytes the helper wrote to stderr; drains the rest so the pipe never fills. */
    private static final class StderrTail {
        private final byte[] keep;
        private int length;
        private final CountDownLatch done = new CountDownLatch(1);

        StderrTail(InputStream err, int bytes, long pid) {
            keep = new byte[bytes];
            Thread.ofPlatform().daemon().name("nftj-helper-stderr-" + pid).start(() -> {
                byte[] buf = new byte[4096];
                try (err) {
                    for (int n; (n = err.read(buf)) > 0; ) append(buf, n);
                } catch (IOException ignored) {
                    // the helper is gone
                } finally {
                    done.countDown();
                }
            });
        }

        private synchronized void append(byte[] buf, int n) {
            int take = Math.min(n, keep.length - length);
            System.arraycopy(buf, 0, keep, length, take);
            length += take;
        }

        synchronized String text() {
            return printable(new String(keep, 0, length, StandardCharsets.UTF_8).strip());
        }

        /**
         * ": <stderr>" once the helper's stderr has ended, or "": its lines joined by "; ", without
         * the "nftj-helper: " prefix and without the fatal-signal note (the message already names the
         * signal and where it happened). Called after the helper exited, so the end is near; the
         * bound is for a loaded machine, where the reader thread may wait for a CPU for hundreds of
         * milliseconds (200 ms lost a crash's site under load), and for a descendant that keeps the
         * pipe open.
         */
        String suffix() {
            try {
                done.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String raw;
            synchronized (this) {
                raw = new String(keep, 0, length, StandardCharsets.UTF_8);
            }
            String t = printable(String.join("; ", raw.strip().lines()
                    .map(line -> line.startsWith("nftj-helper: ") ? line.substring("nftj-helper: ".length()) : line)
                    .filter(line -> !line.startsWith("fatal signal ") && !line.isBlank()).toList()));
            return t.isEmpty() ? "" : ": " + t;
        }
    }
}
