package org.nftj.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A plain throwaway network namespace (no helper): for tests that need only the kernel and
 * {@code nft} — building a corpus of real rulesets, or a peer host for traffic tests. Deleted on
 * close. For a {@link KernelTest} only (see {@link KernelTests#require()}).
 */
public final class Netns implements AutoCloseable {
    private final String name;

    private Netns(String name) { this.name = name; }

    /**
     * Creates a namespace with a random name and its loopback up. The caller must be a
     * {@link KernelTest} that can run: {@link KernelTests#require()} fails or aborts it otherwise.
     *
     * @return the namespace; close it to delete it
     * @throws IllegalStateException when {@code ip netns add} fails
     */
    public static Netns create() {
        KernelTests.require();
        String name = "nftj-p-" + UUID.randomUUID().toString().substring(0, 8);
        NetnsHelper.run(List.of("ip", "netns", "add", name));
        Netns n = new Netns(name);
        n.exec("ip", "link", "set", "lo", "up");
        return n;
    }

    /** {@return the namespace's name, as {@code ip netns} knows it ({@code nftj-p-…})} */
    public String name() { return name; }

    /**
     * Runs {@code nft ARGS} inside the namespace.
     *
     * @param args nft's arguments, e.g. {@code "-j", "list", "ruleset"}
     * @return what nft wrote to stdout
     * @throws IllegalStateException carrying nft's error text when it fails
     */
    public String nft(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "nft"));
        cmd.addAll(List.of(args));
        return NetnsHelper.run(cmd);
    }

    /**
     * Runs any command inside the namespace.
     *
     * @param args the command and its arguments
     * @return what it wrote to stdout
     * @throws IllegalStateException carrying its error text when it fails
     */
    public String exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return NetnsHelper.run(cmd);
    }

    /** Deletes the namespace; nothing when it is already gone. */
    @Override
    public void close() {
        try {
            NetnsHelper.run(List.of("ip", "netns", "del", name));
        } catch (IllegalStateException ignored) {
            // already gone
        }
    }
}
