package org.nftj.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Cold-start help for {@code bin/nftj}, which starts a JVM for one command: a daemon thread that
 * initialises, at once and in parallel with the command, the JDK facilities the command will wait
 * for. Nothing here changes behaviour; a command that reaches one of these first simply waits for
 * the class initialisation under way (the JVM's class-init lock), instead of doing it itself.
 *
 * <p>Measured costs in a cold JVM with the image's AOT cache (docs/benchmarks.md):
 * <ul>
 *   <li>{@link java.math.BigDecimal}: JDK 25 computes 5^(2^16) in its static initialiser (about
 *       15 ms before C1 has compiled BigInteger); jackson-core's parser base class creates
 *       BigDecimal constants, so both the first parse (the file) and the helper's hello wait for it.</li>
 *   <li>{@link System#getLogger}: the first lookup searches for a LoggerFinder service, and the
 *       first level check initialises java.util.logging, which reads its configuration (a few ms
 *       together); the transport checks its level when the helper starts.</li>
 *   <li>{@link MessageDigest} SHA-256: the first lookup loads and configures the security providers;
 *       every validated batch carries its digest.</li>
 * </ul>
 * Only {@link Main} starts it, and only for a command that {@link #helps} (nftj --version does not
 * pay for it); in-process use through the ToolProvider or the library pays nothing.
 */
final class Warmup {
    private Warmup() {}

    /**
     * Whether the command line is one that the warm-up speeds up: its subcommand talks to the helper
     * and it asks for no help or version (for those the warm-up would only take CPU from the command).
     */
    static boolean helps(String[] args) {
        Subcommand first = null;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h") || a.equals("--version")) return false;
            if (first == null) first = Subcommand.find(a);
        }
        return first != null && first.talksToHelper();
    }

    static void start() {
        Thread.ofPlatform().daemon().name("nftj-warmup").start(Warmup::run);
    }

    private static void run() {
        java.math.BigDecimal.ONE.signum();
        // The first level check makes java.util.logging read its configuration (Logging); the
        // transport asks at the helper's start.
        System.getLogger("org.nftj.transport").isLoggable(System.Logger.Level.DEBUG);
        try {
            MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // reported where the digest is needed
        }
    }
}
