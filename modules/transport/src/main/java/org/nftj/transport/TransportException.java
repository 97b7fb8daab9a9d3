package org.nftj.transport;

import java.io.Serial;
import java.util.Objects;

/**
 * A request did not get an answer from the helper: the one failure type of this module. {@link #kind()}
 * says what happened, the other accessors carry the data of that kind; the api's gate maps each kind
 * to its public exception.
 */
public final class TransportException extends Exception {
    @Serial private static final long serialVersionUID = 1L;
    static final int SIGSYS = 31;

    /** What went wrong. */
    public enum Kind {
        /**
         * The helper could not be started, refused to start or failed its handshake, or the
         * connection ended before the request was written. Nothing was sent; {@link #reason()} says why.
         */
        UNAVAILABLE,
        /** The helper ended, or was stopped, while the request was in flight. */
        CRASHED,
        /** No answer within the request timeout (the helper was stopped), or no free slot in time. */
        TIMEOUT,
        /** The helper answered something that is not a valid response; it was stopped. */
        PROTOCOL,
        /** The request frame would exceed the helper's frame limit ({@link #limit()}). Nothing was sent. */
        TOO_LARGE
    }

    /**
     * Why the helper is {@link Kind#UNAVAILABLE}: the helper's own startup reasons (its
     * {@code startup_failed} answer, or its exit status 20–27; docs/protocol.md), then what this
     * side saw. {@link #wire()} is the name used by the protocol and the audit log.
     */
    public enum Reason {
        /** Its stdin or stdout is a terminal or not a pipe or socket (exit 20). */
        NOT_A_PIPE("not_a_pipe", 20),
        /** Its executable failed the self-check: mode, owner or the directories above it (exit 21). */
        SELF_CHECK("self_check", 21),
        /** CAP_NET_ADMIN is not in its effective set; its message names the likely cause (exit 22). */
        NO_CAP_NET_ADMIN("no_cap_net_admin", 22),
        /** Dropping every capability but CAP_NET_ADMIN failed (exit 23). */
        CAP_REDUCE("cap_reduce", 23),
        /** A prctl or resource limit of its lockdown failed (exit 24). */
        PRCTL("prctl", 24),
        /** Its policy file is missing, unsafe (owner, mode, a link) or invalid (exit 25). */
        POLICY("policy", 25),
        /** libnftables could not be initialised (exit 26). */
        NFT_INIT("nft_init", 26),
        /** Its seccomp filter could not be loaded (exit 27). */
        SECCOMP("seccomp", 27),
        /** A startup reason this client does not know (a newer helper). */
        OTHER("other", -1),
        /** The helper's file does not exist. */
        NO_SUCH_FILE("no_such_file", -1),
        /** This user may not execute the helper. */
        PERMISSION_DENIED("permission_denied", -1),
        /** The process could not be started for another reason. */
        SPAWN("spawn", -1),
        /** It ended before its handshake without a known reason ({@link #exitStatus()} says how). */
        EXITED("exited", -1),
        /** It did not answer its handshake within the start timeout. */
        TIMEOUT("timeout", -1),
        /** Its handshake answer was not a valid frame, not JSON, or spoke another protocol. */
        PROTOCOL("protocol", -1),
        /** It runs without its full lockdown and {@link LockdownMode#REQUIRE} refuses it. */
        NOT_LOCKED_DOWN("not_locked_down", -1),
        /** It failed to start several times in a row; the next attempt is later than the request's deadline. */
        BACKOFF("backoff", -1),
        /** It ended repeatedly before the request could be written. */
        UNSTABLE("unstable", -1),
        /** The connection had ended; the request was not written. */
        CONNECTION_ENDED("connection_ended", -1),
        /** The transport was closed. */
        CLOSED("closed", -1),
        /** The calling thread was interrupted before the request was written. */
        INTERRUPTED("interrupted", -1);

        private final String wire;
        private final int exitStatus;

        Reason(String wire, int exitStatus) {
            this.wire = wire;
            this.exitStatus = exitStatus;
        }

        /** {@return the name in the helper's protocol and in audit records, e.g. {@code no_cap_net_admin}} */
        public String wire() { return wire; }

        /** The helper's startup reason named in its {@code startup_failed} answer ({@link #OTHER} when unknown). */
        static Reason ofStartupAnswer(String wire) {
            for (Reason r : values()) if (r.exitStatus > 0 && r.wire.equals(wire)) return r;
            return OTHER;
        }

        /** The startup reason an exit status stands for (20–27), else {@link #EXITED}. */
        static Reason ofExitStatus(int status) {
            for (Reason r : values()) if (r.exitStatus > 0 && r.exitStatus == status) return r;
            return EXITED;
        }
    }

    /**
     * Where a {@link Kind#CRASHED} helper ended, from its exit status and the line its fatal-signal
     * handler writes to stderr ({@code nftj-helper: fatal signal 11 (SIGSEGV) in libnftables}).
     */
    public enum Site {
        /** A fatal signal while libnftables ran (a crash of libnftables, not of the sandbox). */
        LIBNFTABLES,
        /** A fatal signal, or a panic, in the helper's own code. */
        HELPER,
        /** Killed by its seccomp sandbox (SIGSYS): it attempted a system call outside its allowlist. */
        SANDBOX,
        /** Anything else: killed from outside (e.g. stopped after a timeout), exited, or unknown. */
        UNKNOWN;

