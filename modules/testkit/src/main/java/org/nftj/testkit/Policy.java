package org.nftj.testkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A helper policy file (docs/protocol.md) for a test deployment.
 *
 * @param sysctl the optional "sysctl" allowlist of network sysctl parameters; empty: the key is left out (no access)
 */
public record Policy(List<String> tables, List<String> operations, int perSecond, int burst, List<String> sysctl) {
    public Policy {
        sysctl = List.copyOf(sysctl);
    }

    /** Without sysctl access: no "sysctl" key. */
    public Policy(List<String> tables, List<String> operations, int perSecond, int burst) {
        this(tables, operations, perSecond, burst, List.of());
    }

    public static final List<String> ALL_OPERATIONS = List.of("add", "create", "insert", "replace", "delete",
            "destroy", "flush", "list", "reset", "rename");

    /** Owns "inet app" and "inet nftj_demo"; every operation; a rate no test reaches. */
    public static Policy sample() {
        return new Policy(List.of("inet app", "inet nftj_demo"), ALL_OPERATIONS, 1_000_000, 1_000_000);
    }

    public Policy withTables(String... familyAndName) {
        return new Policy(List.of(familyAndName), operations, perSecond, burst, sysctl);
    }

    public Policy withOperations(String... ops) {
        return new Policy(tables, List.of(ops), perSecond, burst, sysctl);
    }

    public Policy withRate(int perSecond, int burst) {
        return new Policy(tables, operations, perSecond, burst, sysctl);
    }

    /** Allows these sysctl names or patterns (e.g. "net.ipv4.conf.*.rp_filter"). */
    public Policy withSysctl(String... names) {
        return new Policy(tables, operations, perSecond, burst, List.of(names));
    }

    /**
     * The caps every test deployment gets: far above anything a test adds (the caps themselves are
     * tested by helper-zig/tests/hostile.py), so that no test meets them by accident.
     */
    static final String TEST_LIMITS = "{\"elementsPerSet\":16777216,\"setsPerTable\":65536,\"chainsPerTable\":65536,"
            + "\"rulesPerTable\":1048576}";

    public String toJson() {
        String t = tables.stream().map(s -> s.split(" ", 2))
                .map(a -> "{\"family\":\"" + a[0] + "\",\"name\":\"" + a[1] + "\"}")
                .collect(Collectors.joining(","));
        String o = operations.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","));
        return "{\"version\":1,\"tables\":[" + t + "],\"operations\":[" + o + "],\"rate\":{\"perSecond\":"
                + perSecond + ",\"burst\":" + burst + "},\"limits\":" + TEST_LIMITS
                + (sysctl.isEmpty() ? "" : ",\"sysctl\":[" + sysctl.stream().map(n -> "\"" + n + "\"")
                        .collect(Collectors.joining(",")) + "]")
                + "}\n";
    }
}
