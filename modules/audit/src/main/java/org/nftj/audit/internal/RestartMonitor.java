package org.nftj.audit.internal;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Counts helper restarts in a sliding window. {@link #restarted(long)} answers true once when the
 * count goes above the threshold, and again only after it has fallen back to the threshold.
 */
public final class RestartMonitor {
    private final int threshold;
    private final long windowNanos;
    private final ArrayDeque<Long> times = new ArrayDeque<>(); // guarded by this
    private boolean alerted;                                     // guarded by this
    private long total;                                          // guarded by this

    public RestartMonitor(int threshold, Duration window) {
        if (threshold < 0) throw new IllegalArgumentException("threshold must be >= 0");
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
    }

    /** Records a restart at {@code nowNanos} (System.nanoTime()); true when this one raises an alert. */
    public synchronized boolean restarted(long nowNanos) {
        total++;
        times.addLast(nowNanos);
        while (!times.isEmpty() && nowNanos - times.peekFirst() > windowNanos) times.removeFirst();
        if (times.size() <= threshold) {
            alerted = false;
            return false;
        }
        if (alerted) return false;
        alerted = true;
        return true;
    }

    /** Restarts within the window ending at {@code nowNanos}. */
    public synchronized int inWindow(long nowNanos) {
        return (int) times.stream().filter(t -> nowNanos - t <= windowNanos).count();
    }

    public synchronized long total() { return total; }

    public int threshold() { return threshold; }

    public Duration window() { return Duration.ofNanos(windowNanos); }
}
