package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.jr.ob.JSON;

/** Element lists longer than a command may hold, and requests larger than a frame (docs/protocol.md). */
class LargeRequestTest {
    static List<Object> addresses(int n) {
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        return out;
    }

    static Map<String, Object> elements(String verb, List<Object> elem) {
        return Map.of(verb, Map.of("element", Map.of("family", "inet", "table", "app", "name", "s", "elem", elem)));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> sent(ValidatedBatch b) throws Exception {
        Map<String, Object> body = (Map<String, Object>) JSON.std.anyFrom(b.body());
        return (List<Map<String, Object>>) ((Map<String, Object>) body.get("batch")).get("nftables");
    }

    @SuppressWarnings("unchecked")
    static List<?> elem(Map<String, Object> command) {
        Map<String, Object> inner = (Map<String, Object>) command.values().iterator().next();
        return (List<?>) ((Map<String, Object>) inner.values().iterator().next()).get("elem");
    }

    @Test
    void anElementListLongerThanACommandHoldsIsCutIntoCommandsOfTheSameBatch() throws Exception {
        List<Object> all = addresses(450_000);
        ValidatedBatch b = Validator.nft(List.of(Map.of("add", Map.of("table", Map.of("family", "inet", "name", "app"))),
                elements("delete", all)), false, false);
        List<Map<String, Object>> commands = sent(b);
        assertEquals(6, commands.size(), "the table, then 450 000 elements in five commands");
        assertEquals(6, b.commandCount());
        List<Object> joined = new ArrayList<>();
        for (Map<String, Object> c : commands.subList(1, 6)) {
            assertTrue(c.containsKey("delete"), "the same verb");
            joined.addAll(elem(c));
        }
        assertEquals(all, joined, "every element once, in order");
    }

    @Test
    void aDeclarationKeepsTheFirstChunkAndTheRestIsAdded() throws Exception {
        List<Object> all = addresses(250_000);
        Map<String, Object> set = new LinkedHashMap<>(Map.of("family", "inet", "table", "app", "name", "s", "type", "ipv4_addr"));
        set.put("elem", all);
        List<Map<String, Object>> commands = sent(Validator.nft(List.of(Map.of("create", Map.of("set", set))), false, false));
        assertEquals(3, commands.size());
        assertEquals(Split.CHUNK, elem(commands.get(0)).size());
        assertTrue(commands.get(0).containsKey("create"), "the declaration as written");
        assertTrue(commands.get(1).containsKey("add") && commands.get(2).containsKey("add"), "then add element");
        assertEquals(all.subList(Split.CHUNK, all.size()), concat(elem(commands.get(1)), elem(commands.get(2))));

        // A constant set takes elements only in its declaration: left whole, for the limit to refuse.
        set.put("flags", List.of("constant"));
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.nft(List.of(Map.of("add", Map.of("set", set))), false, false));
        assertEquals("limit_exceeded", e.first().code());
    }

    static List<Object> concat(List<?> a, List<?> b) {
        List<Object> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void aProblemInACutCommandPointsAtTheElementAsWritten() {
        List<Object> all = addresses(300_010);
        all.set(300_001, "not-an-address");
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.nft(List.of(
                Map.of("add", Map.of("set", Map.of("family", "inet", "table", "app", "name", "s", "type", "ipv4_addr"))),
                elements("add", all)), false, false));
        assertEquals(1, e.first().command(), "the command the caller wrote");
        assertEquals("/add/element/elem/300001", e.first().path(), e.first().toString());
    }

    @Test
    void theHelpersPointersAreMappedBackToo() throws Exception {
        Map<String, Object> set = new LinkedHashMap<>(Map.of("family", "inet", "table", "app", "name", "s", "type", "ipv4_addr"));
        set.put("elem", addresses(250_000));
        ValidatedBatch b = Validator.nft(List.of(Map.of("add", Map.of("table", Map.of("family", "inet", "name", "app"))),
                Map.of("add", Map.of("set", set))), false, false);
        // sent: 0 table, 1 set with 0..99999, 2 add element 100000.., 3 add element 200000..
        assertEquals(1, b.originalCommand(3));
        assertEquals("/batch/nftables/1/add/set/elem/200005", b.originalPath(3, "/batch/nftables/3/add/element/elem/5"));
        assertEquals("/add/set/elem/100007/prefix", b.originalPath(2, "/add/element/elem/7/prefix"));
        assertEquals("/batch/nftables/1/add/set/name", b.originalPath(1, "/batch/nftables/1/add/set/name"));
        assertEquals(0, b.originalCommand(0));
        assertEquals("/batch/nftables/1", b.originalPath(2, "/batch/nftables/2/add/element"), "the declaration itself");
    }

    @Test
    void aRequestLargerThanAFrameIsCutBetweenCommands() throws Exception {
        List<Object> commands = new ArrayList<>();
        for (int i = 0; i < 40; i++) commands.add(elements("add", addresses(1000 + i)));
        ValidatedBatch b = Validator.nft(commands, true, false);
        assertEquals(List.of(b.payloadWithId(7)).getFirst().length, b.framesWithId(7, 1 << 24).getFirst().length, "fits: one frame");
        List<byte[]> frames = b.framesWithId(7, 200_000);
        assertTrue(frames.size() > 1, "several frames");
        List<Object> joined = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            assertTrue(frames.get(i).length <= 200_000, "each within the frame limit");
            @SuppressWarnings("unchecked")
            Map<String, Object> frame = (Map<String, Object>) JSON.std.anyFrom(frames.get(i));
            assertEquals(7, ((Number) frame.get("id")).intValue());
            assertEquals("nft", frame.get("op"));
            boolean last = i == frames.size() - 1;
            if (last) {
                assertNull(frame.get("part"));
                assertEquals(true, frame.get("check"), "the flags on the last frame");
            } else {
                assertEquals(List.of("id", "op", "batch", "part"), List.copyOf(frame.keySet()), "a part carries no flag");
            }
            @SuppressWarnings("unchecked")
            List<Object> part = (List<Object>) ((Map<String, Object>) frame.get("batch")).get("nftables");
            joined.addAll(part);
        }
        assertEquals(JSON.std.asString(commands), JSON.std.asString(joined), "every command once, in order");
        // The whole body is what the audit digests: the same bytes as before it was cut.
        assertArrayEquals(b.body(), b.bodyAsString().getBytes(StandardCharsets.UTF_8));
        assertNull(b.framesWithId(7, 10_000), "a command alone larger than a frame");
    }

    @Test
    void theBodyIsTheCanonicalFormOfTheWholeRequest() throws Exception {
        Map<String, Object> set = new LinkedHashMap<>();
        set.put("family", "inet");
        set.put("table", "app");
        set.put("name", "s");
        Map<String, Object> whole = new LinkedHashMap<>();
        whole.put("op", "nft");
        whole.put("batch", Map.of("nftables", List.of(Map.of("list", Map.of("set", set)))));
        whole.put("check", false);
        whole.put("echo", false);
        whole.put("stream", true);
        ValidatedBatch b = Validator.nftList(List.of(Map.of("list", Map.of("set", set))), true, false);
        assertEquals(JSON.std.asString(whole), b.bodyAsString(), "written command by command, the same bytes as the whole");
    }
}
