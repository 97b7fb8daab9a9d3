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
import org.nftj.transport.LockdownMode;
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
                TransportConfig.DEFAULT_START_TIMEOUT, options.maxInFlight(), TransportConfig.DEFAULT_MAX_RESPONSE_BYTES,
                options.requireLockdown() ? LockdownMode.REQUIRE : LockdownMode.WARN);
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
        AuditRecord r = switch (e) {
            case TransportEvent.HelperRestarted x -> new AuditRecord("restart", "", List.of(), List.of(), "", false,
                    "restarted", "helper restarted (" + x.restarts() + " so far)", 0, x.previousPid(), "", principal, "", "");
            case TransportEvent.HelperDied x -> new AuditRecord("crash", "", List.of(), List.of(), "", false,
                    x.sandboxViolation() ? "sandbox_violation" : x.reason(),
                    escape(x.detail()) + " (exit status " + x.exitStatus() + ", " + x.failedRequests()
                            + " requests failed)", 0, x.pid(), "", principal, "", "");
            case TransportEvent.LockdownMissing x -> new AuditRecord("alert", "", List.of(), List.of(), "", false,
                    "not_locked_down", "the helper runs without its full lockdown: " + x.sandbox(), 0, x.pid(), "",
                    principal, "", "");
            case TransportEvent.StartFailed x -> new AuditRecord("alert", "", List.of(), List.of(), "", false,
                    "start_failed", escape(x.message()), 0, -1, "", principal, "", "");
            case TransportEvent.HelperStarted x -> null;
        };
        if (r == null) return;
        try {
            audit.append(r);
        } catch (IOException ignored) {
            // An event that cannot be written is reported by the next change's failure.
        }
    }

    /**
     * Escapes control characters (including newlines) so that libnftables' text, which may quote
     * user input, is kept whole but cannot forge lines in a log or terminal.
     */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    static NftjException translate(HelperError e) {
        NftjException.Outcome o = e.applied() ? NftjException.Outcome.APPLIED : NftjException.Outcome.NOT_APPLIED;
        String msg = escape(e.message()).isEmpty() ? e.code() : escape(e.message());
        return switch (e.code()) {
            case "not_found" -> new NotFoundException(e.code(), msg, e.command(), e.path(), o, null);
            case "exists" -> new AlreadyExistsException(e.code(), msg, e.command(), e.path(), o, null);
            case "policy_denied" -> new PolicyDeniedException(e.code(), msg, e.command(), e.path(), o, null);
            case "rate_limited" -> new RateLimitedException(e.code(), msg, e.command(), e.path(), o, null);
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
            case org.nftj.transport.RequestTooLargeException r -> new InvalidRequestException("limit_exceeded",
                    r.getMessage(), -1, "", NftjException.Outcome.NOT_APPLIED, r);
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
