//! The accepted language, as one declarative table: commands × objects × fields, statements ×
//! fields, expressions × fields, and the datatype of every packet field the helper lets a rule
//! match. src/validate.zig and its parts in src/validate/ interpret these tables; they hold no
//! language knowledge of their own beyond the few cross-field rules they document.
//!
//! Guiding rule: accept only what needs no name lookup in libnftables 1.0.6 and what a Java model
//! needs. Everything not listed here is refused. docs/helper-language.md explains the choices
//! (and the strace measurements behind the lookup rules).

const std = @import("std");
const mutation = @import("mutation.zig");

// ---------------------------------------------------------------------------------------------
// Datatypes: what a string may be where a value of that type is expected.

pub const Datatype = enum(u8) {
    /// Type unknown to the helper (for example elements added to a set declared in an earlier
    /// batch): only integers and strictly numeric IPv4/IPv6/MAC text, which need no lookup
    /// whatever the real type is.
    untyped,
    /// Numbers only. Strings are refused with lookup_refused (ports, uids, marks, …).
    integer,
    ipv4,
    ipv6,
    ether,
    /// Interface names given by name (iifname, oifname, bridge names): no lookup.
    ifname,
    boolean,
    verdict,
    /// meta priority: "none", "root" or "major:minor" in hex.
    tc_handle,
    /// Free text compared as a string (ct helper name).
    text,
    /// An interface index (meta iif/oif/sdif, iface_index sets, fib … oif): an interface name,
    /// resolved by libnftables through the route socket the helper opened before its seal
    /// (src/lookups.zig: no file, no new socket), or a number.
    ifindex,
    /// A routing realm (meta rtclassid, rt classid): a name of /etc/iproute2/rt_realms, which
    /// libnftables reads when its context is created (before the seal), or a number.
    realm,
    /// A device group (meta iifgroup/oifgroup): a name of /etc/iproute2/group, read as realm.
    devgroup,
    /// The name of a named object (counter, quota, limit) as the data of an object map.
    object_name,
    /// meta time: "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD", read against the local time zone the
    /// helper loaded before its seal (src/lookups.zig), or a number.
    time_text,
    /// meta hour: "HH:MM" or "HH:MM:SS" (local time zone, as time_text), or a number.
    hour_text,
    // Compiled-in symbol tables of libnftables (no lookup, verified with strace):
    ct_state,
    ct_status,
    ct_direction,
    ct_event,
    tcp_flag,
    icmp_type,
    icmp_code,
    icmpv6_type,
    icmpv6_code,
    icmpx_code,
    ethertype,
    pkttype,
    nfproto,
    inet_proto,
    dscp,
    ecn,
    arp_op,
    igmp_type,
    dccp_pkttype,
    fib_addrtype,
    day,
    arphrd,
    mh_type,
};

/// Bitmask types: a JSON array of their values is a flag list (ct state new,established).
pub fn isBitmask(datatype: Datatype) bool {
    return switch (datatype) {
        .ct_state, .ct_status, .ct_event, .tcp_flag => true,
        else => false,
    };
}

/// Types whose values are numbers underneath: a hexadecimal string ("0x0000002a", up to 128
/// bits) is parsed as a number by libnftables, with no lookup. Addresses, interface names and
/// free text are excluded (there a hex string would mean something else).
pub fn acceptsHexString(datatype: Datatype) bool {
    return switch (datatype) {
        .untyped, .ipv4, .ipv6, .ether, .ifname, .text, .boolean, .verdict, .ifindex, .realm, .devgroup, .object_name,
        .time_text, .hour_text,
        => false,
        else => true,
    };
}

