package org.nftj.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress bar on stderr, drawn when stderr is a terminal (whatever stdin and stdout
 * are: {@code cat list | nftj elements add ...} shows it too). {@link #finish()} erases it, so the
 * result line that follows starts on a clean line.
 */
final class Progress {
    private static final int WIDTH = 30;
    /** ANSI: carriage return, then erase the whole line. */
    private static final String ERASE = "\r\u001b[2K";
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

    /**
     * Whether this process's stderr is a terminal. The JDK can tell only for stdin and stdout
     * together ({@code System.console()}); /proc/self/fd/2 names the device stderr is open on.
     */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    synchronized void update(long done) {
        if (!enabled) return;
        err.print(ERASE + line(done));
        err.flush();
        drawn = true;
    }

    /** Erases the bar (when one was drawn): what is printed next starts on an empty line. */
    synchronized void finish() {
        if (enabled && drawn) {
            err.print(ERASE);
            err.flush();
            drawn = false;
        }
    }

    private String line(long done) {
        if (total < 0) return done + " " + unit;
        long shown = Math.min(done, total);
        int filled = (int) (WIDTH * shown / total);
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + (100 * shown / total) + "% " + done + "/" + total
                + " " + unit;
    }

    /** The line that would be drawn for {@code done}; for tests of the format. */
    static String line(long done, long total, String unit) {
        return new Progress(new PrintWriter(new StringWriter()), true, total, unit).line(done);
    }
}
