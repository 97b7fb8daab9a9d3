package org.nftj.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.nftj.api.expr.Expr;

/**
 * Names what failed. The kernel answers a refused batch with an errno ("No such file or
 * directory") and, through libnftables, often without saying which command; {@link Nftj} finds the
 * command, and this class finds the object: for a miss, the first table, chain, set or named object
 * the command needs that neither the ruleset nor an earlier command of the batch holds; for an
 * {@code exists}, the object the command creates; for a refused element, the element; for a
 * command the policy refuses, the object it makes, changes or lists. The
 * exception is re-thrown with that object ({@link NftjException#object()}) and the command in nft
 * syntax in its message, its code, index and outcome unchanged.
 */
final class Failures {
    private Failures() {}

    /** What the kernel holds of one table, or null when it does not exist. */
    @FunctionalInterface
    interface State {
        Ruleset of(Table table) throws NftjException;
    }

    /**
     * The failure, re-thrown naming the failing command (in nft syntax) and the object it concerns.
     *
     * @param e what the backend threw (its command index may be -1)
     * @param batch the batch sent
     * @param failing the failing command's index
     * @param state the kernel's tables as they are (the batch was not applied)
     */
    static NftjException named(NftjException e, Batch batch, int failing, State state) {
        Map<String, Object> command = batch.toJson().get(failing);
        ObjectId object = e.object().orElse(null);
        RuntimeException why = null;
        if (object == null) {
            try {
                object = switch (e) {
                    case NotFoundException n -> missing(batch, failing, state);
                    case AlreadyExistsException a -> subject(command);
                    case PolicyDeniedException p -> subject(command);
                    default -> null;
                };
            } catch (NftjException | RuntimeException cannotList) {
                object = null; // the failure is reported as it came, with why its object is unknown
                why = new IllegalStateException("the object could not be named", cannotList);
            }
        }
        String what = object == null ? null : switch (e) {
            case NotFoundException n -> object + " does not exist";
            case AlreadyExistsException a -> object + " already exists";
            default -> object.toString();
        };
        String msg = (what == null ? "" : what + ": ") + "command " + failing + " (" + header(command) + ") failed: "
                + e.getMessage();
        NftjException out = switch (e) {
            case NotFoundException n -> new NotFoundException(e.code(), msg, failing, e.path(), e.outcome(), object, e);
            case AlreadyExistsException a -> new AlreadyExistsException(e.code(), msg, failing, e.path(), e.outcome(), object, e);
            case PolicyDeniedException p -> new PolicyDeniedException(e.code(), msg, failing, e.path(), e.outcome(), object, e);
            default -> new NftFailedException(e.code(), msg, failing, e.path(), e.outcome(), object, e);
        };
        if (why != null) out.addSuppressed(why);
        return out;
    }

    /** A listing that found nothing: the object named, as the kernel would have said it. */
    static NotFoundException missing(ObjectId object, String command) {
        return new NotFoundException("not_found", object + " does not exist: command 0 (" + command + ") failed", 0, "",
                NftjException.Outcome.NOT_APPLIED, object, null);
    }

    /**
     * The failure of a command of elements, naming the element by its index, its value and the
     * set's type: {@code element 2 of 3, 2001:db8::1, is refused by set inet app deny4 (set of type
     * ipv4_addr)}; the same exception type, with the element as its object.
     */
    static NftjException element(NftjException e, Batch batch, int failing, int index, NamedSet set) {
        Map<String, Object> command = batch.toJson().get(failing);
        Elements el = (Elements) Ruleset.object(command.values().iterator().next());
        Expr value = el.elements().get(index);
        ObjectId id = ObjectId.element(new Table(el.family(), el.table()), el.set(), value);
        String type = set == null ? "" : " (" + set.kind() + " of type " + typeText(set) + ")";
        String what = switch (e) {
            case NotFoundException n -> " is not in ";
            case AlreadyExistsException a -> " is already in ";
            default -> " is refused by ";
        };
        String msg = "element " + index + " of " + el.elements().size() + ", " + text(value) + "," + what
                + (set == null ? "set" : set.kind()) + " " + el.family().wire() + " " + el.table() + " " + el.set() + type
                + ": command " + failing + " (" + header(command) + ") failed: " + e.getMessage();
        String path = e.path().isEmpty() ? "/" + command.keySet().iterator().next() + "/element/elem/" + index : e.path();
        return switch (e) {
            case NotFoundException n -> new NotFoundException(e.code(), msg, failing, path, e.outcome(), id, e);
            case AlreadyExistsException a -> new AlreadyExistsException(e.code(), msg, failing, path, e.outcome(), id, e);
            case InvalidRequestException i -> new InvalidRequestException(e.code(), msg, failing, path, e.outcome(), id, e);
            default -> new NftFailedException(e.code(), msg, failing, path, e.outcome(), id, e);
        };
    }

