package org.nftj.validation;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The accepted language, as one declarative table that mirrors the helper's
 * {@code helper-zig/src/schema.zig}: limits, commands × objects × fields, the datatype of every
 * packet field a rule may match, the compiled-in symbol tables of libnftables, and which keys
 * would make libnftables look a name up. {@link Checker} interprets it and holds no language
 * knowledge of its own beyond the cross-field rules it documents. {@code SchemaMirrorTest}
 * compares the tables with the Zig file whenever it is present, so the two cannot drift silently.
 */
final class Schema {
    private Schema() {}

    // Limits (docs/protocol.md).
    static final int COMMANDS_MAX = 20_000;
    static final int ELEMENTS_MAX = 200_000;
    static final int DEPTH_MAX = 32;
    static final int OBJECT_MEMBERS_MAX = 64;
    static final int STRING_BYTES_MAX = 4096;
    static final int NAME_BYTES_MAX = 255;
    static final int IFNAME_BYTES_MAX = 15;
    static final int COMMENT_BYTES_MAX = 128;
    static final int LOG_PREFIX_BYTES_MAX = 127;
    static final int CONCATENATION_COMPONENTS_MAX = 8;
    static final long INTEGER_MAX = (1L << 53) - 1;

    static final List<String> FAMILIES = List.of("ip", "ip6", "inet", "arp", "bridge", "netdev");

    /** What a string may be where a value of the type is expected. */
    enum Datatype {
        /** Type unknown (e.g. elements of a set declared in an earlier batch): integers and numeric addresses only. */
        UNTYPED, INTEGER, IPV4, IPV6, ETHER, IFNAME, BOOLEAN, VERDICT, TC_HANDLE, TEXT,
        /**
         * An interface index (meta iif/oif/sdif, iface_index sets, fib … oif): an interface name,
         * which libnftables resolves through the route socket the helper opened before its seal
         * (helper-zig/src/lookups.zig: no file, no new socket), or a number.
         */
        IFINDEX,
        /** A routing realm (meta rtclassid, rt classid): a name of /etc/iproute2/rt_realms (read before the seal) or a number. */
        REALM,
        /** A device group (meta iifgroup/oifgroup): a name of /etc/iproute2/group (read as REALM) or a number. */
        DEVGROUP,
        /** The name of a named object (counter, quota, limit) as the data of an object map. */
        OBJECT_NAME,
        /** meta time: "YYYY-MM-DD HH:MM:SS" or "YYYY-MM-DD" (the time zone loaded before the seal), or a number. */
        TIME_TEXT,
        /** meta hour: "HH:MM" or "HH:MM:SS" (as TIME_TEXT), or a number. */
        HOUR_TEXT,
        CT_STATE, CT_STATUS, CT_DIRECTION, CT_EVENT, TCP_FLAG, ICMP_TYPE, ICMP_CODE, ICMPV6_TYPE, ICMPV6_CODE,
        ICMPX_CODE, ETHERTYPE, PKTTYPE, NFPROTO, INET_PROTO, DSCP, ECN, ARP_OP, IGMP_TYPE, DCCP_PKTTYPE,
        FIB_ADDRTYPE, DAY, ARPHRD, MH_TYPE;

        boolean symbolic() { return ordinal() >= CT_STATE.ordinal(); }
    }

    /**
     * Types whose values are numbers underneath: a hexadecimal string ("0x0000002a", up to 128
     * bits) is parsed as a number by libnftables, with no lookup (schema.zig acceptsHexString).
     */
    static boolean acceptsHexString(Datatype d) {
        return switch (d) {
            case UNTYPED, IPV4, IPV6, ETHER, IFNAME, TEXT, BOOLEAN, VERDICT, IFINDEX, REALM, DEVGROUP, OBJECT_NAME, TIME_TEXT,
                 HOUR_TEXT -> false;
            default -> true;
        };
    }

    /** Types whose values are flags: a plain array of them is a flag list (ct state ["new", "established"]). */
    static boolean isBitmask(Datatype d) {
        return d == Datatype.CT_STATE || d == Datatype.CT_STATUS || d == Datatype.CT_EVENT || d == Datatype.TCP_FLAG;
    }

    /** "0x" followed by 1 to 32 hexadecimal digits. */
    static boolean isHexNumber(String s) {
        return s.length() >= 3 && s.length() <= 34 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')
                && s.substring(2).chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }

    record PacketField(String protocol, String field, Datatype datatype) {}

    /**
     * A meta/ct/rt/socket key.
     *
     * @param lookup libnftables 1.0.6 performs a name lookup for this key even with a numeric
     *               value (measured by the helper engineer with strace): refused outright
     * @param direction the key takes a direction ("original"/"reply")
     */
    record Key(String key, Datatype datatype, boolean lookup, boolean direction) {}

    enum Verb { ADD, CREATE, INSERT, REPLACE, DELETE, LIST, RESET, FLUSH, RENAME;
        String json() { return name().toLowerCase(java.util.Locale.ROOT); }
        boolean mutating() { return this != LIST; }
    }

