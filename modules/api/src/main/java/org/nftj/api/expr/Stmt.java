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

    /** The libnftables JSON of this statement: an object with one key. */
    Map<String, Object> toJson();

    // ---- readable constructors ------------------------------------------------------------------

    static Verdict accept() { return Verdict.ACCEPT; }

    static Verdict drop() { return Verdict.DROP; }

    static Verdict jump(String chain) { return Verdict.jump(chain); }

    static Verdict goTo(String chain) { return Verdict.goTo(chain); }

    static Verdict returns() { return Verdict.RETURN; }

    /** An anonymous counter. */
    static Counter counter() { return Counter.NEW; }

    /** {@code counter name "NAME"}: count into a named counter. */
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

    static Log log(String prefix) { return Log.prefix(prefix); }

    /** {@code reject}: an ICMP(v6) port-unreachable, or a TCP reset for TCP, chosen by the kernel per family. */
    static Reject reject() { return Reject.DEFAULT; }

    static Notrack notrack() { return new Notrack(); }

    /** {@code masquerade}. */
    static Nat masquerade() { return new Nat("masquerade", null, null, null, List.of(), List.of()); }

    /** {@code snat ip|ip6 to ADDR}: the family follows from the address. */
    static Nat snat(String address) { return nat("snat", Addr.parse(address), null); }

    /** {@code dnat ip|ip6 to ADDR}. */
    static Nat dnat(String address) { return nat("dnat", Addr.parse(address), null); }

    /** {@code dnat ip|ip6 to ADDR:PORT} (needs a transport protocol match earlier in the rule). */
    static Nat dnat(String address, int port) { return nat("dnat", Addr.parse(address), port); }

    /** {@code snat ip|ip6 to ADDR:PORT}. */
    static Nat snat(String address, int port) { return nat("snat", Addr.parse(address), port); }

    /** {@code redirect to :PORT}. */
    static Nat redirect(int port) { return new Nat("redirect", null, null, new Expr.Num(Matches.port(port)), List.of(), List.of()); }

    private static Nat nat(String kind, Addr a, Integer port) {
        if (!a.isHost()) throw new IllegalArgumentException(kind + " needs one address, not a prefix: " + a);
        return new Nat(kind, a.protocol(), a.toExpr(), port == null ? null : new Expr.Num(Matches.port(port)), List.of(), List.of());
    }

    /** {@code meta mark set N}. */
    static Mangle setMark(long mark) { return new Mangle(new Expr.Meta("mark"), new Expr.Num(mark)); }

    /** {@code LEFT OP RIGHT}; op is one of {@code == != < > <= >= in}, or {@code !} (none of these flags set). */
    record Match(String op, Expr left, Expr right) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
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

    /** An anonymous counter; {@code packets}/{@code bytes} are null in a request and set when listed. */
    record Counter(Long packets, Long bytes) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public static final Counter NEW = new Counter(null, null);
        Map<String, Object> body() { return packets == null && bytes == null ? null : JsonValues.obj("packets", packets, "bytes", bytes); }
        @Override public Map<String, Object> toJson() { return JsonValues.single("counter", body()); }
    }

    /**
     * A reference to a named stateful object: {@code counter name "c"}, {@code quota name "q"},
     * {@code limit name "l"}, {@code ct helper set "h"}, {@code ct timeout set "t"},
     * {@code ct expectation set "e"}, {@code synproxy name "s"}, {@code meta secmark set "s"}.
     * The name may also be given by a map lookup ({@code counter name ip saddr map @m}).
     */
    record ObjectRef(String kind, Expr name) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public static final List<String> KINDS =
                List.of("counter", "quota", "limit", "ct helper", "ct timeout", "ct expectation", "synproxy", "secmark");
        public ObjectRef {
            if (!KINDS.contains(kind)) throw new IllegalArgumentException("object kind: " + kind);
            Objects.requireNonNull(name, "name");
        }
        @Override public Map<String, Object> toJson() { return JsonValues.single(kind, name.toJson()); }
    }

    /** {@code KEY set VALUE}: payload, meta, ct, exthdr or tcp option mangling. */
    record Mangle(Expr key, Expr value) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Mangle { Objects.requireNonNull(key, "key"); Objects.requireNonNull(value, "value"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("mangle", JsonValues.obj("key", key.toJson(), "value", value.toJson()));
        }
    }

    /**
     * {@code limit rate [over] RATE/PER [burst B]}; {@code rateUnit}/{@code burstUnit} are null for
     * packets or a byte unit ({@code bytes}, {@code kbytes}, {@code mbytes}).
     */
    record Limit(long rate, String per, Long burst, String rateUnit, String burstUnit, boolean over) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Limit { Objects.requireNonNull(per, "per"); }
        public static Limit packets(long rate, Per per, long burst) { return new Limit(rate, per.wire(), burst, null, null, false); }
        public Limit overRate() { return new Limit(rate, per, burst, rateUnit, burstUnit, true); }
        Map<String, Object> body() {
            return JsonValues.obj("rate", rate, "burst", burst, "per", per, "inv", over ? Boolean.TRUE : null,
                    "rate_unit", rateUnit, "burst_unit", burstUnit);
        }
        @Override public Map<String, Object> toJson() { return JsonValues.single("limit", body()); }
    }

    /** {@code quota [over] VAL UNIT [used U UNIT]}. */
    record Quota(long value, String valueUnit, Long used, String usedUnit, boolean over) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("quota", JsonValues.obj("val", value, "val_unit", valueUnit, "used", used, "used_unit", usedUnit,
                    "inv", over ? Boolean.TRUE : null));
        }
    }

    /** {@code log [prefix P] [level L] [group G] [snaplen S] [queue-threshold Q] [flags F]}. */
    record Log(String prefix, String level, Long group, Long snaplen, Long queueThreshold, List<String> flags)
            implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Log { flags = flags == null ? List.of() : List.copyOf(flags); }
        public static Log prefix(String prefix) { return new Log(prefix, null, null, null, null, List.of()); }
        /**
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

    /** {@code reject [with TYPE EXPR]}: type {@code tcp reset}, {@code icmp}, {@code icmpv6}, {@code icmpx}. */
    record Reject(String type, Expr expr) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
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
     */
    record Nat(String kind, String family, Expr addr, Expr port, List<String> flags, List<String> typeFlags)
            implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
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

    /** {@code queue [num N|range|expr] [flags bypass,fanout]}. */
    record Queue(Expr num, List<String> flags) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Queue { flags = flags == null ? List.of() : List.copyOf(flags); }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> m = JsonValues.obj("num", num == null ? null : num.toJson(), "flags", JsonValues.flagsJson(flags));
            return JsonValues.single("queue", m.isEmpty() ? null : m);
        }
    }

    /** {@code dup to ADDR [device DEV]} (in netdev: {@code dup to DEV}). */
    record Dup(Expr addr, Expr dev) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Dup { Objects.requireNonNull(addr, "addr"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("dup", JsonValues.obj("addr", addr.toJson(), "dev", dev == null ? null : dev.toJson()));
        }
    }

    /** {@code fwd [ip|ip6 to ADDR] to DEV} (netdev). */
    record Fwd(Expr dev, String family, Expr addr) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
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

    /** {@code synproxy [mss M] [wscale W] [timestamp] [sack-perm]}. */
    record Synproxy(Long mss, Long wscale, List<String> flags) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Synproxy { flags = flags == null ? List.of() : List.copyOf(flags); }
        @Override public Map<String, Object> toJson() {
            Map<String, Object> m = JsonValues.obj("mss", mss, "wscale", wscale, "flags", JsonValues.flagsJson(flags));
            return JsonValues.single("synproxy", m.isEmpty() ? null : m);
        }
    }

    /** {@code tproxy [ip|ip6] to [ADDR][:PORT]}. */
    record Tproxy(String family, Expr addr, Expr port) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("tproxy", JsonValues.obj("family", family, "addr", addr == null ? null : addr.toJson(),
                    "port", port == null ? null : port.toJson()));
        }
    }

    /** {@code ct count [over] N}: a connection limit. */
    record CtCount(long value, boolean over) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("ct count", JsonValues.obj("val", value, "inv", over ? Boolean.TRUE : null));
        }
    }

    /** {@code flow add @FLOWTABLE}. */
    record FlowOffload(String op, String flowtable) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public FlowOffload { Objects.requireNonNull(op, "op"); Objects.requireNonNull(flowtable, "flowtable"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("flow", JsonValues.obj("op", op, "flowtable", "@" + flowtable));
        }
    }

    /** {@code add|update|delete @SET { ELEM [stmts] }}: the dynamic-set statement. */
    record SetUpdate(String op, Expr elem, String set, List<Stmt> stmts) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public SetUpdate {
            Objects.requireNonNull(op, "op"); Objects.requireNonNull(elem, "elem"); Objects.requireNonNull(set, "set");
            stmts = stmts == null ? List.of() : List.copyOf(stmts);
        }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("set", JsonValues.obj("op", op, "elem", elem.toJson(), "set", "@" + set,
                    "stmt", stmts.isEmpty() ? null : stmtList(stmts)));
        }
    }

    /** {@code add|update @MAP { KEY : DATA }}: the dynamic-map statement. */
    record MapUpdate(String op, Expr elem, Expr data, String map, List<Stmt> stmts) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
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

    /** {@code KEY vmap DATA}: jump to the verdict the key maps to. */
    record VerdictMap(Expr key, Expr data) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public VerdictMap { Objects.requireNonNull(key, "key"); Objects.requireNonNull(data, "data"); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("vmap", JsonValues.obj("key", key.toJson(), "data", data.toJson()));
        }
    }

    /**
     * {@code meter NAME [size N] { KEY STMT }}: a dynamic set created by the rule, as nft lists it
     * (nft 1.0.6 writes {@code meter} for a set statement on an anonymous dynamic set).
     */
    record Meter(String name, Expr key, Stmt stmt, Long size) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Meter {
            Objects.requireNonNull(name, "name"); Objects.requireNonNull(key, "key"); Objects.requireNonNull(stmt, "stmt");
        }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("meter", JsonValues.obj("key", key.toJson(), "stmt", stmt.toJson(), "size", size, "name", name));
        }
    }

    /** {@code last [used N]}: when the rule last matched (milliseconds ago; null when never or in a request). */
    record Last(Long used) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override public Map<String, Object> toJson() {
            return JsonValues.single("last", used == null ? null : JsonValues.obj("used", used));
        }
    }

    /** {@code reset tcp option NAME}: strip an option (the expression names it). */
    record Reset(Expr expr) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        public Reset { Objects.requireNonNull(expr, "expr"); }
        @Override public Map<String, Object> toJson() { return JsonValues.single("reset", expr.toJson()); }
    }

    /**
     * A statement this version does not model: kept as JSON and written back unchanged. Something
     * that is not even an object where a statement belongs (nft 1.0.6 lists the dynamic map
     * statement as its text, a string) is held as {@code {"unknown": VALUE}}; {@link #original()}
     * gives it back as it was.
     */
    record Unknown(Map<String, Object> json) implements Stmt {
        /** In nft syntax. */
        @Override public String toString() { return Syntax.statement(this); }
        @Override @SuppressWarnings("unchecked")
        public Map<String, Object> toJson() { return (Map<String, Object>) NftJson.copy(json); }

        /** The JSON as it was read: the object, or the non-object value it wraps. */
        public Object original() {
            return json.size() == 1 && json.containsKey("unknown") && !(json.get("unknown") instanceof Map<?, ?>)
                    ? NftJson.copy(json.get("unknown")) : toJson();
        }
    }

    static List<Object> stmtList(List<Stmt> stmts) {
        List<Object> out = new ArrayList<>(stmts.size());
        for (Stmt s : stmts) out.add(s.toJson());
        return out;
    }
}
