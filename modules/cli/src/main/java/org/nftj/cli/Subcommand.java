package org.nftj.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every subcommand of {@code nftj}: its name, synopsis, options and help text. */
enum Subcommand {
    APPLY("apply", "apply FILE", "apply a libnftables JSON or nft syntax file as one transaction",
            """
            Applies FILE ({"nftables":[...]} as `nft -j` reads it, or nft's text syntax, read by nft in a
            scratch namespace; "-" for stdin) through the helper as one kernel transaction: all of it or
            nothing. Only tables in the helper's policy may be touched. A text that flushes or deletes is
            refused (what a text makes is added): sync it instead.""",
            List.of("nftj apply /etc/nftj/app.json"),
            Map.of()),
    CHECK("check", "check FILE", "dry run: the kernel checks FILE, nothing changes",
            """
            Validates FILE and has the kernel check it (libnftables' check mode). Nothing changes.""",
            List.of("nftj check /etc/nftj/app.json"),
            Map.of()),
    LIST("list", "list [FAMILY/TABLE] [--summary]", "show one owned table, or every table the policy owns",
            """
            Lists TABLE (e.g. inet/app, or two words: inet app), or all tables of the helper's policy, as
            `nft list` prints them. --summary shows each table's chains with their rule counts and its sets
            with their element counts instead, read without reading an element (instant even beside a
            million-element blocklist; a full listing's cost grows with the sets). With --json: the
            libnftables JSON document, as `nft -j list` prints it.""",
            List.of("nftj list inet/app", "nftj list inet/app --summary"),
            Map.of("--summary", false)),
    SYNC("sync", "sync FILE|DIR... [--plan]", "show the plan to reach the files' tables, then apply it atomically",
            """
            Each FILE holds the desired state of one or more owned tables, either as `nftj --json list` or
            `nft -j list table` prints it (objects) or as add commands, or in nft's text syntax (what nft
            makes of it in a scratch namespace; a flush ruleset on top is fine); a DIR stands for its
            *.json and *.nft files, in name order (as the boot unit conf/nftj-boot.service uses
            /etc/nftj/sync.d). A table may be described in one file only. nftj lists each table and prints the plan: what will be added
            (+), removed (-) and changed (~). Only what differs is touched: unchanged chains, sets and
            counters stay as they are. A set given without elements keeps those the kernel holds (loaded
            with nftj elements, or added by rules); one given with elements gets exactly those. Then the
            plans of all the tables are applied as ONE transaction. Tables not named in the files are
            not touched. --plan prints the plan and applies nothing.""",
            List.of("nftj --audit /var/log/nftj/audit.jsonl sync /etc/nftj/sync.d"),
            Map.of("--plan", false)),
    ELEMENTS("elements", "elements add|remove FAMILY/TABLE/SET [FILE] [--chunk N | --atomic]",
            "add or remove set elements in bulk (one per line, from FILE or stdin)",
            """
            Reads one element per line from FILE (or stdin when FILE is absent or "-"); blank lines and
            lines starting with # are skipped. An element is an address (192.0.2.1), a prefix
            (10.0.0.0/8), a range (192.0.2.1-192.0.2.9 or 1000-2000), or a number (a port).
            By default elements are streamed (one chunk in memory, the next prepared while the helper
            applies the last) and each chunk of --chunk elements (default 50000) is one transaction: on
            a failure nftj says which lines were applied and how to continue from the next one.
            --atomic reads and checks every line first (the first bad line is reported and nothing
            changes), then applies the whole input as ONE transaction: all of it or nothing (up to
            about 15 MiB of elements, the helper's request limit). A progress bar is drawn on stderr
            when stderr is a terminal.""",
            List.of("cat blocklist.txt | nftj elements add --atomic inet/app/blocklist"),
            Map.of("--chunk", true, "--atomic", false)),
    AUDIT("audit", "audit verify FILE [--anchor HASH]", "verify the hash chain of an nftj audit log",
            """
            Checks every record of the audit log FILE: sequence numbers, the hash chain, and the record
            format. Exit 0 when intact; 1 with the first broken record otherwise.
            --anchor HASH also requires a head hash recorded earlier elsewhere to be in the log, which
            reveals records removed from its end.""",
            List.of("nftj audit verify /var/log/nftj/audit.jsonl"),
            Map.of("--anchor", true)),
    SYSCTL("sysctl", "sysctl get NAME... | sysctl set NAME=VALUE...",
            "read or set network sysctl parameters of the helper's namespace (as its policy allows)",
            """
            get prints NAME = VALUE for each parameter; set changes all of them in one all-or-nothing
            request and prints NAME: OLD -> NEW (or unchanged). Only net.* parameters the helper's policy
            names can be read or set; names and values are checked before anything is sent.""",
            List.of("nftj sysctl set net.ipv4.ip_forward=1"),
            Map.of()),
    DOCTOR("doctor", "doctor [--no-start]", "check this deployment against the security checklist",
            """
            Runs the deployment checklist (docs/doctor-checks.md): the helper's placement, owner, mode and
            file capability, the policy file, the JVM's own flags and environment, capabilities and
            no_new_privs of this JVM, libnftables, and other CAP_NET_ADMIN processes. Each check is
            pass, warn or fail, with the fix. Exit 0 when nothing fails, 78 otherwise. --no-start
            skips starting the helper for a live handshake.""",
            List.of("sudo -u myapp /opt/nftj/bin/nftj doctor"),
            Map.of("--no-start", false)),
    DEMO("demo", "demo --relay DIR [--allow PORT] [--block PORT] [--keep]",
            "the README's demonstration (run by scripts/main inside throwaway namespaces)",
            """
            Applies a sample firewall (table inet nftj_demo) as the current, unprivileged user through
            the helper's file capability, then shows that the allowed port answers and the blocked port
            does not, prints the ruleset and the audit records, and deletes the table again (unless
            --keep). The probes go through DIR/tcp-PORT.sock: relays scripts/main starts in a separate
            "client" network namespace, so the traffic really crosses the firewall. Run it through
            scripts/main, which creates the namespaces and cleans up.""",
            List.of("bash scripts/main"),
            Map.of("--relay", true, "--allow", true, "--block", true, "--keep", false)),
    INSTALL("install", "install [--group GROUP] [--table FAMILY/NAME]... [--operation OP]... [--rate N/BURST] "
            + "[--device NAME]... [--statement NAME]...",
            "as root: set owner, group, modes and the file capability; write or keep the policy; verify",
            """
            Prepares this image for use by unprivileged applications: the image root-owned and not
            writable by others, lib/nftj-helper root:GROUP mode 0750 with the file capability
            cap_net_admin+ep, and conf/nftj-helper.policy.json (root:GROUP 0644): the tables the helper
            may touch (--table, needed the first time), the operations (--operation; default all) and
            the rate of changes (--rate; default 50/200). The image carries no policy, so after copying
            a newer image over this one, nftj install with no options keeps the policy and the group;
            an option changes only what it names. GROUP defaults to the policy's, else "nftj"; put the
            application's user in it. Then verifies everything it set and starts the helper once.
            A new policy keeps the tables' effect on the host conservative (version 2): base chains on
            the usual hooks at priorities -150..150; ingress/egress only on the devices named with
            --device; none of log (without a limit), queue, notrack, ct helper, ct expectation, ct
            timeout, tproxy, synproxy, dup unless named with --statement; caps on elements, sets, chains
            and rules. Without 'replace' among the operations, add only adds: it never changes an
            existing object.""",
            List.of("/opt/nftj/bin/nftj install --group nftj --table inet/app"),
            Map.of("--group", true, "--table", true, "--operation", true, "--rate", true, "--device", true, "--statement", true));

