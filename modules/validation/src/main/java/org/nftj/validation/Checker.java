package org.nftj.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nftj.validation.Schema.Datatype;
import org.nftj.validation.Schema.Field;
import org.nftj.validation.Schema.Verb;

/**
 * Interprets {@link Schema} over one batch (a JSON tree as jackson-jr reads it) and collects every
 * problem, each with its command index and a JSON Pointer into that command.
 *
 * <p>The checks are cut along libnftables-json(5), as the helper's validator is:
 * {@link Commands} (the command verbs and the objects they carry), {@link Statements} and
 * {@link Expressions}. This class holds what the three share: the state of the batch being checked
 * (what it declares, the command, family and table at hand, the problems found) and the small
 * checks of names, numbers, text and keywords.
 *
 * <p>Cross-field rules that the table cannot express, each one a cryptic kernel error otherwise:
 * <ul>
 *   <li>a base chain needs {@code type}, {@code hook} and {@code prio} together, a hook that
 *       exists in its family, and a chain type allowed there;</li>
 *   <li>a set declaration needs a key type; a map also a data type;</li>
 *   <li>a prefix may not be wider than its address ({@code /33} for IPv4);</li>
 *   <li>a reference to a set ({@code "@name"}), a jump/goto target, the chain of a rule and the
 *       set of an element must exist in the batch, or in the {@link Context} when it knows the
 *       table;</li>
 *   <li>elements are typed by their set's declared key type when it is known.</li>
 * </ul>
 */
final class Checker {
    /** A chain or set by family, table and name. */
    record ObjectRef(String family, String table, String name) {
        // By hand, not generated: see TableRef.
        @Override
        public boolean equals(Object o) {
            return o instanceof ObjectRef r && Objects.equals(family, r.family) && Objects.equals(table, r.table)
                    && Objects.equals(name, r.name);
        }

        @Override
        public int hashCode() { return Objects.hash(family, table, name); }
    }

    final List<Problem> problems;
    final Context context;
    final Set<TableRef> tables = new LinkedHashSet<>();
    final Set<TableRef> batchTables = new HashSet<>();
    final Set<ObjectRef> batchChains = new HashSet<>();
    final Map<ObjectRef, List<Datatype>> batchSets = new HashMap<>();
    final Map<ObjectRef, Datatype> batchMapData = new HashMap<>();
    /** The sets (not maps) the batch declares: snat/dnat must not look an address up in one. */
    final Set<ObjectRef> batchPlainSets = new HashSet<>();

    int index;
    String family; // of the command being checked
    String table;
    int elements;

    final Commands commands = new Commands(this);
    final Statements statements = new Statements(this);
    final Expressions expressions = new Expressions(this);

    Checker(List<Problem> problems, Context context) {
        this.problems = problems;
        this.context = context;
    }

    /** First pass: what the batch itself declares (so that order inside the batch does not matter). */
    void declare(Object command) { commands.declare(command); }

    /** Checks one command; returns its verb when the command's shape names one. */
    Verb command(int commandIndex, Object command) { return commands.command(commandIndex, command); }

    Set<TableRef> tables() { return tables; }

