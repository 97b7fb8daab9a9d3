package org.nftj.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nftj.api.expr.Expr;
import org.nftj.api.expr.Stmt;

/**
 * A named set, or a map when {@code dataType} is set ({@code verdict} for a verdict map).
 *
 * @param family the table's family
 * @param table the table's name
 * @param name the set's name
 * @param handle the kernel's handle when listed; null in a request
 * @param key the key type: one type, a concatenation, or typeof an expression
 * @param dataType a map's data type(s); empty for a set
 * @param flags constant, interval, timeout, dynamic
 * @param timeout default element timeout in seconds, or null
 * @param gcInterval garbage-collection interval in seconds, or null
 * @param size maximum number of elements, or null
 * @param policy performance or memory, or null
 * @param elements elements (values, prefixes, ranges, {@link Expr.Elem}, {@link Expr.MapEntry})
 * @param stmts statements attached to each element ({@code counter}, …)
 * @param comment a comment, or null
 * @param autoMerge {@code auto-merge}: adjacent and overlapping intervals are merged
 * @param elementsGiven whether {@code elements} is the set's whole content: true when elements were
 *        given (even none: an explicit empty list), false when the set was declared without them
 *        (nft lists an empty set without {@code elem}). A desired-state sync manages a set's
 *        elements only when they are given, so elements loaded at run time survive a sync of a
 *        set declared without any.
 */
