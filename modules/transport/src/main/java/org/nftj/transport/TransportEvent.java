package org.nftj.transport;

/**
 * What the transport tells the api (and through the gate, audit) about the helper's life. Events
 * are delivered synchronously on transport threads; a consumer must be quick and must not call
 * back into the transport.
 */
public sealed interface TransportEvent {
    /** A helper process passed its handshake. */
    record HelperStarted(long pid, Hello hello) implements TransportEvent {}

    /** The helper is being replaced after a death; {@code restarts} counts replacements since the transport was created. */
    record HelperRestarted(long previousPid, long restarts) implements TransportEvent {}

    /**
     * A helper process ended while the transport still wanted it.
     *
     * @param exitStatus 0–255 exit code, 128+N after signal N, -1 unknown
     * @param sandboxViolation killed by SIGSYS: seccomp caught a forbidden system call
     * @param failedRequests requests in flight that failed because of it
     * @param reason what the transport saw: {@code exited}, {@code protocol_violation}, {@code timeout}
     */
    record HelperDied(long pid, int exitStatus, boolean sandboxViolation, int failedRequests, String reason,
                      String detail) implements TransportEvent {}

    /** The helper reported a sandbox weaker than promised and {@link LockdownMode#WARN} let it run. */
    record LockdownMissing(long pid, Hello.Sandbox sandbox) implements TransportEvent {}

    /** Starting the helper failed; the next request will try again after {@code backoffMillis}. */
    record StartFailed(String reason, int exitStatus, String message, long backoffMillis) implements TransportEvent {}
}
