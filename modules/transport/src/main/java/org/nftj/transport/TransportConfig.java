package org.nftj.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the transport starts and talks to the helper.
 *
 * @param helper absolute path of the helper executable; it is started directly, with an empty
 *               environment and no shell
 * @param requestTimeout how long one request may wait for its answer
 * @param startTimeout how long the helper may take to answer {@code hello}
 * @param maxInFlight requests sent but not yet answered; further callers wait (back-pressure)
 * @param maxResponseBytes a response frame longer than this is a protocol error, never an allocation
 * @param requireLockdown refuse a helper that reports no seccomp, no no_new_privs or extra capabilities
 */
public record TransportConfig(Path helper, Duration requestTimeout, Duration startTimeout, int maxInFlight,
                              int maxResponseBytes, boolean requireLockdown) {
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 << 20;

    public TransportConfig {
        Objects.requireNonNull(helper, "helper");
        if (!helper.isAbsolute()) throw new IllegalArgumentException("the helper path must be absolute: " + helper);
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight must be >= 1");
        if (maxResponseBytes < 1024) throw new IllegalArgumentException("maxResponseBytes must be >= 1024");
    }

    public static TransportConfig defaults(Path helper) {
        return new TransportConfig(helper, Duration.ofSeconds(30), Duration.ofSeconds(10), 64,
                DEFAULT_MAX_RESPONSE_BYTES, true);
    }
}
