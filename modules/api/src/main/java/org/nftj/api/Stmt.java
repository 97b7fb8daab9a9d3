package org.nftj.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One statement of a rule, as libnftables JSON. */
public interface Stmt {
    Map<String, Object> toJson();

    static Stmt accept() { return () -> single("accept", null); }

    static Stmt drop() { return () -> single("drop", null); }

    static Stmt counter() { return () -> single("counter", null); }

    /** {@code tcp dport PORT}. */
    static Stmt tcpDport(int port) { return match(payload("tcp", "dport"), port); }

    /** {@code ip saddr @SET}. */
    static Stmt ipSaddrIn(String set) { return match(payload("ip", "saddr"), "@" + set); }

    static Map<String, Object> payload(String protocol, String field) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("protocol", protocol);
        p.put("field", field);
        return single("payload", p);
    }

    static Stmt match(Object left, Object right) {
        return () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("op", "==");
            m.put("left", left);
            m.put("right", right);
            return single("match", m);
        };
    }

    private static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    /** Convenience for tests and presets: a list of statements. */
    static List<Stmt> of(Stmt... s) { return List.of(s); }
}
