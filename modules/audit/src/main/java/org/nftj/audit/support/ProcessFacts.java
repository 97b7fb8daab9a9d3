package org.nftj.audit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Facts about processes read from /proc, each "" when not readable (never guessed). */
public final class ProcessFacts {
    private ProcessFacts() {}

    /**
     * The network namespace of a process, read from {@code /proc/PID/ns/net}.
     *
     * @param pid a process id in decimal, or {@code self} for this JVM
     * @return the namespace as the kernel names it, e.g. {@code net:[4026531840]}; "" when not readable
     */
    public static String netns(String pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", pid, "ns", "net")).toString();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "";
        }
    }

    /**
     * As {@link #netns(String)} for a numeric process id.
     *
     * @param pid a process id; 0 or less for none
     * @return the namespace, or "" when not readable or for no process
     */
    public static String netns(long pid) {
        return pid > 0 ? netns(Long.toString(pid)) : "";
    }

    /** {@return this JVM's process id} */
    public static long pid() { return ProcessHandle.current().pid(); }

    /** {@return when this JVM's process started, ISO-8601 in UTC, or "" when the OS does not say} */
    public static String startTime() {
        return ProcessHandle.current().info().startInstant().map(Object::toString).orElse("");
    }

    /** {@return the user this JVM runs as, as the OS names it, else the {@code user.name} property, else ""} */
    public static String user() {
        return ProcessHandle.current().info().user().orElse(System.getProperty("user.name", ""));
    }
}
