package org.nftj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the library's log records go when nftj runs as a command. The nftj modules log through
 * System.Logger ({@code org.nftj.api}, {@code org.nftj.transport}, {@code org.nftj.audit}); the image
 * carries java.logging, so those records are java.util.logging records, configured by a properties
 * file: {@code /etc/nftj/logging.properties} when it exists (the operator's, kept across upgrades),
 * else the image's {@code conf/nftj-logging.properties} (no handler: the command prints its own
 * one-line errors, and records go nowhere). {@code --verbose} adds stderr for the run.
 */
final class Logging {
    /** The operator's logging configuration. */
    static final Path OPERATOR_CONFIG = Path.of("/etc/nftj/logging.properties");
    static final String IMAGE_CONFIG = "conf/nftj-logging.properties";

    private Logging() {}

    /**
     * For {@code bin/nftj}, before anything logs: names the configuration java.util.logging reads
     * when the first logger is made (nothing is read now). An explicit
     * {@code -Djava.util.logging.config.file} wins.
     */
    static void configureCommand(Path operator, Path image) {
        if (System.getProperty("java.util.logging.config.file") != null) return;
        Path chosen = Files.isRegularFile(operator) ? operator : image.resolve(IMAGE_CONFIG);
        if (Files.isRegularFile(chosen)) System.setProperty("java.util.logging.config.file", chosen.toString());
    }

    /**
     * {@code --verbose}: every nftj record from DEBUG up also goes to {@code err}, one line each,
     * until the returned handle is closed (the level and handlers are restored).
     */
    static AutoCloseable verbose(PrintWriter err) {
        Logger nftj = Logger.getLogger("org.nftj");
        Level before = nftj.getLevel();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) {
                    err.print(getFormatter().format(r));
                    err.flush();
                }
            }

            @Override public void flush() { err.flush(); }

            @Override public void close() { flush(); }
        };
        h.setFormatter(new OneLine());
        h.setLevel(Level.FINE);
        nftj.setLevel(Level.FINE);
        nftj.addHandler(h);
        return () -> {
            nftj.removeHandler(h);
            nftj.setLevel(before);
        };
    }

    /** "nftj: debug: org.nftj.transport: helper 4711 started in 7.1 ms: ...", one line (newlines escaped). */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            String msg = formatMessage(r).replace("\r", "\\r").replace("\n", "\\n");
            String cause = r.getThrown() == null ? "" : " (" + r.getThrown() + ")";
            return "nftj: " + level(r.getLevel()) + ": " + r.getLoggerName() + ": " + msg + cause + System.lineSeparator();
        }

        /** The System.Logger names of the levels nftj logs at. */
        static String level(Level l) {
            int v = l.intValue();
            if (v >= Level.SEVERE.intValue()) return "error";
            if (v >= Level.WARNING.intValue()) return "warning";
            if (v >= Level.INFO.intValue()) return "info";
            if (v >= Level.FINE.intValue()) return "debug";
            return l.getName().toLowerCase(Locale.ROOT);
        }
    }
}