/// Words that are compiled-in constants of libnftables 1.0.6 for each symbolic datatype.
pub fn symbols(datatype: Datatype) []const []const u8 {
    return switch (datatype) {
        .ct_state => &.{ "invalid", "established", "related", "new", "untracked" },
        .ct_status => &.{ "expected", "seen-reply", "assured", "confirmed", "snat", "dnat", "dying" },
        .ct_direction => &.{ "original", "reply" },
        .ct_event => &.{
            "new",   "related", "destroy", "reply", "assured", "protoinfo", "helper", "mark", "seqadj", "secmark",
            "label",
        },
        .tcp_flag => &.{ "fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr" },
        .icmp_type => &.{
            "echo-reply",        "destination-unreachable", "source-quench",       "redirect",
            "echo-request",      "router-advertisement",    "router-solicitation", "time-exceeded",
            "parameter-problem", "timestamp-request",       "timestamp-reply",     "info-request",
            "info-reply",        "address-mask-request",    "address-mask-reply",
        },
        .icmp_code => &.{
            "net-unreachable", "host-unreachable", "prot-unreachable", "port-unreachable", "net-prohibited",
            "host-prohibited", "admin-prohibited", "frag-needed",
        },
        .icmpv6_type => &.{
            "destination-unreachable", "packet-too-big",         "time-exceeded",        "parameter-problem",
            "echo-request",            "echo-reply",             "mld-listener-query",   "mld-listener-report",
            "mld-listener-done",       "mld-listener-reduction", "nd-router-solicit",    "nd-router-advert",
            "nd-neighbor-solicit",     "nd-neighbor-advert",     "nd-redirect",          "router-renumbering",
            "ind-neighbor-solicit",    "ind-neighbor-advert",    "mld2-listener-report",
        },
        .icmpv6_code => &.{
            "no-route", "admin-prohibited", "addr-unreachable", "port-unreachable", "policy-fail", "reject-route",
        },
        .icmpx_code => &.{ "port-unreachable", "admin-prohibited", "no-route", "host-unreachable" },
        .ethertype => &.{ "ip", "arp", "ip6", "vlan", "8021q", "8021ad" },
        .pkttype => &.{ "host", "unicast", "broadcast", "multicast", "other" },
        .nfproto => &.{ "ipv4", "ipv6" },
        // Built into libnftables; every other protocol name is looked up in the protocols table
        // the helper read before its seal (src/lookups.zig: getprotobyname answers from memory).
        .inet_proto => &.{ "tcp", "udp", "udplite", "esp", "ah", "icmp", "icmpv6", "comp", "dccp", "sctp" },
        .dscp => &.{
            "cs0",  "cs1",  "cs2",  "cs3",  "cs4",  "cs5",  "cs6",  "cs7", "af11", "af12", "af13", "af21", "af22",
            "af23", "af31", "af32", "af33", "af41", "af42", "af43", "ef",
        },
        .ecn => &.{ "not-ect", "ect1", "ect0", "ce" },
        .arp_op => &.{ "request", "reply", "rrequest", "rreply", "inrequest", "inreply", "nak" },
        .igmp_type => &.{
            "membership-query", "membership-report-v1", "membership-report-v2", "membership-report-v3",
            "leave-group",
        },
        .dccp_pkttype => &.{
            "request", "response", "data", "ack", "dataack", "closereq", "close", "reset", "sync", "syncack",
        },
        .fib_addrtype => &.{
            "unspec",   "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable",
            "prohibit",
        },
        .day => &.{ "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday" },
        .arphrd => &.{ "ether", "ppp", "ipip", "ipip6", "loopback", "sit", "ipgre" },
        .mh_type => &.{
            "binding-refresh-request",      "home-test-init",             "careof-test-init",
            "home-test",                    "careof-test",                "binding-update",
            "binding-acknowledgement",      "binding-error",              "fast-binding-update",
            "fast-binding-acknowledgement", "fast-binding-advertisement", "experimental-mobility-header",
            "home-agent-switch-message",
        },
        else => &.{},
    };
}

// ---------------------------------------------------------------------------------------------
// Packet fields a rule may look at, with their datatypes.

pub const PayloadField = struct { protocol: []const u8, field: []const u8, datatype: Datatype };

