package org.nftj.validation;

/**
 * The network sysctl parameters nftj knows, with their types: the Java side of the helper's table
 * (helper-zig/src/sysctl.zig; SysctlSpecTest compares the two). {@code *} stands for one interface
 * name ({@code all}, {@code default}, or a device). Ranges are the kernel's documented ones
 * (Documentation/networking/ip-sysctl.rst, nf_conntrack-sysctl.rst, admin-guide/sysctl/net.rst).
 */
public enum SysctlSpec {
    /** IPv4 routing between all interfaces: 0 off, 1 on (sets every interface's forwarding). */
    IP_FORWARD("net.ipv4.ip_forward", Kind.BOOLEAN, 0, 1),
    /** IPv4 routing for one interface ({@code all}, {@code default} or a device): 0 off, 1 on. */
    IPV4_FORWARDING("net.ipv4.conf.*.forwarding", Kind.BOOLEAN, 0, 1),
    /** Reverse-path source validation: 0 none, 1 strict (RFC 3704), 2 loose. */
    RP_FILTER("net.ipv4.conf.*.rp_filter", Kind.INTEGER, 0, 2),
    /** Accept ICMP redirects (IPv4): 0 no, 1 yes. */
    ACCEPT_REDIRECTS("net.ipv4.conf.*.accept_redirects", Kind.BOOLEAN, 0, 1),
    /** Accept ICMP redirects only from the listed default gateways (IPv4): 0 no, 1 yes. */
    SECURE_REDIRECTS("net.ipv4.conf.*.secure_redirects", Kind.BOOLEAN, 0, 1),
    /** Send ICMP redirects when routing (IPv4): 0 no, 1 yes. */
    SEND_REDIRECTS("net.ipv4.conf.*.send_redirects", Kind.BOOLEAN, 0, 1),
    /** Accept source-routed packets (IPv4): 0 no, 1 yes. */
    ACCEPT_SOURCE_ROUTE("net.ipv4.conf.*.accept_source_route", Kind.BOOLEAN, 0, 1),
    /** Log packets with impossible addresses to the kernel log: 0 no, 1 yes. */
    LOG_MARTIANS("net.ipv4.conf.*.log_martians", Kind.BOOLEAN, 0, 1),
    /** Answer ARP only on the interface that would route to the sender: 0 no, 1 yes. */
    ARP_FILTER("net.ipv4.conf.*.arp_filter", Kind.BOOLEAN, 0, 1),
    /** SYN cookies against SYN floods: 0 never, 1 when the backlog overflows, 2 always. */
    TCP_SYNCOOKIES("net.ipv4.tcp_syncookies", Kind.INTEGER, 0, 2),
    /** Reuse TIME-WAIT sockets for new outgoing connections: 0 no, 1 yes, 2 loopback only. */
    TCP_TW_REUSE("net.ipv4.tcp_tw_reuse", Kind.INTEGER, 0, 2),
    /** TCP timestamps (RFC 1323): 0 off, 1 on with random offsets, 2 on without. */
    TCP_TIMESTAMPS("net.ipv4.tcp_timestamps", Kind.INTEGER, 0, 2),
    /** Explicit congestion notification: 0 off, 1 requested and accepted, 2 accepted only. */
    TCP_ECN("net.ipv4.tcp_ecn", Kind.INTEGER, 0, 2),
    /** Drop RST segments for sockets in TIME-WAIT (RFC 1337): 0 no, 1 yes. */
    TCP_RFC1337("net.ipv4.tcp_rfc1337", Kind.BOOLEAN, 0, 1),
    /** Ignore every ICMP echo request (IPv4): 0 no, 1 yes. */
    ICMP_ECHO_IGNORE_ALL("net.ipv4.icmp_echo_ignore_all", Kind.BOOLEAN, 0, 1),
    /** Ignore ICMP echo requests to broadcast and multicast addresses: 0 no, 1 yes. */
    ICMP_ECHO_IGNORE_BROADCASTS("net.ipv4.icmp_echo_ignore_broadcasts", Kind.BOOLEAN, 0, 1),
    /** Do not log bogus ICMP error responses to broadcast frames: 0 no, 1 yes. */
    ICMP_IGNORE_BOGUS_ERROR_RESPONSES("net.ipv4.icmp_ignore_bogus_error_responses", Kind.BOOLEAN, 0, 1),
    /** The ports local connections choose from: {@code "LOW HIGH"}, 1 &le; LOW &le; HIGH &le; 65535. */
    IP_LOCAL_PORT_RANGE("net.ipv4.ip_local_port_range", Kind.PORT_RANGE, 1, 65535),
    /** IPv6 routing for one interface ({@code all}, {@code default} or a device): 0 off, 1 on. */
    IPV6_FORWARDING("net.ipv6.conf.*.forwarding", Kind.BOOLEAN, 0, 1),
    /** Accept IPv6 router advertisements: 0 no, 1 when not forwarding, 2 even when forwarding. */
    IPV6_ACCEPT_RA("net.ipv6.conf.*.accept_ra", Kind.INTEGER, 0, 2),
    /** Accept ICMPv6 redirects: 0 no, 1 yes. */
    IPV6_ACCEPT_REDIRECTS("net.ipv6.conf.*.accept_redirects", Kind.BOOLEAN, 0, 1),
    /** IPv6 off on an interface: 0 IPv6 enabled, 1 disabled. */
    IPV6_DISABLE("net.ipv6.conf.*.disable_ipv6", Kind.BOOLEAN, 0, 1),
    /** The largest listen backlog a socket may ask for. */
    SOMAXCONN("net.core.somaxconn", Kind.INTEGER, 0, Integer.MAX_VALUE),
    /** The most connections conntrack tracks at once (0 and up). */
    NF_CONNTRACK_MAX("net.netfilter.nf_conntrack_max", Kind.INTEGER, 0, Integer.MAX_VALUE),
    /** Pick up TCP connections already established when first seen: 0 no, 1 yes. */
    NF_CONNTRACK_TCP_LOOSE("net.netfilter.nf_conntrack_tcp_loose", Kind.BOOLEAN, 0, 1),
    /** Count packets and bytes per tracked connection: 0 no, 1 yes. */
    NF_CONNTRACK_ACCT("net.netfilter.nf_conntrack_acct", Kind.BOOLEAN, 0, 1),
    /** Seconds an idle established TCP connection stays tracked (1 to 2,147,483). */
    NF_CONNTRACK_TCP_TIMEOUT_ESTABLISHED("net.netfilter.nf_conntrack_tcp_timeout_established", Kind.INTEGER, 1, 2_147_483);

