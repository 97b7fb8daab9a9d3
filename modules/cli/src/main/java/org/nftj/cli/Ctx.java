package org.nftj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.audit.AuditLog;

/** The global options and streams of one {@code nftj} run. */
record Ctx(PrintWriter out, PrintWriter err, boolean json, Path helper, Duration timeout,
           String principal, boolean terminal, boolean requireLockdown) {

    /** Opens a client of the helper that hands its audit records to {@code log}. */
    Nftj open(AuditLog log) throws NftjException {
        NftjOptions options = NftjOptions.of(helper).withAudit(log).withRequestTimeout(timeout)
                .withPrincipal(principal.isEmpty() ? System.getProperty("user.name", "") : principal)
                .withRequireLockdown(requireLockdown);
        return Nftj.open(options);
    }

    Nftj open() throws NftjException {
        return open(AuditLog.discarding());
    }

    /** Progress goes to stderr, and only when a person is watching. */
    boolean progress() { return terminal && !json; }
}
