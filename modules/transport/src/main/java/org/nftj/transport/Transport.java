package org.nftj.transport;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.nftj.validation.ValidatedBatch;

/**
 * Supervises the helper: starts it on first use, replaces it after it dies (with back-off), and
 * publishes restarts as events. Thread-safe; callers share one instance.
 */
public final class Transport implements AutoCloseable {
    private static final Duration BACKOFF_MIN = Duration.ofMillis(50);
    private static final Duration BACKOFF_MAX = Duration.ofSeconds(5);

    private final TransportConfig config;
    private final Consumer<TransportEvent> events;
    private final AtomicLong restarts = new AtomicLong();
    private HelperConnection current; // guarded by this
    private long lastStartNanos;      // guarded by this
    private Duration backoff = BACKOFF_MIN; // guarded by this
    private boolean closed;           // guarded by this

    public Transport(TransportConfig config, Consumer<TransportEvent> events) {
        this.config = Objects.requireNonNull(config);
        this.events = Objects.requireNonNull(events);
    }

    /** The live connection, started (or restarted) if needed. */
    public synchronized HelperConnection connection() throws TransportException {
        if (closed) throw new HelperUnavailableException("the transport is closed", "closed", -1, null);
        if (current != null && current.isAlive()) return current;
        if (current != null) {
            long sinceStart = System.nanoTime() - lastStartNanos;
            if (sinceStart < backoff.toNanos()) {
                sleepNanos(backoff.toNanos() - sinceStart);
            }
            backoff = backoff.multipliedBy(2).compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : backoff.multipliedBy(2);
            long n = restarts.incrementAndGet();
            events.accept(new TransportEvent.HelperRestarted(current.pid(), n));
        }
        lastStartNanos = System.nanoTime();
        current = HelperConnection.start(config);
        if (restarts.get() == 0) backoff = BACKOFF_MIN;
        events.accept(new TransportEvent.HelperStarted(current.pid(), current.hello()));
        return current;
    }

    /** Sends through the live connection; failures (including failure to start) arrive via the future. */
    public CompletableFuture<Response> submit(ValidatedBatch batch) {
        HelperConnection c;
        try {
            c = connection();
        } catch (TransportException e) {
            return CompletableFuture.failedFuture(e);
        }
        return c.submit(batch);
    }

    public long restarts() { return restarts.get(); }

    public TransportConfig config() { return config; }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        HelperConnection c;
        synchronized (this) {
            closed = true;
            c = current;
            current = null;
        }
        if (c != null) c.close();
    }
}
