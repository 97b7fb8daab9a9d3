package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading and validating batches offline: no helper, api types only. */
class BatchTest {
    @Test
    void aDocumentIsReadAndValidatedOnce() throws Exception {
        Batch b = Batch.parse("""
                {"nftables":[{"metainfo":{"json_schema_version":1}},
                 {"add":{"table":{"family":"inet","name":"app"}}},
                 {"add":{"chain":{"family":"inet","table":"app","name":"input"}}}]}""");
        assertEquals(2, b.size(), "metainfo carries no command");
        assertEquals("app", ((java.util.Map<?, ?>) ((java.util.Map<?, ?>) b.toJson().getFirst().get("add")).get("table")).get("name"));
        var applied = b.validated(false, false);
        assertSame(applied, b.validated(false, false), "validated once, then reused");
        assertTrue(b.validated(true, false).dryRun(), "a check is the same commands with the check flag");
        assertEquals(applied.verbs(), b.validated(true, true).verbs());
        b.validate(); // already valid: nothing to report
    }

    @Test
    void everyProblemIsReportedWithItsCommandPointerAndCode() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Batch.parse("""
                {"nftables":[{"add":{"table":{"family":"inet","name":"app"}}},
                 {"add":{"table":{"family":"inet","name":"a b"}}},
                 {"add":{"rule":{"family":"inet","table":"app","chain":"input","expr":[
                   {"match":{"op":"==","left":{"payload":{"protocol":"ip","field":"saddr"}},"right":"db.example.com"}}]}}}]}"""));
        List<Problem> problems = e.problems();
        assertTrue(problems.size() >= 2, problems.toString());
        assertEquals(new Problem("invalid_request", 1, "/add/table/name", problems.getFirst().message()), problems.getFirst());
        assertTrue(problems.stream().anyMatch(p -> p.command() == 2 && p.code().equals("lookup_refused")
                && p.path().equals("/add/rule/expr/0/match/right")), problems.toString());
        assertEquals("invalid_request", e.code());
        assertEquals(1, e.command());
        assertEquals("/add/table/name", e.path());
        assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
        assertTrue(e.getMessage().startsWith(problems.getFirst().toString()) && e.getMessage().contains("more)"), e.getMessage());
    }

    @Test
    void aBuiltBatchIsValidatedWithoutAHelper() throws Exception {
        Table app = new Table(Family.INET, "app");
        Batch good = Batch.builder().add(app).add(Chain.regular(new Table(Family.INET, "app"), "input")).build();
        good.validate();
        Batch bad = Batch.builder().add(app).add(Chain.regular(new Table(Family.INET, "app"), "in$put")).build();
        InvalidRequestException e = assertThrows(InvalidRequestException.class, bad::validate);
        assertEquals(1, e.problems().getFirst().command());
        assertEquals("/add/chain/name", e.problems().getFirst().path());
    }

    @Test
    void notJsonIsAProblemOfTheWholeDocument() {
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> Batch.parse("{\"nftables\": ["));
        assertEquals("invalid_json", e.code());
        assertEquals(-1, e.command());
    }

    @Test
    void aHelperRefusalIsOneProblem() {
        InvalidRequestException e = new InvalidRequestException("lookup_refused", "no names", 3, "/add/rule", NftjException.Outcome.NOT_APPLIED, null);
        assertEquals(List.of(new Problem("lookup_refused", 3, "/add/rule", "no names")), e.problems());
    }
}
