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

    public static Netns create() {
        KernelTests.require();
        String name = "nftj-p-" + UUID.randomUUID().toString().substring(0, 8);
        NetnsHelper.run(List.of("ip", "netns", "add", name));
        Netns n = new Netns(name);
        n.exec("ip", "link", "set", "lo", "up");
        return n;
    }

    public String name() { return name; }

    /** {@code nft ARGS} inside the namespace; stdout, or an exception carrying nft's error text. */
    public String nft(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "nft"));
        cmd.addAll(List.of(args));
        return NetnsHelper.run(cmd);
    }

    /** Any command inside the namespace. */
    public String exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(List.of(args));
        return NetnsHelper.run(cmd);
    }

    @Override
    public void close() {
        try {
            NetnsHelper.run(List.of("ip", "netns", "del", name));
        } catch (IllegalStateException ignored) {
            // already gone
        }
    }
}
