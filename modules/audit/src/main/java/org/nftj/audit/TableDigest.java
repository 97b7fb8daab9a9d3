package org.nftj.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A digest of the owned tables as listed by libnftables ({@code {"nftables":[...]}} contents), for
 * the audit log's {@code digest.before}/{@code digest.after} and drift detection.
 *
 * <p>What changes with traffic is left out, so that a digest changes only when the ruleset does:
 * the {@code metainfo} entry; {@code packets} and {@code bytes} inside a {@code counter}
 * (statement or named object); {@code used} inside a {@code quota}; {@code expires} of set
 * elements. Everything else counts, including handles. Members are sorted, then the value is
 * written with the audit log's JSON and hashed: {@code sha256:<hex>}.
 */
public final class TableDigest {
    private static final Set<String> COUNTER_STATE = Set.of("packets", "bytes");

    private TableDigest() {}

    public static String of(List<?> nftables) {
        List<Object> kept = new ArrayList<>();
        for (Object o : nftables) {
            if (o instanceof Map<?, ?> m && m.containsKey("metainfo")) continue;
            kept.add(normalise(o, ""));
        }
        byte[] bytes = Json.write(kept).getBytes(StandardCharsets.US_ASCII);
        return "sha256:" + HexFormat.of().formatHex(AuditEntry.sha256(bytes));
    }

    private static Object normalise(Object o, String parentKey) {
        if (o instanceof Map<?, ?> m) {
            TreeMap<String, Object> out = new TreeMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (parentKey.equals("counter") && COUNTER_STATE.contains(k)) continue;
                if (parentKey.equals("quota") && k.equals("used")) continue;
                if (k.equals("expires")) continue;
                out.put(k, normalise(e.getValue(), k));
            }
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) out.add(normalise(x, parentKey));
            return out;
        }
        return o;
    }
}
