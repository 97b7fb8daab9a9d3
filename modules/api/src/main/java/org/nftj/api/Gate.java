package org.nftj.api;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.nftj.audit.AuditLog;
import org.nftj.audit.AuditRecord;
import org.nftj.transport.HelperError;
import org.nftj.transport.Hello;
import org.nftj.transport.Response;
import org.nftj.transport.Transport;
import org.nftj.transport.TransportConfig;
import org.nftj.transport.TransportEvent;
import org.nftj.transport.TransportException;
import org.nftj.validation.ValidatedBatch;

/**
 * The one class in org.nftj.api that reaches org.nftj.transport (ArchUnit pins this). Every
 * request passes here: it is sent only as a {@link ValidatedBatch}, and every request and outcome
 * goes to the audit log.
 */
final class Gate implements AutoCloseable {
    private final Transport transport;
    private final AuditLog audit;
    private final String principal;

    Gate(NftjOptions options) {
        TransportConfig config = new TransportConfig(options.helper(), options.requestTimeout(),
                java.time.Duration.ofSeconds(10), options.maxInFlight(), TransportConfig.DEFAULT_MAX_RESPONSE_BYTES,
                options.requireLockdown());
        this.audit = options.audit();
        this.principal = options.principal();
        this.transport = new Transport(config, this::onEvent);
    }

    HelperInfo info() throws NftjException {
        try {
            return toInfo(transport.connection().hello());
        } catch (TransportException e) {
            throw translate(e);
        }
    }

    /** Sends one validated request and waits for its answer; audits mutating requests and refusals. */
    Result send(ValidatedBatch batch) throws NftjException {
        long start = System.nanoTime();
        Response response;
        try {
            response = transport.submit(batch).get();
        } catch (ExecutionException | CompletionException e) {
            NftjException ex = translate(e.getCause());
            record(batch, ex.code(), ex.getMessage(), start, "crash");
            throw ex;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            NftjException ex = new RequestTimeoutException("interrupted", "interrupted while waiting for the helper",
                    -1, "", batch.mutating() && !batch.dryRun() ? NftjException.Outcome.UNKNOWN
                    : NftjException.Outcome.NOT_APPLIED, e);
            record(batch, ex.code(), ex.getMessage(), start, "crash");
            throw ex;
        }
        if (!response.ok()) {
            NftjException ex = translate(response.error());
            record(batch, ex.code(), ex.getMessage(), start, "refusal");
            throw ex;
        }
        record(batch, "ok", "", start, "change");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> out = response.result().get("nftables") instanceof List<?> l
                ? (List<Map<String, Object>>) l : List.of();
        return new Result(out, batch.sha256());
    }

    // ---- sysctl (issue 8; added by the sysctl engineer, used only by SysctlClient) ----------------

    /**
     * Sends a validated sysctl_get or sysctl_set and returns its result object. A successful set is
     * audited as one "change" record per parameter it changed, with the old and new value in the
     * message; refusals and failures are audited like any mutating request.
     */
    Map<String, Object> sendSysctl(ValidatedBatch batch) throws NftjException {
        long start = System.nanoTime();
        Response response;
        try {
            response = transport.submit(batch).get();
        } catch (ExecutionException | CompletionException e) {
            NftjException ex = translate(e.getCause());
            record(batch, ex.code(), ex.getMessage(), start, "crash");
            throw ex;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            NftjException ex = new RequestTimeoutException("interrupted", "interrupted while waiting for the helper",
                    -1, "", batch.mutating() ? NftjException.Outcome.UNKNOWN : NftjException.Outcome.NOT_APPLIED, e);
            record(batch, ex.code(), ex.getMessage(), start, "crash");
            throw ex;
        }
        if (!response.ok()) {
            NftjException ex = translate(response.error());
            record(batch, ex.code(), ex.getMessage(), start, "refusal");
            throw ex;
        }
        if (batch.mutating()) {
            long duration = System.nanoTime() - start;
            for (org.nftj.api.sysctl.SysctlChange c : changes(response.result())) {
                if (!c.changed()) continue;
                try {
                    audit.append(new AuditRecord("change", batch.op(), List.of("set"), List.of(), batch.sha256(), false,
                            "ok", "sysctl " + c.name() + " old=" + c.oldValue() + " new=" + c.newValue(), duration, -1,
                            "", principal, "", ""));
                } catch (IOException e) {
                    throw new AuditFailureException("audit_failed", "the audit log could not be written: " + e.getMessage()
                            + " (the sysctl change WAS applied)", -1, "", NftjException.Outcome.APPLIED, e);
                }
            }
        }
        return response.result();
    }

