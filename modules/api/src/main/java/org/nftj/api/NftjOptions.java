package org.nftj.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.nftj.audit.AuditListener;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditSettings;

/**
 * How a client reaches its helper and records its changes.
 *
 * @param helper absolute path of the installed {@code nftj-helper}
 * @param audit where every request is recorded; {@link AuditLog#discarding()} to opt out
 * @param requestTimeout per request
 * @param maxInFlight bound on pipelined requests
 * @param requireLockdown refuse a helper that did not lock itself down (default true)
 * @param principal who the application acts for, recorded in the audit log (may be empty)
 * @param auditSettings fail closed or open, table digests, restart alerts, listeners
 *                      (default {@link AuditSettings#defaults()}: fail closed, digests on, alert
 *                      above 5 restarts in 5 minutes)
 * @param groupCommit send element changes that several callers make at the same time as one
 *                    request (default true; docs/api.md, "Group commit")
 */
public record NftjOptions(Path helper, AuditLog audit, Duration requestTimeout, int maxInFlight,
                          boolean requireLockdown, String principal, AuditSettings auditSettings,
                          boolean groupCommit) {
    /**
     * Checks that helper, audit log and timeout are given; an absent principal is empty, absent
     * audit settings are the defaults.
     */
    public NftjOptions {
        Objects.requireNonNull(helper, "helper");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        principal = principal == null ? "" : principal;
        auditSettings = auditSettings == null ? AuditSettings.defaults() : auditSettings;
    }

    /**
     * Options with group commit on.
     *
     * @param helper absolute path of the installed {@code nftj-helper}
     * @param audit where every request is recorded
     * @param requestTimeout per request
     * @param maxInFlight bound on pipelined requests
     * @param requireLockdown refuse a helper that did not lock itself down
     * @param principal who the application acts for, recorded in the audit log (may be empty)
     * @param auditSettings fail closed or open, table digests, restart alerts, listeners
     */
    public NftjOptions(Path helper, AuditLog audit, Duration requestTimeout, int maxInFlight,
                       boolean requireLockdown, String principal, AuditSettings auditSettings) {
        this(helper, audit, requestTimeout, maxInFlight, requireLockdown, principal, auditSettings, true);
    }

    /**
     * Options with the default audit settings.
     *
     * @param helper absolute path of the installed {@code nftj-helper}
     * @param audit where every request is recorded
     * @param requestTimeout per request
     * @param maxInFlight bound on pipelined requests
     * @param requireLockdown refuse a helper that did not lock itself down
     * @param principal who the application acts for, recorded in the audit log (may be empty)
     */
    public NftjOptions(Path helper, AuditLog audit, Duration requestTimeout, int maxInFlight,
                       boolean requireLockdown, String principal) {
        this(helper, audit, requestTimeout, maxInFlight, requireLockdown, principal, AuditSettings.defaults(), true);
    }

    /**
     * Defaults: 30 s timeout, 64 requests in flight, lockdown required, no audit log.
     *
     * @param helper absolute path of the installed {@code nftj-helper}
     * @return the options
     */
    public static NftjOptions of(Path helper) {
        return new NftjOptions(helper, AuditLog.discarding(), Duration.ofSeconds(30), 64, true, "");
    }

    /**
     * The same options with an audit log.
     *
     * @param log where every request is recorded
     * @return the options
     */
    public NftjOptions withAudit(AuditLog log) {
        return new NftjOptions(helper, log, requestTimeout, maxInFlight, requireLockdown, principal, auditSettings, groupCommit);
    }

    /**
     * The same options with another request timeout.
     *
     * @param t how long to wait for an answer
     * @return the options
     */
    public NftjOptions withRequestTimeout(Duration t) {
        return new NftjOptions(helper, audit, t, maxInFlight, requireLockdown, principal, auditSettings, groupCommit);
    }

    /**
     * The same options, requiring the helper's lockdown or not (tests without seccomp).
     *
     * @param b whether to refuse a helper that did not lock itself down
     * @return the options
     */
    public NftjOptions withRequireLockdown(boolean b) {
        return new NftjOptions(helper, audit, requestTimeout, maxInFlight, b, principal, auditSettings, groupCommit);
    }

    /**
     * The same options for another principal.
     *
     * @param p who the application acts for, recorded in the audit log
     * @return the options
     */
    public NftjOptions withPrincipal(String p) {
        return new NftjOptions(helper, audit, requestTimeout, maxInFlight, requireLockdown, p, auditSettings, groupCommit);
    }

    /**
     * The same options with other audit settings.
     *
     * @param s the settings
     * @return the options
     */
    public NftjOptions withAuditSettings(AuditSettings s) {
        return new NftjOptions(helper, audit, requestTimeout, maxInFlight, requireLockdown, principal, s, groupCommit);
    }

    /**
     * When the audit log cannot be written: false (default) refuses the change, true lets it proceed.
     *
     * @param failOpen whether a change proceeds without its audit record
     * @return the options
     */
    public NftjOptions withAuditFailOpen(boolean failOpen) {
        return withAuditSettings(auditSettings.withFailOpen(failOpen));
    }

    /**
     * Digests of the owned tables before and after each change, and drift detection (default on).
     *
     * @param on whether to take them
     * @return the options
     */
    public NftjOptions withAuditTableDigests(boolean on) {
        return withAuditSettings(auditSettings.withTableDigests(on));
    }

    /**
     * Raise an alert when the helper restarts more than {@code threshold} times within {@code window}.
     *
     * @param threshold restarts allowed within the window
     * @param window the window
     * @return the options
     */
    public NftjOptions withRestartAlert(int threshold, Duration window) {
        return withAuditSettings(auditSettings.withRestartAlert(threshold, window));
    }

    /**
     * Adds a listener told about every audit record (changes, refusals, crashes, restarts, alerts, drift).
     *
     * @param listener the listener
     * @return the options
     */
    public NftjOptions withAuditListener(AuditListener listener) {
        return withAuditSettings(auditSettings.withListener(listener));
    }

    /**
     * Group commit (default on): when several threads change set elements at the same time, the
     * changes that wait while one is with the helper are sent together as one request (one helper
     * transaction, one round trip), each caller still getting its own outcome; a lone caller never
     * waits for company. Off: every request is sent on its own (docs/api.md, "Group commit").
     *
     * @param on whether to group concurrent element changes
     * @return the options
     */
    public NftjOptions withGroupCommit(boolean on) {
        return new NftjOptions(helper, audit, requestTimeout, maxInFlight, requireLockdown, principal, auditSettings, on);
    }
}
