package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Documents in every form libnftables' parser takes: commands, listings, metainfo, handles, nothing. */
class DocumentTest {
    /** A listing as nft -j list prints it: metainfo, handles, a verdict map before the chain it jumps to. */
    static final String LISTING = """
            {"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}},
             {"table": {"family": "inet", "name": "app", "handle": 4}},
             {"map": {"family": "inet", "name": "ports", "table": "app", "type": "inet_service", "handle": 2, "map": "verdict",
                      "elem": [[22, {"jump": {"target": "ssh"}}]]}},
             {"chain": {"family": "inet", "table": "app", "name": "input", "handle": 1, "type": "filter", "hook": "input",
                        "prio": 0, "policy": "accept"}},
             {"chain": {"family": "inet", "table": "app", "name": "ssh", "handle": 3}},
             {"rule": {"family": "inet", "table": "app", "chain": "input", "handle": 5,
                       "expr": [{"vmap": {"key": {"payload": {"protocol": "tcp", "field": "dport"}}, "data": "@ports"}}]}},
             {"rule": {"family": "inet", "table": "app", "chain": "ssh", "handle": 6, "expr": [{"accept": null}]}}]}
            """;

    @Test
    void aListingIsReadAsTheCommandsThatCreateIt() throws Exception {
        ValidatedBatch b = Validator.nftJson(LISTING, false, false);
        String body = b.bodyAsString();
        assertEquals(List.of("add", "add", "add", "add", "add", "add"), b.verbs());
        assertFalse(body.contains("\"handle\""), "handles name nothing to act on in a listing: " + body);
        assertFalse(body.contains("metainfo"), body);
        // chains before the verdict map that jumps to one of them; rules last, in their order
        int chain = body.indexOf("\"name\":\"ssh\""), map = body.indexOf("\"name\":\"ports\"");
        assertTrue(body.indexOf("\"table\":{") < chain && chain < map && map < body.indexOf("\"rule\""), body);
        assertTrue(body.indexOf("\"chain\":\"input\"") < body.indexOf("\"chain\":\"ssh\""), body);
    }

    @Test
    void aDocumentWithoutCommandsHoldsNothingToApply() throws Exception {
        for (String doc : List.of("{\"nftables\": []}",
                "{\"nftables\": [{\"metainfo\": {\"version\": \"1.0.6\", \"release_name\": \"Lester Gooch #5\", \"json_schema_version\": 1}}]}")) {
            ValidatedBatch b = Validator.nftJson(doc, false, false);
            assertEquals(0, b.commandCount(), doc);
            assertFalse(b.mutating(), doc);
        }
    }

    @Test
    void aHandleIsHonouredWhereTheCommandNeedsIt() throws Exception {
        ValidatedBatch b = Validator.nftJson("""
                {"nftables": [{"delete": {"rule": {"family": "inet", "table": "app", "chain": "input", "handle": 7}}},
                              {"add": {"chain": {"family": "inet", "table": "app", "name": "c", "handle": 9}}}]}
                """, false, false);
        String body = b.bodyAsString();
        assertTrue(body.contains("\"handle\":7"), "delete by handle keeps it: " + body);
        assertFalse(body.contains("\"handle\":9"), "add ignores it (libnftables numbers new objects): " + body);
    }

    @Test
    void aRefusalNamesTheItemOfTheDocument() {
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.nftJson("""
                {"nftables": [{"metainfo": {"version": "1.0.6"}},
                              {"table": {"family": "inet", "name": "app", "handle": 1}},
                              {"rule": {"family": "inet", "table": "app", "chain": "c", "handle": 2,
                                        "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}},
                                                            "right": "db.example.com"}}]}}]}
                """, false, false));
        Problem p = e.first();
        assertEquals("lookup_refused", p.code());
        assertEquals(2, p.command(), "the third item of the document: " + p);
        assertEquals("/rule/expr/0/match/right", p.path(), p.toString());
    }
}
