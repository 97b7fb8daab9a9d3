package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nftj.validation.ValidatedBatch;

/**
 * How group commit hands work on, without a helper (a sender whose answers the test releases):
 * a group's next group is sent by the thread that finished the last one, already awake, never by a
 * queued caller woken only for that; a queued caller returns once its own group is settled.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupCommitHandOverTest {
    /** One call of the sender: on which thread, which group, and the answer the test releases. */
    record Sent(Thread thread, List<ValidatedBatch> group, CompletableFuture<Void> answer) {}

    /** A caller on its own thread. */
    record Caller(Thread thread, CompletableFuture<Result> result) {}

    private final BlockingQueue<Sent> sent = new LinkedBlockingQueue<>();
    /** What the flights' finish throws, when set (a bug in the sender). */
    private volatile RuntimeException finishThrows;

    private final GroupCommit groups = new GroupCommit(group -> {
        CompletableFuture<Void> answer = new CompletableFuture<>();
        List<ValidatedBatch> batches = new ArrayList<>();
        for (GroupCommit.Member m : group) batches.add(m.batch);
        sent.add(new Sent(Thread.currentThread(), batches, answer));
        return new GroupCommit.Flight() {
            @Override
            public void whenAnswered(Runnable r) { answer.whenComplete((x, t) -> r.run()); }

            @Override
            public void finish() {
                if (finishThrows != null) throw finishThrows;
                for (GroupCommit.Member m : group) m.succeeded(new Result(List.of(), m.batch.sha256()));
            }
        };
    });

    private static ValidatedBatch add(int port) throws InvalidRequestException {
        return Batch.builder().add(Elements.of(Family.INET, "app", "ports", port)).build().validated(false, false);
    }

    private Caller call(ValidatedBatch batch) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                result.complete(groups.submit(batch));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return new Caller(t, result);
    }

    private Sent nextSent() throws InterruptedException {
        Sent s = sent.poll(10, TimeUnit.SECONDS);
        assertNotNull(s, "nothing was sent");
        return s;
    }

    private void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (groups.stats().waiting() < n) {
            assertTrue(System.nanoTime() < deadline, "callers did not queue: " + groups.stats());
            Thread.sleep(2);
        }
    }

    /** Two callers in flight alone, then three queued behind them. */
    private List<Caller> twoInFlightThreeQueued(List<Sent> alone, List<ValidatedBatch> queued) throws Exception {
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < GroupCommit.GROUPS_IN_FLIGHT; i++) {
            callers.add(call(add(i + 1)));
            alone.add(nextSent());
        }
        for (int i = 0; i < 3; i++) {
            ValidatedBatch b = add(10 + i);
            queued.add(b);
            callers.add(call(b));
            awaitWaiting(i + 1);
        }
        return callers;
    }

    @Test
    void theFinisherSendsTheNextGroupAndQueuedCallersReturnWhenTheirOwnGroupIsSettled() throws Exception {
        List<Sent> alone = new ArrayList<>();
        List<ValidatedBatch> queued = new ArrayList<>();
        List<Caller> callers = twoInFlightThreeQueued(alone, queued);
        for (int i = 0; i < alone.size(); i++) {
            assertSame(callers.get(i).thread(), alone.get(i).thread(), "a caller who finds a free place sends itself");
            assertEquals(1, alone.get(i).group().size());
        }

        alone.get(0).answer().complete(null);
        Sent group = nextSent();
        assertSame(callers.get(0).thread(), group.thread(),
                "the first caller, woken for its own answer, sends what queued meanwhile: no thread is woken only to send");
        assertEquals(queued, group.group(), "everything queued, oldest first, as one group");
        assertNotNull(callers.get(0).result().get(10, TimeUnit.SECONDS));
        assertEquals(0, groups.stats().waiting());

        Thread.sleep(50);
        for (Caller c : callers.subList(2, 5)) assertFalse(c.result().isDone(), "its group is not answered yet");
        group.answer().complete(null);
        for (int i = 2; i < 5; i++) {
            assertEquals(queued.get(i - 2).sha256(), callers.get(i).result().get(10, TimeUnit.SECONDS).batchSha256());
        }
        assertFalse(callers.get(1).result().isDone(), "the second caller's own answer is not in");
        alone.get(1).answer().complete(null);
        assertNotNull(callers.get(1).result().get(10, TimeUnit.SECONDS));

        GroupCommit.Stats s = groups.stats();
        assertEquals(3, s.groups(), s.toString());
        assertEquals(5, s.members(), s.toString());
        assertEquals(3, s.largest(), s.toString());
        assertTrue(sent.isEmpty(), "nothing else was sent");
    }

    @Test
    void whatAFinishThrowsReachesItsGroupAndTheQueuedGroupIsStillSent() throws Exception {
        List<Sent> alone = new ArrayList<>();
        List<Caller> callers = twoInFlightThreeQueued(alone, new ArrayList<>());
        finishThrows = new IllegalStateException("a bug in the sender");
        alone.get(0).answer().complete(null);
        Sent group = nextSent();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> callers.get(0).result().get(10, TimeUnit.SECONDS));
        assertSame(finishThrows, assertInstanceOf(IllegalStateException.class, e.getCause()));
        finishThrows = null;
        group.answer().complete(null);
        alone.get(1).answer().complete(null);
        for (Caller c : callers.subList(1, 5)) assertNotNull(c.result().get(10, TimeUnit.SECONDS));
    }
}
