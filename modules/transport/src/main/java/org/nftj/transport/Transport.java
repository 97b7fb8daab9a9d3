package org.nftj.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.nftj.validation.ValidatedBatch;

/**
 * Supervises the helper: starts it on first use, replaces it after it dies, and publishes its
 * life as {@link TransportEvent}s. Thread-safe; callers share one instance.
 *
 * <p>Restart policy: a helper that had passed its handshake is replaced at once on the next request
 * (it ran; something ended it, and each caller in flight has already been told). A helper that
 * fails to start (spawn, self-check, policy, handshake) is retried with exponential back-off from
 * {@value #BACKOFF_MIN_MILLIS} ms to {@value #BACKOFF_MAX_MILLIS} ms, so a start-up crash loop
 * costs little. A caller waits for the back-off only within its own request timeout; past it, it
 * gets {@link TransportException.Kind#UNAVAILABLE} at once. Every death and restart is published as an
 * event, so a helper that keeps dying on requests shows up in the audit log.
 */
public final class Transport implements AutoCloseable {
    static final long BACKOFF_MIN_MILLIS = 50;
    static final long BACKOFF_MAX_MILLIS = 5000;
    private static final int SEND_ATTEMPTS = 3;

    private final TransportConfig config;
    private final Consumer<TransportEvent> events;
    private final Starter starter;
    private final AtomicLong restarts = new AtomicLong();
    private final AtomicLong startFailures = new AtomicLong();
    private volatile HelperConnection current; // written under this; read without it on the fast path
    private long notBeforeNanos;       // guarded by this: earliest next start
    private int consecutiveFailures;   // guarded by this
    private boolean everStarted;       // guarded by this
    private long startedNanos;         // guarded by this: when the current helper answered its hello
    private volatile boolean closed;           // written under this

    /** How a connection is made; tests substitute in-process helpers. */
    interface Starter {
        HelperConnection start(TransportConfig config, Consumer<TransportEvent> events) throws TransportException;
    }

    /**
     * A transport that starts its helper on the first request, not before.
     *
     * @param config the helper's path, timeouts and limits
     * @param events told of every start, restart, death, failed start and missing lockdown, on the
     *        transport's threads (also logged under {@code org.nftj.transport}); it must be quick,
     *        must not call back into the transport, and what it throws is ignored
     */
    public Transport(TransportConfig config, Consumer<TransportEvent> events) {
        this(config, events, HelperConnection::start);
    }

    Transport(TransportConfig config, Consumer<TransportEvent> events, Starter starter) {
        this.config = Objects.requireNonNull(config);
        Objects.requireNonNull(events);
        this.events = e -> {
            TransportLog.event(e);
            events.accept(e);
        };
        this.starter = Objects.requireNonNull(starter);
    }

    /**
     * The live connection, started (or restarted) if needed, waiting for back-off at most the request timeout.
     *
     * @return a connection whose handshake passed
     * @throws TransportException {@link TransportException.Kind#UNAVAILABLE}: the transport is
     *         closed, the helper failed to start, or the back-off after failed starts outlasts the
     *         request timeout
     */
    public HelperConnection connection() throws TransportException {
        return connection(System.nanoTime() + config.requestTimeout().toNanos());
    }

    HelperConnection connection(long deadlineNanos) throws TransportException {
        // Fast path, no lock: every request passes here, so 16 callers must not queue on a monitor.
        HelperConnection c = current;
        if (c != null && !closed && c.usable()) return c;
        return replace(deadlineNanos);
    }

