package org.nftj.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Element lists longer than the helper takes in one command ({@link Schema#ELEMENTS_MAX}), cut
 * into several commands of the same batch, so a document of a million elements is still one
 * transaction (docs/protocol.md, "Requests larger than a frame"):
 * <ul>
 * <li>{@code add|create|delete element} with N elements: the same command for each chunk of
 *     {@link #CHUNK} elements;</li>
 * <li>{@code add|create set|map} declaring its elements: the declaration with the first chunk,
 *     then {@code add element} for each further chunk (the set is new or gains elements either
 *     way; a set with flag {@code constant} takes elements only in its declaration and is left
 *     whole, for the limit to refuse).</li>
 * </ul>
 * Everything else is kept as it is. A problem found in a command made by the cut is reported at
 * the command and element the caller wrote ({@link #original(int)}, {@link #originalPath}).
 */
final class Split {
    /** Elements per command made by a cut: ~2–8 MB of JSON for the usual element types. */
    static final int CHUNK = 100_000;
    /** An element of a command's list: "/add/element/elem/5/…". */
    private static final Pattern ELEMENT = Pattern.compile("^(/[a-z]+/[a-z]+/elem/)(\\d+)(/.*)?$");

    private final List<Object> commands;
    /** For each command sent: the command the caller wrote, the offset of its first element, and the
     * caller's pointer to the element list ("/add/set/elem/"); null when nothing was cut. */
    private final int[] origin;
    private final int[] offset;
    private final String[] prefix;

    private Split(List<Object> commands, int[] origin, int[] offset, String[] prefix) {
        this.commands = commands;
        this.origin = origin;
        this.offset = offset;
        this.prefix = prefix;
    }

    static Split of(List<?> commands) {
        if (commands == null || commands.stream().noneMatch(Split::cuts)) {
            return new Split(commands == null ? null : new ArrayList<>(commands), null, null, null);
        }
        List<Object> out = new ArrayList<>();
        List<int[]> where = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            Object command = commands.get(i);
            if (!cuts(command)) {
                out.add(command);
                where.add(new int[] {i, 0});
                prefixes.add(null);
                continue;
            }
            Map<?, ?> outer = (Map<?, ?>) command;
            String verb = (String) outer.keySet().iterator().next();
            Map<?, ?> inner = (Map<?, ?>) outer.get(verb);
            String kind = (String) inner.keySet().iterator().next();
            Map<?, ?> object = (Map<?, ?>) inner.get(kind);
            List<?> elements = (List<?>) object.get("elem");
            String original = "/" + verb + "/" + kind + "/elem/";
            for (int start = 0; start < elements.size(); start += CHUNK) {
                List<?> chunk = elements.subList(start, Math.min(elements.size(), start + CHUNK));
                boolean declaration = kind.equals("set") || kind.equals("map");
                if (declaration && start > 0) {
                    Map<String, Object> target = new LinkedHashMap<>();
                    for (String field : List.of("family", "table", "name")) target.put(field, object.get(field));
                    target.put("elem", chunk);
                    out.add(Map.of("add", Map.of("element", target)));
                } else {
                    Map<Object, Object> copy = new LinkedHashMap<>(object);
                    copy.put("elem", chunk);
                    out.add(Map.of(verb, Map.of(kind, copy)));
                }
                where.add(new int[] {i, start});
                prefixes.add(original);
            }
        }
        int[] origin = new int[out.size()];
        int[] offset = new int[out.size()];
        for (int i = 0; i < out.size(); i++) {
            origin[i] = where.get(i)[0];
            offset[i] = where.get(i)[1];
        }
        return new Split(out, origin, offset, prefixes.toArray(String[]::new));
    }

    /** A command whose element list is longer than one command may hold, and may be cut. */
    private static boolean cuts(Object command) {
        if (!(command instanceof Map<?, ?> outer) || outer.size() != 1) return false;
        Object verb = outer.keySet().iterator().next();
        if (!(outer.get(verb) instanceof Map<?, ?> inner) || inner.size() != 1) return false;
        Object kind = inner.keySet().iterator().next();
        if (!(inner.get(kind) instanceof Map<?, ?> object) || !(object.get("elem") instanceof List<?> elements)
                || elements.size() <= Schema.ELEMENTS_MAX) {
            return false;
        }
        boolean elementChange = kind.equals("element") && List.of("add", "create", "delete").contains(verb);
        boolean declaration = (kind.equals("set") || kind.equals("map")) && List.of("add", "create").contains(verb)
                && !constant(object.get("flags"));
        return elementChange || declaration;
    }

    private static boolean constant(Object flags) {
        return "constant".equals(flags) || flags instanceof List<?> l && l.contains("constant");
    }

    /** The commands to validate and send. */
    List<Object> commands() { return commands; }

    boolean cut() { return origin != null; }

    /** The caller's command of command {@code sent}, or {@code sent} itself when it is out of range. */
    int original(int sent) {
        if (origin == null || sent < 0 || sent >= origin.length) return sent;
        return origin[sent];
    }

    /**
     * A pointer into command {@code sent} (relative, "/add/element/elem/5/…", or into the whole
     * request, "/batch/nftables/3/add/element/elem/5/…") as the caller wrote the command: an
     * element of a cut list at its place in the whole list, anything else of an {@code add element}
     * made from a declaration at the declaration.
     */
    String originalPath(int sent, String path) {
        if (origin == null || sent < 0 || sent >= origin.length || path == null) return path;
        String base = "";
        String rest = path;
        String command = "/batch/nftables/" + sent;
        if (path.equals(command) || path.startsWith(command + "/")) {
            base = "/batch/nftables/" + origin[sent];
            rest = path.substring(command.length());
        }
        if (prefix[sent] == null) return base + rest;
        Matcher m = ELEMENT.matcher(rest);
        if (m.matches()) {
            return base + prefix[sent] + (Long.parseLong(m.group(2)) + offset[sent]) + (m.group(3) == null ? "" : m.group(3));
        }
        String head = prefix[sent].substring(0, prefix[sent].length() - "/elem/".length());
        return rest.equals(head) || rest.startsWith(head + "/") ? base + rest : base;
    }
}
