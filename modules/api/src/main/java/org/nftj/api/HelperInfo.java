package org.nftj.api;

import java.util.List;

/**
 * What the running helper reported about itself.
 *
 * @param locked true when it runs with seccomp, no_new_privs, not dumpable and CAP_NET_ADMIN alone
 * @param ownedTables the tables its policy lets it touch, as "family name"
 */
public record HelperInfo(long pid, String helperVersion, String libnftablesVersion, int protocol, boolean locked,
                         int seccompMode, boolean noNewPrivs, boolean dumpable, String capEffective,
                         List<String> ownedTables, List<String> operations) {
    public HelperInfo {
        ownedTables = List.copyOf(ownedTables);
        operations = List.copyOf(operations);
    }
}
