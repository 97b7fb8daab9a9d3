package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nftj.transport.Hello;
import org.nftj.transport.HelperError;
import org.nftj.transport.LockdownMode;
import org.nftj.transport.Response;
import org.nftj.transport.ScratchNft;
import org.nftj.transport.Transport;
import org.nftj.transport.TransportConfig;
import org.nftj.transport.TransportEvent;
import org.nftj.transport.TransportException;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.ValidationException;
import org.nftj.validation.Validator;

/**
 * The one class in org.nftj.api that reaches org.nftj.transport (ArchUnit pins this). Every
 * request passes here: it is sent only as a {@link ValidatedBatch}, and every mutating request and
 * its outcome goes to the audit log ({@link GateAudit}).
 */
final class Gate implements Backend {
    /** A pointer into a request's commands, as the helper answers it: {@code /batch/nftables/N…}. */
    private static final Pattern COMMAND_PATH = Pattern.compile("^/batch/nftables/(\\d+)");
    private final Transport transport;
    private final GateAudit audit;
    /** Null when group commit is off ({@link NftjOptions#groupCommit()}). */
    private final GroupCommit groups;

    Gate(NftjOptions options) {
        TransportConfig config = new TransportConfig(options.helper(), options.requestTimeout(),
                TransportConfig.DEFAULT_START_TIMEOUT, options.maxInFlight(), TransportConfig.DEFAULT_MAX_RESPONSE_BYTES,
                options.requireLockdown() ? LockdownMode.REQUIRE : LockdownMode.WARN);
        this.audit = new GateAudit(options, this::sendForResult);
        this.transport = new Transport(config, this::onEvent);
        this.groups = options.groupCommit() ? new GroupCommit(this::sendGroup) : null;
    }

    @Override
    public HelperInfo info() throws NftjException {
        try {
            return toInfo(transport.connection().hello());
        } catch (TransportException e) {
            throw translate(e);
        }
    }

    /** Validates (once per batch) and sends; a refused change is audited, a refused listing is not. */
    @Override
    public Result send(Batch batch, boolean check, boolean echo) throws NftjException {
        ValidatedBatch validated;
        try {
            validated = batch.validated(check, echo);
        } catch (InvalidRequestException e) {
            boolean readOnly = batch.toJson().stream().allMatch(c -> c.size() == 1 && c.containsKey("list"));
            throw readOnly ? e : refused(e);
        }
        return send(validated);
    }

    @Override
    public NftjException refused(InvalidRequestException e) { return audit.refusedBeforeSending("nft", e); }

    /** Sends one validated request and waits for its answer; audits mutating requests (see GateAudit). */
    Result send(ValidatedBatch batch) throws NftjException {
        // A document without a command (only metainfo, or nothing): nothing to apply, nothing to
        // send or audit; the helper refuses an empty batch.
        if ("nft".equals(batch.op()) && batch.commandCount() == 0) return new Result(List.of(), batch.sha256());
        if (groups != null && GroupCommit.eligible(batch)) return groups.submit(batch);
        return sendAlone(batch);
    }

    /** One request on its own: audited (GateAudit.begin), sent, answered. */
    private Result sendAlone(ValidatedBatch batch) throws NftjException {
        long t0 = System.nanoTime();
        try (GateAudit.Ticket ticket = audit.begin(batch)) {
            Result r = send(batch, ticket, null, Waiting.CALLER);
            ApiLog.request(batch, "ok", System.nanoTime() - t0);
            return r;
        } catch (NftjException e) {
            ApiLog.request(batch, e.code(), System.nanoTime() - t0);
            throw e;
        }
    }

    /**
     * Sends a read-only request whose answer may come as several frames ({@code "stream": true},
     * docs/protocol.md): the {@code nftables} objects of every frame go to {@code chunk} in order,
     * on the transport's reader thread, the last frame's too. A slow {@code chunk} slows the helper
     * (the pipe is the flow control); what {@code chunk} throws ends the request and reaches the
     * caller as it was thrown, after the rest of the answer was read and dropped.
     */
    @Override
    public void stream(List<Map<String, Object>> listCommands, Consumer<List<Map<String, Object>>> parts)
            throws NftjException {
        stream(listing(listCommands, true, false), parts);
    }

