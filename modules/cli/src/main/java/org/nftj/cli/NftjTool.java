package org.nftj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nftj.api.AuditFailureException;
import org.nftj.api.HelperCrashedException;
import org.nftj.api.HelperInfo;
import org.nftj.api.HelperUnavailableException;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.api.PolicyDeniedException;
import org.nftj.api.RateLimitedException;
import org.nftj.api.RequestTimeoutException;
import org.nftj.audit.AuditLogBusyException;
import tools.jackson.jr.ob.JSON;

/**
 * The {@code nftj} command. Results go to stdout (one JSON document with {@code --json}); errors
 * are one line on stderr with a hint. Exit statuses: {@link ExitCode}.
 */
public final class NftjTool implements ToolProvider {
    /** jackson-jr's pretty printer, made on first use (--json): a cold run must not wait for it before the helper starts. */
    static JSON pretty() { return Pretty.JSON_PRETTY; }

    private static final class Pretty {
        static final JSON JSON_PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT);
    }

    private static final Map<String, Boolean> GLOBAL = Map.of("--helper", true, "--json", false, "--audit", true,
            "--timeout", true, "--principal", true, "--help", false, "-h", false, "--version", false, "--verbose", false,
            "-v", false);
    /** Compiled on the first failed start only: a cold run that succeeds does not pay for them. */
    private static final class Startup {
        static final Pattern REASON = Pattern.compile("\\(([a-z_]+), [^()]*\\)$|startup failed \\(([a-z_]+)\\)");
        static final Pattern EXIT_STATUS = Pattern.compile("(?:exit status|exited with status) (\\d+)");
    }
    /** The helper's startup exit statuses (docs/protocol.md) that name a deployment problem. */
    private static final Map<String, String> STARTUP_STATUS = Map.of("21", "self_check", "22", "no_cap_net_admin", "25", "policy");

    private final boolean terminal;

    /**
     * The tool as the JDK's ToolProvider lookup creates it: it draws no progress, since the writers
     * it is given need not be the process's stderr ({@link Main} says when they are).
     */
    public NftjTool() {
        this(false);
    }

    /** {@code terminal}: stderr is a terminal, so a progress bar may be drawn on it. */
    NftjTool(boolean terminal) {
        this.terminal = terminal;
    }

    @Override public String name() { return "nftj"; }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        boolean json = List.of(args).contains("--json");
        boolean verbose = verbose(args);
        AutoCloseable verboseLog = verbose ? Logging.verbose(err) : null;
        try {
            return execute(out, err, json, List.of(args)).status();
        } catch (CliException e) {
            return fail(out, err, json, verbose, e);
        } catch (NftjException e) {
            return fail(out, err, json, verbose, translate(e));
        } catch (UncheckedIOException e) {
            return fail(out, err, json, verbose, new CliException(ExitCode.FAILED, "io", e.getCause().getMessage(),
                    "check the file and its permissions"));
        } catch (RuntimeException e) {
            return fail(out, err, json, verbose, new CliException(ExitCode.INTERNAL, "internal", "internal error: " + e,
                    "this is a bug in nftj; please report it with the command line", "unknown", e));
        } finally {
            out.flush();
            err.flush();
            if (verboseLog != null) {
                try {
                    verboseLog.close();
                } catch (Exception ignored) {
                    // restoring the logger's level cannot fail
                }
            }
        }
    }

    /** --verbose or -v among the global options (before the subcommand). */
    private static boolean verbose(String[] args) {
        for (String a : args) {
            if (a.equals("--verbose") || a.equals("-v")) return true;
            if (!a.startsWith("-")) return false;
        }
        return false;
    }

    private ExitCode execute(PrintWriter out, PrintWriter err, boolean json, List<String> args)
            throws CliException, NftjException {
        // Global options come before the subcommand; the subcommand's own options after it.
        int i = 0;
        List<String> global = new ArrayList<>();
        while (i < args.size() && args.get(i).startsWith("-")) {
            String a = args.get(i);
            global.add(a);
            if (Boolean.TRUE.equals(GLOBAL.get(a)) && i + 1 < args.size()) global.add(args.get(++i));
            i++;
        }
        Args g = Args.parse(global, GLOBAL, "");
        if (g.has("--version")) {
            out.print(versions(json, helperPath(g), timeout(g)));
            return ExitCode.OK;
        }
        if (i >= args.size()) {
            if (g.has("--help") || g.has("-h")) {
                out.print(Help.overview());
                return ExitCode.OK;
            }
            throw CliException.usage("missing subcommand", "try nftj --help");
        }
        String name = args.get(i);
        if (name.equals("help")) {
            if (i + 1 < args.size() && Subcommand.find(args.get(i + 1)) != null) {
                out.print(Help.of(Subcommand.of(args.get(i + 1))));
            } else {
                out.print(Help.overview());
            }
            return ExitCode.OK;
        }
        Subcommand sub = Subcommand.find(name);
        if (sub == null) throw CliException.usage("unknown subcommand '" + name + "'", "try nftj --help");
        Args a = Args.parse(args.subList(i + 1, args.size()), sub.options(), sub.commandName());
        if (a.has("--help") || a.has("-h") || g.has("--help") || g.has("-h")) {
            out.print(Help.of(sub));
            return ExitCode.OK;
        }
        Ctx ctx = new Ctx(out, err, json, helperPath(g), g.has("--audit") ? Path.of(g.value("--audit", "")) : null,
                timeout(g), g.value("--principal", ""), terminal, Ctx.newResources());
        Report r;
        try {
            r = run(sub, ctx, a);
        } finally {
            // Last opened, first closed: the audit log before the temporary directory it lives in.
            for (AutoCloseable c : ctx.resources().reversed()) {
                try {
                    c.close();
                } catch (Exception e) {
                    err.println("nftj: warning: closing " + c + ": " + e.getMessage());
                }
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ok", r.exit() == ExitCode.OK);
            doc.put("command", sub.commandName());
            doc.putAll(r.json());
            if (r.exit() != ExitCode.OK) doc.put("exit", r.exit().status());
            out.println(pretty().asString(doc));
        } else {
            out.print(r.text().endsWith("\n") || r.text().isEmpty() ? r.text() : r.text() + "\n");
        }
        return r.exit();
    }

    private static Report run(Subcommand sub, Ctx ctx, Args a) throws CliException, NftjException {
        return switch (sub) {
            case APPLY -> FileCommands.apply(ctx, a, false);
            case CHECK -> FileCommands.apply(ctx, a, true);
            case LIST -> FileCommands.list(ctx, a);
            case SYNC -> SyncCommand.run(ctx, a);
            case ELEMENTS -> ElementsCommand.run(ctx, a);
            case AUDIT -> AuditCommand.run(ctx, a);
            case SYSCTL -> sysctl(ctx, a);
            case DOCTOR -> Doctor.run(ctx, a);
            case DEMO -> Demo.run(ctx, a);
            case INSTALL -> Installer.run(ctx, a);
        };
    }

    /** The sysctl subcommand's core (SysctlCommand, issue 8) behind this front end's output and exit codes. */
    private static Report sysctl(Ctx ctx, Args a) throws CliException, NftjException {
        try (org.nftj.api.Nftj nft = ctx.open()) {
            SysctlCommand.Outcome o = SysctlCommand.execute(nft.sysctl(), a.positional());
            if (o.usageError() != null) {
                throw CliException.usage(o.usageError(), "usage: " + Subcommand.SYSCTL.synopsis());
            }
            return Report.ok(o.json(), String.join("\n", o.lines()));
        }
    }

    private static int fail(PrintWriter out, PrintWriter err, boolean json, boolean verbose, CliException e) {
        String code = e.exit() == ExitCode.USAGE || e.getMessage().startsWith(e.code()) ? "" : e.code() + ": ";
        err.println("nftj: " + code + e.getMessage() + (e.hint().isEmpty() ? "" : " (hint: " + e.hint() + ")"));
        if (verbose) {
            int depth = 0;
            for (Throwable c = e.getCause(); c != null && depth < 8; c = c.getCause(), depth++) {
                err.println("  caused by: " + c.getClass().getName() + ": " + String.valueOf(c.getMessage()).replace('\n', ' '));
            }
        }
        if (json) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", e.code());
            error.put("message", e.getMessage());
            error.put("hint", e.hint());
            error.put("outcome", e.outcome());
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("ok", false);
            doc.put("exit", e.exit().status());
            doc.put("error", error);
            out.println(pretty().asString(doc));
        }
        return e.exit().status();
    }

    /** Maps the api's typed failures to an exit status and a hint. */
    static CliException translate(NftjException e) {
        String outcome = e.outcome().name().toLowerCase(java.util.Locale.ROOT);
        String where = e.command() >= 0 ? " (command " + e.command() + (e.path().isEmpty() ? "" : " " + e.path()) + ")" : "";
        String msg = e.getMessage() + where;
        return switch (e) {
            case PolicyDeniedException p -> new CliException(ExitCode.PERMISSION, e.code(), msg,
                    "the helper's policy (conf/nftj-helper.policy.json) does not own this table or allow this "
                            + "operation; an operator can change it with nftj install --table", outcome, e);
            case RateLimitedException r -> new CliException(ExitCode.TEMPORARY, e.code(), msg,
                    "the policy's rate limit for changes was reached; retry in a second", outcome, e);
            case RequestTimeoutException t -> new CliException(ExitCode.TEMPORARY, e.code(), msg,
                    "the helper did not answer in time; retry, or raise --timeout", outcome, e);
            case HelperUnavailableException u -> unavailable(u, outcome);
            case HelperCrashedException c -> new CliException(ExitCode.UNAVAILABLE, e.code(), msg,
                    c.sandboxViolation() ? "the helper's sandbox killed it: report this as a bug"
                            : "outcome " + outcome + "; run nftj list to see the current state", outcome, e);
            case AuditFailureException a when causedBy(a, AuditLogBusyException.class) -> new CliException(ExitCode.TEMPORARY,
                    "audit_busy", msg, "other nftj commands or applications share this audit log and take turns; retry when "
                            + "they are done", outcome, e);
            case AuditFailureException a -> new CliException(ExitCode.CONFIG, e.code(), msg,
                    "the audit log could not be written, so nothing was changed", outcome, e);
            default -> new CliException(ExitCode.FAILED, e.code(), msg,
                    e.outcome() == NftjException.Outcome.NOT_APPLIED ? "nothing was applied" : "outcome " + outcome,
                    outcome, e);
        };
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /**
     * The helper refused to start. The api reports the helper's startup reason only in the message
     * ("... (policy, exit status 25)", or the helper's own "startup failed (policy)", or just its exit
     * status); the reasons an operator fixes in the deployment are configuration errors, the rest
     * mean the helper is unavailable.
     */
    private static CliException unavailable(HelperUnavailableException u, String outcome) {
        String message = u.getMessage() == null ? "" : u.getMessage();
        Matcher m = Startup.REASON.matcher(message);
        String reason = "";
        if (m.find()) {
            reason = m.group(1) != null ? m.group(1) : m.group(2);
        } else {
            Matcher x = Startup.EXIT_STATUS.matcher(message);
            if (x.find()) reason = STARTUP_STATUS.getOrDefault(x.group(1), "");
        }
        return switch (reason) {
            case "self_check" -> new CliException(ExitCode.CONFIG, "self_check", u.getMessage(),
                    "the helper must be root-owned, mode 0750, below root-owned directories: run nftj install as root, then nftj doctor",
                    outcome, u);
            case "no_cap_net_admin" -> new CliException(ExitCode.CONFIG, "no_cap_net_admin", u.getMessage(),
                    "the helper lacks cap_net_admin+ep (nftj install sets it) or this JVM runs with no_new_privs; see nftj doctor",
                    outcome, u);
            case "policy" -> new CliException(ExitCode.CONFIG, "policy", u.getMessage(),
                    "conf/nftj-helper.policy.json is missing, unsafe or invalid: write it with nftj install --table", outcome, u);
            default -> new CliException(ExitCode.UNAVAILABLE, u.code(), u.getMessage(),
                    "run nftj doctor to check the deployment", outcome, u);
        };
    }

    private static Path helperPath(Args g) throws CliException {
        if (!g.has("--helper")) return defaultHelper();
        Path p = Path.of(g.value("--helper", ""));
        if (!p.isAbsolute()) {
            throw new CliException(ExitCode.CONFIG, "helper_path", "--helper must be an absolute path, not " + p,
                    "the helper is started by absolute path only, never looked up");
        }
        return p;
    }

    private static Duration timeout(Args g) throws CliException {
        String t = g.value("--timeout", "30");
        try {
            int s = Integer.parseInt(t);
            if (s < 1 || s > 3600) throw new NumberFormatException();
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw CliException.usage("--timeout takes whole seconds from 1 to 3600, not '" + t + "'", "e.g. --timeout 10");
        }
    }

    /** {@code <image>/lib/nftj-helper} when run from the image. */
    static Path defaultHelper() {
        return Path.of(System.getProperty("java.home"), "lib", "nftj-helper");
    }

    /**
     * nftj's and Java's versions, and the helper's and libnftables' as the helper reports them in
     * its handshake (the helper is started once for that, nothing is sent). A helper that cannot
     * start is reported, not failed: the version of nftj itself is still the answer.
     */
    static String versions(boolean json, Path helper, Duration timeout) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("path", helper.toString());
        String line;
        NftjOptions o = NftjOptions.of(helper).withRequireLockdown(false)
                .withRequestTimeout(timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5));
        try (Nftj nft = Nftj.open(o)) {
            HelperInfo i = nft.helper();
            h.put("version", i.helperVersion());
            h.put("libnftables", i.libnftablesVersion());
            line = "helper " + i.helperVersion() + ", libnftables " + i.libnftablesVersion() + " (" + helper + ")";
        } catch (NftjException e) {
            CliException c = translate(e);
            h.put("error", c.getMessage());
            line = "helper: not started (" + helper + "): " + c.getMessage() + " (hint: " + c.hint() + ")";
        }
        String java = System.getProperty("java.version");
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("nftj", version());
            doc.put("java", java);
            doc.put("helper", h);
            return pretty().asString(doc) + "\n";
        }
        return "nftj " + version() + " (Java " + java + ")\n" + line + "\n";
    }

    static String version() {
        // The module's own version (jlink keeps it): no resource to read from the image.
        java.lang.module.ModuleDescriptor d = NftjTool.class.getModule().getDescriptor();
        if (d != null && d.rawVersion().isPresent()) return d.rawVersion().get();
        try (InputStream in = NftjTool.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
