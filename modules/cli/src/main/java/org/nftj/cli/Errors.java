package org.nftj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Locale;
import org.nftj.api.AuditFailureException;
import org.nftj.api.HelperCrashedException;
import org.nftj.api.HelperUnavailableException;
import org.nftj.api.NftjException;
import org.nftj.api.NotFoundException;
import org.nftj.api.PolicyDeniedException;
import org.nftj.api.RateLimitedException;
import org.nftj.api.RequestTimeoutException;
import org.nftj.audit.AuditLogBusyException;

/**
 * The api's typed failures as the command reports them: the exit status, one line saying what
 * failed, and a hint saying what to do next, naming the file, group, user or command involved.
 * Where the deployment can answer a question (may this user run the helper? does this process keep
 * CAP_NET_ADMIN in its bounding set, or run with no_new_privs?) it is asked directly rather than
 * read from the message.
 */
final class Errors {
    private Errors() {}

    static CliException translate(NftjException e, Path helper) {
        String outcome = e.outcome().name().toLowerCase(Locale.ROOT);
        // The place, unless the message already quotes the command ("command 0 (add rule …) failed").
        String where = e.command() < 0 || e.getMessage().contains("command " + e.command() + " (") ? ""
                : " (command " + e.command() + (e.path().isEmpty() ? "" : " " + e.path()) + ")";
        // A refused request's message is its first problem spelled with code and place; the place is said once, after it.
        String msg = (e instanceof org.nftj.api.InvalidRequestException i && !i.problems().isEmpty()
                ? i.problems().getFirst().message() + (i.problems().size() > 1 ? " (and " + (i.problems().size() - 1) + " more)" : "")
                : e.getMessage()) + where;
        return switch (e) {
            case PolicyDeniedException p -> new CliException(ExitCode.PERMISSION, e.code(), msg,
                    "the helper's policy " + policyFile(helper) + " refused it, as the message says; if it should be "
                            + "allowed, as root: nftj install with --table, --operation, --device or --statement (each "
                            + "option names the whole list; the rest of the policy is kept), or the policy file's limits",
                    outcome, e);
            case RateLimitedException r -> new CliException(ExitCode.TEMPORARY, e.code(), msg,
                    "the policy's rate limit for changes was reached; retry in a second, or batch the changes into one file",
                    outcome, e);
            case RequestTimeoutException t -> new CliException(ExitCode.TEMPORARY, e.code(), msg,
                    e.outcome() == NftjException.Outcome.UNKNOWN
                            ? "the helper did not answer in time, so the change may or may not be in place: nftj list shows it; "
                              + "retry, or raise --timeout"
                            : "the helper did not answer in time; retry, or raise --timeout", outcome, e);
            case HelperUnavailableException u -> unavailable(u, helper, outcome);
            case HelperCrashedException c -> new CliException(ExitCode.UNAVAILABLE, e.code(), msg,
                    switch (c.site()) {
                        case SANDBOX -> "the helper's seccomp filter stopped it (a sandbox violation, in the audit log as an "
                                + "alert); report it as a bug with nftj --verbose output";
                        case LIBNFTABLES -> "libnftables crashed on this batch (a bug of libnftables the helper does not yet "
                                + "refuse); " + crashOutcome(e) + "; report the batch with nftj --verbose output";
                        case HELPER -> "the helper crashed in its own code; " + crashOutcome(e)
                                + "; report it as a bug with nftj --verbose output";
                        case UNKNOWN -> e.outcome() == NftjException.Outcome.UNKNOWN ? "the change may or may not be in place: "
                                + "nftj list shows the table; retrying re-plans from there (nftj sync)" : crashOutcome(e) + "; retry";
                    }, outcome, e);
            case AuditFailureException a when causedBy(a, AuditLogBusyException.class) -> new CliException(ExitCode.TEMPORARY,
                    "audit_busy", msg, "other nftj commands or applications share this audit log and take turns; retry when "
                            + "they are done", outcome, e);
            case AuditFailureException a -> new CliException(ExitCode.CONFIG, e.code(), msg,
                    "the audit log could not be written, so nothing was changed: check the log's file system and "
                            + "permissions, then nftj audit verify FILE", outcome, e);
            case NotFoundException n -> new CliException(ExitCode.FAILED, e.code(), msg,
                    "nothing was applied; an object the batch refers to does not exist: create it first (in the same file, "
                            + "before its use), or nftj list FAMILY/TABLE to see what exists", outcome, e);
            default -> new CliException(ExitCode.FAILED, e.code(), msg,
                    e.outcome() == NftjException.Outcome.NOT_APPLIED
                            ? "nothing was applied; fix what the message names (nftj check FILE tries a file without changing "
                              + "anything)"
                            : "outcome " + outcome + ": nftj list shows the table as it is", outcome, e);
        };
    }

