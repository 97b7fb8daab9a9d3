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
    /**
     * jackson-jr's pretty printer, made on first use (--json): a cold run must not wait for it before
     * the helper starts. It writes null values: libnftables spells verdicts {@code {"accept": null}},
     * and a listing printed without them would not read back.
     */
    static JSON pretty() { return Pretty.JSON_PRETTY; }

    private static final class Pretty {
        static final JSON JSON_PRETTY = JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES);
    }

    private static final Map<String, Boolean> GLOBAL = Map.of("--helper", true, "--json", false, "--audit", true,
            "--timeout", true, "--principal", true, "--help", false, "-h", false, "--version", false, "--verbose", false,
            "-v", false);
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
        if (sub == null) {
            Subcommand near = Subcommand.nearest(name);
            throw CliException.usage("unknown subcommand '" + name + "'", near == null ? "try nftj --help"
                    : "did you mean nftj " + near.commandName() + "? (nftj --help lists them)");
        }
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
        } catch (NftjException e) {
            throw Errors.translate(e, ctx.helper());
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
        if (json && r.document() != null) {
            out.println(r.document());
        } else if (json) {
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
            case SYSCTL -> SysctlCommand.run(ctx, a);
            case DOCTOR -> Doctor.run(ctx, a);
            case DEMO -> Demo.run(ctx, a);
            case INSTALL -> Installer.run(ctx, a);
        };
    }

    private static int fail(PrintWriter out, PrintWriter err, boolean json, boolean verbose, CliException e) {
        // The code once: not again when the message already names it (the helper's "startup failed (policy)").
        String code = e.exit() == ExitCode.USAGE || names(e.getMessage(), e.code()) ? "" : e.code() + ": ";
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

    /** Whether {@code message} contains {@code code} as a word of its own. */
    static boolean names(String message, String code) {
        for (int i = message.indexOf(code); i >= 0; i = message.indexOf(code, i + 1)) {
            boolean before = i == 0 || !isWordChar(message.charAt(i - 1));
            int end = i + code.length();
            if (before && (end == message.length() || !isWordChar(message.charAt(end)))) return true;
        }
        return false;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** Maps the api's typed failures to an exit status and a hint, for the helper of this image. */
    static CliException translate(NftjException e) {
        return Errors.translate(e, defaultHelper());
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
            CliException c = Errors.translate(e, helper);
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
