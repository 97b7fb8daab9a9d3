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
    /** {@code net.ipv4.ip_forward}. */
    IP_FORWARD,
    /** {@code net.ipv4.conf.*.forwarding}. */
    IPV4_FORWARDING,
    /** {@code net.ipv4.conf.*.rp_filter}. */
    RP_FILTER,
    /** {@code net.ipv4.conf.*.accept_redirects}. */
    ACCEPT_REDIRECTS,
    /** {@code net.ipv4.conf.*.secure_redirects}. */
    SECURE_REDIRECTS,
    /** {@code net.ipv4.conf.*.send_redirects}. */
    SEND_REDIRECTS,
    /** {@code net.ipv4.conf.*.accept_source_route}. */
    ACCEPT_SOURCE_ROUTE,
    /** {@code net.ipv4.conf.*.log_martians}. */
    LOG_MARTIANS,
    /** {@code net.ipv4.conf.*.arp_filter}. */
    ARP_FILTER,
    /** {@code net.ipv4.tcp_syncookies}. */
    TCP_SYNCOOKIES,
    /** {@code net.ipv4.tcp_tw_reuse}. */
    TCP_TW_REUSE,
    /** {@code net.ipv4.tcp_timestamps}. */
    TCP_TIMESTAMPS,
    /** {@code net.ipv4.tcp_ecn}. */
    TCP_ECN,
    /** {@code net.ipv4.tcp_rfc1337}. */
    TCP_RFC1337,
    /** {@code net.ipv4.icmp_echo_ignore_all}. */
    ICMP_ECHO_IGNORE_ALL,
    /** {@code net.ipv4.icmp_echo_ignore_broadcasts}. */
    ICMP_ECHO_IGNORE_BROADCASTS,
    /** {@code net.ipv4.icmp_ignore_bogus_error_responses}. */
    ICMP_IGNORE_BOGUS_ERROR_RESPONSES,
    /** {@code net.ipv4.ip_local_port_range}. */
    IP_LOCAL_PORT_RANGE,
    /** {@code net.ipv6.conf.*.forwarding}. */
    IPV6_FORWARDING,
    /** {@code net.ipv6.conf.*.accept_ra}. */
    IPV6_ACCEPT_RA,
    /** {@code net.ipv6.conf.*.accept_redirects}. */
    IPV6_ACCEPT_REDIRECTS,
    /** {@code net.ipv6.conf.*.disable_ipv6}. */
    IPV6_DISABLE,
    /** {@code net.core.somaxconn}. */
    SOMAXCONN,
    /** {@code net.netfilter.nf_conntrack_max}. */
    NF_CONNTRACK_MAX,
    /** {@code net.netfilter.nf_conntrack_tcp_loose}. */
    NF_CONNTRACK_TCP_LOOSE,
    /** {@code net.netfilter.nf_conntrack_acct}. */
    NF_CONNTRACK_ACCT,
    /** {@code net.netfilter.nf_conntrack_tcp_timeout_established}. */
    NF_CONNTRACK_TCP_TIMEOUT_ESTABLISHED;

    /** A parameter's type. */
    public enum Type {
        /** "0" or "1". */
        BOOLEAN,
        /** One integer in {@link #min()}..{@link #max()}. */
        INTEGER,
        /** "LOW HIGH": two ports. */
        PORT_RANGE
    }

    private final SysctlSpec spec = SysctlSpec.valueOf(name());

    SysctlSpec spec() { return spec; }

    /** {@return the dotted name, with {@code *} for the interface of interface-scoped parameters} */
    public String pattern() { return spec.pattern(); }

    /** {@return the parameter's type} */
    public Type type() {
        return switch (spec.kind()) {
            case BOOLEAN -> Type.BOOLEAN;
            case INTEGER -> Type.INTEGER;
            case PORT_RANGE -> Type.PORT_RANGE;
        };
    }

    /** {@return the smallest allowed value (PORT_RANGE: smallest port)} */
    public long min() { return spec.min(); }

    /** {@return the largest allowed value (PORT_RANGE: largest port)} */
    public long max() { return spec.max(); }

    /** {@return whether the parameter is set per interface ({@code net.ipv4.conf.IFACE.rp_filter})} */
    public boolean interfaceScoped() { return spec.interfaceScoped(); }

    /**
     * The name of a global parameter.
     *
     * @return the name
     * @throws IllegalArgumentException when the parameter is interface-scoped
     */
    public SysctlName global() {
        if (interfaceScoped()) throw new IllegalArgumentException(pattern() + " is interface-scoped: use on(interface)");
        return new SysctlName(this, "");
    }

    /**
     * The name of an interface-scoped parameter for {@code iface} ("all", "default" or a device).
     *
     * @param iface "all", "default" or a device's name
     * @return the name
     * @throws IllegalArgumentException when the parameter is global, or the name is not an interface name
     */
    public SysctlName on(String iface) {
        if (!interfaceScoped()) throw new IllegalArgumentException(pattern() + " is not interface-scoped");
        String problem = SysctlValidator.interfaceProblem(iface);
        if (problem != null) throw new IllegalArgumentException(problem + ": \"" + iface + "\"");
        return new SysctlName(this, iface);
    }

    /**
     * Checks a value against this parameter's type and range; returns it unchanged.
     *
     * @param value the value, as sysctl(8) writes it
     * @return the value
     * @throws IllegalArgumentException naming what is wrong with it
     */
    public String check(String value) {
        String problem = SysctlValidator.valueProblem(spec, value);
        if (problem != null) throw new IllegalArgumentException(pattern() + ": " + problem);
        return value;
    }

    /**
     * "1" or "0", for BOOLEAN parameters.
     *
     * @param on the truth value
     * @return "1" or "0"
     */
    public static String bool(boolean on) { return on ? "1" : "0"; }

    /**
     * "LOW HIGH", for PORT_RANGE parameters.
     *
     * @param low the lowest port
     * @param high the highest port
     * @return "LOW HIGH"
     */
    public static String portRange(int low, int high) { return low + " " + high; }
}
