package org.nftj.validation;

import java.util.Set;

/** The limits and vocabularies shared with the helper (docs/protocol.md). One place, so they cannot drift. */
final class Rules {
    private Rules() {}

    static final int COMMANDS_MAX = 20_000;
    static final int ELEMENTS_MAX = 200_000;
    static final int DEPTH_MAX = 32;
    static final int STRING_BYTES_MAX = 4096;
    static final int NAME_BYTES_MAX = 255;
    static final int COMMENT_BYTES_MAX = 128;
    static final long INTEGER_MAX = (1L << 53) - 1;

    static final Set<String> VERBS = Set.of("add", "create", "insert", "replace", "delete", "destroy",
            "flush", "list", "reset", "rename");
    static final Set<String> READ_ONLY_VERBS = Set.of("list");
    static final Set<String> FAMILIES = Set.of("ip", "ip6", "inet", "arp", "bridge", "netdev");
    static final Set<String> OBJECTS = Set.of("table", "chain", "rule", "set", "map", "element", "flowtable",
            "counter", "quota", "limit", "ct helper", "ct timeout", "ct expectation", "secmark", "synproxy",
            "counters", "quotas", "limits", "tables", "chains", "sets", "maps", "ruleset");

    static boolean isMutating(String verb) {
        return !READ_ONLY_VERBS.contains(verb);
    }
}
