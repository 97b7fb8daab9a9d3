package org.nftj.api.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How the expression and statement records write their libnftables JSON (not part of the api). */
final class JsonValues {
    private JsonValues() {}

    /** The JSON of each item, in order. */
    static List<Object> list(List<? extends Expr> items) {
        List<Object> out = new ArrayList<>(items.size());
        for (Expr e : items) out.add(e.toJson());
        return out;
    }

    /** {@code {key: value}}, keeping a null value (libnftables writes {@code {"accept": null}}). */
    static Map<String, Object> single(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put(key, value);
        return m;
    }

    /** An object from key/value pairs, leaving out null values. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** Flags as libnftables reads them: one flag as a string, several as an array, none omitted. */
    static Object flagsJson(List<String> flags) {
        if (flags == null || flags.isEmpty()) return null;
        return flags.size() == 1 ? flags.get(0) : new ArrayList<>(flags);
    }
}
