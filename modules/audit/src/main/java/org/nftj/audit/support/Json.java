package org.nftj.audit.support;

import java.util.List;
import java.util.Map;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.jr.ob.JSON;

/**
 * The one JSON configuration of the audit log. Output is pure printable ASCII: every character
 * above {@code ~} (DEL, all non-ASCII including U+2028/U+2029) and every control character is
 * written as a {@code \}-escape, so a record is one line whatever the kernel or libnftables said,
 * and no terminal escape sequence survives into a file an operator may {@code cat}.
 */
public final class Json {
    private Json() {}

    /**
     * The audit log's reader and writer: printable ASCII out, members in their order, nulls kept,
     * duplicate keys refused when reading. Thread-safe, shared.
     */
    public static final JSON JSON_CANONICAL = JSON.builder(JsonFactory.builder().highestNonEscapedChar('~')
                    .characterEscapes(new AsciiOnly()).build())
            // WRITE_NULL_PROPERTIES: libnftables writes verdicts as {"accept": null}; dropping nulls would make
            // accept and drop digest alike.
            .enable(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS, JSON.Feature.PRESERVE_FIELD_ORDERING,
                    JSON.Feature.WRITE_NULL_PROPERTIES)
            .build();

    /** Jackson's standard JSON escapes, plus DEL (0x7F), which {@code highestNonEscapedChar} leaves raw. */
    private static final class AsciiOnly extends CharacterEscapes {
        @java.io.Serial private static final long serialVersionUID = 1L;
        private final int[] codes;

        AsciiOnly() {
            codes = standardAsciiEscapesForJSON();
            codes[0x7f] = ESCAPE_STANDARD;
        }

        @Override public int[] getEscapeCodesForAscii() { return codes; }

        @Override public SerializableString getEscapeSequence(int ch) { return null; }
    }

    /**
     * Writes a value on one line of printable ASCII.
     *
     * @param value a tree of {@code Map}, {@code List}, {@code String}, numbers, booleans and nulls
     * @return its JSON text, every character above {@code ~} and every control character escaped
     */
    public static String write(Object value) {
        return JSON_CANONICAL.asString(value);
    }

    /**
     * Reads one JSON object.
     *
     * @param text the JSON text
     * @return its members in their order
     * @throws tools.jackson.core.JacksonException when it is not one JSON object, or repeats a key
     */
    public static Map<String, Object> readObject(String text) {
        return JSON_CANONICAL.mapFrom(text);
    }

    /**
     * Reads one JSON array.
     *
     * @param text the JSON text
     * @return its items in order
     * @throws tools.jackson.core.JacksonException when it is not one JSON array, or an object in it repeats a key
     */
    public static List<Object> readList(String text) {
        return JSON_CANONICAL.listFrom(text);
    }

    /**
     * Exception text reduced to one printable line (it may quote the bad input).
     *
     * @param s the text, possibly null
     * @return at most 200 characters of it (then "..."), every character outside printable ASCII as
     *         <code>&#92;uXXXX</code>; "" for null
     */
    public static String oneLine(String s) {
        if (s == null) return "";
        String t = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        StringBuilder b = new StringBuilder(t.length());
        t.codePoints().forEach(c -> {
            if (c >= 0x20 && c < 0x7f) b.appendCodePoint(c);
            else b.append(String.format("\\u%04x", c & 0xffff));
        });
        return b.toString();
    }
}
