package org.nftj.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the transport starts and talks to the helper. The module documentation lists the defaults.
 *
 * @param helper absolute path of the helper executable; it is started directly, with an empty
 *               environment and no shell
 * @param requestTimeout how long one request may take from submission to its answer, waiting for
 *                       a slot included; a helper that misses it is killed and restarted
 * @param startTimeout how long the helper may take to answer {@code hello}
 * @param maxInFlight requests submitted but not yet answered; further callers wait (back-pressure)
 * @param maxResponseBytes a response frame longer than this is a protocol error, refused before
 *                         anything is allocated
 * @param lockdown what to do with a helper that reports no seccomp, no no_new_privs, dumpable, or
 *                 capabilities other than CAP_NET_ADMIN
 */
public record TransportConfig(Path helper, Duration requestTimeout, Duration startTimeout, int maxInFlight,
                              int maxResponseBytes, LockdownMode lockdown) {
    /** The default {@code requestTimeout}: 30 seconds. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The default {@code startTimeout}: 10 seconds. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(10);
    /** The default {@code maxInFlight}: 64 requests. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 64;
    /** The default {@code maxResponseBytes}: 64 MiB, the helper's own response frame maximum. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 << 20;
    /** Upper bound for {@code maxInFlight}: each slot may hold one request body in memory. */
    public static final int MAX_IN_FLIGHT_LIMIT = 4096;

    /**
     * Checks every setting.
     *
     * @throws NullPointerException when a setting is null
     * @throws IllegalArgumentException when the helper's path is relative, a timeout is not
     *         positive, {@code maxInFlight} is outside 1 to {@link #MAX_IN_FLIGHT_LIMIT}, or
     *         {@code maxResponseBytes} is below 1024
     */
    public TransportConfig {
        Objects.requireNonNull(helper, "helper");
        if (!helper.isAbsolute()) throw new IllegalArgumentException("the helper path must be absolute: " + helper);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(lockdown, "lockdown");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("requestTimeout must be > 0");
        if (startTimeout.isNegative() || startTimeout.isZero()) throw new IllegalArgumentException("startTimeout must be > 0");
        if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
            throw new IllegalArgumentException("maxInFlight must be 1.." + MAX_IN_FLIGHT_LIMIT + ": " + maxInFlight);
        }
        if (maxResponseBytes < 1024) throw new IllegalArgumentException("maxResponseBytes must be >= 1024");
    }

    /**
     * 30 s per request, 10 s to start, 64 in flight, 64 MiB responses, lockdown required.
     *
     * @param helper absolute path of the helper executable
     * @return the default configuration for that helper
     */
    public static TransportConfig defaults(Path helper) {
        return new TransportConfig(helper, DEFAULT_REQUEST_TIMEOUT, DEFAULT_START_TIMEOUT, DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_MAX_RESPONSE_BYTES, LockdownMode.REQUIRE);
    }

    /**
     * This configuration with another request timeout.
     *
     * @param t from submission to answer, waiting for a slot included; positive
     * @return a new configuration
     */
    public TransportConfig withRequestTimeout(Duration t) {
        return new TransportConfig(helper, t, startTimeout, maxInFlight, maxResponseBytes, lockdown);
    }

    /**
     * This configuration with another start timeout.
     *
     * @param t how long the helper may take to answer {@code hello}; positive
     * @return a new configuration
     */
    public TransportConfig withStartTimeout(Duration t) {
        return new TransportConfig(helper, requestTimeout, t, maxInFlight, maxResponseBytes, lockdown);
    }

    /**
     * This configuration with another bound on requests in flight.
     *
     * @param n requests submitted but not yet answered, 1 to {@link #MAX_IN_FLIGHT_LIMIT}
     * @return a new configuration
     */
    public TransportConfig withMaxInFlight(int n) {
        return new TransportConfig(helper, requestTimeout, startTimeout, n, maxResponseBytes, lockdown);
    }

    /**
     * This configuration with another bound on response frames.
     *
     * @param n the largest response frame accepted, in bytes, at least 1024
     * @return a new configuration
     */
    public TransportConfig withMaxResponseBytes(int n) {
        return new TransportConfig(helper, requestTimeout, startTimeout, maxInFlight, n, lockdown);
    }

    /**
     * This configuration with another answer to a helper without its full lockdown.
     *
     * @param m refuse it ({@link LockdownMode#REQUIRE}) or run it with a warning event
     * @return a new configuration
     */
    public TransportConfig withLockdown(LockdownMode m) {
        return new TransportConfig(helper, requestTimeout, startTimeout, maxInFlight, maxResponseBytes, m);
    }
}
