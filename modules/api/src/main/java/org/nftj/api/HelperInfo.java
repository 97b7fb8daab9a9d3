package org.nftj.api;

import java.util.List;
import java.util.Map;

/**
 * What the running helper reported about itself.
 *
 * @param pid the helper's process id
 * @param helperVersion the helper's version
 * @param libnftablesVersion the version of the libnftables it runs
 * @param protocol the version of the protocol it speaks (docs/protocol.md)
 * @param locked true when it runs with seccomp, no_new_privs, not dumpable and CAP_NET_ADMIN alone
 * @param seccompMode its seccomp mode as /proc/self/status shows it (2: a filter)
 * @param noNewPrivs whether no_new_privs is set
 * @param dumpable whether the process is dumpable (false when locked down)
 * @param capEffective its effective capabilities, in hex as /proc/self/status shows them
 * @param ownedTables the tables its policy lets it touch, as "family name"
 * @param metainfo libnftables' {@code metainfo} object as it prints it at the head of a listing
 *        ({@code version}, {@code release_name}, {@code json_schema_version}), or null when the
 *        helper did not report it
 * @param operations the operations its policy allows ({@code add}, {@code delete}, …)
 */
public record HelperInfo(long pid, String helperVersion, String libnftablesVersion, int protocol, boolean locked,
                         int seccompMode, boolean noNewPrivs, boolean dumpable, String capEffective,
                         List<String> ownedTables, List<String> operations, Map<String, Object> metainfo) {
    /** Copies the lists and the map: what the helper reported does not change. */
    public HelperInfo {
        ownedTables = List.copyOf(ownedTables);
        operations = List.copyOf(operations);
        metainfo = metainfo == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metainfo));
    }
}
