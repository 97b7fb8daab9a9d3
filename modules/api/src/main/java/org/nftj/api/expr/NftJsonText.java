package org.nftj.api.expr;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * JSON text exactly as {@code nft -j} (libnftables 1.0.6, through jansson) writes it: members in
 * the order given, {@code ", "} and {@code ": "} between items, no other white space, strings in
 * UTF-8 with {@code "}, {@code \}, and control characters escaped ({@code \n}, {@code \t}, …,
 * {@code \u001F}), {@code /} and non-ASCII left as they are, {@code null} members kept.
 *
 * <p>{@code nftj --json list} prints its listing with it, so that its output equals
 * {@code nft -j list ruleset} for the owned tables byte for byte.
 */
public final class NftJsonText {
    private NftJsonText() {}

    /**
     * The document {@code {"nftables": [ITEMS]}}, without a trailing newline.
     *
     * @param items the items
     * @return the document
     */
    public static String document(List<?> items) {
        StringBuilder b = new StringBuilder(64 + 256 * items.size());
        b.append("{\"nftables\": ");
        write(b, items);
        return b.append('}').toString();
    }

    /**
     * One JSON value: a Map (members in iteration order), List, String, Number, Boolean or null.
     *
     * @param v the value
     * @return its JSON text
     */
    public static String value(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        switch (v) {
            case null -> b.append("null");
            case String s -> string(b, s);
            case Boolean x -> b.append(x);
            case Long n -> b.append(n.longValue());
            case Integer n -> b.append(n.intValue());
            case Short n -> b.append(n.shortValue());
            case Byte n -> b.append(n.byteValue());
            case BigInteger n -> b.append(n);
            case Map<?, ?> m -> {
                b.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) b.append(", ");
                    first = false;
                    string(b, String.valueOf(e.getKey()));
                    b.append(": ");
                    write(b, e.getValue());
                }
                b.append('}');
            }
            case List<?> l -> {
                b.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) b.append(", ");
                    write(b, l.get(i));
                }
                b.append(']');
            }
            default -> throw new IllegalArgumentException("not a JSON value of libnftables: " + v.getClass().getName());
        }
    }

    private static void string(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04X", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