    @Override
    public Map<String, Object> summary(Map<String, Object> listTable) throws NftjException {
        return sendForResult(listing(List.of(listTable), false, true));
    }

    private static ValidatedBatch listing(List<Map<String, Object>> commands, boolean stream, boolean summary)
            throws InvalidRequestException {
        try {
            return Validator.nftList(commands, stream, summary);
        } catch (ValidationException e) {
            throw InvalidRequestException.of(e);
        }
    }

    void stream(ValidatedBatch batch, Consumer<List<Map<String, Object>>> chunk) throws NftjException {
        if (batch.mutating()) throw new IllegalArgumentException("only read-only requests are streamed");
        long t0 = System.nanoTime();
        Response last;
        try {
            last = transport.submit(batch, r -> chunk.accept(nftables(r.result()))).get();
        } catch (ExecutionException | CompletionException e) {
            // Transport failures are checked exceptions: a RuntimeException is what chunk threw.
            if (e.getCause() instanceof RuntimeException own) throw own;
            NftjException ex = translate(e.getCause());
            ApiLog.request(batch, ex.code(), System.nanoTime() - t0);
            throw ex;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestTimeoutException("interrupted", "interrupted while waiting for the helper", -1, "",
                    NftjException.Outcome.NOT_APPLIED, e);
        }
        if (!last.ok()) {
            NftjException ex = translate(last.error());
            ApiLog.request(batch, ex.code(), System.nanoTime() - t0);
            throw ex;
        }
        chunk.accept(nftables(last.result()));
        ApiLog.request(batch, "ok", System.nanoTime() - t0);
    }

