package org.nftj.api.sysctl;

import org.nftj.validation.SysctlSpec;
import org.nftj.validation.SysctlValidator;

/**
 * The network sysctl parameters nftj can read and change, with their types. The table itself is
 * {@code org.nftj.validation.SysctlSpec} (one place, compared with the helper's table by a test);
 * each constant here is the public face of the entry with the same name.
 *
 * <pre>{@code
 * SysctlName forwarding = SysctlParameter.IP_FORWARD.name();          // net.ipv4.ip_forward
 * SysctlName strict = SysctlParameter.RP_FILTER.on("eth0");           // net.ipv4.conf.eth0.rp_filter
 * }</pre>
 */
public enum SysctlParameter {
    IP_FORWARD, IPV4_FORWARDING, RP_FILTER, ACCEPT_REDIRECTS, SECURE_REDIRECTS, SEND_REDIRECTS,
    ACCEPT_SOURCE_ROUTE, LOG_MARTIANS, ARP_FILTER, TCP_SYNCOOKIES, TCP_TW_REUSE, TCP_TIMESTAMPS, TCP_ECN,
    TCP_RFC1337, ICMP_ECHO_IGNORE_ALL, ICMP_ECHO_IGNORE_BROADCASTS, ICMP_IGNORE_BOGUS_ERROR_RESPONSES,
    IP_LOCAL_PORT_RANGE, IPV6_FORWARDING, IPV6_ACCEPT_RA, IPV6_ACCEPT_REDIRECTS, IPV6_DISABLE, SOMAXCONN,
    NF_CONNTRACK_MAX, NF_CONNTRACK_TCP_LOOSE, NF_CONNTRACK_ACCT, NF_CONNTRACK_TCP_TIMEOUT_ESTABLISHED;

    /** BOOLEAN: "0"/"1"; INTEGER: one integer in {@link #min()}..{@link #max()}; PORT_RANGE: "LOW HIGH". */
    public enum Type { BOOLEAN, INTEGER, PORT_RANGE }

    private final SysctlSpec spec = SysctlSpec.valueOf(name());

    SysctlSpec spec() { return spec; }

    /** The dotted name, with {@code *} for the interface of interface-scoped parameters. */
    public String pattern() { return spec.pattern(); }

    public Type type() {
        return switch (spec.kind()) {
            case BOOLEAN -> Type.BOOLEAN;
            case INTEGER -> Type.INTEGER;
            case PORT_RANGE -> Type.PORT_RANGE;
        };
    }

    /** Smallest allowed value (PORT_RANGE: smallest port). */
    public long min() { return spec.min(); }

    /** Largest allowed value (PORT_RANGE: largest port). */
    public long max() { return spec.max(); }

    public boolean interfaceScoped() { return spec.interfaceScoped(); }

    /** The name of a global parameter. */
    public SysctlName global() {
        if (interfaceScoped()) throw new IllegalArgumentException(pattern() + " is interface-scoped: use on(interface)");
        return new SysctlName(this, "");
    }

    /** The name of an interface-scoped parameter for {@code iface} ("all", "default" or a device). */
    public SysctlName on(String iface) {
        if (!interfaceScoped()) throw new IllegalArgumentException(pattern() + " is not interface-scoped");
        String problem = SysctlValidator.interfaceProblem(iface);
        if (problem != null) throw new IllegalArgumentException(problem + ": \"" + iface + "\"");
        return new SysctlName(this, iface);
    }

    /** Checks a value against this parameter's type and range; returns it unchanged. */
    public String check(String value) {
        String problem = SysctlValidator.valueProblem(spec, value);
        if (problem != null) throw new IllegalArgumentException(pattern() + ": " + problem);
        return value;
    }

    /** "1" or "0", for BOOLEAN parameters. */
    public static String bool(boolean on) { return on ? "1" : "0"; }

    /** "LOW HIGH", for PORT_RANGE parameters. */
    public static String portRange(int low, int high) { return low + " " + high; }
}
