package org.nftj.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about processes read from /proc, each "" when not readable (never guessed). */
final class ProcessFacts {
    private ProcessFacts() {}

    /** The network namespace of {@code pid} ("self" for this JVM) as the kernel names it, e.g. {@code net:[4026531840]}. */
    static String netns(String pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    static String netns(long pid) {
        return pid > 0 ? netns(Long.toString(pid)) : "";
    }

    static long pid() { return ProcessHandle.current().pid(); }

    static String startTime() {
        return ProcessHandle.current().info().startInstant().map(Object::toString).orElse("");
    }

    static String user() {
        return ProcessHandle.current().info().user().orElse(System.getProperty("user.name", ""));
    }
}
