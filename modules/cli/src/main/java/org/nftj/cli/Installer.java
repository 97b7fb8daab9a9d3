package org.nftj.cli;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.nftj.api.HelperInfo;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import tools.jackson.jr.ob.JSON;

/**
 * {@code nftj install}: makes an unpacked image a deployment. Run as root. Every step is a Java
 * file-system call except the file capability (see {@link Capabilities}); then every result is
 * read back, and the helper is started once to show it accepts its placement and policy.
 */
final class Installer {
    static final String DEFAULT_GROUP = "nftj";
    static final String HELPER_CAPS = "cap_net_admin+ep";
    static final List<String> ALL_OPERATIONS = List.of("add", "create", "insert", "replace", "delete", "destroy",
            "flush", "list", "reset", "rename");
    private static final Set<PosixFilePermission> WRITE_BY_OTHERS = EnumSet.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private Installer() {}

    static Report run(Ctx ctx, Args a) throws CliException, NftjException {
        a.positional(0, 0, "install");
        List<Map<String, Object>> tables = tables(a.values("--table"));
        List<String> operations = a.values("--operation");
        for (String op : operations) {
            if (!ALL_OPERATIONS.contains(op)) throw CliException.usage("install: unknown operation '" + op + "'", "one of " + ALL_OPERATIONS);
        }
        int[] rate = a.has("--rate") ? rate(a.value("--rate", "")) : null;
        List<String> devices = a.values("--device");
        for (String d : devices) {
            if (!d.matches("[A-Za-z0-9_.+-]{1,15}\\*?") || d.equals(".") || d.equals("..")) {
                throw CliException.usage("install: --device is an interface name of 1-15 letters, digits, '_', '.', '-', '+', "
                        + "optionally ending in * for a prefix, not '" + d + "'", "e.g. --device eth0 or --device veth*");
            }
        }
        List<String> statements = a.values("--statement");
        for (String st : statements) {
            if (!HOST_WIDE_STATEMENTS.contains(st)) throw CliException.usage("install: unknown statement '" + st + "'", "one of " + HOST_WIDE_STATEMENTS);
        }
        Path helper = ctx.helper();
        Path lib = helper.getParent();
        if (lib == null || lib.getParent() == null || !Files.isRegularFile(helper, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(ExitCode.CONFIG, "no_helper", "no helper at " + helper,
                    "run nftj install from the unpacked image, or pass --helper IMAGE/lib/nftj-helper");
        }
        Path image = lib.getParent();
        Path policyFile = image.resolve(POLICY);
        if (ProcStatus.parse(procStatus()).euid() != 0) {
            throw new CliException(ExitCode.PERMISSION, "not_root", "install changes owners and capabilities: run it as root",
                    "sudo " + image.resolve("bin/nftj") + " install ...");
        }
        // The policy the operator wrote earlier, kept: an upgrade copies a new image (which carries no
        // policy) over the old one and runs install again. Options change only what they name.
        Map<String, Object> kept = readPolicy(policyFile);
        if (kept == null && tables.isEmpty()) {
            throw CliException.usage("install: there is no policy yet (" + policyFile + "): name the tables the helper may touch",
                    "e.g. nftj install --group " + DEFAULT_GROUP + " --table inet/app");
        }
        Map<String, Object> policy = kept == null ? new LinkedHashMap<>() : new LinkedHashMap<>(kept);
        // A new policy is version 2 (caps written out, conservative host-wide defaults). A kept
        // policy stays as it is, except what an option names: --device or --statement turn a
        // version 1 policy into version 2 (only version 2 has them), and new tables of a version 2
        // policy get base chain entries for their families.
        boolean upgrade = !devices.isEmpty() || !statements.isEmpty();
        if (kept == null || upgrade) {
            policy.put("version", 2);
            policy.putIfAbsent("limits", defaultLimits());
        }
        policy.putIfAbsent("version", 1);
        if (!tables.isEmpty()) policy.put("tables", tables);
        if (!operations.isEmpty()) policy.put("operations", operations);
        if (rate != null) policy.put("rate", Map.of("perSecond", rate[0], "burst", rate[1]));
        policy.putIfAbsent("operations", ALL_OPERATIONS);
        policy.putIfAbsent("rate", Map.of("perSecond", 50, "burst", 200));
        if (Objects.equals(policy.get("version"), 2) && (kept == null || upgrade || !tables.isEmpty())) {
            withHostWideDefaults(policy, devices, statements);
        }
        boolean changed = !policy.equals(kept);
        UserPrincipalLookupService users = helper.getFileSystem().getUserPrincipalLookupService();
        String groupName = a.has("--group") ? a.value("--group", DEFAULT_GROUP) : keptGroup(policyFile, helper);
        GroupPrincipal group;
        UserPrincipal root;
        GroupPrincipal rootGroup;
        try {
            group = users.lookupPrincipalByGroupName(groupName);
            root = users.lookupPrincipalByName("root");
            rootGroup = users.lookupPrincipalByGroupName("root");
        } catch (UserPrincipalNotFoundException e) {
            throw new CliException(ExitCode.CONFIG, "no_group", "no group '" + groupName + "'",
                    "create it (groupadd --system " + groupName + ") and add the application's user, or pass --group");
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "lookup", "cannot look up users: " + e.getMessage(), "check /etc/group");
        }
        List<String> steps = new ArrayList<>();
        try {
            unsafeAncestors(image);
            int n = secureTree(image, root, rootGroup);
            steps.add("image " + image + ": " + n + " files and directories root:root, writable by root only");
            Files.createDirectories(image.resolve("conf"));
            if (changed) writePolicy(policyFile, policy);
            // The policy's group is the helper's: a later install (an upgrade) finds it there.
            view(policyFile).setOwner(root);
            view(policyFile).setGroup(group);
            Files.setPosixFilePermissions(policyFile, PosixFilePermissions.fromString("rw-r--r--"));
            steps.add("policy " + policyFile + (changed ? " written" : " kept") + ": tables " + names(policy)
                    + dropped(kept, policy) + ", operations " + policy.get("operations") + ", rate " + rateText(policy.get("rate")));
            for (String line : explain(policy)) steps.add("policy: " + line);
            view(helper).setOwner(root);
            view(helper).setGroup(group);
            Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-x---"));
            // setcap after chown: the kernel clears file capabilities when a file's owner changes.
            Capabilities.set(helper, HELPER_CAPS);
            steps.add("helper " + helper + ": root:" + groupName + " 0750 " + HELPER_CAPS);
        } catch (IOException e) {
            throw new CliException(ExitCode.CONFIG, "install_failed", "install failed: " + e.getMessage(),
                    "fix the cause and run nftj install again (it is idempotent)");
        }
        List<String> problems = verify(image, helper, policyFile, groupName);
        HelperInfo info = null;
        if (problems.isEmpty()) {
            NftjOptions o = NftjOptions.of(helper).withRequestTimeout(java.time.Duration.ofSeconds(10)).withRequireLockdown(false);
            try (Nftj nft = Nftj.open(o)) {
                info = nft.helper();
                List<String> want = tableList(policy).stream().sorted().toList();
                List<String> have = info.ownedTables().stream().sorted().toList();
                if (!want.equals(have)) problems.add("the helper reports the tables " + have + ", not " + want);
            } catch (NftjException e) {
                problems.add("the helper did not start: " + e.getMessage());
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("image", image.toString());
        json.put("steps", steps);
        json.put("policyKept", !changed);
        json.put("verified", problems.isEmpty());
        json.put("problems", problems);
        if (info != null) json.put("helper", Map.of("pid", info.pid(), "version", info.helperVersion(),
                "ownedTables", info.ownedTables(), "locked", info.locked()));
        StringBuilder text = new StringBuilder();
        steps.forEach(st -> text.append("set    ").append(st).append('\n'));
        if (problems.isEmpty()) {
            text.append("verified: owners, modes, capability and policy read back as set");
            if (info != null) text.append("; the helper started (owns ").append(String.join(", ", info.ownedTables())).append(')');
            text.append("\nnext: check the deployment as the application's user").append(Doctor.asMemberOf(Accounts.local(), groupName,
                    image.resolve("bin/nftj") + " doctor")).append('\n');
            return Report.ok(json, text.toString());
        }
        problems.forEach(pr -> text.append("FAILED ").append(pr).append('\n'));
        return new Report(json, text.toString(), ExitCode.CONFIG);
    }

    /** Where the helper reads its policy, relative to the image (helper-zig/src/policy.zig). */
    static final String POLICY = "conf/nftj-helper.policy.json";

    /** The policy install wrote earlier, as JSON, or null when there is none. */
    static Map<String, Object> readPolicy(Path file) throws CliException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) return null;
        try {
            return JSON.std.mapFrom(Files.readString(file));
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCode.CONFIG, "policy", "the existing policy " + file + " cannot be read as JSON: "
                    + e.getMessage(), "fix it, or move it away and name the tables again: nftj install --table FAMILY/NAME");
        }
    }

    /**
     * The helper's group when --group is not given: the policy file's (install gives it the
     * helper's group, and an upgrade keeps the policy while it replaces the helper), else the
     * helper's own when it is not root's, else {@link #DEFAULT_GROUP}.
     */
    static String keptGroup(Path policyFile, Path helper) {
        for (Path p : List.of(policyFile, helper)) {
            try {
                String g = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).group().getName();
                if (!g.equals("root")) return g;
            } catch (IOException e) {
                // absent: look further
            }
        }
        return DEFAULT_GROUP;
    }

    private static List<String> tableList(Map<String, Object> policy) {
        List<String> out = new ArrayList<>();
        if (policy.get("tables") instanceof List<?> l) {
            for (Object t : l) if (t instanceof Map<?, ?> m) out.add(m.get("family") + " " + m.get("name"));
        }
        return out;
    }

    private static String rateText(Object rate) {
        return rate instanceof Map<?, ?> m ? m.get("perSecond") + "/s burst " + m.get("burst") : String.valueOf(rate);
    }

    static List<Map<String, Object>> tables(List<String> specs) throws CliException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String s : specs) {
            var t = FileCommands.table(List.of(s), "install");
            if (!t.name().matches("[A-Za-z0-9_.-]{1,255}")) {
                throw CliException.usage("install: a table name may hold only letters, digits, '_', '-' and '.': " + s, "e.g. inet/app");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("family", t.family().wire());
            m.put("name", t.name());
            out.add(m);
        }
        return out;
    }

    private static int[] rate(String s) throws CliException {
        String[] p = s.split("/", -1);
        try {
            int perSecond = Integer.parseInt(p[0]);
            int burst = p.length == 2 ? Integer.parseInt(p[1]) : perSecond;
            if (p.length > 2 || perSecond < 1 || burst < perSecond || burst > 1_000_000) throw new NumberFormatException();
            return new int[] {perSecond, burst};
        } catch (NumberFormatException e) {
            throw CliException.usage("install: --rate is PER_SECOND/BURST with 1 <= PER_SECOND <= BURST <= 1000000, not '" + s + "'",
                    "e.g. --rate 50/200");
        }
    }

    /** " (no longer: inet/app)" when the --table options left out tables the kept policy owned. */
    private static String dropped(Map<String, Object> kept, Map<String, Object> policy) {
        if (kept == null) return "";
        List<String> gone = new ArrayList<>(tableList(kept));
        gone.removeAll(tableList(policy));
        return gone.isEmpty() ? "" : " (no longer: " + String.join(", ", gone.stream().map(t -> t.replace(' ', '/')).toList())
                + "; --table names every table the helper may touch)";
    }

    private static String names(Map<String, Object> policy) {
        return String.join(", ", tableList(policy).stream().map(t -> t.replace(' ', '/')).toList());
    }

    /** The directories above the image are not ours to change; if one is unsafe, say which and stop. */
    private static void unsafeAncestors(Path image) throws IOException {
        for (Path d = image.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            PosixFileAttributes a = Files.readAttributes(d, PosixFileAttributes.class);
            if (!"root".equals(a.owner().getName()) || !java.util.Collections.disjoint(a.permissions(), WRITE_BY_OTHERS)) {
                throw new IOException(d + " is " + a.owner().getName() + " " + PosixFilePermissions.toString(a.permissions())
                        + ": the helper refuses to run below a directory others can write; move the image (e.g. to /opt/nftj)");
            }
        }
    }

    /** Owner root:root and no group/other write bits on everything in the image (symbolic links untouched). */
    private static int secureTree(Path image, UserPrincipal root, GroupPrincipal rootGroup) throws IOException {
        int[] n = {0};
        Files.walkFileTree(image, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                secure(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) secure(file);
                return FileVisitResult.CONTINUE;
            }

            private void secure(Path p) throws IOException {
                PosixFileAttributeView v = view(p);
                v.setOwner(root);
                v.setGroup(rootGroup);
                Set<PosixFilePermission> perms = EnumSet.copyOf(v.readAttributes().permissions());
                perms.removeAll(WRITE_BY_OTHERS);
                v.setPermissions(perms);
                n[0]++;
            }
        });
        return n[0];
    }

    /** The statements a version 2 policy must list to allow them (docs/helper-language.md). */
    static final List<String> HOST_WIDE_STATEMENTS = List.of("log", "queue", "notrack", "ct helper", "ct expectation",
            "ct timeout", "tproxy", "synproxy", "dup");

    /** The helper's default caps, written out so the operator sees them (helper-zig/src/resources.zig). */
    static Map<String, Object> defaultLimits() {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("elementsPerSet", 131072);
        limits.put("setsPerTable", 16);
        limits.put("chainsPerTable", 128);
        limits.put("rulesPerTable", 8192);
        return limits;
    }

    /**
     * Completes a version 2 policy with install's conservative default for what the tables may do to
     * the whole host, keeping what it already says: a base chain entry for each table family that has
     * none (the usual hooks, types filter and nat where there is nat, priorities -150 (mangle) to 150,
     * so none before connection tracking at -200 where notrack and raw chains sit, policy accept or
     * drop); ingress and egress only on the devices named with --device (none by default); none of the
     * host-wide statements unless named with --statement. --device and --statement replace their list.
     */
    static void withHostWideDefaults(Map<String, Object> policy, List<String> devices, List<String> statements) {
        List<Object> baseChains = policy.get("baseChains") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
        for (Object t : policy.get("tables") instanceof List<?> l ? l : List.of()) {
            Object family = t instanceof Map<?, ?> m ? m.get("family") : null;
            if (family == null || baseChains.stream().anyMatch(e -> e instanceof Map<?, ?> m && family.equals(m.get("family")))) continue;
            List<String> hooks = switch (String.valueOf(family)) {
                case "inet" -> List.of("prerouting", "input", "forward", "output", "postrouting", "ingress");
                case "ip", "ip6", "bridge" -> List.of("prerouting", "input", "forward", "output", "postrouting");
                case "arp" -> List.of("input", "output");
                default -> List.of("ingress", "egress"); // netdev
            };
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("family", family);
            entry.put("hooks", hooks);
            entry.put("types", List.of("inet", "ip", "ip6").contains(String.valueOf(family)) ? List.of("filter", "nat") : List.of("filter"));
            entry.put("priority", Map.of("min", -150, "max", 150));
            entry.put("policies", List.of("accept", "drop"));
            baseChains.add(entry);
        }
        policy.put("baseChains", baseChains);
        if (!devices.isEmpty()) policy.put("devices", devices);
        if (!statements.isEmpty()) policy.put("statements", statements);
        policy.putIfAbsent("devices", List.of());
        policy.putIfAbsent("statements", List.of());
    }

    /** What the policy allows beyond its tables and operations, in words, for install's report. */
    static List<String> explain(Map<String, Object> policy) {
        List<String> lines = new ArrayList<>();
        List<?> operations = policy.get("operations") instanceof List<?> l ? l : List.of();
        if (operations.contains("add") && !operations.contains("replace")) {
            lines.add("add only adds: without 'replace' among the operations, the helper sends add as create, so an object "
                    + "that exists (a base chain, an element, a set, a quota) makes the batch fail instead of changing");
        }
        if (policy.get("limits") instanceof Map<?, ?> m) {
            lines.add("caps: " + m.get("elementsPerSet") + " elements per set (the size of every set the helper creates; "
                    + "also all anonymous sets of a table together), "
                    + m.get("setsPerTable") + " sets, " + m.get("chainsPerTable") + " chains, " + m.get("rulesPerTable")
                    + " rules per table (edit limits in the policy file)");
        }
        if (!Objects.equals(policy.get("version"), 2)) {
            lines.add("version 1: base chains, devices and host-wide statements are not restricted "
                    + "(name a --device or --statement to write version 2)");
            return lines;
        }
        List<?> devices = policy.get("devices") instanceof List<?> l ? l : List.of();
        List<?> statements = policy.get("statements") instanceof List<?> l ? l : List.of();
        lines.add("base chains: as its baseChains list (install's default: the usual hooks of each table's family, "
                + "filter and nat, priority -150..150, policy accept or drop)");
        lines.add(devices.isEmpty() ? "ingress/egress chains and flowtables: on no device (allow one with --device NAME)"
                : "ingress/egress chains and flowtables: on " + devices.stream().map(String::valueOf).collect(Collectors.joining(", ")));
        List<String> refused = HOST_WIDE_STATEMENTS.stream().filter(x -> !statements.contains(x)).toList();
        lines.add("statements acting beyond the table: " + (statements.isEmpty() ? "none allowed"
                : "allowed " + statements.stream().map(String::valueOf).collect(Collectors.joining(", ")))
                + (refused.isEmpty() ? "" : "; refused " + String.join(", ", refused) + " (log: without a limit of at most 100/second written before it in its rule)")
                + " (allow one with --statement NAME)");
        return lines;
    }

    /** Writes the policy atomically (a temporary file renamed over it); owner, group and mode are set after. */
    private static void writePolicy(Path file, Map<String, Object> policy) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.writeString(tmp, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(policy) + "\n");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Reads back what install set; each mismatch is one line. */
    static List<String> verify(Path image, Path helper, Path policyFile, String group) {
        List<String> problems = new ArrayList<>();
        try {
            PosixFileAttributes h = Files.readAttributes(helper, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!h.owner().getName().equals("root")) problems.add("helper owner is " + h.owner().getName());
            if (!h.group().getName().equals(group)) problems.add("helper group is " + h.group().getName());
            if (!PosixFilePermissions.toString(h.permissions()).equals("rwxr-x---")) {
                problems.add("helper mode is " + PosixFilePermissions.toString(h.permissions()));
            }
            String caps = Capabilities.get(helper);
            if (!Capabilities.isNetAdminOnly(caps)) problems.add("helper capabilities are '" + caps + "'");
        } catch (IOException e) {
            problems.add("cannot read the helper back: " + e.getMessage());
        }
        Doctor.Check chain = Doctor.directoryChain(helper);
        if (chain.status() != Doctor.Status.PASS) problems.add(chain.detail());
        Doctor.Check policy = Doctor.policy(helper);
        if (policy.status() != Doctor.Status.PASS) problems.add(policy.detail());
        return problems;
    }

    static PosixFileAttributeView view(Path p) {
        return Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    }

    static String procStatus() throws CliException {
        try {
            return Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "proc", "cannot read /proc/self/status", "nftj needs Linux /proc");
        }
    }
}
