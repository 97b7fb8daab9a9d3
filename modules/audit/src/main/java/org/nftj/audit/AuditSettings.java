package org.nftj.audit;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How requests are audited.
 *
 * @param failOpen when the log cannot be written: {@code false} (default) refuses the change;
 *                 {@code true} lets it proceed, reports the failure to listeners and the
 *                 {@code org.nftj.audit} System.Logger at ERROR, and records how many records were
 *                 lost once the log works again
 * @param tableDigests list the owned tables before and after each mutating request and record
 *                     their digests (default true). Costs two extra (read-only) helper round trips
 *                     per change and serialises changes; enables drift detection before each change
 * @param restartAlertThreshold more helper restarts than this within the window raise an alert (default 5)
 * @param restartAlertWindow the window (default 5 minutes)
 * @param listeners told about every record (and about records that could not be written)
 */
public record AuditSettings(boolean failOpen, boolean tableDigests, int restartAlertThreshold,
                            Duration restartAlertWindow, List<AuditListener> listeners) {
    /**
     * Checks the alert's threshold and window; copies the listeners.
     *
     * @throws IllegalArgumentException when the threshold is negative or the window not positive
     */
    public AuditSettings {
        if (restartAlertThreshold < 0) throw new IllegalArgumentException("restartAlertThreshold must be >= 0");
        Objects.requireNonNull(restartAlertWindow, "restartAlertWindow");
        if (restartAlertWindow.isNegative() || restartAlertWindow.isZero()) {
            throw new IllegalArgumentException("restartAlertWindow must be positive");
        }
        listeners = List.copyOf(listeners);
    }

    /** {@return fail closed, table digests on, an alert above 5 restarts in 5 minutes, no listener} */
    public static AuditSettings defaults() {
        return new AuditSettings(false, true, 5, Duration.ofMinutes(5), List.of());
    }

    /**
     * The same settings, failing open or closed.
     *
     * @param b whether a change proceeds when the log cannot be written
     * @return the settings
     */
    public AuditSettings withFailOpen(boolean b) {
        return new AuditSettings(b, tableDigests, restartAlertThreshold, restartAlertWindow, listeners);
    }

    /**
     * The same settings, with or without table digests.
     *
     * @param b whether to take the owned tables' digests around each change
     * @return the settings
     */
    public AuditSettings withTableDigests(boolean b) {
        return new AuditSettings(failOpen, b, restartAlertThreshold, restartAlertWindow, listeners);
    }

    /**
     * The same settings with another restart alert.
     *
     * @param threshold restarts allowed within the window
     * @param window the window
     * @return the settings
     */
    public AuditSettings withRestartAlert(int threshold, Duration window) {
        return new AuditSettings(failOpen, tableDigests, threshold, window, listeners);
    }

    /**
     * The same settings with one more listener.
     *
     * @param l the listener
     * @return the settings
     */
    public AuditSettings withListener(AuditListener l) {
        List<AuditListener> all = new java.util.ArrayList<>(listeners);
        all.add(Objects.requireNonNull(l));
        return new AuditSettings(failOpen, tableDigests, restartAlertThreshold, restartAlertWindow, all);
    }
}
