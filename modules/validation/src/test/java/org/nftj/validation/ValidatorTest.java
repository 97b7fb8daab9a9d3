package org.nftj.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    static final Map<String, Object> TABLE = Map.of("family", "inet", "name", "app");
    static final Map<String, Object> ADD_TABLE = Map.of("add", Map.of("table", TABLE));

    static Map<String, Object> chain(String name, Map<String, Object> extra) {
        Map<String, Object> c = new java.util.LinkedHashMap<>(Map.of("family", "inet", "table", "app", "name", name));
        c.putAll(extra);
        return Map.of("add", Map.of("chain", c));
    }

    static Map<String, Object> rule(String chain, Object... expr) {
        return Map.of("add", Map.of("rule", Map.of("family", "inet", "table", "app", "chain", chain, "expr", List.of(expr))));
    }

    static Map<String, Object> match(Object left, Object right) {
        return Map.of("match", Map.of("op", "==", "left", left, "right", right));
    }

    static Map<String, Object> saddr() { return Map.of("payload", Map.of("protocol", "ip", "field", "saddr")); }

    static final Map<String, Object> ACCEPT = java.util.Collections.singletonMap("accept", null);

    private static Problem refused(Context ctx, Object... commands) {
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.nft(List.of(commands), false, false, ctx));
        return e.first();
    }

    private static Problem refused(Object... commands) { return refused(Context.none(), commands); }

    @Test
    void aGoodBatchIsMintedWithItsFacts() throws Exception {
        ValidatedBatch b = Validator.nft(List.of(ADD_TABLE, chain("input", Map.of("type", "filter", "hook", "input", "prio", 0)),
                rule("input", match(saddr(), Map.of("prefix", Map.of("addr", "10.0.0.0", "len", 8))), ACCEPT)), false, false);
        assertEquals(List.of("add", "add", "add"), b.verbs());
        assertTrue(b.mutating());
        assertEquals(java.util.Set.of(new TableRef("inet", "app")), b.tables());
        assertTrue(b.bodyAsString().startsWith("{\"op\":\"nft\",\"batch\":{\"nftables\":["), b.bodyAsString());
        assertEquals(64, b.sha256().length());
        assertTrue(b.bodyAsString().contains("{\"accept\":null}"), "nulls are part of the language: " + b.bodyAsString());
    }

    // mitigates: M-49
    @Test
    void knownCrashShapesOfLibnftablesAreRefusedLikeTheHelperDoes() throws Exception {
        Map<String, Object> pre = Map.of("add", Map.of("chain", Map.of("family", "inet", "table", "app", "name", "pre",
                "type", "nat", "hook", "prerouting", "prio", -100)));
        Map<String, Object> concatMap = Map.of("add", Map.of("map", Map.of("family", "inet", "table", "app", "name", "m",
                "type", List.of("ipv4_addr", "inet_service"), "map", List.of("ipv4_addr", "inet_service"))));
        Problem p = refused(ADD_TABLE, pre, concatMap);
        assertEquals(2, p.command(), p.toString());
        assertEquals("/add/map/map", p.path(), p.toString());
        assertTrue(p.message().contains("creates a set instead of a map"), p.toString());

        Map<String, Object> set = Map.of("add", Map.of("set", Map.of("family", "inet", "table", "app", "name", "s", "type", "ipv4_addr")));
        Map<String, Object> dnat = Map.of("dnat", Map.of("family", "ip", "addr", Map.of("map", Map.of("key", saddr(), "data", "@s"))));
        p = refused(ADD_TABLE, pre, set, rule("pre", dnat));
        assertEquals(3, p.command(), p.toString());
        assertEquals("/add/rule/expr/0/dnat/addr/map/data", p.path(), p.toString());

        Map<String, Object> map = Map.of("add", Map.of("map", Map.of("family", "inet", "table", "app", "name", "s", "type", "ipv4_addr", "map", "ipv4_addr")));
        assertEquals(4, Validator.nft(List.of(ADD_TABLE, pre, map, rule("pre", dnat)), false, false).verbs().size(),
                "the same lookup in a map is accepted");

        p = refused(Map.of("delete", Map.of("ct timeout", Map.of("family", "inet", "table", "app", "name", "t"))));
        assertEquals("/delete/ct timeout", p.path(), p.toString());
    }

    @Test
    void otherFlagsChangeOnlyTheRequestsEnding() throws Exception {
        List<Map<String, Object>> commands = List.of(ADD_TABLE, chain("input", Map.of()));
        ValidatedBatch applied = Validator.nft(commands, false, false);
        for (boolean check : List.of(false, true)) {
            for (boolean echo : List.of(false, true)) {
                ValidatedBatch direct = Validator.nft(commands, check, echo);
                ValidatedBatch derived = applied.withOptions(check, echo);
                assertEquals(direct.bodyAsString(), derived.bodyAsString());
                assertEquals(direct.sha256(), derived.sha256());
                assertEquals(check, derived.dryRun());
                assertEquals(direct.verbs(), derived.verbs());
                assertEquals(direct.tables(), derived.tables());
                // the wire form is the canonical encoding of the whole request object
                Map<String, Object> request = new java.util.LinkedHashMap<>();
                request.put("op", "nft");
                request.put("batch", Map.of("nftables", commands));
                request.put("check", check);
                request.put("echo", echo);
                assertEquals(new String(Validator.canonical(request), java.nio.charset.StandardCharsets.UTF_8), derived.bodyAsString());
            }
        }
        assertTrue(applied.withOptions(false, false) == applied, "the same flags: the same batch");
        assertThrows(IllegalStateException.class, () -> Validator.request(
                "{\"id\":1,\"op\":\"hello\",\"protocol\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).withOptions(true, false));
    }

    @Test
    void errorsNameTheCommandTheFieldAndTheReason() {
        Problem p = refused(ADD_TABLE, rule("input", match(saddr(), "db.example.com"), ACCEPT));
        assertEquals("lookup_refused", p.code());
        assertEquals(1, p.command());
        assertEquals("/add/rule/expr/0/match/right", p.path());
        assertTrue(p.message().contains("db.example.com") && p.message().contains("resolve"), p.message());
    }

    @Test
    void noNameLookups() {
        Map<String, Object> dport = Map.of("payload", Map.of("protocol", "tcp", "field", "dport"));
        assertEquals("lookup_refused", refused(rule("in", match(dport, "https"), ACCEPT)).code());
        // a user database query (NSS) even for a number
        assertEquals("lookup_refused", refused(rule("in", match(Map.of("meta", Map.of("key", "skuid")), 0), ACCEPT)).code());
        assertEquals("lookup_refused", refused(rule("in", match(Map.of("payload", Map.of("protocol", "ether", "field", "saddr")), "router"), ACCEPT)).code());
        // numbers, addresses and interface names by name need no lookup
        assertDoesNotRefuse(rule("in", match(dport, 443), ACCEPT));
        // what the helper resolves from sources it opened before its seal (helper-zig/src/lookups.zig):
        // interface indexes through its route socket, protocol names from the table it read
        assertDoesNotRefuse(rule("in", match(Map.of("meta", Map.of("key", "oif")), 2), ACCEPT));
        assertDoesNotRefuse(rule("in", match(Map.of("meta", Map.of("key", "iif")), "lo"), ACCEPT));
        assertDoesNotRefuse(rule("in", match(Map.of("meta", Map.of("key", "l4proto")), "ospf"), ACCEPT));
        assertDoesNotRefuse(rule("in", match(Map.of("meta", Map.of("key", "oifname")), "eth*"), ACCEPT));
        assertDoesNotRefuse(rule("in", match(Map.of("payload", Map.of("protocol", "ip6", "field", "daddr")), "2001:db8::1"), ACCEPT));
    }

    private static void assertDoesNotRefuse(Object... commands) {
        try {
            Validator.nft(List.of(commands), false, false);
        } catch (ValidationException e) {
            throw new AssertionError("refused: " + e.problems(), e);
        }
    }

    @Test
    void baseChainsNeedTypeHookAndPriority() {
        Problem p = refused(chain("input", Map.of("type", "filter", "prio", 0)));
        assertEquals("/add/chain/hook", p.path());
        assertTrue(p.message().contains("base chain"), p.message());
        Map<String, Object> arpChain = Map.of("add", Map.of("chain", Map.of("family", "arp", "table", "a", "name", "c",
                "type", "filter", "hook", "prerouting", "prio", 0)));
        assertTrue(refused(arpChain).message().contains("family arp has no hook 'prerouting'"));
        Map<String, Object> bridgeNat = Map.of("add", Map.of("chain", Map.of("family", "bridge", "table", "b", "name", "c",
                "type", "nat", "hook", "prerouting", "prio", 0)));
        assertEquals("/add/chain/type", refused(bridgeNat).path());
    }

    @Test
    void prefixesMayNotBeWiderThanTheirFamily() {
        Problem p = refused(rule("in", match(saddr(), Map.of("prefix", Map.of("addr", "10.0.0.0", "len", 33))), ACCEPT));
        assertEquals("/add/rule/expr/0/match/right/prefix/len", p.path());
        assertTrue(p.message().contains("wider than an IPv4 address (32 bits)"), p.message());
        Map<String, Object> v6 = Map.of("payload", Map.of("protocol", "ip6", "field", "saddr"));
        assertTrue(refused(rule("in", match(v6, Map.of("prefix", Map.of("addr", "2001:db8::", "len", 129))), ACCEPT))
                .message().contains("IPv6"));
        assertDoesNotRefuse(rule("in", match(v6, Map.of("prefix", Map.of("addr", "2001:db8::", "len", 128))), ACCEPT));
    }

    @Test
    void jumpsAndSetReferencesMustResolveWhenTheTableIsKnown() {
        Context ctx = Context.builder().chain("inet", "app", "input").set("inet", "app", "known", "ipv4_addr").build();
        Map<String, Object> jump = Map.of("jump", Map.of("target", "nowhere"));
        Problem p = refused(ctx, rule("input", jump));
        assertEquals("/add/rule/expr/0/jump/target", p.path());
        assertTrue(p.message().contains("no chain 'nowhere'"), p.message());
        assertEquals("invalid_request", refused(ctx, rule("input", match(saddr(), "@unknown"), ACCEPT)).code());
        assertEquals("/add/rule/chain", refused(ctx, rule("output", ACCEPT)).path());
        assertEquals("invalid_request", refused(rule("input", Map.of("jump", Map.of("target", "")))).code(), "empty target");
        // known from the context, or declared anywhere in the batch: fine
        assertDoesNotRefuse(rule("input", match(saddr(), "@known"), ACCEPT));
        try {
            Validator.nft(List.of(rule("input", match(saddr(), "@known"), ACCEPT)), false, false, ctx);
            Validator.nft(List.of(rule("input", Map.of("jump", Map.of("target", "later"))), chain("later", Map.of())), false, false, ctx);
        } catch (ValidationException e) {
            throw new AssertionError(e.problems().toString(), e);
        }
        // a table the context does not know is left to the kernel
        assertDoesNotRefuse(Map.of("add", Map.of("rule", Map.of("family", "inet", "table", "other", "chain", "c",
                "expr", List.of(Map.of("jump", Map.of("target", "x")))))));
    }

    @Test
    void elementsAreTypedByTheirDeclaredSet() {
        Map<String, Object> set = Map.of("add", Map.of("set", Map.of("family", "inet", "table", "app", "name", "s", "type", "ipv4_addr")));
        Map<String, Object> elems = Map.of("add", Map.of("element", Map.of("family", "inet", "table", "app", "name", "s",
                "elem", List.of("192.0.2.1", "gateway.local"))));
        Problem p = refused(set, elems);
        assertEquals("lookup_refused", p.code());
        assertEquals("/add/element/elem/1", p.path());
    }

    @Test
    void limitsAreTheHelpers() {
        List<Object> many = new ArrayList<>();
        for (int i = 0; i < Schema.COMMANDS_MAX + 1; i++) many.add(ADD_TABLE);
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.nft(many, false, false));
        assertEquals("limit_exceeded", e.first().code());
        assertEquals("limit_exceeded", refused(Map.of("add", Map.of("table", Map.of("family", "inet", "name", "n".repeat(256))))).code());
        assertEquals("invalid_json", refused(Map.of("add", Map.of("table", Map.of("family", "inet", "name", 1.5)))).code());
    }

    @Test
    void allProblemsAreReportedFirstOneFirst() {
        ValidationException e = assertThrows(ValidationException.class, () -> Validator.nft(List.of(
                Map.of("add", Map.of("table", Map.of("family", "inet", "name", "a b"))),
                Map.of("add", Map.of("table", Map.of("family", "nope", "name", "ok")))), false, false));
        assertEquals(2, e.problems().size());
        assertEquals(0, e.problems().get(0).command());
        assertEquals(1, e.problems().get(1).command());
        assertTrue(e.getMessage().contains("(and 1 more)"), e.getMessage());
    }

    @Test
    void rawDocumentsFromTheCommandLine() throws Exception {
        ValidatedBatch b = Validator.nftJson("{\"nftables\":[{\"metainfo\":{\"version\":\"1.0.6\"}},"
                + "{\"add\":{\"table\":{\"family\":\"inet\",\"name\":\"app\"}}}]}", true, false);
        assertEquals(1, b.commandCount(), "metainfo is dropped");
        assertTrue(b.dryRun());
        assertEquals("invalid_json", assertThrows(ValidationException.class,
                () -> Validator.nftJson("flush ruleset", false, false)).first().code());
        assertEquals("invalid_json", assertThrows(ValidationException.class,
                () -> Validator.nftJson("{\"nftables\":[],\"nftables\":[]}", false, false)).first().code());
    }

    @Test
    void validatedBatchCanOnlyBeMintedInsideValidation() throws Exception {
        // Reads the class file (no reflection): no public or protected constructor, and no public
        // static method of any class in this package returns a ValidatedBatch except Validator's.
        ClassModel batch = classModel(ValidatedBatch.class);
        for (MethodModel m : batch.methods()) {
            String name = m.methodName().stringValue();
            boolean exposed = m.flags().has(AccessFlag.PUBLIC) || m.flags().has(AccessFlag.PROTECTED);
            if (name.equals("<init>")) assertFalse(exposed, "a visible constructor");
            if (m.flags().has(AccessFlag.STATIC) && m.methodType().stringValue().endsWith("Lorg/nftj/validation/ValidatedBatch;")) {
                assertFalse(exposed, "a visible factory " + name);
            }
        }
        assertTrue(batch.flags().has(AccessFlag.FINAL), "no subclass can forge one");
        for (Class<?> c : List.of(Problem.class, TableRef.class, ValidationException.class, Context.class, Context.Builder.class)) {
            for (MethodModel m : classModel(c).methods()) {
                assertFalse(m.methodType().stringValue().endsWith("Lorg/nftj/validation/ValidatedBatch;"),
                        c.getSimpleName() + "." + m.methodName() + " returns a ValidatedBatch");
            }
        }
    }

    private static ClassModel classModel(Class<?> c) throws java.io.IOException {
        try (var in = c.getResourceAsStream(c.getSimpleName().replace('.', '$') + ".class")) {
            String file = c.getName().substring(c.getPackageName().length() + 1) + ".class";
            try (var in2 = c.getResourceAsStream(file)) {
                return ClassFile.of().parse(in2.readAllBytes());
            }
        }
    }
}