    enum ObjectKind {
        TABLE, CHAIN, RULE, SET, MAP, ELEMENT, FLOWTABLE, COUNTER, QUOTA, LIMIT, CT_HELPER, CT_TIMEOUT,
        CT_EXPECTATION, SECMARK, SYNPROXY, RULESET, TABLES;

        String json() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '); }
    }

    static Verb verb(String json) {
        for (Verb v : Verb.values()) if (v.json().equals(json)) return v;
        return null;
    }

    static ObjectKind objectKind(String json) {
        for (ObjectKind k : ObjectKind.values()) if (k.json().equals(json)) return k;
        return null;
    }

    /** Which objects each verb accepts (schema.zig verbAccepts). */
    static boolean verbAccepts(Verb verb, ObjectKind kind) {
        return switch (verb) {
            case ADD, CREATE -> kind != ObjectKind.RULESET && kind != ObjectKind.TABLES;
            case INSERT, REPLACE -> kind == ObjectKind.RULE;
            // libnftables 1.0.6 aborts on every delete of a ct timeout or ct expectation: a known
            // crash shape, refused like the helper does.
            case DELETE -> kind != ObjectKind.RULESET && kind != ObjectKind.TABLES && kind != ObjectKind.CT_TIMEOUT
                    && kind != ObjectKind.CT_EXPECTATION;
            case LIST -> kind != ObjectKind.RULE && kind != ObjectKind.ELEMENT;
            case RESET -> kind == ObjectKind.COUNTER || kind == ObjectKind.QUOTA;
            case FLUSH -> Set.of(ObjectKind.TABLE, ObjectKind.CHAIN, ObjectKind.SET, ObjectKind.MAP,
                    ObjectKind.RULESET).contains(kind);
            case RENAME -> kind == ObjectKind.CHAIN;
        };
    }

    enum FieldKind { FAMILY, NAME, HANDLE, INDEX, COMMENT, LOG_PREFIX, INTEGER, BOOLEAN, KEYWORD, KEYWORDS, IFNAME,
        IFNAMES, SET_TYPE, MAP_TYPE, STATEMENTS, ELEMENTS, CT_TIMEOUT_POLICY, SECMARK_CONTEXT, HELPER_TYPE,
        /** A table's flags (checked with the table: its own name is what nft 1.0.6 lists). */
        TABLE_FLAGS,
        /** Statements of a set or map applied to each element: counter, limit, quota. */
        SET_STATEMENTS }

    record Field(String name, FieldKind kind, long min, long max, List<String> words) {
        static Field of(String name, FieldKind kind) { return new Field(name, kind, 0, INTEGER_MAX, List.of()); }

        static Field integer(String name, long min, long max) { return new Field(name, FieldKind.INTEGER, min, max, List.of()); }

        static Field words(String name, FieldKind kind, List<String> words) { return new Field(name, kind, 0, 0, words); }
    }

    enum Usage { ADD, IDENTIFY, RENAME }

    static final long U8 = 0xff;
    static final long U16 = 0xffff;
    static final long U32 = 0xffff_ffffL;

    private static final List<Field> TABLE_ID = List.of(Field.of("family", FieldKind.FAMILY), Field.of("name", FieldKind.NAME));
    private static final List<Field> OBJECT_ID = List.of(Field.of("family", FieldKind.FAMILY),
            Field.of("table", FieldKind.NAME), Field.of("name", FieldKind.NAME));

    /** Fields of each object by usage: ADD covers add/create, IDENTIFY covers delete/list/reset/flush, RENAME the chain rename. */
    static List<Field> objectFields(ObjectKind kind, Usage usage) {
        return OBJECT_FIELDS.computeIfAbsent(kind.ordinal() << 4 | usage.ordinal(), // fewer than 16 usages
                k -> fieldsOf(kind, usage));
    }

