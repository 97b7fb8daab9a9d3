package org.nftj.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rulesets in nft's own syntax ({@code table inet app { chain input { … } }}), read by nft itself:
 * only libnftables parses that syntax, so this class runs the {@code nft} command in a scratch
 * kernel, a private user and network namespace made for the one call and gone after it
 * ({@code unshare --user --map-root-user --net}; a JVM running as root needs no user namespace and
 * uses {@code unshare --net}), and takes what nft lists there as JSON. It needs no root, no helper
 * and no privilege, and it never touches the host's ruleset: nft is root only over the namespace's
 * own, empty network stack.
 *
 * <pre>{@code
 * String text = Files.readString(Path.of("app.nft"));
 * Batch batch = NftText.check(text);     // offline: nft's parser, a scratch kernel and nftj's validator took it
 * nft.apply(batch);                      // the real client (through the helper) or a FakeNftj
 * fake.loadNft(text);                    // the same, in one call, for a fake
 * }</pre>
 *
 * <p>What it needs: the {@code nft} command (Debian: {@code nftables}), {@code unshare} and
 * {@code sh} ({@code util-linux}, {@code dash}), and user namespaces this user may create (most
 * distributions allow them; some disable them with a sysctl, and container runtimes' seccomp
 * profiles often refuse them). Where one is missing, {@link NftUnavailableException} says which
 * and how to provide it. The programs are looked for in {@code /usr/local/sbin},
 * {@code /usr/local/bin}, {@code /usr/sbin}, {@code /usr/bin}, {@code /sbin} and {@code /bin}
 * (not in {@code PATH}), and run with an empty environment. One thing a user namespace's kernel
 * refuses that the host's would take: statements that rewrite IP header fields ({@code ip ttl set},
 * {@code ip dscp set}, {@code ip6 hoplimit set}) fail with "Operation not permitted" unless the JVM
 * runs as root.
 *
 * <p>What a text makes is what is taken, not its commands: its {@code flush} and {@code delete}
 * commands act on the empty scratch kernel and are not carried over.
 *
 * <p>Whose access to files nft reads with depends on who wrote what it reads. A text given as a
 * string ({@link #toJson(String, String...)}, {@link #parse}, {@link #check}) may come from anyone,
 * an application's user as well: nft reads it, and the files its {@code include}s name, with no
 * more access than the JVM's user, and under a root JVM than {@code nobody}, so a text cannot make
 * a root JVM read or quote a root-only file. A file given by its path ({@link #fileToJson},
 * {@link #parseFile}, {@link #checkFile}) is its author's, who named it (an operator naming it on
 * the command line, an application its own configuration): nft reads it as {@code nft -f FILE} run
 * by the JVM's user would, root-only files included under a root JVM, with includes searched in
 * the file's directory too ({@code nft -I DIR}), then in nft's include path ({@code /etc}); an
 * include starting with {@code ./} is relative to the JVM's working directory, as for nft. Give a
 * path only for a file whose author may read what the JVM's user may.
 *
 * <p>Rules that name interfaces by index ({@code iif "eth0"}, {@code oif}) need the interfaces to
 * exist when nft reads them; name them, and they are created in the scratch namespace first
 * (dummy links, else ifb or veth, whichever the kernel has) (this needs iproute2's {@code ip}). Each call takes about as long as two runs of
 * nft (tens of milliseconds for a small ruleset); at most two minutes.
 */
public final class NftText {
    private NftText() {}

    /** Where the programs are looked for, in this order. */
    static final List<Path> DIRS = List.of(Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"),
            Path.of("/usr/bin"), Path.of("/sbin"), Path.of("/bin"));
    /** How long one call may take. */
    static final Duration DEADLINE = Duration.ofMinutes(2);

    /**
     * What nft makes of the text: the listing {@code nft -j list ruleset} prints after
     * {@code nft -f} of the text, in a scratch kernel.
     *
     * @param text a ruleset in nft syntax, as {@code nft -f} reads it
     * @param interfaces interfaces to create first, for rules that name them by index
     * @return the JSON listing ({@code {"nftables": [{"metainfo": …}, {"table": …}, …]}}), with
     *     the handles the scratch kernel gave
     * @throws NftTextException when nft refuses the text (its line, column and message)
     * @throws NftUnavailableException when nft, unshare or user namespaces are missing here
     */
    public static String toJson(String text, String... interfaces) throws NftjException {
        return toJson(DIRS, !root(), text, null, List.of(interfaces));
    }

    /**
     * What nft makes of a file its author named: the listing {@code nft -j list ruleset} prints
     * after {@code nft -I DIR -f FILE} in a scratch kernel, nft reading the file and its includes
     * with the JVM's user's access to files (root's under a root JVM).
     *
     * @param file a ruleset in nft syntax, as {@code nft -f} reads it; its includes are searched in
     *     its directory, then in nft's include path
     * @param interfaces interfaces to create first, for rules that name them by index
     * @return the JSON listing, with the handles the scratch kernel gave
     * @throws NftTextException when nft refuses the file or a file it includes (the file, line,
     *     column and message)
     * @throws NftUnavailableException when nft, unshare or user namespaces are missing here
     */
    public static String fileToJson(Path file, String... interfaces) throws NftjException {
        return toJson(DIRS, !root(), null, file.toAbsolutePath().normalize(), List.of(interfaces));
    }

    /**
     * The text as a batch any client applies: the objects nft listed of it, to be added in one
     * transaction ({@link Batch#parse}).
     *
     * @param text a ruleset in nft syntax
     * @param interfaces interfaces to create first, for rules that name them by index
     * @return the batch
     * @throws NftTextException when nft refuses the text
     * @throws NftUnavailableException when nft, unshare or user namespaces are missing here
     * @throws InvalidRequestException when nft's listing is not one nftj reads
     */
    public static Batch parse(String text, String... interfaces) throws NftjException {
        return Batch.parse(toJson(text, interfaces));
    }

    /**
     * The offline check of a text, without a helper: nft's parser and a scratch kernel took it,
     * and nftj's validator takes what they made of it, as the helper will check it.
     *
     * @param text a ruleset in nft syntax
     * @param interfaces interfaces to create first, for rules that name them by index
     * @return the checked batch, ready to apply
     * @throws NftTextException when nft refuses the text
     * @throws NftUnavailableException when nft, unshare or user namespaces are missing here
     * @throws InvalidRequestException when nftj refuses what nft made of it (every problem named)
     */
    public static Batch check(String text, String... interfaces) throws NftjException {
        Batch batch = parse(text, interfaces);
        batch.validate();
        return batch;
    }

    /**
     * A file its author named as a batch any client applies ({@link #fileToJson}).
     *
     * @param file a ruleset in nft syntax
     * @param interfaces interfaces to create first, for rules that name them by index
     * @return the batch
     * @throws NftTextException when nft refuses the file or a file it includes
     * @throws NftUnavailableException when nft, unshare or user namespaces are missing here
     * @throws InvalidRequestException when nft's listing is not one nftj reads
     */
    public static Batch parseFile(Path file, String... interfaces) throws NftjException {
        return Batch.parse(fileToJson(file, interfaces));
    }

    /**
     * The offline check of a file its author named ({@link #fileToJson}), as {@link #check} checks
     * a text.
     *
     * @param file a ruleset in nft syntax
     * @param interfaces interfaces to create first, for rules that name them by index
     * @return the checked batch, ready to apply
     * @throws NftTextException when nft refuses the file or a file it includes
     * @throws NftUnavailableException when nft, unshare or user namespaces are missing here
     * @throws InvalidRequestException when nftj refuses what nft made of it (every problem named)
     */
    public static Batch checkFile(Path file, String... interfaces) throws NftjException {
        Batch batch = parseFile(file, interfaces);
        batch.validate();
        return batch;
    }

    // ---- the run ----------------------------------------------------------------------------------

    /** How a scratch run ended: listed, or the step that failed. */
    enum Ending {
        /** nft listed what it made of the text. */
        LISTED,
        /** A named interface could not be created. */
        INTERFACE,
        /** nft refused the text. */
        LOAD,
        /** nft took the text but its listing failed. */
        LIST,
        /** Killed at the deadline, or for printing too much. */
        KILLED,
        /** unshare failed before the script ran (the user namespace could not be made), or another failure. */
        OTHER
    }

    /**
     * How one run ended (the transport's scratch run, as the gate hands it over).
     *
     * @param ending how it ended
     * @param status the exit status
     * @param listing nft's JSON listing when it {@link Ending#LISTED}
     * @param errors what the programs printed on stderr
     */
    record Run(Ending ending, int status, String listing, String errors) {}

    /**
     * The run itself: the programs found in {@code dirs}, in a user namespace too when
     * {@code userNamespace} (everyone but root); nft reads {@code text} from anyone, or, when
     * {@code file} (absolute) is given instead, that file as its author's.
     */
    static String toJson(List<Path> dirs, boolean userNamespace, String text, Path file, List<String> interfaces)
            throws NftjException {
        Path nft = find(dirs, "nft", NftUnavailableException.Reason.NO_NFT,
                "install it (Debian, Ubuntu: apt-get install nftables; Fedora: dnf install nftables)");
        Path unshare = find(dirs, "unshare", NftUnavailableException.Reason.NO_UNSHARE,
                "install util-linux (Debian, Ubuntu: apt-get install util-linux)");
        Path sh = find(dirs, "sh", NftUnavailableException.Reason.NO_UNSHARE, "install a POSIX shell (Debian: dash)");
        Path ip = interfaces.isEmpty() ? sh : find(dirs, "ip", NftUnavailableException.Reason.NO_IP,
                "install iproute2 (Debian, Ubuntu: apt-get install iproute2), or name no interfaces");
        Path setpriv = userNamespace ? sh : find(dirs, "setpriv", NftUnavailableException.Reason.NO_UNSHARE,
                "install util-linux (Debian, Ubuntu: apt-get install util-linux)");
        Run run;
        try {
            run = Gate.scratchNft(unshare, sh, nft, ip, setpriv, userNamespace, interfaces, text, file, DEADLINE);
        } catch (IOException e) {
            throw new NftUnavailableException(NftUnavailableException.Reason.NO_UNSHARE,
                    unshare + " could not be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NftUnavailableException(NftUnavailableException.Reason.FAILED,
                    "interrupted while nft read the text in a scratch namespace", e);
        }
        return switch (run.ending()) {
            case LISTED -> run.listing();
            case LOAD -> throw refused(run.errors(), file == null ? text : readable(file), file, userNamespace);
            case INTERFACE -> throw new NftUnavailableException(NftUnavailableException.Reason.INTERFACE,
                    "an interface of " + interfaces + " could not be created in the scratch namespace: "
                            + firstLine(run.errors()), null);
            case KILLED -> throw new NftUnavailableException(NftUnavailableException.Reason.TIMEOUT,
                    "nft did not read the text in time in its scratch namespace (" + firstLine(run.errors()) + ")", null);
            case LIST -> throw new NftUnavailableException(NftUnavailableException.Reason.FAILED,
                    "nft took the text but could not list it: " + firstLine(run.errors()), null);
            case OTHER -> throw unavailable(unshare, run);
        };
    }

    private static Path find(List<Path> dirs, String name, NftUnavailableException.Reason reason, String how)
            throws NftUnavailableException {
        for (Path d : dirs) {
            Path p = d.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        throw new NftUnavailableException(reason, "reading nft syntax needs the '" + name + "' command, found in none of "
                + dirs + ": " + how, null);
    }

    /** nft's first error: {@code FILE:LINE:FIRST-LAST: Error: MESSAGE} (FILE is /dev/stdin for a text). */
    private static final Pattern ERROR = Pattern.compile("^([^:\\n]*):(\\d+):(\\d+)-(\\d+): Error: (.*)$", Pattern.MULTILINE);

    /**
     * nft's refusal, located: "line 3, column 13: syntax error, … (in: `tcp dport 22 acept`)" in
     * the text or file read, or "in /etc/b.nft, line 2, column 1: …" in a file it includes.
     *
     * @param text the text or file's content read (null: not readable here), quoted from
     * @param file the author's file read, or null for a text
     */
    static NftTextException refused(String errors, String text, Path file, boolean userNamespace) {
        String printed = errors.replace("/dev/stdin:", "line ");
        Matcher m = ERROR.matcher(errors);
        if (!m.find()) return new NftTextException("nft refused the text: " + firstLine(errors), 0, 0, printed);
        int line = Integer.parseInt(m.group(2));
        int column = Integer.parseInt(m.group(3));
        boolean read = m.group(1).equals(file == null ? "/dev/stdin" : file.toString());
        List<String> lines = read && text != null ? text.lines().toList() : List.of();
        String source = line >= 1 && line <= lines.size() ? " (in: `" + lines.get(line - 1).strip() + "`)" : "";
        String why = m.group(5);
        String reader = userNamespace ? "the JVM's user" : file == null ? "nobody" : "root";
        String hint = userNamespace && why.endsWith("Operation not permitted")
                ? " (nft in a user namespace may not do this, e.g. rewrite IP header fields: ip ttl, ip dscp, ip6 hoplimit set;"
                + " a JVM running as root reads such a text in a network namespace alone)"
                : why.contains("Could not open file") && why.endsWith("Permission denied")
                ? " (nft reads " + (file == null ? "a text" : "a file") + " with no more access to files than " + reader
                + " has: make the included file readable by it, or give the text without the include)"
                : why.equals("Could not process rule: No such file or directory")
                ? " (a table, chain or set it names does not exist: nft reads the text alone, in an empty scratch kernel,"
                + " so declare what it names in the text)" : "";
        String where = read ? "" : "in " + m.group(1) + ", ";
        return new NftTextException(where + "line " + line + ", column " + column + ": " + why + source + hint, line, column,
                printed);
    }

    /** The file's content for quoting nft's errors, or null when this JVM cannot read it. */
    private static String readable(Path file) {
        try {
            return Files.size(file) <= 64L << 20 ? Files.readString(file) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether this process runs as root (its effective uid, from /proc/self/status). */
    static boolean root() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("Uid:")) return l.split("\\s+")[2].equals("0");
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: not root as far as this class can tell; the user namespace is made
        }
        return false;
    }

    private static NftUnavailableException unavailable(Path unshare, Run run) {
        String said = firstLine(run.errors());
        if (said.contains("unshare") || said.contains("uid_map") || said.contains("setgroups")) {
            return new NftUnavailableException(NftUnavailableException.Reason.USER_NAMESPACES_DISABLED,
                    "reading nft syntax needs a user namespace, and this user may not create one (" + unshare
                            + " --user --map-root-user --net: " + said + "): " + userNamespaceHint(said), null);
        }
        return new NftUnavailableException(NftUnavailableException.Reason.FAILED,
                "nft could not be run in a scratch namespace (exit " + run.status() + "): " + said, null);
    }

    /** Which switch disables user namespaces here, and how to turn it. */
    static String userNamespaceHint(String said) {
        if (said.contains("No space left on device")) {
            return "the limit of user namespaces is reached or 0 (user.max_user_namespaces, of this user namespace or "
                    + "an enclosing one: sysctl user.max_user_namespaces; raise it with sysctl -w user.max_user_namespaces=15000)";
        }
        if ("0".equals(sysctl("kernel/unprivileged_userns_clone"))) {
            return "they are disabled by kernel.unprivileged_userns_clone=0; enable them with "
                    + "sysctl -w kernel.unprivileged_userns_clone=1";
        }
        if ("0".equals(sysctl("user/max_user_namespaces"))) {
            return "they are disabled by user.max_user_namespaces=0; enable them with sysctl -w user.max_user_namespaces=15000";
        }
        if ("1".equals(sysctl("kernel/apparmor_restrict_unprivileged_userns"))) {
            return "AppArmor restricts them (kernel.apparmor_restrict_unprivileged_userns=1); allow them for this "
                    + "program with an AppArmor profile granting 'userns', or sysctl -w kernel.apparmor_restrict_unprivileged_userns=0";
        }
        return "no sysctl here disables them, so a seccomp filter (a container runtime's default profile refuses "
                + "unshare) or a limit of user namespaces does; run the tests outside such a container, or allow unshare in its profile";
    }

    private static String sysctl(String name) {
        try {
            return Files.readString(Path.of("/proc/sys", name)).strip();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