    void field(Field field, Object v, String path) {
        switch (field.kind()) {
            case FAMILY -> {
                if (!(v instanceof String s) || !Schema.FAMILIES.contains(s)) {
                    fail("invalid_request", path, "family must be one of " + Schema.FAMILIES);
                }
            }
            case NAME -> name(v, path);
            case HANDLE -> integer(v, 1, Schema.INTEGER_MAX, path);
            case INDEX -> integer(v, 0, Schema.INTEGER_MAX, path);
            case INTEGER -> integer(v, field.min(), field.max(), path);
            case BOOLEAN -> { if (!(v instanceof Boolean)) fail("invalid_request", path, "must be true or false"); }
            case COMMENT -> text(v, Schema.COMMENT_BYTES_MAX, path);
            case LOG_PREFIX -> text(v, Schema.LOG_PREFIX_BYTES_MAX, path);
            case KEYWORD -> keyword(v, field.words(), path);
            case KEYWORDS -> {
                if (v instanceof List<?> l) {
                    for (int i = 0; i < l.size(); i++) keyword(l.get(i), field.words(), path + "/" + i);
                } else {
                    keyword(v, field.words(), path);
                }
            }
            case IFNAME -> ifname(v, false, path);
            case IFNAMES -> {
                if (v instanceof List<?> l) {
                    for (int i = 0; i < l.size(); i++) ifname(l.get(i), false, path + "/" + i);
                } else {
                    ifname(v, false, path);
                }
            }
            case SET_TYPE -> setType(v, Schema.SET_TYPES.keySet(), path);
            case MAP_TYPE -> {
                Set<String> all = new LinkedHashSet<>(Schema.SET_TYPES.keySet());
                all.addAll(Schema.MAP_ONLY_TYPES.keySet());
                setType(v, all, path);
            }
            case STATEMENTS -> { if (!(v instanceof List<?> l) || l.isEmpty()) fail("invalid_request", path, "expr must be a non-empty array of statements"); }
            case ELEMENTS -> {
                if (!(v instanceof List<?> l)) fail("invalid_request", path, "elem must be an array");
                else if (l.isEmpty()) fail("invalid_request", path, "an element list must not be empty");
                else if (l.size() > Schema.ELEMENTS_MAX) {
                    fail("limit_exceeded", path, "at most " + Schema.ELEMENTS_MAX + " elements per command, this one has " + l.size());
                }
            }
            case CT_TIMEOUT_POLICY -> {
                if (!(v instanceof Map<?, ?> m)) {
                    fail("invalid_request", path, "policy must be an object of state name to seconds");
                } else {
                    m.forEach((k, x) -> {
                        if (!Schema.CT_TIMEOUT_STATES.contains(String.valueOf(k))) {
                            fail("invalid_request", path + "/" + pointer(String.valueOf(k)), "unknown conntrack state '"
                                    + Names.printable(String.valueOf(k)) + "'");
                        } else {
                            integer(x, 0, Schema.U32, path + "/" + pointer(String.valueOf(k)));
                        }
                    });
                }
            }
            case SECMARK_CONTEXT -> text(v, 256, path);
            // checked with the table (Commands.table): its own name is what nft 1.0.6 lists
            case TABLE_FLAGS -> { }
            case SET_STATEMENTS -> {
                // counter, limit or quota for every element; an empty statement object has crashed
                // libnftables (upstream bogon) and is refused by the statement's own check.
                if (!(v instanceof List<?> l) || l.isEmpty() || l.size() > 4) {
                    fail("invalid_request", path, "must be an array of 1 to 4 statements (counter, limit, quota)");
                } else {
                    for (int i = 0; i < l.size(); i++) {
                        String p = path + "/" + i;
                        if (!(l.get(i) instanceof Map<?, ?> m) || m.size() != 1) {
                            fail("invalid_request", p, "a statement is an object with exactly one member");
                        } else if (!List.of("counter", "limit", "quota").contains(String.valueOf(m.keySet().iterator().next()))) {
                            fail("invalid_request", p, "a set applies only counter, limit and quota to its elements");
                        } else {
                            statements.statement(m, p);
                        }
                    }
                }
            }
            case HELPER_TYPE -> {
                if (!(v instanceof String s) || Names.checkName(s) != null) fail("invalid_request", path, "a helper type is a name such as \"ftp\"");
            }
        }
    }

    void setType(Object v, Set<String> allowed, String path) {
        List<?> parts = v instanceof List<?> l ? l : List.of(v);
        if (v instanceof List<?> && (parts.size() < 2 || parts.size() > Schema.CONCATENATION_COMPONENTS_MAX)) {
            fail("invalid_request", path, "a concatenated type has 2 to " + Schema.CONCATENATION_COMPONENTS_MAX
                    + " components; write a single type as a string");
            return;
        }
        for (Object p : parts) {
            if (!(p instanceof String s) || !allowed.contains(s)) {
                fail("invalid_request", path, "unknown type " + describe(p) + "; known: " + allowed);
                return;
            }
        }
    }

    // ---- cross-field rules ----------------------------------------------------------------------

    /** A chain or set the batch refers to must exist, when we can know. */
    void reference(String what, String name, String path) {
        if (Names.checkName(name) != null) return; // reported by the name check
        ObjectRef ref = new ObjectRef(family, table, name);
        boolean inBatch = what.equals("chain") ? batchChains.contains(ref) : batchSets.containsKey(ref);
        if (inBatch || !context.knows(family, table)) return;
        boolean inKernel = what.equals("chain") ? context.hasChain(ref) : context.setType(ref) != null;
        if (!inKernel) {
            fail("invalid_request", path, "there is no " + what + " '" + name + "' in this batch or in table " + family
                    + " " + table + (what.equals("set") ? "; declare it before using it" : ""));
        }
    }

