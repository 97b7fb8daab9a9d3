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
 * many more commands there were. Reads plain JSON; knows nothing of validation.
 */
public final class OperationSummary {
    private OperationSummary() {}

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
                }
            }
            out.add(s.toString());
        }
        return out;
    }
}