pub const payload_fields = [_]PayloadField{
    .{ .protocol = "ether", .field = "daddr", .datatype = .ether },
    .{ .protocol = "ether", .field = "saddr", .datatype = .ether },
    .{ .protocol = "ether", .field = "type", .datatype = .ethertype },
    .{ .protocol = "vlan", .field = "id", .datatype = .integer },
    .{ .protocol = "vlan", .field = "dei", .datatype = .integer },
    .{ .protocol = "vlan", .field = "cfi", .datatype = .integer },
    .{ .protocol = "vlan", .field = "pcp", .datatype = .integer },
    .{ .protocol = "vlan", .field = "type", .datatype = .ethertype },
    .{ .protocol = "arp", .field = "htype", .datatype = .integer },
    .{ .protocol = "arp", .field = "ptype", .datatype = .ethertype },
    .{ .protocol = "arp", .field = "hlen", .datatype = .integer },
    .{ .protocol = "arp", .field = "plen", .datatype = .integer },
    .{ .protocol = "arp", .field = "operation", .datatype = .arp_op },
    .{ .protocol = "arp", .field = "saddr ip", .datatype = .ipv4 },
    .{ .protocol = "arp", .field = "daddr ip", .datatype = .ipv4 },
    .{ .protocol = "arp", .field = "saddr ether", .datatype = .ether },
    .{ .protocol = "arp", .field = "daddr ether", .datatype = .ether },
    .{ .protocol = "ip", .field = "version", .datatype = .integer },
    .{ .protocol = "ip", .field = "hdrlength", .datatype = .integer },
    .{ .protocol = "ip", .field = "dscp", .datatype = .dscp },
    .{ .protocol = "ip", .field = "ecn", .datatype = .ecn },
    .{ .protocol = "ip", .field = "length", .datatype = .integer },
    .{ .protocol = "ip", .field = "id", .datatype = .integer },
    .{ .protocol = "ip", .field = "frag-off", .datatype = .integer },
    .{ .protocol = "ip", .field = "ttl", .datatype = .integer },
    .{ .protocol = "ip", .field = "protocol", .datatype = .inet_proto },
    .{ .protocol = "ip", .field = "checksum", .datatype = .integer },
    .{ .protocol = "ip", .field = "saddr", .datatype = .ipv4 },
    .{ .protocol = "ip", .field = "daddr", .datatype = .ipv4 },
    .{ .protocol = "icmp", .field = "type", .datatype = .icmp_type },
    .{ .protocol = "icmp", .field = "code", .datatype = .icmp_code },
    .{ .protocol = "icmp", .field = "checksum", .datatype = .integer },
    .{ .protocol = "icmp", .field = "id", .datatype = .integer },
    .{ .protocol = "icmp", .field = "sequence", .datatype = .integer },
    .{ .protocol = "icmp", .field = "gateway", .datatype = .ipv4 },
    .{ .protocol = "icmp", .field = "mtu", .datatype = .integer },
    .{ .protocol = "igmp", .field = "type", .datatype = .igmp_type },
    .{ .protocol = "igmp", .field = "mrt", .datatype = .integer },
    .{ .protocol = "igmp", .field = "checksum", .datatype = .integer },
    .{ .protocol = "igmp", .field = "group", .datatype = .ipv4 },
    .{ .protocol = "ip6", .field = "version", .datatype = .integer },
    .{ .protocol = "ip6", .field = "dscp", .datatype = .dscp },
    .{ .protocol = "ip6", .field = "ecn", .datatype = .ecn },
    .{ .protocol = "ip6", .field = "flowlabel", .datatype = .integer },
    .{ .protocol = "ip6", .field = "length", .datatype = .integer },
    .{ .protocol = "ip6", .field = "nexthdr", .datatype = .inet_proto },
    .{ .protocol = "ip6", .field = "hoplimit", .datatype = .integer },
    .{ .protocol = "ip6", .field = "saddr", .datatype = .ipv6 },
    .{ .protocol = "ip6", .field = "daddr", .datatype = .ipv6 },
    .{ .protocol = "icmpv6", .field = "type", .datatype = .icmpv6_type },
    .{ .protocol = "icmpv6", .field = "code", .datatype = .icmpv6_code },
    .{ .protocol = "icmpv6", .field = "checksum", .datatype = .integer },
    .{ .protocol = "icmpv6", .field = "parameter-problem", .datatype = .integer },
    .{ .protocol = "icmpv6", .field = "packet-too-big", .datatype = .integer },
    .{ .protocol = "icmpv6", .field = "id", .datatype = .integer },
    .{ .protocol = "icmpv6", .field = "sequence", .datatype = .integer },
    .{ .protocol = "icmpv6", .field = "max-delay", .datatype = .integer },
    .{ .protocol = "icmpv6", .field = "mtu", .datatype = .integer },
    .{ .protocol = "icmpv6", .field = "taddr", .datatype = .ipv6 },
    .{ .protocol = "icmpv6", .field = "daddr", .datatype = .ipv6 },
    .{ .protocol = "tcp", .field = "sport", .datatype = .integer },
    .{ .protocol = "tcp", .field = "dport", .datatype = .integer },
    .{ .protocol = "tcp", .field = "sequence", .datatype = .integer },
    .{ .protocol = "tcp", .field = "ackseq", .datatype = .integer },
    .{ .protocol = "tcp", .field = "doff", .datatype = .integer },
    .{ .protocol = "tcp", .field = "reserved", .datatype = .integer },
    .{ .protocol = "tcp", .field = "flags", .datatype = .tcp_flag },
    .{ .protocol = "tcp", .field = "window", .datatype = .integer },
    .{ .protocol = "tcp", .field = "checksum", .datatype = .integer },
    .{ .protocol = "tcp", .field = "urgptr", .datatype = .integer },
    .{ .protocol = "udp", .field = "sport", .datatype = .integer },
    .{ .protocol = "udp", .field = "dport", .datatype = .integer },
    .{ .protocol = "udp", .field = "length", .datatype = .integer },
    .{ .protocol = "udp", .field = "checksum", .datatype = .integer },
    .{ .protocol = "udplite", .field = "sport", .datatype = .integer },
    .{ .protocol = "udplite", .field = "dport", .datatype = .integer },
    .{ .protocol = "udplite", .field = "csumcov", .datatype = .integer },
    .{ .protocol = "udplite", .field = "checksum", .datatype = .integer },
    .{ .protocol = "sctp", .field = "sport", .datatype = .integer },
    .{ .protocol = "sctp", .field = "dport", .datatype = .integer },
    .{ .protocol = "sctp", .field = "vtag", .datatype = .integer },
    .{ .protocol = "sctp", .field = "checksum", .datatype = .integer },
    .{ .protocol = "dccp", .field = "sport", .datatype = .integer },
    .{ .protocol = "dccp", .field = "dport", .datatype = .integer },
    .{ .protocol = "dccp", .field = "type", .datatype = .dccp_pkttype },
    .{ .protocol = "ah", .field = "nexthdr", .datatype = .inet_proto },
    .{ .protocol = "ah", .field = "hdrlength", .datatype = .integer },
    .{ .protocol = "ah", .field = "reserved", .datatype = .integer },
    .{ .protocol = "ah", .field = "spi", .datatype = .integer },
    .{ .protocol = "ah", .field = "sequence", .datatype = .integer },
    .{ .protocol = "esp", .field = "spi", .datatype = .integer },
    .{ .protocol = "esp", .field = "sequence", .datatype = .integer },
    .{ .protocol = "comp", .field = "nexthdr", .datatype = .inet_proto },
    .{ .protocol = "comp", .field = "flags", .datatype = .integer },
    .{ .protocol = "comp", .field = "cpi", .datatype = .integer },
    .{ .protocol = "th", .field = "sport", .datatype = .integer },
    .{ .protocol = "th", .field = "dport", .datatype = .integer },
};

