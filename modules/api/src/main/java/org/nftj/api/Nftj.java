package org.nftj.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.audit.AuditListener;
import org.nftj.audit.Auditor;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.ValidationException;
import org.nftj.validation.Validator;

/**
 * A client of one nftj helper. Thread-safe: share one per application.
 *
 * <pre>{@code
 * try (Nftj nft = Nftj.open(NftjOptions.of(Path.of("/opt/nftj/lib/nftj-helper")))) {
 *     nft.apply(Batch.builder().add(new Table(Family.INET, "app")).build());
 * }
 * }</pre>
 */
public final class Nftj implements AutoCloseable {
    private final Gate gate;

    private Nftj(NftjOptions options) {
        this.gate = new Gate(options);
    }

    /** Opens a client and starts the helper (handshake included), failing early if it cannot run. */
    public static Nftj open(NftjOptions options) throws NftjException {
        Nftj n = new Nftj(Objects.requireNonNull(options));
        try {
            n.gate.info();
        } catch (NftjException e) {
            n.close();
            throw e;
        }
        return n;
    }

    /** What the helper reports about itself and its sandbox. */
    public HelperInfo helper() throws NftjException { return gate.info(); }

    /** Applies the batch as one transaction: all of it, or nothing. */
    public Result apply(Batch batch) throws NftjException { return send(batch.toJson(), false, false); }

    /** Applies the batch and returns the created objects with their handles. */
    public Result applyEcho(Batch batch) throws NftjException { return send(batch.toJson(), false, true); }

    /** Dry run: the kernel checks the batch; nothing changes. */
    public Result check(Batch batch) throws NftjException { return send(batch.toJson(), true, false); }

    /** Applies (or, with {@code check}, checks) a libnftables JSON document ({@code {"nftables":[...]}}). */
    public Result applyJson(String document, boolean check) throws NftjException {
        try {
            return gate.send(Validator.nftJson(document, check, false));
        } catch (ValidationException e) {
            throw invalid(e);
        }
    }

    /** Lists one table (only tables in the helper's policy can be listed). */
    public List<Map<String, Object>> list(Table table) throws NftjException {
        Map<String, Object> cmd = Map.of("list", Map.of("table", table.toJson()));
        return send(List.of(cmd), false, false).nftables();
    }

    /** Lists every table the helper's policy owns. */
    public List<Map<String, Object>> listOwned() throws NftjException {
        return send(List.of(Map.of("list", java.util.Collections.singletonMap("ruleset", null))), false, false).nftables();
    }

    private Result send(List<? extends Map<String, Object>> commands, boolean check, boolean echo) throws NftjException {
        ValidatedBatch batch;
        try {
            batch = Validator.nft(commands, check, echo);
        } catch (ValidationException e) {
            throw invalid(e);
        }
        return gate.send(batch);
    }

    private static InvalidRequestException invalid(ValidationException e) {
        var p = e.first();
        return new InvalidRequestException(p.code(), e.getMessage(), p.command(), p.path(),
                NftjException.Outcome.NOT_APPLIED, e);
    }

    /**
     * Lists the owned tables and compares their digest with the state nftj last left them in (or
     * last checked); a difference means someone else changed them and is audited as {@code drift}.
     * The first check without an earlier change only records the baseline.
     */
    public Auditor.Drift checkDrift() throws NftjException { return gate.audit().checkDrift(); }

    /** Adds a listener for audit and monitoring events (also settable in {@link NftjOptions#withAuditListener}). */
    public void subscribe(AuditListener listener) { gate.audit().auditor().subscribe(listener); }

    /** Removes a listener added with {@link #subscribe}. */
    public void unsubscribe(AuditListener listener) { gate.audit().auditor().unsubscribe(listener); }

    /** Network sysctl parameters of the helper's namespace (issue 8; see {@link SysctlClient}). */
    public SysctlClient sysctl() { return new SysctlClient(gate); }

    @Override
    public void close() { gate.close(); }
}
