package org.nftj.transport;

/**
 * What the transport tells the api (and through the gate, audit) about the helper's life. Events
 * are delivered synchronously on transport threads; a consumer must be quick and must not call
 * back into the transport.
 */
public sealed interface TransportEvent {
    /**
     * A helper process passed its handshake.
     *
     * @param pid its process id
     * @param hello what it said in the handshake
     */
    record HelperStarted(long pid, Hello hello) implements TransportEvent {}

    /**
     * A helper was started to replace one that died.
     *
     * @param previousPid the process id of the helper that died
     * @param restarts replacements since the transport was created, this one included
     */
    record HelperRestarted(long previousPid, long restarts) implements TransportEvent {}

    /**
     * A helper process ended while the transport still wanted it.
     *
     * @param pid its process id
     * @param exitStatus 0–255 exit code, 128+N after signal N, -1 unknown
     * @param sandboxViolation killed by SIGSYS: seccomp caught a forbidden system call
     * @param failedRequests requests in flight that failed because of it
     * @param reason what the transport saw: {@code exited}, {@code protocol_violation}, {@code timeout},
     *               {@code crashed_in_libnftables}, {@code crashed_in_helper}, …
     * @param detail what happened in words, with the end of the helper's stderr when it wrote any
     */
    record HelperDied(long pid, int exitStatus, boolean sandboxViolation, int failedRequests, String reason,
                      String detail) implements TransportEvent {}

    /**
     * The helper reported a sandbox weaker than promised and {@link LockdownMode#WARN} let it run.
     *
     * @param pid its process id
     * @param sandbox the lockdown it reported
     */
    record LockdownMissing(long pid, Hello.Sandbox sandbox) implements TransportEvent {}

    /**
     * Starting the helper failed; the next request will try again after {@code backoffMillis}.
     *
     * @param reason why, as {@link TransportException.Reason#wire()} names it
     * @param exitStatus the helper's exit status when it had exited, else -1
     * @param message what happened, in words
     * @param backoffMillis how long the transport waits before the next attempt: 50 ms doubling to 5 s
     */
    record StartFailed(String reason, int exitStatus, String message, long backoffMillis) implements TransportEvent {}
}