pub const raw_payload_bases = [_][]const u8{ "ll", "nh", "th", "ih" };

pub const MetaKey = struct {
    key: []const u8,
    datatype: Datatype,
    /// Measured: libnftables 1.0.6 performs a lookup for this key even with a numeric value
    /// (skuid/skgid consult NSS, which may open files or sockets). Refused outright.
    lookup: bool = false,
};

pub const meta_keys = [_]MetaKey{
    .{ .key = "length", .datatype = .integer },
    .{ .key = "protocol", .datatype = .ethertype },
    .{ .key = "priority", .datatype = .tc_handle },
    .{ .key = "random", .datatype = .integer },
    .{ .key = "mark", .datatype = .integer },
    .{ .key = "iif", .datatype = .ifindex },
    .{ .key = "oif", .datatype = .ifindex },
    .{ .key = "iifname", .datatype = .ifname },
    .{ .key = "oifname", .datatype = .ifname },
    .{ .key = "iiftype", .datatype = .arphrd },
    .{ .key = "oiftype", .datatype = .arphrd },
    .{ .key = "skuid", .datatype = .integer, .lookup = true },
    .{ .key = "skgid", .datatype = .integer, .lookup = true },
    .{ .key = "nftrace", .datatype = .integer },
    .{ .key = "rtclassid", .datatype = .realm },
    .{ .key = "ibrname", .datatype = .ifname },
    .{ .key = "obrname", .datatype = .ifname },
    .{ .key = "ibridgename", .datatype = .ifname },
    .{ .key = "obridgename", .datatype = .ifname },
    .{ .key = "ibriport", .datatype = .ifname },
    .{ .key = "obriport", .datatype = .ifname },
    .{ .key = "pkttype", .datatype = .pkttype },
    .{ .key = "cpu", .datatype = .integer },
    .{ .key = "iifgroup", .datatype = .devgroup },
    .{ .key = "oifgroup", .datatype = .devgroup },
    .{ .key = "cgroup", .datatype = .integer },
    .{ .key = "nfproto", .datatype = .nfproto },
    .{ .key = "l4proto", .datatype = .inet_proto },
    .{ .key = "secpath", .datatype = .boolean },
    // nft 1.0.6 lists secpath as "ipsec" (meta ipsec exists).
    .{ .key = "ipsec", .datatype = .boolean },
    .{ .key = "secmark", .datatype = .integer },
    .{ .key = "sdif", .datatype = .ifindex },
    .{ .key = "sdifname", .datatype = .ifname },
    .{ .key = "iifkind", .datatype = .ifname },
    .{ .key = "oifkind", .datatype = .ifname },
    .{ .key = "time", .datatype = .time_text },
    .{ .key = "hour", .datatype = .hour_text },
    .{ .key = "day", .datatype = .day },
    .{ .key = "broute", .datatype = .integer },
};

pub const CtKey = struct {
    key: []const u8,
    datatype: Datatype,
    /// Keys that take a direction ("original"/"reply").
    direction: bool = false,
};

pub const ct_keys = [_]CtKey{
    .{ .key = "state", .datatype = .ct_state },
    .{ .key = "direction", .datatype = .ct_direction },
    .{ .key = "status", .datatype = .ct_status },
    .{ .key = "mark", .datatype = .integer },
    .{ .key = "expiration", .datatype = .integer },
    .{ .key = "helper", .datatype = .text },
    .{ .key = "l3proto", .datatype = .nfproto, .direction = true },
    .{ .key = "protocol", .datatype = .inet_proto, .direction = true },
    .{ .key = "proto-src", .datatype = .integer, .direction = true },
    .{ .key = "proto-dst", .datatype = .integer, .direction = true },
    // ct label names are read from /etc/connlabel.conf: numbers only.
    .{ .key = "label", .datatype = .integer },
    .{ .key = "bytes", .datatype = .integer, .direction = true },
    .{ .key = "packets", .datatype = .integer, .direction = true },
    .{ .key = "avgpkt", .datatype = .integer, .direction = true },
    .{ .key = "zone", .datatype = .integer, .direction = true },
    .{ .key = "event", .datatype = .ct_event },
    .{ .key = "id", .datatype = .integer },
    .{ .key = "saddr", .datatype = .untyped, .direction = true },
    .{ .key = "daddr", .datatype = .untyped, .direction = true },
    .{ .key = "ip saddr", .datatype = .ipv4, .direction = true },
    .{ .key = "ip daddr", .datatype = .ipv4, .direction = true },
    .{ .key = "ip6 saddr", .datatype = .ipv6, .direction = true },
    .{ .key = "ip6 daddr", .datatype = .ipv6, .direction = true },
};

pub const rt_keys = [_]MetaKey{
    .{ .key = "classid", .datatype = .realm },
    .{ .key = "nexthop", .datatype = .untyped },
    .{ .key = "mtu", .datatype = .integer },
    .{ .key = "ipsec", .datatype = .boolean },
};