        private static final java.util.regex.Pattern NOTE =
                java.util.regex.Pattern.compile("nftj-helper: fatal signal (\\d+) \\(SIG[A-Z]+\\) in (libnftables|the helper)");

        /**
         * The site of an exit status with what the helper wrote to stderr: SIGSYS is always the
         * sandbox; another signal is placed by the helper's own fatal-signal line for that signal.
         *
         * @param exitStatus the exit status as the JDK reports it (0–255, 128+N after signal N), -1 unknown
         * @param stderr what the helper wrote to stderr (its kept start), or null
         * @return where it ended; {@link #UNKNOWN} when it did not die of a signal or said nothing of it
         */
        public static Site of(int exitStatus, String stderr) {
            int signal = exitStatus > 128 ? exitStatus - 128 : 0;
            if (signal == SIGSYS) return SANDBOX;
            if (signal == 0 || stderr == null) return UNKNOWN;
            java.util.regex.Matcher m = NOTE.matcher(stderr);
            while (m.find()) {
                if (Integer.parseInt(m.group(1)) == signal) return m.group(2).equals("libnftables") ? LIBNFTABLES : HELPER;
            }
            return UNKNOWN;
        }
    }

    /** What went wrong. */
    private final Kind kind;
    /** Where a crashed helper ended; {@link Site#UNKNOWN} for the other kinds. */
    private final Site site;
    /** Why the helper is unavailable; null for the other kinds. */
    private final Reason reason;
    /** The helper's own words when it refused to start, or "". */
    private final String helperMessage;
    /** The helper's exit status, or -1. */
    private final int exitStatus;
    /** Whether a mutating request had been written before the failure. */
    private final boolean outcomeUnknown;
    /** For {@link Kind#TOO_LARGE}, the bytes the helper accepts; 0 otherwise. */
    private final long limit;

    private TransportException(Kind kind, String message, Reason reason, String helperMessage, int exitStatus,
                               boolean outcomeUnknown, long limit, Throwable cause) {
        this(kind, message, reason, helperMessage, exitStatus, outcomeUnknown, limit,
                exitStatus == 128 + SIGSYS ? Site.SANDBOX : Site.UNKNOWN, cause);
    }