    /**
     * The element a JSON Pointer names, as the helper points at one ({@code /batch/nftables/0/add/element/elem/7})
     * and this class does ({@code /add/element/elem/7}): its index in the command's list, or -1.
     */
    static int elementIndex(String path) {
        java.util.regex.Matcher m = ELEMENT_POINTER.matcher(path == null ? "" : path);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static final java.util.regex.Pattern ELEMENT_POINTER =
            java.util.regex.Pattern.compile("(?:/batch/nftables/\\d+)?/[a-z]+/element/elem/(\\d{1,9})(?:/.*)?");

    private static String typeText(NamedSet set) {
        String key = set.key().typeof() != null ? "typeof " + text(set.key().typeof()) : String.join(" . ", set.key().types());
        return set.isMap() ? key + " : " + String.join(" . ", set.dataType()) : key;
    }

    // ---- which object ---------------------------------------------------------------------------------

    /** The object a command makes, changes or deletes (a rule: its chain; elements: their set). */
    static ObjectId subject(Map<String, Object> command) {
        Object body = command.values().iterator().next();
        if (!(body instanceof Map<?, ?> m) || m.size() != 1) return null;
        String kind = (String) m.keySet().iterator().next();
        if (!(m.get(kind) instanceof Map<?, ?> o) || !(o.get("family") instanceof String f)) return null;
        Family family = Family.fromWire(f);
        if (kind.equals("table")) return o.get("name") instanceof String n ? ObjectId.table(new Table(family, n)) : null;
        if (!(o.get("table") instanceof String t)) return null;
        Table table = new Table(family, t);
        if (kind.equals("rule")) {
            return o.get("handle") instanceof Number h ? ObjectId.rule(table, (String) o.get("chain"), h.longValue())
                    : ObjectId.chain(table, (String) o.get("chain"));
        }
        if (!(o.get("name") instanceof String name)) return ObjectId.table(table);
        if (kind.equals("element")) {
            Object elem = o.get("elem");
            if (elem instanceof List<?> l && l.size() == 1) return ObjectId.element(table, name, org.nftj.api.expr.NftJson.expr(l.getFirst()));
            return ObjectId.set(table, name);
        }
        return ObjectId.of(kind, table, name);
    }

    /**
     * The first object the command needs that does not exist: its table, then (in the order the
     * kernel looks them up) its chain, the sets, chains and named objects it refers to, and last
     * the object itself (a delete of something absent). Objects an earlier command of the batch
     * adds count as existing.
     */
    private static ObjectId missing(Batch batch, int failing, State state) throws NftjException {
        Map<String, Object> command = batch.toJson().get(failing);
        ObjectId subject = subject(command);
        if (subject == null) return null;
        Table table = subject.tableId();
        Set<String> existing = new LinkedHashSet<>();
        Ruleset current = state.of(table);
        if (current != null) {
            existing.add(ObjectId.table(table).toString());
            for (NftObject o : current.objects()) add(existing, table, o);
        }
        for (Map<String, Object> earlier : batch.toJson().subList(0, failing)) {
            String verb = earlier.keySet().iterator().next();
            if (!List.of("add", "create", "insert", "replace").contains(verb)) continue;
            Object kind = ((Map<?, ?>) earlier.get(verb)).keySet().iterator().next();
            ObjectId made = kind.equals("rule") || kind.equals("element") ? null : subject(earlier);
            if (made != null && made.tableId().equals(table)) {
                existing.add(made.kind().equals("map") ? ObjectId.set(table, made.name()).toString() : made.toString());
            }
        }
        for (ObjectId needed : needs(command, subject, table)) {
            String key = needed.kind().equals("map") ? ObjectId.set(table, needed.name()).toString() : needed.toString();
            if (!existing.contains(key)) return needed;
        }
        return null;
    }

    private static void add(Set<String> existing, Table table, NftObject o) {
        String kind = o.kind();
        String name = switch (o) {
            case Chain c -> c.name();
            case NamedSet s -> s.name();
            case Table t -> null;
            case Rule r -> null;
            default -> o.toJson().get("name") instanceof String n ? n : null;
        };
        if (name == null) return;
        existing.add((kind.equals("map") ? ObjectId.set(table, name) : ObjectId.of(kind, table, name)).toString());
    }

    /** What a command needs, in lookup order: the table, the chain of a rule, what it refers to, the object itself. */
    private static List<ObjectId> needs(Map<String, Object> command, ObjectId subject, Table table) {
        List<ObjectId> out = new ArrayList<>();
        out.add(ObjectId.table(table));
        String verb = command.keySet().iterator().next();
        Map<?, ?> body = (Map<?, ?>) command.get(verb);
        String kind = String.valueOf(body.keySet().iterator().next());
        boolean makes = List.of("add", "create").contains(verb);
        switch (kind) {
            case "table" -> { }
            case "rule" -> {
                out.add(ObjectId.chain(table, subject.name()));
                references(body.get(kind), table, out);
                if (subject.kind().equals("rule")) out.add(subject); // a rule named by its handle
            }
            case "element" -> out.add(ObjectId.set(table, subject.name()));
            default -> {
                if (!makes) out.add(subject);
            }
        }
        return out;
    }

    /** Sets ({@code "@name"}), jump and goto targets and named objects a rule's statements name. */
    private static void references(Object json, Table table, List<ObjectId> out) {
        List<Object> todo = new ArrayList<>(List.of(json));
        while (!todo.isEmpty()) {
            Object o = todo.removeLast();
            if (o instanceof String s && s.startsWith("@") && s.length() > 1) out.add(ObjectId.set(table, s.substring(1)));
            if (o instanceof List<?> l) todo.addAll(l.reversed());
            if (o instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String k = String.valueOf(e.getKey());
                    if ((k.equals("jump") || k.equals("goto")) && e.getValue() instanceof Map<?, ?> t && t.get("target") instanceof String c) {
                        out.add(ObjectId.chain(table, c));
                    } else if (List.of("counter", "quota", "limit", "secmark", "synproxy").contains(k) && e.getValue() instanceof String n) {
                        out.add(ObjectId.of(k, table, n));
                    } else {
                        todo.add(e.getValue());
                    }
                }
            }
        }
    }

