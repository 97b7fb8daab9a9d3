package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.jr.ob.JSON;

/**
 * JSON equivalence for round-trip tests: integers compared as longs, object key order ignored, and
 * for flag-like keys one flag written as a string equals the same flag in a one-item array (libnftables
 * reads both forms the same way; nft prints either depending on the field).
 */
final class JsonEq {
    private static final Set<String> FLAG_KEYS = Set.of("flags", "type_flags");

    private JsonEq() {}

    static Object parse(String s) {
        try {
            return norm(JSON.std.anyFrom(s), null);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Object norm(Object o, String key) {
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : m.entrySet()) out.put((String) e.getKey(), norm(e.getValue(), (String) e.getKey()));
            return out;
        }
        if (o instanceof List<?> l) {
            if (key != null && FLAG_KEYS.contains(key) && l.size() == 1 && l.get(0) instanceof String s) return s;
            List<Object> out = new ArrayList<>();
            for (Object x : l) out.add(norm(x, null));
            return out;
        }
        if (o instanceof Number n) return n.longValue();
        return o;
    }

    static String show(Object o) {
        try {
            return JSON.std.asString(o);
        } catch (Exception e) {
            return String.valueOf(o);
        }
    }
}
