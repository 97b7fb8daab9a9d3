package org.nftj.audit.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.nftj.audit.support.Json;

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
        MessageDigest sha = sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
            Json.JSON_CANONICAL.write(kept, out); // streamed: a large listing is never one String
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a null stream does not fail
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java SE platform", e);
        }
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
