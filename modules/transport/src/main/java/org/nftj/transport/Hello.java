package org.nftj.transport;

import java.util.List;
import java.util.Map;

/**
 * What the helper reported in its handshake.
 *
 * @param sandbox the lockdown the helper read back from the kernel after applying it
 * @param raw the whole {@code hello} result as received (for diagnostics such as {@code nftj doctor})
 */
public record Hello(int protocol, String helperVersion, String libnftablesVersion, long frameMax,
                    List<Map<String, Object>> policyTables, List<String> policyOperations,
                    Sandbox sandbox, long pid, Map<String, Object> raw) {
    public Hello {
        policyTables = List.copyOf(policyTables);
        policyOperations = List.copyOf(policyOperations);
        raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw));
    }

    /**
     * The largest request the helper assembles from several frames ({@code requestMax}, 64 MiB;
     * docs/protocol.md, "Requests larger than a frame"); {@link #frameMax()} for a helper that
     * does not say.
     */
    public long requestMax() {
        return raw.get("requestMax") instanceof Number n && !(n instanceof Double) ? n.longValue() : frameMax;
    }


    /** Sandbox state as reported by the helper (read from /proc/self/status after lockdown). */
    public record Sandbox(int seccomp, boolean noNewPrivs, boolean dumpable, String capEffective,
                          String capPermitted, boolean boundingDropped) {
        static final String CAP_NET_ADMIN_ONLY = "0000000000001000";

        /** The lockdown nftj promises: seccomp filter mode, no_new_privs, not dumpable, CAP_NET_ADMIN alone. */
        public boolean locked() {
            return seccomp == 2 && noNewPrivs && !dumpable && CAP_NET_ADMIN_ONLY.equals(capEffective)
                    && CAP_NET_ADMIN_ONLY.equals(capPermitted);
        }
    }
}
