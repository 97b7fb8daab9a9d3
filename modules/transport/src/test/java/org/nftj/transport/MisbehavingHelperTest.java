package org.nftj.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nftj.transport.TransportException.Kind;
import org.nftj.transport.TransportException.Reason;
import org.nftj.validation.ValidatedBatch;
import org.nftj.validation.ValidationException;
import org.nftj.validation.Validator;

/**
 * The Java side against fake helper executables (python3 scripts started by absolute path) that
 * misbehave (garbage, stalls, floods, wrong ids, deaths, refusals): every failure is typed and
 * arrives within the timeout, and the JVM's memory stays bounded. The real helper is exercised by
 * the api module's integration tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MisbehavingHelperTest {
    @TempDir Path dir;
    private final List<TransportEvent> events = new CopyOnWriteArrayList<>();

    private TransportConfig config(String mode) throws IOException {
        return TransportConfig.defaults(FakeHelpers.install(dir, mode)).withRequestTimeout(Duration.ofSeconds(2))
                .withStartTimeout(Duration.ofSeconds(5));
    }

    static ValidatedBatch add(String table) throws ValidationException {
        return Validator.nft(List.of(Map.of("add", Map.of("table", Map.of("family", "inet", "name", table)))), false, false);
    }

    static ValidatedBatch list() throws ValidationException {
        return Validator.nft(List.of(Map.of("list", Map.of("table", Map.of("family", "inet", "name", "app")))), false, false);
    }

    private static Throwable failure(CompletableFuture<Response> f) throws InterruptedException {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    /** The failure as the transport's one exception type, of {@code kind} (any kind when null). */
    private static TransportException of(Kind kind, Throwable t) {
        TransportException e = assertInstanceOf(TransportException.class, t);
        if (kind != null) assertEquals(kind, e.kind(), e.toString());
        return e;
    }

    private static boolean isKind(Throwable t, Kind kind) {
        return t instanceof TransportException e && e.kind() == kind;
    }

    @Test
    void spawnsByAbsolutePathWithEmptyEnvironmentAndNoArguments() throws Exception {
        // The fake reports in its hello what the kernel gave it: /proc/self/environ, argv, cmdline.
        Transport t = new Transport(config("env"), events::add);
        try (t) {
            t.submit(list()).get(10, TimeUnit.SECONDS);
        }
        TransportEvent.HelperStarted started = (TransportEvent.HelperStarted) events.getFirst();
        assertEquals("fake-env", started.hello().helperVersion());
        assertEquals(List.of(), started.hello().raw().get("argv"), "no arguments");
        assertEquals("", started.hello().raw().get("environ"), "an empty environment");
        assertTrue(String.valueOf(started.hello().raw().get("cmdline")).contains(dir.toString()),
                "started by its absolute path, no shell in between");
    }

    @Test
    void garbageIsAProtocolErrorAndTheNextRequestGetsAFreshHelper() throws Exception {
        try (Transport t = new Transport(config("garbage"), events::add)) {
            Throwable e = failure(t.submit(add("a")));
            TransportException p = of(Kind.PROTOCOL, e);
            assertTrue(p.outcomeUnknown(), "a mutating request that was sent has an unknown outcome");
            assertTrue(p.getMessage().contains("not JSON"), p.getMessage());
            long firstPid = t.connection().pid();
            assertTrue(events.stream().anyMatch(x -> x instanceof TransportEvent.HelperDied d
                    && d.reason().equals("protocol_violation")), events.toString());
            of(Kind.PROTOCOL, failure(t.submit(list())));
            assertFalse(failure(t.submit(list())) instanceof TransportException te && te.outcomeUnknown(),
                    "a list has no outcome to lose");
            assertTrue(t.restarts() >= 1);
            assertTrue(firstPid > 0);
            assertTrue(events.stream().anyMatch(x -> x instanceof TransportEvent.HelperRestarted));
        }
    }

    @Test
    void anAnswerForNobodyOrNotAnObjectIsAProtocolError() throws Exception {
        for (String mode : List.of("wrong_id", "not_object", "flood_frames")) {
            try (HelperConnection c = HelperConnection.start(config(mode))) {
                assertEquals(Kind.PROTOCOL, of(null, failure(c.submit(list()))).kind(), mode);
                assertFalse(c.isAlive());
            }
        }
    }

    @Test
    void aHelperThatStallsMidFrameTimesOutAndIsKilled() throws Exception {
        try (HelperConnection c = HelperConnection.start(config("stall"), events::add)) {
            long start = System.nanoTime();
            Throwable e = failure(c.submit(add("a")));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            TransportException t = of(Kind.TIMEOUT, e);
            assertTrue(t.outcomeUnknown());
            assertTrue(took >= 1900 && took < 6000, "timed out after " + took + " ms");
            assertEquals(128 + 9, c.waitExit(), "killed with SIGKILL");
        }
    }

    @Test
    void noCallerBlocksOnAFullPipeWhenTheHelperStopsReading() throws Exception {
        ValidatedBatch big = FramingPropertiesTest.batch("big", 2000); // ~100 kB: a few fill a pipe
        try (HelperConnection c = HelperConnection.start(config("stall_read").withMaxInFlight(32))) {
            long start = System.nanoTime();
            List<CompletableFuture<Response>> all = new ArrayList<>();
            for (int i = 0; i < 32; i++) all.add(c.submit(big));
            long submitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(submitMillis < 1000, "submitting never blocks on the pipe: " + submitMillis + " ms");
            for (CompletableFuture<Response> f : all) {
                Throwable e = failure(f);
                assertTrue(isKind(e, Kind.TIMEOUT) || isKind(e, Kind.CRASHED), e.toString());
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took < 6000, "all failed within the timeout: " + took + " ms");
        }
    }

    @Test
    void aLoneRequestLargerThanAPageIsNotWrittenByItsCaller() throws Exception {
        // A lone caller writes its own frame only when it fits in one page (an empty pipe holds at
        // least that much); a bigger one goes through the writer thread, so even the first request
        // to a helper that reads nothing cannot block its caller.
        ValidatedBatch huge = FramingPropertiesTest.batch("huge", 8000); // several pipes' worth
        assertTrue(huge.bodyLength() > 4 * 65536, "bigger than a default pipe: " + huge.bodyLength());
        try (HelperConnection c = HelperConnection.start(config("deaf"))) {
            // Preemptive: a caller that did block would wait for the deaf helper forever.
            CompletableFuture<Response> f = assertTimeoutPreemptively(Duration.ofSeconds(1), () -> c.submit(huge),
                    "submitting never blocks on the pipe");
            Throwable e = failure(f);
            assertTrue(isKind(e, Kind.TIMEOUT) || isKind(e, Kind.CRASHED), e.toString());
        }
    }

    @Test
    void manySmallRequestsToAHelperThatStopsReadingNeverBlockTheirCallers() throws Exception {
        // Small frames are written by their callers only while the unanswered bytes fit in one
        // page; past that they queue for the writer thread, which alone may block on the pipe.
        ValidatedBatch small = add("a");
        int n = 4 * 65536 / small.bodyLength() + 1; // several pipes' worth
        try (HelperConnection c = HelperConnection.start(config("stall_read").withMaxInFlight(n + 1))) {
            List<CompletableFuture<Response>> all = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
                List<CompletableFuture<Response>> futures = new ArrayList<>();
                for (int i = 0; i < n; i++) futures.add(c.submit(small));
                return futures;
            }, "submitting never blocks on the pipe");
            for (CompletableFuture<Response> f : all) {
                Throwable e = failure(f);
                assertTrue(isKind(e, Kind.TIMEOUT) || isKind(e, Kind.CRASHED), e.toString());
            }
        }
    }

    @Test
    void aFloodOfOutputIsRefusedWithoutAllocatingIt() throws Exception {
        long before = usedHeap();
        try (HelperConnection c = HelperConnection.start(config("flood_length").withMaxResponseBytes(1 << 20))) {
            Throwable e = failure(c.submit(list()));
            of(Kind.PROTOCOL, e);
            assertTrue(e.getMessage().contains("1094795585 bytes"), e.getMessage());
        }
        assertTrue(usedHeap() - before < (64L << 20), "heap stayed bounded");
    }

    @Test
    void aFloodOnStderrIsDrainedAndKeptSmall() throws Exception {
        try (HelperConnection c = HelperConnection.start(config("flood_stderr").withRequestTimeout(Duration.ofSeconds(20)))) {
            Response r = c.submit(list()).get(20, TimeUnit.SECONDS);
            assertTrue(r.ok(), "200 MiB on stderr did not block the helper");
            assertTrue(c.stderrTail().length() <= 4096);
        }
    }

    @Test
    void seccompKillIsNamedASandboxViolation() throws Exception {
        try (HelperConnection c = HelperConnection.start(config("sigsys"), events::add)) {
            TransportException e = of(Kind.CRASHED, failure(c.submit(add("a"))));
            assertEquals(128 + 31, e.exitStatus());
            assertTrue(e.sandboxViolation());
            assertTrue(e.getMessage().contains("seccomp") && e.getMessage().contains("SIGSYS"), e.getMessage());
            assertTrue(e.outcomeUnknown());
        }
        TransportEvent.HelperDied d = (TransportEvent.HelperDied) events.stream()
                .filter(x -> x instanceof TransportEvent.HelperDied).findFirst().orElseThrow();
        assertTrue(d.sandboxViolation());
        assertEquals(1, d.failedRequests());
    }

    // mitigates: M-49
    @Test
    void aCrashOfLibnftablesIsNamedAsSuchNotAsASandboxViolation() throws Exception {
        try (HelperConnection c = HelperConnection.start(config("segv_libnftables"), events::add)) {
            TransportException e = of(Kind.CRASHED, failure(c.submit(add("a"))));
            assertEquals(128 + 11, e.exitStatus());
            assertEquals(TransportException.Site.LIBNFTABLES, e.site(), e.getMessage() + " | stderr=" + c.stderrTail());
            assertFalse(e.sandboxViolation());
            // What libnftables said, on one line, without the note the message already says.
            assertEquals("the helper crashed (signal 11, SIGSEGV) in libnftables: nat.c:12: gen: Assertion `proto == NULL' "
                    + "failed." + TransportException.OUTCOME_UNKNOWN, e.getMessage());
            assertTrue(e.outcomeUnknown());
        }
        TransportEvent.HelperDied d = (TransportEvent.HelperDied) events.stream()
                .filter(x -> x instanceof TransportEvent.HelperDied).findFirst().orElseThrow();
        assertFalse(d.sandboxViolation());
        assertEquals("crashed_in_libnftables", d.reason());
        events.clear();
        try (HelperConnection c = HelperConnection.start(config("abort_helper"))) {
            TransportException e = of(Kind.CRASHED, failure(c.submit(add("a"))));
            assertEquals(TransportException.Site.HELPER, e.site());
            assertTrue(e.getMessage().startsWith("the helper crashed (signal 6, SIGABRT) in its own code"), e.getMessage());
        }
        // The note must name the signal that ended the process: a stray line proves nothing.
        assertEquals(TransportException.Site.UNKNOWN, TransportException.Site.of(128 + 9,
                "nftj-helper: fatal signal 11 (SIGSEGV) in libnftables"));
        assertEquals(TransportException.Site.SANDBOX, TransportException.Site.of(128 + 31, ""));
    }

    @Test
    void anExitCarriesItsStatusAndOnlyMutatingRequestsAreUnknown() throws Exception {
        try (HelperConnection c = HelperConnection.start(config("exit3"))) {
            TransportException e = of(Kind.CRASHED, failure(c.submit(list())));
            assertEquals(3, e.exitStatus());
            assertFalse(e.outcomeUnknown(), "a list changes nothing");
            assertTrue(e.getMessage().contains("status 3"), e.getMessage());
        }
        try (HelperConnection c = HelperConnection.start(config("exit3"))) {
            TransportException e = of(Kind.CRASHED, failure(c.submit(add("x"))));
            assertTrue(e.outcomeUnknown(), "an add that reached the helper may have been applied");
        }
    }

    @Test
    void aDeadHelperIsReplacedOnTheNextRequest() throws Exception {
        try (Transport t = new Transport(config("die_second"), events::add)) {
            assertTrue(t.submit(list()).get(10, TimeUnit.SECONDS).ok());
            of(Kind.CRASHED, failure(t.submit(add("a"))));
            assertTrue(t.submit(list()).get(10, TimeUnit.SECONDS).ok(), "a fresh helper answers");
            assertEquals(1, t.restarts());
            assertTrue(events.stream().anyMatch(e -> e instanceof TransportEvent.HelperRestarted r && r.restarts() == 1));
        }
    }

    @Test
    void startupRefusalIsTypedAndBackedOff() throws Exception {
        try (Transport t = new Transport(config("startup_failed").withRequestTimeout(Duration.ofMillis(30)), events::add)) {
            TransportException e = of(Kind.UNAVAILABLE, failure(t.submit(list())));
            assertEquals(Reason.POLICY, e.reason());
            assertEquals("policy file /x/conf/nftj-helper.policy.json is missing", e.helperMessage());
            assertEquals(25, e.exitStatus());
            assertTrue(e.getMessage().contains("policy file /x/conf/nftj-helper.policy.json is missing"), e.getMessage());
            // A crash loop is not retried at once: within the back-off a request is refused without a
            // start. Each start that fails anyway (a slow machine may let a window pass) doubles the
            // window, so a refusal by back-off comes within a few attempts.
            int starts = 1;
            TransportException again = of(Kind.UNAVAILABLE, failure(t.submit(list())));
            while (again.reason() != Reason.BACKOFF && starts < 8) {
                assertEquals(Reason.POLICY, again.reason());
                starts++;
                again = of(Kind.UNAVAILABLE, failure(t.submit(list())));
            }
            assertEquals(Reason.BACKOFF, again.reason(), "a crash loop is not retried at once");
            assertEquals(starts, t.startFailures(), "a refusal by back-off starts nothing");
            List<Long> windows = events.stream().filter(x -> x instanceof TransportEvent.StartFailed)
                    .map(x -> ((TransportEvent.StartFailed) x).backoffMillis()).toList();
            assertEquals(starts, windows.size());
            for (int i = 0; i < windows.size(); i++) assertEquals(50L << i, windows.get(i), "back-off doubles from 50 ms");
        }
    }

    @Test
    void handshakeChecksProtocolAndLockdown() throws Exception {
        TransportException p = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.start(config("protocol2"))));
        assertEquals(Reason.PROTOCOL, p.reason());
        TransportException u = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.start(config("unlocked"))));
        assertEquals(Reason.NOT_LOCKED_DOWN, u.reason());
        try (HelperConnection c = HelperConnection.start(config("unlocked").withLockdown(LockdownMode.WARN), events::add)) {
            assertTrue(c.submit(list()).get(10, TimeUnit.SECONDS).ok());
            assertFalse(c.hello().sandbox().locked());
        }
        assertTrue(events.stream().anyMatch(e -> e instanceof TransportEvent.LockdownMissing));
        TransportException s = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.start(config("silent_start").withStartTimeout(Duration.ofMillis(500)))));
        assertEquals(Reason.TIMEOUT, s.reason());
    }

    @Test
    void theReasonAHelperIsUnavailableIsDataNotWords() throws Exception {
        // A startup check that failed before any frame is named by the exit status alone.
        TransportException cap = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.start(config("exit22"))));
        assertEquals(Reason.NO_CAP_NET_ADMIN, cap.reason());
        assertEquals(22, cap.exitStatus());
        // A startup reason this client does not know is OTHER, not a guess.
        TransportException other = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.start(config("startup_unknown"))));
        assertEquals(Reason.OTHER, other.reason());
        assertEquals(29, other.exitStatus());
        // What the file is, not what the exception says: missing, or not executable by this user.
        TransportException missing = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.start(TransportConfig.defaults(dir.resolve("no-such-helper")))));
        assertEquals(Reason.NO_SUCH_FILE, missing.reason());
        Path notExecutable = FakeHelpers.install(dir, "exit3");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-------"));
        TransportException denied = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.start(TransportConfig.defaults(notExecutable))));
        assertEquals(Reason.PERMISSION_DENIED, denied.reason(), denied.getMessage());
        // Every startup reason of the protocol has its exit status, and those alone.
        for (int status = 0; status < 256; status++) {
            Reason r = Reason.ofExitStatus(status);
            assertEquals(status >= 20 && status <= 27, r != Reason.EXITED, "exit status " + status + " -> " + r);
        }
    }

    @Test
    void aRefusalIsReadEvenWhenTheHelperExitedBeforeReadingHello() throws Exception {
        // The helper wrote its startup_failed answer and exited: writing hello fails (a broken
        // pipe), and the answer is still there to read.
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        Frames.write(answer, ("{\"id\":null,\"ok\":false,\"error\":{\"code\":\"startup_failed\",\"reason\":\"self_check\","
                + "\"message\":\"directory /tmp has mode 1777\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HelperProcess exited = new HelperProcess() {
            @Override public java.io.OutputStream stdin() {
                return new java.io.OutputStream() {
                    @Override public void write(int b) throws IOException { throw new IOException("Broken pipe"); }
                };
            }
            @Override public java.io.InputStream stdout() { return new java.io.ByteArrayInputStream(answer.toByteArray()); }
            @Override public java.io.InputStream stderr() { return java.io.InputStream.nullInputStream(); }
            @Override public long pid() { return 4242; }
            @Override public boolean isAlive() { return false; }
            @Override public void kill() { }
            @Override public int waitFor(long millis) { return 21; }
        };
        TransportException e = of(Kind.UNAVAILABLE, assertThrows(TransportException.class,
                () -> HelperConnection.over(TransportConfig.defaults(dir.resolve("helper")), exited, events::add)));
        assertEquals(Reason.SELF_CHECK, e.reason());
        assertEquals("directory /tmp has mode 1777", e.helperMessage());
        assertEquals(21, e.exitStatus());
    }

    @Test
    void inFlightIsBoundedAndEveryoneIsServed() throws Exception {
        try (HelperConnection c = HelperConnection.start(config("slow").withMaxInFlight(2)
                .withRequestTimeout(Duration.ofSeconds(20)))) {
            List<CompletableFuture<Response>> all = new ArrayList<>();
            List<Thread> callers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                CompletableFuture<Response> slot = new CompletableFuture<>();
                all.add(slot);
                callers.add(Thread.ofPlatform().start(() -> {
                    try {
                        c.submit(list()).whenComplete((r, t) -> { if (t != null) slot.completeExceptionally(t); else slot.complete(r); });
                    } catch (ValidationException e) {
                        slot.completeExceptionally(e);
                    }
                }));
            }
            int maxSeen = 0;
            while (!CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).isDone()) {
                maxSeen = Math.max(maxSeen, c.inFlight());
                Thread.sleep(5);
            }
            for (CompletableFuture<Response> f : all) assertTrue(f.get().ok());
            assertTrue(maxSeen <= 2, "at most 2 in flight, saw " + maxSeen);
            for (Thread t : callers) t.join();
        }
    }

    @Test
    void closeWaitsForWorkInFlightThenTheHelperExitsCleanly() throws Exception {
        HelperConnection c = HelperConnection.start(config("slow").withRequestTimeout(Duration.ofSeconds(20)));
        List<CompletableFuture<Response>> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) all.add(c.submit(list()));
        c.close(Duration.ofSeconds(10));
        for (CompletableFuture<Response> f : all) assertTrue(f.get(1, TimeUnit.SECONDS).ok());
        assertEquals(0, c.waitExit(), "end of input between frames: exit 0");
        assertEquals(Kind.UNAVAILABLE, of(null, failure(c.submit(list()))).kind(), "closed means closed");
    }

    @Test
    void closeGivesUpAtItsDeadline() throws Exception {
        HelperConnection c = HelperConnection.start(config("slow").withRequestTimeout(Duration.ofSeconds(20)));
        List<CompletableFuture<Response>> all = new ArrayList<>();
        for (int i = 0; i < 20; i++) all.add(c.submit(add("t" + i)));
        long start = System.nanoTime();
        c.close(Duration.ofMillis(500));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took < 3000, "close took " + took + " ms");
        int failed = 0;
        for (CompletableFuture<Response> f : all) {
            try {
                assertNotNull(f.get(1, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                TransportException h = of(Kind.CRASHED, e.getCause());
                assertTrue(h.getMessage().contains("closed"), h.getMessage());
                failed++;
            }
        }
        assertTrue(failed > 0 && failed < 20, failed + " failed");
    }

    @Test
    void failureAnswersKeepTheHelpersText() throws Exception {
        try (HelperConnection c = HelperConnection.start(config("error"))) {
            Response r = c.submit(add("a")).get(10, TimeUnit.SECONDS);
            assertFalse(r.ok());
            assertEquals("nft_failed", r.error().code());
            assertEquals(0, r.error().command());
            assertEquals("/add/rule", r.error().path());
            assertTrue(r.error().message().startsWith("Error: Could not process rule: No such file or directory\n"));
        }
    }

    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    static ValidatedBatch streamedList() throws ValidationException {
        return Validator.nftList(List.of(Map.of("list", Map.of("set", Map.of("family", "inet", "table", "app", "name", "s")))), true, false);
    }

    @Test
    void aRequestLargerThanAFrameGoesInPartsWithNothingBetweenThem() throws Exception {
        // The fake announces 4 KiB frames: 200 commands of ~60 bytes take several, and small
        // requests submitted meanwhile from other threads must not land between the parts.
        List<Object> commands = new ArrayList<>();
        for (int i = 0; i < 200; i++) commands.add(Map.of("add", Map.of("table", Map.of("family", "inet", "name", "table" + i))));
        ValidatedBatch big = Validator.nft(commands, true, false);
        ValidatedBatch one = add("s");
        try (Transport t = new Transport(config("parts"), events::add)) {
            List<CompletableFuture<Response>> small = new ArrayList<>();
            CompletableFuture<Response> whole;
            try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
                for (int i = 0; i < 20; i++) pool.submit(() -> { synchronized (small) { small.add(t.submit(one)); } });
                whole = t.submit(big);
                for (int i = 0; i < 20; i++) pool.submit(() -> { synchronized (small) { small.add(t.submit(one)); } });
            }
            Response r = whole.get(10, TimeUnit.SECONDS);
            assertTrue(r.ok(), String.valueOf(r.error()));
            assertTrue(((Number) r.result().get("frames")).intValue() >= 3, "in parts: " + r.result().get("frames"));
            assertEquals(commands, r.result().get("commands"), "every command, in order");
            assertEquals(List.of("check", "echo"), r.result().get("flags"), "the flags on the last frame only");
            for (CompletableFuture<Response> f : small) assertTrue(f.get(10, TimeUnit.SECONDS).ok(), "a small request in one frame");
        }
    }

    @Test
    void aRequestLargerThanTheHelperAssemblesIsNotSent() throws Exception {
        List<Object> elements = new ArrayList<>();
        for (int i = 0; i < 120_000; i++) elements.add("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255));
        ValidatedBatch big = Validator.nft(List.of(Map.of("add", Map.of("element", Map.of("family", "inet", "table", "app",
                "name", "s", "elem", elements)))), false, false);
        try (Transport t = new Transport(config("parts"), events::add)) {
            Throwable e = failure(t.submit(big));
            of(Kind.TOO_LARGE, e);
            assertTrue(e.getMessage().contains("1 MiB) as one transaction"), e.getMessage());
        }
    }

    @Test
    void aStreamedAnswerReachesItsConsumerFrameByFrameInOrder() throws Exception {
        try (Transport t = new Transport(config("stream"), events::add)) {
            List<Object> parts = new CopyOnWriteArrayList<>();
            Response last = t.submit(streamedList(), r -> parts.add(((List<?>) r.result().get("nftables")).getFirst()))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(List.of(Map.of("part", 0), Map.of("part", 1)), parts, "the frames marked more, in order");
            assertEquals(List.of(Map.of("part", 2)), last.result().get("nftables"), "the last frame completes the request");
            assertTrue(t.submit(list()).get(10, TimeUnit.SECONDS).ok(), "the connection serves the next request");
        }
    }

    @Test
    void aPartialAnswerToARequestThatDidNotAskForOneIsAProtocolViolation() throws Exception {
        // A frame marked "more" may only answer a request submitted with a consumer of partial
        // answers: here the request asks the fake for a stream, but the caller takes one answer.
        try (Transport t = new Transport(config("stream"), events::add)) {
            Throwable e = failure(t.submit(streamedList()));
            of(Kind.PROTOCOL, e);
            assertTrue(e.getMessage().contains("did not ask for one"), e.getMessage());
        }
    }

    @Test
    void theTimeoutOfAStreamedAnswerRestartsWithEveryFrame() throws Exception {
        // Three frames 1.5 s apart (4.5 s in all) against a 3.5 s request timeout: alive all along,
        // never timed out. The margin of 2 s per frame absorbs a slow start of the fake on a busy machine.
        try (Transport t = new Transport(config("slow_stream").withRequestTimeout(Duration.ofMillis(3500)), events::add)) {
            List<Response> parts = new CopyOnWriteArrayList<>();
            Response last = t.submit(streamedList(), parts::add).get(20, TimeUnit.SECONDS);
            assertEquals(2, parts.size());
            assertTrue(last.ok());
        }
    }

    @Test
    void whatTheConsumerThrowsEndsTheRequestAfterTheRestIsRead() throws Exception {
        try (Transport t = new Transport(config("stream"), events::add)) {
            IllegalStateException thrown = new IllegalStateException("enough");
            Throwable e = failure(t.submit(streamedList(), r -> { throw thrown; }));
            assertEquals(thrown, e, "the consumer's own exception");
            assertTrue(t.submit(list()).get(10, TimeUnit.SECONDS).ok(), "the rest of the answer was read: the next request is served");
        }
    }
}