    /** {@link #objectFields} by kind and usage, each list made once (they are immutable). */
    private static final java.util.concurrent.ConcurrentHashMap<Integer, List<Field>> OBJECT_FIELDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static List<Field> fieldsOf(ObjectKind kind, Usage usage) {
        if (usage == Usage.RENAME) return concat(OBJECT_ID, Field.of("newname", FieldKind.NAME));
        if (usage == Usage.IDENTIFY) return switch (kind) {
            case TABLE -> concat(TABLE_ID, Field.of("handle", FieldKind.HANDLE));
            case RULE -> List.of(Field.of("family", FieldKind.FAMILY), Field.of("table", FieldKind.NAME),
                    Field.of("chain", FieldKind.NAME), Field.of("handle", FieldKind.HANDLE));
            case ELEMENT -> concat(OBJECT_ID, Field.of("elem", FieldKind.ELEMENTS));
            case RULESET, TABLES -> List.of();
            default -> concat(OBJECT_ID, Field.of("handle", FieldKind.HANDLE));
        };
        return switch (kind) {
            // libnftables 1.0.6 reads a table's flags and comment from JSON and ignores them; they
            // are accepted because nft lists them.
            case TABLE -> concat(TABLE_ID, Field.of("flags", FieldKind.TABLE_FLAGS), Field.of("comment", FieldKind.COMMENT));
            case CHAIN -> concat(OBJECT_ID, Field.words("type", FieldKind.KEYWORD, CHAIN_TYPES),
                    Field.words("hook", FieldKind.KEYWORD, CHAIN_HOOKS),
                    Field.integer("prio", Integer.MIN_VALUE, Integer.MAX_VALUE), Field.of("dev", FieldKind.IFNAMES),
                    Field.words("policy", FieldKind.KEYWORD, CHAIN_POLICIES), Field.of("comment", FieldKind.COMMENT));
            case RULE -> List.of(Field.of("family", FieldKind.FAMILY), Field.of("table", FieldKind.NAME),
                    Field.of("chain", FieldKind.NAME), Field.of("expr", FieldKind.STATEMENTS),
                    Field.of("handle", FieldKind.HANDLE), Field.of("index", FieldKind.INDEX),
                    Field.of("comment", FieldKind.COMMENT));
            case SET, MAP -> concat(OBJECT_ID, Field.of("type", FieldKind.SET_TYPE), Field.of("map", FieldKind.MAP_TYPE),
                    Field.words("policy", FieldKind.KEYWORD, SET_POLICIES), Field.words("flags", FieldKind.KEYWORDS, SET_FLAGS),
                    Field.of("elem", FieldKind.ELEMENTS), Field.integer("timeout", 0, U32),
                    Field.integer("gc-interval", 0, U32), Field.integer("size", 0, U32), Field.of("comment", FieldKind.COMMENT),
                    Field.of("stmt", FieldKind.SET_STATEMENTS), Field.of("auto-merge", FieldKind.BOOLEAN));
            case ELEMENT -> concat(OBJECT_ID, Field.of("elem", FieldKind.ELEMENTS));
            case FLOWTABLE -> concat(OBJECT_ID, Field.words("hook", FieldKind.KEYWORD, FLOWTABLE_HOOKS),
                    Field.integer("prio", Integer.MIN_VALUE, Integer.MAX_VALUE), Field.of("dev", FieldKind.IFNAMES));
            case COUNTER -> concat(OBJECT_ID, Field.of("packets", FieldKind.INTEGER), Field.of("bytes", FieldKind.INTEGER),
                    Field.of("comment", FieldKind.COMMENT));
            case QUOTA -> concat(OBJECT_ID, Field.of("bytes", FieldKind.INTEGER), Field.of("used", FieldKind.INTEGER),
                    Field.of("inv", FieldKind.BOOLEAN), Field.of("comment", FieldKind.COMMENT));
            case LIMIT -> concat(OBJECT_ID, Field.integer("rate", 0, U32), Field.words("per", FieldKind.KEYWORD, LIMIT_TIME_UNITS),
                    Field.integer("burst", 0, U32), Field.words("unit", FieldKind.KEYWORD, LIMIT_UNITS),
                    Field.words("rate_unit", FieldKind.KEYWORD, LIMIT_RATE_UNITS), Field.words("burst_unit", FieldKind.KEYWORD, BYTE_UNITS),
                    Field.of("inv", FieldKind.BOOLEAN), Field.of("comment", FieldKind.COMMENT));
            case CT_HELPER -> concat(OBJECT_ID, Field.of("type", FieldKind.HELPER_TYPE),
                    Field.words("protocol", FieldKind.KEYWORD, CT_HELPER_PROTOCOLS),
                    Field.words("l3proto", FieldKind.KEYWORD, L3_PROTOCOLS), Field.of("comment", FieldKind.COMMENT));
            case CT_TIMEOUT -> concat(OBJECT_ID, Field.words("protocol", FieldKind.KEYWORD, CT_TIMEOUT_PROTOCOLS),
                    Field.words("l3proto", FieldKind.KEYWORD, L3_PROTOCOLS), Field.of("policy", FieldKind.CT_TIMEOUT_POLICY),
                    Field.of("comment", FieldKind.COMMENT));
            case CT_EXPECTATION -> concat(OBJECT_ID, Field.words("protocol", FieldKind.KEYWORD, CT_HELPER_PROTOCOLS),
                    Field.words("l3proto", FieldKind.KEYWORD, L3_PROTOCOLS), Field.integer("dport", 0, U16),
                    Field.integer("timeout", 0, U32), Field.integer("size", 0, U8), Field.of("comment", FieldKind.COMMENT));
            case SECMARK -> concat(OBJECT_ID, Field.of("context", FieldKind.SECMARK_CONTEXT), Field.of("comment", FieldKind.COMMENT));
            case SYNPROXY -> concat(OBJECT_ID, Field.integer("mss", 0, U16), Field.integer("wscale", 0, 14),
                    Field.words("flags", FieldKind.KEYWORDS, SYNPROXY_FLAGS), Field.of("comment", FieldKind.COMMENT));
            case RULESET, TABLES -> List.of();
        };
    }

