package org.nftj.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.nftj.audit.AuditLog;

/**
 * How a client reaches its helper and records its changes.
 *
 * @param helper absolute path of the installed {@code nftj-helper}
 * @param audit where every request is recorded; {@link AuditLog#discarding()} to opt out
 * @param requestTimeout per request
 * @param maxInFlight bound on pipelined requests
 * @param requireLockdown refuse a helper that did not lock itself down (default true)
 * @param principal who the application acts for, recorded in the audit log (may be empty)
 */
public record NftjOptions(Path helper, AuditLog audit, Duration requestTimeout, int maxInFlight,
                          boolean requireLockdown, String principal) {
    public NftjOptions {
        Objects.requireNonNull(helper, "helper");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        principal = principal == null ? "" : principal;
    }

    /** Defaults: 30 s timeout, 64 requests in flight, lockdown required, no audit log. */
    public static NftjOptions of(Path helper) {
        return new NftjOptions(helper, AuditLog.discarding(), Duration.ofSeconds(30), 64, true, "");
    }

    public NftjOptions withAudit(AuditLog log) {
        return new NftjOptions(helper, log, requestTimeout, maxInFlight, requireLockdown, principal);
    }

    public NftjOptions withRequestTimeout(Duration t) {
        return new NftjOptions(helper, audit, t, maxInFlight, requireLockdown, principal);
    }

    public NftjOptions withRequireLockdown(boolean b) {
        return new NftjOptions(helper, audit, requestTimeout, maxInFlight, b, principal);
    }

    public NftjOptions withPrincipal(String p) {
        return new NftjOptions(helper, audit, requestTimeout, maxInFlight, requireLockdown, p);
    }
}