pub const socket_keys = [_]MetaKey{
    .{ .key = "transparent", .datatype = .integer },
    .{ .key = "mark", .datatype = .integer },
    .{ .key = "wildcard", .datatype = .integer },
};

pub const exthdr_names = [_][]const u8{ "hbh", "rt", "rt0", "rt2", "srh", "frag", "dst", "mh" };
pub const exthdr_fields = [_][]const u8{
    "nexthdr", "hdrlength", "type",       "seg-left", "reserved", "reserved2", "frag-off", "more-fragments",
    "id",      "addr",      "last-entry", "flags",    "tag",      "sid",       "checksum",
};

pub const tcp_option_names = [_][]const u8{
    "eol",   "nop",   "maxseg", "window",    "sack-perm", "sack-permitted", "sack",  "sack0",
    "sack1", "sack2", "sack3",  "timestamp", "fastopen",  "md5sig",         "mptcp",
};
pub const tcp_option_fields = [_][]const u8{
    "kind", "length", "size", "count", "value", "left", "right", "tsval", "tsecr", "subtype",
};

pub const ip_option_names = [_][]const u8{ "lsrr", "rr", "ssrr", "ra" };
pub const ipsec_keys = [_][]const u8{ "reqid", "spi", "saddr", "daddr" };
pub const ip_option_fields = [_][]const u8{ "type", "length", "value", "ptr", "addr" };

pub const sctp_chunk_names = [_][]const u8{
    "data",  "init",     "init-ack",          "sack",       "heartbeat",   "heartbeat-ack",
    "abort", "shutdown", "shutdown-ack",      "error",      "cookie-echo", "cookie-ack",
    "ecne",  "cwr",      "shutdown-complete", "asconf-ack", "forward-tsn", "asconf",
};
pub const sctp_chunk_fields = [_][]const u8{
    "type",                "flags",       "length",      "tsn",                "stream",
    "ssn",                 "ppid",        "init-tag",    "a-rwnd",             "num-outbound-streams",
    "num-inbound-streams", "initial-tsn", "cum-tsn-ack", "num-gap-ack-blocks", "num-dup-tsns",
    "lowest-tsn",          "seqno",       "new-cum-tsn",
};

/// "oif" is an interface index (resolved through the helper's route socket, src/lookups.zig).
pub const fib_results = [_][]const u8{ "oif", "oifname", "type" };
pub const fib_flags = [_][]const u8{ "saddr", "daddr", "mark", "iif", "oif" };

// ---------------------------------------------------------------------------------------------
// Set and map types.

pub const SetType = struct { name: []const u8, datatype: Datatype };

pub const set_types = [_]SetType{
    .{ .name = "ipv4_addr", .datatype = .ipv4 },
    .{ .name = "ipv6_addr", .datatype = .ipv6 },
    .{ .name = "ether_addr", .datatype = .ether },
    .{ .name = "inet_proto", .datatype = .inet_proto },
    .{ .name = "inet_service", .datatype = .integer },
    .{ .name = "mark", .datatype = .integer },
    .{ .name = "ifname", .datatype = .ifname },
    .{ .name = "ct_state", .datatype = .ct_state },
    .{ .name = "ct_status", .datatype = .ct_status },
    .{ .name = "tcp_flag", .datatype = .tcp_flag },
    .{ .name = "icmp_type", .datatype = .icmp_type },
    .{ .name = "icmpv6_type", .datatype = .icmpv6_type },
    .{ .name = "ether_type", .datatype = .ethertype },
    .{ .name = "pkttype", .datatype = .pkttype },
    .{ .name = "nf_proto", .datatype = .nfproto },
    .{ .name = "dscp", .datatype = .dscp },
    .{ .name = "ecn", .datatype = .ecn },
    .{ .name = "day", .datatype = .day },
    .{ .name = "integer", .datatype = .integer },
    // Not uid and gid: libnftables 1.0.6 resolves their elements through NSS even for numbers
    // (the sealed helper died of SIGSYS on `add set … type uid` with elements), as meta skuid.
    .{ .name = "iface_index", .datatype = .ifindex },
    .{ .name = "iface_type", .datatype = .arphrd },
    .{ .name = "classid", .datatype = .tc_handle },
    .{ .name = "realm", .datatype = .realm },
    .{ .name = "devgroup", .datatype = .devgroup },
    .{ .name = "ct_dir", .datatype = .ct_direction },
    .{ .name = "icmp_code", .datatype = .icmp_code },
    .{ .name = "icmpv6_code", .datatype = .icmpv6_code },
    .{ .name = "icmpx_code", .datatype = .icmpx_code },
    .{ .name = "arp_op", .datatype = .arp_op },
    .{ .name = "igmp_type", .datatype = .igmp_type },
    .{ .name = "dccp_pkttype", .datatype = .dccp_pkttype },
    .{ .name = "mh_type", .datatype = .mh_type },
    .{ .name = "fib_addrtype", .datatype = .fib_addrtype },
    .{ .name = "boolean", .datatype = .boolean },
    .{ .name = "time", .datatype = .time_text },
    .{ .name = "hour", .datatype = .hour_text },
};