    List<Datatype> setKey(ObjectRef ref) {
        List<Datatype> t = batchSets.get(ref);
        if (t != null) return t;
        List<String> names = context.setType(ref);
        if (names == null) return List.of();
        return names.stream().map(n -> Schema.SET_TYPES.getOrDefault(n, Datatype.UNTYPED)).toList();
    }

    // ---- rules: statements and expressions ------------------------------------------------------

    // ---- small checks ------------------------------------------------------------------------------

    /** An object with only the listed fields; returns false (after reporting) when it is not an object. */
    boolean fields(Object v, String p, Map<String, Datatype> allowed) {
        if (!(v instanceof Map<?, ?> f)) {
            fail("invalid_request", p, "must be an object with fields " + allowed.keySet().stream().sorted().toList());
            return false;
        }
        boolean ok = true;
        for (Map.Entry<?, ?> e : f.entrySet()) {
            String n = String.valueOf(e.getKey());
            Datatype dt = allowed.get(n);
            String q = p + "/" + pointer(n);
            if (dt == null) {
                fail("invalid_request", q, "unknown field '" + Names.printable(n) + "'; known: " + allowed.keySet().stream().sorted().toList());
                ok = false;
            } else if (dt == Datatype.INTEGER) {
                if (e.getValue() instanceof String s) expressions.immediate(s, List.of(Datatype.INTEGER), q, 0);
                else integer(e.getValue(), 0, Schema.INTEGER_MAX, q);
            } else if (dt == Datatype.BOOLEAN && !(e.getValue() instanceof Boolean)) {
                fail("invalid_request", q, "must be true or false");
            }
        }
        return ok;
    }

    boolean name(Object v, String path) {
        if (!(v instanceof String s)) {
            fail("invalid_request", path, "a name must be a string");
            return false;
        }
        String why = Names.checkName(s);
        if (why != null) {
            fail(Names.utf8Length(s) > Schema.NAME_BYTES_MAX ? "limit_exceeded" : "invalid_request", path,
                    why + ": '" + Names.printable(s) + "'");
            return false;
        }
        return true;
    }

    void ifname(Object v, boolean wildcard, String path) {
        if (!(v instanceof String s)) {
            fail("invalid_request", path, "an interface name must be a string (by index would need a lookup)");
            return;
        }
        String why = Names.checkInterfaceName(s, wildcard);
        if (why != null) {
            fail(Names.utf8Length(s) > Schema.IFNAME_BYTES_MAX ? "limit_exceeded" : "invalid_request", path,
                    why + ": '" + Names.printable(s) + "'");
        }
    }

    void text(Object v, int max, String path) {
        if (!(v instanceof String s)) {
            fail("invalid_request", path, "must be a string");
            return;
        }
        String why = Names.checkText(s, max);
        if (why != null) {
            fail(Names.utf8Length(s) > max ? "limit_exceeded" : "invalid_request", path, why + ": '" + Names.printable(s) + "'");
        }
    }

    void keyword(Object v, List<String> words, String path) {
        if (!(v instanceof String s) || !words.contains(s)) {
            fail("invalid_request", path, describe(v) + " is not one of " + words);
        }
    }

    void integer(Object v, long min, long max, String path) {
        if (v instanceof String s) {
            fail("invalid_request", path, "expected a number, not the string '" + Names.printable(s) + "'");
            return;
        }
        if (!(v instanceof Number n)) {
            fail("invalid_request", path, "expected an integer, not " + describe(v));
            return;
        }
        if (!number(n, path)) return;
        if (n instanceof java.math.BigInteger || n.longValue() < min || n.longValue() > max) {
            fail("invalid_request", path, n + " is out of range " + min + ".." + max);
        }
    }

    /** Integers only (floats are refused as invalid_json, as the helper's parser does). */
    boolean number(Number n, String path) {
        if (n instanceof Double || n instanceof Float || n instanceof java.math.BigDecimal) {
            fail("invalid_json", path, "numbers must be integers, not " + n);
            return false;
        }
        if (n instanceof java.math.BigInteger b && b.bitLength() > 63) {
            fail("invalid_request", path, "numbers must be at most 2^53-1, not " + n);
            return false;
        }
        return true;
    }

    static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static String describe(Object v) {
        return switch (v) {
            case null -> "null";
            case String s -> "'" + Names.printable(s) + "'";
            case Datatype d -> d.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            default -> String.valueOf(v);
        };
    }

    /** Escapes a key for a JSON Pointer (RFC 6901). */
    static String pointer(String key) { return key.replace("~", "~0").replace("/", "~1"); }

    void fail(String code, String path, String message) {
        problems.add(new Problem(code, index, path, message));
    }

    int elementCount() { return elements; }
}
