package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small JSON-building helpers for the model's records. */
final class Json {
    private Json() {}

    /** An object from key/value pairs, leaving out null values. */
    static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) if (kv[i + 1] != null) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** One flag as a string, several as an array, none omitted. */
    static Object flags(List<String> flags) {
        if (flags == null || flags.isEmpty()) return null;
        return flags.size() == 1 ? flags.get(0) : new ArrayList<>(flags);
    }

    static <T> List<T> copy(List<T> l) { return l == null ? List.of() : List.copyOf(l); }

    /** A JSON object as read by jackson-jr, its keys as strings, its order kept. */
    static Map<String, Object> stringKeys(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }

    /** A JSON value as text, nulls written ({@code {"accept":null}}). */
    static String text(Object json) {
        try {
            return Ruleset.WRITER.asString(json);
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
