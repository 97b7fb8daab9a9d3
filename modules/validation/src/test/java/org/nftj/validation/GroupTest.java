package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.jr.ob.JSON;

/** {@link Validator#group}: which requests may join one, and what the joined request is. */
class GroupTest {
    private static Map<String, Object> element(String verb, String table, Object... elem) {
        return Map.of(verb, Map.of("element", Map.of("family", "inet", "table", table, "name", "s", "elem", List.of(elem))));
    }

    private static ValidatedBatch nft(boolean check, boolean echo, Object... commands) throws ValidationException {
        return Validator.nft(List.of(commands), check, echo);
    }

    @Test
    void onlyRealElementChangesWithoutFlagsMayJoin() throws Exception {
        assertTrue(nft(false, false, element("add", "a", 1), element("delete", "a", 2), element("create", "b", 3)).groupable());
        assertFalse(nft(true, false, element("add", "a", 1)).groupable(), "a dry run");
        assertFalse(nft(false, true, element("add", "a", 1)).groupable(), "echo");
        assertFalse(nft(false, false, element("add", "a", 1), Map.of("add", Map.of("table", Map.of("family", "inet",
                "name", "a")))).groupable(), "a table beside");
        assertFalse(nft(false, false, Map.of("flush", Map.of("set", Map.of("family", "inet", "table", "a", "name", "s"))))
                .groupable(), "a flush");
        assertFalse(Validator.nftList(List.of(Map.of("list", Map.of("set", Map.of("family", "inet", "table", "a", "name", "s")))),
                true, false).groupable(), "a listing");
        assertFalse(Validator.digest(-1).groupable());
    }

    @Test
    void theGroupIsTheMembersCommandsInOrderAsOneRequest() throws Exception {
        ValidatedBatch one = nft(false, false, element("add", "a", 1), element("delete", "a", 2));
        ValidatedBatch two = nft(false, false, element("add", "b", 3));
        ValidatedBatch group = Validator.group(List.of(one, two));
        assertEquals(3, group.commandCount());
        assertEquals(List.of("add", "delete", "add"), group.verbs());
        assertEquals(Set.of(new TableRef("inet", "a"), new TableRef("inet", "b")), group.tables());
        assertTrue(group.mutating() && !group.dryRun() && group.groupable());
        // Byte for byte what validating the three commands as one batch gives.
        ValidatedBatch direct = nft(false, false, element("add", "a", 1), element("delete", "a", 2), element("add", "b", 3));
        assertEquals(direct.bodyAsString(), group.bodyAsString());
        assertEquals(direct.sha256(), group.sha256());
        // And it can be cut into frames like any request.
        List<byte[]> frames = group.framesWithId(7, 200);
        assertTrue(frames.size() > 1);
        List<Object> commands = new ArrayList<>();
        for (byte[] f : frames) commands.addAll((List<?>) ((Map<?, ?>) JSON.std.mapFrom(new String(f, StandardCharsets.UTF_8))
                .get("batch")).get("nftables"));
        assertEquals(3, commands.size());
    }

    @Test
    void aGroupStaysWithinOneRequestsLimitAndTakesOnlyElementChanges() throws Exception {
        List<ValidatedBatch> many = new ArrayList<>();
        ValidatedBatch one = nft(false, false, element("add", "a", 1));
        for (int i = 0; i <= Schema.COMMANDS_MAX; i++) many.add(one);
        assertNull(Validator.group(many), "more commands than a request may hold");
        assertThrows(IllegalArgumentException.class, () -> Validator.group(List.of(one, nft(true, false, element("add", "a", 1)))));
    }
}