public record NamedSet(Family family, String table, String name, Long handle, Key key, List<String> dataType,
                       List<String> flags, Long timeout, Long gcInterval, Long size, String policy,
                       List<Expr> elements, List<Stmt> stmts, String comment, boolean autoMerge, boolean elementsGiven)
        implements NftObject {
    /** Checks that family, table, name and key are given; copies the lists. */
    public NamedSet {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        dataType = Json.copy(dataType);
        flags = Json.copy(flags);
        elements = Json.copy(elements);
        stmts = Json.copy(stmts);
    }

    /**
     * A set's key: named types ({@code ipv4_addr}, or several for a concatenation), or typeof an expression.
     *
     * @param types the type, or the types of a concatenation; empty for typeof
     * @param typeof the expression whose type the key takes ({@code typeof ip saddr}), or null
     */
    public record Key(List<String> types, Expr typeof) {
        /**
         * Checks that the key is either types or typeof.
         *
         * @throws IllegalArgumentException when it is both or neither
         */
        public Key {
            types = Json.copy(types);
            if (types.isEmpty() == (typeof == null)) throw new IllegalArgumentException("a key is either types or typeof");
        }

        /** {@return the key as a set's line: {@code type ipv4_addr . inet_service}, {@code typeof ip saddr}} */
        @Override
        public String toString() { return typeof != null ? "typeof " + typeof : "type " + String.join(" . ", types); }

        /**
         * A key of named types, as nft names them ({@code ipv4_addr}).
         *
         * @param types the type, or the types of a concatenation
         * @return the key
         */
        public static Key of(String... types) { return new Key(List.of(types), null); }

        /**
         * A key of named types.
         *
         * @param types the type, or the types of a concatenation
         * @return the key
         */
        public static Key of(DataType... types) { return new Key(List.of(words(types)), null); }

        /**
         * A key typed as an expression: {@code typeof ip saddr}.
         *
         * @param e the expression
         * @return the key
         */
        public static Key typeOf(Expr e) { return new Key(List.of(), e); }

        Object toJson() {
            if (typeof != null) return Json.obj("typeof", typeof.toJson());
            return types.size() == 1 ? types.get(0) : new ArrayList<>(types);
        }
    }

    /**
     * A set or map without auto-merge; its elements are given when the list is not empty (a set
     * declared without elements leaves them to run time).
     *
     * @param family the table's family
     * @param table the table's name
     * @param name the set's name
     * @param handle the kernel's handle when listed; null in a request
     * @param key the key
     * @param dataType a map's data type(s); empty for a set
     * @param flags the flags
     * @param timeout default element timeout in seconds, or null
     * @param gcInterval garbage-collection interval in seconds, or null
     * @param size maximum number of elements, or null
     * @param policy performance or memory, or null
     * @param elements the elements
     * @param stmts statements attached to each element
     * @param comment a comment, or null
     */
    public NamedSet(Family family, String table, String name, Long handle, Key key, List<String> dataType,
                    List<String> flags, Long timeout, Long gcInterval, Long size, String policy,
                    List<Expr> elements, List<Stmt> stmts, String comment) {
        this(family, table, name, handle, key, dataType, flags, timeout, gcInterval, size, policy, elements, stmts, comment,
                false, elements != null && !elements.isEmpty());
    }

    /**
     * A set of one key type with flags, without elements.
     *
     * @param family the table's family
     * @param table the table's name
     * @param name the set's name
     * @param type the key's type, as nft names it
     * @param flags the flags, as nft names them
     */
    public NamedSet(Family family, String table, String name, String type, List<String> flags) {
        this(family, table, name, null, Key.of(type), List.of(), flags, null, null, null, null, List.of(), List.of(), null);
    }

    /**
     * A set in {@code table} with the given key type(s): {@code NamedSet.of(t, "blocklist", "ipv4_addr")}.
     *
     * @param table the table
     * @param name the set's name
     * @param keyTypes the key's type, or the types of a concatenation, as nft names them
     * @return the set, without flags or elements
     */
    public static NamedSet of(Table table, String name, String... keyTypes) {
        return new NamedSet(table.family(), table.name(), name, null, Key.of(keyTypes), List.of(), List.of(), null, null,
                null, null, List.of(), List.of(), null);
    }

    /**
     * A map in {@code table} from {@code keyType} to {@code dataType} ({@code verdict} for a verdict map).
     *
     * @param table the table
     * @param name the map's name
     * @param keyType the key's type, as nft names it
     * @param dataType the data's type, as nft names it
     * @return the map, without flags or elements
     */
    public static NamedSet map(Table table, String name, String keyType, String dataType) {
        return new NamedSet(table.family(), table.name(), name, null, Key.of(keyType), List.of(dataType), List.of(), null,
                null, null, null, List.of(), List.of(), null);
    }

    /**
     * A set in {@code table}: {@code NamedSet.of(t, "deny4", DataType.IPV4_ADDR)}; several types make a
     * concatenated key ({@code ipv4_addr . inet_service}).
     *
     * @param table the table
     * @param name the set's name
     * @param keyTypes the key's type, or the types of a concatenation
     * @return the set, without flags or elements
     */
    public static NamedSet of(Table table, String name, DataType... keyTypes) { return of(table, name, words(keyTypes)); }

    /**
     * A map in {@code table}: {@code NamedSet.map(t, "ports", DataType.INET_SERVICE, DataType.VERDICT)}.
     *
     * @param table the table
     * @param name the map's name
     * @param keyType the key's type
     * @param dataType the data's type ({@link DataType#VERDICT} for a verdict map)
     * @return the map, without flags or elements
     */
    public static NamedSet map(Table table, String name, DataType keyType, DataType dataType) {
        return map(table, name, keyType.wire(), dataType.wire());
    }

    /**
     * The same set with exactly these flags.
     *
     * @param f the flags
     * @return the same set with exactly these flags
     */
    public NamedSet withFlags(SetFlag... f) { return withFlags(words(f)); }

    /**
     * The same set with a policy.
     *
     * @param p the policy
     * @return the same set with this policy
     */
    public NamedSet withPolicy(SetPolicy p) { return withPolicy(p.wire()); }

    /**
     * Whether the set has a flag.
     *
     * @param f a flag
     * @return whether the set has it
     */
    public boolean has(SetFlag f) { return flags.contains(f.wire()); }

    private static String[] words(org.nftj.api.expr.Keyword... k) {
        String[] out = new String[k.length];
        for (int i = 0; i < k.length; i++) out[i] = k[i].wire();
        return out;
    }

    /** {@return whether it is a map: it has a data type} */
    public boolean isMap() { return !dataType.isEmpty(); }

    /**
     * The same set with exactly these flags.
     *
     * @param f the flags, as nft names them
     * @return the same set with exactly these flags
     */
    public NamedSet withFlags(String... f) { return copy(handle, List.of(f), timeout, gcInterval, size, policy, elements, stmts, comment); }

    /**
     * The same set with a default element timeout.
     *
     * @param seconds the timeout
     * @return the same set with this timeout
     */
    public NamedSet withTimeout(long seconds) { return copy(handle, flags, seconds, gcInterval, size, policy, elements, stmts, comment); }

    /**
     * The same set with a garbage-collection interval.
     *
     * @param seconds the interval
     * @return the same set with this interval
     */
    public NamedSet withGcInterval(long seconds) { return copy(handle, flags, timeout, seconds, size, policy, elements, stmts, comment); }

    /**
     * The same set with a size: the most elements it holds.
     *
     * @param n the size
     * @return the same set with this size
     */
    public NamedSet withSize(long n) { return copy(handle, flags, timeout, gcInterval, n, policy, elements, stmts, comment); }

    /**
     * The same set with a policy.
     *
     * @param p {@code performance} or {@code memory}
     * @return the same set with this policy
     */
    public NamedSet withPolicy(String p) { return copy(handle, flags, timeout, gcInterval, size, p, elements, stmts, comment); }

    /**
     * The same set with exactly these elements (an empty list empties the set in a sync).
     *
     * @param e the elements
     * @return the same set with these elements, given
     */
    public NamedSet withElements(List<Expr> e) {
        return new NamedSet(family, table, name, handle, key, dataType, flags, timeout, gcInterval, size, policy, e, stmts,
                comment, autoMerge, true);
    }

    /** {@return the same set with {@code auto-merge}} */
    public NamedSet withAutoMerge() {
        return new NamedSet(family, table, name, handle, key, dataType, flags, timeout, gcInterval, size, policy, elements,
                stmts, comment, true, elementsGiven);
    }

    /**
     * The same set with statements attached to each element.
     *
     * @param s the statements ({@code counter}, …)
     * @return the same set with these statements
     */
    public NamedSet withStmts(Stmt... s) { return copy(handle, flags, timeout, gcInterval, size, policy, elements, List.of(s), comment); }

    /**
     * The same set with a comment.
     *
     * @param c the comment
     * @return the same set with this comment
     */
    public NamedSet withComment(String c) { return copy(handle, flags, timeout, gcInterval, size, policy, elements, stmts, c); }

    /** {@return the set's definition without handle and elements} */
    public NamedSet definition() {
        return new NamedSet(family, table, name, null, key, dataType, flags, timeout, gcInterval, size, policy, List.of(),
                stmts, comment, autoMerge, false);
    }

    private NamedSet copy(Long h, List<String> f, Long t, Long gc, Long sz, String p, List<Expr> e, List<Stmt> s, String c) {
        return new NamedSet(family, table, name, h, key, dataType, f, t, gc, sz, p, e, s, c, autoMerge, elementsGiven);
    }

    /** The nft command that creates it: {@code add set inet app deny4 { type ipv4_addr; flags interval; }}. */
    @Override public String toString() { return NftSyntax.command(this); }

    @Override public String kind() { return isMap() ? "map" : "set"; }

    /** In nft 1.0.6's member order (family, name, table, type, handle, comment, map, …, elem, stmt). */
    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = Json.obj("family", family.wire(), "name", name, "table", table);
        m.put("type", key.toJson());
        if (handle != null) m.put("handle", handle);
        if (comment != null) m.put("comment", comment);
        // nft 1.0.6 prints a concatenated data type as one "a . b" string; it is written back the same way.
        if (isMap()) m.put("map", String.join(" . ", dataType));
        if (policy != null) m.put("policy", policy);
        if (size != null) m.put("size", size);
        if (!flags.isEmpty()) m.put("flags", new ArrayList<>(flags));
        if (timeout != null) m.put("timeout", timeout);
        if (gcInterval != null) m.put("gc-interval", gcInterval);
        if (autoMerge) m.put("auto-merge", true);
        if (!elements.isEmpty()) {
            List<Object> el = new ArrayList<>(elements.size());
            for (Expr e : elements) el.add(e.toJson());
            m.put("elem", el);
        }
        if (!stmts.isEmpty()) {
            List<Object> st = new ArrayList<>(stmts.size());
            for (Stmt s : stmts) st.add(s.toJson());
            m.put("stmt", st);
        }
        return m;
    }
}
