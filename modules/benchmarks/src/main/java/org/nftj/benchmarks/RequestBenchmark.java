package org.nftj.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.nftj.api.Nftj;
import org.nftj.api.NftjException;
import org.nftj.api.NftjOptions;
import org.nftj.api.Result;
import org.nftj.testkit.NetnsHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One small operation through the whole Java path (validation, gate, transport, pipe, helper,
 * libnftables, kernel): add one element to a set, as libnftables JSON. The element cycles through
 * 0..255, so the set (and libnftables' per-command cache fill, which grows with it) stays the same
 * size in the benchmark and in the baseline. The in-process baseline (baseline/inproc.c) runs the very same
 * JSON command through nft_run_cmd_from_buffer in a loop, so the ratio isolates nftj's overhead.
 * Callers are JMH threads ({@code -t 1|4|16}) sharing one client, which pipelines their requests
 * or, with group commit on ({@code groupCommit=true}, the default of the api), sends the element
 * changes that wait at the same time as one request. Both settings run in the same JMH run; at the
 * end of each trial the client's group statistics (requests per group) are printed
 * ({@code group commit:} lines of the api's {@code org.nftj.api.groupcommit} logger).
 */
@State(Scope.Benchmark)
public class RequestBenchmark {
    /** Kept referenced: java.util.logging holds loggers weakly, and the level is set on this one. */
    private static final java.util.logging.Logger GROUPS = java.util.logging.Logger.getLogger("org.nftj.api.groupcommit");

    /** Whether the client groups concurrent element changes ({@code NftjOptions.withGroupCommit}); JMH runs both. */
    @Param({"true", "false"})
    public boolean groupCommit;

    /** Made by JMH, once per trial. */
    public RequestBenchmark() {}

    private NetnsHelper deployment;
    private Nftj client;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts a deployment of the built helper in a fresh namespace and a client to it (group commit
     * as {@link #groupCommit} says), and creates the table {@code inet app} with the set {@code s}
     * the benchmark adds to.
     *
     * @throws NftjException when the helper cannot start or refuses the table
     */
    @Setup(Level.Trial)
    public void start() throws NftjException {
        GROUPS.setLevel(java.util.logging.Level.FINE);
        java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
        console.setLevel(java.util.logging.Level.FINE);
        GROUPS.addHandler(console);
        deployment = NetnsHelper.create();
        client = Nftj.open(NftjOptions.of(deployment.helperPath()).withRequireLockdown(false)
                .withRequestTimeout(Duration.ofSeconds(60)).withGroupCommit(groupCommit));
        client.applyJson("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},"
                + "{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"type\":\"inet_service\"}}}]}", false);
        helperPid = client.helper().pid();
    }

    /** CPU time at the start of the iteration (JVM process, helper process, in ns) and the requests made by then. */
    private long jvmCpu0;
    private long helperCpu0;
    private int requests0;
    private long helperPid;

    /** Notes the CPU time of both processes and the requests made, for {@link #endIteration()}. */
    @Setup(Level.Iteration)
    public void startIteration() {
        jvmCpu0 = jvmCpu();
        helperCpu0 = helperCpu(helperPid);
        requests0 = next.get();
    }

    /**
     * The CPU one request cost in this iteration, JVM and helper: load-independent where throughput
     * is not (on a machine shared with other work, what a request costs says what a quiet machine's
     * two cores can serve); the JVM's share includes JMH's own threads and any JIT work still going on.
     */
    @TearDown(Level.Iteration)
    public void endIteration() {
        long requests = next.get() - requests0;
        long jvm = jvmCpu() - jvmCpu0;
        long helper = helperCpu(helperPid) - helperCpu0;
        System.err.printf(java.util.Locale.ROOT, "cpu per request (groupCommit=%s): jvm %.1f us, helper %.1f us, total %.1f us"
                + " over %d requests%n", groupCommit, jvm / 1e3 / requests, helper / 1e3 / requests,
                (jvm + helper) / 1e3 / requests, requests);
    }

    /** Closes the client and deletes the deployment with its namespace. */
    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        deployment.close();
    }

    private static long jvmCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** utime + stime of a process, from /proc/PID/stat (clock ticks of 10 ms), in ns. */
    private static long helperCpu(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Adds one port (0 to 255, cycling) to the set: one request and one helper transaction, or one
     * member of a group's.
     *
     * @return the result, so that JMH keeps the call
     * @throws NftjException when the request fails (the benchmark run fails with it)
     */
    @Benchmark
    public Result addElement() throws NftjException {
        int port = next.getAndIncrement() & 0xff;
        return client.applyJson("{\"nftables\":[{\"add\":{\"element\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"elem\":["
                + port + "]}}}]}", false);
    }
}
