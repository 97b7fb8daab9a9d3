package org.nftj.api;

import java.util.List;
import java.util.Map;

/**
 * What the running helper reported about itself.
 *
 * @param locked true when it runs with seccomp, no_new_privs, not dumpable and CAP_NET_ADMIN alone
 * @param ownedTables the tables its policy lets it touch, as "family name"
 * @param metainfo libnftables' {@code metainfo} object as it prints it at the head of a listing
 *        ({@code version}, {@code release_name}, {@code json_schema_version}), or null when the
 *        helper did not report it
 */
public record HelperInfo(long pid, String helperVersion, String libnftablesVersion, int protocol, boolean locked,
                         int seccompMode, boolean noNewPrivs, boolean dumpable, String capEffective,
                         List<String> ownedTables, List<String> operations, Map<String, Object> metainfo) {
    public HelperInfo {
        ownedTables = List.copyOf(ownedTables);
        operations = List.copyOf(operations);
        metainfo = metainfo == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metainfo));
    }
}