    private TransportException(Kind kind, String message, Reason reason, String helperMessage, int exitStatus,
                               boolean outcomeUnknown, long limit, Site site, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind);
        this.site = Objects.requireNonNull(site);
        this.reason = reason;
        this.helperMessage = helperMessage;
        this.exitStatus = exitStatus;
        this.outcomeUnknown = outcomeUnknown;
        this.limit = limit;
    }

    /**
     * {@link Kind#UNAVAILABLE}: nothing was sent.
     *
     * @param message what happened, in words (the api's exception repeats it)
     * @param reason why, as data
     * @param exitStatus the helper's exit status when it had exited, else -1
     * @param cause the underlying failure (e.g. the {@code IOException} of the spawn), or null
     * @return the exception, with no helper message
     */
    public static TransportException unavailable(String message, Reason reason, int exitStatus, Throwable cause) {
        return refused(message, reason, "", exitStatus, cause);
    }

    /**
     * {@link Kind#UNAVAILABLE}, with what the helper itself said about why it refused to start.
     *
     * @param message what happened, in words
     * @param reason why, as data; not null
     * @param helperMessage the helper's {@code startup_failed} message made printable, or ""; not null
     * @param exitStatus the helper's exit status when it had exited, else -1
     * @param cause the underlying failure, or null
     * @return the exception
     */
    public static TransportException refused(String message, Reason reason, String helperMessage, int exitStatus, Throwable cause) {
        return new TransportException(Kind.UNAVAILABLE, message, Objects.requireNonNull(reason), Objects.requireNonNull(helperMessage),
                exitStatus, false, 0, cause);
    }

    /**
     * What a message says when a mutating request had been written before the failure (the api
     * takes it out again once it resolves the outcome from the owned tables).
     */
    public static final String OUTCOME_UNKNOWN = "; the request had been sent, so it may or may not have been applied";

    /**
     * {@link Kind#CRASHED}, its {@link Site} {@link Site#SANDBOX} for SIGSYS and {@link Site#UNKNOWN}
     * otherwise.
     *
     * @param message what happened, in words; {@link #OUTCOME_UNKNOWN} is appended when the outcome is unknown
     * @param exitStatus the helper's exit status (0–255, 128+N after signal N), -1 unknown
     * @param outcomeUnknown true when the request was mutating and had been written
     * @param cause the underlying failure, or null
     * @return the exception
     */
    public static TransportException crashed(String message, int exitStatus, boolean outcomeUnknown, Throwable cause) {
        return crashed(message, exitStatus, exitStatus == 128 + SIGSYS ? Site.SANDBOX : Site.UNKNOWN, outcomeUnknown, cause);
    }

    /**
     * {@link Kind#CRASHED} at a known {@link Site}.
     *
     * @param message what happened, in words; {@link #OUTCOME_UNKNOWN} is appended when the outcome is unknown
     * @param exitStatus the helper's exit status (0–255, 128+N after signal N), -1 unknown
     * @param site where it ended, from {@link Site#of(int, String)}
     * @param outcomeUnknown true when the request was mutating and had been written
     * @param cause the underlying failure, or null
     * @return the exception
     */
    public static TransportException crashed(String message, int exitStatus, Site site, boolean outcomeUnknown, Throwable cause) {
        return new TransportException(Kind.CRASHED, message + (outcomeUnknown ? OUTCOME_UNKNOWN : ""), null, "", exitStatus,
                outcomeUnknown, 0, site, cause);
    }

    /**
     * {@link Kind#TIMEOUT}: no answer within the request timeout, or no free slot in time.
     *
     * @param message what happened, in words (which timeout, how long)
     * @param outcomeUnknown true when the request was mutating and had been written
     * @return the exception
     */
    public static TransportException timeout(String message, boolean outcomeUnknown) {
        return new TransportException(Kind.TIMEOUT, message, null, "", -1, outcomeUnknown, 0, null);
    }

    /**
     * {@link Kind#PROTOCOL}: the helper's answer was not a valid response.
     *
     * @param message what was wrong with the answer
     * @param outcomeUnknown true when the request was mutating and had been written
     * @param cause the parser's failure, or null
     * @return the exception
     */
    public static TransportException protocol(String message, boolean outcomeUnknown, Throwable cause) {
        return new TransportException(Kind.PROTOCOL, message, null, "", -1, outcomeUnknown, 0, cause);
    }

    /**
     * {@link Kind#TOO_LARGE}: nothing was sent.
     *
     * @param message how large the request or command was
     * @param limit the bytes the helper accepts: its {@code frameMax} for one command, its {@code requestMax} for a request
     * @return the exception
     */
    public static TransportException tooLarge(String message, long limit) {
        return new TransportException(Kind.TOO_LARGE, message, null, "", -1, false, limit, null);
    }

    /** {@return what went wrong; the other accessors carry that kind's data} */
    public Kind kind() { return kind; }

    /** {@return where a crashed helper ended ({@link Site#UNKNOWN} for the other kinds)} */
    public Site site() { return site; }

    /** {@return why the helper is unavailable; null for the other kinds} */
    public Reason reason() { return reason; }

    /** {@return what the helper itself said when it refused to start (its {@code startup_failed} message, made printable), or ""} */
    public String helperMessage() { return helperMessage; }

    /**
     * {@return the helper's exit status as the JDK reports it (0–255, 128+N after signal N), or -1
     * when it had not exited or the kind carries none}
     */
    public int exitStatus() { return exitStatus; }

    /** {@return the number of the signal that killed the helper, or 0} */
    public int signal() { return exitStatus > 128 ? exitStatus - 128 : 0; }

    /** {@return true when seccomp killed the helper (SIGSYS): it attempted a system call outside its allowlist} */
    public boolean sandboxViolation() { return signal() == SIGSYS; }

    /**
     * {@return true when the request was mutating and had been written to the helper: it may or may
     * not have been applied} The caller must re-read the state (or re-apply an idempotent sync) to know.
     */
    public boolean outcomeUnknown() { return outcomeUnknown; }

    /** {@return for {@link Kind#TOO_LARGE}, the bytes the helper accepts; 0 otherwise} */
    public long limit() { return limit; }

    /** Words for an exit status, naming SIGSYS as a sandbox violation. */
    static String describe(int status) {
        return describe(status, status == 128 + SIGSYS ? Site.SANDBOX : Site.UNKNOWN);
    }

    /**
     * Words for an exit status and where it happened: "the helper crashed (signal 11, SIGSEGV) in
     * libnftables", "… in its own code", "killed by its sandbox (SIGSYS) …".
     */
    static String describe(int status, Site site) {
        if (status < 0) return "the helper died (exit status unknown)";
        if (status > 128) {
            int sig = status - 128;
            String name = switch (sig) {
                case 4 -> "SIGILL";
                case 6 -> "SIGABRT";
                case 7 -> "SIGBUS";
                case 8 -> "SIGFPE";
                case 9 -> "SIGKILL";
                case 11 -> "SIGSEGV";
                case 15 -> "SIGTERM";
                default -> "";
            };
            String signal = "signal " + sig + (name.isEmpty() ? "" : ", " + name);
            return switch (site) {
                case SANDBOX -> "the helper was killed by its seccomp sandbox (SIGSYS): it attempted a forbidden "
                        + "system call (sandbox violation)";
                case LIBNFTABLES -> "the helper crashed (" + signal + ") in libnftables";
                case HELPER -> "the helper crashed (" + signal + ") in its own code";
                case UNKNOWN -> sig == 9 ? "the helper was killed by signal 9 (SIGKILL)" : "the helper ended by " + signal;
            };
        }
        return "the helper exited with status " + status;
    }
}
