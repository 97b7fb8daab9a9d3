package org.nftj.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the {@code nft} command in a scratch kernel: a private network namespace made for the one
 * run and gone with it, inside a private user namespace that this JVM's user creates
 * ({@code unshare --user --map-root-user --net}; a JVM running as root needs none and uses
 * {@code unshare --net}). nft reads a text in its own syntax there and lists what the namespace's
 * kernel made of it as JSON ({@code nft -j list ruleset}). No privilege is needed: nft is root only
 * over the namespace's own network stack, which holds nothing but what the text made; the host's
 * ruleset, and the helper, are never involved.
 *
 * <p>nft reads files a text names ({@code include "/etc/shadow"}) and quotes them in its errors, so
 * what it may read depends on who wrote what it reads ({@link Source}). A {@linkplain Source#anyonesText
 * text} may come from anyone (an application's user): nft never runs with more than the right to
 * program the scratch kernel; in a user namespace it has the JVM user's own access to files, under a
 * root JVM it runs as {@code nobody} (setpriv: uid and gid 65534, no supplementary groups, no new
 * privileges) keeping only CAP_NET_ADMIN, which acts on the scratch namespace alone. An
 * {@linkplain Source#authorsFile author's file} is one its author named (an operator on the command
 * line): nft reads it by its path as {@code nft -f FILE} run by the JVM's user would, includes
 * searched beside it ({@code -I} its directory) and in nft's include path; in a user namespace
 * with the JVM user's access, under a root JVM as root keeping only CAP_NET_ADMIN and root's access
 * to files (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH). Either way nft acts only on the scratch kernel.
 *
 * <p>One process tree per run: {@code unshare} creates the namespaces and only then starts a fixed
 * {@code sh} script inside them (so no command of the run can reach the host's network namespace),
 * which creates the named interfaces (dummy links, else ifb or veth, whichever this kernel has), loads the text from its stdin with
 * {@code nft -f}, and lists. Every program is named by an absolute path; the environment is empty;
 * the data (paths, interface names) are the script's arguments, never part of its text; the run is
 * killed at its deadline, and its output is bounded.
 */
public final class ScratchNft {
    private ScratchNft() {}

    /** At most this many bytes of output are kept: a listing beyond it fails the run. */
    public static final int MAX_OUTPUT = 256 << 20;
    /** At most this many bytes of nft's diagnostics are kept. */
    private static final int MAX_ERRORS = 64 << 10;

    /** Exit status of the script when an interface could not be created. */
    public static final int EXIT_INTERFACE = 70;
    /** Exit status of the script when nft did not take the text. */
    public static final int EXIT_LOAD = 71;
    /** Exit status of the script when nft could not list what it loaded. */
    public static final int EXIT_LIST = 72;
    /** Exit status when the run was killed at its deadline or for its output size. */
    public static final int EXIT_KILLED = -1;

    /**
     * The fixed script: $1 nft, $2 ip, $3 setpriv (empty: nft keeps the script's user), $4 the
     * author's file (empty: a text, on stdin), $5 its directory, the interfaces after them. Exits 70
     * when an interface cannot be made, 71 when nft refuses the text, 72 when the listing fails.
     */
    private static final String SCRIPT = """
            nft=$1 ip=$2 setpriv=$3 file=$4 dir=$5; shift 5
            for i do
              "$ip" link add "$i" type dummy 2>/dev/null || "$ip" link add "$i" type ifb 2>/dev/null \
                || "$ip" link add "$i" type veth || exit 70
            done
            set --
            if [ -n "$setpriv" ] && [ -z "$file" ]; then
              set -- "$setpriv" --reuid=65534 --regid=65534 --clear-groups --no-new-privs \
                --inh-caps=-all,+net_admin --ambient-caps=+net_admin
            elif [ -n "$setpriv" ]; then
              set -- "$setpriv" --bounding-set=-all,+net_admin,+dac_override,+dac_read_search --inh-caps=-all --no-new-privs
            fi
            if [ -z "$file" ]; then
              "$@" "$nft" -f /dev/stdin || exit 71
            else
              "$@" "$nft" -I "$dir" -f "$file" </dev/null || exit 71
            fi
            "$@" "$nft" -j list ruleset || exit 72
            """;

    /**
     * What nft reads, and so with whose access to files.
     *
     * @param text a text in nft syntax, given to nft on its stdin (null for an author's file)
     * @param file an author's file, read by nft by its absolute path (null for a text)
     */
    public record Source(String text, Path file) {
        /** Checks that exactly one of text and file is given, and that a file's path is absolute. */
        public Source {
            if ((text == null) == (file == null)) throw new IllegalArgumentException("a source is a text or a file");
            if (file != null && (!file.isAbsolute() || file.getParent() == null)) {
                throw new IllegalArgumentException("not an absolute path of a file: " + file);
            }
        }

        /**
         * A text from anyone: nft reads it with no more access to files than the JVM's user, and
         * under a root JVM than {@code nobody}.
         *
         * @param text the ruleset in nft syntax
         * @return the source
         */
        public static Source anyonesText(String text) {
            return new Source(Objects.requireNonNull(text, "text"), null);
        }

        /**
         * A file named by its author, who may read what it includes: nft reads it with the JVM
         * user's access to files (root's under a root JVM), includes searched in its directory too.
         *
         * @param file the file
         * @return the source
         */
        public static Source authorsFile(Path file) {
            return new Source(null, file.toAbsolutePath().normalize());
        }
    }

    /** An interface name as the kernel takes one (IFNAMSIZ, no slash, colon or blank). */
    private static final Pattern INTERFACE = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /**
     * The programs a run needs, each by absolute path.
     *
     * @param unshare util-linux's unshare
     * @param sh a POSIX shell
     * @param nft the nft command
     * @param ip iproute2's ip (used only when interfaces are named)
     * @param setpriv util-linux's setpriv (used only without a user namespace, to run nft as nobody)
     */
    public record Tools(Path unshare, Path sh, Path nft, Path ip, Path setpriv) {
        /** Checks that every path is absolute. */
        public Tools {
            for (Path p : List.of(unshare, sh, nft, ip, setpriv)) {
                if (!p.isAbsolute()) throw new IllegalArgumentException("not an absolute path: " + p);
            }
        }
    }

    /**
     * What a run printed and how it ended.
     *
     * @param exitStatus unshare's exit status (1 when it could not create the namespaces), the
     *     script's ({@link #EXIT_INTERFACE}, {@link #EXIT_LOAD}, {@link #EXIT_LIST}, 0), or
     *     {@link #EXIT_KILLED}
     * @param listing what {@code nft -j list ruleset} printed (empty unless the status is 0)
     * @param errors what the programs printed on stderr (at most 64 KiB)
     */
    public record Run(int exitStatus, String listing, String errors) {}

    /**
     * Loads {@code text} into a fresh scratch namespace and lists it.
     *
     * @param tools the programs, by absolute path
     * @param userNamespace whether to make a user namespace too (false only for a JVM running as root;
     *     then nft runs with CAP_NET_ADMIN only, as nobody for a text)
     * @param interfaces names of interfaces (dummy links) to create before loading, for rules that
     *     refer to interfaces by index ({@code iif}, {@code oif})
     * @param source the ruleset: a text, or an author's file
     * @param deadline how long the whole run may take
     * @return how the run ended
     * @throws IOException when unshare cannot be started at all
     * @throws InterruptedException when the calling thread is interrupted (the run is killed)
     */
    public static Run run(Tools tools, boolean userNamespace, List<String> interfaces, Source source, Duration deadline)
            throws IOException, InterruptedException {
        return run(tools, userNamespace, interfaces, source, deadline, MAX_OUTPUT);
    }

    /** {@link #run(Tools, boolean, List, Source, Duration)} with another bound of the listing (tests). */
    static Run run(Tools tools, boolean userNamespace, List<String> interfaces, Source source, Duration deadline, int maxOutput)
            throws IOException, InterruptedException {
        Objects.requireNonNull(source, "source");
        String text = source.file() == null ? source.text() : "";
        List<String> command = new ArrayList<>(List.of(tools.unshare().toString()));
        if (userNamespace) command.addAll(List.of("--user", "--map-root-user"));
        command.addAll(List.of("--net", "--", tools.sh().toString(), "-c", SCRIPT, "nftj-scratch", tools.nft().toString(),
                tools.ip().toString(), userNamespace ? "" : tools.setpriv().toString(),
                source.file() == null ? "" : source.file().toString(),
                source.file() == null ? "" : source.file().getParent().toString()));
        for (String i : interfaces) {
            if (!INTERFACE.matcher(i).matches()) throw new IllegalArgumentException("not an interface name: '" + i + "'");
            command.add(i);
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().clear();
        Process p = pb.start();
        Drain out = new Drain(p.getInputStream(), maxOutput, p);
        Drain err = new Drain(p.getErrorStream(), MAX_ERRORS, null);
        Thread feed = Thread.ofVirtual().name("nftj-scratch-stdin").start(() -> feed(p.getOutputStream(), text));
        try {
            if (!p.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                return new Run(EXIT_KILLED, "", err.text() + "\nkilled after " + deadline.toMillis() + " ms");
            }
            feed.join();
            out.join();
            err.join();
            if (out.overflowed()) return new Run(EXIT_KILLED, "", "the listing exceeded " + maxOutput + " bytes");
            int status = p.exitValue();
            return new Run(status, status == 0 ? out.text() : "", err.text());
        } finally {
            if (p.isAlive()) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private static void feed(OutputStream stdin, String text) {
        try (stdin) {
            stdin.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // nft stopped reading (it failed early); its status and stderr say why
        }
    }

    /** Reads a stream to its end on a virtual thread, keeping at most {@code max} bytes. */
    private static final class Drain {
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        private volatile boolean overflowed;

        Drain(InputStream in, int max, Process killOnOverflow) {
            this.thread = Thread.ofVirtual().name("nftj-scratch-drain").start(() -> {
                byte[] buf = new byte[65536];
                try (in) {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        int room = max - kept.size();
                        kept.write(buf, 0, Math.min(n, Math.max(room, 0)));
                        if (n > room && !overflowed) {
                            overflowed = true;
                            if (killOnOverflow != null) {
                                killOnOverflow.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                                killOnOverflow.destroyForcibly();
                            }
                        }
                    }
                } catch (IOException e) {
                    // the process was killed
                }
            });
        }

        void join() throws InterruptedException { thread.join(); }

        boolean overflowed() { return overflowed; }

        String text() { return kept.toString(StandardCharsets.UTF_8); }
    }
}