/// Data types a map may map to, besides the set types: "verdict" and named-object maps (their
/// data are names of counters, quotas and limits).
pub const map_only_types = [_]SetType{
    .{ .name = "verdict", .datatype = .verdict },
    .{ .name = "counter", .datatype = .object_name },
    .{ .name = "quota", .datatype = .object_name },
    .{ .name = "limit", .datatype = .object_name },
};

pub const concatenation_components_max: u32 = 8;

// ---------------------------------------------------------------------------------------------
// Commands and objects.

pub const Verb = enum { add, create, insert, replace, delete, list, reset, flush, rename };

pub const ObjectKind = enum {
    table,
    chain,
    rule,
    set,
    map,
    element,
    flowtable,
    counter,
    quota,
    limit,
    ct_helper,
    ct_timeout,
    ct_expectation,
    secmark,
    synproxy,
    ruleset,
    tables,

    pub fn jsonName(kind: ObjectKind) []const u8 {
        return switch (kind) {
            .ct_helper => "ct helper",
            .ct_timeout => "ct timeout",
            .ct_expectation => "ct expectation",
            else => @tagName(kind),
        };
    }
};

pub fn objectKindFromJson(text: []const u8) ?ObjectKind {
    inline for (std.meta.fields(ObjectKind)) |field| {
        const kind: ObjectKind = @enumFromInt(field.value);
        if (std.mem.eql(u8, kind.jsonName(), text)) return kind;
    }
    return null;
}

/// Which objects each verb accepts. Plural listings other than `tables`, and `flush ruleset`,
/// are deliberately absent or refused by policy (see docs/helper-language.md).
pub fn verbAccepts(verb: Verb, kind: ObjectKind) bool {
    return switch (verb) {
        .add, .create => switch (kind) {
            .table,
            .chain,
            .rule,
            .set,
            .map,
            .element,
            .flowtable,
            .counter,
            .quota,
            .limit,
            .ct_helper,
            .ct_timeout,
            .ct_expectation,
            .secmark,
            .synproxy,
            => true,
            .ruleset, .tables => false,
        },
        .insert, .replace => kind == .rule,
        .delete => switch (kind) {
            // libnftables 1.0.6 aborts on every delete of a ct timeout or ct expectation (its
            // evaluator has no case for them): a known crash shape, never sent.
            .ruleset, .tables => false,
            .ct_timeout, .ct_expectation => mutation.removed(.crash_shapes),
            else => true,
        },
        .list => switch (kind) {
            .rule, .element => false,
            else => true,
        },
        .reset => kind == .counter or kind == .quota,
        .flush => kind == .table or kind == .chain or kind == .set or kind == .map or kind == .ruleset,
        .rename => kind == .chain,
    };
}

/// The kinds of value a field may hold. Interpreted by validate.zig.
pub const FieldKind = enum {
    family,
    name,
    handle,
    /// Rule position index for add/insert.
    index,
    comment,
    log_prefix,
    /// Integer in [range.min, range.max].
    integer,
    boolean,
    null_value,
    /// One string from `words`.
    keyword,
    /// One string from `words`, or an array of them (flags).
    keywords,
    ifname,
    /// One interface name or an array of them (chain and flowtable devices).
    ifnames,
    set_type,
    map_type,
    statements,
    elements,
    /// Conntrack timeout policy: object of state name → integer seconds.
    ct_timeout_policy,
    /// Security context text of a secmark object.
    secmark_context,
    /// Helper name of a ct helper object ("ftp", "tftp", …).
    helper_type,
    /// A table's flags (checked with the table: its own name is what nft 1.0.6 lists).
    table_flags,
    /// Statements of a set or map applied to each element: counter, limit, quota.
    set_statements,
};

pub const Range = struct { min: i64, max: i64 };

pub const u32_range = Range{ .min = 0, .max = std.math.maxInt(u32) };
pub const u16_range = Range{ .min = 0, .max = std.math.maxInt(u16) };
pub const u8_range = Range{ .min = 0, .max = std.math.maxInt(u8) };
pub const u53_range = Range{ .min = 0, .max = (1 << 53) - 1 };
pub const priority_range = Range{ .min = std.math.minInt(i32), .max = std.math.maxInt(i32) };

pub const Field = struct {
    name: []const u8,
    kind: FieldKind,
    range: Range = u53_range,
    words: []const []const u8 = &.{},
};

pub const Usage = enum { add, identify, rename };

const identity_fields_table = [_]Field{ .{ .name = "family", .kind = .family }, .{ .name = "name", .kind = .name } };
const identity_fields_object = [_]Field{
    .{ .name = "family", .kind = .family },
    .{ .name = "table", .kind = .name },
    .{ .name = "name", .kind = .name },
};

