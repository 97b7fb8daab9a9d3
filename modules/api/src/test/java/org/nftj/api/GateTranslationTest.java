package org.nftj.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nftj.transport.HelperError;
import org.nftj.transport.TransportException;

/** Every helper code and transport failure becomes the typed exception an application can catch. */
class GateTranslationTest {
    private static NftjException of(String code, boolean applied) {
        return Gate.translate(new HelperError(code, "text of " + code, 2, "/add/rule/expr/0", applied));
    }

    @Test
    void helperCodesMapToTypedExceptions() {
        Map<String, Class<? extends NftjException>> expected = Map.ofEntries(
                Map.entry("not_found", NotFoundException.class), Map.entry("exists", AlreadyExistsException.class),
                Map.entry("policy_denied", PolicyDeniedException.class), Map.entry("rate_limited", RateLimitedException.class),
                Map.entry("invalid_request", InvalidRequestException.class), Map.entry("invalid_json", InvalidRequestException.class),
                Map.entry("limit_exceeded", InvalidRequestException.class), Map.entry("lookup_refused", InvalidRequestException.class),
                Map.entry("unsupported_protocol", InvalidRequestException.class), Map.entry("nft_failed", NftFailedException.class),
                Map.entry("internal", NftFailedException.class));
        expected.forEach((code, type) -> {
            NftjException e = of(code, false);
            assertInstanceOf(type, e, code);
            assertEquals(code, e.code());
            assertEquals(2, e.command(), "the failing command's index is kept");
            assertEquals("/add/rule/expr/0", e.path());
            assertEquals(NftjException.Outcome.NOT_APPLIED, e.outcome());
        });
        assertEquals(NftjException.Outcome.APPLIED, of("response_too_large", true).outcome(),
                "a too-large answer to an applied batch says it was applied");
    }

    @Test
    void libnftablesTextIsKeptWholeButEscaped() {
        String text = "Error: Could not process rule: No such file or directory\nadd rule inet app c \"x\"\u001b[31m\n";
        NftjException e = Gate.translate(new HelperError("nft_failed", text, 0, "", false));
        assertTrue(e.getMessage().startsWith("Error: Could not process rule: No such file or directory\\u000a"), e.getMessage());
        assertTrue(e.getMessage().contains("add rule inet app c \"x\"\\u001b[31m"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "no raw line breaks reach logs or terminals");
    }

    @Test
    void transportFailuresMapToTypedExceptions() {
        HelperCrashedException sigsys = assertInstanceOf(HelperCrashedException.class, Gate.translate(
                TransportException.crashed("killed", 128 + 31, true, null)));
        assertTrue(sigsys.sandboxViolation());
        assertEquals(159, sigsys.exitStatus());
        assertEquals(31, sigsys.signal());
        assertEquals(NftjException.Outcome.UNKNOWN, sigsys.outcome());
        HelperCrashedException known = assertInstanceOf(HelperCrashedException.class, Gate.translate(
                TransportException.crashed("exited", 3, false, null)));
        assertEquals(NftjException.Outcome.NOT_APPLIED, known.outcome());
        assertEquals(0, known.signal());
        assertFalse(known.sandboxViolation());
        RequestTimeoutException t = assertInstanceOf(RequestTimeoutException.class, Gate.translate(
                TransportException.timeout("no answer", true)));
        assertEquals(NftjException.Outcome.UNKNOWN, t.outcome());
        assertEquals("timeout", t.code());
        HelperUnavailableException policy = assertInstanceOf(HelperUnavailableException.class, Gate.translate(
                TransportException.refused("refused", TransportException.Reason.POLICY, "policy file missing", 25, null)));
        assertEquals(HelperUnavailableException.Reason.POLICY, policy.reason());
        assertEquals("policy file missing", policy.helperMessage());
        assertEquals(25, policy.exitStatus());
        assertEquals(NftjException.Outcome.NOT_APPLIED, policy.outcome());
        HelperCrashedException broken = assertInstanceOf(HelperCrashedException.class, Gate.translate(
                TransportException.protocol("garbage", true, null)));
        assertEquals(NftjException.Outcome.UNKNOWN, broken.outcome());
        NftjException big = Gate.translate(TransportException.tooLarge("too big", 16 << 20));
        assertInstanceOf(InvalidRequestException.class, big);
        assertEquals("limit_exceeded", big.code());
    }

    @Test
    void everyReasonTheTransportKnowsIsAPublicReasonOfTheSameName() {
        assertEquals(Arrays.stream(TransportException.Reason.values()).map(Enum::name).toList(),
                Arrays.stream(HelperUnavailableException.Reason.values()).map(Enum::name).toList());
        for (TransportException.Reason r : TransportException.Reason.values()) {
            HelperUnavailableException e = (HelperUnavailableException) Gate.translate(TransportException.unavailable("x", r, -1, null));
            assertEquals(r.name(), e.reason().name());
            assertEquals(r.wire(), e.reason().wire(), "the same name in the protocol and the audit log");
        }
    }

    @Test
    void aRefusalInACommandTheValidatorCutPointsAtTheCommandAsWritten() throws Exception {
        java.util.List<Object> elements = new java.util.ArrayList<>();
        for (int i = 0; i < 250_000; i++) elements.add("10." + (i >> 16) + "." + (i >> 8 & 255) + "." + (i & 255));
        org.nftj.validation.ValidatedBatch b = org.nftj.validation.Validator.nft(java.util.List.of(
                Map.of("add", Map.of("element", Map.of("family", "inet", "table", "app", "name", "s", "elem", elements)))), false, false);
        HelperError e = Gate.written(b, new HelperError("exists", "x", 2, "/batch/nftables/2/add/element/elem/3", false));
        assertEquals(0, e.command());
        assertEquals("/batch/nftables/0/add/element/elem/200003", e.path());
        HelperError whole = new HelperError("rate_limited", "x", -1, "", false);
        assertEquals(whole, Gate.written(b, whole), "a refusal of the whole request is as it was");
    }
}