    // ---- nft syntax ---------------------------------------------------------------------------------

    /**
     * The failing command in nft syntax, as the model's renderer ({@link NftSyntax}) writes it:
     * {@code add rule inet app input tcp dport 22 accept}; a command of many elements shows the
     * first three and how many more. A command the model cannot read is named by its head.
     */
    static String header(Map<String, Object> command) {
        String verb = command.keySet().iterator().next();
        try {
            NftObject o = Ruleset.object(command.get(verb));
            if (o instanceof UnknownObject) return head(command);
            if (o instanceof Elements el && el.elements().size() > 3) {
                String first = NftSyntax.command(verb, new Elements(el.family(), el.table(), el.set(), el.elements().subList(0, 3)));
                return first.substring(0, first.length() - 2) + ", … " + (el.elements().size() - 3) + " more }";
            }
            return NftSyntax.command(verb, o);
        } catch (RuntimeException cannotRender) {
            return head(command);
        }
    }

    /**
     * A command's head, as the helper names commands in its messages: {@code add rule inet app
     * input}, {@code add table inet app}.
     */
    static String head(Map<String, Object> command) {
        String verb = command.keySet().iterator().next();
        if (!(command.get(verb) instanceof Map<?, ?> m) || m.size() != 1) return verb;
        String kind = String.valueOf(m.keySet().iterator().next());
        if (!(m.get(kind) instanceof Map<?, ?> o)) return verb + " " + kind;
        StringJoiner s = new StringJoiner(" ");
        s.add(verb).add(kind);
        for (String k : List.of("family", "table")) if (o.get(k) instanceof String v) s.add(v);
        if (kind.equals("table")) {
            if (o.get("name") instanceof String v) s.add(v);
            return s.toString();
        }
        if (o.get("chain") instanceof String c) s.add(c);
        if (o.get("name") instanceof String n) s.add(n);
        if (o.get("handle") instanceof Number h) s.add("handle " + h);
        return s.toString();
    }

    /** An element value in nft syntax: {@code 10.0.0.0/8}, {@code 1-9}, {@code 10.0.0.1 . 80}. */
    static String text(Expr e) {
        return NftSyntax.expression(e);
    }
}