pub const chain_types = [_][]const u8{ "filter", "nat", "route" };
pub const chain_hooks = [_][]const u8{ "prerouting", "input", "forward", "output", "postrouting", "ingress", "egress" };
pub const chain_policies = [_][]const u8{ "accept", "drop" };
pub const set_flags = [_][]const u8{ "constant", "interval", "timeout", "dynamic" };
pub const table_flags = [_][]const u8{ "dormant", "owner" };
pub const limit_rate_units = [_][]const u8{ "packets", "bytes", "kbytes", "mbytes" };
pub const set_policies = [_][]const u8{ "performance", "memory" };
pub const limit_time_units = [_][]const u8{ "second", "minute", "hour", "day", "week" };
pub const limit_units = [_][]const u8{ "packets", "bytes" };
pub const byte_units = [_][]const u8{ "bytes", "kbytes", "mbytes" };
pub const l3_protocols = [_][]const u8{ "ip", "ip6", "inet" };
pub const ct_helper_protocols = [_][]const u8{ "tcp", "udp" };
pub const ct_timeout_protocols = [_][]const u8{ "tcp", "udp", "dccp", "sctp", "gre", "icmpv6", "icmp", "generic" };
pub const ct_timeout_states = [_][]const u8{
    "syn_sent",      "syn_recv",      "established",   "fin_wait",          "close_wait",     "last_ack", "time_wait",
    "close",         "syn_sent2",     "retrans",       "unack",             "unreplied",      "replied",  "request",
    "respond",       "partopen",      "open",          "closereq",          "closing",        "timewait", "cookie_wait",
    "cookie_echoed", "shutdown_sent", "shutdown_recd", "shutdown_ack_sent", "heartbeat_sent",
};
pub const synproxy_flags = [_][]const u8{ "timestamp", "sack-perm" };
pub const flowtable_hooks = [_][]const u8{"ingress"};

/// Fields of each object, by usage. `add` covers add and create; `identify` covers delete,
/// list, reset and flush (family, table, name or handle); `rename` is the chain rename.
/// Required fields are checked in validate/commands.zig (they depend on the verb).
pub fn objectFields(kind: ObjectKind, usage: Usage) []const Field {
    if (usage == .rename) {
        assert(kind == .chain);
        return &.{
            .{ .name = "family", .kind = .family },
            .{ .name = "table", .kind = .name },
            .{ .name = "name", .kind = .name },
            .{ .name = "newname", .kind = .name },
        };
    }
    if (usage == .identify) return identifyFields(kind);
    return switch (kind) {
        // libnftables 1.0.6 reads a table's flags and comment from JSON and ignores them; they
        // are accepted because nft lists them.
        .table => &(identity_fields_table ++ [_]Field{
            .{ .name = "flags", .kind = .table_flags },
            .{ .name = "comment", .kind = .comment },
        }),
        .chain => &(identity_fields_object ++ [_]Field{
            .{ .name = "type", .kind = .keyword, .words = &chain_types },
            .{ .name = "hook", .kind = .keyword, .words = &chain_hooks },
            .{ .name = "prio", .kind = .integer, .range = priority_range },
            .{ .name = "dev", .kind = .ifnames },
            .{ .name = "policy", .kind = .keyword, .words = &chain_policies },
            .{ .name = "comment", .kind = .comment },
        }),
        .rule => &.{
            .{ .name = "family", .kind = .family },
            .{ .name = "table", .kind = .name },
            .{ .name = "chain", .kind = .name },
            .{ .name = "expr", .kind = .statements },
            .{ .name = "handle", .kind = .handle },
            .{ .name = "index", .kind = .index },
            .{ .name = "comment", .kind = .comment },
        },
        .set, .map => &(identity_fields_object ++ [_]Field{
            .{ .name = "type", .kind = .set_type },
            .{ .name = "map", .kind = .map_type },
            .{ .name = "policy", .kind = .keyword, .words = &set_policies },
            .{ .name = "flags", .kind = .keywords, .words = &set_flags },
            .{ .name = "elem", .kind = .elements },
            .{ .name = "timeout", .kind = .integer, .range = u32_range },
            .{ .name = "gc-interval", .kind = .integer, .range = u32_range },
            .{ .name = "size", .kind = .integer, .range = u32_range },
            .{ .name = "comment", .kind = .comment },
            .{ .name = "stmt", .kind = .set_statements },
            .{ .name = "auto-merge", .kind = .boolean },
        }),
        .element => &(identity_fields_object ++ [_]Field{.{ .name = "elem", .kind = .elements }}),
        .flowtable => &(identity_fields_object ++ [_]Field{
            .{ .name = "hook", .kind = .keyword, .words = &flowtable_hooks },
            .{ .name = "prio", .kind = .integer, .range = priority_range },
            .{ .name = "dev", .kind = .ifnames },
        }),
        .counter,
        .quota,
        .limit,
        .ct_helper,
        .ct_timeout,
        .ct_expectation,
        .secmark,
        .synproxy,
        => statefulObjectFields(kind),
        .ruleset, .tables => &.{},
    };
}

/// The fields that name an object for delete, list, reset and flush.
fn identifyFields(kind: ObjectKind) []const Field {
    return switch (kind) {
        .table => &(identity_fields_table ++ [_]Field{.{ .name = "handle", .kind = .handle }}),
        .rule => &.{
            .{ .name = "family", .kind = .family },
            .{ .name = "table", .kind = .name },
            .{ .name = "chain", .kind = .name },
            .{ .name = "handle", .kind = .handle },
        },
        .element => &(identity_fields_object ++ [_]Field{.{ .name = "elem", .kind = .elements }}),
        .ruleset, .tables => &.{},
        else => &(identity_fields_object ++ [_]Field{.{ .name = "handle", .kind = .handle }}),
    };
}

