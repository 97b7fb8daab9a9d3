package org.nftj.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.nftj.validation.ValidatedBatch;

/**
 * Group commit of element changes: callers whose element changes wait while other groups are with
 * the helper are sent together, as one request (one helper transaction, one round trip). Classic
 * group commit, no timers: a caller who finds fewer than {@link #GROUPS_IN_FLIGHT} groups on their
 * way sends at once (alone, as without group commit); callers who arrive meanwhile queue. Two
 * groups in flight, not one, so that the helper has the next group to read while the last one's
 * answer is being settled.
 *
 * <p>Every caller's thread is woken once, when there is something for it to do, and never only to
 * hand work on: when a group's answer is in, its first member (the <em>finisher</em>) is woken; it
 * settles the group ({@link Flight#finish}), sends everything queued by then as the next group
 * (which needs no thread of its own until its answer is in: it is not waited for), then wakes the
 * group's other members, whose outcomes are settled. So a queued caller costs one wake-up, as a
 * request sent on its own does, and grouping never adds thread switches: at four callers, where
 * groups stay small, it is not slower than sending every request alone (docs/benchmarks.md).
 *
 * <p>This class only queues and hands over; what a group is sent as, how it is audited and what
 * happens when the helper refuses it is the {@link Sender}'s ({@link Gate#sendGroup}): its flight's
 * {@link Flight#finish} sets every member's outcome. Each caller gets its own {@link Result} or
 * exception.
 *
 * <p>Bounds: a request joins groups only if it is an element change ({@link ValidatedBatch#groupable()})
 * of at most {@link #MEMBER_BYTES_MAX} bytes; a group holds at most {@link #GROUP_BYTES_MAX} bytes
 * and {@link #GROUP_COMMANDS_MAX} commands (what stays queued goes as the next group).
 *
 * <p>Threads: callers block in {@link #submit}; a caller alone (no other group in flight, nobody
 * queued) spins briefly for its answer before parking, as the transport does for a lone request.
 * Interrupting a waiting caller does not abandon its request (it may already be with the helper);
 * the interrupt status is kept for the caller, and the transport's timeout bounds the wait.
 */
final class GroupCommit {
    /** A request larger than this is sent on its own: grouping saves per-request cost, which it dwarfs. */
    static final int MEMBER_BYTES_MAX = 64 << 10;
    /** The most request bytes in one group. */
    static final int GROUP_BYTES_MAX = 1 << 20;
    /** The most commands in one group (a request may hold 20 000). */
    static final int GROUP_COMMANDS_MAX = 4096;
    /** Groups with the helper at once. */
    static final int GROUPS_IN_FLIGHT = 2;
    /**
     * How long a caller alone spins for its answer before parking: a one-element change takes tens
     * of microseconds, and a parked thread's wake-up costs about as much again.
     */
    static final long SPIN_NANOS = 200_000;

    /**
     * Sends a group (one or more members, in order) without waiting for the helper's answer, and
     * returns the request on its way; null when nothing was sent (every member's outcome is set,
     * e.g. an audit failure refused them all).
     */
    @FunctionalInterface
    interface Sender {
        Flight send(List<Member> group);
    }

    /** A group's request on its way to the helper. */
    interface Flight {
        /** Runs {@code r} once the answer (or the failure) is in, on whatever thread delivers it; at once if it is. */
        void whenAnswered(Runnable r);

        /** The answer is in: sets every member's outcome (runs on the finisher's thread, which may wait for the helper). */
        void finish();
    }

    /** One caller's request and, once settled, its outcome. */
    static final class Member {
        final ValidatedBatch batch;
        private final Thread caller;
        /** Set (before its request is sent) on a group's first member: the group and its flight, which it finishes. */
        private List<Member> group;
        private Flight flight;
        /** The first member's group has its answer: the member is to finish it. */
        private volatile boolean answered;
        /** The outcome is set and the member may return. */
        private volatile boolean done;
        private Result result;
        private NftjException error;
        private Throwable unexpected;

        Member(ValidatedBatch batch, Thread caller) {
            this.batch = batch;
            this.caller = caller;
        }

        boolean settled() { return result != null || error != null || unexpected != null; }

        void succeeded(Result r) { result = r; }

        void failed(NftjException e) { error = e; }

        /** Whatever the sender's code threw (a bug, not an answer) reaches the member as it was. */
        void broke(Throwable t) { unexpected = t; }

        Result outcome() throws NftjException {
            if (error != null) throw error;
            if (unexpected instanceof RuntimeException r) throw r;
            if (unexpected instanceof Error e) throw e;
            if (unexpected != null) throw new IllegalStateException("group commit failed", unexpected);
            return result;
        }
    }

