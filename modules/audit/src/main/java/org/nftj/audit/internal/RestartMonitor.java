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

    /**
     * A monitor with no restart counted yet.
     *
     * @param threshold restarts within the window that are still no alert, 0 and up
     * @param window how far back restarts count
     * @throws IllegalArgumentException when {@code threshold} is negative
     */
    public RestartMonitor(int threshold, Duration window) {
        if (threshold < 0) throw new IllegalArgumentException("threshold must be >= 0");
        this.threshold = threshold;
        this.windowNanos = window.toNanos();
    }

    /**
     * Records a restart.
     *
     * @param nowNanos when, as {@link System#nanoTime()}
     * @return true when this one raises an alert: the count in the window went above the threshold
     *         and no alert was raised since it last fell back
     */
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

    /**
     * Counts the restarts within the window ending at {@code nowNanos}.
     *
     * @param nowNanos the window's end, as {@link System#nanoTime()}
     * @return how many restarts it holds
     */
    public synchronized int inWindow(long nowNanos) {
        return (int) times.stream().filter(t -> nowNanos - t <= windowNanos).count();
    }

    /** {@return every restart recorded since this monitor was made} */
    public synchronized long total() { return total; }

    /** {@return the restarts within the window that are still no alert} */
    public int threshold() { return threshold; }

    /** {@return how far back restarts count} */
    public Duration window() { return Duration.ofNanos(windowNanos); }
}
