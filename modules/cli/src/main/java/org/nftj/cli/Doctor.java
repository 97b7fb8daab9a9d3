package org.nftj.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.nftj.api.HelperInfo;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import tools.jackson.jr.ob.JSON;

/**
 * {@code nftj doctor}: the deployment checklist. Every check has a stable id (D1…D20), the same
 * as in docs/doctor-checks.md and the threat model's deployment checklist, so an id never changes
 * meaning; new checks get new ids.
 */
final class Doctor {
    /** SKIP: the check is about the application's JVM and this one is not it (doctor runs as root). */
    enum Status { PASS, WARN, FAIL, SKIP }

    /** One checklist item's result. */
    record Check(String id, String title, Status status, String detail, String fix) {
        Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("title", title);
            m.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
            m.put("detail", detail);
            m.put("fix", fix);
            return m;
        }
    }

    /** Everything doctor looks at, so tests can hand it a deployment of their choosing. */
    record Env(Path helper, Map<String, String> environment, String procStatus, List<String> inputArguments,
               Function<String, Optional<String>> vmOption, Function<String, String> property,
               Set<String> runtimeModules, CapHolders holders, long selfPid, Set<Long> ancestors, Accounts accounts,
               boolean startHelper) {

        /** This JVM, as it runs. */
        static Env current(Path helper, boolean startHelper) throws IOException {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            Function<String, Optional<String>> vm = name -> {
                try {
                    return Optional.of(hs.getVMOption(name).getValue());
                } catch (IllegalArgumentException unknown) {
                    return Optional.empty();
                }
            };
            Set<String> modules = new TreeSet<>();
            ModuleFinder.ofSystem().findAll().forEach(m -> modules.add(m.descriptor().name()));
            Set<Long> ancestors = new java.util.HashSet<>();
            for (Optional<ProcessHandle> p = ProcessHandle.current().parent(); p.isPresent() && ancestors.size() < 64;
                    p = p.get().parent()) {
                ancestors.add(p.get().pid());
            }
            return new Env(helper, System.getenv(), Files.readString(Path.of("/proc/self/status")),
                    ManagementFactory.getRuntimeMXBean().getInputArguments(), vm, System::getProperty, modules,
                    CapHolders.proc(), ProcessHandle.current().pid(), ancestors, Accounts.local(), startHelper);
        }
    }

    /** Modules the image leaves out because each is a way into a running JVM (docs/jvm-surface.md). */
    static final List<String> FORBIDDEN_MODULES = List.of("jdk.jdwp.agent", "jdk.management.agent", "java.rmi",
            "jdk.attach", "java.instrument");
    static final List<String> INJECTION_VARIABLES = List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS");
    static final List<Path> LIBNFTABLES = List.of(Path.of("/usr/lib/x86_64-linux-gnu/libnftables.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/libnftables.so.1"), Path.of("/usr/lib64/libnftables.so.1"),
            Path.of("/usr/lib/libnftables.so.1"), Path.of("/lib/x86_64-linux-gnu/libnftables.so.1"));

    private Doctor() {}

    static Report run(Ctx ctx, Args a) throws CliException {
        a.positional(0, 0, "doctor");
        List<Check> checks;
        try {
            checks = checks(Env.current(ctx.helper(), !a.has("--no-start")));
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "proc", "cannot read /proc/self/status: " + e.getMessage(),
                    "doctor needs a Linux /proc");
        }
        return report(checks);
    }

    static Report report(List<Check> checks) {
        Map<Status, Integer> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) counts.put(s, 0);
        StringBuilder text = new StringBuilder();
        checks.stream().filter(c -> c.status() == Status.SKIP).findFirst().ifPresent(c -> text
                .append("doctor runs as root, not as the application: ").append(c.fix()).append('\n'));
        for (Check c : checks) {
            counts.merge(c.status(), 1, Integer::sum);
            text.append(String.format("%-4s %-4s %s%s%n", c.id(), c.status().name().toLowerCase(java.util.Locale.ROOT),
                    c.title(), c.detail().isEmpty() ? "" : ": " + c.detail()));
            if (c.status() == Status.WARN || c.status() == Status.FAIL) text.append("          fix: ").append(c.fix()).append('\n');
        }
        text.append(summary(counts.get(Status.PASS), counts.get(Status.WARN), counts.get(Status.FAIL), counts.get(Status.SKIP)));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checks", checks.stream().map(Check::toJson).toList());
        json.put("summary", Map.of("pass", counts.get(Status.PASS), "warn", counts.get(Status.WARN),
                "fail", counts.get(Status.FAIL), "skip", counts.get(Status.SKIP)));
        return new Report(json, text.toString(), counts.get(Status.FAIL) > 0 ? ExitCode.CONFIG : ExitCode.OK);
    }

    /** "19 passed, 1 warning, 0 failed", with ", 2 skipped" when any were. */
    static String summary(int passed, int warnings, int failed, int skipped) {
        return passed + " passed, " + warnings + (warnings == 1 ? " warning, " : " warnings, ") + failed + " failed"
                + (skipped > 0 ? ", " + skipped + " skipped" : "") + "\n";
    }

    static List<Check> checks(Env env) {
        List<Check> out = new ArrayList<>();
        ProcStatus self = ProcStatus.parse(env.procStatus());
        Path helper = env.helper();
        PosixFileAttributes attrs = attributes(helper);
        boolean root = self.euid() == 0;

        // D1-D5: the helper binary
        if (attrs == null || Files.isSymbolicLink(helper) || !attrs.isRegularFile()) {
            out.add(new Check("D1", "helper location", Status.FAIL, helper + (attrs == null ? " does not exist"
                    : " is not a regular file (a symbolic link or other)"),
                    "install the image and use its lib/nftj-helper, or pass --helper with the helper's absolute path"));
        } else {
            boolean conventional = helper.getParent() != null && helper.getParent().getFileName() != null
                    && helper.getParent().getFileName().toString().equals("lib");
            out.add(new Check("D1", "helper location", conventional ? Status.PASS : Status.WARN, helper.toString(),
                    "keep the helper at IMAGE/lib/nftj-helper with its policy at IMAGE/conf/"));
        }
        if (attrs != null) {
            boolean ownerRoot = "root".equals(attrs.owner().getName());
            String group = attrs.group().getName();
            Status s = !ownerRoot ? Status.FAIL : (!root && "root".equals(group) ? Status.WARN : Status.PASS);
            out.add(new Check("D2", "helper owner and group", s, "owner " + attrs.owner().getName() + ", group " + group,
                    ownerRoot ? "give the helper the application's group (nftj install --group GROUP) and put the application's user in it"
                            : "chown root:GROUP the helper (nftj install does this)"));
            Set<PosixFilePermission> p = attrs.permissions();
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(p);
            boolean exact = mode.equals("rwxr-x---");
            boolean unsafe = p.contains(PosixFilePermission.OTHERS_EXECUTE) || p.contains(PosixFilePermission.OTHERS_WRITE)
                    || p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_READ);
            boolean runnable = Files.isExecutable(helper);
            out.add(new Check("D3", "helper mode", unsafe || !runnable ? Status.FAIL : exact ? Status.PASS : Status.WARN,
                    mode + (runnable ? "" : " (not executable by " + env.accounts().userName(self.uid()) + ")"),
                    unsafe ? "chmod 0750 the helper: only root and its group may run it (nftj install does)"
                            : !runnable ? env.accounts().helperAccessFix(self.uid(), self.groups(), group, gid(helper))
                            : "chmod 0750 the helper (nftj install does)"));
            out.add(directoryChain(helper));
            out.add(fileCapability(helper, root));
        } else {
            for (String[] c : new String[][] {{"D2", "helper owner and group"}, {"D3", "helper mode"},
                    {"D4", "helper directory chain"}, {"D5", "helper file capability"}}) {
                out.add(new Check(c[0], c[1], Status.FAIL, "no helper at " + helper, "see D1"));
            }
        }
        out.add(policy(helper));

        // D7-D14: the JVM's own doors
        List<String> jdwp = env.inputArguments().stream().filter(x -> x.contains("jdwp") || x.startsWith("-Xdebug")).toList();
        out.add(new Check("D7", "no JDWP debug agent", jdwp.isEmpty() ? Status.PASS : Status.FAIL,
                jdwp.isEmpty() ? "" : String.join(" ", jdwp), "remove -agentlib:jdwp / -Xrunjdwp from the JVM's options"));
        List<String> jmx = new ArrayList<>();
        for (String k : List.of("com.sun.management.jmxremote", "com.sun.management.jmxremote.port",
                "com.sun.management.jmxremote.rmi.port", "com.sun.management.config.file")) {
            if (env.property().apply(k) != null) jmx.add(k + "=" + env.property().apply(k));
        }
        env.inputArguments().stream().filter(x -> x.startsWith("-Dcom.sun.management.jmxremote")).forEach(jmx::add);
        out.add(new Check("D8", "no remote JMX", jmx.isEmpty() ? Status.PASS : Status.FAIL, String.join(" ", jmx),
                "remove com.sun.management.jmxremote.*; if the application needs JMX, keep it local with authentication and TLS"));
        out.add(flag(env, "D9", "attach mechanism disabled", "DisableAttachMechanism", "true", Status.FAIL,
                "run with -XX:+DisableAttachMechanism (the image's launcher does)"));
        out.add(flag(env, "D10", "dynamic agent loading disabled", "EnableDynamicAgentLoading", "false", Status.FAIL,
                "run with -XX:-EnableDynamicAgentLoading (the image's launcher does)"));
        out.add(flag(env, "D11", "no perf data file", "UsePerfData", "false", Status.WARN,
                "run with -XX:-UsePerfData so no /tmp/hsperfdata_* file shows the JVM's command line"));
        String filter = env.property().apply("jdk.serialFilter");
        out.add(new Check("D12", "serialization filter rejects everything", "!*".equals(filter) ? Status.PASS : Status.WARN,
                filter == null ? "jdk.serialFilter not set" : "jdk.serialFilter=" + filter, "run with -Djdk.serialFilter=!*"));
        List<String> injected = new ArrayList<>();
        for (String v : INJECTION_VARIABLES) {
            String x = env.environment().get(v);
            if (x != null && !x.isBlank()) injected.add(v + "=" + x);
        }
        out.add(new Check("D13", "no option injection through the environment", injected.isEmpty() ? Status.PASS : Status.FAIL,
                String.join(" ", injected), "unset " + String.join(", ", INJECTION_VARIABLES)
                        + " in the service's environment (systemd: UnsetEnvironment=)"));
        List<String> present = FORBIDDEN_MODULES.stream().filter(env.runtimeModules()::contains).toList();
        out.add(new Check("D14", "runtime without debug/agent/RMI modules", present.isEmpty() ? Status.PASS : Status.WARN,
                present.isEmpty() ? "" : "present: " + String.join(", ", present),
                "run from the nftj image, which leaves these modules out, or jlink the application without them"));

        // D15-D17: this process
        String caps = String.format("CapEff %016x CapPrm %016x CapAmb %016x", self.capEffective(), self.capPermitted(),
                self.capAmbient());
        String asApplication = root ? runAsApplication(env, attrs) : "";
        out.add(root ? new Check("D15", "this JVM holds no capabilities", Status.SKIP, caps + " (doctor runs as root: checked when it runs as the application's user)", asApplication)
                : new Check("D15", "this JVM holds no capabilities", self.holdsAnyCapability() ? Status.FAIL : Status.PASS, caps,
                        "never give the JVM capabilities (systemd: no AmbientCapabilities=, run as an unprivileged User=)"));
        out.add(new Check("D16", "this JVM can run the helper with its file capability", self.noNewPrivs() ? Status.FAIL : Status.PASS,
                self.noNewPrivs() ? "NoNewPrivs: 1, so the helper's file capability is ignored" : "NoNewPrivs: 0",
                "start the JVM without no_new_privs (systemd: NoNewPrivileges=no and no option implying it; "
                        + "see the image's conf/nftj-app.service.example)"));
        out.add(root ? new Check("D17", "not running as root", Status.SKIP, "uid " + self.uid() + ", euid " + self.euid()
                + " (doctor runs as root: checked when it runs as the application's user)", asApplication)
                : new Check("D17", "not running as root", Status.PASS, "uid " + self.uid() + ", euid " + self.euid(), ""));

        // D18-D20: the host
        Optional<Path> lib = LIBNFTABLES.stream().filter(Files::exists).findFirst();
        out.add(new Check("D18", "libnftables present", lib.isPresent() ? Status.PASS : Status.FAIL,
                lib.map(Path::toString).orElse("not found in " + LIBNFTABLES), "install libnftables1 (Debian: apt-get install libnftables1)"));
        out.add(holders(env));
        if (env.startHelper()) out.add(live(helper, env, self, attrs));
        return out;
    }

    /**
     * Doctor as root checks the deployment, not the application: the command that runs it as the
     * application's user (a member of the helper's group), or how to make one.
     */
    static String runAsApplication(Env env, PosixFileAttributes helperAttrs) {
        Path lib = env.helper().toAbsolutePath().getParent();
        String command = lib != null && lib.getParent() != null ? lib.getParent().resolve("bin/nftj").toString() : "nftj";
        String group = helperAttrs == null ? Installer.DEFAULT_GROUP : helperAttrs.group().getName();
        return "run it as the application's user" + asMemberOf(env.accounts(), group, command + " doctor");
    }

    /**
     * {@code ": runuser -u USER -- COMMAND"} for the first member of {@code group} other than root
     * (naming the others), or how to make one when the group has none.
     */
    static String asMemberOf(Accounts accounts, String group, String command) {
        List<String> members = accounts.members(group).stream().filter(u -> !u.equals("root")).toList();
        if (members.isEmpty()) {
            return ", which must be in group " + group + " (usermod -aG " + group + " USER): runuser -u USER -- " + command;
        }
        return ": runuser -u " + members.getFirst() + " -- " + command
                + (members.size() > 1 ? " (group " + group + " also has " + String.join(", ", members.subList(1, members.size())) + ")" : "");
    }

    /** The numeric group of a file, -1 when unknown. */
    static long gid(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static Check flag(Env env, String id, String title, String option, String wanted, Status otherwise, String fix) {
        Optional<String> v = env.vmOption().apply(option);
        return new Check(id, title, v.isPresent() && v.get().equals(wanted) ? Status.PASS : otherwise,
                v.map(x -> option + "=" + x).orElse(option + " unknown to this JVM"), fix);
    }

    static Check directoryChain(Path helper) {
        List<String> bad = new ArrayList<>();
        for (Path d = helper.toAbsolutePath().getParent(); d != null; d = d.getParent()) {
            PosixFileAttributes a = attributes(d);
            if (a == null) {
                bad.add(d + " (unreadable)");
                continue;
            }
            Set<PosixFilePermission> p = a.permissions();
            if (!"root".equals(a.owner().getName()) || p.contains(PosixFilePermission.GROUP_WRITE)
                    || p.contains(PosixFilePermission.OTHERS_WRITE)) {
                bad.add(d + " (" + a.owner().getName() + " " + java.nio.file.attribute.PosixFilePermissions.toString(p) + ")");
            }
        }
        return new Check("D4", "helper directory chain", bad.isEmpty() ? Status.PASS : Status.FAIL,
                bad.isEmpty() ? "every directory up to / is root-owned, writable only by root" : "unsafe: " + String.join(", ", bad),
                "install the image below root-owned directories no one else can write (e.g. /opt/nftj); the helper refuses to start otherwise");
    }

    private static Check fileCapability(Path helper, boolean root) {
        String caps;
        try {
            caps = Capabilities.get(helper);
        } catch (IOException e) {
            return new Check("D5", "helper file capability", Status.FAIL, "cannot read: " + e.getMessage(),
                    "install libcap2-bin (getcap), then check again");
        }
        if (Capabilities.isNetAdminOnly(caps)) return new Check("D5", "helper file capability", Status.PASS, caps, "");
        if (caps.isEmpty()) {
            return new Check("D5", "helper file capability", root ? Status.WARN : Status.FAIL, "none",
                    "setcap cap_net_admin+ep on the helper (nftj install does this); without it only root can use the helper");
        }
        return new Check("D5", "helper file capability", Status.FAIL, caps + " (more than cap_net_admin=ep)",
                "setcap cap_net_admin+ep on the helper: exactly that capability, nothing else");
    }

    static Check policy(Path helper) {
        Path lib = helper.toAbsolutePath().getParent();
        Path file = (lib == null || lib.getParent() == null ? Path.of("/") : lib.getParent()).resolve("conf/nftj-helper.policy.json");
        String fix = "write it as root with nftj install --table FAMILY/NAME: root-owned, mode 0644";
        PosixFileAttributes a = attributes(file);
        if (a == null) return new Check("D6", "helper policy file", Status.FAIL, file + " missing", fix);
        Set<PosixFilePermission> p = a.permissions();
        if (!"root".equals(a.owner().getName()) || p.contains(PosixFilePermission.GROUP_WRITE)
                || p.contains(PosixFilePermission.OTHERS_WRITE) || !a.isRegularFile()) {
            return new Check("D6", "helper policy file", Status.FAIL, file + " is " + a.owner().getName() + " "
                    + java.nio.file.attribute.PosixFilePermissions.toString(p), fix);
        }
        try {
            Map<String, Object> m = JSON.std.mapFrom(Files.readString(file));
            if (!(m.get("tables") instanceof List<?> tables) || tables.isEmpty()) {
                return new Check("D6", "helper policy file", Status.FAIL, file + " owns no tables", fix);
            }
            List<String> names = tables.stream().map(t -> t instanceof Map<?, ?> tm ? tm.get("family") + "/" + tm.get("name") : "?").toList();
            return new Check("D6", "helper policy file", Status.PASS, file + " owns " + String.join(", ", names), "");
        } catch (IOException | RuntimeException e) {
            return new Check("D6", "helper policy file", Status.FAIL, file + " cannot be read as JSON: " + e.getMessage(), fix);
        }
    }

    private static Check holders(Env env) {
        String title = "no unknown CAP_NET_ADMIN processes";
        List<CapHolders.Holder> all;
        try {
            all = env.holders().scan();
        } catch (IOException e) {
            return new Check("D19", title, Status.WARN, "cannot scan /proc: " + e.getMessage(), "run doctor where /proc is readable");
        }
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (CapHolders.Holder h : all) {
            if (h.pid() == env.selfPid() || h.name().equals("nftj-helper")) continue;
            String why = KnownHolders.why(h, env.ancestors());
            if (why != null) {
                known.add(h.name() + "[" + h.pid() + "] (" + why + ")");
            } else {
                unknown.add(h.name() + "[" + h.pid() + "] (uid " + h.uid() + (h.cgroup().isEmpty() ? "" : ", cgroup " + h.cgroup())
                        + (h.exe().isEmpty() ? "" : ", " + h.exe()) + ")");
            }
        }
        String knownText = known.isEmpty() ? "" : known.size() + (known.size() == 1 ? " known system holder: " : " known system holders: ")
                + firstOf(known);
        if (unknown.isEmpty()) return new Check("D19", title, Status.PASS, knownText, "");
        return new Check("D19", title, Status.WARN, unknown.size() + " unknown: " + firstOf(unknown)
                + (knownText.isEmpty() ? "" : "; " + knownText),
                "each of these can change any table regardless of nftj's policy: stop them, or run them without CAP_NET_ADMIN "
                        + "(docs/doctor-checks.md lists the system services counted as known)");
    }

    private static String firstOf(List<String> items) {
        return String.join(" ", items.subList(0, Math.min(16, items.size()))) + (items.size() > 16 ? " ..." : "");
    }

    private static Check live(Path helper, Env env, ProcStatus self, PosixFileAttributes attrs) {
        NftjOptions o = NftjOptions.of(helper).withRequireLockdown(false).withRequestTimeout(java.time.Duration.ofSeconds(10));
        try (Nftj nft = Nftj.open(o)) {
            HelperInfo h = nft.helper();
            String detail = "pid " + h.pid() + ", helper " + h.helperVersion() + ", libnftables " + h.libnftablesVersion()
                    + ", owns " + String.join(", ", h.ownedTables()) + ", sandbox " + (h.locked() ? "locked" : "NOT locked")
                    + " (seccomp " + h.seccompMode() + ", no_new_privs " + h.noNewPrivs() + ", dumpable " + h.dumpable()
                    + ", CapEff " + h.capEffective() + ")";
            return new Check("D20", "helper starts and locks itself down", h.locked() ? Status.PASS : Status.FAIL, detail,
                    "use a helper build with its lockdown (seccomp, no_new_privs, not dumpable, CAP_NET_ADMIN only)");
        } catch (NftjException e) {
            CliException c = Errors.translate(e, helper);
            // Inside doctor, "run nftj doctor" is no fix: the checks above say what is wrong.
            String fix = c.code().equals("helper_unavailable")
                    ? "fix the checks above that failed (D1-D6, D16, D18); the message says what the helper reported" : c.hint();
            return new Check("D20", "helper starts and locks itself down", Status.FAIL, c.getMessage(), fix);
        }
    }

    private static PosixFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }
}