    private static String crashOutcome(NftjException e) {
        return switch (e.outcome()) {
            case NOT_APPLIED -> "nothing was applied";
            case APPLIED -> "the batch was applied";
            case UNKNOWN -> "it may or may not have been applied (with --audit FILE the outcome is resolved from the tables)";
        };
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /** {@code IMAGE/conf/nftj-helper.policy.json} for a helper at {@code IMAGE/lib/nftj-helper}. */
    static Path policyFile(Path helper) {
        Path lib = helper.toAbsolutePath().getParent();
        return (lib == null || lib.getParent() == null ? Path.of("/") : lib.getParent()).resolve(Installer.POLICY);
    }

    /**
     * The helper did not start. What the deployment can tell is asked first: whether this user may
     * execute the helper at all, and whether this process's bounding set or no_new_privs keeps the
     * file capability from working. Otherwise the helper's startup reason ({@link
     * HelperUnavailableException#reason()}: self_check, policy, no_cap_net_admin) picks the hint; the
     * reasons an operator fixes in the deployment are configuration errors (78), the rest mean the
     * helper is unavailable (69).
     */
    static CliException unavailable(HelperUnavailableException u, Path helper, String outcome) {
        String message = u.getMessage() == null ? "" : u.getMessage();
        ProcStatus self = self();
        PosixFileAttributes attrs = attributes(helper);
        if (attrs == null) {
            return new CliException(ExitCode.UNAVAILABLE, "no_helper", "there is no helper at " + helper,
                    "install the image (docs/operating.md) or pass --helper with the helper's absolute path", outcome, u);
        }
        if (self != null && self.euid() != 0 && !Files.isExecutable(helper)) {
            return new CliException(ExitCode.PERMISSION, "helper_permission", "this user may not run the helper " + helper
                    + " (root:" + attrs.group().getName() + " " + java.nio.file.attribute.PosixFilePermissions.toString(attrs.permissions())
                    + ")", Accounts.local().helperAccessFix(self.uid(), self.groups(), attrs.group().getName(), Doctor.gid(helper)),
                    outcome, u);
        }
        if (self != null && self.euid() != 0 && (self.capBounding() >>> 12 & 1) == 0) {
            return new CliException(ExitCode.CONFIG, "no_cap_net_admin", "the helper cannot gain CAP_NET_ADMIN: this process's "
                    + "capability bounding set does not contain it, so the kernel refuses the helper's file capability",
                    "keep CAP_NET_ADMIN in the bounding set (systemd: CapabilityBoundingSet=CAP_NET_ADMIN); "
                            + "see conf/nftj-app.service.example", outcome, u);
        }
        String detail = u.helperMessage().isEmpty() ? message : u.helperMessage();
        return switch (u.reason()) {
            case SELF_CHECK -> new CliException(ExitCode.CONFIG, "self_check", "the helper refused to start: " + detail,
                    "the helper must be root-owned, mode 0750, below directories only root can write: move the image "
                            + "(e.g. to /opt/nftj) and run nftj install as root; nftj doctor checks it", outcome, u);
            case NO_CAP_NET_ADMIN -> new CliException(ExitCode.CONFIG, "no_cap_net_admin", "the helper refused to start: "
                    + detail, self != null && self.noNewPrivs()
                    ? "this JVM runs with no_new_privs, so the helper's file capability is ignored: start it without "
                      + "(systemd: no NoNewPrivileges=yes and no option implying it, see conf/nftj-app.service.example)"
                    : "the helper lacks its file capability: as root, nftj install sets it (cap_net_admin+ep)", outcome, u);
            case POLICY -> new CliException(ExitCode.CONFIG, "policy", "the helper refused to start: " + detail,
                    policyFile(helper) + " is missing, unsafe or invalid: as root, nftj install --table FAMILY/NAME writes it",
                    outcome, u);
            default -> new CliException(ExitCode.UNAVAILABLE, u.code(), message,
                    "nftj doctor checks the deployment item by item and names the fix", outcome, u);
        };
    }

    private static ProcStatus self() {
        try {
            return ProcStatus.parse(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | RuntimeException e) {
            return null;
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
