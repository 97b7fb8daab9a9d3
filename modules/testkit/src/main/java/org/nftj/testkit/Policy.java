package org.nftj.testkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A helper policy file (docs/protocol.md) for a test deployment.
 *
 * @param tables the tables the helper may touch, each {@code "FAMILY NAME"} (e.g. {@code "inet app"})
 * @param operations the command verbs it may run (see {@link #ALL_OPERATIONS})
 * @param perSecond mutating requests per second of the rate limit
 * @param burst mutating requests allowed at once above the rate
 * @param sysctl the optional "sysctl" allowlist of network sysctl parameters; empty: the key is left out (no access)
 */
public record Policy(List<String> tables, List<String> operations, int perSecond, int burst, List<String> sysctl) {
    /** Copies the sysctl allowlist, so that the policy cannot change. */
    public Policy {
        sysctl = List.copyOf(sysctl);
    }

    /**
     * Without sysctl access: no "sysctl" key.
     *
     * @param tables the tables, each {@code "FAMILY NAME"}
     * @param operations the command verbs
     * @param perSecond mutating requests per second
     * @param burst mutating requests allowed at once above the rate
     */
    public Policy(List<String> tables, List<String> operations, int perSecond, int burst) {
        this(tables, operations, perSecond, burst, List.of());
    }

    /** Every command verb a policy can allow. */
    public static final List<String> ALL_OPERATIONS = List.of("add", "create", "insert", "replace", "delete",
            "destroy", "flush", "list", "reset", "rename");

    /** {@return a policy owning "inet app" and "inet nftj_demo", with every operation and a rate no test reaches} */
    public static Policy sample() {
        return new Policy(List.of("inet app", "inet nftj_demo"), ALL_OPERATIONS, 1_000_000, 1_000_000);
    }

    /**
     * This policy with other tables.
     *
     * @param familyAndName each {@code "FAMILY NAME"}
     * @return a new policy
     */
    public Policy withTables(String... familyAndName) {
        return new Policy(List.of(familyAndName), operations, perSecond, burst, sysctl);
    }

    /**
     * This policy with other operations.
     *
     * @param ops command verbs, e.g. {@code "add", "list"}
     * @return a new policy
     */
    public Policy withOperations(String... ops) {
        return new Policy(tables, List.of(ops), perSecond, burst, sysctl);
    }

    /**
     * This policy with another rate limit.
     *
     * @param perSecond mutating requests per second
     * @param burst mutating requests allowed at once above the rate
     * @return a new policy
     */
    public Policy withRate(int perSecond, int burst) {
        return new Policy(tables, operations, perSecond, burst, sysctl);
    }

    /**
     * This policy allowing these sysctl parameters, and only these.
     *
     * @param names names or patterns, e.g. {@code "net.ipv4.conf.*.rp_filter"}
     * @return a new policy
     */
    public Policy withSysctl(String... names) {
        return new Policy(tables, operations, perSecond, burst, List.of(names));
    }

    /**
     * The caps every test deployment gets: far above anything a test adds (the caps themselves are
     * tested by helper-zig/tests/hostile.py), so that no test meets them by accident.
     */
    static final String TEST_LIMITS = "{\"elementsPerSet\":16777216,\"setsPerTable\":65536,\"chainsPerTable\":65536,"
            + "\"rulesPerTable\":1048576}";

    /** {@return the policy file's text: version 1, with caps far above any test ({@code limits}), ending in a newline} */
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
