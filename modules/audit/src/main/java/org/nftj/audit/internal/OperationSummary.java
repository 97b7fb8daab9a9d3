package org.nftj.audit.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nftj.audit.FileAuditLog;
import org.nftj.audit.support.Json;

/**
 * One line per command of a canonical request body ({@code {"op":"nft","batch":{"nftables":[...]}}}),
 * e.g. {@code add rule inet app input} or {@code delete table inet app}: verb, object type, family,
 * table, then chain/name and handle when present; at most {@code 128} lines, the last then saying how
 * many more commands there were. A command that carries elements (an element change, or a set or
 * map declared with elements) also says how many and their digest, e.g.
 * {@code add element inet app blocklist (3 elements, sha256:…)}: SHA-256 of the command's
 * {@code elem} array written canonically (the audit log's JSON, members sorted). The state digests
 * cover named sets' elements by their count only (docs/audit-log.md), so these lines are the
 * record of what each change did to them. Reads plain JSON; knows nothing of validation.
 */
public final class OperationSummary {
    private OperationSummary() {}

    /**
     * Summarises a request body, one line per command.
     *
     * @param body the canonical request body, UTF-8 JSON
     * @return at most {@link FileAuditLog#MAX_ITEMS} lines; none when the body is not an {@code nft}
     *         request ({@code ?} for a command that is not one object of one member)
     */
    public static List<String> of(byte[] body) {
        List<String> out = new ArrayList<>();
        Object batch;
        try {
            batch = Json.readObject(new String(body, StandardCharsets.UTF_8)).get("batch");
        } catch (RuntimeException e) {
            return List.of();
        }
        if (!(batch instanceof Map<?, ?> b) || !(b.get("nftables") instanceof List<?> cmds)) return List.of();
        int keep = cmds.size() <= FileAuditLog.MAX_ITEMS ? cmds.size() : FileAuditLog.MAX_ITEMS - 1;
        for (Object c : cmds) {
            if (out.size() == keep) {
                out.add("... " + (cmds.size() - keep) + " more");
                break;
            }
            if (!(c instanceof Map<?, ?> cmd) || cmd.size() != 1) {
                out.add("?");
                continue;
            }
            Map.Entry<?, ?> verb = cmd.entrySet().iterator().next();
            StringBuilder s = new StringBuilder(String.valueOf(verb.getKey()));
            if (verb.getValue() instanceof Map<?, ?> objs && objs.size() == 1) {
                Map.Entry<?, ?> obj = objs.entrySet().iterator().next();
                s.append(' ').append(obj.getKey());
                if (obj.getValue() instanceof Map<?, ?> o) {
                    for (String k : List.of("family", "table", "chain", "name", "handle")) {
                        Object v = o.get(k);
                        if (v instanceof String || v instanceof Number) s.append(' ').append(v);
                    }
                    if (o.get("elem") instanceof List<?> elements) {
                        s.append(" (").append(elements.size()).append(elements.size() == 1 ? " element, " : " elements, ")
                                .append(digest(elements)).append(')');
                    }
                }
            }
            out.add(s.toString());
        }
        return out;
    }

    /** {@code sha256:<hex>} of the elements written canonically (members sorted by name, at every depth). */
    static String digest(List<?> elements) {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java SE platform", e);
        }
        try (java.io.OutputStream out = new java.security.DigestOutputStream(java.io.OutputStream.nullOutputStream(), sha)) {
            Json.JSON_CANONICAL.write(sorted(elements), out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // a null stream does not fail
        }
        return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** The value with every object's members in name order (the request's JSON is depth-bounded). */
    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            java.util.TreeMap<String, Object> out = new java.util.TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) return list.stream().map(OperationSummary::sorted).toList();
        return value;
    }
}
