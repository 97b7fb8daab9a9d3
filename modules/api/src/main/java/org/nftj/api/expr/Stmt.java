package org.nftj.api.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A statement of a rule (libnftables-json(5), "STATEMENTS"). Immutable. Readable constructors
 * for the common ones live in {@link Matches} and here; {@link NftJson#stmt(Object)} decodes one.
 */
public sealed interface Stmt permits Verdict, Stmt.Match, Stmt.Counter, Stmt.ObjectRef, Stmt.Mangle, Stmt.Limit,
        Stmt.Quota, Stmt.Log, Stmt.Reject, Stmt.Nat, Stmt.Queue, Stmt.Dup, Stmt.Fwd, Stmt.Notrack, Stmt.Synproxy,
        Stmt.Tproxy, Stmt.CtCount, Stmt.FlowOffload, Stmt.SetUpdate, Stmt.MapUpdate, Stmt.VerdictMap, Stmt.Meter, Stmt.Last,
        Stmt.Reset, Stmt.Unknown {

    /** {@return the libnftables JSON of this statement: an object with one key} */
    Map<String, Object> toJson();

    // ---- readable constructors ------------------------------------------------------------------

    /** {@return {@code accept}} */
    static Verdict accept() { return Verdict.ACCEPT; }

    /** {@return {@code drop}} */
    static Verdict drop() { return Verdict.DROP; }

    /**
     * {@code jump CHAIN}: on to the chain, and back after it.
     *
     * @param chain the chain's name
     * @return the verdict
     */
    static Verdict jump(String chain) { return Verdict.jump(chain); }

    /**
     * {@code goto CHAIN}: on to the chain, not back.
     *
     * @param chain the chain's name
     * @return the verdict
     */
    static Verdict goTo(String chain) { return Verdict.goTo(chain); }

    /** {@return {@code return}: back to the chain that jumped here} */
    static Verdict returns() { return Verdict.RETURN; }

    /** {@return an anonymous counter} */
    static Counter counter() { return Counter.NEW; }

    /**
     * {@code counter name "NAME"}: count into a named counter.
     *
     * @param name the counter's name
     * @return the statement
     */
    static ObjectRef counter(String name) { return new ObjectRef("counter", new Expr.Str(name)); }

    /**
     * {@code limit rate RATE/PER burst BURST packets}.
     *
     * @param rate packets per unit of time
     * @param per the unit of time
     * @param burst packets allowed above the rate at once
     * @return the statement
     */
    static Limit limit(long rate, Per per, long burst) { return Limit.packets(rate, per, burst); }

    /**
     * {@code limit rate RATE UNIT/PER}: a byte rate.
     *
     * @param rate bytes (in {@code unit}) per unit of time
     * @param unit the byte unit
     * @param per the unit of time
     * @return the statement
     */
    static Limit limit(long rate, ByteUnit unit, Per per) {
        return new Limit(rate, per.wire(), null, unit.wire(), null, false);
    }

    /**
     * {@code quota VALUE UNIT}: matches until that many bytes have passed.
     *
     * @param value the amount
     * @param unit its unit
     * @return the statement
     */
    static Quota quota(long value, ByteUnit unit) { return new Quota(value, unit.wire(), null, null, false); }

    /**
     * {@code log prefix "PREFIX"}.
     *
     * @param prefix the text before each logged packet
     * @return the statement
     */
    static Log log(String prefix) { return Log.prefix(prefix); }

    /** {@return {@code reject}: an ICMP(v6) port-unreachable, or a TCP reset for TCP, chosen by the kernel per family} */
    static Reject reject() { return Reject.DEFAULT; }

    /** {@return {@code notrack}: the packet skips connection tracking} */
    static Notrack notrack() { return new Notrack(); }

    /** {@return {@code masquerade}} */
    static Nat masquerade() { return new Nat("masquerade", null, null, null, List.of(), List.of()); }

    /**
     * {@code snat ip|ip6 to ADDR}: the family follows from the address.
     *
     * @param address a numeric IPv4 or IPv6 address
     * @return the statement
     * @throws IllegalArgumentException when it is not one numeric address
     */
    static Nat snat(String address) { return nat("snat", Addr.parse(address), null); }

    /**
     * {@code dnat ip|ip6 to ADDR}.
     *
     * @param address a numeric IPv4 or IPv6 address
     * @return the statement
     * @throws IllegalArgumentException when it is not one numeric address
     */
    static Nat dnat(String address) { return nat("dnat", Addr.parse(address), null); }

    /**
     * {@code dnat ip|ip6 to ADDR:PORT} (needs a transport protocol match earlier in the rule).
     *
     * @param address a numeric IPv4 or IPv6 address
     * @param port the port
     * @return the statement
     * @throws IllegalArgumentException when it is not one numeric address, or the port is not one
     */
    static Nat dnat(String address, int port) { return nat("dnat", Addr.parse(address), port); }

    /**
     * {@code snat ip|ip6 to ADDR:PORT}.
     *
     * @param address a numeric IPv4 or IPv6 address
     * @param port the port
     * @return the statement
     * @throws IllegalArgumentException when it is not one numeric address, or the port is not one
     */
    static Nat snat(String address, int port) { return nat("snat", Addr.parse(address), port); }

    /**
     * {@code redirect to :PORT}.
     *
     * @param port the local port
     * @return the statement
     * @throws IllegalArgumentException when the port is not one
     */
    static Nat redirect(int port) { return new Nat("redirect", null, null, new Expr.Num(Matches.port(port)), List.of(), List.of()); }

    private static Nat nat(String kind, Addr a, Integer port) {
        if (!a.isHost()) throw new IllegalArgumentException(kind + " needs one address, not a prefix: " + a);
        return new Nat(kind, a.protocol(), a.toExpr(), port == null ? null : new Expr.Num(Matches.port(port)), List.of(), List.of());
    }

    /**
     * {@code meta mark set N}.
     *
     * @param mark the mark
     * @return the statement
     */
    static Mangle setMark(long mark) { return new Mangle(new Expr.Meta("mark"), new Expr.Num(mark)); }

    /**
     * {@code LEFT OP RIGHT}; op is one of {@code == != < > <= >= in}, or {@code !} (none of these flags set).
     *
     * @param op the operator
     * @param left what is matched: a field
     * @param right what it is compared with: a value, a set, a range
     */
    record Match(String op, Expr left, Expr right) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks the operator and that both sides are given. */
        public Match {
            if (!List.of("==", "!=", "<", ">", "<=", ">=", "in", "!").contains(op)) {
                throw new IllegalArgumentException("match operator: " + op);
            }
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("match", JsonValues.obj("op", op, "left", left.toJson(), "right", right.toJson()));
        }
    }

    /**
     * An anonymous counter; {@code packets}/{@code bytes} are null in a request and set when listed.
     *
     * @param packets packets counted, or null
     * @param bytes bytes counted, or null
     */
    record Counter(Long packets, Long bytes) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** An anonymous counter in a request. */
        public static final Counter NEW = new Counter(null, null);
        Map<String, Object> body() { return packets == null && bytes == null ? null : JsonValues.obj("packets", packets, "bytes", bytes); }
        @Override public Map<String, Object> toJson() { return JsonValues.single("counter", body()); }
    }

    /**
     * A reference to a named stateful object: {@code counter name "c"}, {@code quota name "q"},
     * {@code limit name "l"}, {@code ct helper set "h"}, {@code ct timeout set "t"},
     * {@code ct expectation set "e"}, {@code synproxy name "s"}, {@code meta secmark set "s"}.
     * The name may also be given by a map lookup ({@code counter name ip saddr map @m}).
     *
     * @param kind the object's kind: one of {@link #KINDS}
     * @param name the object's name, or a map lookup choosing it
     */
    record ObjectRef(String kind, Expr name) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** The kinds of object a statement may name. */
        public static final List<String> KINDS =
                List.of("counter", "quota", "limit", "ct helper", "ct timeout", "ct expectation", "synproxy", "secmark");
        /** Checks the kind and that the name is given. */
        public ObjectRef {
            if (!KINDS.contains(kind)) throw new IllegalArgumentException("object kind: " + kind);
            Objects.requireNonNull(name, "name");
        }
        @Override public Map<String, Object> toJson() { return JsonValues.single(kind, name.toJson()); }
    }

    /**
     * {@code KEY set VALUE}: payload, meta, ct, exthdr or tcp option mangling.
     *
     * @param key what is set
     * @param value its new value
     */
    record Mangle(Expr key, Expr value) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that key and value are given. */
        public Mangle { Objects.requireNonNull(key, "key"); Objects.requireNonNull(value, "value"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("mangle", JsonValues.obj("key", key.toJson(), "value", value.toJson()));
        }
    }

    /**
     * {@code limit rate [over] RATE/PER [burst B]}; {@code rateUnit}/{@code burstUnit} are null for
     * packets or a byte unit ({@code bytes}, {@code kbytes}, {@code mbytes}).
     *
     * @param rate how many packets (or bytes) per {@code per}
     * @param per the time unit: {@code second}, {@code minute}, …
     * @param burst how many above the rate are let through at once, or null
     * @param rateUnit null for packets, or a byte unit
     * @param burstUnit the burst's byte unit, or null
     * @param over whether it matches above the rate rather than within it
     */
    record Limit(long rate, String per, Long burst, String rateUnit, String burstUnit, boolean over) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that the time unit is given. */
        public Limit { Objects.requireNonNull(per, "per"); }
        /**
         * {@code limit rate RATE/PER burst BURST packets}.
         *
         * @param rate packets per unit of time
         * @param per the unit of time
         * @param burst packets allowed above the rate at once
         * @return the statement
         */
        public static Limit packets(long rate, Per per, long burst) { return new Limit(rate, per.wire(), burst, null, null, false); }
        /** {@return the same limit matching above the rate ({@code limit rate over})} */
        public Limit overRate() { return new Limit(rate, per, burst, rateUnit, burstUnit, true); }
        Map<String, Object> body() {
            return JsonValues.obj("rate", rate, "burst", burst, "per", per, "inv", over ? Boolean.TRUE : null,
                    "rate_unit", rateUnit, "burst_unit", burstUnit);
        }
        @Override public Map<String, Object> toJson() { return JsonValues.single("limit", body()); }
    }

    /**
     * {@code quota [over] VAL UNIT [used U UNIT]}.
     *
     * @param value the amount
     * @param valueUnit its byte unit
     * @param used the amount used so far, when listed; or null
     * @param usedUnit its byte unit, or null
     * @param over whether it matches once the quota is exceeded rather than until then
     */
    record Quota(long value, String valueUnit, Long used, String usedUnit, boolean over) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("quota", JsonValues.obj("val", value, "val_unit", valueUnit, "used", used, "used_unit", usedUnit,
                    "inv", over ? Boolean.TRUE : null));
        }
    }

    /**
     * {@code log [prefix P] [level L] [group G] [snaplen S] [queue-threshold Q] [flags F]}.
     *
     * @param prefix the text before each logged packet, or null
     * @param level the syslog level, or null
     * @param group the nflog group, or null
     * @param snaplen bytes of the packet copied to nflog, or null
     * @param queueThreshold packets queued in the kernel before nflog gets them, or null
     * @param flags what is logged besides: {@code tcp sequence}, {@code ip options}, {@code skuid}, {@code ether}, {@code all}
     */
    record Log(String prefix, String level, Long group, Long snaplen, Long queueThreshold, List<String> flags)
            implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Copies the flags. */
        public Log { flags = flags == null ? List.of() : List.copyOf(flags); }
        /**
         * {@code log prefix "PREFIX"}.
         *
         * @param prefix the text before each logged packet
         * @return the statement
         */
        public static Log prefix(String prefix) { return new Log(prefix, null, null, null, null, List.of()); }
        /**
         * The same log statement at a syslog level.
         *
         * @param l the syslog level
         * @return the same log statement at this level
         */
        public Log withLevel(LogLevel l) { return new Log(prefix, l.wire(), group, snaplen, queueThreshold, flags); }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> m = JsonValues.obj("prefix", prefix, "group", group, "snaplen", snaplen,
                    "queue-threshold", queueThreshold, "level", level, "flags", JsonValues.flagsJson(flags));
            return JsonValues.single("log", m.isEmpty() ? null : m);
        }
    }

    /**
     * {@code reject [with TYPE EXPR]}: type {@code tcp reset}, {@code icmp}, {@code icmpv6}, {@code icmpx}.
     *
     * @param type the reply's type, or null for the kernel's choice
     * @param expr the ICMP code, or null
     */
    record Reject(String type, Expr expr) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** {@code reject}, the kernel choosing the reply. */
        public static final Reject DEFAULT = new Reject(null, null);
        @Override public Map<String, Object> toJson() {
            Map<String, Object> m = JsonValues.obj("type", type, "expr", expr == null ? null : expr.toJson());
            return JsonValues.single("reject", m.isEmpty() ? null : m);
        }
    }

    /**
     * Network address translation: {@code kind} is snat, dnat, masquerade or redirect; {@code family}
     * (ip, ip6) says which address family {@code addr} belongs to in an inet table; {@code port} a
     * port, range or map; flags random, fully-random, persistent, netmap; typeFlags prefix (for
     * {@code snat ip prefix to}).
     *
     * @param kind snat, dnat, masquerade or redirect
     * @param family {@code ip} or {@code ip6}, or null
     * @param addr the address, range, prefix or map; or null
     * @param port the port, range or map; or null
     * @param flags random, fully-random, persistent, netmap
     * @param typeFlags {@code prefix}, or none
     */
    record Nat(String kind, String family, Expr addr, Expr port, List<String> flags, List<String> typeFlags)
            implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks the kind; copies the flags. */
        public Nat {
            if (!List.of("snat", "dnat", "masquerade", "redirect").contains(kind)) throw new IllegalArgumentException("nat kind: " + kind);
            flags = flags == null ? List.of() : List.copyOf(flags);
            typeFlags = typeFlags == null ? List.of() : List.copyOf(typeFlags);
        }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> m = JsonValues.obj("family", family, "addr", addr == null ? null : addr.toJson(),
                    "port", port == null ? null : port.toJson(), "flags", JsonValues.flagsJson(flags),
                    "type_flags", JsonValues.flagsJson(typeFlags));
            return JsonValues.single(kind, m.isEmpty() ? null : m);
        }
    }

    /**
     * {@code queue [num N|range|expr] [flags bypass,fanout]}.
     *
     * @param num the queue's number, a range of them, or an expression choosing one; or null for 0
     * @param flags {@code bypass}, {@code fanout}
     */
    record Queue(Expr num, List<String> flags) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Copies the flags. */
        public Queue { flags = flags == null ? List.of() : List.copyOf(flags); }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> m = JsonValues.obj("num", num == null ? null : num.toJson(), "flags", JsonValues.flagsJson(flags));
            return JsonValues.single("queue", m.isEmpty() ? null : m);
        }
    }

    /**
     * {@code dup to ADDR [device DEV]} (in netdev: {@code dup to DEV}).
     *
     * @param addr the address the copy is sent to (in netdev: the device)
     * @param dev the device it leaves by, or null
     */
    record Dup(Expr addr, Expr dev) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that the address is given. */
        public Dup { Objects.requireNonNull(addr, "addr"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("dup", JsonValues.obj("addr", addr.toJson(), "dev", dev == null ? null : dev.toJson()));
        }
    }

    /**
     * {@code fwd [ip|ip6 to ADDR] to DEV} (netdev).
     *
     * @param dev the device
     * @param family {@code ip} or {@code ip6} with an address, or null
     * @param addr the next hop's address, or null
     */
    record Fwd(Expr dev, String family, Expr addr) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that the device is given. */
        public Fwd { Objects.requireNonNull(dev, "dev"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("fwd", JsonValues.obj("dev", dev.toJson(), "family", family, "addr", addr == null ? null : addr.toJson()));
        }
    }

    /** {@code notrack}. */
    record Notrack() implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() { return JsonValues.single("notrack", null); }
    }

    /**
     * {@code synproxy [mss M] [wscale W] [timestamp] [sack-perm]}.
     *
     * @param mss the maximum segment size announced, or null
     * @param wscale the window scale announced, or null
     * @param flags {@code timestamp}, {@code sack-perm}
     */
    record Synproxy(Long mss, Long wscale, List<String> flags) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Copies the flags. */
        public Synproxy { flags = flags == null ? List.of() : List.copyOf(flags); }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> m = JsonValues.obj("mss", mss, "wscale", wscale, "flags", JsonValues.flagsJson(flags));
            return JsonValues.single("synproxy", m.isEmpty() ? null : m);
        }
    }

    /**
     * {@code tproxy [ip|ip6] to [ADDR][:PORT]}.
     *
     * @param family {@code ip} or {@code ip6}, or null
     * @param addr the local address, or null
     * @param port the local port, or null
     */
    record Tproxy(String family, Expr addr, Expr port) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("tproxy", JsonValues.obj("family", family, "addr", addr == null ? null : addr.toJson(),
                    "port", port == null ? null : port.toJson()));
        }
    }

    /**
     * {@code ct count [over] N}: a connection limit.
     *
     * @param value the number of connections
     * @param over whether it matches above that number rather than up to it
     */
    record CtCount(long value, boolean over) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("ct count", JsonValues.obj("val", value, "inv", over ? Boolean.TRUE : null));
        }
    }

    /**
     * {@code flow add @FLOWTABLE}.
     *
     * @param op {@code add}
     * @param flowtable the flowtable's name, without the {@code @}
     */
    record FlowOffload(String op, String flowtable) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that both fields are given. */
        public FlowOffload { Objects.requireNonNull(op, "op"); Objects.requireNonNull(flowtable, "flowtable"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("flow", JsonValues.obj("op", op, "flowtable", "@" + flowtable));
        }
    }

    /**
     * {@code add|update|delete @SET { ELEM [stmts] }}: the dynamic-set statement.
     *
     * @param op {@code add}, {@code update} or {@code delete}
     * @param elem the element, built from the packet
     * @param set the set's name, without the {@code @}
     * @param stmts statements attached to the element (a counter, a limit)
     */
    record SetUpdate(String op, Expr elem, String set, List<Stmt> stmts) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that op, element and set are given; copies the statements. */
        public SetUpdate {
            Objects.requireNonNull(op, "op"); Objects.requireNonNull(elem, "elem"); Objects.requireNonNull(set, "set");
            stmts = stmts == null ? List.of() : List.copyOf(stmts);
        }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("set", JsonValues.obj("op", op, "elem", elem.toJson(), "set", "@" + set,
                    "stmt", stmts.isEmpty() ? null : stmtList(stmts)));
        }
    }

    /**
     * {@code add|update @MAP { KEY : DATA }}: the dynamic-map statement.
     *
     * @param op {@code add} or {@code update}
     * @param elem the key, built from the packet
     * @param data the data
     * @param map the map's name, without the {@code @}
     * @param stmts statements attached to the element
     */
    record MapUpdate(String op, Expr elem, Expr data, String map, List<Stmt> stmts) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that op, key, data and map are given; copies the statements. */
        public MapUpdate {
            Objects.requireNonNull(op, "op"); Objects.requireNonNull(elem, "elem");
            Objects.requireNonNull(data, "data"); Objects.requireNonNull(map, "map");
            stmts = stmts == null ? List.of() : List.copyOf(stmts);
        }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("map", JsonValues.obj("op", op, "elem", elem.toJson(), "data", data.toJson(), "map", "@" + map,
                    "stmt", stmts.isEmpty() ? null : stmtList(stmts)));
        }
    }

    /**
     * {@code KEY vmap DATA}: jump to the verdict the key maps to.
     *
     * @param key what is looked up
     * @param data the verdict map: a named map's reference or an anonymous map
     */
    record VerdictMap(Expr key, Expr data) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that key and map are given. */
        public VerdictMap { Objects.requireNonNull(key, "key"); Objects.requireNonNull(data, "data"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("vmap", JsonValues.obj("key", key.toJson(), "data", data.toJson()));
        }
    }

    /**
     * {@code meter NAME [size N] { KEY STMT }}: a dynamic set created by the rule, as nft lists it
     * (nft 1.0.6 writes {@code meter} for a set statement on an anonymous dynamic set).
     *
     * @param name the meter's name
     * @param key the key, built from the packet
     * @param stmt the statement applied per key (a limit)
     * @param size the most keys it holds, or null
     */
    record Meter(String name, Expr key, Stmt stmt, Long size) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that name, key and statement are given. */
        public Meter {
            Objects.requireNonNull(name, "name"); Objects.requireNonNull(key, "key"); Objects.requireNonNull(stmt, "stmt");
        }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("meter", JsonValues.obj("key", key.toJson(), "stmt", stmt.toJson(), "size", size, "name", name));
        }
    }

    /**
     * {@code last [used N]}: when the rule last matched (milliseconds ago; null when never or in a request).
     *
     * @param used milliseconds since the rule last matched, or null
     */
    record Last(Long used) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("last", used == null ? null : JsonValues.obj("used", used));
        }
    }

    /**
     * {@code reset tcp option NAME}: strip an option (the expression names it).
     *
     * @param expr the option
     */
    record Reset(Expr expr) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        /** Checks that the option is given. */
        public Reset { Objects.requireNonNull(expr, "expr"); }
        @Override public Map<String, Object> toJson() { return JsonValues.single("reset", expr.toJson()); }
    }

    /**
     * A statement this version does not model: kept as JSON and written back unchanged. Something
     * that is not even an object where a statement belongs (nft 1.0.6 lists the dynamic map
     * statement as its text, a string) is held as {@code {"unknown": VALUE}}; {@link #original()}
     * gives it back as it was.
     *
     * @param json the JSON as read
     */
    record Unknown(Map<String, Object> json) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override @SuppressWarnings("unchecked")
        public Map<String, Object> toJson() { return (Map<String, Object>) NftJson.copy(json); }

        /** {@return the JSON as it was read: the object, or the non-object value it wraps} */
        public Object original() {
            return json.size() == 1 && json.containsKey("unknown") && !(json.get("unknown") instanceof Map<?, ?>)
                    ? NftJson.copy(json.get("unknown")) : toJson();
        }
    }

    /** The JSON of each statement, in order. */
    private static List<Object> stmtList(List<Stmt> stmts) {
        List<Object> out = new ArrayList<>(stmts.size());
        for (Stmt s : stmts) out.add(s.toJson());
        return out;
    }
}
