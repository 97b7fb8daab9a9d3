package org.nftj.cli;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, drawn only when a terminal is attached. */
final class Progress {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final boolean enabled;
    private final long total;
    private final String unit;
    private boolean drawn;

    Progress(PrintWriter err, boolean enabled, long total, String unit) {
        this.err = err;
        this.enabled = enabled;
        this.total = total < 0 ? -1 : Math.max(1, total);
        this.unit = unit;
    }

    void update(long done) {
        if (!enabled) return;
        if (total < 0) {
            err.print("\r" + done + " " + unit);
        } else {
            int filled = (int) (WIDTH * Math.min(done, total) / total);
            err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + (100 * Math.min(done, total) / total)
                    + "% " + done + "/" + total + " " + unit);
        }
        err.flush();
        drawn = true;
    }

    void finish() {
        if (enabled && drawn) {
            err.println();
            drawn = false;
        }
    }

    /** The line that would be drawn for {@code done}; for tests of the format. */
    static String line(long done, long total, String unit) {
        java.io.StringWriter w = new java.io.StringWriter();
        Progress p = new Progress(new PrintWriter(w), true, total, unit);
        p.update(done);
        return w.toString().substring(1);
    }
}
