package org.nftj.validation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A libnftables JSON document in every form libnftables 1.0.6's parser takes, read as the
 * commands the helper speaks:
 * <ul>
 * <li>command objects ({@code {"add": {"rule": {...}}}}) as they are;
 * <li>listing objects, as {@code nft -j list} prints them ({@code {"rule": {...}}}): libnftables
 *     reads an object without a command as {@code add}, and so does this;
 * <li>{@code metainfo} objects: ignored, as libnftables ignores them;
 * <li>{@code handle} where it names nothing to act on: in a listing object and in {@code add} or
 *     {@code create} of an object, which libnftables ignores (it numbers new objects itself, and
 *     appends an added rule whatever handle it carries), so it is left out; in every other command
 *     ({@code delete}, {@code replace}, {@code insert}, …) it is honoured.
 * </ul>
 * A document made only of listing objects (a whole listing) is put in the order that creates it:
 * tables, chains, stateful objects, flowtables, sets and maps, elements, rules. nft lists sets and
 * maps before chains, so a verdict map whose elements jump to a chain, read back in listing
 * order, would name a chain that does not exist yet (nft 1.0.6's own {@code nft -j -f} of such a
 * listing fails). Rules keep their order; nothing else depends on the order of one kind.
 *
 * <p>Each command remembers where it came from, so a refusal names the item of the document.
 */
final class Document {
    private static final List<String> VERBS =
            List.of("add", "create", "insert", "replace", "delete", "list", "reset", "flush", "rename", "destroy");

    /** The commands to validate, and for each the index of the document item it came from. */
    record Commands(List<Object> commands, List<Integer> origins, List<Boolean> bare) {}

    private Document() {}

    static Commands read(List<?> items) {
        List<Object> commands = new ArrayList<>();
        List<Integer> origins = new ArrayList<>();
        List<Boolean> bare = new ArrayList<>();
        boolean allBare = true;
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item instanceof Map<?, ?> m && m.size() == 1) {
                String key = String.valueOf(m.keySet().iterator().next());
                Object value = m.get(key);
                if ("metainfo".equals(key)) continue;
                if (VERBS.contains(key)) {
                    allBare = false;
                    commands.add(command(key, value));
                    bare.add(false);
                } else {
                    commands.add(Map.of("add", withoutHandle(m)));
                    bare.add(true);
                }
            } else {
                allBare = false;
                commands.add(item); // not a command: the checker says what is wrong with it
                bare.add(false);
            }
            origins.add(i);
        }
        if (allBare && !commands.isEmpty()) return creationOrder(commands, origins, bare);
        return new Commands(commands, origins, bare);
    }

    /** {@code add}/{@code create} of an object: its handle left out; every other command as written. */
    private static Object command(String verb, Object body) {
        if (("add".equals(verb) || "create".equals(verb)) && body instanceof Map<?, ?> m && m.size() == 1) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put(verb, withoutHandle(m));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(verb, body);
        return out;
    }

    /** {@code {KIND: OBJECT}} with {@code handle} removed from OBJECT. */
    private static Map<String, Object> withoutHandle(Map<?, ?> m) {
        String kind = String.valueOf(m.keySet().iterator().next());
        Object value = m.get(kind);
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof Map<?, ?> object && object.containsKey("handle")) {
            Map<String, Object> copy = new LinkedHashMap<>();
            object.forEach((k, v) -> {
                if (!"handle".equals(k)) copy.put(String.valueOf(k), v);
            });
            out.put(kind, copy);
        } else {
            out.put(kind, value);
        }
        return out;
    }

    private static Commands creationOrder(List<Object> commands, List<Integer> origins, List<Boolean> bare) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) order.add(i);
        order.sort((a, b) -> Integer.compare(rank(commands.get(a)), rank(commands.get(b)))); // stable
        List<Object> c = new ArrayList<>();
        List<Integer> o = new ArrayList<>();
        List<Boolean> f = new ArrayList<>();
        for (int i : order) {
            c.add(commands.get(i));
            o.add(origins.get(i));
            f.add(bare.get(i));
        }
        return new Commands(c, o, f);
    }

    private static int rank(Object command) {
        if (!(command instanceof Map<?, ?> m) || !(m.get("add") instanceof Map<?, ?> body) || body.size() != 1) return 7;
        return switch (String.valueOf(body.keySet().iterator().next())) {
            case "table" -> 0;
            case "chain" -> 1;
            case "counter", "quota", "limit", "ct helper", "ct timeout", "ct expectation", "secmark", "synproxy" -> 2;
            case "flowtable" -> 3;
            case "set", "map" -> 4;
            case "element" -> 5;
            case "rule" -> 6;
            default -> 7;
        };
    }

    /**
     * A problem found in the commands, told in terms of the document: the item's index, and for a
     * listing object its path without the {@code /add} the reading put in front.
     */
    static Problem located(Problem p, Commands read) {
        if (p.command() < 0 || p.command() >= read.origins().size()) return p;
        String path = p.path();
        if (read.bare().get(p.command()) && path.startsWith("/add/")) path = path.substring("/add".length());
        return new Problem(p.code(), read.origins().get(p.command()), path, p.message());
    }
}
