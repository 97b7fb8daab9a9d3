package org.nftj.transport;

import java.util.List;
import java.util.Map;

/**
 * What the helper reported in its handshake (docs/protocol.md, {@code hello}).
 *
 * @param protocol the protocol it speaks; the transport accepts 1 only (-1 when it did not say)
 * @param helperVersion the helper's version, e.g. {@code 0.1.0}
 * @param libnftablesVersion the version of the libnftables it is linked with, e.g. {@code 1.0.6}
 * @param frameMax the largest request frame it reads, in bytes (16 MiB; -1 when it did not say)
 * @param policyTables the tables its policy lets it touch, each {@code {"family":…,"name":…}}
 * @param policyOperations the operations its policy allows (e.g. {@code add}, {@code delete}, {@code list})
 * @param sandbox the lockdown the helper read back from the kernel after applying it
 * @param pid the helper's process id, as the JVM started it
 * @param raw the whole {@code hello} result as received (for diagnostics such as {@code nftj doctor})
 */
public record Hello(int protocol, String helperVersion, String libnftablesVersion, long frameMax,
                    List<Map<String, Object>> policyTables, List<String> policyOperations,
                    Sandbox sandbox, long pid, Map<String, Object> raw) {
    /** Copies the lists and the raw answer, so that the record cannot change. */
    public Hello {
        policyTables = List.copyOf(policyTables);
        policyOperations = List.copyOf(policyOperations);
        raw = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(raw));
    }

    /**
     * The largest request the helper assembles from several frames ({@code requestMax}, 64 MiB;
     * docs/protocol.md, "Requests larger than a frame"); {@link #frameMax()} for a helper that
     * does not say.
     *
     * @return the request bound, in bytes
     */
    public long requestMax() {
        return raw.get("requestMax") instanceof Number n && !(n instanceof Double) ? n.longValue() : frameMax;
    }


    /**
     * Sandbox state as reported by the helper (read from /proc/self/status after lockdown).
     *
     * @param seccomp the seccomp mode: 0 off, 1 strict, 2 filter (the one nftj promises), -1 not reported
     * @param noNewPrivs whether no_new_privs is set
     * @param dumpable whether the process is dumpable (nftj promises it is not); true when not reported
     * @param capEffective the effective capability set, 16 hex digits ({@code 0000000000001000}: CAP_NET_ADMIN alone)
     * @param capPermitted the permitted capability set, 16 hex digits
     * @param boundingDropped whether every capability but CAP_NET_ADMIN left the bounding set
     */
    public record Sandbox(int seccomp, boolean noNewPrivs, boolean dumpable, String capEffective,
                          String capPermitted, boolean boundingDropped) {
        static final String CAP_NET_ADMIN_ONLY = "0000000000001000";

        /** {@return true for the lockdown nftj promises: seccomp filter mode, no_new_privs, not dumpable, CAP_NET_ADMIN alone} */
        public boolean locked() {
            return seccomp == 2 && noNewPrivs && !dumpable && CAP_NET_ADMIN_ONLY.equals(capEffective)
                    && CAP_NET_ADMIN_ONLY.equals(capPermitted);
        }
    }
}
