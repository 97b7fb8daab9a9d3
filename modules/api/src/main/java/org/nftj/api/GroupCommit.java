package org.nftj.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.nftj.validation.ValidatedBatch;

/**
 * Group commit of element changes: callers whose element changes wait while other groups are with
 * the helper are sent together, as one request (one helper transaction, one round trip), by one of
 * them, the leader. Classic group commit, no timers: a caller who finds fewer than
 * {@link #GROUPS_IN_FLIGHT} groups on their way sends at once (alone, as without group commit);
 * callers who arrive meanwhile queue, and when a group in flight has been answered the first of
 * them leads the next group with everything queued by then. Two groups in flight, not one, so that
 * the helper has the next group to read while the last one's answer wakes its callers: the
 * thread switches between one group's answer and the next group's request are not all on the
 * helper's critical path.
 *
 * <p>This class only queues and hands over leadership; what a group is sent as, how it is audited
 * and what happens when the helper refuses it is the {@link Sender}'s ({@link Gate#sendGroup}):
 * it sets every member's outcome. Each caller gets its own {@link Result} or exception.
 *
 * <p>Bounds: a request joins groups only if it is an element change ({@link ValidatedBatch#groupable()})
 * of at most {@link #MEMBER_BYTES_MAX} bytes; a group holds at most {@link #GROUP_BYTES_MAX} bytes
 * and {@link #GROUP_COMMANDS_MAX} commands (what stays queued leads the next group).
 *
 * <p>Threads: callers block in {@link #submit}; a leader is a caller's own thread. Interrupting a
 * waiting caller does not abandon its request (it may already be with the helper); the interrupt
 * status is kept for the caller.
 */
final class GroupCommit {
    /** A request larger than this is sent on its own: grouping saves per-request cost, which it dwarfs. */
    static final int MEMBER_BYTES_MAX = 64 << 10;
    /** The most request bytes in one group. */
    static final int GROUP_BYTES_MAX = 1 << 20;
    /** The most commands in one group (a request may hold 20 000). */
    static final int GROUP_COMMANDS_MAX = 4096;
    /** Groups with the helper at once (each led by its own caller's thread). */
    static final int GROUPS_IN_FLIGHT = 2;

    /**
     * Sends a group (one or more members) and sets every member's outcome before it returns.
     * {@code answered} is to run as soon as the helper's answer to the group's request is in (on
     * whatever thread delivers it): it lets the next group go without waiting for this leader's
     * thread to wake up. It may run more than once (only the first counts) or not at all (then it
     * runs when {@code send} returns).
     */
    @FunctionalInterface
    interface Sender {
        void send(Turn turn);
    }

    /**
     * One leader's turn: its {@code group} (the leader first), whether other callers were active
     * when it began ({@code crowded}: other groups in flight or callers queued), and the hand-off
     * to run when the helper's answer is in ({@link Sender}).
     */
    record Turn(List<Member> group, boolean crowded, Runnable answered) {}

    /** One caller's request and, once settled, its outcome. */
    static final class Member {
        final ValidatedBatch batch;
        private final Thread caller;
        /** Set (before {@link #leads}) by the hand-off: the group this member is to lead. */
        private List<Member> group;
        /** Whether other callers were active when this one began or was handed a group. */
        private boolean crowded;
        private volatile boolean leads;
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
    /** Callers waiting, oldest first; the head is the next leader. Non-empty implies {@link #leaders} is the most. */
    private final ArrayDeque<Member> queue = new ArrayDeque<>();
    /** Groups being sent now, at most {@link #GROUPS_IN_FLIGHT}. */
    private int leaders;
    private final LongAdder groups = new LongAdder();
    private final LongAdder members = new LongAdder();
    private final java.util.concurrent.atomic.AtomicInteger largest = new java.util.concurrent.atomic.AtomicInteger();

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
        boolean leads;
        lock.lock();
        try {
            leads = leaders < GROUPS_IN_FLIGHT;
            if (leads) leaders++;
            else queue.addLast(me);
            me.crowded = leaders > 1;
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (!leads && !me.done) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
            leads = me.leads;
        }
        if (!me.done) lead(me);
        if (interrupted) Thread.currentThread().interrupt();
        return me.outcome();
    }

    /**
     * The calling member leads: the group handed to it (itself and what was queued behind it), or
     * itself alone when it found a free place (then nothing was queued). Send, hand over, wake the others.
     */
    private void lead(Member me) {
        List<Member> group = me.group != null ? me.group : List.of(me);
        groups.increment();
        members.add(group.size());
        largest.accumulateAndGet(group.size(), Math::max);
        java.util.concurrent.atomic.AtomicBoolean handedOff = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable answered = () -> {
            if (handedOff.compareAndSet(false, true)) handOff();
        };
        try {
            sender.send(new Turn(group, me.crowded, answered));
        } catch (RuntimeException | Error t) {
            for (Member m : group) if (!m.settled()) m.broke(t);
        } finally {
            for (Member m : group) if (!m.settled()) m.broke(new IllegalStateException("the group's sender left it unsettled"));
            answered.run();
            for (Member m : group) {
                m.done = true;
                if (m.caller != Thread.currentThread()) LockSupport.unpark(m.caller);
            }
        }
    }

    /** The next leader first (the oldest waiting), then the queue's head while it fits. The caller holds the lock. */
    private List<Member> take(Member leader) {
        List<Member> group = new ArrayList<>();
        group.add(leader);
        int bytes = leader.batch.bodyLength();
        int commands = leader.batch.commandCount();
        for (Member m = queue.peekFirst(); m != null; m = queue.peekFirst()) {
            bytes += m.batch.bodyLength();
            commands += m.batch.commandCount();
            if (bytes > GROUP_BYTES_MAX || commands > GROUP_COMMANDS_MAX) break;
            group.add(queue.pollFirst());
        }
        return group;
    }

    /**
     * The next group is everything waiting now (as fits), led by the oldest waiting caller; with
     * nobody waiting, one place more for the next caller to send at once.
     */
    private void handOff() {
        lock.lock();
        try {
            Member next = queue.pollFirst();
            if (next == null) {
                leaders--;
            } else {
                next.group = take(next);
                next.crowded = true;
                next.leads = true;
                LockSupport.unpark(next.caller);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Groups sent so far, requests in them, the largest group (what the coalescing achieved), and
     * the callers queued now.
     */
    record Stats(long groups, long members, int largest, int waiting) {
        @Override
        public String toString() {
            return groups + " group(s) for " + members + " request(s), " + String.format(java.util.Locale.ROOT, "%.2f",
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