    private synchronized HelperConnection replace(long deadlineNanos) throws TransportException {
        if (closed) throw TransportException.unavailable("the transport is closed", TransportException.Reason.CLOSED, -1, null);
        if (current != null && current.isAlive()) return current;
        long previousPid = -1;
        if (current != null) {
            previousPid = current.pid();
            consecutiveFailures = 0;
            notBeforeNanos = 0;
            current = null;
        }
        long wait = notBeforeNanos - System.nanoTime();
        if (wait > 0) {
            if (System.nanoTime() + wait > deadlineNanos) {
                throw TransportException.unavailable("the helper keeps failing (" + consecutiveFailures
                        + " times in a row); the next attempt is in " + Duration.ofNanos(wait).toMillis() + " ms",
                        TransportException.Reason.BACKOFF, -1, null);
            }
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TransportException.unavailable("interrupted while waiting to restart the helper",
                        TransportException.Reason.INTERRUPTED, -1, e);
            }
        }
        HelperConnection c;
        long t0 = System.nanoTime();
        try {
            c = starter.start(config, events);
        } catch (TransportException e) {
            startFailures.incrementAndGet();
            long backoff = failedOnce();
            TransportLog.startFailed(e.reason().wire(), e.exitStatus(), System.nanoTime() - t0, backoff);
            publish(new TransportEvent.StartFailed(e.reason().wire(), e.exitStatus(), e.getMessage(), backoff));
            throw e;
        }
        startedNanos = System.nanoTime();
        TransportLog.started(c.pid(), startedNanos - t0, c.hello());
        if (everStarted) {
            long n = restarts.incrementAndGet();
            publish(new TransportEvent.HelperRestarted(previousPid, n));
        }
        everStarted = true;
        current = c;
        publish(new TransportEvent.HelperStarted(c.pid(), c.hello()));
        return c;
    }

    /** Records a failure and returns the back-off before the next attempt, in milliseconds. */
    private long failedOnce() {
        consecutiveFailures++;
        long backoff = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_MIN_MILLIS << Math.min(consecutiveFailures - 1, 16));
        notBeforeNanos = System.nanoTime() + backoff * 1_000_000L;
        return backoff;
    }

    /**
     * Sends through the live connection, starting or replacing the helper as needed. Failures
     * (including failure to start) arrive through the future. A request that a dying connection
     * refused before sending is retried on the next one; a request that was sent is never resent.
     * Safe to call from any number of threads; answers may complete in any order.
     *
     * @param batch the request
     * @return the answer, or a {@link TransportException}, within the request timeout
     */
    public CompletableFuture<Response> submit(ValidatedBatch batch) {
        return submit(batch, null);
    }

    /**
     * As {@link #submit(ValidatedBatch)} for a request that asked for a streamed answer: every
     * frame but the last goes to {@code partial}, on the connection's reader thread, in order.
     *
     * @param batch the request
     * @param partial takes the answer's frames but the last, in order; null for an answer of one frame
     * @return the last frame of the answer, or a {@link TransportException}
     */
    public CompletableFuture<Response> submit(ValidatedBatch batch, java.util.function.Consumer<Response> partial) {
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        for (int attempt = 0; attempt < SEND_ATTEMPTS; attempt++) {
            HelperConnection c;
            try {
                c = connection(deadline);
            } catch (TransportException e) {
                return CompletableFuture.failedFuture(e);
            }
            CompletableFuture<Response> f = c.trySubmit(batch, deadline, partial);
            if (f != null) return f;
        }
        return CompletableFuture.failedFuture(TransportException.unavailable("the helper ended " + SEND_ATTEMPTS
                + " times before the request could be sent; it was not sent", TransportException.Reason.UNSTABLE, -1, null));
    }

    /** {@return how many helpers were started to replace an earlier one since this transport was created} */
    public long restarts() { return restarts.get(); }

    /** {@return how many attempts to start the helper failed since this transport was created} */
    public long startFailures() { return startFailures.get(); }

    /** {@return the configuration this transport was made with} */
    public TransportConfig config() { return config; }

    private void publish(TransportEvent e) {
        try {
            events.accept(e);
        } catch (RuntimeException ignored) {
            // a failing listener must not break the transport
        }
    }

    /**
     * Closes the helper gracefully, waiting up to {@code deadline} for requests in flight; later
     * requests fail as {@link TransportException.Reason#CLOSED}.
     *
     * @param deadline how long requests in flight and the helper's exit may take together
     */
    public void close(Duration deadline) {
        HelperConnection c;
        long started;
        synchronized (this) {
            closed = true;
            c = current;
            current = null;
            started = startedNanos;
        }
        if (c != null) {
            c.close(deadline);
            TransportLog.closed(c.pid(), c.requests(), System.nanoTime() - started);
        }
    }

    /** Closes as {@link #close(Duration)} with a deadline of 5 seconds. */
    @Override
    public void close() { close(Duration.ofSeconds(5)); }
}