    private static List<Field> concat(List<Field> base, Field... more) {
        java.util.ArrayList<Field> all = new java.util.ArrayList<>(base);
        all.addAll(List.of(more));
        return List.copyOf(all);
    }

    static PacketField payloadField(String protocol, String field) {
        for (PacketField f : PAYLOAD_FIELDS) if (f.protocol().equals(protocol) && f.field().equals(field)) return f;
        return null;
    }

    static Key key(List<Key> keys, String key) {
        for (Key k : keys) if (k.key().equals(key)) return k;
        return null;
    }

    private static Map<Datatype, List<String>> symbols(Object... pairs) {
        Map<Datatype, List<String>> m = new EnumMap<>(Datatype.class);
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> words = (List<String>) pairs[i + 1];
            m.put((Datatype) pairs[i], words);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Map<String, Datatype> orderedMap(Object... pairs) {
        Map<String, Datatype> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put((String) pairs[i], (Datatype) pairs[i + 1]);
        return java.util.Collections.unmodifiableMap(m);
    }

    // ---- generated from helper-zig/src/schema.zig (see SchemaMirrorTest) ----
    static final Map<Datatype, List<String>> SYMBOLS = symbols(
            Datatype.CT_STATE, List.of("invalid", "established", "related", "new", "untracked"),
            Datatype.CT_STATUS, List.of("expected", "seen-reply", "assured", "confirmed", "snat", "dnat", "dying"),
            Datatype.CT_DIRECTION, List.of("original", "reply"),
            Datatype.CT_EVENT, List.of("new", "related", "destroy", "reply", "assured", "protoinfo", "helper", "mark", "seqadj", "secmark", "label"),
            Datatype.TCP_FLAG, List.of("fin", "syn", "rst", "psh", "ack", "urg", "ecn", "cwr"),
            Datatype.ICMP_TYPE, List.of("echo-reply", "destination-unreachable", "source-quench", "redirect", "echo-request", "router-advertisement", "router-solicitation", "time-exceeded", "parameter-problem", "timestamp-request", "timestamp-reply", "info-request", "info-reply", "address-mask-request", "address-mask-reply"),
            Datatype.ICMP_CODE, List.of("net-unreachable", "host-unreachable", "prot-unreachable", "port-unreachable", "net-prohibited", "host-prohibited", "admin-prohibited", "frag-needed"),
            Datatype.ICMPV6_TYPE, List.of("destination-unreachable", "packet-too-big", "time-exceeded", "parameter-problem", "echo-request", "echo-reply", "mld-listener-query", "mld-listener-report", "mld-listener-done", "mld-listener-reduction", "nd-router-solicit", "nd-router-advert", "nd-neighbor-solicit", "nd-neighbor-advert", "nd-redirect", "router-renumbering", "ind-neighbor-solicit", "ind-neighbor-advert", "mld2-listener-report"),
            Datatype.ICMPV6_CODE, List.of("no-route", "admin-prohibited", "addr-unreachable", "port-unreachable", "policy-fail", "reject-route"),
            Datatype.ICMPX_CODE, List.of("port-unreachable", "admin-prohibited", "no-route", "host-unreachable"),
            Datatype.ETHERTYPE, List.of("ip", "arp", "ip6", "vlan", "8021q", "8021ad"),
            Datatype.PKTTYPE, List.of("host", "unicast", "broadcast", "multicast", "other"),
            Datatype.NFPROTO, List.of("ipv4", "ipv6"),
            Datatype.INET_PROTO, List.of("tcp", "udp", "udplite", "esp", "ah", "icmp", "icmpv6", "comp", "dccp", "sctp"),
            Datatype.DSCP, List.of("cs0", "cs1", "cs2", "cs3", "cs4", "cs5", "cs6", "cs7", "af11", "af12", "af13", "af21", "af22", "af23", "af31", "af32", "af33", "af41", "af42", "af43", "ef"),
            Datatype.ECN, List.of("not-ect", "ect1", "ect0", "ce"),
            Datatype.ARP_OP, List.of("request", "reply", "rrequest", "rreply", "inrequest", "inreply", "nak"),
            Datatype.IGMP_TYPE, List.of("membership-query", "membership-report-v1", "membership-report-v2", "membership-report-v3", "leave-group"),
            Datatype.DCCP_PKTTYPE, List.of("request", "response", "data", "ack", "dataack", "closereq", "close", "reset", "sync", "syncack"),
            Datatype.FIB_ADDRTYPE, List.of("unspec", "unicast", "local", "broadcast", "anycast", "multicast", "blackhole", "unreachable", "prohibit"),
            Datatype.DAY, List.of("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
            Datatype.ARPHRD, List.of("ether", "ppp", "ipip", "ipip6", "loopback", "sit", "ipgre"),
            Datatype.MH_TYPE, List.of("binding-refresh-request", "home-test-init", "careof-test-init", "home-test", "careof-test", "binding-update", "binding-acknowledgement", "binding-error", "fast-binding-update", "fast-binding-acknowledgement", "fast-binding-advertisement", "experimental-mobility-header", "home-agent-switch-message"));

    static final List<PacketField> PAYLOAD_FIELDS = List.of(
            new PacketField("ether", "daddr", Datatype.ETHER),
            new PacketField("ether", "saddr", Datatype.ETHER),
            new PacketField("ether", "type", Datatype.ETHERTYPE),
            new PacketField("vlan", "id", Datatype.INTEGER),
            new PacketField("vlan", "dei", Datatype.INTEGER),
            new PacketField("vlan", "cfi", Datatype.INTEGER),
            new PacketField("vlan", "pcp", Datatype.INTEGER),
            new PacketField("vlan", "type", Datatype.ETHERTYPE),
            new PacketField("arp", "htype", Datatype.INTEGER),
            new PacketField("arp", "ptype", Datatype.ETHERTYPE),
            new PacketField("arp", "hlen", Datatype.INTEGER),
            new PacketField("arp", "plen", Datatype.INTEGER),
            new PacketField("arp", "operation", Datatype.ARP_OP),
            new PacketField("arp", "saddr ip", Datatype.IPV4),
            new PacketField("arp", "daddr ip", Datatype.IPV4),
            new PacketField("arp", "saddr ether", Datatype.ETHER),
            new PacketField("arp", "daddr ether", Datatype.ETHER),
            new PacketField("ip", "version", Datatype.INTEGER),
            new PacketField("ip", "hdrlength", Datatype.INTEGER),
            new PacketField("ip", "dscp", Datatype.DSCP),
            new PacketField("ip", "ecn", Datatype.ECN),
            new PacketField("ip", "length", Datatype.INTEGER),
            new PacketField("ip", "id", Datatype.INTEGER),
            new PacketField("ip", "frag-off", Datatype.INTEGER),
            new PacketField("ip", "ttl", Datatype.INTEGER),
            new PacketField("ip", "protocol", Datatype.INET_PROTO),
            new PacketField("ip", "checksum", Datatype.INTEGER),
            new PacketField("ip", "saddr", Datatype.IPV4),
            new PacketField("ip", "daddr", Datatype.IPV4),
            new PacketField("icmp", "type", Datatype.ICMP_TYPE),
            new PacketField("icmp", "code", Datatype.ICMP_CODE),
            new PacketField("icmp", "checksum", Datatype.INTEGER),
            new PacketField("icmp", "id", Datatype.INTEGER),
            new PacketField("icmp", "sequence", Datatype.INTEGER),
            new PacketField("icmp", "gateway", Datatype.IPV4),
            new PacketField("icmp", "mtu", Datatype.INTEGER),
            new PacketField("igmp", "type", Datatype.IGMP_TYPE),
            new PacketField("igmp", "mrt", Datatype.INTEGER),
            new PacketField("igmp", "checksum", Datatype.INTEGER),
            new PacketField("igmp", "group", Datatype.IPV4),
            new PacketField("ip6", "version", Datatype.INTEGER),
            new PacketField("ip6", "dscp", Datatype.DSCP),
            new PacketField("ip6", "ecn", Datatype.ECN),
            new PacketField("ip6", "flowlabel", Datatype.INTEGER),
            new PacketField("ip6", "length", Datatype.INTEGER),
            new PacketField("ip6", "nexthdr", Datatype.INET_PROTO),
            new PacketField("ip6", "hoplimit", Datatype.INTEGER),
            new PacketField("ip6", "saddr", Datatype.IPV6),
            new PacketField("ip6", "daddr", Datatype.IPV6),
            new PacketField("icmpv6", "type", Datatype.ICMPV6_TYPE),
            new PacketField("icmpv6", "code", Datatype.ICMPV6_CODE),
            new PacketField("icmpv6", "checksum", Datatype.INTEGER),
            new PacketField("icmpv6", "parameter-problem", Datatype.INTEGER),
            new PacketField("icmpv6", "packet-too-big", Datatype.INTEGER),
            new PacketField("icmpv6", "id", Datatype.INTEGER),
            new PacketField("icmpv6", "sequence", Datatype.INTEGER),
            new PacketField("icmpv6", "max-delay", Datatype.INTEGER),
            new PacketField("icmpv6", "mtu", Datatype.INTEGER),
            new PacketField("icmpv6", "taddr", Datatype.IPV6),
            new PacketField("icmpv6", "daddr", Datatype.IPV6),
            new PacketField("tcp", "sport", Datatype.INTEGER),
            new PacketField("tcp", "dport", Datatype.INTEGER),
            new PacketField("tcp", "sequence", Datatype.INTEGER),
            new PacketField("tcp", "ackseq", Datatype.INTEGER),
            new PacketField("tcp", "doff", Datatype.INTEGER),
            new PacketField("tcp", "reserved", Datatype.INTEGER),
            new PacketField("tcp", "flags", Datatype.TCP_FLAG),
            new PacketField("tcp", "window", Datatype.INTEGER),
            new PacketField("tcp", "checksum", Datatype.INTEGER),
            new PacketField("tcp", "urgptr", Datatype.INTEGER),
            new PacketField("udp", "sport", Datatype.INTEGER),
            new PacketField("udp", "dport", Datatype.INTEGER),
            new PacketField("udp", "length", Datatype.INTEGER),
            new PacketField("udp", "checksum", Datatype.INTEGER),
            new PacketField("udplite", "sport", Datatype.INTEGER),
            new PacketField("udplite", "dport", Datatype.INTEGER),
            new PacketField("udplite", "csumcov", Datatype.INTEGER),
            new PacketField("udplite", "checksum", Datatype.INTEGER),
            new PacketField("sctp", "sport", Datatype.INTEGER),
            new PacketField("sctp", "dport", Datatype.INTEGER),
            new PacketField("sctp", "vtag", Datatype.INTEGER),
            new PacketField("sctp", "checksum", Datatype.INTEGER),
            new PacketField("dccp", "sport", Datatype.INTEGER),
            new PacketField("dccp", "dport", Datatype.INTEGER),
            new PacketField("dccp", "type", Datatype.DCCP_PKTTYPE),
            new PacketField("ah", "nexthdr", Datatype.INET_PROTO),
            new PacketField("ah", "hdrlength", Datatype.INTEGER),
            new PacketField("ah", "reserved", Datatype.INTEGER),
            new PacketField("ah", "spi", Datatype.INTEGER),
            new PacketField("ah", "sequence", Datatype.INTEGER),
            new PacketField("esp", "spi", Datatype.INTEGER),
            new PacketField("esp", "sequence", Datatype.INTEGER),
            new PacketField("comp", "nexthdr", Datatype.INET_PROTO),
            new PacketField("comp", "flags", Datatype.INTEGER),
            new PacketField("comp", "cpi", Datatype.INTEGER),
            new PacketField("th", "sport", Datatype.INTEGER),
            new PacketField("th", "dport", Datatype.INTEGER));

    static final List<Key> META_KEYS = List.of(
            new Key("length", Datatype.INTEGER, false, false),
            new Key("protocol", Datatype.ETHERTYPE, false, false),
            new Key("priority", Datatype.TC_HANDLE, false, false),
            new Key("random", Datatype.INTEGER, false, false),
            new Key("mark", Datatype.INTEGER, false, false),
            new Key("iif", Datatype.IFINDEX, false, false),
            new Key("oif", Datatype.IFINDEX, false, false),
            new Key("iifname", Datatype.IFNAME, false, false),
            new Key("oifname", Datatype.IFNAME, false, false),
            new Key("iiftype", Datatype.ARPHRD, false, false),
            new Key("oiftype", Datatype.ARPHRD, false, false),
            new Key("skuid", Datatype.INTEGER, true, false),
            new Key("skgid", Datatype.INTEGER, true, false),
            new Key("nftrace", Datatype.INTEGER, false, false),
            new Key("rtclassid", Datatype.REALM, false, false),
            new Key("ibrname", Datatype.IFNAME, false, false),
            new Key("obrname", Datatype.IFNAME, false, false),
            new Key("ibridgename", Datatype.IFNAME, false, false),
            new Key("obridgename", Datatype.IFNAME, false, false),
            new Key("ibriport", Datatype.IFNAME, false, false),
            new Key("obriport", Datatype.IFNAME, false, false),
            new Key("pkttype", Datatype.PKTTYPE, false, false),
            new Key("cpu", Datatype.INTEGER, false, false),
            new Key("iifgroup", Datatype.DEVGROUP, false, false),
            new Key("oifgroup", Datatype.DEVGROUP, false, false),
            new Key("cgroup", Datatype.INTEGER, false, false),
            new Key("nfproto", Datatype.NFPROTO, false, false),
            new Key("l4proto", Datatype.INET_PROTO, false, false),
            new Key("secpath", Datatype.BOOLEAN, false, false),
            // nft 1.0.6 lists secpath as "ipsec" (meta ipsec exists).
            new Key("ipsec", Datatype.BOOLEAN, false, false),
            new Key("secmark", Datatype.INTEGER, false, false),
            new Key("sdif", Datatype.IFINDEX, false, false),
            new Key("sdifname", Datatype.IFNAME, false, false),
            new Key("iifkind", Datatype.IFNAME, false, false),
            new Key("oifkind", Datatype.IFNAME, false, false),
            new Key("time", Datatype.TIME_TEXT, false, false),
            new Key("hour", Datatype.HOUR_TEXT, false, false),
            new Key("day", Datatype.DAY, false, false),
            new Key("broute", Datatype.INTEGER, false, false));

    static final List<Key> CT_KEYS = List.of(
            new Key("state", Datatype.CT_STATE, false, false),
            new Key("direction", Datatype.CT_DIRECTION, false, false),
            new Key("status", Datatype.CT_STATUS, false, false),
            new Key("mark", Datatype.INTEGER, false, false),
            new Key("expiration", Datatype.INTEGER, false, false),
            new Key("helper", Datatype.TEXT, false, false),
            new Key("l3proto", Datatype.NFPROTO, false, true),
            new Key("protocol", Datatype.INET_PROTO, false, true),
            new Key("proto-src", Datatype.INTEGER, false, true),
            new Key("proto-dst", Datatype.INTEGER, false, true),
            new Key("label", Datatype.INTEGER, false, false),
            new Key("bytes", Datatype.INTEGER, false, true),
            new Key("packets", Datatype.INTEGER, false, true),
            new Key("avgpkt", Datatype.INTEGER, false, true),
            new Key("zone", Datatype.INTEGER, false, true),
            new Key("event", Datatype.CT_EVENT, false, false),
            new Key("id", Datatype.INTEGER, false, false),
            new Key("saddr", Datatype.UNTYPED, false, true),
            new Key("daddr", Datatype.UNTYPED, false, true),
            new Key("ip saddr", Datatype.IPV4, false, true),
            new Key("ip daddr", Datatype.IPV4, false, true),
            new Key("ip6 saddr", Datatype.IPV6, false, true),
            new Key("ip6 daddr", Datatype.IPV6, false, true));

    static final List<Key> RT_KEYS = List.of(
            new Key("classid", Datatype.REALM, false, false),
            new Key("nexthop", Datatype.UNTYPED, false, false),
            new Key("mtu", Datatype.INTEGER, false, false),
            new Key("ipsec", Datatype.BOOLEAN, false, false));

    static final List<Key> SOCKET_KEYS = List.of(
            new Key("transparent", Datatype.INTEGER, false, false),
            new Key("mark", Datatype.INTEGER, false, false),
            new Key("wildcard", Datatype.INTEGER, false, false));

    static final Map<String, Datatype> SET_TYPES = orderedMap(
            "ipv4_addr", Datatype.IPV4,
            "ipv6_addr", Datatype.IPV6,
            "ether_addr", Datatype.ETHER,
            "inet_proto", Datatype.INET_PROTO,
            "inet_service", Datatype.INTEGER,
            "mark", Datatype.INTEGER,
            "ifname", Datatype.IFNAME,
            "ct_state", Datatype.CT_STATE,
            "ct_status", Datatype.CT_STATUS,
            "tcp_flag", Datatype.TCP_FLAG,
            "icmp_type", Datatype.ICMP_TYPE,
            "icmpv6_type", Datatype.ICMPV6_TYPE,
            "ether_type", Datatype.ETHERTYPE,
            "pkttype", Datatype.PKTTYPE,
            "nf_proto", Datatype.NFPROTO,
            "dscp", Datatype.DSCP,
            "ecn", Datatype.ECN,
            "day", Datatype.DAY,
            "integer", Datatype.INTEGER,
            "iface_index", Datatype.IFINDEX,
            "iface_type", Datatype.ARPHRD,
            "classid", Datatype.TC_HANDLE,
            "realm", Datatype.REALM,
            "devgroup", Datatype.DEVGROUP,
            "ct_dir", Datatype.CT_DIRECTION,
            "icmp_code", Datatype.ICMP_CODE,
            "icmpv6_code", Datatype.ICMPV6_CODE,
            "icmpx_code", Datatype.ICMPX_CODE,
            "arp_op", Datatype.ARP_OP,
            "igmp_type", Datatype.IGMP_TYPE,
            "dccp_pkttype", Datatype.DCCP_PKTTYPE,
            "mh_type", Datatype.MH_TYPE,
            "fib_addrtype", Datatype.FIB_ADDRTYPE,
            "boolean", Datatype.BOOLEAN,
            "time", Datatype.TIME_TEXT,
            "hour", Datatype.HOUR_TEXT);

    /** Besides the set types: "verdict" and named-object maps (their data are names of counters, quotas and limits). */
    static final Map<String, Datatype> MAP_ONLY_TYPES = orderedMap(
            "verdict", Datatype.VERDICT,
            "counter", Datatype.OBJECT_NAME,
            "quota", Datatype.OBJECT_NAME,
            "limit", Datatype.OBJECT_NAME);

    static final List<String> RAW_PAYLOAD_BASES = List.of("ll", "nh", "th", "ih");

    static final List<String> EXTHDR_NAMES = List.of("hbh", "rt", "rt0", "rt2", "srh", "frag", "dst", "mh");

    static final List<String> EXTHDR_FIELDS = List.of("nexthdr", "hdrlength", "type", "seg-left", "reserved", "reserved2", "frag-off", "more-fragments", "id", "addr", "last-entry", "flags", "tag", "sid", "checksum");

    static final List<String> TCP_OPTION_NAMES = List.of("eol", "nop", "maxseg", "window", "sack-perm", "sack-permitted", "sack", "sack0", "sack1", "sack2", "sack3", "timestamp", "fastopen", "md5sig", "mptcp");

    static final List<String> TCP_OPTION_FIELDS = List.of("kind", "length", "size", "count", "value", "left", "right", "tsval", "tsecr", "subtype");

    static final List<String> IP_OPTION_NAMES = List.of("lsrr", "rr", "ssrr", "ra");

    static final List<String> IPSEC_KEYS = List.of("reqid", "spi", "saddr", "daddr");

    static final List<String> IP_OPTION_FIELDS = List.of("type", "length", "value", "ptr", "addr");

    static final List<String> SCTP_CHUNK_NAMES = List.of("data", "init", "init-ack", "sack", "heartbeat", "heartbeat-ack", "abort", "shutdown", "shutdown-ack", "error", "cookie-echo", "cookie-ack", "ecne", "cwr", "shutdown-complete", "asconf-ack", "forward-tsn", "asconf");

    static final List<String> SCTP_CHUNK_FIELDS = List.of("type", "flags", "length", "tsn", "stream", "ssn", "ppid", "init-tag", "a-rwnd", "num-outbound-streams", "num-inbound-streams", "initial-tsn", "cum-tsn-ack", "num-gap-ack-blocks", "num-dup-tsns", "lowest-tsn", "seqno", "new-cum-tsn");

    /** "oif" is an interface index (resolved through the helper's route socket, helper-zig/src/lookups.zig). */
    static final List<String> FIB_RESULTS = List.of("oif", "oifname", "type");

    static final List<String> FIB_FLAGS = List.of("saddr", "daddr", "mark", "iif", "oif");

    static final List<String> CHAIN_TYPES = List.of("filter", "nat", "route");

    static final List<String> CHAIN_HOOKS = List.of("prerouting", "input", "forward", "output", "postrouting", "ingress", "egress");

    static final List<String> CHAIN_POLICIES = List.of("accept", "drop");

    static final List<String> SET_FLAGS = List.of("constant", "interval", "timeout", "dynamic");

    static final List<String> TABLE_FLAGS = List.of("dormant", "owner");

    static final List<String> LIMIT_RATE_UNITS = List.of("packets", "bytes", "kbytes", "mbytes");

    static final List<String> SET_POLICIES = List.of("performance", "memory");

    static final List<String> LIMIT_TIME_UNITS = List.of("second", "minute", "hour", "day", "week");

    static final List<String> LIMIT_UNITS = List.of("packets", "bytes");

    static final List<String> BYTE_UNITS = List.of("bytes", "kbytes", "mbytes");

    static final List<String> L3_PROTOCOLS = List.of("ip", "ip6", "inet");

    static final List<String> CT_HELPER_PROTOCOLS = List.of("tcp", "udp");

    static final List<String> CT_TIMEOUT_PROTOCOLS = List.of("tcp", "udp", "dccp", "sctp", "gre", "icmpv6", "icmp", "generic");

    static final List<String> CT_TIMEOUT_STATES = List.of("syn_sent", "syn_recv", "established", "fin_wait", "close_wait", "last_ack", "time_wait", "close", "syn_sent2", "retrans", "unack", "unreplied", "replied", "request", "respond", "partopen", "open", "closereq", "closing", "timewait", "cookie_wait", "cookie_echoed", "shutdown_sent", "shutdown_recd", "shutdown_ack_sent", "heartbeat_sent");

    static final List<String> SYNPROXY_FLAGS = List.of("timestamp", "sack-perm");

    static final List<String> FLOWTABLE_HOOKS = List.of("ingress");

    static final List<String> MATCH_OPERATORS = List.of("==", "!=", "<", ">", "<=", ">=", "in", "!");

    static final List<String> BINARY_OPERATORS = List.of("&", "|", "^", "<<", ">>");

    static final List<String> SIMPLE_VERDICTS = List.of("accept", "drop", "continue", "return");

    static final List<String> CHAIN_VERDICTS = List.of("jump", "goto");

    static final List<String> NAT_STATEMENTS = List.of("snat", "dnat", "masquerade", "redirect");

    static final List<String> NAT_FLAGS = List.of("random", "fully-random", "persistent", "netmap");

    static final List<String> NAT_TYPE_FLAGS = List.of("interval", "prefix", "concat");

    static final List<String> REJECT_TYPES = List.of("tcp reset", "icmpx", "icmp", "icmpv6");

    static final List<String> LOG_LEVELS = List.of("emerg", "alert", "crit", "err", "warn", "notice", "info", "debug", "audit");

    static final List<String> LOG_FLAGS = List.of("tcp sequence", "tcp options", "ip options", "skuid", "ether", "all");

    static final List<String> QUEUE_FLAGS = List.of("bypass", "fanout");

    static final List<String> SET_STATEMENT_OPERATIONS = List.of("add", "update", "delete");

    static final List<String> NUMGEN_MODES = List.of("inc", "random");

    static final List<String> IP_FAMILIES = List.of("ip", "ip6");
    // ---- end of generated part ----
}