/// The add fields of the named stateful objects.
fn statefulObjectFields(kind: ObjectKind) []const Field {
    return switch (kind) {
        .counter => &(identity_fields_object ++ [_]Field{
            .{ .name = "packets", .kind = .integer },
            .{ .name = "bytes", .kind = .integer },
            .{ .name = "comment", .kind = .comment },
        }),
        .quota => &(identity_fields_object ++ [_]Field{
            .{ .name = "bytes", .kind = .integer },
            .{ .name = "used", .kind = .integer },
            .{ .name = "inv", .kind = .boolean },
            .{ .name = "comment", .kind = .comment },
        }),
        .limit => &(identity_fields_object ++ [_]Field{
            .{ .name = "rate", .kind = .integer, .range = u32_range },
            .{ .name = "per", .kind = .keyword, .words = &limit_time_units },
            .{ .name = "burst", .kind = .integer, .range = u32_range },
            .{ .name = "unit", .kind = .keyword, .words = &limit_units },
            .{ .name = "rate_unit", .kind = .keyword, .words = &limit_rate_units },
            .{ .name = "burst_unit", .kind = .keyword, .words = &byte_units },
            .{ .name = "inv", .kind = .boolean },
            .{ .name = "comment", .kind = .comment },
        }),
        .ct_helper => &(identity_fields_object ++ [_]Field{
            .{ .name = "type", .kind = .helper_type },
            .{ .name = "protocol", .kind = .keyword, .words = &ct_helper_protocols },
            .{ .name = "l3proto", .kind = .keyword, .words = &l3_protocols },
            .{ .name = "comment", .kind = .comment },
        }),
        .ct_timeout => &(identity_fields_object ++ [_]Field{
            .{ .name = "protocol", .kind = .keyword, .words = &ct_timeout_protocols },
            .{ .name = "l3proto", .kind = .keyword, .words = &l3_protocols },
            .{ .name = "policy", .kind = .ct_timeout_policy },
            .{ .name = "comment", .kind = .comment },
        }),
        .ct_expectation => &(identity_fields_object ++ [_]Field{
            .{ .name = "protocol", .kind = .keyword, .words = &ct_helper_protocols },
            .{ .name = "l3proto", .kind = .keyword, .words = &l3_protocols },
            .{ .name = "dport", .kind = .integer, .range = u16_range },
            .{ .name = "timeout", .kind = .integer, .range = u32_range },
            .{ .name = "size", .kind = .integer, .range = u8_range },
            .{ .name = "comment", .kind = .comment },
        }),
        .secmark => &(identity_fields_object ++ [_]Field{
            .{ .name = "context", .kind = .secmark_context },
            .{ .name = "comment", .kind = .comment },
        }),
        .synproxy => &(identity_fields_object ++ [_]Field{
            .{ .name = "mss", .kind = .integer, .range = u16_range },
            .{ .name = "wscale", .kind = .integer, .range = .{ .min = 0, .max = 14 } },
            .{ .name = "flags", .kind = .keywords, .words = &synproxy_flags },
            .{ .name = "comment", .kind = .comment },
        }),
        else => unreachable,
    };
}

// ---------------------------------------------------------------------------------------------
// Statements and expressions.

pub const match_operators = [_][]const u8{ "==", "!=", "<", ">", "<=", ">=", "in", "!" };
pub const binary_operators = [_][]const u8{ "&", "|", "^", "<<", ">>" };
pub const simple_verdicts = [_][]const u8{ "accept", "drop", "continue", "return" };
pub const chain_verdicts = [_][]const u8{ "jump", "goto" };
pub const nat_statements = [_][]const u8{ "snat", "dnat", "masquerade", "redirect" };
pub const nat_flags = [_][]const u8{ "random", "fully-random", "persistent", "netmap" };
pub const nat_type_flags = [_][]const u8{ "interval", "prefix", "concat" };
pub const reject_types = [_][]const u8{ "tcp reset", "icmpx", "icmp", "icmpv6" };
pub const log_levels = [_][]const u8{ "emerg", "alert", "crit", "err", "warn", "notice", "info", "debug", "audit" };
pub const log_flags = [_][]const u8{ "tcp sequence", "tcp options", "ip options", "skuid", "ether", "all" };
pub const queue_flags = [_][]const u8{ "bypass", "fanout" };
pub const set_statement_operations = [_][]const u8{ "add", "update", "delete" };
pub const numgen_modes = [_][]const u8{ "inc", "random" };
pub const ip_families = [_][]const u8{ "ip", "ip6" };

const assert = std.debug.assert;

comptime {
    // Every symbolic datatype has a non-empty table; keep them in sync with the enum.
    for (std.meta.fields(Datatype)) |field| {
        const datatype: Datatype = @enumFromInt(field.value);
        if (@intFromEnum(datatype) >= @intFromEnum(Datatype.ct_state)) {
            assert(symbols(datatype).len > 0);
        }
    }
}
