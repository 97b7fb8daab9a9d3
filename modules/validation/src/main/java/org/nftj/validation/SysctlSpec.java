package org.nftj.validation;

/**
 * The network sysctl parameters nftj knows, with their types: the Java side of the helper's table
 * (helper-zig/src/sysctl.zig; SysctlSpecTest compares the two). {@code *} stands for one interface
 * name ({@code all}, {@code default}, or a device). Ranges are the kernel's documented ones
 * (Documentation/networking/ip-sysctl.rst, nf_conntrack-sysctl.rst, admin-guide/sysctl/net.rst).
 */
public enum SysctlSpec {
    IP_FORWARD("net.ipv4.ip_forward", Kind.BOOLEAN, 0, 1),
    IPV4_FORWARDING("net.ipv4.conf.*.forwarding", Kind.BOOLEAN, 0, 1),
    RP_FILTER("net.ipv4.conf.*.rp_filter", Kind.INTEGER, 0, 2),
    ACCEPT_REDIRECTS("net.ipv4.conf.*.accept_redirects", Kind.BOOLEAN, 0, 1),
    SECURE_REDIRECTS("net.ipv4.conf.*.secure_redirects", Kind.BOOLEAN, 0, 1),
    SEND_REDIRECTS("net.ipv4.conf.*.send_redirects", Kind.BOOLEAN, 0, 1),
    ACCEPT_SOURCE_ROUTE("net.ipv4.conf.*.accept_source_route", Kind.BOOLEAN, 0, 1),
    LOG_MARTIANS("net.ipv4.conf.*.log_martians", Kind.BOOLEAN, 0, 1),
    ARP_FILTER("net.ipv4.conf.*.arp_filter", Kind.BOOLEAN, 0, 1),
    TCP_SYNCOOKIES("net.ipv4.tcp_syncookies", Kind.INTEGER, 0, 2),
    TCP_TW_REUSE("net.ipv4.tcp_tw_reuse", Kind.INTEGER, 0, 2),
    TCP_TIMESTAMPS("net.ipv4.tcp_timestamps", Kind.INTEGER, 0, 2),
    TCP_ECN("net.ipv4.tcp_ecn", Kind.INTEGER, 0, 2),
    TCP_RFC1337("net.ipv4.tcp_rfc1337", Kind.BOOLEAN, 0, 1),
    ICMP_ECHO_IGNORE_ALL("net.ipv4.icmp_echo_ignore_all", Kind.BOOLEAN, 0, 1),
    ICMP_ECHO_IGNORE_BROADCASTS("net.ipv4.icmp_echo_ignore_broadcasts", Kind.BOOLEAN, 0, 1),
    ICMP_IGNORE_BOGUS_ERROR_RESPONSES("net.ipv4.icmp_ignore_bogus_error_responses", Kind.BOOLEAN, 0, 1),
    IP_LOCAL_PORT_RANGE("net.ipv4.ip_local_port_range", Kind.PORT_RANGE, 1, 65535),
    IPV6_FORWARDING("net.ipv6.conf.*.forwarding", Kind.BOOLEAN, 0, 1),
    IPV6_ACCEPT_RA("net.ipv6.conf.*.accept_ra", Kind.INTEGER, 0, 2),
    IPV6_ACCEPT_REDIRECTS("net.ipv6.conf.*.accept_redirects", Kind.BOOLEAN, 0, 1),
    IPV6_DISABLE("net.ipv6.conf.*.disable_ipv6", Kind.BOOLEAN, 0, 1),
    SOMAXCONN("net.core.somaxconn", Kind.INTEGER, 0, Integer.MAX_VALUE),
    NF_CONNTRACK_MAX("net.netfilter.nf_conntrack_max", Kind.INTEGER, 0, Integer.MAX_VALUE),
    NF_CONNTRACK_TCP_LOOSE("net.netfilter.nf_conntrack_tcp_loose", Kind.BOOLEAN, 0, 1),
    NF_CONNTRACK_ACCT("net.netfilter.nf_conntrack_acct", Kind.BOOLEAN, 0, 1),
    NF_CONNTRACK_TCP_TIMEOUT_ESTABLISHED("net.netfilter.nf_conntrack_tcp_timeout_established", Kind.INTEGER, 1, 2_147_483);

    /** BOOLEAN: 0 or 1. INTEGER: min..max. PORT_RANGE: "LOW HIGH", min ≤ LOW ≤ HIGH ≤ max. */
    public enum Kind { BOOLEAN, INTEGER, PORT_RANGE }

    private final String pattern;
    private final Kind kind;
    private final long min;
    private final long max;

    SysctlSpec(String pattern, Kind kind, long min, long max) {
        this.pattern = pattern;
        this.kind = kind;
        this.min = min;
        this.max = max;
    }

    /** The dotted name; {@code *} in place of the interface for interface-scoped parameters. */
    public String pattern() { return pattern; }

    public Kind kind() { return kind; }

    public long min() { return min; }

    public long max() { return max; }

    public boolean interfaceScoped() { return pattern.indexOf('*') >= 0; }

    /** The concrete name for {@code iface} (ignored when not interface-scoped). */
    public String nameFor(String iface) {
        return interfaceScoped() ? pattern.replace("*", iface) : pattern;
    }
}
