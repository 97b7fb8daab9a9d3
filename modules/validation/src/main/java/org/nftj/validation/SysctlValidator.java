package org.nftj.validation;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.jr.ob.JSON;

/**
 * Validates sysctl requests (docs/protocol.md "network sysctl parameters") and mints the
 * {@link ValidatedBatch} for the {@code sysctl_get} and {@code sysctl_set} ops. The rules are the
 * helper's: a name of {@link SysctlSpec}, an interface name of 1–15 printable ASCII bytes without
 * '/', ':', '*' or space and not "." or "..", a value of the parameter's type and range. The helper
 * checks all of it again and also the policy; every problem found here is reported at once.
 */
public final class SysctlValidator {
    /** Names per sysctl_get (the helper's limit). */
    public static final int NAMES_MAX = 128;
    /** Values per sysctl_set (the helper's parser allows 64 members per JSON object). */
    public static final int VALUES_MAX = 64;
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,9})");
    private static final JSON JSON_WRITER = JSON.std;

    private SysctlValidator() {}

    /**
     * A name resolved against the table: the parameter and, when interface-scoped, the interface.
     *
     * @param spec the parameter
     * @param iface the interface the name names, or "" for a parameter that is not interface-scoped
     */
    public record Resolved(SysctlSpec spec, String iface) {
        /**
         * The dotted name again, as resolved.
         *
         * @return the concrete name, e.g. {@code net.ipv4.conf.eth0.rp_filter}
         */
        public String name() { return spec.nameFor(iface); }
    }

    /**
     * Resolves a dotted name against nftj's table.
     *
     * @param name a {@code net.*} parameter's dotted name of at most 96 characters, with a valid
     *        interface name in place of {@code *} for an interface-scoped one
     * @return the parameter and interface it names
     * @throws IllegalArgumentException saying why it is not such a name (empty, too long, not
     *         {@code net.*}, a bad interface name, not in the table)
     */
    public static Resolved resolve(String name) {
        if (name == null || name.isEmpty() || name.length() > 96) throw new IllegalArgumentException("parameter name is empty or too long");
        if (!name.startsWith("net.")) throw new IllegalArgumentException("only net.* parameters are supported: " + name);
        for (SysctlSpec spec : SysctlSpec.values()) {
            String pattern = spec.pattern();
            int star = pattern.indexOf('*');
            if (star < 0) {
                if (pattern.equals(name)) return new Resolved(spec, "");
                continue;
            }
            String prefix = pattern.substring(0, star);
            String suffix = pattern.substring(star + 1);
            if (name.length() <= prefix.length() + suffix.length() || !name.startsWith(prefix) || !name.endsWith(suffix)) continue;
            String iface = name.substring(prefix.length(), name.length() - suffix.length());
            String problem = interfaceProblem(iface);
            if (problem != null) throw new IllegalArgumentException(problem + ": " + name);
            return new Resolved(spec, iface);
        }
        throw new IllegalArgumentException("unknown sysctl parameter (not in nftj's table): " + name);
    }

    /**
     * Checks an interface name as the helper does: 1 to 15 printable ASCII bytes without '/', ':',
     * '*' or space, and not "." or "..".
     *
     * @param iface the interface name, possibly null
     * @return null when {@code iface} is a valid interface name, otherwise why not, in words
     */
    public static String interfaceProblem(String iface) {
        if (iface == null || iface.isEmpty()) return "interface name is empty";
        byte[] bytes = iface.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 15) return "interface name is longer than 15 bytes";
        if (iface.equals(".") || iface.equals("..")) return "interface name may not be '.' or '..'";
        for (byte b : bytes) {
            if (b == '/') return "interface name may not contain '/'";
            if (b == ':') return "interface name may not contain ':'";
            if (b == '*') return "interface name may not contain '*'";
            if (b <= 0x20 || b >= 0x7f) return "interface name must be printable ASCII without spaces";
        }
        return null;
    }

    /**
     * Checks a value against a parameter's type and range ({@link SysctlSpec.Kind}).
     *
     * @param spec the parameter
     * @param value the value as written to /proc/sys: a decimal string of at most 32 characters
     * @return null when {@code value} is valid for {@code spec}, otherwise why not, in words
     */
    public static String valueProblem(SysctlSpec spec, String value) {
        if (value == null || value.isEmpty() || value.length() > 32) return "value is empty or too long";
        switch (spec.kind()) {
            case BOOLEAN -> {
                return value.equals("0") || value.equals("1") ? null : "value must be 0 or 1, not \"" + value + "\"";
            }
            case INTEGER -> {
                if (!INTEGER.matcher(value).matches() || value.equals("-0")) return "value must be a decimal integer, not \"" + value + "\"";
                long v = Long.parseLong(value);
                return v >= spec.min() && v <= spec.max() ? null
                        : "value " + v + " is outside " + spec.min() + ".." + spec.max();
            }
            case PORT_RANGE -> {
                int space = value.indexOf(' ');
                String shape = "value must be two ports \"LOW HIGH\" separated by one space, not \"" + value + "\"";
                if (space < 0) return shape;
                String low = value.substring(0, space);
                String high = value.substring(space + 1);
                if (!INTEGER.matcher(low).matches() || !INTEGER.matcher(high).matches()) return shape;
                long l = Long.parseLong(low);
                long h = Long.parseLong(high);
                return l >= 1 && h <= 65535 && l <= h ? null : "ports must satisfy 1 <= LOW <= HIGH <= 65535, not \"" + value + "\"";
            }
            default -> throw new IllegalStateException("unknown kind " + spec.kind());
        }
    }

    /**
     * Validates the names of a {@code sysctl_get}.
     *
     * @param names 1 to {@link #NAMES_MAX} distinct names, each one {@link #resolve(String)} takes
     * @return the read-only request, names in the order given
     * @throws ValidationException naming every bad name by its index ({@code /names/i})
     */
    public static ValidatedBatch get(List<String> names) throws ValidationException {
        List<Problem> problems = new ArrayList<>();
        List<String> canonical = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        if (names == null || names.isEmpty()) problems.add(new Problem("invalid_request", -1, "/names", "at least one name is needed"));
        else if (names.size() > NAMES_MAX) problems.add(new Problem("limit_exceeded", -1, "/names", "at most " + NAMES_MAX + " names per request"));
        else {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                try {
                    resolve(name);
                    if (!seen.add(name)) problems.add(new Problem("invalid_request", -1, "/names/" + i, "duplicate name " + name));
                    canonical.add(name);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem("invalid_request", -1, "/names/" + i, e.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) throw new ValidationException(problems);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("op", "sysctl_get");
        body.put("names", canonical);
        return ValidatedBatch.mint("sysctl_get", bytes(body), canonical.size(), false, false, List.of("sysctl_get"), Set.of());
    }

    /**
     * Validates the values of a {@code sysctl_set} (applied in iteration order).
     *
     * @param values 1 to {@link #VALUES_MAX} parameters by name, each with a value of its type and range
     * @return the mutating request
     * @throws ValidationException naming every bad name or value by its name ({@code /values/NAME})
     */
    public static ValidatedBatch set(Map<String, String> values) throws ValidationException {
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> canonical = new LinkedHashMap<>();
        if (values == null || values.isEmpty()) problems.add(new Problem("invalid_request", -1, "/values", "at least one value is needed"));
        else if (values.size() > VALUES_MAX) problems.add(new Problem("limit_exceeded", -1, "/values", "at most " + VALUES_MAX + " values per request"));
        else {
            for (Map.Entry<String, String> e : values.entrySet()) {
                String path = "/values/" + pointerEscape(String.valueOf(e.getKey()));
                try {
                    Resolved r = resolve(e.getKey());
                    String problem = valueProblem(r.spec(), e.getValue());
                    if (problem != null) problems.add(new Problem("invalid_request", -1, path, e.getKey() + ": " + problem));
                    else canonical.put(e.getKey(), e.getValue());
                } catch (IllegalArgumentException ex) {
                    problems.add(new Problem("invalid_request", -1, path, ex.getMessage()));
                }
            }
        }
        if (!problems.isEmpty()) throw new ValidationException(problems);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("op", "sysctl_set");
        body.put("values", canonical);
        return ValidatedBatch.mint("sysctl_set", bytes(body), canonical.size(), true, false, List.of("sysctl_set"), Set.of());
    }

    private static String pointerEscape(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }

    private static byte[] bytes(Map<String, Object> body) {
        return JSON_WRITER.asBytes(body);
    }
}