    /** The type of a parameter's value, as the helper checks it: a decimal string of at most 32 bytes. */
    public enum Kind {
        /** {@code 0} or {@code 1}. */
        BOOLEAN,
        /** A decimal integer from {@link SysctlSpec#min()} to {@link SysctlSpec#max()}, no leading zeros, no {@code -0}. */
        INTEGER,
        /** Two ports {@code "LOW HIGH"} separated by one space, min &le; LOW &le; HIGH &le; max. */
        PORT_RANGE
    }

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

    /**
     * The dotted name; {@code *} in place of the interface for interface-scoped parameters.
     *
     * @return e.g. {@code net.ipv4.conf.*.rp_filter}
     */
    public String pattern() { return pattern; }

    /**
     * The type of the parameter's value.
     *
     * @return how a value is checked
     */
    public Kind kind() { return kind; }

    /**
     * The smallest value the kernel documents (for a port range: the lowest port).
     *
     * @return the inclusive lower bound
     */
    public long min() { return min; }

    /**
     * The largest value the kernel documents (for a port range: the highest port).
     *
     * @return the inclusive upper bound
     */
    public long max() { return max; }

    /**
     * Whether the parameter exists once per interface ({@code *} in its {@link #pattern()}).
     *
     * @return true for a per-interface parameter
     */
    public boolean interfaceScoped() { return pattern.indexOf('*') >= 0; }

    /**
     * The concrete name for {@code iface} (ignored when not interface-scoped).
     *
     * @param iface {@code all}, {@code default} or a device name (not checked here:
     *        {@link SysctlValidator#interfaceProblem(String)} does)
     * @return the dotted name as {@code sysctl} and the helper take it
     */
    public String nameFor(String iface) {
        return interfaceScoped() ? pattern.replace("*", iface) : pattern;
    }
}