    private final Sender sender;
    private final ReentrantLock lock = new ReentrantLock();
    /** Callers waiting, oldest first. Non-empty implies {@link #inFlight} is the most. */
    private final ArrayDeque<Member> queue = new ArrayDeque<>();
    /** Groups sent and not yet finished, at most {@link #GROUPS_IN_FLIGHT}; read without the lock to decide on spinning. */
    private volatile int inFlight;
    private final LongAdder groups = new LongAdder();
    private final LongAdder members = new LongAdder();
    private final AtomicInteger largest = new AtomicInteger();

    GroupCommit(Sender sender) {
        this.sender = sender;
    }

    /** Whether {@code batch} may join a group (else it is sent on its own). */
    static boolean eligible(ValidatedBatch batch) {
        return batch.groupable() && batch.bodyLength() <= MEMBER_BYTES_MAX;
    }

    /** Sends {@code batch}, alone or with others waiting at the same time, and returns its own outcome. */
    Result submit(ValidatedBatch batch) throws NftjException {
        Member me = new Member(batch, Thread.currentThread());
        boolean sends;
        lock.lock();
        try {
            sends = inFlight < GROUPS_IN_FLIGHT;
            if (sends) inFlight++;
            else queue.addLast(me);
        } finally {
            lock.unlock();
        }
        if (sends) send(List.of(me));
        boolean interrupted = false;
        if (sends && inFlight == 1) spin(me);
        while (!me.done && !me.answered) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (!me.done) finish(me);
        if (interrupted) Thread.currentThread().interrupt();
        return me.outcome();
    }

    /** A caller alone: its answer is due in microseconds, sooner than a park and wake-up. */
    private void spin(Member me) {
        long end = System.nanoTime() + SPIN_NANOS;
        while (!me.done && !me.answered && inFlight == 1 && System.nanoTime() - end < 0) Thread.onSpinWait();
    }

    /**
     * Sends {@code group}, which holds a place in flight; when nothing was sent (every member
     * settled), releases its members and gives the place to what is queued.
     */
    private void send(List<Member> group) {
        while (group != null) {
            groups.increment();
            members.add(group.size());
            largest.accumulateAndGet(group.size(), Math::max);
            Flight flight;
            try {
                flight = sender.send(group);
            } catch (RuntimeException | Error t) {
                for (Member m : group) if (!m.settled()) m.broke(t);
                flight = null;
            }
            if (flight != null) {
                Member first = group.get(0);
                first.group = group;
                first.flight = flight;
                flight.whenAnswered(() -> {
                    first.answered = true;
                    LockSupport.unpark(first.caller);
                });
                return;
            }
            release(group);
            group = next();
        }
    }

    /**
     * The calling member finishes its group, whose answer is in: settles it, sends what is queued
     * as the next group (or frees the place in flight), then lets the group's members return.
     */
    private void finish(Member me) {
        List<Member> group = me.group;
        try {
            me.flight.finish();
        } catch (RuntimeException | Error t) {
            for (Member m : group) if (!m.settled()) m.broke(t);
        }
        send(next());
        release(group);
    }

    /** Every member's outcome is set (or marked as never set): they may return. */
    private static void release(List<Member> group) {
        for (Member m : group) if (!m.settled()) m.broke(new IllegalStateException("the group's sender left it unsettled"));
        for (Member m : group) {
            m.done = true;
            if (m.caller != Thread.currentThread()) LockSupport.unpark(m.caller);
        }
    }

    /**
     * The next group: everything waiting now (as fits), oldest first; with nobody waiting, null,
     * and one place more in flight for the next caller to send at once.
     */
    private List<Member> next() {
        lock.lock();
        try {
            Member first = queue.pollFirst();
            if (first == null) {
                inFlight--;
                return null;
            }
            return take(first);
        } finally {
            lock.unlock();
        }
    }

    /** The oldest waiting first, then the queue's head while it fits. The caller holds the lock. */
    private List<Member> take(Member first) {
        List<Member> group = new ArrayList<>();
        group.add(first);
        int bytes = first.batch.bodyLength();
        int commands = first.batch.commandCount();
        for (Member m = queue.peekFirst(); m != null; m = queue.peekFirst()) {
            bytes += m.batch.bodyLength();
            commands += m.batch.commandCount();
            if (bytes > GROUP_BYTES_MAX || commands > GROUP_COMMANDS_MAX) break;
            group.add(queue.pollFirst());
        }
        return group;
    }

    /**
     * Groups sent so far, requests in them, the largest group (what the coalescing achieved), and
     * the callers queued now.
     */
    record Stats(long groups, long members, int largest, int waiting) {
        @Override
        public String toString() {
            return groups + " group(s) for " + members + " request(s), " + String.format(Locale.ROOT, "%.2f",
                    groups == 0 ? 0.0 : (double) members / groups) + " per group on average, the largest " + largest;
        }
    }

    Stats stats() {
        int waiting;
        lock.lock();
        try {
            waiting = queue.size();
        } finally {
            lock.unlock();
        }
        return new Stats(groups.sum(), members.sum(), largest.get(), waiting);
    }
}