    private final String name;
    private final String synopsis;
    private final String summary;
    private final String description;
    private final List<String> examples;
    private final Map<String, Boolean> options;

    Subcommand(String name, String synopsis, String summary, String description, List<String> examples,
               Map<String, Boolean> options) {
        this.name = name;
        this.synopsis = synopsis;
        this.summary = summary;
        this.description = description;
        this.examples = List.copyOf(examples);
        Map<String, Boolean> all = new LinkedHashMap<>(options);
        all.put("--help", false);
        all.put("-h", false);
        all.put("--json", false);
        this.options = Map.copyOf(all);
    }

    String commandName() { return name; }

    String synopsis() { return "nftj [OPTIONS] " + synopsis; }

    String summary() { return summary; }

    String description() { return description; }

    /** Command lines that show the subcommand at work, for its help. */
    List<String> examples() { return examples; }

    /**
     * Whether it belongs to running a firewall: {@code demo} is the README's demonstration and is
     * listed apart in {@code nftj --help}.
     */
    boolean production() { return this != DEMO; }

    Map<String, Boolean> options() { return options; }

    /** The subcommand a mistyped name most likely meant: at most two edits away, the nearest; or null. */
    static Subcommand nearest(String typed) {
        Subcommand best = null;
        int bestDistance = 3;
        for (Subcommand s : values()) {
            int d = distance(typed, s.name);
            if (d < bestDistance) {
                best = s;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance, bounded by the typed word's length (at most 64 characters are compared). */
    static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) return Integer.MAX_VALUE;
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    static Subcommand of(String name) {
        for (Subcommand s : values()) if (s.name.equals(name)) return s;
        throw new IllegalArgumentException(name);
    }

    /**
     * Whether a cold run of it parses JSON and talks to the helper, so that {@link Warmup} pays off.
     * The switch names every constant and has no default: a new subcommand does not compile until
     * it is placed here.
     */
    boolean talksToHelper() {
        return switch (this) {
            case APPLY, CHECK, LIST, SYNC, ELEMENTS, SYSCTL -> true;
            case AUDIT, DOCTOR, DEMO, INSTALL -> false;
        };
    }

    static Subcommand find(String name) {
        for (Subcommand s : values()) if (s.name.equals(name)) return s;
        return null;
    }
}