    static List<org.nftj.api.sysctl.SysctlChange> changes(Map<String, Object> result) {
        List<org.nftj.api.sysctl.SysctlChange> out = new ArrayList<>();
        if (result.get("changes") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(new org.nftj.api.sysctl.SysctlChange(String.valueOf(m.get("name")), String.valueOf(m.get("old")),
                            String.valueOf(m.get("new")), Boolean.TRUE.equals(m.get("changed"))));
                }
            }
        }
        return out;
    }

    private void record(ValidatedBatch batch, String outcome, String message, long start, String kind)
            throws AuditFailureException {
        if (!batch.mutating()) return;
        List<String> tables = new ArrayList<>();
        batch.tables().forEach(t -> tables.add(t.toString()));
        try {
            audit.append(new AuditRecord(kind, batch.op(), batch.verbs(), tables, batch.sha256(), batch.dryRun(),
                    outcome, message, System.nanoTime() - start, -1, "", principal, "", ""));
        } catch (IOException e) {
            throw new AuditFailureException("audit_failed", "the audit log could not be written: " + e.getMessage(),
                    -1, "", NftjException.Outcome.UNKNOWN, e);
        }
    }

    private void onEvent(TransportEvent e) {
        if (e instanceof TransportEvent.HelperRestarted r) {
            try {
                audit.append(new AuditRecord("restart", "", List.of(), List.of(), "", false, "restarted",
                        "helper restarted (" + r.restarts() + " so far)", 0, r.previousPid(), "", principal, "", ""));
            } catch (IOException ignored) {
                // A restart event that cannot be written is reported by the next change's failure.
            }
        }
    }

    static NftjException translate(HelperError e) {
        NftjException.Outcome o = e.applied() ? NftjException.Outcome.APPLIED : NftjException.Outcome.NOT_APPLIED;
        String msg = e.message();
        return switch (e.code()) {
            case "not_found" -> new NotFoundException(e.code(), msg, e.command(), e.path(), o, null);
            case "exists" -> new AlreadyExistsException(e.code(), msg, e.command(), e.path(), o, null);
            case "policy_denied" -> new PolicyDeniedException(e.code(), msg, e.command(), e.path(), o, null);
            case "rate_limited" -> new RateLimitedException(e.code(), msg, e.command(), e.path(), o, null);
            case "sysctl_failed" -> new SysctlFailedException(e.code(), msg, e.command(), e.path(), o, null); // issue 8
            case "nft_failed", "response_too_large", "internal" ->
                    new NftFailedException(e.code(), msg, e.command(), e.path(), o, null);
            default -> new InvalidRequestException(e.code(), msg, e.command(), e.path(), o, null);
        };
    }

    static NftjException translate(Throwable t) {
        return switch (t) {
            case org.nftj.transport.HelperCrashedException c -> new HelperCrashedException(c.getMessage(),
                    c.exitStatus(), c.sandboxViolation(), outcome(c), c);
            case org.nftj.transport.RequestTimeoutException r -> new RequestTimeoutException("timeout",
                    r.getMessage(), -1, "", outcome(r), r);
            case org.nftj.transport.HelperUnavailableException u -> new HelperUnavailableException(
                    "helper_unavailable", u.getMessage(), -1, "", NftjException.Outcome.NOT_APPLIED, u);
            case org.nftj.transport.HelperProtocolException p -> new HelperCrashedException(
                    "the helper broke the protocol: " + p.getMessage(), -1, false, outcome(p), p);
            default -> new HelperCrashedException("unexpected failure: " + t, -1, false,
                    NftjException.Outcome.UNKNOWN, t);
        };
    }

    private static NftjException.Outcome outcome(TransportException e) {
        return e.outcomeUnknown() ? NftjException.Outcome.UNKNOWN : NftjException.Outcome.NOT_APPLIED;
    }

    static HelperInfo toInfo(Hello h) {
        List<String> tables = new ArrayList<>();
        for (Map<String, Object> t : h.policyTables()) tables.add(t.get("family") + " " + t.get("name"));
        return new HelperInfo(h.pid(), h.helperVersion(), h.libnftablesVersion(), h.protocol(), h.sandbox().locked(),
                h.sandbox().seccomp(), h.sandbox().noNewPrivs(), h.sandbox().dumpable(), h.sandbox().capEffective(),
                tables, h.policyOperations());
    }

    @Override
    public void close() {
        transport.close();
    }
}