    /** A read-only request's whole result object (the summary's counts are beside its objects). */
    Map<String, Object> sendForResult(ValidatedBatch batch) throws NftjException {
        if (batch.mutating()) throw new IllegalArgumentException("only read-only requests");
        if (!batch.op().equals("nft") && !batch.op().equals("digest")) throw new IllegalArgumentException("nft or digest requests");
        long t0 = System.nanoTime();
        try (GateAudit.Ticket ticket = audit.begin(batch)) {
            Response response = await(batch, ticket);
            if (!response.ok()) throw translate(response.error());
            ApiLog.request(batch, "ok", System.nanoTime() - t0);
            return response.result();
        } catch (NftjException e) {
            ApiLog.request(batch, e.code(), System.nanoTime() - t0);
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nftables(Map<String, Object> result) {
        return result != null && result.get("nftables") instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /**
     * How a request's answer is waited for. A caller waiting for its own request: interruptible,
     * and the transport's future spins briefly when the request is alone in flight (saving a
     * wake-up; nothing else needs the CPU then). A request of group commit's ({@link #FOR_OTHERS}):
     * {@code uninterruptible} (the request may also be other callers'; an interrupt must not
     * abandon it; the transport's timeout bounds the wait, the interrupt status is kept), no
     * {@code spin} (group commit waits for its answers itself).
     */
    private record Waiting(boolean uninterruptible, boolean spin) {
        static final Waiting CALLER = new Waiting(false, true);
    }

    /** Waits for the helper's answer; a death, stall or protocol break is audited as a crash. */
    private Response await(ValidatedBatch batch, GateAudit.Ticket ticket) throws NftjException {
        return await(batch, ticket, Waiting.CALLER);
    }

    private Response await(ValidatedBatch batch, GateAudit.Ticket ticket, Waiting how) throws NftjException {
        return await(batch, ticket, transport.submit(batch), how);
    }

    /** As {@link #await(ValidatedBatch, GateAudit.Ticket, Waiting)} for a request already submitted. */
    private Response await(ValidatedBatch batch, GateAudit.Ticket ticket, CompletableFuture<Response> pending,
                           Waiting how) throws NftjException {
        try {
            return answer(pending, how);
        } catch (ExecutionException | CompletionException e) {
            NftjException ex = translate(e.getCause());
            ticket.crashed(ex);
            throw resolved(ex, ticket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            NftjException ex = new RequestTimeoutException("interrupted", "interrupted while waiting for the helper",
                    -1, "", batch.mutating() && !batch.dryRun() ? NftjException.Outcome.UNKNOWN
                    : NftjException.Outcome.NOT_APPLIED, e);
            ticket.crashed(ex);
            throw ex;
        }
    }

    private static Response answer(CompletableFuture<Response> pending, Waiting how)
            throws ExecutionException, InterruptedException {
        // A plain dependent future does not spin (the transport's own does, when alone in flight).
        Future<Response> waited = how.spin() ? pending : pending.thenApply(r -> r);
        return how.uninterruptible() ? uninterruptibly(waited) : waited.get();
    }

    private static <T> T uninterruptibly(Future<T> pending) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pending.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /**
     * A request whose outcome is unknown (the helper died, stalled or broke the protocol after it
     * was sent), resolved where the audit can: the owned tables as they are now against their
     * digest from before the request (GateAudit.Ticket#resolve). The kernel applies a batch whole
     * or not at all, so unchanged tables mean not applied, changed ones applied (the change lock
     * keeps this client's other changes out; another writer in between is drift, which the next
     * change records).
     */
    private static NftjException resolved(NftjException ex, GateAudit.Ticket ticket) {
        if (ex.outcome() != NftjException.Outcome.UNKNOWN) return ex;
        NftjException.Outcome outcome = ticket.resolve();
        if (outcome == NftjException.Outcome.UNKNOWN) return ex;
        String note = "; outcome resolved: " + (outcome == NftjException.Outcome.APPLIED
                ? "applied (the owned tables changed)" : "not applied (the owned tables are as before)");
        String known = ex.getMessage().replace(TransportException.OUTCOME_UNKNOWN, "");
        NftjException out = switch (ex) {
            case HelperCrashedException c -> new HelperCrashedException(known + note, c.exitStatus(), c.site(), outcome,
                    c.getCause());
            case RequestTimeoutException r -> new RequestTimeoutException(r.code(), known + note, r.command(), r.path(),
                    outcome, r.getCause());
            default -> ex;
        };
        for (Throwable s : ex.getSuppressed()) out.addSuppressed(s);
        return out;
    }

    private Result send(ValidatedBatch batch, GateAudit.Ticket ticket) throws NftjException {
        return send(batch, ticket, null, Waiting.CALLER);
    }

    /** {@code note}: the success record's message. */
    private Result send(ValidatedBatch batch, GateAudit.Ticket ticket, String note, Waiting how) throws NftjException {
        return result(batch, ticket, note, await(batch, ticket, how));
    }

    /** The answer to a request, audited ({@code note}: the success record's message), as the caller's result. */
    private Result result(ValidatedBatch batch, GateAudit.Ticket ticket, String note, Response response) throws NftjException {
        if (!response.ok()) {
            NftjException ex = translate(written(batch, response.error()));
            ticket.answered(ex);
            throw ex;
        }
        ticket.answered(null, note);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> out = response.result().get("nftables") instanceof List<?> l
                ? (List<Map<String, Object>>) l : List.of();
        return new Result(out, batch.sha256());
    }

    // ---- group commit ---------------------------------------------------------------------------------

    /**
     * Sends a group of element changes that waited at the same time ({@link GroupCommit}) without
     * waiting for its answer; the flight's {@link GroupCommit.Flight#finish} settles each member.
     * One member is sent as any request. Several: one change lock and digest for the group, an
     * intent record per member (a member whose intent cannot be written is refused alone), then
     * their commands as ONE request ({@link org.nftj.validation.Validator#group}):
     * <ul>
     *   <li>applied: every member's outcome record says so and names the group (the combined
     *       request's SHA-256 and the members' intent numbers); each caller gets its own Result;</li>
     *   <li>refused (nothing applied: the kernel and the helper apply a request whole or not at
     *       all): the member whose command the helper names is settled from the answer, the others
     *       go again as one request; without a named command every member is sent again on its
     *       own, under its intent ({@link #withoutRefused}); so each caller gets its own outcome and an
     *       innocent caller never fails for another's bad element;</li>
     *   <li>no answer (crash, timeout): every member gets the crash, resolved from the digests where
     *       they were taken, as a lone request would.</li>
     * </ul>
     * The change lock (digests on) is taken here and released when the flight is finished, which
     * may be on another caller's thread (GateAudit's lock is not owned by a thread).
     */
    private GroupCommit.Flight sendGroup(List<GroupCommit.Member> group) {
        if (group.size() == 1) return sendOne(group.get(0));
        long t0 = System.nanoTime();
        GateAudit.Group audited = audit.beginGroup();
        boolean handedOver = false;
        try {
            List<GroupCommit.Member> members = new ArrayList<>(group.size());
            List<GateAudit.Ticket> tickets = new ArrayList<>(group.size());
            for (GroupCommit.Member m : group) {
                try {
                    tickets.add(audited.member(m.batch));
                    members.add(m);
                } catch (AuditFailureException e) {
                    m.failed(e);
                }
            }
            if (members.isEmpty()) return null;
            List<ValidatedBatch> parts = new ArrayList<>(members.size());
            for (GroupCommit.Member m : members) parts.add(m.batch);
            ValidatedBatch combined = Validator.group(parts);
            if (combined == null) {
                alone(members, tickets, "");
                return null;
            }
            CompletableFuture<Response> pending = transport.submit(combined);
            handedOver = true;
            return new Flight(pending, () -> {
                try (audited) {
                    finishGroup(members, tickets, combined, pending, audited, t0);
                }
            });
        } finally {
            if (!handedOver) audited.close();
        }
    }

    /** One member's request, sent as any request is, finished when its answer is in. */
    private GroupCommit.Flight sendOne(GroupCommit.Member m) {
        long t0 = System.nanoTime();
        GateAudit.Ticket ticket;
        try {
            ticket = audit.begin(m.batch);
        } catch (NftjException e) {
            ApiLog.request(m.batch, e.code(), System.nanoTime() - t0);
            m.failed(e);
            return null;
        }
        CompletableFuture<Response> pending;
        try {
            pending = transport.submit(m.batch);
        } catch (RuntimeException | Error e) {
            ticket.close();
            throw e;
        }
        return new Flight(pending, () -> {
            try (ticket) {
                String code = settle(m, () -> result(m.batch, ticket, null, await(m.batch, ticket, pending, FOR_OTHERS)));
                ApiLog.request(m.batch, code, System.nanoTime() - t0);
            }
        });
    }

    /** A request of group commit's on its way: {@code finish} runs once its answer is in. */
    private record Flight(CompletableFuture<Response> pending, Runnable finisher)
            implements GroupCommit.Flight {
        @Override
        public void whenAnswered(Runnable r) { pending.whenComplete((x, t) -> r.run()); }

        @Override
        public void finish() { finisher.run(); }
    }

    /** A group's answer is in: settles every member (when the group was refused: {@link #withoutRefused}, or each alone). */
    private void finishGroup(List<GroupCommit.Member> members, List<GateAudit.Ticket> tickets, ValidatedBatch combined,
                             CompletableFuture<Response> pending, GateAudit.Group audited, long t0) {
        Response response;
        try {
            response = answer(pending, FOR_OTHERS);
        } catch (ExecutionException | InterruptedException e) { // never interrupted: uninterruptible
            NftjException ex = translate(e instanceof ExecutionException x ? x.getCause() : e);
            ApiLog.request(combined, ex.code(), System.nanoTime() - t0);
            if (ex.outcome() == NftjException.Outcome.NOT_APPLIED) { // never reached the helper (too large, no helper)
                alone(members, tickets, "sent alone: the group request sha256 " + combined.sha256() + " was not sent ("
                        + ex.code() + ")");
                return;
            }
            for (int i = 0; i < members.size(); i++) {
                tickets.get(i).crashed(ex);
                members.get(i).failed(resolved(ex, tickets.get(i)));
            }
            return;
        }
        ApiLog.request(combined, response.ok() ? "ok" : response.error().code(), System.nanoTime() - t0);
        if (!response.ok() && !response.error().applied()) {
            if (withoutRefused(members, tickets, combined, response.error(), audited, t0)) return;
            alone(members, tickets, "sent alone: the group request sha256 " + combined.sha256() + " was refused ("
                    + response.error().code() + ")");
            return;
        }
        together(members, tickets, combined, response, audited.after(), "", t0);
    }

    /** Settles every member from the answer to their one request (applied, or failed as a whole). */
    private static void together(List<GroupCommit.Member> members, List<GateAudit.Ticket> tickets, ValidatedBatch combined,
                                 Response response, String after, String suffix, long t0) {
        NftjException error = response.ok() ? null : translate(response.error());
        StringJoiner intents = new StringJoiner(",#", "#", "");
        for (GateAudit.Ticket t : tickets) intents.add(Long.toString(t.intentSeq()));
        String note = "group commit: one request sha256 " + combined.sha256() + " for intents " + intents + suffix;
        for (int i = 0; i < members.size(); i++) {
            GroupCommit.Member m = members.get(i);
            try {
                tickets.get(i).answered(error, note, after);
                if (error == null) m.succeeded(new Result(List.of(), m.batch.sha256()));
                else m.failed(error);
            } catch (AuditFailureException e) {
                m.failed(e);
            }
            ApiLog.request(m.batch, (error == null ? "ok" : error.code()) + " (group of " + members.size() + ")",
                    System.nanoTime() - t0);
        }
    }

    /**
     * A group the helper refused, naming the refused command ({@code command}: the judge's
     * refusals, and the kernel's on the element path, whose error ack carries the refused
     * message's sequence number): the member that command belongs to is settled from that answer
     * at once, as the answer to its own request (command and path counted in its own batch), and
     * the others are sent again as ONE request, and so on while refusals name a member. The kernel
     * applies a transaction's messages in order, so that member met the state its predecessors
     * left, as it would have alone, and the rest is the group without it. A bad member thus costs
     * the others one more request, not one each (each request the kernel refused is charged to the
     * rate limit: it was work). Returns false, having done nothing, when the answer names no
     * command (the rate limit, a request-wide limit, libnftables without the command): every
     * member is then sent on its own, as before. At most one request per member.
     */
    private boolean withoutRefused(List<GroupCommit.Member> members, List<GateAudit.Ticket> tickets, ValidatedBatch group,
                                   HelperError refusal, GateAudit.Group audited, long t0) {
        if (refusedMember(members, refusal) < 0) return false;
        List<GroupCommit.Member> left = new ArrayList<>(members);
        List<GateAudit.Ticket> open = new ArrayList<>(tickets);
        StringJoiner refused = new StringJoiner("; ");
        ValidatedBatch combined = group;
        HelperError error = refusal;
        while (true) {
            int bad = refusedMember(left, error);
            String why = "the group request sha256 " + combined.sha256() + " was refused (" + error.code() + ")";
            if (bad < 0) {
                alone(left, open, "sent alone: " + why + " (after " + refused + ")");
                return true;
            }
            settleFromGroup(left.get(bad), open.get(bad), error, commandsBefore(left, bad), why, audited.before(), t0);
            refused.add(why + " for intent #" + open.get(bad).intentSeq());
            left.remove(bad);
            open.remove(bad);
            if (left.size() < 2) {
                alone(left, open, "sent alone: after " + refused);
                return true;
            }
            List<ValidatedBatch> parts = new ArrayList<>(left.size());
            for (GroupCommit.Member m : left) parts.add(m.batch);
            combined = Validator.group(parts); // fewer commands than the group: never null
            Response response;
            try {
                response = answer(transport.submit(combined), FOR_OTHERS);
            } catch (ExecutionException | InterruptedException e) { // never interrupted: uninterruptible
                NftjException ex = translate(e instanceof ExecutionException x ? x.getCause() : e);
                ApiLog.request(combined, ex.code(), System.nanoTime() - t0);
                if (ex.outcome() == NftjException.Outcome.NOT_APPLIED) { // never reached the helper (no helper)
                    alone(left, open, "sent alone: the group request sha256 " + combined.sha256() + " was not sent ("
                            + ex.code() + ") (after " + refused + ")");
                    return true;
                }
                for (int i = 0; i < left.size(); i++) {
                    open.get(i).crashed(ex);
                    left.get(i).failed(resolved(ex, open.get(i)));
                }
                return true;
            }
            ApiLog.request(combined, response.ok() ? "ok" : response.error().code(), System.nanoTime() - t0);
            if (response.ok() || response.error().applied()) {
                together(left, open, combined, response, audited.after(), " (after " + refused + ")", t0);
                return true;
            }
            error = response.error();
        }
    }

    /** The index of the member whose command the helper names as refused, or -1 when it names none. */
    static int refusedMember(List<GroupCommit.Member> members, HelperError error) {
        if (error.command() < 0) return -1;
        int first = 0;
        for (int i = 0; i < members.size(); i++) {
            int count = members.get(i).batch.commandCount();
            if (error.command() < first + count) return i;
            first += count;
        }
        return -1;
    }

    private static int commandsBefore(List<GroupCommit.Member> members, int member) {
        int n = 0;
        for (int i = 0; i < member; i++) n += members.get(i).batch.commandCount();
        return n;
    }

    /**
     * The helper's answer to a group, for the member that owns the refused command, as the answer
     * to its own request: the command and path counted from its first command, then mapped to the
     * commands it wrote. Its outcome record adds which group request refused it; its digest after
     * is the one before (nothing was applied, and the change lock is held).
     */
    private static void settleFromGroup(GroupCommit.Member m, GateAudit.Ticket ticket, HelperError group, int first,
                                        String why, String before, long t0) {
        String path = group.path();
        Matcher at = COMMAND_PATH.matcher(path);
        if (at.find()) path = "/batch/nftables/" + (Integer.parseInt(at.group(1)) - first) + path.substring(at.end());
        HelperError own = new HelperError(group.code(), group.message(), group.command() - first, path, false);
        NftjException ex = translate(written(m.batch, own));
        try {
            ticket.answeredInGroup(ex, why, before);
            m.failed(ex);
        } catch (AuditFailureException e) {
            m.failed(e);
        }
        ApiLog.request(m.batch, ex.code() + " (refused in its group)", System.nanoTime() - t0);
    }

    private static final Waiting FOR_OTHERS = new Waiting(true, false);

    /** Each member on its own, under the intent already written; a success's record carries {@code note}. */
    private void alone(List<GroupCommit.Member> members, List<GateAudit.Ticket> tickets, String note) {
        for (int i = 0; i < members.size(); i++) {
            GroupCommit.Member m = members.get(i);
            GateAudit.Ticket ticket = tickets.get(i);
            long t0 = System.nanoTime();
            String code = settle(m, () -> send(m.batch, ticket, note, FOR_OTHERS));
            ApiLog.request(m.batch, code + " (alone, after its group)", System.nanoTime() - t0);
        }
    }

    @FunctionalInterface
    private interface Outcome {
        Result get() throws NftjException;
    }

    /** Sets the member's outcome; returns its code ({@code ok} or the error's). */
    private static String settle(GroupCommit.Member m, Outcome outcome) {
        try {
            m.succeeded(outcome.get());
            return "ok";
        } catch (NftjException e) {
            m.failed(e);
            return e.code();
        }
    }

    /** What group commit achieved so far, or null when it is off. */
    GroupCommit.Stats groupStats() { return groups == null ? null : groups.stats(); }

    // ---- network sysctl parameters ----------------------------------------------------------------------

    /**
     * Sends a validated sysctl_get or sysctl_set and returns its result object, which
     * {@link SysctlClient} decodes. A set is audited
     * like any mutating request (intent before, outcome after); the outcome's message lists every
     * parameter it changed as {@code sysctl NAME old=X new=Y}, separated by "; ".
     */
    Map<String, Object> sendSysctl(ValidatedBatch batch) throws NftjException {
        try (GateAudit.Ticket ticket = audit.begin(batch)) {
            Response response = await(batch, ticket);
            if (!response.ok()) {
                NftjException ex = translate(response.error());
                ticket.answered(ex);
                throw ex;
            }
            StringJoiner changed = new StringJoiner("; ");
            for (org.nftj.api.sysctl.SysctlChange c : SysctlClient.changes(response.result())) {
                if (c.changed()) changed.add("sysctl " + c.name() + " old=" + c.oldValue() + " new=" + c.newValue());
            }
            ticket.answered(null, escape(changed.toString()));
            return response.result();
        }
    }

    /** The audit side, for drift checks and listeners. */
    GateAudit audit() { return audit; }

    // Helper life events go to the audit log (restarts counted, alerts raised there).
    void onEvent(TransportEvent e) {
        // An if-chain, not a pattern switch: the first pattern switch of a JVM generates a class at
        // run time, which a cold `nftj apply` pays for here (docs/benchmarks.md). GateEventsTest
        // hands over every kind of the sealed TransportEvent, so a new kind cannot be missed silently.
        if (e instanceof TransportEvent.HelperStarted s) {
            audit.helperStarted(s.pid(), s.hello().helperVersion());
        } else if (e instanceof TransportEvent.HelperRestarted r) {
            audit.helperRestarted(r.previousPid(), r.restarts());
        } else if (e instanceof TransportEvent.HelperDied d) {
            audit.helperDied(d.pid(), d.exitStatus(), d.sandboxViolation(), d.failedRequests(), d.reason(), d.detail());
        } else if (e instanceof TransportEvent.LockdownMissing m) {
            audit.lockdownMissing(m.pid(), String.valueOf(m.sandbox()));
        } else if (e instanceof TransportEvent.StartFailed f) {
            audit.startFailed(f.reason(), f.exitStatus(), f.message());
        } else {
            throw new IllegalStateException("unhandled transport event " + e);
        }
    }

    /**
     * Runs nft in a scratch namespace for {@link NftText} (the transport starts this library's
     * processes): nothing of it reaches the helper, the audit log or the host's ruleset. It reads
     * {@code text} from anyone, or, when {@code file} is given, that file as its author's.
     */
    static NftText.Run scratchNft(java.nio.file.Path unshare, java.nio.file.Path sh, java.nio.file.Path nft,
                                  java.nio.file.Path ip, java.nio.file.Path setpriv, boolean userNamespace,
                                  List<String> interfaces, String text, java.nio.file.Path file,
                                  java.time.Duration deadline)
            throws java.io.IOException, InterruptedException {
        ScratchNft.Source source = file == null ? ScratchNft.Source.anyonesText(text) : ScratchNft.Source.authorsFile(file);
        ScratchNft.Run run = ScratchNft.run(new ScratchNft.Tools(unshare, sh, nft, ip, setpriv), userNamespace, interfaces,
                source, deadline);
        NftText.Ending ending = switch (run.exitStatus()) {
            case 0 -> NftText.Ending.LISTED;
            case ScratchNft.EXIT_INTERFACE -> NftText.Ending.INTERFACE;
            case ScratchNft.EXIT_LOAD -> NftText.Ending.LOAD;
            case ScratchNft.EXIT_LIST -> NftText.Ending.LIST;
            case ScratchNft.EXIT_KILLED -> NftText.Ending.KILLED;
            default -> NftText.Ending.OTHER;
        };
        return new NftText.Run(ending, run.exitStatus(), run.listing(), run.errors());
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

    /**
     * The helper's refusal, pointing at the command and element the caller wrote: the validator
     * cuts element lists longer than a command may hold into several commands (ValidatedBatch).
     */
    static HelperError written(ValidatedBatch batch, HelperError e) {
        Matcher m = COMMAND_PATH.matcher(e.path());
        int sent = e.command() >= 0 ? e.command() : m.find() ? Integer.parseInt(m.group(1)) : -1;
        if (sent < 0) return e;
        return new HelperError(e.code(), e.message(), e.command() < 0 ? -1 : batch.originalCommand(sent),
                batch.originalPath(sent, e.path()), e.applied());
    }

    static NftjException translate(HelperError e) {
        NftjException.Outcome o = e.applied() ? NftjException.Outcome.APPLIED : NftjException.Outcome.NOT_APPLIED;
        String msg = escape(e.message()).isEmpty() ? e.code() : escape(e.message());
        return switch (e.code()) {
            case "not_found" -> new NotFoundException(e.code(), msg, e.command(), e.path(), o, null);
            case "exists" -> new AlreadyExistsException(e.code(), msg, e.command(), e.path(), o, null);
            case "policy_denied" -> new PolicyDeniedException(e.code(), msg, e.command(), e.path(), o, null);
            case "rate_limited" -> new RateLimitedException(e.code(), msg, e.command(), e.path(), o, null);
            case "sysctl_failed" -> new SysctlFailedException(e.code(), msg, e.command(), e.path(), o, null);
            case "nft_failed", "response_too_large", "internal" ->
                    new NftFailedException(e.code(), msg, e.command(), e.path(), o, null);
            default -> new InvalidRequestException(e.code(), msg, e.command(), e.path(), o, null);
        };
    }

    /** The public exception for what the transport reports: one per kind, its data carried over. */
    static NftjException translate(Throwable t) {
        if (!(t instanceof TransportException e)) {
            return new HelperCrashedException("unexpected failure: " + t, -1, false, NftjException.Outcome.UNKNOWN, t);
        }
        return switch (e.kind()) {
            case UNAVAILABLE -> new HelperUnavailableException(reason(e.reason()), e.getMessage(), e.helperMessage(),
                    e.exitStatus(), e);
            case CRASHED -> new HelperCrashedException(e.getMessage(), e.exitStatus(), site(e.site()), outcome(e), e);
            case TIMEOUT -> new RequestTimeoutException("timeout", e.getMessage(), -1, "", outcome(e), e);
            case PROTOCOL -> new HelperCrashedException("the helper broke the protocol: " + e.getMessage(), -1, false,
                    outcome(e), e);
            case TOO_LARGE -> new InvalidRequestException("limit_exceeded", e.getMessage(), -1, "",
                    NftjException.Outcome.NOT_APPLIED, e);
        };
    }

    /** The transport's crash sites and the api's are the same list. */
    static HelperCrashedException.Site site(TransportException.Site s) {
        return HelperCrashedException.Site.valueOf(s.name());
    }

    /** The transport's reasons and the api's are the same list (GateTranslationTest pins it). */
    static HelperUnavailableException.Reason reason(TransportException.Reason r) {
        return HelperUnavailableException.Reason.valueOf(r.name());
    }

    private static NftjException.Outcome outcome(TransportException e) {
        return e.outcomeUnknown() ? NftjException.Outcome.UNKNOWN : NftjException.Outcome.NOT_APPLIED;
    }

    static HelperInfo toInfo(Hello h) {
        List<String> tables = new ArrayList<>();
        for (Map<String, Object> t : h.policyTables()) tables.add(t.get("family") + " " + t.get("name"));
        return new HelperInfo(h.pid(), h.helperVersion(), h.libnftablesVersion(), h.protocol(), h.sandbox().locked(),
                h.sandbox().seccomp(), h.sandbox().noNewPrivs(), h.sandbox().dumpable(), h.sandbox().capEffective(),
                tables, h.policyOperations(), h.raw().get("metainfo") instanceof Map<?, ?> m ? Json.stringKeys(m) : null);
    }

    @Override
    public void close() {
        if (groups != null) ApiLog.groups(groups.stats());
        transport.close();
    }
}
