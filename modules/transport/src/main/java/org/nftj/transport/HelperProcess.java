package org.nftj.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The helper as the connection sees it: three pipes, a pid, a way to kill it and its exit status.
 * {@link #spawn} starts the real executable; tests run the same connection code over in-process
 * pipes.
 */
interface HelperProcess {
    OutputStream stdin();

    InputStream stdout();

    InputStream stderr();

    long pid();

    boolean isAlive();

    /** SIGKILL. Idempotent. */
    void kill();

    /**
     * Waits up to {@code millis} for the exit and returns the status as the JDK reports it
     * (0–255 exit code, 128+N after signal N), or -1 if it has not exited.
     */
    int waitFor(long millis);

    /** Starts {@code executable} directly: no shell, no arguments, an empty environment. */
    static HelperProcess spawn(java.nio.file.Path executable) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(List.of(executable.toString()));
        // No variable reaches the privileged helper: not PATH, not LD_*, not locale settings.
        pb.environment().clear();
        Process p = pb.start();
        return new HelperProcess() {
            @Override public OutputStream stdin() { return p.getOutputStream(); }
            @Override public InputStream stdout() { return p.getInputStream(); }
            @Override public InputStream stderr() { return p.getErrorStream(); }
            @Override public long pid() { return p.pid(); }
            @Override public boolean isAlive() { return p.isAlive(); }
            // Through the handle: Process.destroyForcibly also closes the streams, and what the helper
            // wrote to stderr before it died (the name of its crash) would be lost to the drain.
            @Override public void kill() { p.toHandle().destroyForcibly(); }

            @Override
            public int waitFor(long millis) {
                try {
                    return p.waitFor(millis, TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
        };
    }
}
