package org.nftj.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * File capabilities through libcap's {@code setcap} and {@code getcap}: the ONE class outside
 * org.nftj.transport that starts a process (ArchUnit names it as the exception).
 *
 * <p>Why a process: file capabilities live in the {@code security.capability} extended attribute,
 * and Java's {@code UserDefinedFileAttributeView} reaches only the {@code user.} namespace; the
 * alternative, a downcall to setxattr(2), would put native access and method handles into the
 * command. The tools are run by absolute path, with an empty environment, no shell, and a
 * file name that nftj chose (never user text as an option).
 */
final class Capabilities {
    private static final List<Path> DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin"));
    private static final long TIMEOUT_SECONDS = 10;

    private Capabilities() {}

    /**
     * The file's capabilities as getcap prints them after the file name ({@code cap_net_admin=ep}),
     * "" when it has none.
     */
    static String get(Path file) throws IOException {
        String out = run(tool("getcap"), "--", file.toString()).strip();
        String prefix = file.toString();
        // Debian 12's libcap prints "FILE cap_net_admin=ep"; older ones "FILE = cap_net_admin+ep".
        if (!out.startsWith(prefix)) return "";
        String caps = out.substring(prefix.length()).strip();
        return caps.startsWith("=") ? caps.substring(1).strip() : caps;
    }

    /** Sets exactly {@code caps} (e.g. {@code cap_net_admin+ep}) on the file. Needs CAP_SETFCAP (root). */
    static void set(Path file, String caps) throws IOException {
        run(tool("setcap"), caps, file.toString());
    }

    /** True when getcap's text means: CAP_NET_ADMIN in the permitted and effective sets, nothing else. */
    static boolean isNetAdminOnly(String caps) {
        String c = caps.replace(" ", "");
        return c.equals("cap_net_admin=ep") || c.equals("cap_net_admin+ep");
    }

    private static Path tool(String name) throws IOException {
        for (Path d : DIRS) {
            Path p = d.resolve(name);
            if (Files.isExecutable(p)) return p;
        }
        throw new IOException(name + " not found in " + DIRS + " (Debian package libcap2-bin)");
    }

    private static String run(Path tool, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(tool.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().clear();
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readNBytes(64 * 1024);
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(tool + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while running " + tool, e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) throw new IOException(tool.getFileName() + " failed: " + text.strip());
        return text;
    }
}
