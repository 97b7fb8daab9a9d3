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
 * Callers are JMH threads ({@code -t 1|4|16}) sharing one client, which pipelines their requests.
 */
@State(Scope.Benchmark)
public class RequestBenchmark {
    /** Made by JMH, once per trial. */
    public RequestBenchmark() {}

    private NetnsHelper deployment;
    private Nftj client;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * Starts a deployment of the built helper in a fresh namespace and a client to it, and creates
     * the table {@code inet app} with the set {@code s} the benchmark adds to.
     *
     * @throws NftjException when the helper cannot start or refuses the table
     */
    @Setup(Level.Trial)
    public void start() throws NftjException {
        deployment = NetnsHelper.create();
        client = Nftj.open(NftjOptions.of(deployment.helperPath()).withRequireLockdown(false)
                .withRequestTimeout(Duration.ofSeconds(60)));
        client.applyJson("{\"nftables\":[{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}},"
                + "{\"add\":{\"set\":{\"family\":\"inet\",\"table\":\"app\",\"name\":\"s\",\"type\":\"inet_service\"}}}]}", false);
    }

    /** Closes the client and deletes the deployment with its namespace. */
    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        deployment.close();
    }

    /**
     * Adds one port (0 to 255, cycling) to the set: one request and one helper transaction.
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
