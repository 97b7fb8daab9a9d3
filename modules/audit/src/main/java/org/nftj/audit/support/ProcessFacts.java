package org.nftj.audit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about processes read from /proc, each "" when not readable (never guessed). */
public final class ProcessFacts {
    private ProcessFacts() {}

    /** The network namespace of {@code pid} ("self" for this JVM) as the kernel names it, e.g. {@code net:[4026531840]}. */
    public static String netns(String pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    public static String netns(long pid) {
        return pid > 0 ? netns(Long.toString(pid)) : "";
    }

    public static long pid() { return ProcessHandle.current().pid(); }

    public static String startTime() {
        return ProcessHandle.current().info().startInstant().map(Object::toString).orElse("");
    }

    public static String user() {
        return ProcessHandle.current().info().user().orElse(System.getProperty("user.name", ""));
    }
}
