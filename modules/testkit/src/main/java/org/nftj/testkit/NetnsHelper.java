package org.nftj.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One throwaway deployment of the helper for one test: a fresh network namespace, and the built
 * helper installed the way an operator would install it — root-owned, mode 0750, below a safe
 * directory chain, with its policy in {@code conf/} beside it.
 *
 * <p>{@link #helperPath()} is what a test passes to the client. It is a tiny root-owned launcher
 * that enters the namespace and execs the installed helper, so the helper's own self-check,
 * capabilities and sandbox are exactly those of a deployment; only the namespace differs. Every
 * restart of the helper enters the same namespace, so state survives restarts as it would on a
 * host.
 *
 * <p>Nothing here touches the host's ruleset: every nft command runs inside the namespace.
 */
public final class NetnsHelper implements AutoCloseable {
    /** System property naming the helper binary the build produced (set by scripts/test). */
    public static final String BUILT_HELPER_PROPERTY = "nftj.helper.build";
    private static final Path ROOT = Path.of("/run/nftj-test");

    private final String netns;
    private final Path dir;
    private final Path launcher;
    private final Path installed;

    /** How the helper is run: as root (reduced to CAP_NET_ADMIN), or as an unprivileged user with the file capability. */
    public enum Mode {
        /** Started as root; it drops every capability but CAP_NET_ADMIN itself. */
        ROOT,
        /** Started as an unprivileged user; CAP_NET_ADMIN comes from the installed file's capability. */
        UNPRIVILEGED
    }

    private NetnsHelper(String netns, Path dir, Path launcher, Path installed) {
        this.netns = netns;
        this.dir = dir;
        this.launcher = launcher;
        this.installed = installed;
    }

    /**
     * The built helper, for a {@link KernelTest} that can run (root, helper built); any other
     * caller fails (see {@link KernelTests#require()}).
     *
     * @return the path in {@code -Dnftj.helper.build}
     */
    public static Path builtHelper() {
        KernelTests.require();
        return Path.of(System.getProperty(BUILT_HELPER_PROPERTY));
    }

    /**
     * A deployment owning the tables "inet app" and "inet nftj_demo", all operations, a generous
     * rate ({@link Policy#sample()}), the helper run as root.
     *
     * @return the deployment; close it to delete the namespace and the installed files
     */
    public static NetnsHelper create() {
        return create(Mode.ROOT, Policy.sample());
    }

    /**
     * A deployment with its own policy: a fresh namespace, the built helper installed below
     * {@code /run/nftj-test/ID} (root-owned, mode 0750) with {@code policy} beside it.
     *
     * @param mode run the helper as root, or as an unprivileged user holding the file capability
     * @param policy the policy file the helper reads
     * @return the deployment; close it to delete the namespace and the installed files
     * @throws IllegalStateException when the namespace or the installation cannot be set up
     */
    public static NetnsHelper create(Mode mode, Policy policy) {
        Path built = builtHelper();
        String id = UUID.randomUUID().toString().substring(0, 8);
        String netns = "nftj-t-" + id;
        Path dir = ROOT.resolve(id);
        try {
            Files.createDirectories(ROOT);
            run(List.of("chmod", "0755", ROOT.toString()));
            Files.createDirectory(dir);
            Path lib = Files.createDirectory(dir.resolve("lib"));
            Path conf = Files.createDirectory(dir.resolve("conf"));
            Path bin = Files.createDirectory(dir.resolve("bin"));
            for (Path d : List.of(dir, lib, conf, bin)) setMode(d, "rwxr-xr-x");
            Path installed = lib.resolve("nftj-helper");
            Files.copy(built, installed);
            Path policyFile = conf.resolve("nftj-helper.policy.json");
            Files.writeString(policyFile, policy.toJson());
            setMode(policyFile, "rw-r--r--");
            String user = "";
            if (mode == Mode.UNPRIVILEGED) {
                // The deployment model: the helper is root:nftj 0750 with cap_net_admin+ep, and the
                // application runs as a user in group nftj. Here: nobody, in group nogroup.
                run(List.of("chgrp", "nogroup", installed.toString()));
                setMode(installed, "rwxr-x---");
                run(List.of("setcap", "cap_net_admin+ep", installed.toString()));
                user = "setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all -- ";
            } else {
                setMode(installed, "rwxr-x---");
            }
            run(List.of("ip", "netns", "add", netns));
            Path launcher = bin.resolve("helper-in-netns");
            Files.writeString(launcher, "#!/bin/sh\n# test launcher: enter the test's network namespace, then run the installed helper\n"
                    + "exec /usr/bin/nsenter --net=/run/netns/" + netns + " -- " + user + installed + "\n");
            setMode(launcher, "rwxr-xr-x");
            return new NetnsHelper(netns, dir, launcher, installed);
        } catch (IOException e) {
            cleanup(netns, dir);
            throw new IllegalStateException("cannot set up a helper deployment in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** {@return what to pass to the client as the helper's absolute path: the launcher into the namespace} */
    public Path helperPath() { return launcher; }

    /** {@return the installed helper binary itself (root-owned, 0750)} */
    public Path installedHelper() { return installed; }

    /** {@return the deployment's directory (lib/, conf/, bin/)} */
    public Path directory() { return dir; }

    /** {@return the namespace's name, as {@code ip netns} knows it ({@code nftj-t-…})} */
    public String netns() { return netns; }

    /**
     * Runs {@code nft ARGS} inside the namespace.
     *
     * @param args nft's arguments, e.g. {@code "list", "ruleset"}
     * @return what nft wrote to stdout
     * @throws IllegalStateException carrying nft's error text on a non-zero exit
     */
    public String nft(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns, "nft"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /**
     * {@code nft -j list ruleset} inside the namespace, without the helper's rate-limit table
     * ({@value #RATE_TABLE}): its tokens expire on their own timers, and a request refused by the
     * kernel is charged too, so it would make "nothing changed" comparisons fail for no reason.
     * {@link #rateLimitTable()} shows it.
     *
     * @return the listing as nft prints it, on one line
     */
    public String rulesetJson() { return withoutRateTableJson(nft("-j", "list", "ruleset")); }

    /** {@return {@code nft list ruleset} inside the namespace, as text, without the rate-limit table (see {@link #rulesetJson()})} */
    public String ruleset() { return RATE_TABLE_TEXT.matcher(nft("list", "ruleset")).replaceAll(""); }

    /** The table in which the helper's rate limit keeps its units (docs/protocol.md, "Rate limit"). */
    public static final String RATE_TABLE = "nftj_rate";
    private static final java.util.regex.Pattern RATE_TABLE_TEXT =
            java.util.regex.Pattern.compile("(?ms)^table inet " + RATE_TABLE + " \\{.*?^\\}\\n?");

    /** {@return {@code nft list table inet nftj_rate}, or "" when the helper has not charged anything yet} */
    public String rateLimitTable() {
        try {
            return nft("list", "table", "inet", RATE_TABLE);
        } catch (IllegalStateException e) {
            return "";
        }
    }

    /** Drops the top-level objects of {@code inet nftj_rate} from nft's one-line JSON listing. */
    static String withoutRateTableJson(String listing) {
        String head = "{\"nftables\": [";
        String text = listing.strip();
        if (!text.startsWith(head) || !text.endsWith("]}")) return listing;
        List<String> kept = new ArrayList<>();
        String body = text.substring(head.length(), text.length() - 2);
        int depth = 0;
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            if (quoted) {
                if (ch == '\\') i++;
                else if (ch == '"') quoted = false;
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == '{' || ch == '[') {
                depth++;
            } else if (ch == '}' || ch == ']') {
                depth--;
                if (depth == 0) {
                    String object = body.substring(start, i + 1).strip();
                    if (!object.startsWith("{\"table\": {\"family\": \"inet\", \"name\": \"" + RATE_TABLE + "\"")
                            && !object.contains("\"table\": \"" + RATE_TABLE + "\"")) {
                        kept.add(object);
                    }
                    start = i + 1;
                    while (start < body.length() && (body.charAt(start) == ',' || body.charAt(start) == ' ')) start++;
                    i = start - 1;
                }
            }
        }
        return head + String.join(", ", kept) + "]}\n";
    }

    /**
     * Runs any command inside the namespace (e.g. ping, nc).
     *
     * @param args the command and its arguments
     * @return what it wrote to stdout
     * @throws IllegalStateException carrying its error text on a non-zero exit
     */
    public String exec(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", netns));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    /** Deletes the namespace and the installed files (best effort: what is gone is skipped). */
    @Override
    public void close() { cleanup(netns, dir); }

    private static void cleanup(String netns, Path dir) {
        runQuietly(List.of("ip", "netns", "del", netns));
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // best effort: /run is a tmpfs and is emptied at boot
            }
        }
    }

    private static void setMode(Path p, String perms) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    /**
     * Runs a command (on the host: the caller puts it in a namespace), with no input and at most 60 seconds.
     *
     * @param cmd the command and its arguments
     * @return what it wrote to stdout
     * @throws IllegalStateException with its stderr on a non-zero exit, or when it cannot start or times out
     */
    public static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + cmd);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(cmd + " failed with " + p.exitValue() + ": "
                        + new String(err, StandardCharsets.UTF_8).strip());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + cmd, e);
        }
    }

    private static void runQuietly(List<String> cmd) {
        try {
            run(cmd);
        } catch (IllegalStateException ignored) {
            // cleanup of something that may not exist
        }
    }
}
