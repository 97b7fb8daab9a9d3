package org.nftj.validation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Checks one command of a batch; collects problems instead of stopping at the first. */
final class CommandCheck {
    private final int index;
    private final List<Problem> problems;
    private final Set<TableRef> tables;

    CommandCheck(int index, List<Problem> problems, Set<TableRef> tables) {
        this.index = index;
        this.problems = problems;
        this.tables = tables;
    }

    /** Returns the verb when the command's shape is right enough to name one. */
    String command(Object command) {
        if (!(command instanceof Map<?, ?> m) || m.size() != 1) {
            fail("invalid_request", "", "a command is an object with exactly one verb, e.g. {\"add\": {...}}");
            return null;
        }
        Map.Entry<?, ?> e = m.entrySet().iterator().next();
        String verb = String.valueOf(e.getKey());
        if (!Rules.VERBS.contains(verb)) {
            fail("invalid_request", "/" + verb, "unknown command '" + printable(verb) + "'; known: " + Rules.VERBS);
            return null;
        }
        if (!(e.getValue() instanceof Map<?, ?> body) || body.size() != 1) {
            fail("invalid_request", "/" + verb, "'" + verb + "' takes an object with exactly one object kind");
            return verb;
        }
        Map.Entry<?, ?> o = body.entrySet().iterator().next();
        String kind = String.valueOf(o.getKey());
        String path = "/" + verb + "/" + kind;
        if (!Rules.OBJECTS.contains(kind)) {
            fail("invalid_request", path, "unknown object '" + printable(kind) + "'");
            return verb;
        }
        if (kind.equals("ruleset") || kind.equals("tables")) {
            if (o.getValue() != null) fail("invalid_request", path, "'" + kind + "' takes null");
            return verb;
        }
        if (!(o.getValue() instanceof Map<?, ?> fields)) {
            fail("invalid_request", path, "'" + kind + "' must be an object");
            return verb;
        }
        table(kind, fields, path);
        values(fields, path, 0);
        return verb;
    }

    private void table(String kind, Map<?, ?> fields, String path) {
        Object family = fields.get("family");
        Object table = kind.equals("table") ? fields.get("name") : fields.get("table");
        if (!(family instanceof String f) || !Rules.FAMILIES.contains(f)) {
            fail("invalid_request", path + "/family", "family must be one of " + Rules.FAMILIES);
            return;
        }
        if (!(table instanceof String t)) {
            fail("invalid_request", path + (kind.equals("table") ? "/name" : "/table"), "the table name is missing");
            return;
        }
        if (name(t, path + (kind.equals("table") ? "/name" : "/table"))) {
            tables.add(new TableRef(f, t));
        }
    }

    private boolean name(String s, String path) {
        int bytes = s.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > Rules.NAME_BYTES_MAX) {
            fail("invalid_request", path, "a name must be 1 to " + Rules.NAME_BYTES_MAX + " bytes");
            return false;
        }
        if (s.startsWith("@") || s.equals("*") || !s.chars().allMatch(c -> c == '_' || c == '-' || c == '.'
                || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
            fail("invalid_request", path, "a name may hold only letters, digits, '_', '-' and '.': '" + printable(s) + "'");
            return false;
        }
        return true;
    }

    private void values(Object v, String path, int depth) {
        if (depth > Rules.DEPTH_MAX) {
            fail("invalid_json", path, "nested deeper than " + Rules.DEPTH_MAX);
            return;
        }
        switch (v) {
            case Map<?, ?> m -> m.forEach((k, x) -> values(x, path + "/" + k, depth + 1));
            case List<?> l -> {
                for (int i = 0; i < l.size(); i++) values(l.get(i), path + "/" + i, depth + 1);
            }
            case String s -> {
                if (s.getBytes(StandardCharsets.UTF_8).length > Rules.STRING_BYTES_MAX) {
                    fail("limit_exceeded", path, "string longer than " + Rules.STRING_BYTES_MAX + " bytes");
                } else if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    fail("invalid_request", path, "control characters are not allowed: '" + printable(s) + "'");
                }
            }
            case Number n -> {
                if (!(n instanceof Integer || n instanceof Long) || n.longValue() < 0 || n.longValue() > Rules.INTEGER_MAX) {
                    fail("invalid_request", path, "numbers must be integers from 0 to 2^53-1, not " + n);
                }
            }
            case Boolean b -> { }
            case null -> { } // libnftables writes argument-less statements as {"accept": null}
            default -> fail("invalid_request", path, "unexpected value " + v.getClass().getSimpleName());
        }
    }

    private void fail(String code, String path, String message) {
        problems.add(new Problem(code, index, path, message));
    }

    /** Escapes what a terminal or log would interpret. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 80));
        s.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f || c == '\\') b.append(String.format("\\u%04x", c));
            else b.appendCodePoint(c);
        });
        if (s.length() > 80) b.append("...");
        return b.toString();
    }
}
