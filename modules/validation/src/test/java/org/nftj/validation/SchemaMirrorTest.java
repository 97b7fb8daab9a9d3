package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link Schema} mirrors the helper's helper-zig/src/schema.zig. This test reads the Zig file
 * (from the repository, or -Dnftj.schema.zig=PATH) and compares every table: packet fields,
 * meta/ct/rt/socket keys with their lookup flags, symbol tables, set types and word lists.
 */
class SchemaMirrorTest {
    private static String zig() throws IOException {
        String override = System.getProperty("nftj.schema.zig", "");
        Path p = !override.isBlank() ? Path.of(override)
                : SharedVectorsTest.vectorsDirectory().getParent().getParent().resolve("helper-zig/src/schema.zig");
        Assumptions.assumeTrue(Files.isRegularFile(p), "the helper's schema.zig is not in this checkout: " + p);
        return Files.readString(p);
    }

    private static String block(String src, String start) {
        int a = src.indexOf(start);
        assertTrue(a >= 0, start + " not found in schema.zig");
        return src.substring(a, src.indexOf("};", a));
    }

    private static String dt(String zigName) { return zigName.toUpperCase(Locale.ROOT); }

    @Test
    void packetFieldsAndKeysMatch() throws IOException {
        String src = zig();
        List<String> zigFields = new ArrayList<>();
        Matcher m = Pattern.compile("\\.protocol = \"([^\"]+)\", \\.field = \"([^\"]+)\", \\.datatype = \\.(\\w+)")
                .matcher(block(src, "pub const payload_fields"));
        while (m.find()) zigFields.add(m.group(1) + " " + m.group(2) + " " + dt(m.group(3)));
        assertEquals(zigFields, Schema.PAYLOAD_FIELDS.stream().map(f -> f.protocol() + " " + f.field() + " " + f.datatype()).toList());
        Map<String, List<Schema.Key>> java = Map.of("meta_keys", Schema.META_KEYS, "ct_keys", Schema.CT_KEYS,
                "rt_keys", Schema.RT_KEYS, "socket_keys", Schema.SOCKET_KEYS);
        for (var e : java.entrySet()) {
            List<String> zigKeys = new ArrayList<>();
            Matcher k = Pattern.compile("\\.\\{ \\.key = \"([^\"]+)\", \\.datatype = \\.(\\w+)(.*?)\\}")
                    .matcher(block(src, "pub const " + e.getKey()));
            while (k.find()) {
                zigKeys.add(k.group(1) + " " + dt(k.group(2)) + " lookup=" + k.group(3).contains("lookup = true")
                        + " direction=" + k.group(3).contains("direction = true"));
            }
            assertEquals(zigKeys, e.getValue().stream().map(x -> x.key() + " " + x.datatype() + " lookup=" + x.lookup()
                    + " direction=" + x.direction()).toList(), e.getKey());
        }
    }

    @Test
    void symbolTablesSetTypesAndWordListsMatch() throws IOException {
        String src = zig();
        String symbols = src.substring(src.indexOf("pub fn symbols"), src.indexOf("// Packet fields"));
        Map<String, List<String>> zigSymbols = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\\.(\\w+) => &\\.\\{(.*?)\\},\\n", Pattern.DOTALL).matcher(symbols);
        while (m.find()) zigSymbols.put(dt(m.group(1)), words(m.group(2)));
        Map<String, List<String>> javaSymbols = new LinkedHashMap<>();
        Schema.SYMBOLS.forEach((k, v) -> javaSymbols.put(k.name(), v));
        assertEquals(zigSymbols, javaSymbols);
        List<String> zigSetTypes = new ArrayList<>();
        Matcher s = Pattern.compile("\\.name = \"([^\"]+)\", \\.datatype = \\.(\\w+)").matcher(block(src, "pub const set_types"));
        while (s.find()) zigSetTypes.add(s.group(1) + "=" + dt(s.group(2)));
        assertEquals(zigSetTypes, Schema.SET_TYPES.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        Matcher w = Pattern.compile("pub const (\\w+) = \\[_\\]\\[\\]const u8\\{(.*?)\\};", Pattern.DOTALL).matcher(src);
        int lists = 0;
        while (w.find()) {
            assertEquals(words(w.group(2)), javaList(w.group(1).toUpperCase(Locale.ROOT)), w.group(1));
            lists++;
        }
        assertTrue(lists > 20, "found only " + lists + " word lists");
    }

    private static List<String> words(String zig) {
        List<String> out = new ArrayList<>();
        Matcher q = Pattern.compile("\"([^\"]*)\"").matcher(zig);
        while (q.find()) out.add(q.group(1));
        return out;
    }

    private static Object javaList(String name) {
        try {
            return Schema.class.getDeclaredField(name).get(null);
        } catch (ReflectiveOperationException e) {
            return "missing in Schema.java: " + name;
        }
    }
}
